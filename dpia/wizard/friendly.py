"""What people type, read as the model wants it; what the model objects, said in the user's language.

`normalise` accepts the unambiguous forms a person naturally types: a country's name for its ISO code
("France", "Allemagne", "united states"), a French date (03/12/2026 is 3 December 2026), a number with
thousands separators ("12 000"). Anything else is passed on as typed, for the model to accept or refuse.

`explain` turns the model's refusal (a pydantic error) into a sentence of the wizard's catalogue, so a
French user never reads "Input should be a valid date".
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from dpia.labels import Lang, label
from dpia.questionnaire import field_at, shape_of


def _fold(text: str) -> str:
    """Lower case, without accents or punctuation: "Côte d'Ivoire" and "cote divoire" meet."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return re.sub(r"[^a-z0-9]", "", "".join(char for char in decomposed if not unicodedata.combining(char)))


@cache
def _country_names() -> dict[str, str]:
    """Folded country names, in English and French, official and common, to their ISO code."""
    import gettext

    import pycountry

    french: Callable[[str], str]
    try:
        french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"]).gettext
    except OSError:
        french = str

    names: dict[str, str] = {}
    for country in pycountry.countries:
        for name in {country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)}:
            if name:
                names.setdefault(_fold(name), country.alpha_2)
                names.setdefault(_fold(french(name)), country.alpha_2)
    # Short names people use that pycountry does not list as such.
    for name, code in {
        "usa": "US",
        "etatsunis": "US",
        "unitedstates": "US",
        "uk": "GB",
        "royaumeuni": "GB",
        "unitedkingdom": "GB",
        "angleterre": "GB",
        "coreedusud": "KR",
        "southkorea": "KR",
        "russie": "RU",
        "russia": "RU",
        "chine": "CN",
        "paysbas": "NL",
        "hollande": "NL",
    }.items():
        names.setdefault(name, code)
    return names


def country_code(text: str) -> str:
    """The ISO code of a country named in English or French, or the text unchanged."""
    stripped = text.strip()
    if len(stripped) == 2:
        return stripped.upper()
    return _country_names().get(_fold(stripped), stripped)


def _is_country(path: str) -> bool:
    info = field_at(path)
    return "_check_country" in repr(info.annotation) + repr(info.metadata)


_FRENCH_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def normalise(path: str, text: str, lang: Lang) -> Any:
    """One typed answer (an item of a list answer) as the model wants it, when that is unambiguous."""
    try:
        info = field_at(path)
    except KeyError:
        return text
    kind = shape_of(info).kind
    if kind == "date" and lang == "fr":
        match = _FRENCH_DATE.match(text.strip())
        if match:
            day, month, year = (int(part) for part in match.groups())
            try:
                return dt.date(year, month, day).isoformat()
            except ValueError:
                return text  # 31/02/2026: the model says why
    if kind == "int":
        compact = re.sub(r"[\s\u00a0\u202f_]", "", text)
        if compact.isdigit():
            return compact
    if kind in ("text", "text_list") and _is_country(path):
        return country_code(text)
    return text


def explain(detail: Mapping[str, Any], lang: Lang, path: str = "") -> str:
    """A pydantic error as a sentence in `lang`."""
    kind = str(detail.get("type", ""))
    context = dict(detail.get("ctx") or {})
    typed = detail.get("input")

    def say(key: str, **values: object) -> str:
        text = label(key, lang, group="WizardErrors")
        return text.format(**values) if values else text

    if path and _is_country(path) and kind in ("value_error", "string_pattern_mismatch", "string_too_long"):
        return say("country", value=typed)
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_type", "date_from_datetime_inexact"):
        return say("date")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return say("integer")
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        limit = next(iter(context.values()), "")
        return say(kind, limit=limit)
    if kind in ("string_too_long", "string_too_short", "too_short", "too_long"):
        size = context.get("max_length", context.get("min_length", ""))
        return say(kind, size=size)
    if kind in ("enum", "literal_error"):
        return say("enum")
    if kind in ("bool_parsing", "bool_type"):
        return say("boolean")
    if kind == "string_pattern_mismatch":
        return say("pattern")
    # A rule of the model itself: its message is the best there is; say it comes from the model.
    return say("other", message=str(detail.get("msg", "")).removeprefix("Value error, "))
