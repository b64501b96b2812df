"""A negligible likelihood is earned by measures that prevent or undo the feared event, never by
detection, logging or supervision alone (CNIL PIA knowledge bases: PIA_DEF_VRA, PIA_EX_VRAN)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from dpia.model import Assessment
from dpia.scoring import assess
from dpia.scoring.findings import Findings, RiskId

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
IA, UM, DIS = RiskId.illegitimate_access, RiskId.unwanted_modification, RiskId.disappearance


def raw(name: str) -> dict[str, Any]:
    return yaml.safe_load((SAMPLES / name).read_text(encoding="utf-8"))


def score(data: dict[str, Any]) -> Findings:
    return assess(Assessment.model_validate(data), "en")


def described(text: str) -> dict[str, str]:
    return {"status": "implemented", "description": text}


def reasons(findings: Findings, risk: RiskId, rule: str) -> list[str]:
    return [reason.text for reason in findings.risk(risk).reasons if reason.rule == rule]


def test_planned_intrusion_detection_and_supervision_do_not_make_modification_negligible() -> None:
    # The Doctolib/AWS action plan adds network monitoring and supervision: both detect, neither prevents
    # nor undoes a modification, and the backups' restores are not tested (the decision, which retains
    # testing them, is left out: it is what lowers the residual in the sample).
    data = raw("doctolib-aws-2021.yaml")
    data.pop("validation")
    findings = score(data)
    modification = findings.risk(UM)
    assert modification.initial.likelihood == 2 and modification.residual.likelihood == 2
    (why,) = reasons(findings, UM, "UM-FLOOR-PREVENTION")
    assert "backups whose restores are tested" in why and "Logical access control" not in why


def test_detection_alone_never_reaches_negligible_however_many_points() -> None:
    data = raw("doctolib-aws-2021.yaml")
    data.pop("validation")  # its retained restore tests would put backups back
    measures = data["measures"]
    for name in ("logical_access_control", "backups"):
        measures.pop(name)
    for name in (
        "logging", "network_monitoring", "supervision", "breach_management", "partitioning", "website_security",
        "network_security", "operating_security", "malware_protection", "workstation_management", "maintenance",
        "physical_access_control", "personnel_management", "third_party_relations",
    ):  # fmt: skip
        measures[name] = described(f"{name}: described in the security policy.")
    findings = score(data)
    points = next(r.text for r in findings.risk(UM).reasons if r.rule == "LIK-POINTS")
    total = re.search(r"(\d+) points", points)
    assert total is not None and int(total.group(1)) >= 10, points  # enough for -3 on points alone
    assert findings.risk(UM).initial.likelihood == 2
    (why,) = reasons(findings, UM, "UM-FLOOR-PREVENTION")
    assert "Logical access control" in why and "backups whose restores are tested" in why


def test_access_control_and_tested_restores_let_modification_become_negligible() -> None:
    data = raw("doctolib-aws-2021.yaml")
    data["data_subjects"]["count"] = 2_500  # a practice's patients, not a public service's accounts
    data["measures"]["backups"]["restore_tested"] = True
    findings = score(data)
    assert findings.risk(UM).residual.likelihood == 1
    assert not reasons(findings, UM, "UM-FLOOR-PREVENTION")


def test_a_public_service_keeps_modification_and_disappearance_above_negligible_whatever_the_measures() -> None:
    # Accounts that can change and cancel bookings: a hijacked account or a staff mistake stays possible.
    data = raw("doctolib-aws-2021.yaml")
    data["measures"]["backups"]["restore_tested"] = True
    findings = score(data)
    for risk_id, rule_id in ((UM, "UM-FLOOR-PUBLIC-SERVICE"), (DIS, "DIS-FLOOR-PUBLIC-SERVICE")):
        assert findings.risk(risk_id).residual.likelihood == 2, risk_id
        assert reasons(findings, risk_id, rule_id), risk_id


def test_untested_restores_keep_disappearance_above_negligible() -> None:
    data = raw("hospital-secnumcloud.yaml")
    data["data_subjects"]["count"] = 2_500  # below the public-service floor, which would hold it at 2 anyway
    assert score(data).risk(DIS).initial.likelihood == 1
    data["measures"]["backups"]["restore_tested"] = False
    findings = score(data)
    assert findings.risk(DIS).initial.likelihood == 2 and reasons(findings, DIS, "DIS-FLOOR-PREVENTION")


def test_illegitimate_access_needs_access_control_and_encryption_to_be_negligible() -> None:
    data = raw("group-practice-psychiatry.yaml")  # 2,500 patients: no public-service floor
    for name in ("network_monitoring", "supervision", "breach_management", "personnel_management",
                 "third_party_relations", "processing_contracts", "minimisation", "partitioning"):  # fmt: skip
        data["measures"][name] = described(f"{name}: described in the security policy.")
    assert score(data).risk(IA).initial.likelihood == 1
    data["measures"].pop("encryption")
    findings = score(data)
    assert findings.risk(IA).initial.likelihood == 2
    (why,) = reasons(findings, IA, "IA-FLOOR-PREVENTION")
    assert "Encryption" in why
