"""ISO 3166-1 country codes and the groupings that data-protection law cares about."""

from __future__ import annotations

from functools import cache
from typing import Annotated

from pydantic import AfterValidator, Field

# EU Member States plus Iceland, Liechtenstein and Norway (EEA Agreement).
EEA: frozenset[str] = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
        "IS",
        "LI",
        "NO",
    ]
)


@cache
def _known_codes() -> frozenset[str]:
    # pycountry loads its JSON database lazily; importing it here keeps `dpia --help` fast.
    import pycountry

    return frozenset(country.alpha_2 for country in pycountry.countries)


@cache
def country_name(code: str, lang: str = "en") -> str:
    """The country's common name in English or French, falling back to the code itself."""
    import gettext

    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    if lang == "fr":
        try:
            translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
            return translation.gettext(country.name)
        except OSError:
            return name
    return name


def _check_country(code: str) -> str:
    code = code.strip().upper()
    if code not in _known_codes():
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-2 country code (e.g. FR, DE, US)")
    return code


Country = Annotated[
    str,
    Field(
        min_length=2,
        max_length=2,
        pattern=r"^[A-Za-z]{2}$",
        description="ISO 3166-1 alpha-2 country code, e.g. FR, LU, US.",
        examples=["FR", "LU", "US"],
    ),
    AfterValidator(_check_country),
]
