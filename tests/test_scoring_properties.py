"""Monotonicity of the scoring over generated answer files (hypothesis, bounded examples)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dpia.answers import load
from dpia.model import Assessment, Measures
from dpia.scoring import assess
from dpia.scoring.findings import Findings, RiskId
from dpia.scoring.rules import registry

MEASURES = list(Measures.model_fields)
# Mostly EEA and US, as in practice; China and Russia (J4, where floors decide everything) stay rare.
COUNTRIES = ["FR", "FR", "FR", "DE", "LU", "IE", "US", "US", "GB", "CA", "BR", "CN", "RU"]
CATEGORIES = ["identity", "contact", "appointment", "eligibility", "health", "social_security_number", "location"]
# Short windows (up to 3 months) and long ones (over 60) are where retention rules act.
RETENTION = st.one_of(st.integers(0, 4), st.sampled_from([6, 12, 24, 59, 60, 61, 120, 240]))
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEWER = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _measure(name: str, status: str, draw: Any) -> dict[str, Any]:
    measure: dict[str, Any] = {"status": status}
    if draw(st.sampled_from([True, True, True, False])):  # mostly described, as a measure must be to count
        measure["description"] = f"Mise en œuvre de la mesure {name}."
    if name == "encryption":
        key = draw(
            st.sampled_from(["provider_managed", "customer_key_in_provider_kms", "external_key_holder", "client_side"])
        )
        measure.update(key_management=key, in_transit=draw(st.sampled_from([None, "implemented", "planned"])))
        if key == "external_key_holder":
            measure.update(key_holder="Tiers de confiance", key_holder_country=draw(st.sampled_from(COUNTRIES)))
    elif name == "pseudonymisation":
        measure.update(
            secret_holder="DIM",
            secret_holder_country=draw(st.sampled_from(COUNTRIES)),
            prevents_singling_out=draw(st.booleans()),
        )
    elif name == "logical_access_control":
        measure["multi_factor"] = draw(st.booleans())
    elif name == "backups":
        measure.update(
            retention_months=draw(st.one_of(st.none(), st.integers(0, 120))), restore_tested=draw(st.booleans())
        )
    return measure


@st.composite
def providers(draw: Any, index: int) -> dict[str, Any]:
    return {
        "name": f"Provider {index}",
        "role": "processor",
        "service": draw(st.sampled_from(["booking_platform", "cloud_infrastructure", "messaging", "backup"])),
        "country": draw(st.sampled_from(COUNTRIES)),
        "parent_country": draw(st.one_of(st.none(), st.sampled_from(COUNTRIES))),
        "non_eu_affiliates": draw(st.booleans()),
        "storage_countries": draw(st.lists(st.sampled_from(COUNTRIES), max_size=2, unique=True)),
        "backup_countries": draw(st.lists(st.sampled_from(COUNTRIES), max_size=2, unique=True)),
        "administration_countries": draw(st.lists(st.sampled_from(COUNTRIES), max_size=2, unique=True)),
        "processes_clear_data": draw(st.booleans()),
        "certifications": {
            "hds": draw(st.sampled_from(["none", "v1_2018", "v2_2024"])),
            "secnumcloud": draw(st.booleans()),
        },
        "commitments": {
            "art28_contract": draw(st.booleans()),
            "challenge_foreign_requests": draw(st.booleans()),
            "transparency_report": draw(st.sampled_from(["none", "aggregate", "granular"])),
            "known_foreign_requests": draw(st.sampled_from([False] * 5 + [True])),
        },
    }


@st.composite
def answers(draw: Any) -> dict[str, Any]:
    chosen = draw(st.lists(st.sampled_from(MEASURES), max_size=10, unique=True))
    measures = {name: _measure(name, draw(st.sampled_from(["implemented", "planned"])), draw) for name in chosen}
    count = draw(st.integers(0, 3))
    retention = draw(RETENTION)  # one retention for all items, so that short windows are frequent
    return {
        "schema_version": "1.0",
        "processing": {
            "name": "Prise de rendez-vous",
            "description": "Réservation de créneaux de vaccination.",
            "purposes": ["Rendez-vous"],
            "controller": {
                "name": "Centre",
                "country": draw(st.sampled_from(["FR", "FR", "FR", "DE", "US"])),
                "type": draw(st.sampled_from(["public_authority", "health_establishment", "company"])),
            },
        },
        "providers": [draw(providers(i)) for i in range(count)],
        "legal_basis": {"art6": "public_task"},
        "data": [
            {"category": category, "retention_months": retention}
            for category in draw(st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=4, unique=True))
        ],
        "data_subjects": {
            "categories": ["general_public"],
            "vulnerable_groups": draw(st.lists(st.sampled_from(["elderly", "minors", "patients"]), unique=True)),
            "high_interest_persons": draw(st.booleans()),
            "count": draw(st.integers(0, 5_000_000)),
        },
        "measures": measures,
        "rights": {"information": ["online_notice"], "channels": ["email"]},
    }


def levels(findings: Findings) -> dict[tuple[RiskId, str], tuple[int, int, int]]:
    out = {}
    for risk in findings.risks:
        for phase in ("initial", "residual"):
            value = getattr(risk, phase)
            out[(risk.id, phase)] = (value.severity, value.likelihood, value.level)
    return out


def no_rise(before: Findings, after: Findings) -> None:
    old, new = levels(before), levels(after)
    for key in old:
        assert all(n <= o for n, o in zip(new[key], old[key], strict=True)), (key, old[key], new[key])


@SETTINGS
@given(data=answers(), which=st.sampled_from(MEASURES), draw=st.data())
def test_implementing_a_measure_never_raises_a_risk(data: dict[str, Any], which: str, draw: st.DataObject) -> None:
    before = assess(Assessment.model_validate(data))
    measures = data["measures"]
    if which in measures:
        measures[which] = {**measures[which], "status": "implemented", "description": "En place."}
        if measures[which].get("in_transit") == "planned":
            measures[which]["in_transit"] = "implemented"
    else:
        measures[which] = {**_measure(which, "implemented", draw.draw), "description": "En place."}
        if which == "backups":
            measures[which]["retention_months"] = None  # stating a longer backup retention is a new fact
    after = assess(Assessment.model_validate(data))
    no_rise(before, after)


@SETTINGS
@given(data=answers(), extra=providers(9), parent=st.sampled_from(["US", "CN", "RU", "BR", "GB"]))
def test_adding_a_foreign_controlled_provider_never_lowers_extraterritorial_risk(
    data: dict[str, Any], extra: dict[str, Any], parent: str
) -> None:
    before = assess(Assessment.model_validate(data)).risk(RiskId.extraterritorial_access)
    data["providers"].append({**extra, "parent_country": parent})
    after = assess(Assessment.model_validate(data)).risk(RiskId.extraterritorial_access)
    for phase in ("initial", "residual"):
        old, new = getattr(before, phase), getattr(after, phase)
        assert new.likelihood >= old.likelihood and new.level >= old.level


@SETTINGS
@given(data=answers(), extra_months=st.sampled_from([1, 2, 3, 12, 60, 240]))
def test_longer_retention_never_lowers_a_likelihood(data: dict[str, Any], extra_months: int) -> None:
    before = levels(assess(Assessment.model_validate(data)))
    for item in data["data"]:
        item["retention_months"] = min(1200, item["retention_months"] + extra_months)
    after = levels(assess(Assessment.model_validate(data)))
    for key in before:
        assert after[key][1] >= before[key][1], key


# --- principles of the CNIL method and of the as-of date -------------------------------------------


def _dates() -> st.SearchStrategy[dt.date]:
    return st.dates(min_value=dt.date(2018, 5, 25), max_value=dt.date(2027, 12, 31))


@FEWER
@given(data=answers(), which=st.sampled_from(MEASURES), as_of=_dates(), draw=st.data())
def test_a_description_never_lowers_protection(
    data: dict[str, Any], which: str, as_of: dt.date, draw: st.DataObject
) -> None:
    measures = data["measures"]
    if which not in measures:
        measures[which] = _measure(which, "implemented", draw.draw)
    measures[which].pop("description", None)
    before = assess(Assessment.model_validate(data), "fr", as_of)
    measures[which]["description"] = "Décrite : qui, quoi, comment, contrôlée chaque année."
    after = assess(Assessment.model_validate(data), "fr", as_of)
    no_rise(before, after)


@FEWER
@given(data=answers(), country=st.sampled_from(["US", "CN", "RU", "BR", "GB", "IN"]), as_of=_dates())
def test_third_country_administration_never_lowers_a_level(data: dict[str, Any], country: str, as_of: dt.date) -> None:
    if not data["providers"]:
        return
    before = assess(Assessment.model_validate(data), "fr", as_of)
    provider = data["providers"][0]
    provider["administration_countries"] = sorted({*provider["administration_countries"], country})
    after = assess(Assessment.model_validate(data), "fr", as_of)
    no_rise(after, before)  # after is never below before


@FEWER
@given(data=answers(), country=st.sampled_from(["US", "CN", "DE", "IN"]), access=st.booleans(), control=st.booleans())
def test_naming_an_affiliate_never_lowers_a_level(
    data: dict[str, Any], country: str, access: bool, control: bool
) -> None:
    if not data["providers"]:
        return
    data["providers"][0]["non_eu_affiliates"] = False
    before = assess(Assessment.model_validate(data))
    affiliate = {"name": "Affiliate", "country": country, "controls_provider": control, "has_access": access}
    data["providers"][0]["affiliates"] = [affiliate]
    after = assess(Assessment.model_validate(data))
    no_rise(after, before)


@FEWER
@given(data=answers(), as_of=_dates())
def test_an_as_of_date_never_applies_or_cites_a_later_text(data: dict[str, Any], as_of: dt.date) -> None:
    findings = assess(Assessment.model_validate(data), "en", as_of)
    rules = registry()
    for risk in findings.risks:
        for reason in risk.reasons:
            assert rules[reason.rule].in_force(as_of), (reason.rule, as_of)
            assert all(dt.date.fromisoformat(c.date) <= as_of for c in reason.citations), (reason.rule, as_of)
    for gate in findings.gates:
        assert rules[gate.id].in_force(as_of), (gate.id, as_of)
    for criterion in findings.screening.criteria:
        assert not criterion.met or rules[criterion.id].in_force(as_of), (criterion.id, as_of)


@FEWER
@given(data=answers(), as_of=_dates())
def test_prior_consultation_is_exactly_a_high_residual_risk(data: dict[str, Any], as_of: dt.date) -> None:
    findings = assess(Assessment.model_validate(data), "fr", as_of)
    assert findings.prior_consultation == any(_high(risk.residual) for risk in findings.risks)


def _high(levels: Any) -> bool:
    s, lik = int(levels.severity), int(levels.likelihood)
    return (s >= 3 and lik >= 3) or (s == 4 and lik >= 2)


SAMPLE_FILES = sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.yaml"))


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("as_of", [None, dt.date(2026, 12, 1)], ids=["own date", "2026-12-01"])
def test_every_sample_consults_exactly_when_a_residual_risk_is_high(path: Path, as_of: dt.date | None) -> None:
    findings = assess(load(path).assessment, "fr", as_of)
    assert findings.prior_consultation == any(_high(risk.residual) for risk in findings.risks)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_removing_descriptions_never_lowers_a_likelihood_and_raises_one(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    described = [m for m in (data.get("measures") or {}).values() if m and m.get("description")]
    if not described:
        pytest.skip("no described measure in this sample")
    before = levels(assess(Assessment.model_validate(data)))
    for measure in described:
        measure.pop("description")
    after = levels(assess(Assessment.model_validate(data)))
    assert all(after[key][1] >= before[key][1] for key in before)
    if len(described) >= 3:  # one planned measure worth a point (the municipal sample) moves no level
        assert any(after[key][1] > before[key][1] for key in before)
