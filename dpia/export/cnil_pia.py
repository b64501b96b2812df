"""Export an assessment to the file that the CNIL's PIA software (LINCnil/pia, version 4) imports.

The file is `{pia, answers, measures, evaluations, comments}`, the shape the tool's own "Export"
writes (its `PiaService.exportData`). What its importer and its evaluation need, and this module
gives (docs/cnil-pia-export.md says where in the tool's code each rule comes from):
- one answer per question id 111 to 346, keyed by the integer `reference_to`;
- text answers as HTML, list answers as short labels (the full sentences in the answer's text),
  gauges as the integers 1 to 4 with a written justification in the CNIL's words;
- measures titled with the tool's own knowledge-base names, and in the "measures" list answers
  (324, 334, 344) exactly those titles;
- an evaluation for items 1.1 and 1.2, for each question of items 2.1 and 2.2, for every measure
  ("3.1.<measure id>") and for items 3.2 to 3.4, each a proposal the evaluator can validate;
- every text escaped by one function (`dpia.export.html.esc`), since the tool shows most of them as
  HTML without sanitising;
- integers and booleans typed as such, since the tool compares them with `===`.

Initial levels (gauges 325/326, 335/336, 345/346) are the scored levels with the implemented
measures. Residual levels go, as in the tool, in the evaluations of items 3.2, 3.3 and 3.4 (gauges
x = severity, y = likelihood). Every evaluation has `global_status` 0: dpia proposes, the evaluator
validates in the tool.

No clock: every date in the file is the answer file's `date` (else the DPO opinion's date, else
`FALLBACK_TIMESTAMP`), so the same answers give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from dpia.export import cnil_pia_evaluations as evaluations
from dpia.export.cnil_kb import measure_title
from dpia.export.cnil_labels import short_label
from dpia.export.cnil_pia_evaluations import RISK_ITEMS, Proposal
from dpia.export.cnil_words import level_word, say
from dpia.export.html import esc, labelled, p, ul
from dpia.labels import Lang, label
from dpia.model import (
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
from dpia.report import foreign_law, prose
from dpia.report.words import Words
from dpia.scoring.findings import Findings, Gate, Risk, RiskId

AnswerKind = Literal["text", "list", "gauge"]

FALLBACK_TIMESTAMP = "1970-01-01T00:00:00.000Z"
"""Date written when the answer file has neither `date` nor `dpo_opinion.date`; obviously not a real one."""

PIA_ID = 1
"""The tool ignores ids on import and numbers the records anew; 1 keeps the file readable."""

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
        Question(base + 1, "list", f"findings `{risk}`: `impacts` (short labels; the sentences in the text)"),
        Question(base + 2, "list", f"findings `{risk}`: `threats` (short labels; the sentences in the text)"),
        Question(base + 3, "list", f"findings `{risk}`: `sources` (short labels; the sentences in the text)"),
        Question(
            base + 4,
            "list",
            f"findings `{risk}`: `measures` whose status is `implemented`, as measure titles",
        ),
        Question(
            base + 5,
            "gauge",
            f"findings `{risk}`: `initial.severity`; text: the Word document's justification of the severity",
        ),
        Question(
            base + 6,
            "gauge",
            f"findings `{risk}`: `initial.likelihood`; text: the Word document's justification of the likelihood",
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
    Question(213, "text", "`data[]`: category, `need`; `processing.alternatives`; `measures.minimisation`"),
    Question(214, "text", "`rights.rectification_erasure`, `rights.channels`"),
    Question(
        215,
        "text",
        "`data[]`: `retention_months`, `retention_note`, `retention_reason`; `measures.backups.retention_months`",
    ),
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
    return say(key, lang, **values)


def _timestamp(day: dt.date | None) -> str:
    return f"{day.isoformat()}T00:00:00.000Z" if day else FALLBACK_TIMESTAMP


# --------------------------------------------------------------------------------------------------
# Sections 1 and 2: text answers


class _Context:
    """Everything the answers are written from, with the small helpers they share."""

    def __init__(self, assessment: Assessment, findings: Findings, lang: Lang) -> None:
        self.a = assessment
        self.f = findings
        self.lang = lang
        self.question = 0
        self.missing: dict[int, list[str]] = {}
        """For each question, the answer-file fields it needed and did not find."""
        self.words = Words(lang)
        """The document's words, for the justifications it shares with the export."""

    def t(self, key: str, **values: object) -> str:
        return _t(key, self.lang, **values)

    def or_missing(self, text: str | None, field: str) -> str:
        """`text`, or the "to be completed" sentence, noting that the current question lacks `field`."""
        if text:
            return text
        self.missing.setdefault(self.question, []).append(field)
        return self.t("not_stated")

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
    return p(c.or_missing(c.a.processing.lifecycle, "processing.lifecycle"))


def _a123(c: _Context) -> str:
    if not c.a.supporting_assets:
        return p(c.or_missing(None, "supporting_assets"))
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
    needs = [f"{label(item.category, c.lang)}{c.t('colon')}{item.need}" for item in c.a.data if item.need]
    if needs:
        parts += [labelled(c.t("need_per_data")), ul(needs)]
    if c.a.processing.alternatives:
        parts.append(labelled(c.t("alternatives"), c.a.processing.alternatives))
    minimisation = c.a.measures.minimisation
    if minimisation is not None:
        parts.append(
            labelled(
                c.titled(label("minimisation", c.lang, group="Measure")),
                c.or_missing(minimisation.description, "measures.minimisation.description"),
            )
        )
    else:
        parts.append(p(c.t("no_minimisation")))
    return "".join(parts)


def _a214(c: _Context) -> str:
    return p(c.or_missing(c.a.rights.rectification_erasure, "rights.rectification_erasure")) + c.rights_common()


def _a215(c: _Context) -> str:
    lines = []
    for item in c.a.data:
        line = f"{label(item.category, c.lang)}{c.t('colon')}{c.t('months', n=item.retention_months)}"
        if item.retention_note:
            line += f" — {item.retention_note}"
        if item.retention_reason:
            line += f" — {item.retention_reason}"
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
        return p(c.or_missing(None, "rights.consent"))
    return p(c.t("consent_not_basis", basis=label(basis.art6, c.lang)))


def _a223(c: _Context) -> str:
    return p(c.or_missing(c.a.rights.access_portability, "rights.access_portability")) + c.rights_common()


def _a224(c: _Context) -> str:
    return p(c.or_missing(c.a.rights.rectification_erasure, "rights.rectification_erasure")) + c.rights_common()


def _a225(c: _Context) -> str:
    return p(c.or_missing(c.a.rights.restriction_objection, "rights.restriction_objection")) + c.rights_common()


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
        # The absence of transfers holds for the identified providers only; the document's sentence says so.
        parts.append(
            p(prose.no_transfers_sentence(c.a, c.words) if c.a.unidentified_providers else c.t("no_transfers"))
        )
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
        parts.append(p(prose.likelihood(extraterritorial, c.a, c.words)))
        # Access by third-country authorities (Art. 48), in the document's words.
        parts += [p(paragraph) for paragraph in foreign_law.paragraphs(c.a, c.f, c.words)]
    return "".join(parts)


def _levels_sentence(risk: Risk, lang: Lang) -> str:
    return _t(
        "levels_sentence",
        lang,
        severity=level_word(risk.initial.severity, lang).lower(),
        likelihood=level_word(risk.initial.likelihood, lang).lower(),
        residual_severity=level_word(risk.residual.severity, lang).lower(),
        residual_likelihood=level_word(risk.residual.likelihood, lang).lower(),
    )


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


def _severity_text(c: _Context, risk: Risk) -> str:
    """The document's own justification of the severity, in the CNIL's verbal scale."""
    # The app numbers the feared events 3.2 to 3.4 as the document does, so a reference to an earlier one holds.
    order = list(RiskId)
    earlier = [r for r in c.f.risks if order.index(r.id) < order.index(risk.id)]
    parts = [p(prose.severity(risk, c.a, c.words, c.f.as_of, earlier))]
    if risk.id is RiskId.illegitimate_access:
        extraterritorial = next((r for r in c.f.risks if r.id is RiskId.extraterritorial_access), None)
        if extraterritorial is not None:
            parts.append(p(c.t("extraterritorial_note", sentence=_levels_sentence(extraterritorial, c.lang))))
    return "".join(parts)


def _likelihood_text(c: _Context, risk: Risk) -> str:
    """The document's own justification of the likelihood: assets, vulnerabilities, measures as described."""
    order = list(RiskId)
    earlier = [r for r in c.f.risks if order.index(r.id) < order.index(risk.id)]
    return p(prose.likelihood(risk, c.a, c.words, earlier=earlier))


def _labels(sentences: list[str]) -> dict[str, Any]:
    """A list answer: short labels for the tool's tags and risk overview, the full sentences as its text."""
    labels = list(dict.fromkeys(esc(short_label(sentence)) for sentence in sentences))
    return {"text": ul(sentences) or None, "gauge": None, "list": labels}


def _risk_answers(c: _Context, risk: Risk, item: str) -> dict[int, dict[str, Any]]:
    base = int(item.replace(".", "")) * 10
    present = c.a.measures.present()
    implemented = [
        esc(measure_title(name, c.lang))
        for name in risk.measures
        if name in present and present[name].status is MeasureStatus.implemented
    ]
    return {
        base + 1: _labels(risk.impacts),
        base + 2: _labels(risk.threats),
        base + 3: _labels(risk.sources),
        base + 4: {"text": None, "gauge": None, "list": implemented},
        base + 5: _gauge(_severity_text(c, risk), risk.initial.severity),
        base + 6: _gauge(_likelihood_text(c, risk), risk.initial.likelihood),
    }


def _text(html_text: str) -> dict[str, Any]:
    return {"text": html_text, "gauge": None, "list": []}


def _gauge(html_text: str, level: int) -> dict[str, Any]:
    return {"text": html_text, "gauge": int(level), "list": []}


def _evaluation(reference_to: str, number: int, proposal: Proposal, timestamp: str) -> dict[str, Any]:
    x, y = proposal.gauges
    return {
        "id": number,
        "pia_id": PIA_ID,
        "reference_to": reference_to,
        "status": proposal.status,
        # 0: proposed, not validated. The evaluator checks and validates it in the tool.
        "global_status": 0,
        "evaluation_comment": proposal.evaluation_comment,
        "action_plan_comment": proposal.action_plan_comment,
        "gauges": {"x": x, "y": y},
        # The tool stores these as dates and writes them as ISO strings; its importer reads them back
        # with `new Date(...)` when present.
        "estimated_implementation_date": _timestamp(proposal.due) if proposal.due else None,
        "person_in_charge": esc(proposal.owner) if proposal.owner else None,
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


def _yes_no(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _pia_record(c: _Context, timestamp: str) -> dict[str, Any]:
    a = c.a
    opinion, views = a.dpo_opinion, a.subjects_views
    dpo_opinion = ""
    if opinion is not None:
        dpo_opinion = label(opinion.verdict, c.lang) + (f". {opinion.text}" if opinion.text else "")
    sought = bool(views and views.sought)
    record = {
        "id": PIA_ID,
        "status": 0,
        "name": esc(a.processing.name),
        "author_name": esc(a.author or ""),
        "evaluator_name": "",
        "validator_name": "",
        "dpo_status": _DPO_STATUS[opinion.verdict] if opinion else None,
        "dpo_opinion": esc(dpo_opinion),
        "dpos_names": esc(a.processing.dpo.name) if a.processing.dpo else "",
        "people_names": esc(views.who or "") if views else "",
        "concerned_people_opinion": esc(views.views or "") if views else "",
        # 1 "the processing could be implemented", 0 "should not be", as the data subjects concluded.
        "concerned_people_status": _yes_no(views.favourable) if views and sought else None,
        "rejection_reason": "",
        "applied_adjustments": "",
        "is_example": 0,
        "created_at": timestamp,
        "updated_at": timestamp,
        "concerned_people_searched_opinion": sought,
        "concerned_people_searched_content": esc(views.reason_not_sought or "") if views else "",
        "structure_id": None,
        "structure_name": "",
        "structure_sector_name": "",
        "structure_data": None,
        "category": "",
        "progress": 0,
        "lock_version": 0,
        "is_archive": 0,
    }
    if sought and views is not None and views.favourable is None:
        # Views sought, conclusion not given (a draft): leave the field out, as the tool's own export
        # does for a field never set. A null would break the tool: its summary and its PDF export test
        # `concerned_people_status >= 0`, true for null in JavaScript, then call `.toString()` on it
        # (`preview.component.ts`, `export.component.ts`), which throws on the validation pages.
        del record["concerned_people_status"]
    return record


def _gates_by_target(findings: Findings, encryption_ref: str | None) -> dict[str, list[Gate]]:
    targets: dict[str, list[Gate]] = {}
    for gate in evaluations.open_gates(findings):
        targets.setdefault(evaluations.gate_target(gate, encryption_ref), []).append(gate)
    return targets


def _extraterritorial_plan(findings: Findings, assessment: Assessment, lang: Lang) -> str:
    """The tool has no item for foreign access: what would lower it, and its weight, go with transfers (227)."""
    risk = findings.risk(RiskId.extraterritorial_access)
    plan = ""
    recommended = evaluations.recommendation_lines(findings, risk.id, assessment, lang)
    if recommended:
        plan += labelled(_t("recommended_measures", lang)) + ul(recommended)
    if risk.residual.level >= evaluations.HIGH:
        levels = {
            "severity": level_word(risk.residual.severity, lang).lower(),
            "likelihood": level_word(risk.residual.likelihood, lang).lower(),
        }
        plan += labelled(label(risk.id, lang) + _t("colon", lang).rstrip(), _t("residual_high_here", lang, **levels))
        if findings.prior_consultation:
            plan += p(_t("prior_consultation", lang))
    return plan


def build(assessment: Assessment, findings: Findings, lang: Lang = "fr") -> dict[str, Any]:
    """The import file as a JSON-ready dict, keys in the order the tool itself writes them."""
    c = _Context(assessment, findings, lang)
    day = assessment.date or (assessment.dpo_opinion.date if assessment.dpo_opinion else None)
    timestamp = _timestamp(day)

    data: dict[int, dict[str, Any]] = {}
    for ref, write in _TEXT_ANSWERS.items():
        c.question = ref
        data[ref] = _text(write(c))
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

    present = assessment.measures.present()
    measure_ids = {name: number for number, name in enumerate(present, start=1)}
    encryption_ref = f"3.1.{measure_ids['encryption']}" if "encryption" in measure_ids else None
    gates = _gates_by_target(findings, encryption_ref)
    measures = [
        {
            "id": measure_ids[name],
            "pia_id": PIA_ID,
            "title": esc(measure_title(name, lang)),
            "content": _measure_content(measure, lang),
            "placeholder": measure_placeholder(name),
            "created_at": timestamp,
            "updated_at": timestamp,
        }
        for name, measure in present.items()
    ]

    # In the order the tool's sections come: 1.1, 1.2, 2.1.x, 2.2.x, 3.1.<id>, 3.2, 3.3, 3.4.
    extraterritorial_plan = _extraterritorial_plan(findings, assessment, lang)
    measure_refs = {name: f"3.1.{number}" for name, number in measure_ids.items()}
    missing = evaluations.missing_by_ref(assessment, c.missing, measure_refs, lang)
    proposals = evaluations.section_proposals(missing, gates, lang, extraterritorial_plan)
    for name, measure in present.items():
        measure_ref = measure_refs[name]
        proposals[measure_ref] = evaluations.measure_proposal(
            name, measure, assessment, gates.get(measure_ref, []), missing.get(measure_ref, []), lang
        )
    for risk_id, item in RISK_ITEMS.items():
        risk = findings.risk(risk_id)
        proposals[item] = evaluations.risk_proposal(risk, assessment, findings, gates.get(item, []), lang)
    evaluation_records = [
        _evaluation(ref, number, proposal, timestamp)
        for number, (ref, proposal) in enumerate(proposals.items(), start=1)
    ]

    return {
        "pia": _pia_record(c, timestamp),
        "answers": answers,
        "measures": measures,
        "evaluations": evaluation_records,
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
