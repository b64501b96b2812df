"""The actions the analysis proposes, worded as a DPO writes them: a verb, an object and a purpose.

Every finding of the document that calls for work becomes one: each check to review or failed, each
measure that would lower a risk and is not planned yet, each vulnerability the risk sections state, and
the foreign-access exposure that remains. Their owner and due date are the controller's to set (never
the DPO's: the DPO gives an opinion on the plan). An action already in the controller's plan for the
same measure is not proposed again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum

from dpia.labels import label
from dpia.model import (
    Assessment,
    KeyManagement,
    MeasureStatus,
    Provider,
    TransferTool,
    TransparencyReport,
)
from dpia.report.prose import exposed, public_citation, vulnerability_facts, vulnerability_keys
from dpia.report.words import Words, capitalised
from dpia.scoring.engine import high
from dpia.scoring.findings import Findings, Gate, GateStatus, Level, Recommendation, RiskId
from dpia.scoring.retained import measure_action_key
from dpia.scoring.rules import source_in_force

# The measure a vulnerability calls for, and the action key when it is more specific than the measure's.
_VULNERABILITY_ACTION: dict[str, tuple[str, str]] = {
    "keys_with_host": ("encryption", "act_keys_with_host"),
    "no_mfa": ("logical_access_control", "act_mfa"),
    "restores_untested": ("backups", "act_restores"),
    "transit": ("network_security", "act_transit"),
    "partitioning_beyond_access": ("partitioning", "act_partitioning_beyond_access"),
    "non_human_certified": ("non_human_risk_protection", "act_non_human_certified"),
}
_GATE_MEASURE = {"GATE-ART32-ENCRYPTION": "encryption", "GATE-ART28": "processing_contracts"}
_OUTSIDE_KEYS = (KeyManagement.external_key_holder, KeyManagement.client_side)
# From this many measures that each alone lower the same risk by the same step, one action lists them:
# a plan of eleven near-identical rows hides the choice the controller has to make.
_GROUP_FROM = 4
_TRANSFER = re.compile(r"^(?P<name>.+) → (?P<country>[A-Z]{2})\b")


@dataclass(frozen=True)
class ProposedAction:
    title: str
    origin: str
    measure: str | None = None  # the one catalogue measure it puts in place, if any
    # What the controller's decision names it by (`validation.actions[].action`): built from what the
    # action answers (a check and its provider, a measure, a vulnerability), never from its wording, so
    # that rewording an action or changing the document's language keeps the decision attached.
    key: str = ""


def _level(words: Words, value: Level) -> str:
    text = label(value, words.lang)
    return text[:1].lower() + text[1:]


def _named(gate: Gate, assessment: Assessment, words: Words) -> str:
    names = [provider.name for provider in assessment.providers if provider.name in gate.text]
    return words.sentence_list(names)


def _host_certified(gate: Gate, assessment: Assessment) -> bool:
    return any(p.name in gate.text and p.certifications.hds.value != "none" for p in assessment.providers)


def _transfer_action(gate: Gate, assessment: Assessment, words: Words) -> str:
    match = _TRANSFER.match(gate.text)
    if match is None:
        return words("act_gate_other", text=gate.text)
    name, code = match["name"], match["country"]
    country = words.country(code)
    declared = next((t for t in assessment.transfers if t.recipient == name and t.country == code), None)
    if declared is None:
        key = "act_transfer_undeclared"
    elif gate.status is GateStatus.review and declared.tool is TransferTool.data_privacy_framework:
        key = "act_transfer_dpf"
    elif gate.status is GateStatus.review and declared.tool is TransferTool.derogation:
        key = "act_transfer_derogation"
    elif gate.status is GateStatus.review:
        key = "act_transfer_tia"
    else:
        key = "act_transfer_invalid"
    return words(key, names=name, country=country)


def _gate_action(gate: Gate, assessment: Assessment, words: Words) -> str:
    names = _named(gate, assessment, words)
    failed = gate.status is GateStatus.failed
    if gate.id == "GATE-CHAPTER-V":
        return _transfer_action(gate, assessment, words)
    if gate.id == "GATE-HDS":
        if not names:
            return words("act_gate_hds_unknown")
        if failed:
            return words(
                "act_gate_hds_expired" if _host_certified(gate, assessment) else "act_gate_hds_none", names=names
            )
        return words("act_gate_hds_version", names=names)
    if gate.id == "GATE-SECNUMCLOUD":
        return words("act_gate_secnumcloud", names=names) if names else words("act_gate_secnumcloud_unknown")
    if gate.id == "GATE-ART32-ENCRYPTION":
        encryption = assessment.measures.encryption
        if encryption is None:
            return words("act_gate_encryption_none")
        planned = encryption.status is MeasureStatus.planned
        return words("act_gate_encryption_planned" if planned else "act_gate_encryption_undescribed")
    if gate.id == "GATE-KEY-HOLDER":
        return words("act_gate_key_holder")
    if gate.id == "GATE-UNIDENTIFIED-PROVIDER":
        # Named by the processor that engages them, their services are not listed again: the finding the
        # action answers lists them, and so does the summary just above the action.
        if names:
            return words("act_gate_unidentified_of", names=names, of_names=words.of(names))
        services = words.join(words.free(p.description) for p in assessment.unidentified_providers)
        return words("act_gate_unidentified", services=services)
    if gate.id == "GATE-LAW-UNASSESSED":
        provider = next((p for p in assessment.providers if p.name in gate.text), None)
        code = (provider.parent_country or provider.country) if provider else None
        return words("act_gate_law_unassessed", names=names, country=words.country(code))
    simple = {"GATE-EXI28": "act_gate_exi28", "GATE-EXI30": "act_gate_exi30", "GATE-ART28": "act_gate_art28"}
    if gate.id in simple and names:
        return words(simple[gate.id], names=names)
    return words("act_gate_other", text=gate.text)


def _gate_key(gate: Gate, assessment: Assessment) -> str:
    """'hds:AWS Sarl', 'chapter-v:Example Inc.:US': the check and what it is about, in characters an
    author types in an answer file."""
    kind = gate.id.lower().removeprefix("gate-")
    transfer = _TRANSFER.match(gate.text) if gate.id == "GATE-CHAPTER-V" else None
    if transfer is not None:
        return f"{kind}:{transfer['name']}:{transfer['country']}"
    names = [provider.name for provider in assessment.providers if provider.name in gate.text]
    return f"{kind}:{', '.join(names)}" if names else kind


def gate_key(gate: Gate, assessment: Assessment) -> str:
    """The key a decision names the action answering this check by (see `_gate_key`)."""
    return _gate_key(gate, assessment)


def _gate_origin(gate: Gate, words: Words) -> str:
    """What an action answering a check rests on: the check's finding and its source, as the 4.2 table shows them."""
    return words("act_origin_gate", finding=capitalised(gate.text), source=public_citation(gate.citation))


def _gate_actions(assessment: Assessment, findings: Findings, words: Words) -> list[ProposedAction]:
    return [
        ProposedAction(
            title=_gate_action(gate, assessment, words),
            origin=_gate_origin(gate, words),
            key=_gate_key(gate, assessment),
        )
        for gate in findings.gates
        if gate.status in (GateStatus.failed, GateStatus.review)
    ]


def _authorisation_actions(assessment: Assessment, findings: Findings, words: Words) -> list[ProposedAction]:
    """The Art. 28 check is partly met when a processor engages a sub-processor: the answers state the
    contracts, not the controller's prior written authorisation (Art. 28(2)), which the check leaves « à
    établir ». One action per processor settles it, each authorisation being its own document. The other
    partly met check, a provider exposed to a third country's law processing data in clear, is what the
    foreign-access actions answer."""
    gate = next((g for g in findings.gates if g.id == "GATE-ART28" and g.status is GateStatus.partial), None)
    if gate is None:
        return []
    origin = _gate_origin(gate, words)
    return [
        ProposedAction(
            title=words(
                "act_gate_art28_authorisation",
                processor=processor,
                of_processor=words.of(processor),
                subs=words.sentence_list(subs),
            ),
            origin=origin,
            # The processor and the sub-processors it engages: engaging another one calls for a new decision.
            key=f"art28-authorisation:{processor}:{', '.join(subs)}",
        )
        for processor, subs in assessment.engaged_sub_processors().items()
    ]


def _lowers_item(item: Recommendation, words: Words) -> str:
    """What the measure moves, as the document reports a risk: its severity and its likelihood, and whether
    it stops being high (Art. 36 rule); never the scoring's combined level, which the CNIL method lacks."""
    risk = label(item.risk, words.lang)
    moved = [
        words(f"act_lowers_{factor}", risk=risk, before=_level(words, before), after=_level(words, after))
        for factor in ("severity", "likelihood")
        if (before := getattr(item.before, factor)) != (after := getattr(item.after, factor))
    ]
    if not moved:
        return words("act_lowers_nothing", risk=risk)
    text = words("act_lowers_item", severity=moved[0], likelihood=moved[1]) if len(moved) == 2 else moved[0]
    if high(item.before) and not high(item.after):
        text += words("act_lowers_not_high")
    return text


def _lowers(recommendations: list[Recommendation], words: Words) -> str:
    return words.sentence_list(_lowers_item(item, words) for item in recommendations)


def _specific_titles(assessment: Assessment, words: Words) -> dict[str, str]:
    """For a measure the answers already have, the action that gives it the quality it lacks (test the
    restores of existing backups), never the action that would put the whole measure in place again."""
    facts = vulnerability_facts(assessment, words)
    controller = assessment.processing.controller.name
    titles: dict[str, str] = {}
    for risk_id in (RiskId.illegitimate_access, RiskId.unwanted_modification, RiskId.disappearance):
        for key in vulnerability_keys(risk_id, assessment):
            measure, action = _VULNERABILITY_ACTION.get(key, ("", ""))
            if action and measure not in titles:
                titles[measure] = words(action, controller=controller, **facts)
    return titles


def _recommendation_actions(
    by_measure: dict[str, list[Recommendation]], words: Words, specific: dict[str, str]
) -> tuple[list[ProposedAction], set[str]]:
    """One action per measure, except measures that each alone make the same single step on the same
    risk: when there are many, one action names them all and leaves the choice to the controller."""
    steps: dict[tuple[RiskId, Level, Level], list[str]] = {}
    for name, recommendations in by_measure.items():
        if len(recommendations) == 1 and recommendations[0].before.level != recommendations[0].after.level:
            item = recommendations[0]
            steps.setdefault((item.risk, item.before.level, item.after.level), []).append(name)
    grouped = {name for names in steps.values() if len(names) >= _GROUP_FROM for name in names}
    actions = []
    for (risk, before, after), names in steps.items():
        if len(names) >= _GROUP_FROM:
            measures = words.sentence_list(_lower(label(name, words.lang, "Measure")) for name in names)
            actions.append(
                ProposedAction(
                    title=words(
                        "act_group",
                        measures=measures,
                        risk=label(risk, words.lang),
                        before=_level(words, before),
                        after=_level(words, after),
                    ),
                    origin=words("act_origin_lowers", lowers=_lowers(by_measure[names[0]], words)),
                    key=f"measures:{risk.value}",
                )
            )
    for name, recommendations in by_measure.items():
        if name not in grouped:
            actions.append(
                ProposedAction(
                    title=specific.get(name) or words(f"act_measure_{name}"),
                    origin=words("act_origin_lowers", lowers=_lowers(recommendations, words)),
                    measure=name,
                    key=measure_action_key(name),
                )
            )
    return actions, set(by_measure)


def _lower(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _vulnerability_actions(
    assessment: Assessment, covered: set[str], words: Words, recommended: list[ProposedAction]
) -> list[ProposedAction]:
    """Each vulnerability the risk sections state, unless an action already answers it; an action that
    recommends the measure the vulnerability lacks names the vulnerability among its reasons."""
    controller = assessment.processing.controller.name
    facts = vulnerability_facts(assessment, words)
    found: dict[str, list[RiskId]] = {}
    for risk_id in (RiskId.illegitimate_access, RiskId.unwanted_modification, RiskId.disappearance):
        for key in vulnerability_keys(risk_id, assessment):
            found.setdefault(key, []).append(risk_id)
    actions = []
    for key, risks in found.items():
        measure, action = _VULNERABILITY_ACTION.get(key, (key.removeprefix("no_"), ""))
        # Every risk the vulnerability weakens: untested restores matter for modification and disappearance.
        stated = words(
            "act_origin_vulnerability_one" if len(risks) == 1 else "act_origin_vulnerability_other",
            risks=words.sentence_list(words("quoted", text=label(risk, words.lang)) for risk in risks),
            vulnerability=words(f"vulnerability_{key}", **facts),
        )
        for index, existing in enumerate(recommended):
            if existing.measure == measure and stated not in existing.origin:
                recommended[index] = replace(existing, origin=f"{existing.origin} {stated}")
        if measure in covered or (key == "transit" and "encryption" in covered):
            continue
        covered.add(measure)
        title = words(action, controller=controller, **facts) if action else words(f"act_measure_{measure}")
        actions.append(ProposedAction(title=title, origin=stated, key=measure_action_key(measure)))
    return actions


def _foreign_access_actions(
    assessment: Assessment, findings: Findings, covered: set[str], words: Words
) -> list[ProposedAction]:
    """What would still lower a foreign authority's access, provider by provider of the exposed chain."""
    if not any(risk.id is RiskId.extraterritorial_access for risk in findings.risks):
        return []
    residual = findings.risk(RiskId.extraterritorial_access).residual.level
    if residual <= Level.negligible:
        return []
    levels = findings.risk(RiskId.extraterritorial_access).residual
    # The pair, as the CNIL method reports a risk, never a combined level.
    pair = {
        "severity": words.level_text(levels.severity),
        "likelihood": words.level_text(levels.likelihood),
    }
    controller = assessment.processing.controller.name
    encryption = assessment.measures.encryption
    keys_outside = encryption is not None and encryption.key_management in _OUTSIDE_KEYS
    reviewed = " ".join(
        gate.text for gate in findings.gates if gate.id == "GATE-SECNUMCLOUD" and gate.status is not GateStatus.passed
    )
    actions = []

    def add(key: str, fact: str, provider: Provider) -> None:
        actions.append(
            ProposedAction(
                title=words(key, name=provider.name, controller=controller),
                origin=words("act_origin_ext", **pair, fact=words(fact, name=provider.name)),
                # Before and after SecNumCloud 3.2 the alternative is worded apart; the decision is one.
                key=f"{key.removeprefix('act_').removesuffix('_eu')}:{provider.name}",
            )
        )

    for provider in assessment.providers:
        if not exposed(provider):
            continue
        if not provider.commitments.challenge_foreign_requests:
            add("act_ext_challenge", "act_fact_no_challenge", provider)
        if not keys_outside and "encryption" not in covered:
            add("act_ext_keys", "act_fact_keys", provider)
            covered.add("encryption")
        if provider.commitments.transparency_report is TransparencyReport.none:
            add("act_ext_transparency", "act_fact_transparency", provider)
        clear = provider.processes_clear_data and not (
            encryption is not None and encryption.key_management is KeyManagement.client_side
        )
        if clear and not provider.certifications.secnumcloud and provider.name not in reviewed:
            # Immunity to extra-European law is a SecNumCloud criterion only from version 3.2 (8 March 2022):
            # before, the alternative is described by what it is, not by a qualification that did not say so.
            sovereign = "act_ext_sovereign" if source_in_force("SNC-3-2", findings.as_of) else "act_ext_sovereign_eu"
            add(sovereign, "act_fact_clear", provider)
    return actions


def proposed_actions(assessment: Assessment, findings: Findings, words: Words) -> list[ProposedAction]:
    """Every check to review or failed, every unplanned recommendation, every stated vulnerability and the
    remaining foreign-access exposure, as actions whose owner the controller designates."""
    covered = {
        action.measure.value if isinstance(action.measure, Enum) else str(action.measure)
        for action in assessment.action_plan
        if action.measure is not None
    }
    present = assessment.measures.present()
    covered |= {name for name, measure in present.items() if measure.status is MeasureStatus.planned}
    actions = _gate_actions(assessment, findings, words) + _authorisation_actions(assessment, findings, words)
    # A failed check already asks for the measure: proposing it again as a recommendation repeats it.
    covered |= {
        _GATE_MEASURE[g.id] for g in findings.gates if g.id in _GATE_MEASURE and g.status is not GateStatus.passed
    }
    by_measure: dict[str, list[Recommendation]] = {}
    for recommendation in findings.recommendations:
        if recommendation.measure not in covered:
            by_measure.setdefault(recommendation.measure, []).append(recommendation)
    recommended, names = _recommendation_actions(by_measure, words, _specific_titles(assessment, words))
    actions += recommended
    covered |= names
    actions += _vulnerability_actions(assessment, covered, words, actions)
    actions += _foreign_access_actions(assessment, findings, covered, words)
    return _unique_keys(actions)


def _unique_keys(actions: list[ProposedAction]) -> list[ProposedAction]:
    """Two actions never share a key: a second one is numbered, so each decision names one action."""
    seen: dict[str, int] = {}
    unique = []
    for action in actions:
        count = seen[action.key] = seen.get(action.key, 0) + 1
        unique.append(action if count == 1 else replace(action, key=f"{action.key}#{count}"))
    return unique


def decisions_to_take(assessment: Assessment, findings: Findings, words: Words) -> list[tuple[str, str]]:
    """(key, title) of every action the controller must decide on: each proposed action, and each action
    the DPO's opinion asks for that the analysis does not propose (then named by its key)."""
    proposed = [(action.key, action.title) for action in proposed_actions(assessment, findings, words)]
    keys = {key for key, _ in proposed}
    requested = assessment.dpo_opinion.requested_actions if assessment.dpo_opinion else []
    return proposed + [(key, key) for key in requested if key not in keys]
