"""Monotonicity of the scoring over generated answer files (hypothesis, bounded examples)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dpia.model import Assessment, Measures
from dpia.scoring import assess
from dpia.scoring.findings import Findings, RiskId

MEASURES = list(Measures.model_fields)
# Mostly EEA and US, as in practice; China and Russia (J4, where floors decide everything) stay rare.
COUNTRIES = ["FR", "FR", "FR", "DE", "LU", "IE", "US", "US", "GB", "CA", "BR", "CN", "RU"]
CATEGORIES = ["identity", "contact", "appointment", "eligibility", "health", "social_security_number", "location"]
# Short windows (up to 3 months) and long ones (over 60) are where retention rules act.
RETENTION = st.one_of(st.integers(0, 4), st.sampled_from([6, 12, 24, 59, 60, 61, 120, 240]))
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _measure(name: str, status: str, draw: Any) -> dict[str, Any]:
    measure: dict[str, Any] = {"status": status}
    if name == "encryption":
        key = draw(
            st.sampled_from(["provider_managed", "customer_key_in_provider_kms", "external_key_holder", "client_side"])
        )
        measure.update(key_management=key, in_transit=draw(st.sampled_from([None, "implemented", "planned"])))
        if key == "external_key_holder":
            measure.update(key_holder="Tiers de confiance", key_holder_country=draw(st.sampled_from(COUNTRIES)))
    elif name == "pseudonymisation":
        measure.update(secret_holder="DIM", secret_holder_country=draw(st.sampled_from(COUNTRIES)))
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
        measures[which] = {**measures[which], "status": "implemented"}
        if measures[which].get("in_transit") == "planned":
            measures[which]["in_transit"] = "implemented"
    else:
        measures[which] = _measure(which, "implemented", draw.draw)
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
