"""The evaluations dpia proposes for every item of the CNIL PIA software, so the evaluator can validate them.

What the tool (LINCnil/pia v4.1.0) needs, from `src/app/services/global-evaluation.service.ts`:
- Items 1.1 and 1.2 are evaluated as a whole (`evaluation_mode: "item"`), with one evaluation whose
  `reference_to` is the item ("1.1"); items 2.1 and 2.2 question by question ("2.1.211"); item 3.1
  measure by measure ("3.1.<measure id>"); items 3.2 to 3.4 as a whole, with gauges.
- An item with no evaluation opens in edit mode (`verification()`: status 2). In item 3.1, a measure
  without its evaluation makes "Valider l'évaluation" throw: `validateAllEvaluation()` reads
  `evaluation.status` of what `getByReference` found, `undefined` for that measure.
- The evaluator's "Valider l'évaluation" is active (status 6) when every evaluation has a status
  above 0 and is valid (`evaluationIsValid()`): 1 "To be fixed" with an evaluation comment;
  2 "Improvable" with an action-plan comment, and in items with gauges, gauges x and y above 0
  (2 is never valid in items 1.1 and 1.2, evaluated as a whole without gauges); 3 "Acceptable".
- `global_status` 0: the evaluations are proposals; the evaluator's validation sets it to 2.

So dpia proposes, from the facts only:
- 3 "Acceptable" when the answer is complete and no compliance check is open;
- 1 "To be fixed" when the answer file leaves a fact out (a missing fact never earns "Acceptable");
- 2 "Improvable", with an action plan, for open compliance checks, planned measures, measures not
  described, and risks that planned or recommended measures would lower.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dpia.completeness import missing as missing_answers
from dpia.export.cnil_kb import measure_title
from dpia.export.cnil_words import action_line, level_word, say
from dpia.export.html import labelled, p, ul
from dpia.labels import Lang, label
from dpia.model import Action, Assessment, Measure, MeasureStatus
from dpia.report.prose import public_citation
from dpia.report.words import Words
from dpia.scoring.findings import Findings, Gate, GateStatus, Level, Risk, RiskId

TO_BE_FIXED = 1
IMPROVABLE = 2
ACCEPTABLE = 3

ITEMS_AS_A_WHOLE: dict[str, tuple[int, ...]] = {"1.1": (111, 112, 113), "1.2": (121, 122, 123)}
ITEMS_BY_QUESTION: dict[str, tuple[int, ...]] = {
    "2.1": (211, 212, 213, 214, 215),
    "2.2": (221, 222, 223, 224, 225, 226, 227),
}
RISK_ITEMS: dict[RiskId, str] = {
    RiskId.illegitimate_access: "3.2",
    RiskId.unwanted_modification: "3.3",
    RiskId.disappearance: "3.4",
}

ENCRYPTION_GATE = "GATE-ART32-ENCRYPTION"
GATE_TARGETS: dict[str, str] = {
    "GATE-ART28": "2.2.226",
    "GATE-UNIDENTIFIED-PROVIDER": "2.2.226",
    "GATE-HDS": "2.2.226",
    "GATE-EXI28": "2.2.227",
    "GATE-EXI30": "2.2.227",
    "GATE-SECNUMCLOUD": "2.2.227",
    "GATE-CHAPTER-V": "2.2.227",
    "GATE-LAW-UNASSESSED": "2.2.227",
    # The encryption check goes to the encryption measure when there is one, else to illegitimate access.
    ENCRYPTION_GATE: "3.2",
}
"""Where an open compliance check belongs: processors (226), transfers and foreign law (227), or a risk."""
FALLBACK_TARGET = "3.2"
HIGH = Level.significant


@dataclass(frozen=True)
class Proposal:
    status: int
    evaluation_comment: str = ""
    action_plan_comment: str = ""
    gauges: tuple[int, int] = (0, 0)
    due: dt.date | None = None
    owner: str | None = None


_OPEN = (GateStatus.failed, GateStatus.review, GateStatus.partial)


def open_gates(findings: Findings) -> list[Gate]:
    """The checks an evaluator cannot accept as they stand: failed, to review, or only partly met."""
    return [gate for gate in findings.gates if gate.status in _OPEN]


def gate_target(gate: Gate, encryption_ref: str | None) -> str:
    if gate.id == ENCRYPTION_GATE and encryption_ref is not None:
        return encryption_ref
    return GATE_TARGETS.get(gate.id, FALLBACK_TARGET)


def _gate_line(gate: Gate, lang: Lang) -> str:
    line = f"{label(gate.status, lang)}{say('colon', lang)}{gate.text}"
    citation = public_citation(gate.citation)
    return f"{line} ({citation})" if citation else line


def _compliance(gates: Iterable[Gate], lang: Lang) -> str:
    lines = [_gate_line(gate, lang) for gate in gates]
    return labelled(say("compliance", lang)) + ul(lines) if lines else ""


def _missing(fields: Iterable[str], lang: Lang) -> str:
    return p(say("evaluation_missing", lang)) + ul(dict.fromkeys(fields))


# Where each answer the document lists as missing is evaluated in the tool (paths of dpia.completeness).
# Answers of the PIA record and the DPO page (author, date, DPO opinion, data subjects' views, the
# decision) are not evaluated items: the tool's DPO page checks them itself.
_MISSING_TARGETS: tuple[tuple[str, str], ...] = (
    ("processing.controller", "1.1"),
    ("processing.dpo", "1.1"),
    ("providers", "1.1"),
    ("processing.lifecycle", "1.2"),
    ("supporting_assets", "1.2"),
    ("data[*].description", "1.2"),
    ("data[*].recipients", "1.2"),
    ("data[*].stigmatising", "1.2"),
    ("data_subjects", "1.2"),
    ("processing.alternatives", "2.1.213"),
    ("data[*].need", "2.1.213"),
    ("legal_basis", "2.1.212"),
    ("data[*].retention", "2.1.215"),
    ("rights.rectification_erasure", "2.1.214"),
    ("rights.information_detail", "2.2.221"),
    ("rights.consent", "2.2.222"),
    ("rights.access_portability", "2.2.223"),
    ("rights.rectification_erasure", "2.2.224"),
    ("rights.restriction_objection", "2.2.225"),
    ("transfers", "2.2.227"),
)
_QUESTION_REFS = {q: f"{item}.{q}" for item, questions in ITEMS_BY_QUESTION.items() for q in questions}
_QUESTION_REFS |= {q: item for item, questions in ITEMS_AS_A_WHOLE.items() for q in questions}


def _targets(path: str, measure_refs: Mapping[str, str]) -> list[str]:
    if path.startswith("measures.") and path.endswith(".description"):
        ref = measure_refs.get(path.split(".")[1])
        return [ref] if ref else []
    generic = re.sub(r"\[\d+\]", "[*]", path)
    return [ref for prefix, ref in _MISSING_TARGETS if generic.startswith(prefix)]


def missing_by_ref(
    assessment: Assessment, unstated: Mapping[int, list[str]], measure_refs: Mapping[str, str], lang: Lang
) -> dict[str, list[str]]:
    """For each evaluated item or question, the missing answers it needs, worded and with their field.

    The answers the Word document lists as missing (`dpia.completeness`), so that a draft document
    never comes with an export the evaluator could accept; and any fact an answer of the export
    found missing (`unstated`, by question id).
    """
    found: dict[str, list[str]] = {}
    for item in missing_answers(assessment):
        for ref in _targets(item.path, measure_refs):
            found.setdefault(ref, []).append(f"{item.text(lang)} ({item.path})")
    for question, fields in unstated.items():
        ref = _QUESTION_REFS[question]
        for field in fields:
            if not any(entry.endswith(f"({field})") for entry in found.get(ref, [])):
                found.setdefault(ref, []).append(field)
    return found


def _question(missing: list[str], gates: list[Gate], lang: Lang, extra_plan: str = "") -> Proposal:
    if missing:
        return Proposal(TO_BE_FIXED, evaluation_comment=_missing(missing, lang) + _compliance(gates, lang))
    plan = _compliance(gates, lang) + extra_plan
    if plan:
        return Proposal(IMPROVABLE, action_plan_comment=plan)
    return Proposal(ACCEPTABLE, evaluation_comment=p(say("evaluation_complete", lang)))


def section_proposals(
    missing: Mapping[str, list[str]], gates_by_ref: Mapping[str, list[Gate]], lang: Lang, plan_227: str = ""
) -> dict[str, Proposal]:
    """Items 1.1 and 1.2 as a whole, and each question of items 2.1 and 2.2."""
    proposals: dict[str, Proposal] = {}
    for item in ITEMS_AS_A_WHOLE:
        fields = missing.get(item, [])
        # "Improvable" is never valid in an item evaluated as a whole without gauges.
        proposals[item] = (
            Proposal(TO_BE_FIXED, evaluation_comment=_missing(fields, lang))
            if fields
            else Proposal(ACCEPTABLE, evaluation_comment=p(say("evaluation_complete", lang)))
        )
    for item, questions in ITEMS_BY_QUESTION.items():
        for question in questions:
            ref = f"{item}.{question}"
            extra = plan_227 if question == 227 else ""
            proposals[ref] = _question(missing.get(ref, []), gates_by_ref.get(ref, []), lang, extra)
    return proposals


def _actions_for(assessment: Assessment, names: set[str]) -> list[Action]:
    return [
        action for action in assessment.action_plan if action.measure is not None and str(action.measure.value) in names
    ]


def _owners(actions: list[Action]) -> str | None:
    return ", ".join(dict.fromkeys(action.owner for action in actions)) or None


def measure_proposal(
    name: str, measure: Measure, assessment: Assessment, gates: list[Gate], missing: list[str], lang: Lang
) -> Proposal:
    """The evaluation of one measure of item 3.1."""
    compliance = _compliance(gates, lang)
    if missing:
        return Proposal(TO_BE_FIXED, evaluation_comment=_missing(missing, lang) + compliance)
    if measure.status is MeasureStatus.planned:
        actions = _actions_for(assessment, {name})
        plan = ul(action_line(action, lang) for action in actions) or p(say("planned_no_action", lang))
        return Proposal(
            IMPROVABLE,
            evaluation_comment=p(say("planned_measure", lang)),
            action_plan_comment=plan + compliance,
            due=max((action.due for action in actions), default=None),
            owner=_owners(actions),
        )
    if not measure.description:  # the document lists it as missing too: reached only if it stops doing so
        return Proposal(TO_BE_FIXED, evaluation_comment=_missing([f"measures.{name}.description"], lang) + compliance)
    if compliance:
        return Proposal(IMPROVABLE, evaluation_comment=p(say("measure_in_place", lang)), action_plan_comment=compliance)
    return Proposal(ACCEPTABLE, evaluation_comment=p(say("measure_in_place", lang)))


def recommendation_lines(findings: Findings, risk_id: RiskId, assessment: Assessment, lang: Lang) -> list[str]:
    """Catalogue measures that would lower the risk and that the action plan does not already plan."""
    planned = {name for name, m in assessment.measures.present().items() if m.status is MeasureStatus.planned}
    words = Words(lang)
    lines = []
    for recommendation in findings.recommendations:
        if recommendation.risk is risk_id and recommendation.measure not in planned:
            # The same sentence as the document's proposed action: verb, object, purpose.
            lines.append(words(f"act_measure_{recommendation.measure}"))
    return list(dict.fromkeys(lines))


def risk_proposal(risk: Risk, assessment: Assessment, findings: Findings, gates: list[Gate], lang: Lang) -> Proposal:
    """The evaluation of a risk item (3.2 to 3.4): the proposed residual levels and what would lower them."""
    present = assessment.measures.present()
    planned = [name for name in risk.measures if name in present and present[name].status is MeasureStatus.planned]
    actions = _actions_for(assessment, set(planned))
    plan = ""
    if planned:
        plan += labelled(say("planned_measures", lang)) + ul(measure_title(name, lang) for name in planned)
        if actions:
            plan += labelled(say("actions", lang)) + ul(action_line(action, lang) for action in actions)
    plan += _compliance(gates, lang)
    recommended = recommendation_lines(findings, risk.id, assessment, lang)
    if recommended:
        plan += labelled(say("recommended_measures", lang)) + ul(recommended)
    residual = risk.residual
    gauges = (int(residual.severity), int(residual.likelihood))
    levels = {
        "severity": level_word(residual.severity, lang).lower(),
        "likelihood": level_word(residual.likelihood, lang).lower(),
    }
    if not plan and residual.level >= HIGH:
        plan = p(say("residual_high", lang, **levels))
        if findings.prior_consultation:
            plan += p(say("prior_consultation", lang))
    if not plan:
        return Proposal(ACCEPTABLE, evaluation_comment=p(say("residual_acceptable", lang, **levels)), gauges=gauges)
    return Proposal(
        IMPROVABLE,
        evaluation_comment=p(say("residual_comment", lang, rules_version=findings.rules_version, **levels)),
        action_plan_comment=plan,
        gauges=gauges,
        due=max((action.due for action in actions), default=None),
        owner=_owners(actions),
    )
