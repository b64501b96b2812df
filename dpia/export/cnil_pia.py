"""Export an assessment to the file that the CNIL's PIA software (LINCnil/pia, version 4) imports.

The file is `{pia, answers, measures, evaluations, comments}`, the shape the tool's own "Export"
writes (its `PiaService.exportData`). What its importer needs, and this module gives:
- one answer per question id 111 to 346, keyed by the integer `reference_to`;
- text answers as HTML (every user text escaped), list answers as plain strings, gauges as the
  integers 1 to 4 with a written justification;
- in the "measures" list answers (324, 334, 344), strings equal to the measures' titles;
- unique measure ids, and evaluations of measures that refer to them as "3.1.<id>";
- integers and booleans typed as such, since the tool compares them with `===`.

Initial levels (gauges 325/326, 335/336, 345/346) are the scored levels with the implemented
measures. Residual levels go, as in the tool, in the evaluations of items 3.2, 3.3 and 3.4
(status 2 "Improvable", gauges x = severity, y = likelihood, an action-plan comment). They are
proposals: `global_status` 0 leaves the evaluator to validate them in the tool.

No clock: every date in the file is the answer file's `date` (else the DPO opinion's date, else
`FALLBACK_TIMESTAMP`), so the same answers give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from dpia.export.html import labelled, p, ul
from dpia.labels import Lang, label
from dpia.model import (
    Action,
    Art6Basis,
    Art9Condition,
    Assessment,
    DpoVerdict,
    EncryptionMeasure,
    Measure,
    MeasureStatus,
    ProviderRole,
    cnil_slug,
)
from dpia.scoring.findings import Findings, Level, Reason, Risk, RiskId

AnswerKind = Literal["text", "list", "gauge"]

FALLBACK_TIMESTAMP = "1970-01-01T00:00:00.000Z"
"""Date written when the answer file has neither `date` nor `dpo_opinion.date`; obviously not a real one."""

PIA_ID = 1
"""The tool ignores ids on import and numbers the records anew; 1 keeps the file readable."""

RISK_ITEMS: dict[RiskId, str] = {
    RiskId.illegitimate_access: "3.2",
    RiskId.unwanted_modification: "3.3",
    RiskId.disappearance: "3.4",
}
"""The tool's three feared events. Extraterritorial access has no item of its own: it is reported
under transfers (227) and recalled in the justification of illegitimate access (325)."""

DEFAULT_PLACEHOLDER = "measures.default_placeholder"

# Knowledge-base entries that the tool offers as measures (item 3.1) have a placeholder text; a
# definition such as PIA_DEF_PSEU (pseudonymisation) has none, and gets the tool's default one.
_KB_MEASURE_PREFIXES = ("PIA_TEC_", "PIA_SEC_", "PIA_ORG_")


@dataclass(frozen=True)
class Question:
    id: int
    kind: AnswerKind
    source: str
    """Which facts of the answer file or of the findings fill the answer (for docs/cnil-pia-export.md)."""


def _risk_questions(item: str, risk: str) -> list[Question]:
    base = int(item.replace(".", "")) * 10
    return [
        Question(base + 1, "list", f"findings `{risk}`: `impacts`"),
        Question(base + 2, "list", f"findings `{risk}`: `threats`"),
        Question(base + 3, "list", f"findings `{risk}`: `sources`"),
        Question(
            base + 4,
            "list",
            f"findings `{risk}`: `measures` whose status is `implemented`, as measure titles",
        ),
        Question(
            base + 5,
            "gauge",
            f"findings `{risk}`: `initial.severity`; text: `severity_justification` and the rules that moved it",
        ),
        Question(
            base + 6,
            "gauge",
            f"findings `{risk}`: `initial.likelihood`; text: `likelihood_justification` and the rules",
        ),
    ]


QUESTIONS: tuple[Question, ...] = (
    Question(111, "text", "`processing.name`, `description`, `purposes`; `data_subjects` (categories, count, scope)"),
    Question(112, "text", "`processing.controller`, `joint_controllers`, `dpo`; `providers` (role, service, country)"),
    Question(113, "text", "`processing.standards`; each provider's `certifications`"),
    Question(121, "text", "`data[]`: category, description, retention, recipients"),
    Question(122, "text", "`processing.lifecycle`"),
    Question(123, "text", "`supporting_assets[]`: name, type, provider"),
    Question(211, "text", "`processing.purposes`"),
    Question(212, "text", "`legal_basis`: `art6`, `art6_detail`, `art9`, `art9_detail`"),
    Question(213, "text", "`data[]` categories; `measures.minimisation`"),
    Question(214, "text", "`rights.rectification_erasure`, `rights.channels`"),
    Question(215, "text", "`data[]`: `retention_months`, `retention_note`; `measures.backups.retention_months`"),
    Question(221, "text", "`rights.information`, `rights.information_detail`"),
    Question(222, "text", "`rights.consent`; else why consent is not the basis (`legal_basis`)"),
    Question(223, "text", "`rights.access_portability`, `rights.channels`, `rights.response_days`"),
    Question(224, "text", "`rights.rectification_erasure`, `rights.channels`, `rights.response_days`"),
    Question(225, "text", "`rights.restriction_objection`, `rights.channels`, `rights.response_days`"),
    Question(226, "text", "`providers[]`: role, `processor_of`, `commitments`"),
    Question(
        227,
        "text",
        "`transfers[]`; providers' storage, backup and administration countries; findings `extraterritorial_access`",
    ),
    *_risk_questions("3.2", "illegitimate_access"),
    *_risk_questions("3.3", "unwanted_modification"),
    *_risk_questions("3.4", "disappearance"),
)
QUESTION_IDS: tuple[int, ...] = tuple(question.id for question in QUESTIONS)


# --------------------------------------------------------------------------------------------------
# Wording


def _t(key: str, lang: Lang, **values: object) -> str:
    return label(key, lang, group="CnilPia").format(**values)


def _or_missing(text: str | None, lang: Lang) -> str:
    return text if text else _t("not_stated", lang)


def _timestamp(day: dt.date | None) -> str:
    return f"{day.isoformat()}T00:00:00.000Z" if day else FALLBACK_TIMESTAMP


def _level(level: Level, lang: Lang) -> str:
    return f"{int(level)}. {label(level, lang)}"


# --------------------------------------------------------------------------------------------------
# Sections 1 and 2: text answers


class _Context:
    """Everything the answers are written from, with the small helpers they share."""

    def __init__(self, assessment: Assessment, findings: Findings, lang: Lang) -> None:
        self.a = assessment
        self.f = findings
        self.lang = lang

    def t(self, key: str, **values: object) -> str:
        return _t(key, self.lang, **values)

    def titled(self, text: str) -> str:
        """A label followed by the language's colon, to head a paragraph."""
        return text + self.t("colon").rstrip()

    def rights_common(self) -> str:
        rights = self.a.rights
        channels = ", ".join(label(channel, self.lang) for channel in rights.channels)
        return labelled(self.t("channels"), channels) + labelled(
            self.t("response_time"), self.t("days", n=rights.response_days)
        )


def _a111(c: _Context) -> str:
    proc, subjects = c.a.processing, c.a.data_subjects
    categories = ", ".join(label(category, c.lang) for category in subjects.categories)
    return (
        labelled(c.t("processing"), proc.name)
        + p(proc.description)
        + labelled(c.t("purposes"), "")
        + ul(proc.purposes)
        + labelled(c.t("data_subjects"), categories)
        + labelled(c.t("persons_count"), f"{subjects.count:,}".replace(",", "\u202f"))
        + labelled(c.t("scope"), label(subjects.scope, c.lang))
    )


def _organisation(org: Any, lang: Lang) -> str:
    return f"{org.name} ({org.country}, {label(org.type, lang)})"


def _a112(c: _Context) -> str:
    proc = c.a.processing
    parts = [labelled(c.t("controller"), _organisation(proc.controller, c.lang))]
    if proc.joint_controllers:
        parts.append(labelled(c.t("joint_controllers"), ""))
        parts.append(ul(_organisation(org, c.lang) for org in proc.joint_controllers))
    dpo = proc.dpo
    parts.append(labelled(c.t("dpo"), f"{dpo.name}" + (f" ({dpo.email})" if dpo.email else "") if dpo else c.t("none")))
    if c.a.providers:
        parts.append(labelled(c.t("providers"), ""))
        parts.append(ul(_provider_line(provider, c) for provider in c.a.providers))
    return "".join(parts)


def _provider_line(provider: Any, c: _Context) -> str:
    line = f"{provider.name} ({provider.country}){c.t('colon')}{label(provider.role, c.lang)}, {label(provider.service, c.lang)}"
    if provider.processor_of:
        line += f", {c.t('processor_of', name=provider.processor_of)}"
    if provider.parent:
        line += f", {c.t('parent', name=provider.parent, country=provider.parent_country or '?')}"
    return line


def _a113(c: _Context) -> str:
    parts = [labelled(c.t("standards"), "" if c.a.processing.standards else c.t("none"))]
    parts.append(ul(c.a.processing.standards))
    certified = []
    for provider in c.a.providers:
        certs = provider.certifications
        names = []
        if certs.hds.value != "none":
            names.append(label(certs.hds, c.lang))
        names += [
            name
            for name, held in (
                ("SecNumCloud", certs.secnumcloud),
                ("ISO/IEC 27001", certs.iso27001),
                ("ISO/IEC 27701", certs.iso27701),
            )
            if held
        ]
        if names:
            certified.append(f"{provider.name}{c.t('colon')}{', '.join(names)}")
    if certified:
        parts.append(labelled(c.t("certifications"), ""))
        parts.append(ul(certified))
    return "".join(parts)


def _a121(c: _Context) -> str:
    items = []
    for item in c.a.data:
        line = label(item.category, c.lang)
        if item.description:
            line += f"{c.t('colon')}{item.description}"
        line += f" — {c.t('retention')} {c.t('months', n=item.retention_months)}"
        if item.recipients:
            line += f" — {c.t('recipients')} {', '.join(item.recipients)}"
        items.append(line)
    return ul(items)


def _a122(c: _Context) -> str:
    return p(_or_missing(c.a.processing.lifecycle, c.lang))


def _a123(c: _Context) -> str:
    if not c.a.supporting_assets:
        return p(c.t("not_stated"))
    lines = []
    for asset in c.a.supporting_assets:
        line = f"{asset.name} ({label(asset.type, c.lang)})"
        if asset.provider:
            line += f" — {asset.provider}"
        lines.append(line)
    return ul(lines)


def _a211(c: _Context) -> str:
    return ul(c.a.processing.purposes)


def _a212(c: _Context) -> str:
    basis = c.a.legal_basis
    parts = [labelled(c.t("art6"), label(basis.art6, c.lang))]
    if basis.art6_detail:
        parts.append(p(basis.art6_detail))
    parts.append(labelled(c.t("art9"), label(basis.art9, c.lang)))
    if basis.art9_detail:
        parts.append(p(basis.art9_detail))
    return "".join(parts)


def _a213(c: _Context) -> str:
    categories = ", ".join(label(item.category, c.lang) for item in c.a.data)
    parts = [labelled(c.t("categories_collected"), categories)]
    minimisation = c.a.measures.minimisation
    if minimisation is not None:
        parts.append(
            labelled(
                c.titled(label("minimisation", c.lang, group="Measure")), _or_missing(minimisation.description, c.lang)
            )
        )
    else:
        parts.append(p(c.t("no_minimisation")))
    return "".join(parts)


def _a214(c: _Context) -> str:
    return p(_or_missing(c.a.rights.rectification_erasure, c.lang)) + c.rights_common()


def _a215(c: _Context) -> str:
    lines = []
    for item in c.a.data:
        line = f"{label(item.category, c.lang)}{c.t('colon')}{c.t('months', n=item.retention_months)}"
        if item.retention_note:
            line += f" — {item.retention_note}"
        lines.append(line)
    parts = [ul(lines)]
    backups = c.a.measures.backups
    if backups is not None and backups.retention_months is not None:
        parts.append(labelled(c.t("backup_retention"), c.t("months", n=backups.retention_months)))
    return "".join(parts)


def _a221(c: _Context) -> str:
    rights = c.a.rights
    means = ", ".join(label(means, c.lang) for means in rights.information)
    return labelled(c.t("information_means"), means) + (
        p(rights.information_detail) if rights.information_detail else ""
    )


def _a222(c: _Context) -> str:
    basis = c.a.legal_basis
    if c.a.rights.consent:
        return p(c.a.rights.consent)
    if basis.art6 is Art6Basis.consent or basis.art9 is Art9Condition.explicit_consent:
        return p(c.t("not_stated"))
    return p(c.t("consent_not_basis", basis=label(basis.art6, c.lang)))


def _a223(c: _Context) -> str:
    return p(_or_missing(c.a.rights.access_portability, c.lang)) + c.rights_common()


def _a224(c: _Context) -> str:
    return p(_or_missing(c.a.rights.rectification_erasure, c.lang)) + c.rights_common()


def _a225(c: _Context) -> str:
    return p(_or_missing(c.a.rights.restriction_objection, c.lang)) + c.rights_common()


def _a226(c: _Context) -> str:
    if not c.a.providers:
        return p(c.t("no_providers"))
    lines = []
    for provider in c.a.providers:
        commitments = provider.commitments
        facts = [c.t("art28_yes") if commitments.art28_contract else c.t("art28_no")]
        if provider.role is ProviderRole.sub_processor and provider.processor_of:
            facts.append(c.t("processor_of", name=provider.processor_of))
        if commitments.challenge_foreign_requests:
            facts.append(c.t("challenge_requests"))
        if commitments.no_transfer_clause:
            facts.append(c.t("no_transfer_clause"))
        lines.append(f"{provider.name} ({label(provider.role, c.lang)}){c.t('colon')}{'; '.join(facts)}")
    return ul(lines)


def _a227(c: _Context) -> str:
    parts = []
    if c.a.transfers:
        lines = []
        for transfer in c.a.transfers:
            line = f"{transfer.recipient} → {transfer.country}{c.t('colon')}{label(transfer.tool, c.lang)}"
            if transfer.impact_assessment:
                line += f", {c.t('tia_done')}"
            if transfer.description:
                line += f" — {transfer.description}"
            lines.append(line)
        parts += [labelled(c.t("transfers"), ""), ul(lines)]
    else:
        parts.append(p(c.t("no_transfers")))
    locations = []
    for provider in c.a.providers:
        countries = sorted(provider.data_countries)
        if countries:
            locations.append(f"{provider.name}{c.t('colon')}{', '.join(countries)}")
    if locations:
        parts += [labelled(c.t("data_locations"), ""), ul(locations)]
    extraterritorial = next((risk for risk in c.f.risks if risk.id is RiskId.extraterritorial_access), None)
    if extraterritorial is not None:
        parts.append(
            labelled(
                c.titled(label(RiskId.extraterritorial_access, c.lang)), _levels_sentence(extraterritorial, c.lang)
            )
        )
        parts.append(_reasons(extraterritorial.reasons))
    return "".join(parts)


def _levels_sentence(risk: Risk, lang: Lang) -> str:
    return _t(
        "levels_sentence",
        lang,
        severity=_level(risk.initial.severity, lang),
        likelihood=_level(risk.initial.likelihood, lang),
        level=_level(risk.initial.level, lang),
        residual=_level(risk.residual.level, lang),
    )


def _reason_line(reason: Reason) -> str:
    line = f"{reason.rule} — {reason.text} ({reason.citation})"
    return f"{line} [{reason.effect}]" if reason.effect else line


def _reasons(reasons: list[Reason]) -> str:
    return ul(_reason_line(reason) for reason in reasons)


_TEXT_ANSWERS: dict[int, Callable[[_Context], str]] = {
    111: _a111,
    112: _a112,
    113: _a113,
    121: _a121,
    122: _a122,
    123: _a123,
    211: _a211,
    212: _a212,
    213: _a213,
    214: _a214,
    215: _a215,
    221: _a221,
    222: _a222,
    223: _a223,
    224: _a224,
    225: _a225,
    226: _a226,
    227: _a227,
}


# --------------------------------------------------------------------------------------------------
# Section 3: measures and risks


def measure_title(name: str, lang: Lang) -> str:
    """The measure's title in the tool: the CNIL knowledge-base name, as our catalogue words it."""
    return label(name, lang, group="Measure")


def measure_placeholder(name: str) -> str:
    slug = cnil_slug(name)
    if slug.startswith(_KB_MEASURE_PREFIXES):
        return f"knowledge_base.slugs.{slug}.placeholder"
    return DEFAULT_PLACEHOLDER


def _measure_content(measure: Measure, lang: Lang) -> str:
    parts = [p(measure.description)] if measure.description else []
    parts.append(labelled(_t("status", lang), label(measure.status, lang)))
    if isinstance(measure, EncryptionMeasure):
        parts.append(labelled(_t("key_management", lang), label(measure.key_management, lang)))
        if measure.key_holder:
            holder = measure.key_holder + (f" ({measure.key_holder_country})" if measure.key_holder_country else "")
            parts.append(labelled(_t("key_holder", lang), holder))
    return "".join(parts)


def _actions_for(assessment: Assessment, names: set[str]) -> list[Action]:
    return [
        action for action in assessment.action_plan if action.measure is not None and str(action.measure.value) in names
    ]


def _action_line(action: Action, lang: Lang) -> str:
    return _t(
        "action_line",
        lang,
        title=action.title,
        owner=action.owner,
        due=action.due.isoformat(),
        status=label(action.status, lang),
    )


def _split_reasons(risk: Risk) -> tuple[list[Reason], list[Reason]]:
    """The rules behind severity (those its justification names), and all the others behind likelihood.

    Each rule is then listed once, with its citation, under the gauge it explains; a justification
    that names no rule leaves every rule to the likelihood gauge, where the measures count.
    """
    named = [reason for reason in risk.reasons if reason.rule and reason.rule in risk.severity_justification]
    return named, [reason for reason in risk.reasons if reason not in named]


def _gauge_text(justification: str, reasons: list[Reason], extra: str = "") -> str:
    return (p(justification) if justification else "") + _reasons(reasons) + extra


def _risk_answers(c: _Context, risk: Risk, item: str) -> dict[int, dict[str, Any]]:
    base = int(item.replace(".", "")) * 10
    present = c.a.measures.present()
    implemented = [
        measure_title(name, c.lang)
        for name in risk.measures
        if name in present and present[name].status is MeasureStatus.implemented
    ]
    severity_extra = ""
    if risk.id is RiskId.illegitimate_access:
        extraterritorial = next((r for r in c.f.risks if r.id is RiskId.extraterritorial_access), None)
        if extraterritorial is not None:
            severity_extra = p(c.t("extraterritorial_note", sentence=_levels_sentence(extraterritorial, c.lang)))
    severity_reasons, likelihood_reasons = _split_reasons(risk)
    severity_text = risk.severity_justification or c.t("severity_default")
    likelihood_text = risk.likelihood_justification or c.t("likelihood_default")
    return {
        base + 1: _list(risk.impacts),
        base + 2: _list(risk.threats),
        base + 3: _list(risk.sources),
        base + 4: _list(implemented),
        base + 5: _gauge(_gauge_text(severity_text, severity_reasons, severity_extra), risk.initial.severity),
        base + 6: _gauge(_gauge_text(likelihood_text, likelihood_reasons), risk.initial.likelihood),
    }


def _text(html_text: str) -> dict[str, Any]:
    return {"text": html_text, "gauge": None, "list": []}


def _list(items: list[str]) -> dict[str, Any]:
    return {"text": None, "gauge": None, "list": list(items)}


def _gauge(html_text: str, level: Level) -> dict[str, Any]:
    return {"text": html_text, "gauge": int(level), "list": []}


def _residual_evaluation(c: _Context, risk: Risk, item: str, number: int, timestamp: str) -> dict[str, Any]:
    present = c.a.measures.present()
    planned = [name for name in risk.measures if name in present and present[name].status is MeasureStatus.planned]
    actions = _actions_for(c.a, set(planned))
    if planned:
        plan = labelled(c.t("planned_measures"), "") + ul(measure_title(name, c.lang) for name in planned)
        if actions:
            plan += labelled(c.t("actions")) + ul(_action_line(action, c.lang) for action in actions)
    else:
        plan = p(c.t("no_planned_measure"))
        if risk.residual == risk.initial:
            plan += p(c.t("residual_is_initial"))
    residual = risk.residual
    comment = p(
        c.t(
            "residual_comment",
            rules_version=c.f.rules_version,
            severity=_level(residual.severity, c.lang),
            likelihood=_level(residual.likelihood, c.lang),
        )
    )
    return _evaluation(
        item,
        number=number,
        status=2,
        evaluation_comment=comment,
        action_plan_comment=plan,
        gauges={"x": int(residual.severity), "y": int(residual.likelihood)},
        due=max((action.due for action in actions), default=None),
        owner=", ".join(dict.fromkeys(action.owner for action in actions)) or None,
        timestamp=timestamp,
    )


def _evaluation(
    reference_to: str,
    *,
    number: int,
    status: int,
    evaluation_comment: str,
    action_plan_comment: str,
    gauges: dict[str, int],
    due: dt.date | None,
    owner: str | None,
    timestamp: str,
) -> dict[str, Any]:
    return {
        "id": number,
        "pia_id": PIA_ID,
        "reference_to": reference_to,
        "status": status,
        # 0: proposed, not validated. The evaluator checks and validates it in the tool.
        "global_status": 0,
        "evaluation_comment": evaluation_comment,
        "action_plan_comment": action_plan_comment,
        "gauges": gauges,
        # The tool stores these as dates and writes them as ISO strings; its importer reads them back
        # with `new Date(...)` when present.
        "estimated_implementation_date": _timestamp(due) if due else None,
        "person_in_charge": owner,
        "created_at": timestamp,
        "updated_at": timestamp,
    }


# --------------------------------------------------------------------------------------------------
# The whole file


_DPO_STATUS: dict[DpoVerdict, int | None] = {
    DpoVerdict.favourable: 1,
    DpoVerdict.favourable_with_reservations: 1,
    DpoVerdict.unfavourable: 0,
    DpoVerdict.pending: None,
}
"""The tool knows 1 "the processing could be implemented" and 0 "should not be"; pending is neither."""


def _pia_record(c: _Context, timestamp: str) -> dict[str, Any]:
    a = c.a
    opinion, views = a.dpo_opinion, a.subjects_views
    dpo_opinion = ""
    if opinion is not None:
        dpo_opinion = label(opinion.verdict, c.lang) + (f". {opinion.text}" if opinion.text else "")
    return {
        "id": PIA_ID,
        "status": 0,
        "name": a.processing.name,
        "author_name": a.author or "",
        "evaluator_name": "",
        "validator_name": "",
        "dpo_status": _DPO_STATUS[opinion.verdict] if opinion else None,
        "dpo_opinion": dpo_opinion,
        "dpos_names": a.processing.dpo.name if a.processing.dpo else "",
        "people_names": (views.who or "") if views else "",
        "concerned_people_opinion": (views.views or "") if views else "",
        "concerned_people_status": None,
        "rejection_reason": "",
        "applied_adjustments": "",
        "is_example": 0,
        "created_at": timestamp,
        "updated_at": timestamp,
        "concerned_people_searched_opinion": bool(views and views.sought),
        "concerned_people_searched_content": (views.reason_not_sought or "") if views else "",
        "structure_id": None,
        "structure_name": "",
        "structure_sector_name": "",
        "structure_data": None,
        "category": "",
        "progress": 0,
        "lock_version": 0,
        "is_archive": 0,
    }


def build(assessment: Assessment, findings: Findings, lang: Lang = "fr") -> dict[str, Any]:
    """The import file as a JSON-ready dict, keys in the order the tool itself writes them."""
    c = _Context(assessment, findings, lang)
    day = assessment.date or (assessment.dpo_opinion.date if assessment.dpo_opinion else None)
    timestamp = _timestamp(day)

    data: dict[int, dict[str, Any]] = {ref: _text(write(c)) for ref, write in _TEXT_ANSWERS.items()}
    for risk_id, item in RISK_ITEMS.items():
        data.update(_risk_answers(c, findings.risk(risk_id), item))
    answers = [
        {
            "id": number,
            "pia_id": PIA_ID,
            "reference_to": ref,
            "data": data[ref],
            "created_at": timestamp,
            "updated_at": timestamp,
        }
        for number, ref in enumerate(QUESTION_IDS, start=1)
    ]

    measures = []
    evaluations = []
    for number, (name, measure) in enumerate(assessment.measures.present().items(), start=1):
        measures.append(
            {
                "id": number,
                "pia_id": PIA_ID,
                "title": measure_title(name, lang),
                "content": _measure_content(measure, lang),
                "placeholder": measure_placeholder(name),
                "created_at": timestamp,
                "updated_at": timestamp,
            }
        )
        if measure.status is MeasureStatus.planned:
            actions = _actions_for(assessment, {name})
            plan = ul(_action_line(action, lang) for action in actions) or p(_t("planned_no_action", lang))
            evaluations.append(
                _evaluation(
                    f"3.1.{number}",
                    number=len(evaluations) + 1,
                    status=2,
                    evaluation_comment=p(_t("planned_measure", lang)),
                    action_plan_comment=plan,
                    gauges={"x": 0, "y": 0},
                    due=max((action.due for action in actions), default=None),
                    owner=", ".join(dict.fromkeys(action.owner for action in actions)) or None,
                    timestamp=timestamp,
                )
            )
    for risk_id, item in RISK_ITEMS.items():
        evaluations.append(_residual_evaluation(c, findings.risk(risk_id), item, len(evaluations) + 1, timestamp))

    return {
        "pia": _pia_record(c, timestamp),
        "answers": answers,
        "measures": measures,
        "evaluations": evaluations,
        "comments": [],
    }


def dumps(document: dict[str, Any]) -> bytes:
    """UTF-8 JSON, accents as themselves; the tool reads it with FileReader.readAsText(file, 'UTF-8')."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def render(assessment: Assessment, findings: Findings, lang: Lang = "fr") -> bytes:
    return dumps(build(assessment, findings, lang))


def mapping_table() -> str:
    """The Markdown table of docs/cnil-pia-export.md: each question, its kind and what fills it."""
    rows = ["| question | kind | filled from |", "|---|---|---|"]
    rows += [f"| {question.id} | {question.kind} | {question.source} |" for question in QUESTIONS]
    return "\n".join(rows) + "\n"


__all__ = [
    "FALLBACK_TIMESTAMP",
    "QUESTIONS",
    "QUESTION_IDS",
    "RISK_ITEMS",
    "build",
    "dumps",
    "mapping_table",
    "measure_placeholder",
    "measure_title",
    "render",
]
