"""Compliance gates: checks reported beside the score, never mixed into it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from dpia.labels import Lang
from dpia.model import (
    Assessment,
    ControllerType,
    ExtraterritorialStatement,
    HdsCertification,
    KeyManagement,
    MeasureStatus,
    Provider,
    ProviderService,
    TransferTool,
)
from dpia.scoring import rules as R
from dpia.scoring.extraterritorial import Exposure
from dpia.scoring.facts import Facts, in_eea
from dpia.scoring.findings import Gate, GateStatus
from dpia.scoring.measures import described
from dpia.scoring.wording import Msg, Words, answers_text, day, lbl, msg, render

_HOSTING = {
    ProviderService.booking_platform,
    ProviderService.cloud_infrastructure,
    ProviderService.platform_service,
    ProviderService.software_service,
    ProviderService.backup,
}


@dataclass(frozen=True)
class Check:
    """A gate not yet worded: its rule, status and the message that says why."""

    id: str
    status: GateStatus
    text: Msg

    def gate(self, lang: Lang, as_of: dt.date) -> Gate:
        return Gate(
            id=self.id,
            status=self.status,
            text=render(self.text, lang),
            citation=R.get_rule(self.id).citation(lang, as_of),
        )


def _gate(rule_id: str, status: GateStatus, key: str, **params: object) -> Check:
    return Check(rule_id, status, msg(key, **params))


def _hosts(assessment: Assessment) -> list[Provider]:
    return [p for p in assessment.providers if p.service in _HOSTING or p.storage_countries or p.backup_countries]


def _hds(assessment: Assessment, facts: Facts) -> list[Check]:
    hosts = _hosts(assessment)
    if not facts.special_categories or not in_eea(facts.controller_country) or facts.controller_country != "FR":
        return [_gate("GATE-HDS", GateStatus.not_applicable, "hds_not_french_health")]
    if not facts.providers_stated:
        return [_gate("GATE-HDS", GateStatus.review, "hds_providers_unknown")]
    if not hosts:
        return [_gate("GATE-HDS", GateStatus.not_applicable, "hds_no_host")]
    gates = []
    # The dates are those of the schemes in sources.yaml: v1 certificates lapse when HDS-V1 stops
    # applying, and a v2 certificate cannot predate HDS-V2.
    v1_end, v2_start = R.source_end("HDS-V1"), R.source_start("HDS-V2")
    for p in hosts:
        hds = p.certifications.hds
        if hds is HdsCertification.none:
            gates.append(_gate("GATE-HDS", GateStatus.failed, "hds_none", name=p.name))
        elif hds is HdsCertification.v1_2018 and not R.source_in_force("HDS-V1", facts.as_of):
            gates.append(_gate("GATE-HDS", GateStatus.failed, "hds_v1_expired", name=p.name, date=day(v1_end)))
        elif hds is HdsCertification.v2_2024 and not R.source_in_force("HDS-V2", facts.as_of):
            gates.append(_gate("GATE-HDS", GateStatus.review, "hds_v2_too_early", name=p.name, date=day(v2_start)))
        else:
            gates.append(_gate("GATE-HDS", GateStatus.passed, "hds_certified", name=p.name, version=hds))
    return gates


def _exi(assessment: Assessment, facts: Facts, exposures: dict[str, Exposure]) -> list[Check]:
    if not facts.special_categories:
        return []
    gates = []
    for p in _hosts(assessment):
        outside = sorted(c for c in {*p.storage_countries, *p.backup_countries} if not in_eea(c))
        if outside:
            gates.append(_gate("GATE-EXI28", GateStatus.failed, "exi28_outside", name=p.name, countries=tuple(outside)))
        elif p.certifications.hds is HdsCertification.v2_2024:
            gates.append(_gate("GATE-EXI28", GateStatus.passed, "exi28_eea", name=p.name))
        exposure = exposures[p.name]
        if exposure.j < 2:
            continue
        statement = p.certifications.hds_statement
        laws = ", ".join(exposure.foreign)
        if statement is ExtraterritorialStatement.lists_foreign_laws:
            gates.append(_gate("GATE-EXI30", GateStatus.passed, "exi30_lists", name=p.name, laws=laws))
        elif statement is ExtraterritorialStatement.states_no_risk and not p.certifications.secnumcloud:
            gates.append(_gate("GATE-EXI30", GateStatus.failed, "exi30_no_risk", name=p.name, laws=laws))
        elif statement is ExtraterritorialStatement.not_published:
            status = GateStatus.failed if p.certifications.hds is HdsCertification.v2_2024 else GateStatus.review
            gates.append(_gate("GATE-EXI30", status, "exi30_unpublished", name=p.name, laws=laws))
    return gates


def _secnumcloud(assessment: Assessment, facts: Facts, exposures: dict[str, Exposure]) -> list[Check]:
    controllers = [assessment.processing.controller, *assessment.processing.joint_controllers]
    public = [c for c in controllers if c.type in (ControllerType.public_authority, ControllerType.health_agency)]
    if not (public and facts.special_categories and facts.controller_country == "FR"):
        return []
    # SREN art. 31 binds State administrations, their operators and the GIPs it names, not a commune.
    covered = any(c.state_body for c in public)
    unknown = not covered and any(c.state_body is None for c in public)
    if not (covered or unknown):
        return [_gate("GATE-SECNUMCLOUD", GateStatus.not_applicable, "secnumcloud_not_covered")]
    if not facts.providers_stated:
        return [_gate("GATE-SECNUMCLOUD", GateStatus.review, "secnumcloud_providers_unknown")]
    exposed = [p.name for p in assessment.providers if exposures[p.name].j >= 2 and not p.certifications.secnumcloud]
    if exposed:
        key = "secnumcloud_exposed" if covered else "secnumcloud_unknown_body"
        return [_gate("GATE-SECNUMCLOUD", GateStatus.review, key, names=", ".join(exposed))]
    return [_gate("GATE-SECNUMCLOUD", GateStatus.passed, "secnumcloud_ok")]


def _chapter_v(assessment: Assessment, as_of: dt.date) -> list[Check]:
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
            why: Words = msg("transfer_undeclared")
            gates.append(_gate("GATE-CHAPTER-V", GateStatus.failed, "transfer", name=name, country=country, why=why))
            continue
        tool = transfer.tool
        no_go = country in R.JURISDICTIONS and R.JURISDICTIONS[country].tier is R.Tier.intelligence_duty
        if no_go:
            # No Chapter V tool makes a transfer to a no-go country pass (Schrems II; DPC, TikTok).
            status, why = GateStatus.failed, msg("transfer_no_go", country=country)
        elif tool is TransferTool.none:
            status, why = GateStatus.failed, msg("transfer_no_tool")
        elif tool is TransferTool.adequacy and (country == "US" or R.adequacy(country, as_of) is None):
            status, why = GateStatus.failed, msg("transfer_no_adequacy", country=country)
        elif tool is TransferTool.data_privacy_framework and country != "US":
            status, why = GateStatus.failed, msg("transfer_dpf_not_us")
        elif tool is TransferTool.data_privacy_framework and R.adequacy("US", as_of) is None:
            status, why = GateStatus.failed, msg("transfer_no_adequacy", country=country)
        elif tool is TransferTool.data_privacy_framework:
            status, why = GateStatus.review, msg("transfer_dpf")
        elif tool in (TransferTool.standard_contractual_clauses, TransferTool.binding_corporate_rules):
            message = "transfer_with_tia" if transfer.impact_assessment else "transfer_without_tia"
            status = GateStatus.passed if transfer.impact_assessment else GateStatus.review
            why = msg(message, tool=tool)
        elif tool is TransferTool.derogation:
            status, why = GateStatus.review, msg("transfer_derogation")
        else:
            status, why = GateStatus.passed, lbl(tool.value, "TransferTool")
        gates.append(_gate("GATE-CHAPTER-V", status, "transfer", name=name, country=country, why=why))
    return gates


def _art28(assessment: Assessment) -> list[Check]:
    """The Art. 28 check covers the providers the answers name, and says no more than the answers establish.

    A contract is an answer; the controller's prior written authorisation for a processor to engage a
    sub-processor (Art. 28(2)) is not one, so it is stated as to be established, never assumed. Sub-processors
    nobody named are the separate check GATE-UNIDENTIFIED-PROVIDER: one fact, one row."""
    if not assessment.providers:
        return []
    missing = [p.name for p in assessment.providers if not p.commitments.art28_contract]
    if missing:
        return [_gate("GATE-ART28", GateStatus.failed, "art28_missing", names=", ".join(missing))]
    names = _and([p.name for p in assessment.providers])
    engaged = assessment.engaged_sub_processors()
    if not engaged:
        return [_gate("GATE-ART28", GateStatus.passed, "art28_ok", names=names)]
    pairs = [msg("art28_engages", processor=processor, subs=_and(subs)) for processor, subs in engaged.items()]
    return [_gate("GATE-ART28", GateStatus.partial, "art28_authorisation", names=names, engagements=_and(pairs))]


def _and(items: Sequence[Words]) -> Msg:
    """'a, b et c' / 'a, b and c'."""
    if len(items) == 1:
        return msg("list_one", item=items[0])
    return msg("list_and", items=tuple(items[:-1]), last=items[-1])


def _encryption(assessment: Assessment, facts: Facts, exposures: dict[str, Exposure]) -> list[Check]:
    if not facts.special_categories:
        return []
    enc = assessment.measures.encryption
    if enc is None:
        return [_gate("GATE-ART32-ENCRYPTION", GateStatus.failed, "encryption_none")]
    if enc.status is MeasureStatus.planned:
        return [_gate("GATE-ART32-ENCRYPTION", GateStatus.review, "encryption_planned")]
    if not described(enc):
        return [_gate("GATE-ART32-ENCRYPTION", GateStatus.review, "encryption_undescribed")]
    # Keys held away from a provider protect what it stores, not what it decrypts to process: when a provider
    # exposed to a third country's law runs the processing in clear, encryption does only part of its job
    # (EDPB Recs 01/2020, use case 6).
    in_clear = [
        p.name
        for p in assessment.providers
        if p.processes_clear_data and p.name in exposures and exposures[p.name].j >= 2
    ]
    checks = []
    keys = lbl(enc.key_management.value, "KeyManagement", lower=True)
    if in_clear:
        names = ", ".join(in_clear)
        checks.append(_gate("GATE-ART32-ENCRYPTION", GateStatus.partial, "encryption_in_clear", keys=keys, names=names))
    else:
        checks.append(_gate("GATE-ART32-ENCRYPTION", GateStatus.passed, "encryption_ok", keys=keys))
    if enc.key_management is KeyManagement.external_key_holder and not enc.key_holder:
        checks.append(_gate("GATE-KEY-HOLDER", GateStatus.review, "key_holder_unnamed"))
    return checks


def _unidentified(assessment: Assessment) -> list[Check]:
    """Sub-processors known to take part but not identified: the foreign-access level covers only the
    identified chain, so the check stays open until they are named and assessed."""
    if not assessment.unidentified_providers:
        return []
    items = tuple(answers_text(p.description, assessment.language) for p in assessment.unidentified_providers)
    processors = tuple(dict.fromkeys(p.processor_of for p in assessment.unidentified_providers if p.processor_of))
    if processors:
        return [_gate("GATE-UNIDENTIFIED-PROVIDER", GateStatus.review, "unidentified_of", items=items, of=processors)]
    return [_gate("GATE-UNIDENTIFIED-PROVIDER", GateStatus.review, "unidentified", items=items)]


def _unassessed(exposures: dict[str, Exposure]) -> list[Check]:
    return [
        _gate("GATE-LAW-UNASSESSED", GateStatus.review, "law_unassessed", name=name, country=country)
        for name, exposure in exposures.items()
        for country in exposure.unassessed
    ]


def gates(assessment: Assessment, facts: Facts, exposures: list[Exposure], lang: Lang, as_of: dt.date) -> list[Gate]:
    by_name = {e.member.name: e for e in exposures}
    checks = [
        *_hds(assessment, facts),
        *_exi(assessment, facts, by_name),
        *_secnumcloud(assessment, facts, by_name),
        *_chapter_v(assessment, as_of),
        *_art28(assessment),
        *_encryption(assessment, facts, by_name),
        *_unassessed(by_name),
        *_unidentified(assessment),
    ]
    return [check.gate(lang, as_of) for check in checks if R.in_force(check.id, as_of)]
