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


# Every ISO 3166-1 alpha-2 code, as pycountry 26.2.16 lists them. Written out because loading
# pycountry's database costs more than the rest of reading an answer file; tests/test_countries.py
# fails when the installed pycountry lists other codes, so this copy cannot drift unnoticed.
_ALPHA_2_CODES = (
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ "
    "BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ "
    "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ "
    "DE DJ DK DM DO DZ "
    "EC EE EG EH ER ES ET "
    "FI FJ FK FM FO FR "
    "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY "
    "HK HM HN HR HT HU "
    "ID IE IL IM IN IO IQ IR IS IT "
    "JE JM JO JP "
    "KE KG KH KI KM KN KP KR KW KY KZ "
    "LA LB LC LI LK LR LS LT LU LV LY "
    "MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ "
    "NA NC NE NF NG NI NL NO NP NR NU NZ "
    "OM "
    "PA PE PF PG PH PK PL PM PN PR PS PT PW PY "
    "QA "
    "RE RO RS RU RW "
    "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ "
    "TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ "
    "UA UG UM US UY UZ "
    "VA VC VE VG VI VN VU "
    "WF WS "
    "YE YT "
    "ZA ZM ZW"
)
ISO_3166_ALPHA_2: frozenset[str] = frozenset(_ALPHA_2_CODES.split())


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
    if code not in ISO_3166_ALPHA_2:
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
