"""Labels for enumeration values, measures, risks and levels, in French and English.

One catalogue per language (dpia/locales/*.yaml), so no user-visible wording is scattered in code.
"""

from __future__ import annotations

from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any, Literal

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = ("fr", "en")
_LOCALES = Path(__file__).resolve().parent / "locales"


@cache
def catalogue(lang: Lang) -> dict[str, dict[str, str]]:
    import yaml

    # libyaml's safe loader: the same result as yaml.safe_load, in C, several times faster on a catalogue.
    text = (_LOCALES / f"{lang}.yaml").read_text(encoding="utf-8")
    raw: dict[str, dict[Any, str]] = yaml.load(text, Loader=yaml.CSafeLoader)
    # Keys are compared as text: YAML reads `1:` as an int and `true:` as a bool.
    return {group: {str(key).lower(): value for key, value in entries.items()} for group, entries in raw.items()}


def label(value: Enum | bool | int | str, lang: Lang = "fr", group: str | None = None) -> str:
    """The label of `value` in `lang`; `group` names the catalogue section for plain values."""
    if isinstance(value, bool):
        group, key = group or "Boolean", str(value).lower()
    elif isinstance(value, Enum):
        # MeasureName is derived from the fields of Measures; its labels are the catalogue's "Measure".
        default_group = "Measure" if type(value).__name__ == "MeasureName" else type(value).__name__
        group, key = group or default_group, str(value.value).lower()
    else:
        key = str(value).lower()
    if group is None:
        raise ValueError(f"label({value!r}) needs a group")
    return catalogue(lang)[group][key]
