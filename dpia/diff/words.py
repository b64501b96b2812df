"""The words of `dpia diff` (words.yaml beside this module), in French and English."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from dpia.labels import Lang

_WORDS = Path(__file__).resolve().parent / "words.yaml"


@cache
def _catalogue() -> dict[str, dict[str, str]]:
    import yaml

    loaded: dict[str, dict[str, str]] = yaml.safe_load(_WORDS.read_text(encoding="utf-8"))
    return loaded


def word(key: str, lang: Lang, **values: object) -> str:
    """The sentence `key` in `lang`, with `values` filled in."""
    return _catalogue()[key][lang].format(**values)
