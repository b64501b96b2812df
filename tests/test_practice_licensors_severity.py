"""How care is practised, technology licensors, and the paths to maximum severity."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import docx
import yaml
from conftest import invoke_dpia
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dpia.labels import Lang
from dpia.model import Assessment
from dpia.report.prose import extraterritorial
from dpia.report.words import Words
from dpia.scoring import assess
from dpia.scoring.findings import Findings, RiskId

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
GROUP = SAMPLES / "group-practice-psychiatry.yaml"
LICENSOR = SAMPLES / "trusted-cloud-licensor.yaml"
EXT, IA = RiskId.extraterritorial_access, RiskId.illegitimate_access


def raw(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def score(data: dict[str, Any], lang: Lang = "en") -> Findings:
    return assess(Assessment.model_validate(data), lang)


def rules(findings: Findings, risk: RiskId) -> list[str]:
    return [reason.rule for reason in findings.risk(risk).reasons]


def exemption(findings: Findings) -> Any:
    return next(c for c in findings.screening.criteria if c.id == "SCR-CNIL118-6")


# --- how care is practised ------------------------------------------------------------------------


def test_a_group_practice_is_never_exempt_and_says_why() -> None:
    findings = score(raw(GROUP))
    assert findings.dpia_required and not findings.screening.exempt
    assert not exemption(findings).met and "group practice" in exemption(findings).because


def _small_practice(practice: str | None) -> dict[str, Any]:
    data = raw(GROUP)
    data["processing"].pop("joint_controllers")
    data["processing"]["controller"]["practice"] = practice
    data["data_subjects"]["count"] = 800
    return data


def test_only_an_individual_practice_is_exempt() -> None:
    alone = score(_small_practice("individual"))
    assert alone.screening.exempt and not alone.dpia_required and exemption(alone).met
    for practice in ("group", "health_centre", "establishment"):
        assert not score(_small_practice(practice)).screening.exempt, practice


def test_an_unstated_practice_earns_no_exemption_and_says_so() -> None:
    findings = score(_small_practice(None))
    assert not findings.screening.exempt
    assert "practice not stated" in exemption(findings).because
    assert "mode d'exercice non indiqué" in exemption(score(_small_practice(None), "fr")).because


# --- technology licensors ---------------------------------------------------------------------------


def test_the_licensor_sample_shows_the_validated_update_path() -> None:
    findings = score(raw(LICENSOR))
    assert "EXT-LICENSOR-UPDATES" in rules(findings, EXT) and "EXT-J1" in rules(findings, EXT)
    assert findings.risk(EXT).initial.likelihood == 1


def test_removing_the_licensor_removes_its_reasons() -> None:
    data = raw(LICENSOR)
    with_licensor = score(data)
    data["providers"][0]["technology_licensors"] = []
    without = score(data)
    assert "EXT-LICENSOR-UPDATES" not in rules(without, EXT)
    assert rules(without, EXT) != rules(with_licensor, EXT)
    assert without.risk(EXT).initial.likelihood <= with_licensor.risk(EXT).initial.likelihood


def test_a_licensor_that_can_support_the_running_service_is_an_administrator_from_its_country() -> None:
    data = raw(LICENSOR)
    data["providers"][0]["technology_licensors"][0]["capabilities"] = ["ships_updates", "supports"]
    findings = score(data)
    assert {"EXT-LICENSOR-REACH", "EXT-J3"} <= set(rules(findings, EXT))
    assert findings.risk(EXT).initial.likelihood >= 3


def test_updates_validated_by_an_unqualified_operator_are_not_a_lesser_channel() -> None:
    data = raw(LICENSOR)
    data["providers"][0]["certifications"]["secnumcloud"] = False
    assert "EXT-LICENSOR-REACH" in rules(score(data), EXT)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    country=st.sampled_from(["US", "CN", "DE", "IN", "GB"]),
    capabilities=st.lists(
        st.sampled_from(["ships_updates", "operates", "supports", "reaches_data"]), min_size=1, unique=True
    ),
    validated=st.booleans(),
    qualified=st.booleans(),
    sample=st.sampled_from([LICENSOR, SAMPLES / "doctolib-aws-2021.yaml", SAMPLES / "hospital-secnumcloud.yaml"]),
)
def test_adding_a_licensor_never_lowers_a_level(
    country: str, capabilities: list[str], validated: bool, qualified: bool, sample: Path
) -> None:
    data = raw(sample)
    data["providers"][0]["technology_licensors"] = []
    data["providers"][0].setdefault("certifications", {})["secnumcloud"] = qualified
    before = score(data)
    after_data = copy.deepcopy(data)
    licensor = {
        "name": "Vendor",
        "country": country,
        "capabilities": capabilities,
        "operator_validates_updates": validated,
    }
    after_data["providers"][0]["technology_licensors"] = [licensor]
    after = score(after_data)
    for risk in before.risks:
        new = after.risk(risk.id)
        for phase in ("initial", "residual"):
            old_levels, new_levels = getattr(risk, phase), getattr(new, phase)
            assert new_levels.likelihood >= old_levels.likelihood and new_levels.level >= old_levels.level


# --- maximum severity -------------------------------------------------------------------------------


def test_severity_4_without_the_high_interest_rule() -> None:
    findings = score(raw(GROUP))
    assert findings.risk(IA).initial.severity == 4
    assert "SEV-STIGMATISING" in rules(findings, IA) and "SEV-HIGH-INTEREST" not in rules(findings, IA)
    assert findings.risk(EXT).initial.severity == 4
    assert findings.prior_consultation  # severity 4 and likelihood 2: a high residual risk


def test_a_stigmatising_condition_without_nir_or_scale_stays_at_3() -> None:
    data = raw(GROUP)
    data["data"] = [item for item in data["data"] if item["category"] != "social_security_number"]
    assert score(data).risk(IA).initial.severity == 3


def test_minors_reach_4_only_when_their_care_data_are_processed() -> None:
    booking = raw(SAMPLES / "doctolib-aws-2021.yaml")
    booking["data_subjects"]["vulnerable_groups"] = ["minors"]
    assert score(booking).risk(IA).initial.severity == 3  # appointments only: +1, never 4
    care = raw(SAMPLES / "hospital-secnumcloud.yaml")
    care["data_subjects"]["vulnerable_groups"] = ["patients"]
    assert score(care).risk(IA).initial.severity == 3
    care["data_subjects"]["vulnerable_groups"] = ["minors"]
    findings = score(care)
    assert findings.risk(IA).initial.severity == 4 and "SEV-VULNERABLE-CARE" in rules(findings, IA)
    assert findings.risk(RiskId.unwanted_modification).initial.severity == 4


def test_an_endangering_disclosure_is_maximum_severity() -> None:
    data = raw(SAMPLES / "doctolib-aws-2021.yaml")
    data["data_subjects"]["disclosure_endangers"] = True
    findings = score(data)
    assert findings.risk(IA).initial.severity == 4 and "SEV-ENDANGERING" in rules(findings, IA)


def test_volume_alone_never_raises_severity() -> None:
    for path in (SAMPLES / "doctolib-aws-2021.yaml", SAMPLES / "hospital-secnumcloud.yaml", GROUP):
        data = raw(path)
        data["data"] = [{**item, "stigmatising": False} for item in data["data"]]
        small = score(data)
        data["data_subjects"]["count"] = 50_000_000
        data["data_subjects"]["scope"] = "national"
        large = score(data)
        assert [r.initial.severity for r in small.risks] == [r.initial.severity for r in large.risks], path


def test_every_severity_level_is_reachable() -> None:
    identity_only = raw(SAMPLES / "minimal.yaml")
    identity_only["data"] = [{"category": "identity", "retention_months": 3}]
    identity_only["data_subjects"]["disclosure_endangers"] = False  # unanswered, it would count as yes
    adults_care = raw(SAMPLES / "hospital-secnumcloud.yaml")
    adults_care["data_subjects"]["vulnerable_groups"] = ["patients"]
    seen = {
        score(identity_only).risk(IA).initial.severity,
        score(raw(SAMPLES / "doctolib-aws-2021.yaml")).risk(IA).initial.severity,
        score(adults_care).risk(IA).initial.severity,
        score(raw(GROUP)).risk(IA).initial.severity,
    }
    assert seen == {1, 2, 3, 4}


def test_the_document_names_the_licensor_and_its_update_path_in_both_languages() -> None:
    """The software-supply channel is in the foreign-access justification the DPO signs, not only in the JSON."""
    data = raw(LICENSOR)
    expected: dict[Lang, tuple[str, str]] = {
        "fr": ("technologie fournie par Example Cloud LLC (fictif) (États-Unis)", "validées par l'opérateur"),
        "en": ("technology supplied by Example Cloud LLC (fictif) (United States)", "checked by the operator"),
    }
    for lang, (supplier, validation) in expected.items():
        findings = assess(Assessment.model_validate(data), lang)
        text = extraterritorial(findings.risk(EXT), Assessment.model_validate(data), Words(lang))
        assert supplier in text and validation in text, text
    data["providers"][0]["technology_licensors"] = []
    findings = assess(Assessment.model_validate(data), "en")
    assert "technology supplied by" not in extraterritorial(
        findings.risk(EXT), Assessment.model_validate(data), Words("en")
    )


def test_the_document_says_why_a_group_practice_is_not_exempt(tmp_path: Path) -> None:
    """The screening annex gives the reason an exemption does not apply, not only the exemption's title."""
    out = tmp_path / "group.docx"
    built = invoke_dpia("build", GROUP, "-o", out, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert (
        "Dispense prévue au point 6 de la délibération n° 2019-118 de la CNIL (professionnel de santé exerçant à "
        "titre individuel) écartée — exercice de groupe" in text
    ), text[-2000:]


# --- unanswered facts take their least favourable value ------------------------------------------------


def _booking(**subjects: Any) -> dict[str, Any]:
    """The Doctolib booking set-up (appointments, no health data proper: severity 2) at national scale."""
    data = raw(SAMPLES / "doctolib-aws-2021.yaml")
    data["data_subjects"].update(subjects)
    return data


def test_an_unanswered_endangering_disclosure_counts_as_yes_and_is_missing() -> None:
    from dpia.completeness import missing

    answered = _booking(disclosure_endangers=False)
    assert score(answered).risk(IA).initial.severity == 2
    unanswered = _booking()
    del unanswered["data_subjects"]["disclosure_endangers"]
    findings = score(unanswered)
    assert findings.risk(IA).initial.severity == 4 and "SEV-ENDANGERING" in rules(findings, IA)
    because = next(r.text for r in findings.risk(IA).reasons if r.rule == "SEV-ENDANGERING")
    assert "not answered" in because
    paths = [m.path for m in missing(Assessment.model_validate(unanswered))]
    assert "data_subjects.disclosure_endangers" in paths
    assert not [m for m in missing(Assessment.model_validate(answered)) if "endangers" in m.path]


def test_an_unanswered_stigmatising_nature_counts_as_yes_only_for_data_that_reveal_health() -> None:
    from dpia.completeness import missing

    data = _booking()
    appointment = next(i for i, item in enumerate(data["data"]) if item["category"] == "appointment")
    del data["data"][appointment]["stigmatising"]
    findings = score(data)  # appointments of 4 million persons: a stigmatising care at large scale
    assert findings.risk(IA).initial.severity == 4 and "SEV-STIGMATISING" in rules(findings, IA)
    paths = [m.path for m in missing(Assessment.model_validate(data))]
    assert [path for path in paths if path.endswith(".stigmatising")] == [f"data[{appointment}].stigmatising"]
    # Identity and contact data reveal no care: unanswered, the question does not apply to them.
    assert all("stigmatising" not in item for item in data["data"] if item["category"] in ("identity", "contact"))


def test_the_complete_samples_answer_both_facts_and_minimal_stays_a_draft_that_lists_them() -> None:
    from dpia.completeness import missing

    for path in sorted(SAMPLES.glob("*.yaml")):
        paths = [m.path for m in missing(Assessment.model_validate(raw(path)))]
        if path.name == "minimal.yaml":
            assert "data_subjects.disclosure_endangers" in paths and "data[1].stigmatising" in paths
        else:
            assert paths == [], path.name
