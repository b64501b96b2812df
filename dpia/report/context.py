"""The document context: everything a Word template can show, built from the answers and the scores.

`build_context(assessment, findings, provenance, lang)` is a pure function: no I/O, no clock. Every
value is already worded in the document's language (labels come from dpia.labels), so templates hold
layout and fixed headings only. The classes below are also the reference for template authors:
docs/template-context.md is generated from their field descriptions (`python -m dpia.report.docs`).

Values are plain text, numbers, booleans and lists; the renderer escapes them, so an answer
containing `<`, `&` or `{{ }}` appears literally.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from dpia.countries import country_name
from dpia.labels import Lang, catalogue, label
from dpia.model import (
    AccessControlMeasure,
    Assessment,
    BackupMeasure,
    EncryptionMeasure,
    Measure,
    Organisation,
    Provider,
    PseudonymisationMeasure,
    cnil_slug,
)
from dpia.report.riskmap import RiskMap, build_risk_map, letter
from dpia.scoring.findings import Findings, Level, Levels, Risk, RiskId

FEARED_EVENTS = (RiskId.illegitimate_access, RiskId.unwanted_modification, RiskId.disappearance)


class View(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------------------------------
# The context, section by section.


class Provenance(View):
    """Where the document comes from: enough to rebuild it and to prove which answers it reflects."""

    tool_version: str = Field(description="Version of dpia that built the document.")
    rules_version: str = Field(description="Version of the scoring rules.")
    answers_file: str = Field(description="Name of the answer file (no folder).")
    answers_sha256: str = Field(description="SHA-256 of the answer file's bytes.")
    template: str = Field(description="Name of the Word template used.")
    providers_kb_version: str = Field(
        "", description="Version of the provider knowledge base the providers' `kb` entries refer to, or empty."
    )


class DocumentInfo(View):
    title: str = Field(description="Document title, also set as the file's title property.")
    author: str = Field(description="Author from the answer file, or 'not provided'.")
    date: str = Field(description="Date of the assessment, written out (e.g. '12 mars 2021'), or 'not provided'.")
    date_iso: str = Field(description="Same date as YYYY-MM-DD, or empty.")
    lang: str = Field(description="Language of the document: 'fr' or 'en'.")


class OrganisationView(View):
    name: str = Field(description="Legal name.")
    country: str = Field(description="Country name.")
    type: str = Field(description="Kind of organisation.")
    contact: str = Field(description="Address or contact point, or 'not provided'.")


class DpoView(View):
    name: str = Field(description="Name of the DPO, or 'not provided'.")
    email: str = Field(description="E-mail of the DPO, or 'not provided'.")


class ProcessingView(View):
    name: str = Field(description="Name of the processing.")
    description: str = Field(description="What the processing does.")
    purposes: list[str] = Field(description="Each purpose.")
    controller: OrganisationView = Field(description="The controller.")
    joint_controllers: list[OrganisationView] = Field(description="Joint controllers (may be empty).")
    dpo: DpoView = Field(description="The controller's DPO.")
    standards: list[str] = Field(description="Codes of conduct, certifications and frameworks that apply.")
    standards_text: str = Field(description="The same, joined with '; ', or 'none'.")
    lifecycle: str = Field(description="The data life cycle, or 'not provided'.")


class ProviderView(View):
    name: str = Field(description="Legal name of the provider.")
    role: str = Field(description="Processor or sub-processor.")
    service: str = Field(description="What it does in the processing.")
    processor_of: str = Field(description="For a sub-processor, whom it works for; else empty.")
    country: str = Field(description="Country of its legal entity.")
    parent: str = Field(description="Ultimate parent and its country, or empty.")
    storage_countries: str = Field(description="Countries where it stores the data, joined.")
    backup_countries: str = Field(description="Countries where it keeps backups, joined.")
    administration_countries: str = Field(description="Countries from which it administers the systems, joined.")
    certifications: str = Field(description="Its certifications, joined, or 'none'.")
    art28_contract: str = Field(description="Yes/No: an Art. 28 contract binds it.")
    challenge_foreign_requests: str = Field(description="Yes/No: it must contest foreign access requests.")
    no_transfer_clause: str = Field(description="Yes/No: the contract forbids transfers outside the EEA.")
    transparency_report: str = Field(description="What government-request statistics it publishes.")


class LegalBasisView(View):
    art6: str = Field(description="The Art. 6(1) lawful basis.")
    art6_detail: str = Field(description="The text that grounds it, or 'not provided'.")
    art9: str = Field(description="The Art. 9(2) condition.")
    art9_detail: str = Field(description="The text that grounds it, or 'not provided'.")


class DataView(View):
    category: str = Field(description="Category of data.")
    description: str = Field(description="Which data exactly, or 'not provided'.")
    retention: str = Field(description="Retention in the active system, e.g. '3 mois'.")
    retention_note: str = Field(description="What starts the period and how deletion happens, or 'not provided'.")
    recipients: str = Field(description="Recipients, joined, or 'none'.")


class DataSubjectsView(View):
    categories: str = Field(description="Categories of data subjects, joined.")
    vulnerable_groups: str = Field(description="Vulnerable persons among them, joined, or 'none'.")
    high_interest_persons: str = Field(description="Yes/No: persons of interest to foreign authorities are in scope.")
    count: str = Field(description="Estimated number of persons, with thousands separators.")
    scope: str = Field(description="Geographic extent.")


class AssetView(View):
    name: str = Field(description="The supporting asset.")
    type: str = Field(description="Its kind, as the CNIL method lists them.")
    provider: str = Field(description="Provider that runs it, or empty.")


class RightsView(View):
    information: str = Field(description="How data subjects are informed, joined.")
    information_detail: str = Field(description="Where the notice is and what it says, or 'not provided'.")
    consent: str = Field(description="How consent is collected and withdrawn, or 'not provided'.")
    channels: str = Field(description="Channels to exercise rights, joined.")
    access_portability: str = Field(description="Access and portability, or 'not provided'.")
    rectification_erasure: str = Field(description="Rectification and erasure, or 'not provided'.")
    restriction_objection: str = Field(description="Restriction and objection, or 'not provided'.")
    response_time: str = Field(description="Time within which requests are answered, e.g. '30 jours'.")


class PrinciplesView(View):
    minimisation: str = Field(description="How data are minimised (the minimisation measure), or 'not provided'.")
    accuracy: str = Field(description="How data are kept accurate (rectification), or 'not provided'.")


class TransferView(View):
    recipient: str = Field(description="Who receives the data outside the EEA.")
    country: str = Field(description="Country of destination.")
    tool: str = Field(description="The Chapter V tool relied on.")
    impact_assessment: str = Field(description="Yes/No: a transfer impact assessment was carried out.")
    description: str = Field(description="What data go there and why, or 'not provided'.")


class MeasureView(View):
    name: str = Field(description="Name of the measure in the CNIL knowledge base.")
    slug: str = Field(description="CNIL knowledge-base reference, e.g. PIA_TEC_CHIF.")
    status: str = Field(description="Implemented or planned.")
    description: str = Field(description="How it is carried out, with its particulars, or 'not provided'.")


class LevelView(View):
    value: int = Field(description="1 to 4.")
    label: str = Field(description="E.g. 'Importante' / 'Significant'.")
    text: str = Field(description="E.g. '3. Importante'.")


class LevelsView(View):
    severity: LevelView = Field(description="Severity.")
    likelihood: LevelView = Field(description="Likelihood.")
    level: LevelView = Field(description="Risk level.")


class ReasonView(View):
    risk: str = Field(description="Name of the risk the rule moved.")
    rule: str = Field(description="Rule id, e.g. 'EXT-J2' (`dpia rules ID` explains it).")
    text: str = Field(description="What the rule found in this assessment.")
    citation: str = Field(description="Article, guideline or decision the rule rests on.")
    effect: str = Field(description="What it did to the level, or empty.")


class RiskView(View):
    id: str = Field(
        description="Stable id: illegitimate_access, unwanted_modification, disappearance, extraterritorial_access."
    )
    number: str = Field(description="Section number in the CNIL structure, e.g. '3.2'.")
    title: str = Field(description="Name of the risk.")
    letter: str = Field(description="Letter on the risk map, e.g. '(A)'.")
    impacts: str = Field(description="Potential impacts on data subjects, one per line, or 'not provided'.")
    threats: str = Field(description="Threats that could lead to the risk, one per line, or 'not provided'.")
    sources: str = Field(description="Risk sources, one per line, or 'not provided'.")
    measures: str = Field(description="Measures that address the risk, one per line, or 'none'.")
    initial: LevelsView = Field(description="Levels with the implemented measures.")
    residual: LevelsView = Field(description="Levels once the planned measures are in place too.")
    severity_change: str = Field(description="Severity, initial → residual.")
    likelihood_change: str = Field(description="Likelihood, initial → residual.")
    level_change: str = Field(description="Risk level, initial → residual.")
    severity_justification: str = Field(description="Why this severity, or 'not provided'.")
    likelihood_justification: str = Field(description="Why this likelihood, or 'not provided'.")
    reasons: list[ReasonView] = Field(description="Every rule that moved this risk, in the order applied.")


class GateView(View):
    id: str = Field(description="Check id.")
    status: str = Field(description="Compliant, not compliant, to review or not applicable.")
    text: str = Field(description="What was checked.")
    citation: str = Field(description="Its legal source.")


class ExtraterritorialView(View):
    risk: RiskView = Field(description="The extraterritorial-access risk, with its trace in `risk.reasons`.")
    cross_check: str = Field(description="The probability cross-check, worded, or empty when none was computed.")


class ActionView(View):
    title: str = Field(description="What will be done.")
    measure: str = Field(description="The catalogue measure it puts in place, or empty.")
    owner: str = Field(description="Who is in charge.")
    due: str = Field(description="Due date, written out.")
    status: str = Field(description="To do, in progress or done.")


class RecommendationView(View):
    measure: str = Field(description="Catalogue measure recommended.")
    risk: str = Field(description="The risk it lowers.")
    change: str = Field(description="Risk level before → after.")
    text: str = Field(description="Why, or empty.")


class DpoOpinionView(View):
    given: bool = Field(description="Whether the answer file holds the DPO's opinion.")
    verdict: str = Field(description="The DPO's conclusion, or 'not provided'.")
    text: str = Field(description="The opinion as written, or 'not provided'.")
    date: str = Field(description="When it was given, or 'not provided'.")


class SubjectsViewsView(View):
    given: bool = Field(description="Whether the answer file says anything about data subjects' views.")
    sought: str = Field(description="Yes/No: the views were sought, or 'not provided'.")
    who: str = Field(description="Whose views, or 'not provided'.")
    views: str = Field(description="Their views, or 'not provided'.")
    reason_not_sought: str = Field(description="Why they were not sought, or 'not provided'.")


class ConclusionView(View):
    dpia_required: bool = Field(description="The screening makes a DPIA mandatory.")
    prior_consultation: bool = Field(description="Art. 36 prior consultation of the CNIL is needed.")
    prior_consultation_label: str = Field(description="The same, as Yes/No.")
    no_go: bool = Field(description="A floor no measure can lift rules out the set-up as it stands.")
    paragraphs: list[str] = Field(description="The conclusion, one paragraph per entry.")


class CriterionView(View):
    id: str = Field(description="Criterion id.")
    text: str = Field(description="The criterion.")
    citation: str = Field(description="Its source (Art. 35(3), WP248, CNIL list).")
    met: str = Field(description="Yes/No.")
    because: str = Field(description="The facts that meet it, or empty.")


class ScreeningView(View):
    required: str = Field(description="Yes/No: a DPIA is mandatory.")
    summary: str = Field(description="The screening's conclusion, worded.")
    met_count: int = Field(description="How many criteria are met.")
    criteria: list[CriterionView] = Field(description="Every criterion examined.")
    criteria_met: list[CriterionView] = Field(description="Only the criteria met.")


class DocumentContext(View):
    """The variables a template can use. Each top-level field is a template variable."""

    document: DocumentInfo = Field(description="Title, author, date and language.")
    processing: ProcessingView = Field(description="Section 1.1: the processing and who is responsible for it.")
    providers: list[ProviderView] = Field(description="Sections 1.1 and 2.2: processors and sub-processors.")
    data: list[DataView] = Field(description="Section 1.2: data processed, with retention and recipients.")
    data_subjects: DataSubjectsView = Field(description="Section 1.2: whose data.")
    supporting_assets: list[AssetView] = Field(description="Section 1.2: supporting assets.")
    legal_basis: LegalBasisView = Field(description="Section 2.1: lawful basis and Art. 9(2) condition.")
    principles: PrinciplesView = Field(description="Section 2.1: minimisation and accuracy.")
    rights: RightsView = Field(description="Section 2.2: information and the exercise of rights.")
    transfers: list[TransferView] = Field(description="Section 2.2: transfers outside the EEA (may be empty).")
    measures: list[MeasureView] = Field(description="Section 3.1: existing and planned measures.")
    feared_events: list[RiskView] = Field(
        description="Sections 3.2 to 3.4: illegitimate access, unwanted modification, disappearance."
    )
    extraterritorial: ExtraterritorialView = Field(description="Section 3.5: extraterritorial access and its trace.")
    risks: list[RiskView] = Field(description="Section 3.6 overview: all four risks, in order.")
    gates: list[GateView] = Field(description="Compliance checks reported beside the scores.")
    risk_map: RiskMap = Field(description="Section 4.1: the risk map.")
    action_plan: list[ActionView] = Field(description="Section 4.2: actions with owner and date.")
    recommendations: list[RecommendationView] = Field(description="Section 4.2: measures the scoring recommends.")
    dpo_opinion: DpoOpinionView = Field(description="Section 4.3: the DPO's opinion.")
    subjects_views: SubjectsViewsView = Field(description="Section 4.3: the data subjects' views.")
    conclusion: ConclusionView = Field(description="Section 4.4: conclusion, Art. 36 included.")
    screening: ScreeningView = Field(description="Annex A: the DPIA screening.")
    rules: list[ReasonView] = Field(description="Annex B: every scoring rule that fired, with its citation.")
    provenance: Provenance = Field(description="Annex C: tool version, rules version, SHA-256 of the answer file.")


# --------------------------------------------------------------------------------------------------
# Wording helpers.


class _Words:
    """The document's language: labels and composed sentences from the catalogue."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self._report = catalogue(lang)["Report"]

    def __call__(self, key: str, **values: object) -> str:
        return self._report[key].format(**values)

    def text(self, value: str | None) -> str:
        return value if value else self("not_provided")

    def join(self, values: Iterable[str], separator: str = "; ") -> str:
        items = [value for value in values if value]
        return separator.join(items) if items else self("none")

    def lines(self, values: Iterable[str]) -> str:
        # docxtpl turns "\n" in a value into a line break inside the paragraph.
        return self.join(values, "\n")

    def labels(self, values: Iterable[Enum]) -> str:
        return self.join(label(value, self.lang) for value in values)

    def yes_no(self, value: bool) -> str:
        return label(value, self.lang)

    def country(self, code: str | None) -> str:
        return country_name(code, self.lang) if code else ""

    def countries(self, codes: Iterable[str]) -> str:
        return self.join(self.country(code) for code in codes)

    def date(self, value: dt.date | None) -> str:
        if value is None:
            return self("not_provided")
        return self("date", day=value.day, month=self(f"month_{value.month}"), year=value.year)

    def number(self, value: int) -> str:
        return f"{value:,}".replace(",", self("thousands_separator"))

    def months(self, count: int) -> str:
        return self("months_one" if count == 1 else "months", n=count)

    def level(self, value: Level) -> LevelView:
        name = label(value, self.lang)
        return LevelView(value=int(value), label=name, text=self("level_text", value=int(value), label=name))

    def levels(self, levels: Levels) -> LevelsView:
        return LevelsView(
            severity=self.level(levels.severity),
            likelihood=self.level(levels.likelihood),
            level=self.level(levels.level),
        )

    def change(self, initial: Level, residual: Level) -> str:
        return self("level_change", initial=self.level(initial).text, residual=self.level(residual).text)


# --------------------------------------------------------------------------------------------------
# Builders.


def _organisation(organisation: Organisation, words: _Words) -> OrganisationView:
    return OrganisationView(
        name=organisation.name,
        country=words.country(organisation.country),
        type=label(organisation.type, words.lang),
        contact=words.text(organisation.contact),
    )


def _provider(provider: Provider, words: _Words) -> ProviderView:
    certifications = provider.certifications
    held = [label(certifications.hds, words.lang)] if certifications.hds.value != "none" else []
    held += [name for name, on in (("SecNumCloud", certifications.secnumcloud),
                                   ("ISO/IEC 27001", certifications.iso27001),
                                   ("ISO/IEC 27701", certifications.iso27701)) if on]  # fmt: skip
    parent = ""
    if provider.parent:
        parent = provider.parent + (f" ({words.country(provider.parent_country)})" if provider.parent_country else "")
    commitments = provider.commitments
    return ProviderView(
        name=provider.name,
        role=label(provider.role, words.lang),
        service=label(provider.service, words.lang),
        processor_of=provider.processor_of or "",
        country=words.country(provider.country),
        parent=parent,
        storage_countries=words.countries(provider.storage_countries),
        backup_countries=words.countries(provider.backup_countries),
        administration_countries=words.countries(provider.administration_countries),
        certifications=words.join(held, ", "),
        art28_contract=words.yes_no(commitments.art28_contract),
        challenge_foreign_requests=words.yes_no(commitments.challenge_foreign_requests),
        no_transfer_clause=words.yes_no(commitments.no_transfer_clause),
        transparency_report=label(commitments.transparency_report, words.lang),
    )


def _measure_particulars(measure: Measure, words: _Words) -> list[str]:
    """The measure-specific facts (keys, MFA, backups) worded as 'Name: value'."""
    lang = words.lang
    facts: list[tuple[str, str]] = []
    if isinstance(measure, EncryptionMeasure):
        if measure.in_transit is not None:
            facts.append(("in_transit", label(measure.in_transit, lang)))
        facts.append(("key_management", label(measure.key_management, lang)))
        if measure.key_holder or measure.key_holder_country:
            country = words.country(measure.key_holder_country)
            facts.append(("key_holder", ", ".join(part for part in (measure.key_holder or "", country) if part)))
    elif isinstance(measure, PseudonymisationMeasure):
        if measure.secret_holder or measure.secret_holder_country:
            country = words.country(measure.secret_holder_country)
            facts.append(("secret_holder", ", ".join(part for part in (measure.secret_holder or "", country) if part)))
    elif isinstance(measure, AccessControlMeasure):
        facts.append(("multi_factor", words.yes_no(measure.multi_factor)))
    elif isinstance(measure, BackupMeasure):
        if measure.retention_months is not None:
            facts.append(("backup_retention", words.months(measure.retention_months)))
        facts.append(("restore_tested", words.yes_no(measure.restore_tested)))
    separator = " : " if lang == "fr" else ": "
    return [f"{words(key)}{separator}{value}" for key, value in facts]


def _measures(assessment: Assessment, words: _Words) -> list[MeasureView]:
    views = []
    for name, measure in assessment.measures.present().items():
        details = ([measure.description] if measure.description else []) + _measure_particulars(measure, words)
        views.append(
            MeasureView(
                name=label(name, words.lang, "Measure"),
                slug=cnil_slug(name),
                status=label(measure.status, words.lang),
                description=words.lines(details) if details else words("not_provided"),
            )
        )
    return views


def _reason_views(risk: Risk, words: _Words) -> list[ReasonView]:
    title = label(risk.id, words.lang)
    return [
        ReasonView(risk=title, rule=reason.rule, text=reason.text, citation=reason.citation, effect=reason.effect)
        for reason in risk.reasons
    ]


_SECTION_NUMBER = {
    RiskId.illegitimate_access: "3.2",
    RiskId.unwanted_modification: "3.3",
    RiskId.disappearance: "3.4",
    RiskId.extraterritorial_access: "3.5",
}


def _risk(risk: Risk, words: _Words) -> RiskView:
    lang = words.lang
    empty = words("not_provided")
    return RiskView(
        id=risk.id.value,
        number=_SECTION_NUMBER[risk.id],
        title=label(risk.id, lang),
        letter=letter(risk.id, lang),
        impacts=words.lines(risk.impacts) if risk.impacts else empty,
        threats=words.lines(risk.threats) if risk.threats else empty,
        sources=words.lines(risk.sources) if risk.sources else empty,
        measures=words.lines(label(name, lang, "Measure") for name in risk.measures),
        initial=words.levels(risk.initial),
        residual=words.levels(risk.residual),
        severity_change=words.change(risk.initial.severity, risk.residual.severity),
        likelihood_change=words.change(risk.initial.likelihood, risk.residual.likelihood),
        level_change=words.change(risk.initial.level, risk.residual.level),
        severity_justification=words.text(risk.severity_justification),
        likelihood_justification=words.text(risk.likelihood_justification),
        reasons=_reason_views(risk, words),
    )


def _percent(value: float, lang: Lang) -> str:
    # French writes 3,0 % (decimal comma, non-breaking space before the sign).
    return f"{value:.1%}" if lang == "en" else f"{value * 100:.1f}\u00a0%".replace(".", ",")


def _extraterritorial(findings: Findings, words: _Words) -> ExtraterritorialView:
    risk = _risk(findings.risk(RiskId.extraterritorial_access), words)
    check = findings.cross_check
    if check is None:
        return ExtraterritorialView(risk=risk, cross_check="")
    sentence = words(
        "cross_check",
        formula=check.formula,
        probability=_percent(check.probability, words.lang),
        years=f"{check.years:g}",
        band=label(check.band, words.lang),
    )
    verdict = words("cross_check_agrees" if check.agrees else "cross_check_disagrees")
    return ExtraterritorialView(risk=risk, cross_check=f"{sentence} {verdict}")


def _conclusion(assessment: Assessment, findings: Findings, words: _Words) -> ConclusionView:
    lang = words.lang
    paragraphs = [_screening_summary(findings, words)]
    if findings.risks:
        highest = max(findings.risks, key=lambda risk: risk.residual.level)  # first of the highest, in order
        paragraphs.append(
            words("highest_residual", risk=label(highest.id, lang), level=words.level(highest.residual.level).text)
        )
    if findings.no_go:
        paragraphs.append(words("no_go"))
    if findings.prior_consultation:
        paragraphs.append(words("prior_consultation_needed"))
    elif findings.dpia_required:
        paragraphs.append(words("prior_consultation_not_needed"))
    else:
        paragraphs.append(words("prior_consultation_not_required_dpia"))
    paragraphs.append(words("actions", count=len(assessment.action_plan)))
    if assessment.dpo_opinion is not None:
        paragraphs.append(words("dpo_verdict", verdict=label(assessment.dpo_opinion.verdict, lang)))
    else:
        paragraphs.append(words("dpo_missing"))
    return ConclusionView(
        dpia_required=findings.dpia_required,
        prior_consultation=findings.prior_consultation,
        prior_consultation_label=words.yes_no(findings.prior_consultation),
        no_go=findings.no_go,
        paragraphs=paragraphs,
    )


def _screening_summary(findings: Findings, words: _Words) -> str:
    screening = findings.screening
    met = sum(criterion.met for criterion in screening.criteria)
    total = len(screening.criteria)
    if screening.required:
        summary = words("screening_required", count=met, total=total)
    else:
        summary = words("screening_not_required", total=total)
    if screening.exempt:
        summary += " " + words("screening_exempt")
    return summary


def _screening(findings: Findings, words: _Words) -> ScreeningView:
    screening = findings.screening
    criteria = [
        CriterionView(
            id=criterion.id,
            text=criterion.text,
            citation=criterion.citation,
            met=words.yes_no(criterion.met),
            because=criterion.because,
        )
        for criterion in screening.criteria
    ]
    summary = _screening_summary(findings, words)
    if screening.summary:
        summary += " " + screening.summary
    return ScreeningView(
        required=words.yes_no(screening.required),
        summary=summary,
        met_count=sum(criterion.met for criterion in screening.criteria),
        criteria=criteria,
        criteria_met=[view for view, criterion in zip(criteria, screening.criteria, strict=True) if criterion.met],
    )


def build_context(assessment: Assessment, findings: Findings, provenance: Provenance, lang: Lang) -> DocumentContext:
    """Everything the template shows, worded in `lang`. Pure: same inputs, same context."""
    words = _Words(lang)
    processing = assessment.processing
    rights = assessment.rights
    measures = assessment.measures
    ordered = [findings.risk(risk_id) for risk_id in RiskId if any(r.id == risk_id for r in findings.risks)]
    feared = [_risk(risk, words) for risk in ordered if risk.id in FEARED_EVENTS]

    dpo = processing.dpo
    opinion = assessment.dpo_opinion
    views = assessment.subjects_views
    return DocumentContext(
        document=DocumentInfo(
            title=words("title"),
            author=words.text(assessment.author),
            date=words.date(assessment.date),
            date_iso=assessment.date.isoformat() if assessment.date else "",
            lang=lang,
        ),
        processing=ProcessingView(
            name=processing.name,
            description=processing.description,
            purposes=list(processing.purposes),
            controller=_organisation(processing.controller, words),
            joint_controllers=[_organisation(org, words) for org in processing.joint_controllers],
            dpo=DpoView(name=words.text(dpo.name if dpo else None), email=words.text(dpo.email if dpo else None)),
            standards=list(processing.standards),
            standards_text=words.join(processing.standards),
            lifecycle=words.text(processing.lifecycle),
        ),
        providers=[_provider(provider, words) for provider in assessment.providers],
        data=[
            DataView(
                category=label(item.category, lang),
                description=words.text(item.description),
                retention=words.months(item.retention_months),
                retention_note=words.text(item.retention_note),
                recipients=words.join(item.recipients),
            )
            for item in assessment.data
        ],
        data_subjects=DataSubjectsView(
            categories=words.labels(assessment.data_subjects.categories),
            vulnerable_groups=words.labels(assessment.data_subjects.vulnerable_groups),
            high_interest_persons=words.yes_no(assessment.data_subjects.high_interest_persons),
            count=words.number(assessment.data_subjects.count),
            scope=label(assessment.data_subjects.scope, lang),
        ),
        supporting_assets=[
            AssetView(name=asset.name, type=label(asset.type, lang), provider=asset.provider or "")
            for asset in assessment.supporting_assets
        ],
        legal_basis=LegalBasisView(
            art6=label(assessment.legal_basis.art6, lang),
            art6_detail=words.text(assessment.legal_basis.art6_detail),
            art9=label(assessment.legal_basis.art9, lang),
            art9_detail=words.text(assessment.legal_basis.art9_detail),
        ),
        principles=PrinciplesView(
            minimisation=words.text(measures.minimisation.description if measures.minimisation else None),
            accuracy=words.text(rights.rectification_erasure),
        ),
        rights=RightsView(
            information=words.labels(rights.information),
            information_detail=words.text(rights.information_detail),
            consent=words.text(rights.consent),
            channels=words.labels(rights.channels),
            access_portability=words.text(rights.access_portability),
            rectification_erasure=words.text(rights.rectification_erasure),
            restriction_objection=words.text(rights.restriction_objection),
            response_time=words("days", n=rights.response_days),
        ),
        transfers=[
            TransferView(
                recipient=transfer.recipient,
                country=words.country(transfer.country),
                tool=label(transfer.tool, lang),
                impact_assessment=words.yes_no(transfer.impact_assessment),
                description=words.text(transfer.description),
            )
            for transfer in assessment.transfers
        ],
        measures=_measures(assessment, words),
        feared_events=feared,
        extraterritorial=_extraterritorial(findings, words),
        risks=[_risk(risk, words) for risk in ordered],
        gates=[
            GateView(id=gate.id, status=label(gate.status, lang), text=gate.text, citation=gate.citation)
            for gate in findings.gates
        ],
        risk_map=build_risk_map(ordered, lang),
        action_plan=[
            ActionView(
                title=action.title,
                measure=label(action.measure, lang) if action.measure is not None else "",
                owner=action.owner,
                due=words.date(action.due),
                status=label(action.status, lang),
            )
            for action in assessment.action_plan
        ],
        recommendations=[
            RecommendationView(
                measure=label(recommendation.measure, lang, "Measure"),
                risk=label(recommendation.risk, lang),
                change=words.change(recommendation.before.level, recommendation.after.level),
                text=recommendation.text,
            )
            for recommendation in findings.recommendations
        ],
        dpo_opinion=DpoOpinionView(
            given=opinion is not None,
            verdict=label(opinion.verdict, lang) if opinion else words("not_provided"),
            text=words.text(opinion.text if opinion else None),
            date=words.date(opinion.date if opinion else None),
        ),
        subjects_views=SubjectsViewsView(
            given=views is not None,
            sought=words.yes_no(views.sought) if views else words("not_provided"),
            who=words.text(views.who if views else None),
            views=words.text(views.views if views else None),
            reason_not_sought=words.text(views.reason_not_sought if views else None),
        ),
        conclusion=_conclusion(assessment, findings, words),
        screening=_screening(findings, words),
        rules=[reason for risk in ordered for reason in _reason_views(risk, words)],
        provenance=provenance,
    )


def template_variables(context: DocumentContext) -> dict[str, Any]:
    """The context as plain dicts and lists, the only kind of value a template sees."""
    return context.model_dump(mode="json")
