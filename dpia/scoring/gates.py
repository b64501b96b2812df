"""Compliance gates: checks reported beside the score, never mixed into it."""

from __future__ import annotations

import datetime as dt

from dpia.model import (
    Assessment,
    ControllerType,
    ExtraterritorialStatement,
    HdsCertification,
    MeasureStatus,
    Provider,
    ProviderService,
    TransferTool,
)
from dpia.scoring import rules as R
from dpia.scoring.extraterritorial import Exposure
from dpia.scoring.facts import Facts, in_eea
from dpia.scoring.findings import Gate, GateStatus

HDS_V1_END = dt.date(2026, 5, 16)
_HOSTING = {
    ProviderService.booking_platform,
    ProviderService.cloud_infrastructure,
    ProviderService.platform_service,
    ProviderService.software_service,
    ProviderService.backup,
}


def _gate(rule_id: str, status: GateStatus, text: str) -> Gate:
    return Gate(id=rule_id, status=status, text=text, citation=R.get_rule(rule_id).citation)


def _hosts(assessment: Assessment) -> list[Provider]:
    return [p for p in assessment.providers if p.service in _HOSTING or p.storage_countries or p.backup_countries]


def _hds(assessment: Assessment, facts: Facts) -> list[Gate]:
    hosts = _hosts(assessment)
    if not facts.special_categories or not in_eea(facts.controller_country) or facts.controller_country != "FR":
        return [_gate("GATE-HDS", GateStatus.not_applicable, "no health data hosted for a French controller")]
    if not hosts:
        return [_gate("GATE-HDS", GateStatus.not_applicable, "no provider hosts the data")]
    gates = []
    for p in hosts:
        hds = p.certifications.hds
        if hds is HdsCertification.none:
            gates.append(_gate("GATE-HDS", GateStatus.failed, f"{p.name}: hosts health data without HDS certification"))
        elif hds is HdsCertification.v1_2018 and assessment.date is None:
            gates.append(
                _gate("GATE-HDS", GateStatus.review, f"{p.name}: HDS 2018 certificate; v2 required from {HDS_V1_END}")
            )
        elif hds is HdsCertification.v1_2018 and assessment.date >= HDS_V1_END:
            gates.append(
                _gate(
                    "GATE-HDS",
                    GateStatus.failed,
                    f"{p.name}: HDS 2018 certificate past the {HDS_V1_END} migration date",
                )
            )
        else:
            gates.append(_gate("GATE-HDS", GateStatus.passed, f"{p.name}: certified ({hds.value})"))
    return gates


def _exi(assessment: Assessment, facts: Facts, exposures: dict[str, Exposure]) -> list[Gate]:
    if not facts.special_categories:
        return []
    gates = []
    for p in _hosts(assessment):
        outside = sorted(c for c in {*p.storage_countries, *p.backup_countries} if not in_eea(c))
        if outside:
            gates.append(_gate("GATE-EXI28", GateStatus.failed, f"{p.name}: data stored in {', '.join(outside)}"))
        elif p.certifications.hds is HdsCertification.v2_2024:
            gates.append(_gate("GATE-EXI28", GateStatus.passed, f"{p.name}: storage and backups in the EEA"))
        exposure = exposures[p.name]
        if exposure.j < 2:
            continue
        statement = p.certifications.hds_statement
        laws = ", ".join(exposure.foreign)
        if statement is ExtraterritorialStatement.lists_foreign_laws:
            gates.append(_gate("GATE-EXI30", GateStatus.passed, f"{p.name}: lists the laws of {laws}"))
        elif statement is ExtraterritorialStatement.states_no_risk and not p.certifications.secnumcloud:
            gates.append(
                _gate(
                    "GATE-EXI30",
                    GateStatus.failed,
                    f"{p.name}: states no risk while exposed to {laws} without SecNumCloud",
                )
            )
        elif statement is ExtraterritorialStatement.not_published:
            status = GateStatus.failed if p.certifications.hds is HdsCertification.v2_2024 else GateStatus.review
            gates.append(_gate("GATE-EXI30", status, f"{p.name}: exposed to {laws}; no published statement"))
    return gates


def _secnumcloud(assessment: Assessment, facts: Facts, exposures: dict[str, Exposure]) -> list[Gate]:
    controllers = [assessment.processing.controller, *assessment.processing.joint_controllers]
    public = any(c.type in (ControllerType.public_authority, ControllerType.health_agency) for c in controllers)
    if not (public and facts.special_categories and facts.controller_country == "FR"):
        return []
    exposed = [p.name for p in assessment.providers if exposures[p.name].j >= 2 and not p.certifications.secnumcloud]
    if exposed:
        return [_gate("GATE-SECNUMCLOUD", GateStatus.review, f"exposed without SecNumCloud: {', '.join(exposed)}")]
    return [_gate("GATE-SECNUMCLOUD", GateStatus.passed, "no provider exposed to a foreign law without SecNumCloud")]


def _chapter_v(assessment: Assessment) -> list[Gate]:
    gates = []
    declared = {(t.recipient, t.country): t for t in assessment.transfers}
    needed: list[tuple[str, str]] = []
    for p in assessment.providers:
        countries = {c for c in p.data_countries if not in_eea(c)}
        if not in_eea(p.country) and (p.processes_clear_data or p.storage_countries or p.backup_countries):
            countries.add(p.country)
        needed += [(p.name, c) for c in sorted(countries)]
    for key in sorted(set(needed) | set(declared)):
        name, country = key
        transfer = declared.get(key)
        if transfer is None:
            gates.append(_gate("GATE-CHAPTER-V", GateStatus.failed, f"{name} → {country}: transfer not declared"))
            continue
        tool = transfer.tool
        if tool is TransferTool.none:
            status, why = GateStatus.failed, "no Chapter V tool"
        elif tool is TransferTool.adequacy and country not in R.ADEQUACY:
            status, why = GateStatus.failed, f"no adequacy decision for {country}"
        elif tool is TransferTool.data_privacy_framework and country != "US":
            status, why = GateStatus.failed, "the Data Privacy Framework covers only the United States"
        elif tool is TransferTool.data_privacy_framework:
            status, why = GateStatus.review, "Data Privacy Framework: check the recipient's certification"
        elif tool in (TransferTool.standard_contractual_clauses, TransferTool.binding_corporate_rules):
            if transfer.impact_assessment:
                status, why = GateStatus.passed, f"{tool.value} with a transfer impact assessment"
            else:
                status, why = GateStatus.review, f"{tool.value} without a transfer impact assessment"
        elif tool is TransferTool.derogation:
            status, why = GateStatus.review, "Art. 49 derogation: occasional transfers only"
        else:
            status, why = GateStatus.passed, tool.value
        gates.append(_gate("GATE-CHAPTER-V", status, f"{name} → {country}: {why}"))
    return gates


def _art28(assessment: Assessment) -> list[Gate]:
    missing = [p.name for p in assessment.providers if not p.commitments.art28_contract]
    if not assessment.providers:
        return []
    if missing:
        return [_gate("GATE-ART28", GateStatus.failed, f"no Art. 28 contract: {', '.join(missing)}")]
    return [_gate("GATE-ART28", GateStatus.passed, "every provider is bound by an Art. 28 contract")]


def _encryption(assessment: Assessment, facts: Facts) -> list[Gate]:
    if not facts.special_categories:
        return []
    enc = assessment.measures.encryption
    if enc is None:
        return [
            _gate("GATE-ART32-ENCRYPTION", GateStatus.failed, "no encryption of stored data, implemented or planned")
        ]
    if enc.status is MeasureStatus.planned:
        return [_gate("GATE-ART32-ENCRYPTION", GateStatus.review, "encryption of stored data is only planned")]
    return [_gate("GATE-ART32-ENCRYPTION", GateStatus.passed, f"implemented ({enc.key_management.value})")]


def _unassessed(exposures: dict[str, Exposure]) -> list[Gate]:
    return [
        _gate("GATE-LAW-UNASSESSED", GateStatus.review, f"{name}: law of {country} not in the registry")
        for name, exposure in exposures.items()
        for country in exposure.unassessed
    ]


def gates(assessment: Assessment, facts: Facts, exposures: list[Exposure]) -> list[Gate]:
    by_name = {e.member.name: e for e in exposures}
    return [
        *_hds(assessment, facts),
        *_exi(assessment, facts, by_name),
        *_secnumcloud(assessment, facts, by_name),
        *_chapter_v(assessment),
        *_art28(assessment),
        *_encryption(assessment, facts),
        *_unassessed(by_name),
    ]
