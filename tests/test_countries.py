"""The country codes an answer file may use are exactly ISO 3166-1's, as pycountry lists them."""

from __future__ import annotations

import pycountry

from dpia.countries import EEA, ISO_3166_ALPHA_2


def test_the_written_out_codes_are_pycountrys() -> None:
    assert {country.alpha_2 for country in pycountry.countries} == ISO_3166_ALPHA_2


def test_every_eea_state_is_a_country() -> None:
    assert len(EEA) == 30
    assert EEA <= ISO_3166_ALPHA_2
