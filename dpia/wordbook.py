"""A command's own words: a YAML file of `key: {fr: ..., en: ...}` sentences with `{name}` fields.

The labels catalogue (dpia/locales) names the model's values; a command that writes sentences of
its own keeps them in one such file beside its code, in both languages.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from dpia.labels import Lang


@cache
def _read(path: Path) -> dict[str, dict[str, str]]:
    import yaml

    # libyaml's safe loader: the same result as yaml.safe_load, in C.
    loaded: dict[str, dict[str, str]] = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return loaded


class Wordbook:
    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self, key: str, lang: Lang, **values: object) -> str:
        """The sentence `key` in `lang`, with `values` filled in."""
        return _read(self.path)[key][lang].format(**values)

    def plural(self, key: str, count: int, lang: Lang, **values: object) -> str:
        """The sentence `key_one` or `key_other`, as the CLDR plural rule of `lang` picks for `count`
        (French: 0 and 1 are singular; English: only 1), with the count as `{n}`, written as in `lang`."""
        from babel import Locale
        from babel.numbers import format_decimal

        form = "one" if Locale.parse(lang).plural_form(count) == "one" else "other"
        return self(f"{key}_{form}", lang, n=format_decimal(count, locale=lang), **values)
