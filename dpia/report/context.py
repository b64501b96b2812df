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
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from dpia.completeness import missing as find_missing
from dpia.completeness import needs_art9, undecided_actions
from dpia.countries import EEA
from dpia.labels import Lang, label
from dpia.model import (
    AccessControlMeasure,
    Art6Basis,
    Art9Condition,
    Assessment,
    BackupMeasure,
    ControllerType,
    Decision,
    EncryptionMeasure,
    Measure,
    Organisation,
    Provider,
    PseudonymisationMeasure,
    Rights,
    cnil_slug,
)
from dpia.report import foreign_law, prose
from dpia.report.actions import decisions_to_take, proposed_actions
from dpia.report.high_grid import HighGridView, high_grid
from dpia.report.level_matrix import MatrixView, level_matrix
from dpia.report.riskmap import RiskMap, build_risk_map, letter
from dpia.report.severity import SECTION_NUMBER, impacts, selectors_caveat
from dpia.report.words import Words, capitalised, unbroken
from dpia.scoring.engine import high
from dpia.scoring.findings import Criterion, Findings, ForeignLink, Gate, GateStatus, Level, Levels, Risk, RiskId
from dpia.scoring.rules import sources_in_force

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
    author: str = Field(description="Author from the answer file, or 'to be completed'.")
    date: str = Field(description="Date of the assessment, written out (e.g. '12 mars 2021'), or 'to be completed'.")
    date_iso: str = Field(description="Same date as YYYY-MM-DD, or empty.")
    lang: str = Field(description="Language of the document: 'fr' or 'en'.")
    draft: bool = Field(description="True when answers are missing: the document is a draft.")
    status: str = Field(description="'PROJET' / 'DRAFT' for a draft, else empty.")
    header: str = Field(description="The page header: the status (if a draft), title and processing.")
    version: str = Field(description="Latest version from the history, or empty.")


class OrganisationView(View):
    name: str = Field(description="Legal name.")
    country: str = Field(description="Country name.")
    type: str = Field(description="Kind of organisation.")
    contact: str = Field(description="Address or contact point, or 'to be completed'.")


class DpoView(View):
    name: str = Field(description="Name of the DPO, or 'to be completed'.")
    person: str = Field(description="Name of the person who holds the DPO function, or a blank to fill in by hand.")
    email: str = Field(description="E-mail of the DPO, or 'to be completed'.")


class ProcessingView(View):
    name: str = Field(description="Name of the processing.")
    description: str = Field(description="What the processing does.")
    purposes: list[str] = Field(description="Each purpose.")
    controller: OrganisationView = Field(description="The controller.")
    joint_controllers: list[OrganisationView] = Field(description="Joint controllers (may be empty).")
    dpo: DpoView = Field(description="The controller's DPO.")
    standards: list[str] = Field(description="Codes of conduct, certifications and frameworks that apply.")
    standards_text: str = Field(description="The same, joined with '; ', or 'none'.")
    lifecycle: str = Field(description="The data life cycle, or 'to be completed'.")


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
    art6_detail: str = Field(description="The text that grounds it, or 'to be completed'.")
    art9: str = Field(description="The Art. 9(2) condition.")
    art9_detail: str = Field(description="The text that grounds it, or 'to be completed'.")


class DataView(View):
    category: str = Field(description="Category of data.")
    description: str = Field(description="Which data exactly, or 'to be completed'.")
    retention: str = Field(description="Retention in the active system, e.g. '3 mois'.")
    retention_note: str = Field(description="What starts the period and how deletion happens, or 'to be completed'.")
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
    information_detail: str = Field(description="Where the notice is and what it says, or 'to be completed'.")
    consent: str = Field(description="How consent is collected and withdrawn, or 'to be completed'.")
    channels: str = Field(description="Channels to exercise rights, joined.")
    access_portability: str = Field(description="Access and portability, or 'to be completed'.")
    rectification_erasure: str = Field(description="Rectification and erasure, or 'to be completed'.")
    restriction_objection: str = Field(description="Restriction and objection, or 'to be completed'.")
    response_time: str = Field(description="Time within which requests are answered, e.g. '30 jours'.")


class PrinciplesView(View):
    minimisation: str = Field(description="How data are minimised (the minimisation measure), or 'to be completed'.")
    accuracy: str = Field(description="How data are kept accurate (rectification), or 'to be completed'.")


class TransferView(View):
    recipient: str = Field(description="Who receives the data outside the EEA.")
    country: str = Field(description="Country of destination.")
    tool: str = Field(description="The Chapter V tool relied on.")
    impact_assessment: str = Field(description="Yes/No: a transfer impact assessment was carried out.")
    description: str = Field(description="What data go there and why, or 'to be completed'.")


class MeasureView(View):
    name: str = Field(description="Name of the measure in the CNIL knowledge base.")
    slug: str = Field(description="CNIL knowledge-base reference, e.g. PIA_TEC_CHIF.")
    status: str = Field(description="Implemented or planned.")
    description: str = Field(description="How it is carried out, with its particulars, or 'to be completed'.")


class LevelView(View):
    value: int = Field(description="1 to 4.")
    label: str = Field(description="E.g. 'Importante' / 'Significant'.")
    text: str = Field(description="E.g. '3. Importante'.")


class LevelsView(View):
    severity: LevelView = Field(description="Severity.")
    likelihood: LevelView = Field(description="Likelihood.")
    level: LevelView = Field(
        description="The scoring's combined risk level (used to rank the risks; the shipped templates print the "
        "pair and `high` instead, as the CNIL method does)."
    )
    high: bool = Field(description="Whether this pair of severity and likelihood is high (Art. 36 rule, LVL-ART36).")
    high_label: str = Field(description="The same, as Yes/No.")


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
    impacts: str = Field(description="Potential impacts on data subjects, one per line, or 'to be completed'.")
    threats: str = Field(description="Threats that could lead to the risk, one per line, or 'to be completed'.")
    sources: str = Field(description="Risk sources, one per line, or 'to be completed'.")
    measures: str = Field(description="Measures that address the risk, one per line, or 'none'.")
    initial: LevelsView = Field(description="Levels with the implemented measures.")
    residual: LevelsView = Field(description="Levels once the planned measures are in place too.")
    severity_change: str = Field(description="Severity, initial → residual.")
    likelihood_change: str = Field(description="Likelihood, initial → residual.")
    level_change: str = Field(
        description="Combined risk level, initial → residual (not printed by the shipped templates)."
    )
    high_change: str = Field(description="Whether the risk is high (Art. 36 rule), initial → residual: 'Non → Non'.")
    severity_justification: str = Field(description="Why this severity, or 'to be completed'.")
    likelihood_justification: str = Field(description="Why this likelihood, or 'to be completed'.")
    reasons: list[ReasonView] = Field(description="Every rule that moved this risk, in the order applied.")


class GateView(View):
    id: str = Field(description="Check id.")
    status: str = Field(description="Compliant, not compliant, to review or not applicable.")
    text: str = Field(description="What was checked.")
    citation: str = Field(description="Its legal source.")


class ExtraterritorialView(View):
    risk: RiskView = Field(description="The extraterritorial-access risk, with its trace in `risk.reasons`.")
    law: list[str] = Field(
        default_factory=list,
        description="Section 2.2, after the transfers: access by third-country authorities (GDPR Art. 48), "
        "provider by provider, with the dated laws that allow it and the safeguards recorded.",
    )


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
    verdict: str = Field(description="The DPO's conclusion, or 'to be completed'.")
    text: str = Field(description="The opinion as written, or 'to be completed'.")
    date: str = Field(description="When it was given, or 'to be completed'.")


class SubjectsViewsView(View):
    given: bool = Field(description="Whether the answer file says anything about data subjects' views.")
    sought: str = Field(description="Yes/No: the views were sought, or 'to be completed'.")
    who: str = Field(description="Whose views, or 'to be completed'.")
    views: str = Field(description="Their views, or 'to be completed'.")
    reason_not_sought: str = Field(description="Why they were not sought, or 'not applicable'.")
    followed: str = Field(description="Yes/No: their views were followed, or 'not applicable'.")
    planned: str = Field(
        description="A consultation planned for later; when they were not sought and none is planned, says so."
    )


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
    criteria_not_met: list[CriterionView] = Field(description="Only the criteria not met.")
    not_met_text: str = Field(description="The criteria not met, joined in one sentence (the compact annex).")


class MissingView(View):
    path: str = Field(description="The answer-file field to fill, e.g. 'data[0].need'.")
    text: str = Field(description="What is missing, in words.")


class SummaryRiskView(View):
    letter: str = Field(description="Letter on the risk map.")
    title: str = Field(description="Name of the risk.")
    initial: str = Field(
        description="Initial combined level, e.g. '2. Limitée' (not printed by the shipped templates)."
    )
    residual: str = Field(description="Residual combined level (not printed by the shipped templates).")
    severity: str = Field(
        description="Severity, initial → residual, e.g. '2. Limitée → 2. Limitée', with a no-break space after each "
        "number (a narrow column breaks the line at the arrow)."
    )
    likelihood: str = Field(description="Likelihood, initial → residual, written the same way.")
    high: bool = Field(description="Whether the residual risk is high (Art. 36 rule, LVL-ART36).")
    high_label: str = Field(description="The same, as Yes/No.")
    high_change: str = Field(description="Whether the risk is high (Art. 36 rule), initial → residual: 'Non → Non'.")


class SummaryView(View):
    processing: str = Field(description="The processing in one paragraph: what, who, for whom, how many.")
    decision: str = Field(description="The decision asked of the controller.")
    risks: list[SummaryRiskView] = Field(
        description="The risk table: each risk, its severity and likelihood (initial → residual) and whether the "
        "residual risk is high."
    )
    findings: list[str] = Field(description="The key findings, one sentence each.")
    actions: list[str] = Field(description="The actions, planned and proposed, one line each.")


class ScaleRowView(View):
    level: str = Field(description="E.g. '2. Limitée'.")
    severity: str = Field(description="What the severity level means (CNIL scale).")
    likelihood: str = Field(description="What the likelihood level means (CNIL scale).")


class MethodView(View):
    paragraphs: list[str] = Field(description="How the levels are reached, including the foreign-access model.")
    as_of: str = Field(description="'Droit applicable au 12 mars 2021' / 'Law as of 12 March 2021', or empty.")
    rules_applied: str = Field(
        "",
        description="The scoring rules as the provenance annex states them: in their state at the as-of date, with "
        "the tool's rule-set identifier (which is not a date of law).",
    )
    scale: list[ScaleRowView] = Field(description="The four levels with their CNIL meaning.")
    matrix: MatrixView = Field(
        description="The grid that gives each risk its level from its severity and likelihood, as the scoring "
        "applies it (rule LVL-MATRIX), with the cells the Art. 36 rule holds high (not printed by the shipped "
        "templates: the CNIL method computes no combined level)."
    )
    high_grid: HighGridView = Field(
        description="The grid of the Art. 36 rule (LVL-ART36): for each pair of severity and likelihood, whether a "
        "risk is high, from the scoring's own test; axes named in a header row and column; captioned with the rule's "
        "sources in force at the as-of date."
    )
    sources: list[str] = Field(description="The public sources of the method, each with its date.")


class NecessityItemView(View):
    category: str = Field(description="Category of data.")
    data: str = Field(description="Which data exactly.")
    need: str = Field(description="Why they are needed for the purposes.")
    retention: str = Field(description="How long they are kept, e.g. '3 mois'.")
    retention_reason: str = Field(description="Why that long.")


class NecessityView(View):
    data: list[NecessityItemView] = Field(description="Per data item: why needed and why that long (Art. 35(7)(b)).")
    alternatives: str = Field(description="Less intrusive alternatives considered and why they were set aside.")


class ProposedActionView(View):
    title: str = Field(description="What the analysis proposes to do.")
    origin: str = Field(description="The finding it answers (a check to review or failed, or a recommendation).")
    owner: str = Field(
        description="Who carries it, as the controller decided; before a decision 'To be designated by the "
        "controller' (never the DPO by default); for an action set aside, 'not applicable'."
    )
    key: str = Field(description="What the answer file's decision names it by (validation.actions[].action).")
    decided: bool = Field(description="Whether the controller has decided on it.")
    retained: bool = Field(description="Whether the controller retained it (false when set aside or undecided).")
    decision: str = Field(description="'Retained', 'Set aside' or 'To be determined'.")
    due: str = Field(description="The due date of a retained action, else 'not applicable' or 'to be completed'.")
    reason: str = Field(description="Why it is set aside, else 'not applicable'.")
    decision_text: str = Field(
        description="The decision in one line: 'Retained: owner, due date', 'Set aside: reason', or 'To be determined'."
    )
    dpo_requested: bool = Field(description="The DPO's opinion asks for this action.")


class ChangesView(View):
    """What changed since the previous version (`dpia build --previous OLD`), in sentences."""

    previous: str = Field(description="The previous version: its number or file, date and author.")
    moved: bool = Field(description="A risk level, a flag or a check's status moved.")
    summary: str = Field(description="One sentence: what moved, or that only answers' wording changed.")
    levels: list[str] = Field(
        description="Severities and likelihoods that moved, initial and residual, written '2→3' (the combined level, "
        "which the CNIL method does not define, is left to `dpia diff`)."
    )
    flags: list[str] = Field(description="DPIA required, prior consultation (Art. 36), no-go: turned on or off.")
    checks: list[str] = Field(description="Compliance checks whose status changed.")
    answers: list[str] = Field(description="Answers that changed: the question, before and after.")
    legal: list[str] = Field(description="Legal texts that came into force or ceased between the two dates.")


class ValidationView(View):
    given: bool = Field(description="Whether the controller's decision is recorded.")
    decision: str = Field(description="Approved, approved with conditions, refused or prior consultation.")
    conditions: str = Field(description="The conditions, or 'not applicable'.")
    decided_by: str = Field(description="Name and position of who decides.")
    date: str = Field(description="Date of the decision.")
    dpo_opinion_followed: str = Field(
        description="Yes/No: the DPO's opinion was followed; 'to be determined' while an action the opinion asks "
        "for is undecided (never 'Yes' unless each of them is retained)."
    )
    departure_reason: str = Field(description="Why the DPO's opinion was not followed, or 'not applicable'.")
    review_date: str = Field(description="When the DPIA will be reviewed (Art. 35(11)).")
    signatory: str = Field(description="Name of the person who signs, or a blank to fill in by hand.")
    dpo_requests: list[str] = Field(
        description="The actions the DPO's opinion asks for, each with the decision taken on it (may be empty)."
    )
    dpo_requests_text: str = Field(description="The same, joined, or a sentence saying the opinion asks for none.")


class RevisionView(View):
    version: str = Field(description="Version number.")
    date: str = Field(description="Date of the version.")
    author: str = Field(description="Who wrote it.")
    changes: str = Field(description="What changed.")


class DocumentContext(View):
    """The variables a template can use. Each top-level field is a template variable."""

    context_version: str = Field(description="Version of this context; docs/template-context.md says what changed.")
    document: DocumentInfo = Field(description="Title, author, date, language and draft status.")
    missing: list[MissingView] = Field(description="The answers still missing; the document is a draft if any.")
    summary: SummaryView = Field(description="Executive summary.")
    method: MethodView = Field(description="The method: scales, how levels are reached, sources.")
    necessity: NecessityView = Field(description="Section 2.1: necessity and proportionality per data item.")
    proposed_actions: list[ProposedActionView] = Field(
        description="Section 4.2: actions the analysis proposes (checks to review or failed, recommendations)."
    )
    validation: ValidationView = Field(description="Section 4.4: the controller's decision.")
    history: list[RevisionView] = Field(description="Versions of the document.")
    changes: ChangesView | None = Field(None, description="Changes since the previous version, when one is given.")
    trace: bool = Field(description="Whether the technical annex with the rule trace is printed (dpia build --trace).")
    processing: ProcessingView = Field(description="Section 1.1: the processing and who is responsible for it.")
    providers: list[ProviderView] = Field(description="Sections 1.1 and 2.2: processors and sub-processors.")
    data: list[DataView] = Field(description="Section 1.2: data processed, with retention and recipients.")
    data_subjects: DataSubjectsView = Field(description="Section 1.2: whose data.")
    supporting_assets: list[AssetView] = Field(description="Section 1.2: supporting assets.")
    legal_basis: LegalBasisView = Field(description="Section 2.1: lawful basis and Art. 9(2) condition.")
    principles: PrinciplesView = Field(description="Section 2.1: minimisation and accuracy.")
    rights: RightsView = Field(description="Section 2.2: information and the exercise of rights.")
    transfers: list[TransferView] = Field(description="Section 2.2: transfers outside the EEA (may be empty).")
    no_transfers_text: str = Field(
        description="Section 2.2 when `transfers` is empty: no transfer outside the EEA is declared, for the "
        "identified providers only when some sub-processors are not identified (those are named)."
    )
    measures: list[MeasureView] = Field(description="Section 3.1: existing and planned measures.")
    feared_events: list[RiskView] = Field(
        description="Sections 3.2 to 3.4: illegitimate access, unwanted modification, disappearance."
    )
    extraterritorial: ExtraterritorialView = Field(description="Section 3.5: extraterritorial access.")
    risks: list[RiskView] = Field(
        description="All four risks, in order (the shipped templates' overview of section 3.6 prints `summary.risks`)."
    )
    gates: list[GateView] = Field(description="Compliance checks reported beside the scores.")
    risk_map: RiskMap = Field(description="Section 4.1: the risk map.")
    action_plan: list[ActionView] = Field(description="Section 4.2: actions with owner and date.")
    recommendations: list[RecommendationView] = Field(description="Section 4.2: measures the scoring recommends.")
    dpo_opinion: DpoOpinionView = Field(description="Section 4.3: the DPO's opinion.")
    subjects_views: SubjectsViewsView = Field(description="Section 4.3: the data subjects' views.")
    conclusion: ConclusionView = Field(description="Section 4.4: conclusion, Art. 36 included.")
    screening: ScreeningView = Field(description="Annex A: the DPIA screening.")
    rules: list[ReasonView] = Field(description="Technical annex (only with --trace): every rule that fired.")
    provenance: Provenance = Field(description="Annex C: tool version, rules version, SHA-256 of the answer file.")


# --------------------------------------------------------------------------------------------------
# Builders.

CONTEXT_VERSION = "2.5"


def _level(value: Level, words: Words) -> LevelView:
    return LevelView(value=int(value), label=words.level_label(value), text=words.level_text(value))


def _levels(levels: Levels, words: Words) -> LevelsView:
    return LevelsView(
        severity=_level(levels.severity, words),
        likelihood=_level(levels.likelihood, words),
        level=_level(levels.level, words),
        high=high(levels),
        high_label=words.yes_no(high(levels)),
    )


def _arrow(initial: str, residual: str, words: Words) -> str:
    """« initial → residual », the same text on both sides when nothing moved."""
    if initial == residual:
        return words("level_unchanged", level=initial)
    return words("level_change", initial=initial, residual=residual)


def _high_change(risk: Risk, words: Words) -> str:
    """Whether the risk is high (Art. 36 rule), initial → residual, as the pairs beside it are written."""
    return _arrow(words.yes_no(high(risk.initial)), words.yes_no(high(risk.residual)), words)


def _change(initial: Level, residual: Level, words: Words) -> str:
    return _arrow(words.level_text(initial), words.level_text(residual), words)


def _organisation(organisation: Organisation, words: Words) -> OrganisationView:
    return OrganisationView(
        name=organisation.name,
        country=words.country(organisation.country),
        type=label(organisation.type, words.lang),
        contact=words.text(organisation.contact),
    )


def _hosted_by(provider: Provider, field: str, providers: Sequence[Provider], words: Words) -> str:
    """Where a provider keeps the data: its own countries, or those of its processor, never "none"."""
    own: list[str] = getattr(provider, field)
    hosts = [p for p in providers if p.processor_of == provider.name and getattr(p, field)]
    if own or not hosts:
        return words.countries(own)
    return words.join(
        words("stored_via", host=host.name, countries=words.countries(getattr(host, field))) for host in hosts
    )


def _provider(provider: Provider, words: Words, providers: Sequence[Provider] = ()) -> ProviderView:
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
        storage_countries=_hosted_by(provider, "storage_countries", providers, words),
        backup_countries=_hosted_by(provider, "backup_countries", providers, words),
        administration_countries=words.countries(provider.administration_countries),
        certifications=words.join(held, ", "),
        art28_contract=words.yes_no(commitments.art28_contract),
        challenge_foreign_requests=_challenge(provider, words),
        no_transfer_clause=_no_transfer(provider, providers, words),
        transparency_report=label(commitments.transparency_report, words.lang),
    )


def _challenge(provider: Provider, words: Words) -> str:
    """A provider no third country's law reaches receives no foreign request to contest: a bare « Non »
    would read as a missing safeguard."""
    if not provider.commitments.challenge_foreign_requests and not prose.exposed(provider):
        return words("provider_challenge_not_applicable")
    return words.yes_no(provider.commitments.challenge_foreign_requests)


def _no_transfer(provider: Provider, providers: Sequence[Provider], words: Words) -> str:
    """Without a clause of its own, a processor under no third country's law whose data stay in the Union
    (its hosts' places included) transfers only on the controller's documented instructions (Art. 28(3)(a))."""
    commitments = provider.commitments
    if commitments.no_transfer_clause or not commitments.art28_contract or prose.exposed(provider):
        return words.yes_no(commitments.no_transfer_clause)
    hosts = [p for p in providers if p.processor_of == provider.name]
    places = set(provider.data_countries).union(*(p.data_countries for p in hosts))
    if any(code not in EEA for code in places) or any(
        prose.exposed(p) and not p.commitments.no_transfer_clause for p in hosts
    ):
        return words.yes_no(commitments.no_transfer_clause)
    return words("provider_no_transfer_art28")


def _measure_particulars(measure: Measure, words: Words) -> list[str]:
    """The measure-specific facts (keys, MFA, backups) worded as 'Name: value'."""
    lang = words.lang
    facts: list[tuple[str, str]] = []
    if isinstance(measure, EncryptionMeasure):
        if measure.in_transit is not None:
            facts.append(("in_transit", label(measure.in_transit, lang)))
        facts.append(("key_management", label(measure.key_management, lang)))
        if measure.key_holder or measure.key_holder_country:
            # « Tiers de confiance établi en France, France » read as a name: a holder the answers do not name
            # is said to be unnamed, and the country follows the name in brackets.
            name = measure.key_holder or words("key_holder_not_named")
            country = f" ({words.country(measure.key_holder_country)})" if measure.key_holder_country else ""
            facts.append(("key_holder", name + country))
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


def _measures(assessment: Assessment, words: Words) -> list[MeasureView]:
    views = []
    for name, measure in assessment.measures.present().items():
        details = [words.text(measure.description), *_measure_particulars(measure, words)]
        views.append(
            MeasureView(
                name=label(name, words.lang, "Measure"),
                slug=cnil_slug(name),
                status=label(measure.status, words.lang),
                description=words.lines(details),
            )
        )
    return views


def _reason_views(risk: Risk, words: Words) -> list[ReasonView]:
    title = label(risk.id, words.lang)
    return [
        ReasonView(risk=title, rule=reason.rule, text=reason.text, citation=reason.citation, effect=reason.effect)
        for reason in risk.reasons
    ]


def _risk(
    risk: Risk,
    assessment: Assessment,
    words: Words,
    as_of: dt.date,
    links: Sequence[ForeignLink] = (),
    earlier: Sequence[Risk] = (),
) -> RiskView:
    """One risk's view; `earlier` are the risks the document argues before it (their arguments are referred to)."""
    lang = words.lang
    empty = words("to_complete")
    return RiskView(
        id=risk.id.value,
        number=SECTION_NUMBER[risk.id],
        title=label(risk.id, lang),
        letter=letter(risk.id, lang),
        impacts=words.lines(impacts(risk, assessment, words)) if risk.impacts else empty,
        threats=words.lines(risk.threats) if risk.threats else empty,
        sources=words.lines(risk.sources) if risk.sources else empty,
        measures=words.lines(label(name, lang, "Measure") for name in risk.measures),
        initial=_levels(risk.initial, words),
        residual=_levels(risk.residual, words),
        severity_change=_change(risk.initial.severity, risk.residual.severity, words),
        likelihood_change=_change(risk.initial.likelihood, risk.residual.likelihood, words),
        level_change=_change(risk.initial.level, risk.residual.level, words),
        high_change=_high_change(risk, words),
        severity_justification=prose.severity(risk, assessment, words, as_of, earlier),
        likelihood_justification=prose.likelihood(risk, assessment, words, links, as_of, earlier),
        reasons=_reason_views(risk, words),
    )


def _high_interest(assessment: Assessment, words: Words, as_of: dt.date) -> str:
    """The answer on persons of interest to foreign authorities, with the reason the answer file gives."""
    subjects = assessment.data_subjects
    answer = words.yes_no(subjects.high_interest_persons)
    if subjects.high_interest_reason:
        answer = words("answer_with_reason", answer=answer, reason=words.free(subjects.high_interest_reason.strip()))
    caveat = selectors_caveat(assessment, words, as_of)
    return f"{answer.rstrip('.')}. {caveat}" if caveat else answer


def _before(risk: Risk, findings: Findings) -> list[Risk]:
    """The risks the document argues before this one (sections 3.2 to 3.5 follow the order of RiskId)."""
    order = list(RiskId)
    return [r for r in findings.risks if order.index(r.id) < order.index(risk.id)]


def _extraterritorial(assessment: Assessment, findings: Findings, words: Words) -> ExtraterritorialView:
    risk = findings.risk(RiskId.extraterritorial_access)
    view = _risk(risk, assessment, words, findings.as_of, findings.foreign_links, _before(risk, findings))
    return ExtraterritorialView(
        risk=view,
        law=foreign_law.paragraphs(assessment, findings, words),
    )


def _case(criterion: Criterion, words: Words) -> str:
    """Which case of Art. 35(3) or which item of the CNIL's list, named so that the reader can check it."""
    if criterion.id.startswith("SCR-ART35-3"):
        return words("screening_case_art35", letter=criterion.id.removeprefix("SCR-ART35-3").lower())
    return words("screening_case_cnil327", point=criterion.id.removeprefix("SCR-CNIL327-"))


def _screening_summary(findings: Findings, words: Words) -> str:
    screening = findings.screening
    # The nine WP248 criteria are counted on their own: the "two or more" rule is not a criterion, and
    # the Art. 35(3) cases and the CNIL's lists are named apart (the exemption list is no criterion).
    wp248 = [c for c in screening.criteria if c.id.startswith("SCR-WP248-") and c.id != "SCR-WP248-COUNT"]
    listed = [c for c in screening.criteria if c.met and c.id.startswith(("SCR-ART35-", "SCR-CNIL327-"))]
    count = words.plural("wp248_met", sum(c.met for c in wp248), total=len(wp248))
    if screening.required:
        summary = words("screening_required", met=count)
        if listed:
            summary += " " + words("screening_listed", cases=words.sentence_list(_case(c, words) for c in listed))
    else:
        summary = words("screening_not_required", met=count)
    if screening.exempt:
        summary += " " + words("screening_exempt")
    return summary


def _pair(levels: Levels) -> tuple[Level, Level]:
    return levels.severity, levels.likelihood


def _strength(risk: Risk) -> tuple[Level, Level, Level]:
    """The scoring's internal order of residual risks (its combined level), severity breaking ties: used to
    rank, never printed."""
    return risk.residual.level, risk.residual.severity, risk.residual.likelihood


def _highest_residual(findings: Findings, words: Words) -> str:
    """The strongest residual risk, named by its pair of severity and likelihood, or every risk tied at that
    pair (never one picked at random): among tied risks, the least controlled is named when the findings
    single it out."""
    top = max(findings.risks, key=_strength)
    tied = [risk for risk in findings.risks if _pair(risk.residual) == _pair(top.residual)]
    pair = {
        "severity": _level(top.residual.severity, words).text,
        "likelihood": _level(top.residual.likelihood, words).text,
    }
    if len(tied) == 1:
        return words("highest_residual", risk=label(top.id, words.lang), **pair)
    least = _least_controlled(findings, tied)
    if len(tied) == len(findings.risks):  # "the strongest" would say nothing when every risk has one pair
        text = words("highest_residual_all" if least is None else "highest_residual_all_short", **pair)
    else:
        names = words.sentence_list(words("quoted", text=label(risk.id, words.lang)) for risk in tied)
        text = words("highest_residual_tied", risks=names, **pair)
    if least is None:
        return text
    risk, why = least
    return text + " " + words("least_controlled", risk=label(risk.id, words.lang), why=words(why))


def _least_controlled(findings: Findings, tied: Sequence[Risk]) -> tuple[Risk, str] | None:
    """Among risks at the same residual pair, the one least under control: first a risk a floor holds
    (no guarantee can lower it, only another provider or architecture), else the only one that no measure,
    planned or proposed, lowers in severity or likelihood. None when nothing sets one apart."""
    for risk in tied:
        if risk.id is RiskId.extraterritorial_access and any(
            link.least_reason and link.least >= risk.residual.likelihood for link in findings.foreign_links
        ):
            return risk, "least_controlled_floor"
    lowered = {item.risk for item in findings.recommendations if _pair(item.after) != _pair(item.before)}
    unmoved = [r for r in tied if r.id not in lowered and _pair(r.initial) == _pair(r.residual)]
    if len(unmoved) == 1:
        return unmoved[0], "least_controlled_unlowered"
    return None


def _conclusion(
    assessment: Assessment, findings: Findings, proposed: int, words: Words, draft: bool = False
) -> ConclusionView:
    lang = words.lang
    paragraphs = [_screening_summary(findings, words)]
    if findings.risks:
        paragraphs.append(_highest_residual(findings, words))
    if findings.no_go:
        paragraphs.append(words("no_go"))
    paragraphs.append(_prior_consultation(findings, words, draft))
    paragraphs.append(words.plural("actions", len(assessment.action_plan)))
    if proposed:
        paragraphs.append(words.plural("proposed_count", proposed))
    if assessment.dpo_opinion is not None:
        paragraphs.append(words("dpo_verdict", verdict=label(assessment.dpo_opinion.verdict, lang)))
    else:
        paragraphs.append(words("dpo_missing"))
    return ConclusionView(
        dpia_required=findings.dpia_required,
        prior_consultation=findings.prior_consultation,
        # A draft decides nothing: whether the CNIL must be consulted waits for the missing answers.
        prior_consultation_label=words("to_determine") if draft else words.yes_no(findings.prior_consultation),
        no_go=findings.no_go,
        paragraphs=paragraphs,
    )


def _response_time(rights: Rights, words: Words, draft: bool) -> str:
    """Art. 12(3) sets one month, extendable by two: a default is no answer, and 30 days is not a month."""
    if "response_days" not in rights.model_fields_set:
        return words("to_complete") if draft else words("response_one_month")
    if 28 <= rights.response_days <= 31:
        return words("response_one_month")
    key = "response_within_month" if rights.response_days < 28 else "response_beyond_month"
    return words(key, days=words.days(rights.response_days))


def _prior_consultation(findings: Findings, words: Words, draft: bool) -> str:
    """Whether Art. 36 applies; in a draft, what the least favourable reading gives and that it is open."""
    if draft:
        return words("prior_consultation_draft_high" if findings.prior_consultation else "prior_consultation_draft")
    if findings.prior_consultation:
        return words("prior_consultation_needed")
    if findings.dpia_required:
        return words("prior_consultation_not_needed")
    return words("prior_consultation_not_required_dpia")


# The screening answer behind each WP248 criterion the answers state (the others come from other facts).
_CRITERION_ANSWER = {
    "SCR-WP248-1": "evaluation_or_scoring",
    "SCR-WP248-2": "automated_decisions",
    "SCR-WP248-3": "systematic_monitoring",
    "SCR-WP248-6": "matching_datasets",
    "SCR-WP248-8": "innovative_technology",
    "SCR-WP248-9": "blocks_right_or_service",
}


def _unanswered_criteria(assessment: Assessment, unstated: set[str]) -> set[str]:
    """The criteria a draft rates "not met" only because the answer is missing: silence is no "no"."""
    if not unstated:
        return set()
    answered = assessment.screening.model_fields_set if "screening" in assessment.model_fields_set else set()
    found = {criterion for criterion, field in _CRITERION_ANSWER.items() if field not in answered}
    if "data_subjects.vulnerable_groups" in unstated:
        found.add("SCR-WP248-7")
    return found


def _screening(assessment: Assessment, findings: Findings, words: Words, unanswered: set[str]) -> ScreeningView:
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
    return ScreeningView(
        required=words.yes_no(screening.required),
        summary=_screening_summary(findings, words),
        met_count=sum(criterion.met for criterion in screening.criteria),
        criteria=criteria,
        criteria_met=[view for view, criterion in zip(criteria, screening.criteria, strict=True) if criterion.met],
        criteria_not_met=[
            view for view, criterion in zip(criteria, screening.criteria, strict=True) if not criterion.met
        ],
        not_met_text=_not_met_text(screening.criteria, unanswered, words, _controller_types(assessment)),
    )


def _controller_types(assessment: Assessment) -> set[ControllerType]:
    controllers = [assessment.processing.controller, *assessment.processing.joint_controllers]
    return {controller.type for controller in controllers}


# An exemption of délibération 2019-118 is no criterion: it is examined only for the kind of controller it
# names, and one set aside for that kind of controller says why, citing the item.
_EXEMPTION_FOR = {
    "SCR-CNIL118-5": ControllerType.association,
    "SCR-CNIL118-6": ControllerType.health_professional,
}


def _not_met_text(
    criteria: list[Criterion], unanswered: set[str], words: Words, controllers: set[ControllerType]
) -> str:
    examined = words.join(
        c.text for c in criteria if not c.met and c.id not in unanswered and c.id not in _EXEMPTION_FOR
    )
    open_ = [c.text for c in criteria if not c.met and c.id in unanswered]
    text = examined
    if open_:
        text = words("criteria_unanswered", examined=examined, criteria=words.join(open_))
    for c in criteria:
        if c.id in _EXEMPTION_FOR and not c.met and _EXEMPTION_FOR[c.id] in controllers:
            exemption = c.text.split(" : ", 1)[-1].split(": ", 1)[-1]
            point = c.id.removeprefix("SCR-CNIL118-")
            text += ". " + words("exemption_set_aside", point=point, text=exemption, because=c.because)
    return text


def _proposed_actions(assessment: Assessment, findings: Findings, words: Words) -> list[ProposedActionView]:
    """Every finding that calls for work, as an action, with the controller's decision on it: retained
    (owner, due date), set aside (reason), or still to be determined."""
    validation = assessment.validation
    decisions = {decision.action: decision for decision in validation.actions} if validation else {}
    requested = set(assessment.dpo_opinion.requested_actions) if assessment.dpo_opinion else set()
    na = words("not_applicable")
    views = []
    for action in proposed_actions(assessment, findings, words):
        decision = decisions.get(action.key)
        if decision is None:
            owner, due, reason = words("owner_controller"), words("to_determine"), na
            shown = text = words("to_determine")
        elif decision.retained:
            owner, due, reason = words.text(decision.owner), words.date(decision.due), na
            shown = words("action_retained")
            text = words("action_retained_line", owner=owner, due=due)
        else:
            owner, due, reason = na, na, words.text(decision.reason)
            shown = words("action_set_aside")
            quoted = words.free(reason) if words.quotes_answers else _lower_word(reason)
            text = words("action_set_aside_line", reason=quoted)
        if action.key in requested:
            text = words("dpo_requested_mark", decision=text)
        views.append(
            ProposedActionView(
                title=action.title,
                origin=action.origin,
                owner=owner,
                key=action.key,
                decided=decision is not None,
                retained=decision is not None and decision.retained,
                decision=shown,
                due=due,
                reason=reason,
                decision_text=text,
                dpo_requested=action.key in requested,
            )
        )
    return views


def _summary(
    assessment: Assessment,
    findings: Findings,
    ordered: list[Risk],
    proposed: list[ProposedActionView],
    missing: list[MissingView],
    words: Words,
) -> SummaryView:
    lang = words.lang
    processing = assessment.processing
    if "providers" not in assessment.model_fields_set:
        chain = words("summary_providers_unknown")
    elif not assessment.providers:
        chain = words("summary_in_house")
    else:
        chain = words("summary_providers", names=words.sentence_list(p.name for p in assessment.providers))
    paragraph = words(
        "summary_processing",
        name=processing.name,
        controller=processing.controller.name,
        persons=words.plural("persons", assessment.data_subjects.count),
        chain=chain,
    )
    validation = assessment.validation
    if validation is not None:
        decision = words("decision_recorded", decision=_lower(label(validation.decision, lang)))
    elif missing:
        decision = words("decision_to_determine")
    elif findings.prior_consultation:
        decision = words("decision_asked_prior")
    elif proposed or assessment.action_plan:
        decision = words("decision_asked_conditions")
    else:
        decision = words("decision_asked_approve")
    findings_text = []
    if missing:
        findings_text.append(words.plural("summary_missing", len(missing)))
    regularises = _regularisation(assessment, words)
    if regularises:
        findings_text.append(regularises)
    findings_text.append(_screening_summary(findings, words))
    if findings.risks:
        findings_text.append(_highest_residual(findings, words))
    if findings.no_go:
        findings_text.append(words("no_go"))
    foreign = foreign_law.summary_finding(assessment, findings, words)
    if foreign:
        findings_text.append(foreign)
    if missing:
        findings_text.append(_prior_consultation(findings, words, draft=True))
    else:
        findings_text.append(
            words("prior_consultation_needed" if findings.prior_consultation else "summary_no_prior_consultation")
        )
    failed = [gate for gate in findings.gates if gate.status is GateStatus.failed]
    # The points the foreign-access level rests on are stated with it (foreign_law.summary_finding), not twice.
    stated = {c.gate for r in findings.risks if r.id is RiskId.extraterritorial_access for c in r.conditions if foreign}
    review = [gate for gate in findings.gates if gate.status is GateStatus.review and gate.id not in stated]
    if failed:
        findings_text.append(words.plural("summary_failed", len(failed), items=words.join(g.text for g in failed)))
    if review:
        findings_text.append(words.plural("summary_review", len(review), items=words.join(g.text for g in review)))
    if assessment.dpo_opinion is not None:
        findings_text.append(words("dpo_verdict", verdict=label(assessment.dpo_opinion.verdict, lang)))
    actions = [
        words("summary_action", title=action.title, owner=action.owner, due=words.date(action.due),
              status=_lower(label(action.status, lang)))
        for action in assessment.action_plan
    ] + [words("summary_proposed", title=action.title, decision=_lower(action.decision_text))
         for action in proposed]  # fmt: skip
    return SummaryView(
        processing=paragraph,
        decision=decision,
        risks=[
            SummaryRiskView(
                letter=letter(risk.id, lang),
                title=label(risk.id, lang),
                initial=_level(risk.initial.level, words).text,
                residual=_level(risk.residual.level, words).text,
                severity=unbroken(_change(risk.initial.severity, risk.residual.severity, words)),
                likelihood=unbroken(_change(risk.initial.likelihood, risk.residual.likelihood, words)),
                high=high(risk.residual),
                high_label=words.yes_no(high(risk.residual)),
                high_change=_high_change(risk, words),
            )
            for risk in ordered
        ],
        findings=findings_text,
        actions=actions,
    )


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _sends_to_foreign_access(gate: Gate) -> bool:
    """Encryption is partly met when a provider exposed to a third country's law processes the data in clear:
    what it leaves out is the foreign-access risk of section 3.5. Other partial checks say what they leave out."""
    return gate.id == "GATE-ART32-ENCRYPTION" and gate.status is GateStatus.partial


def _regularisation(assessment: Assessment, words: Words) -> str:
    """When the processing ran before this assessment: the assessment regularises it, and says so."""
    started, since = assessment.processing.started(), assessment.processing.in_operation_since
    if started is None or since is None or assessment.date is None or started >= assessment.date:
        return ""
    when = words.date(started) if len(since) == 10 else words.month_year(started)
    return words("summary_regularises", since=when)


# The public texts the method rests on (ids of the scoring's dated sources), in the order cited: a
# text dated after the as-of date, or no longer applying then, is left out.
METHOD_SOURCES = (
    "CNIL-PIA-METHOD",
    "CNIL-PIA-KB",
    "WP248",
    "CNIL-2018-327",
    "EDPB-DPIA-TEMPLATE",
    "CJEU-SCHREMS-II",
    "EDPB-0120-V1",
    "EDPB-0120-V2",
    "CE-450163",
    "US-CLOUD-ACT",
    "US-FISA-702-2018",
    "US-FISA-702-RISAA",
    "US-EO-12333",
)


def _method(findings: Findings, words: Words) -> MethodView:
    as_of = findings.as_of
    return MethodView(
        paragraphs=[words(f"method_{number}") for number in range(1, 5)]
        + ([words("method_quoted", language=words(f"language_{words.answers_lang}"))] if words.quotes_answers else []),
        as_of=words("as_of", date=words.date(as_of)) if isinstance(as_of, dt.date) else "",
        rules_applied=words("rules_applied", date=words.date(as_of), version=findings.rules_version)
        if isinstance(as_of, dt.date)
        else words("rules_applied_undated", version=findings.rules_version),
        scale=[
            ScaleRowView(
                level=_level(level, words).text,
                severity=capitalised(words(f"severity_scale_{int(level)}")),
                likelihood=capitalised(words(f"likelihood_scale_{int(level)}")),
            )
            for level in Level
        ],
        matrix=level_matrix(words, as_of if isinstance(as_of, dt.date) else None),
        high_grid=high_grid(words, as_of if isinstance(as_of, dt.date) else None),
        sources=[
            words("source_cited" if verified else "source_unverified", text=text)
            for text, verified in sources_in_force(METHOD_SOURCES, as_of or dt.date.max, words.lang)
        ],
    )


def _legal_basis(assessment: Assessment, words: Words) -> LegalBasisView:
    basis = assessment.legal_basis
    art9_applies = basis.art9 is not Art9Condition.not_applicable
    if not art9_applies and needs_art9(assessment):
        # Data that reveal health with no Art. 9(2) condition: a gap to fill, never "not applicable".
        return LegalBasisView(
            art6=label(basis.art6, words.lang),
            art6_detail=words.text(basis.art6_detail),
            art9=words("to_complete"),
            art9_detail=words("to_complete"),
        )
    return LegalBasisView(
        art6=label(basis.art6, words.lang),
        art6_detail=words.text(basis.art6_detail),
        art9=label(basis.art9, words.lang),
        art9_detail=words.text(basis.art9_detail) if art9_applies else words("not_applicable"),
    )


def _consent(assessment: Assessment, words: Words) -> str:
    basis = assessment.legal_basis
    if basis.art6 is Art6Basis.consent or basis.art9 is Art9Condition.explicit_consent:
        return words.text(assessment.rights.consent)
    if assessment.rights.consent:
        return assessment.rights.consent
    return words("consent_not_basis", basis=_lower(label(basis.art6, words.lang)))


def _validation(
    assessment: Assessment, words: Words, proposed: Sequence[ProposedActionView], draft: bool = False
) -> ValidationView:
    validation = assessment.validation
    requests = _dpo_requests(assessment, proposed, words)
    if validation is None:
        todo = words("to_complete")
        decision = words("to_determine") if draft else todo
        return ValidationView(given=False, decision=decision, conditions=todo, decided_by=todo, date=todo,
                              dpo_opinion_followed=todo, departure_reason=todo, review_date=todo,
                              signatory=words("signature_blank"), dpo_requests=requests,
                              dpo_requests_text=_requests_text(assessment, [], words))  # fmt: skip
    with_conditions = validation.decision is Decision.approved_with_conditions
    return ValidationView(
        given=True,
        decision=label(validation.decision, words.lang),
        conditions=words.text(validation.conditions) if with_conditions else words("not_applicable"),
        decided_by=words.text(validation.decided_by),
        date=words.date(validation.date),
        dpo_opinion_followed=_dpo_followed(assessment, words),
        departure_reason=words.text(validation.departure_reason)
        if validation.dpo_opinion_followed is False
        else words("not_applicable"),
        review_date=words.date(validation.review_date),
        signatory=validation.signatory or words("signature_blank"),
        dpo_requests=requests,
        dpo_requests_text=_requests_text(assessment, proposed, words),
    )


def _dpo_followed(assessment: Assessment, words: Words) -> str:
    """'Yes' only when the controller says so and retains every action the opinion asks for; while one
    is undecided, 'to be determined'. (Setting one aside while saying 'Yes' is refused on loading.)"""
    validation = assessment.validation
    followed = validation.dpo_opinion_followed if validation else None
    if followed is None:
        return words("to_complete")
    if not followed:
        return words.yes_no(False)
    retained = {decision.action for decision in validation.actions if decision.retained} if validation else set()
    requested = assessment.dpo_opinion.requested_actions if assessment.dpo_opinion else []
    if any(key not in retained for key in requested):
        return words("to_determine")
    return words.yes_no(True)


def _dpo_requests(assessment: Assessment, proposed: Sequence[ProposedActionView], words: Words) -> list[str]:
    """Each action the DPO's opinion asks for, with what the controller decided on it."""
    if assessment.dpo_opinion is None:
        return []
    by_key = {action.key: action for action in proposed}
    lines = []
    for key in assessment.dpo_opinion.requested_actions:
        action = by_key.get(key)
        if action is not None:
            lines.append(words("dpo_request_line", title=action.title, decision=_lower(action.decision)))
        else:
            lines.append(words("dpo_request_unknown", action=key))
    return lines


def _requests_text(assessment: Assessment, proposed: Sequence[ProposedActionView], words: Words) -> str:
    """The DPO's requests in one sentence: the decision table above marks them, so they are counted, not
    repeated."""
    if assessment.dpo_opinion is None:
        return words("to_complete")  # no opinion yet: nobody can say what it asks for
    requested = assessment.dpo_opinion.requested_actions
    if not requested:
        return words("dpo_requests_none")
    retained = {action.key for action in proposed if action.retained}
    open_count = sum(key not in retained for key in requested)
    if not open_count:
        return words.plural("dpo_requests_retained", len(requested))
    return words.plural("dpo_requests_open", len(requested), open=words.number(open_count))


def _lower_word(text: str) -> str:
    """The text with its first letter lowered after a colon, unless it starts an acronym or a name
    such as « AWS »."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _subjects_views(assessment: Assessment, words: Words) -> SubjectsViewsView:
    views = assessment.subjects_views
    if views is None:
        todo = words("to_complete")
        return SubjectsViewsView(
            given=False, sought=todo, who=todo, views=todo, reason_not_sought=todo, followed=todo, planned=todo
        )
    na = words("not_applicable")
    return SubjectsViewsView(
        given=True,
        sought=words.yes_no(views.sought),
        who=words.text(views.who) if views.sought else na,
        views=words.text(views.views) if views.sought else na,
        reason_not_sought=na if views.sought else words.text(views.reason_not_sought),
        followed=(words.yes_no(views.followed) if views.followed is not None else words("to_complete"))
        if views.sought
        else na,
        planned=views.planned or (na if views.sought else words("subjects_none_planned")),
    )


def build_context(
    assessment: Assessment, findings: Findings, provenance: Provenance, lang: Lang, trace: bool = False
) -> DocumentContext:
    """Everything the template shows, worded in `lang`. Pure: same inputs, same context."""
    words = Words(lang, assessment.language)
    processing = assessment.processing
    rights = assessment.rights
    measures = assessment.measures
    ordered = [findings.risk(risk_id) for risk_id in RiskId if any(r.id == risk_id for r in findings.risks)]
    feared = [
        _risk(risk, assessment, words, findings.as_of, earlier=_before(risk, findings))
        for risk in ordered
        if risk.id in FEARED_EVENTS
    ]
    proposed = _proposed_actions(assessment, findings, words)
    missing = [
        MissingView(
            path=item.path,
            text=item.text(lang) + (f" ({_lower(label(item.category, lang))})" if item.category else ""),
        )
        for item in find_missing(assessment)
        + undecided_actions(assessment, decisions_to_take(assessment, findings, words))
    ]
    # A default the draft does not state is shown as to be completed, never as the author's "none".
    unstated = {item.path for item in missing}

    def stated(path: str, shown: str) -> str:
        return words("to_complete") if path in unstated else shown

    def stated_default(given: bool, shown: str) -> str:
        return shown if given or not missing else words("to_complete")

    status = words("draft") if missing else ""
    title = words("title")

    dpo = processing.dpo
    opinion = assessment.dpo_opinion
    history = assessment.history
    return DocumentContext(
        context_version=CONTEXT_VERSION,
        document=DocumentInfo(
            title=title,
            author=words.text(assessment.author),
            date=words.date(assessment.date),
            date_iso=assessment.date.isoformat() if assessment.date else "",
            lang=lang,
            draft=bool(missing),
            status=status,
            header=" – ".join(part for part in (status, title, processing.name) if part),
            version=history[-1].version if history else "",
        ),
        missing=missing,
        summary=_summary(assessment, findings, ordered, proposed, missing, words),
        method=_method(findings, words),
        processing=ProcessingView(
            name=processing.name,
            description=processing.description,
            purposes=list(processing.purposes),
            controller=_organisation(processing.controller, words),
            joint_controllers=[_organisation(org, words) for org in processing.joint_controllers],
            dpo=DpoView(
                name=words.text(dpo.name if dpo else None),
                person=(dpo.person if dpo else None) or words("signature_blank"),
                email=words.text(dpo.email if dpo else None),
            ),
            standards=list(processing.standards),
            standards_text=stated_default("standards" in processing.model_fields_set, words.join(processing.standards)),
            lifecycle=words.text(processing.lifecycle),
        ),
        providers=[_provider(provider, words, assessment.providers) for provider in assessment.providers],
        data=[
            DataView(
                category=label(item.category, lang),
                description=words.text(item.description),
                retention=words.months(item.retention_months),
                retention_note=words.text(item.retention_note),
                recipients=stated(f"data[{index}].recipients", words.join(item.recipients)),
            )
            for index, item in enumerate(assessment.data)
        ],
        data_subjects=DataSubjectsView(
            categories=words.labels(assessment.data_subjects.categories),
            vulnerable_groups=stated(
                "data_subjects.vulnerable_groups", words.labels(assessment.data_subjects.vulnerable_groups)
            ),
            high_interest_persons=stated(
                "data_subjects.high_interest_persons", _high_interest(assessment, words, findings.as_of)
            ),
            count=words.number(assessment.data_subjects.count),
            scope=label(assessment.data_subjects.scope, lang),
        ),
        supporting_assets=[
            AssetView(name=asset.name, type=label(asset.type, lang), provider=asset.provider or "")
            for asset in assessment.supporting_assets
        ],
        legal_basis=_legal_basis(assessment, words),
        principles=PrinciplesView(
            minimisation=measures.minimisation.description or words("to_complete")
            if measures.minimisation
            else words("no_minimisation_measure"),
            accuracy=words.text(rights.rectification_erasure),
        ),
        necessity=NecessityView(
            data=[
                NecessityItemView(
                    category=label(item.category, lang),
                    data=words.text(item.description),
                    need=words.text(item.need),
                    retention=words.months(item.retention_months),
                    retention_reason=words.text(item.retention_reason),
                )
                for item in assessment.data
            ],
            alternatives=words.text(processing.alternatives),
        ),
        rights=RightsView(
            information=words.labels(rights.information),
            information_detail=words.text(rights.information_detail),
            consent=_consent(assessment, words),
            channels=words.labels(rights.channels),
            access_portability=words.text(rights.access_portability),
            rectification_erasure=words.text(rights.rectification_erasure),
            restriction_objection=words.text(rights.restriction_objection),
            response_time=_response_time(rights, words, bool(missing)),
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
        no_transfers_text=prose.no_transfers_sentence(assessment, words),
        measures=_measures(assessment, words),
        feared_events=feared,
        extraterritorial=_extraterritorial(assessment, findings, words),
        risks=[
            _risk(risk, assessment, words, findings.as_of, findings.foreign_links, _before(risk, findings))
            for risk in ordered
        ],
        gates=[
            GateView(
                id=gate.id,
                status=label(gate.status, lang),
                # What partial encryption leaves out is the foreign-access risk: the reader is sent to it.
                # A table cell reads as a sentence: its first letter in capitals, as the other columns.
                text=capitalised(gate.text)
                + (words("gate_partial_see_foreign") if _sends_to_foreign_access(gate) else ""),
                citation=prose.public_citation(gate.citation),
            )
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
        proposed_actions=proposed,
        recommendations=[
            RecommendationView(
                measure=label(recommendation.measure, lang, "Measure"),
                risk=label(recommendation.risk, lang),
                change=_change(recommendation.before.level, recommendation.after.level, words),
                text=recommendation.text,
            )
            for recommendation in findings.recommendations
        ],
        dpo_opinion=DpoOpinionView(
            given=opinion is not None,
            verdict=label(opinion.verdict, lang) if opinion else words("to_complete"),
            text=words.text(opinion.text if opinion else None),
            date=words.date(opinion.date if opinion else None),
        ),
        subjects_views=_subjects_views(assessment, words),
        validation=_validation(assessment, words, proposed, draft=bool(missing)),
        history=[
            RevisionView(version=rev.version, date=words.date(rev.date), author=rev.author, changes=rev.changes)
            for rev in history
        ],
        conclusion=_conclusion(assessment, findings, len(proposed), words, draft=bool(missing)),
        screening=_screening(assessment, findings, words, _unanswered_criteria(assessment, unstated)),
        rules=[reason for risk in ordered for reason in _reason_views(risk, words)] if trace else [],
        trace=trace,
        provenance=provenance,
    )


def template_variables(context: DocumentContext) -> dict[str, Any]:
    """The context as plain dicts and lists, the only kind of value a template sees."""
    return context.model_dump(mode="json")
