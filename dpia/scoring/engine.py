"""assess(): the answers in, the findings out. Pure and deterministic."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dpia.labels import Lang
from dpia.model import (
    AccessControlMeasure,
    Assessment,
    BackupMeasure,
    EncryptionMeasure,
    KeyManagement,
    Measure,
    Measures,
    MeasureStatus,
    PseudonymisationMeasure,
)
from dpia.scoring import rules as R
from dpia.scoring.asof import resolve
from dpia.scoring.conditions import foreign_access_conditions
from dpia.scoring.events import EVENTS, rate
from dpia.scoring.extraterritorial import Exposure, Outcome, assess_chain, cross_check, exposure, members
from dpia.scoring.facts import Facts, derive, in_eea
from dpia.scoring.findings import Findings, ForeignLink, Level, Levels, Reason, Recommendation, Risk, RiskId
from dpia.scoring.gates import gates
from dpia.scoring.measures import MeasureView, measure_type, view
from dpia.scoring.retained import retained_measures
from dpia.scoring.screening import screen
from dpia.scoring.trace import Entry, Trace, sentences, word
from dpia.scoring.wording import SOURCES, THREATS, Msg, impacts, msg, render

_RISK_ORDER = list(RiskId)
_MEASURE_ORDER = list(Measures.model_fields)
_EXT_MEASURES = ("encryption", "pseudonymisation")


@dataclass(frozen=True)
class PhaseResult:
    levels: dict[RiskId, Levels]
    severity: dict[RiskId, list[Trace]]  # traces, turned into reasons only for the final findings
    likelihood: dict[RiskId, list[Trace]]
    no_go: bool
    outcome: Outcome  # the extraterritorial chain, for the cross-check

    def entries(self, risk_id: RiskId, part: str) -> list[Entry]:
        """The fired rules behind one part of a risk: "severity", "likelihood" or "level" (the matrix)."""
        if part == "level":
            levels = self.levels[risk_id]
            facts = msg("matrix", severity=str(levels.severity.value), likelihood=str(levels.likelihood.value))
            return [("LVL-MATRIX", facts, msg("level", value=str(levels.level.value)))]
        traces = self.severity[risk_id] if part == "severity" else self.likelihood[risk_id]
        return [entry for trace in traces for entry in trace.entries]


_LEVELS: dict[tuple[int, int], Levels] = {
    (s, lik): Levels(severity=Level(s), likelihood=Level(lik), level=Level(R.RISK_MATRIX[s - 1][lik - 1]))
    for s in range(1, 5)
    for lik in range(1, 5)
}


def _level(severity: int, likelihood: int) -> Levels:
    return _LEVELS[(severity, likelihood)]


def _score(assessment: Assessment, facts: Facts, measures: MeasureView, exposures: list[Exposure]) -> PhaseResult:
    exposed = frozenset(e.member.name for e in exposures if e.j >= 2)
    levels: dict[RiskId, Levels] = {}
    severity: dict[RiskId, list[Trace]] = {}
    likelihood: dict[RiskId, list[Trace]] = {}
    ia_severity, ia_trace = 1, Trace()
    for spec in EVENTS:
        rated = rate(spec, assessment, facts, measures, exposed)
        if spec.risk is RiskId.illegitimate_access:
            ia_severity, ia_trace = rated.severity, rated.severity_trace
        levels[spec.risk] = _level(rated.severity, rated.likelihood)
        severity[spec.risk] = [rated.severity_trace]
        likelihood[spec.risk] = [rated.likelihood_trace]
    outcome = assess_chain(assessment, facts, measures, exposures)
    ext_sev = Trace()
    ext_sev.add("EXT-SEV-BASE", msg("severity", value=str(ia_severity)), msg("severity", value=str(ia_severity)))
    ext = RiskId.extraterritorial_access
    levels[ext] = _level(ia_severity, outcome.likelihood)
    severity[ext] = [ext_sev, ia_trace]
    likelihood[ext] = [outcome.trace]
    return PhaseResult(levels, severity, likelihood, outcome.no_go, outcome)


@dataclass(frozen=True)
class Worded:
    """One risk's reasons and justifications, in one language."""

    reasons: list[Reason]
    severity: str
    likelihood: str


def _word(initial: PhaseResult, residual: PhaseResult, risk_id: RiskId, lang: Lang, as_of: dt.date) -> Worded:
    """Initial reasons, then those that differ after the action plan, marked as residual.

    Only here do the fired rules become sentences: each initial entry is worded once, and of the
    residual ones only those the initial phase does not share.
    """
    severity, likelihood = initial.entries(risk_id, "severity"), initial.entries(risk_id, "likelihood")
    shared = [*severity, *likelihood, *initial.entries(risk_id, "level")]
    later = [
        entry
        for part in ("severity", "likelihood", "level")
        for entry in residual.entries(risk_id, part)
        if entry not in shared
    ]
    reasons = word(shared, lang, as_of)
    extra = [
        reason.model_copy(update={"effect": render(msg("residual", effect=reason.effect), lang)})
        for reason in word(later, lang, as_of)
    ]
    cut = len(severity)
    return Worded(
        reasons=[*reasons, *extra],
        severity=sentences(reasons[:cut], lang),
        likelihood=sentences(reasons[cut : cut + len(likelihood)], lang),
    )


# --------------------------------------------------------------------------------------------------
# Recommendations: re-score with each missing catalogue measure (and meaningful variants) in place.


def _eea_home(facts: Facts) -> str:
    return facts.controller_country if in_eea(facts.controller_country) else "FR"


# Measures whose stronger form is one flag away: (model, flag, message to add it, message to strengthen it).
# The flag's name is also the MeasureView method that tells whether it is already in place.
_STRENGTHENED: dict[str, tuple[type[Measure], str, str, str]] = {
    "logical_access_control": (AccessControlMeasure, "multi_factor", "rec_access_control", "rec_mfa"),
    "backups": (BackupMeasure, "restore_tested", "rec_backups", "rec_restore_tests"),
}


# A candidate measure is re-scored as if in place and described; the text is never shown.
_RECOMMENDED = "recommended measure"


def _candidates(assessment: Assessment, facts: Facts, residual: MeasureView) -> list[tuple[str, Measure, Msg]]:
    home = _eea_home(facts)
    external_keys = EncryptionMeasure(
        status=MeasureStatus.implemented,
        in_transit=MeasureStatus.implemented,
        key_management=KeyManagement.external_key_holder,
        key_holder=assessment.processing.controller.name,
        key_holder_country=home,
        description=_RECOMMENDED,
    )
    out: list[tuple[str, Measure, Msg]] = []
    for name in _MEASURE_ORDER:
        current = residual.get(name)
        if name == "encryption":
            enc = residual.encryption
            if enc is None:
                out.append((name, external_keys, msg("rec_encrypt", country=home)))
            else:
                if enc.key_management in (
                    KeyManagement.provider_managed,
                    KeyManagement.customer_key_in_provider_kms,
                ) or (enc.key_management is KeyManagement.external_key_holder and not in_eea(enc.key_holder_country)):
                    out.append((name, external_keys, msg("rec_move_keys", country=home)))
                if not residual.encryption_in_transit():
                    variant = enc.model_copy(update={"in_transit": MeasureStatus.implemented})
                    out.append((name, variant, msg("rec_tls")))
            continue
        if name == "pseudonymisation" and current is None:
            measure: Measure = PseudonymisationMeasure(
                status=MeasureStatus.implemented,
                secret_holder=assessment.processing.controller.name,
                secret_holder_country=home,
                prevents_singling_out=True,
                description=_RECOMMENDED,
            )
            out.append((name, measure, msg("rec_pseudonymise", country=home)))
            continue
        if name in _STRENGTHENED:
            kind, flag, add_message, strengthen_message = _STRENGTHENED[name]
            if current is None:
                measure = kind.model_validate(
                    {"status": MeasureStatus.implemented, "description": _RECOMMENDED, flag: True}
                )
                out.append((name, measure, msg(add_message)))
            elif not getattr(residual, flag)():
                out.append((name, current.model_copy(update={flag: True}), msg(strengthen_message)))
            continue
        if current is None:
            out.append(
                (
                    name,
                    measure_type(name)(status=MeasureStatus.implemented, description=_RECOMMENDED),
                    msg("rec_measure"),
                )
            )
    return out


def _recommend(
    assessment: Assessment,
    facts: Facts,
    residual_view: MeasureView,
    residual: PhaseResult,
    exposures: list[Exposure],
    lang: Lang,
) -> list[Recommendation]:
    found: list[tuple[tuple[int, ...], Recommendation]] = []
    for index, (name, measure, text) in enumerate(_candidates(assessment, facts, residual_view)):
        after = _score(assessment, facts, residual_view.with_measure(name, measure), exposures)
        for risk_id in _RISK_ORDER:
            before_levels, after_levels = residual.levels[risk_id], after.levels[risk_id]
            level_gain = before_levels.level - after_levels.level
            sub_gain = (before_levels.likelihood - after_levels.likelihood) + (
                before_levels.severity - after_levels.severity
            )
            if level_gain <= 0 and sub_gain <= 0:
                continue
            found.append(
                (
                    (-level_gain, -before_levels.level, -sub_gain, _RISK_ORDER.index(risk_id), index),
                    Recommendation(
                        measure=name,
                        risk=risk_id,
                        before=before_levels,
                        after=after_levels,
                        gain=level_gain,
                        text=render(text, lang),
                    ),
                )
            )
    return [recommendation for _, recommendation in sorted(found, key=lambda pair: pair[0])]


# --------------------------------------------------------------------------------------------------


def assess(assessment: Assessment, lang: Lang = "fr", as_of: dt.date | None = None) -> Findings:
    """Screening, the four risks (initial and residual), gates, recommendations and Art. 36.

    Levels do not depend on `lang`; every text of the findings is worded in it (French by default).
    `as_of` is the date whose law applies; by default the assessment's `date`, and for a draft without
    one the newest date the rules know (see `dpia.scoring.asof`).
    """
    as_of_date, as_of_basis = resolve(assessment.date, as_of)
    facts = derive(assessment, as_of_date)
    exposures = [exposure(member) for member in members(assessment, as_of_date)]
    initial_view, planned_view = view(assessment, "initial"), view(assessment, "residual")
    initial = _score(assessment, facts, initial_view, exposures)
    planned = _score(assessment, facts, planned_view, exposures)
    # What the analysis proposes does not depend on what the controller decides: recommendations are
    # measured against the planned measures alone, and the retained ones then count for the residual.
    recommendations = _recommend(assessment, facts, planned_view, planned, exposures, lang)
    residual_view = _with_retained(assessment, facts, planned_view)
    residual = _score(assessment, facts, residual_view, exposures) if residual_view is not planned_view else planned
    retained = set(retained_measures(assessment))
    screening = screen(assessment, facts, lang, as_of_date)
    risks = []
    for risk_id in _RISK_ORDER:
        relevant = _relevant_measures(risk_id)
        worded = _word(initial, residual, risk_id, lang, as_of_date)
        risks.append(
            Risk(
                id=risk_id,
                initial=initial.levels[risk_id],
                residual=residual.levels[risk_id],
                reasons=worded.reasons,
                impacts=[text(lang) for text in impacts(risk_id.value, facts.categories)],
                threats=[text(lang) for text in THREATS[risk_id.value]],
                sources=[text(lang) for text in SOURCES[risk_id.value]],
                measures=[name for name in planned_view.counted if name in relevant],
                retained=[name for name in residual_view.counted if name in relevant and name in retained],
                severity_justification=worded.severity,
                likelihood_justification=worded.likelihood,
            )
        )
    checked = gates(assessment, facts, exposures, lang, as_of_date)
    ext = RiskId.extraterritorial_access

    def rescore(changed: Assessment) -> tuple[Levels, list[ForeignLink], bool]:
        # The same residual phase, for a copy of the answers in which a declared fact fails.
        phase = _score(changed, facts, _with_retained(changed, facts, view(changed, "residual")), exposures)
        levels = phase.levels[ext]
        # Whether this risk would be high: another risk already high is said where it is argued, not here.
        return levels, list(phase.outcome.links), high(levels)

    conditions = foreign_access_conditions(assessment, checked, exposures, rescore)
    risks = [risk.model_copy(update={"conditions": conditions}) if risk.id is ext else risk for risk in risks]
    prior = any(high(risk.residual) for risk in risks)
    return Findings(
        rules_version=R.RULES_VERSION,
        as_of=as_of_date,
        as_of_basis=as_of_basis.value,
        lang=lang,
        screening=screening,
        risks=risks,
        recommendations=recommendations,
        gates=checked,
        cross_check=cross_check(initial.outcome, facts, lang),
        foreign_links=list(initial.outcome.links),
        no_go=initial.no_go,
        prior_consultation=prior,
    )


def _with_retained(assessment: Assessment, facts: Facts, planned: MeasureView) -> MeasureView:
    """The planned measures and, for each action retained in the decision that puts a catalogue measure in
    place, that measure as the analysis proposed it (its first, strongest form: keys held outside the host,
    restores tested), as if in place (LVL-RESIDUAL)."""
    # In catalogue order, as `retained_measures` gives them: the order they are counted in is the order the
    # findings, and so the document, name them, which must not depend on the process's hash seed.
    retained = retained_measures(assessment)
    if not retained:
        return planned
    counted = planned
    proposed: dict[str, Measure] = {}
    for name, measure, _ in _candidates(assessment, facts, planned):
        proposed.setdefault(name, measure)
    for name in retained:
        if name in proposed:
            counted = counted.with_measure(name, proposed[name])
    return counted


def high(levels: Levels) -> bool:
    """A high risk on the CNIL map (LVL-ART36): see `high_pair`; the combined level plays no part."""
    return high_pair(levels.severity, levels.likelihood)


def high_pair(severity: Level, likelihood: Level) -> bool:
    """Severity and likelihood both at least 3, or severity 4 and likelihood at least 2 (LVL-ART36). A
    limited severity alone never makes a risk high."""
    return (severity >= Level.significant and likelihood >= Level.significant) or (
        severity >= Level.maximum and likelihood >= Level.limited
    )


def _relevant_measures(risk_id: RiskId) -> set[str]:
    if risk_id is RiskId.extraterritorial_access:
        return set(_EXT_MEASURES) | {"processing_contracts"}
    code = {RiskId.illegitimate_access: "IA", RiskId.unwanted_modification: "UM", RiskId.disappearance: "DIS"}[risk_id]
    return set(R.MEASURE_WEIGHTS[code])
