"""The document's language: catalogue sentences, and dates, numbers, durations and plurals from Babel.

Babel (CLDR data) writes "3 mois" / "3 months", "1 mois" / "1 month", "0,25 an" / "0.25 years",
"4 000 000" / "4,000,000" and "12 mars 2021" / "12 March 2021", so no sentence carries "(s)".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from enum import Enum

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from babel.units import format_unit

from dpia.countries import country_name
from dpia.labels import Lang, catalogue, label
from dpia.scoring.findings import Level

LOCALES: dict[str, str] = {"fr": "fr_FR", "en": "en_GB"}


def capitalised(text: str) -> str:
    """The text with its first letter in capitals, the rest as it is (a finding opening a table cell)."""
    return text[:1].upper() + text[1:]


def unbroken(text: str) -> str:
    """« 4. Maximale → 4. Maximale » with a no-break space after each level's number, as French typography has
    it: a narrow column or a line end then breaks at the arrow or between words, never between « 4. » and
    « Maximale »."""
    return re.sub(r"(\d\.) ", "\\1\u00a0", text)


class Words:
    """Worded values in one language; `words(key, **values)` formats a catalogue sentence."""

    def __init__(self, lang: Lang, answers_lang: Lang | None = None) -> None:
        self.lang = lang
        # The language the answer file's free texts are written in, when it says: a document in another
        # language quotes them as written, marked as quotations, never as if the tool had written them.
        self.answers_lang = answers_lang
        self.locale = LOCALES[lang]
        self._report = catalogue(lang)["Report"]
        self._plural = Locale.parse(self.locale).plural_form

    def __call__(self, key: str, **values: object) -> str:
        return self._report[key].format(**values)

    def plural(self, key: str, count: int, **values: object) -> str:
        """The catalogue sentence `key_one` or `key_other`, as CLDR's plural rule picks for `count`."""
        form = "one" if self._plural(count) == "one" else "other"
        return self(f"{key}_{form}", n=self.number(count), **values)

    def text(self, value: str | None) -> str:
        """An answer, or the mark of a missing one (the document is then a draft listing it)."""
        return value if value else self("to_complete")

    @property
    def quotes_answers(self) -> bool:
        """Whether the answers' free texts are in another language than the document."""
        return self.answers_lang is not None and self.answers_lang != self.lang

    def free(self, text: str) -> str:
        """A free text of the answers embedded in a sentence: quoted when it is in another language."""
        return self("quoted", text=text) if self.quotes_answers and text else text

    def join(self, values: Iterable[str], separator: str | None = None) -> str:
        """The values separated by ' ; ' (French) or '; ' (English), or 'none'."""
        items = [value for value in values if value]
        return (self("list_separator") if separator is None else separator).join(items) if items else self("none")

    def sentence_list(self, values: Iterable[str]) -> str:
        """'a, b et c' / 'a, b and c'."""
        items = [value for value in values if value]
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + self("and") + items[-1]

    def of(self, name: str) -> str:
        """'de Doctolib SAS', 'd'AWS Sarl', 'of AWS Sarl': French elides « de » before a vowel or a mute h."""
        if self.lang != "fr":
            return f"of {name}"
        return f"d'{name}" if name[:1].lower() in "aeiouyhâéèêîôû" else f"de {name}"

    def lines(self, values: Iterable[str]) -> str:
        # docxtpl turns "\n" in a value into a line break inside the paragraph.
        return self.join(values, "\n")

    def labels(self, values: Iterable[Enum]) -> str:
        return self.join(label(value, self.lang) for value in values)

    def yes_no(self, value: bool) -> str:
        return label(value, self.lang)

    def country(self, code: str | None) -> str:
        return country_name(code, self.lang) if code else ""

    def countries(self, codes: Iterable[str]) -> str:
        return self.join(self.country(code) for code in codes)

    def date(self, value: dt.date | None) -> str:
        if value is None:
            return self("to_complete")
        return format_date(value, "d MMMM y", locale=self.locale)

    def month_year(self, value: dt.date) -> str:
        return format_date(value, "MMMM y", locale=self.locale)

    def number(self, value: float) -> str:
        return format_decimal(value, format="#,##0.####", locale=self.locale)

    def months(self, count: int) -> str:
        return format_unit(count, "duration-month", length="long", locale=self.locale)

    def days(self, count: int) -> str:
        return format_unit(count, "duration-day", length="long", locale=self.locale)

    def years(self, count: float) -> str:
        return format_unit(count, "duration-year", length="long", locale=self.locale)

    def level_label(self, value: Level) -> str:
        return label(value, self.lang)

    def level_text(self, value: Level) -> str:
        """A level as the scales print it: « 2. Limitée »."""
        return self("level_text", value=int(value), label=self.level_label(value))
