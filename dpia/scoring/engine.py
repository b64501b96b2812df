"""assess(): the answers in, the findings out. Pure and deterministic."""

from __future__ import annotations

from dataclasses import dataclass

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
from dpia.scoring.events import EVENTS, EventSpec, rate
from dpia.scoring.extraterritorial import Exposure, Outcome, assess_chain, cross_check, exposure, members
from dpia.scoring.facts import Facts, derive, in_eea
from dpia.scoring.findings import Findings, Level, Levels, Reason, Recommendation, Risk, RiskId
from dpia.scoring.gates import gates
from dpia.scoring.measures import MeasureView, measure_type, view
from dpia.scoring.screening import screen
from dpia.scoring.trace import Trace

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

    def reasons(self, risk_id: RiskId) -> list[Reason]:
        traces = [*self.severity[risk_id], *self.likelihood[risk_id]]
        levels = self.levels[risk_id]
        matrix = R.get_rule("LVL-MATRIX")
        last = Reason(
            rule=matrix.id,
            text=f"{matrix.title}: severity {levels.severity.value}, likelihood {levels.likelihood.value}",
            citation=matrix.citation,
            effect=f"level {levels.level.value}",
        )
        return [reason for trace in traces for reason in trace.reasons()] + [last]

    def justification(self, risk_id: RiskId, part: str) -> str:
        traces = self.severity[risk_id] if part == "severity" else self.likelihood[risk_id]
        return " ".join(trace.sentences() for trace in traces)


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
    ext_sev.add("EXT-SEV-BASE", f"severity {ia_severity}", f"severity {ia_severity}")
    ext = RiskId.extraterritorial_access
    levels[ext] = _level(ia_severity, outcome.likelihood)
    severity[ext] = [ext_sev, ia_trace]
    likelihood[ext] = [outcome.trace]
    return PhaseResult(levels, severity, likelihood, outcome.no_go, outcome)


def _residual_reasons(initial: list[Reason], residual: list[Reason]) -> list[Reason]:
    """Initial reasons, then those that differ after the action plan, marked as residual."""
    seen = set(initial)
    extra = [
        reason.model_copy(update={"effect": f"residual: {reason.effect}"}) for reason in residual if reason not in seen
    ]
    return [*initial, *extra]


# --------------------------------------------------------------------------------------------------
# Recommendations: re-score with each missing catalogue measure (and meaningful variants) in place.


def _eea_home(facts: Facts) -> str:
    return facts.controller_country if in_eea(facts.controller_country) else "FR"


def _candidates(assessment: Assessment, facts: Facts, residual: MeasureView) -> list[tuple[str, Measure, str]]:
    home = _eea_home(facts)
    external_keys = EncryptionMeasure(
        status=MeasureStatus.implemented,
        in_transit=MeasureStatus.implemented,
        key_management=KeyManagement.external_key_holder,
        key_holder=assessment.processing.controller.name,
        key_holder_country=home,
        description=None,
    )
    out: list[tuple[str, Measure, str]] = []
    for name in _MEASURE_ORDER:
        current = residual.get(name)
        if name == "encryption":
            enc = residual.encryption
            if enc is None:
                out.append((name, external_keys, f"encrypt stored data, keys held by the controller in {home}"))
            else:
                if enc.key_management in (
                    KeyManagement.provider_managed,
                    KeyManagement.customer_key_in_provider_kms,
                ) or (enc.key_management is KeyManagement.external_key_holder and not in_eea(enc.key_holder_country)):
                    out.append((name, external_keys, f"move the encryption keys to an external holder in {home}"))
                if not residual.encryption_in_transit():
                    variant = enc.model_copy(update={"in_transit": MeasureStatus.implemented})
                    out.append((name, variant, "encrypt every network path (TLS)"))
            continue
        if name == "pseudonymisation" and current is None:
            measure: Measure = PseudonymisationMeasure(
                status=MeasureStatus.implemented,
                secret_holder=assessment.processing.controller.name,
                secret_holder_country=home,
            )
            out.append((name, measure, f"pseudonymise, re-identification secret kept by the controller in {home}"))
            continue
        if name == "logical_access_control":
            if current is None:
                out.append(
                    (
                        name,
                        AccessControlMeasure(status=MeasureStatus.implemented, multi_factor=True),
                        "control logical access, with multi-factor authentication",
                    )
                )
            elif not residual.multi_factor():
                out.append((name, current.model_copy(update={"multi_factor": True}), "add multi-factor authentication"))
            continue
        if name == "backups":
            if current is None:
                out.append(
                    (
                        name,
                        BackupMeasure(status=MeasureStatus.implemented, restore_tested=True),
                        "back up the data and test restores",
                    )
                )
            elif not residual.restore_tested():
                out.append((name, current.model_copy(update={"restore_tested": True}), "test restores regularly"))
            continue
        if current is None:
            out.append((name, measure_type(name)(status=MeasureStatus.implemented), "put the measure in place"))
    return out


def _recommend(
    assessment: Assessment, facts: Facts, residual_view: MeasureView, residual: PhaseResult, exposures: list[Exposure]
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
                        text=text,
                    ),
                )
            )
    return [recommendation for _, recommendation in sorted(found, key=lambda pair: pair[0])]


# --------------------------------------------------------------------------------------------------


def assess(assessment: Assessment) -> Findings:
    """Screening, the four risks (initial and residual), gates, recommendations and Art. 36."""
    facts = derive(assessment)
    exposures = [exposure(member) for member in members(assessment)]
    initial_view, residual_view = view(assessment, "initial"), view(assessment, "residual")
    initial = _score(assessment, facts, initial_view, exposures)
    residual = _score(assessment, facts, residual_view, exposures)
    screening = screen(assessment, facts)
    by_event: dict[RiskId, EventSpec] = {spec.risk: spec for spec in EVENTS}
    risks = []
    for risk_id in _RISK_ORDER:
        spec = by_event.get(risk_id, by_event[RiskId.illegitimate_access])
        relevant = _relevant_measures(risk_id)
        risks.append(
            Risk(
                id=risk_id,
                initial=initial.levels[risk_id],
                residual=residual.levels[risk_id],
                reasons=_residual_reasons(initial.reasons(risk_id), residual.reasons(risk_id)),
                impacts=list(spec.impacts) if risk_id in by_event else list(_EXT_IMPACTS),
                threats=list(spec.threats) if risk_id in by_event else list(_EXT_THREATS),
                sources=list(spec.sources) if risk_id in by_event else list(_EXT_SOURCES),
                measures=[name for name in residual_view.counted if name in relevant],
                severity_justification=initial.justification(risk_id, "severity"),
                likelihood_justification=initial.justification(risk_id, "likelihood"),
            )
        )
    required = screening.required
    prior = required and any(risk.residual.level >= Level.significant for risk in risks)
    return Findings(
        rules_version=R.RULES_VERSION,
        screening=screening,
        risks=risks,
        recommendations=_recommend(assessment, facts, residual_view, residual, exposures),
        gates=gates(assessment, facts, exposures),
        cross_check=cross_check(initial.outcome, facts),
        no_go=initial.no_go,
        prior_consultation=prior,
    )


def _relevant_measures(risk_id: RiskId) -> set[str]:
    if risk_id is RiskId.extraterritorial_access:
        return set(_EXT_MEASURES) | {"processing_contracts"}
    code = {RiskId.illegitimate_access: "IA", RiskId.unwanted_modification: "UM", RiskId.disappearance: "DIS"}[risk_id]
    return set(R.MEASURE_WEIGHTS[code])


_EXT_IMPACTS = (
    "Health-related data handed to a foreign authority without the persons' knowledge or any remedy in the EU",
    "Loss of control over data used for intelligence or law-enforcement purposes abroad",
    "Chilling effect on the use of the care or vaccination service",
)
_EXT_THREATS = (
    "Compelled disclosure by a provider or its parent (warrant, production order, FISA §702 directive)",
    "Remote access from a third country by a provider's administrators or support",
    "Collection of data in transit",
)
_EXT_SOURCES = (
    "Third-country public authorities (law enforcement, intelligence services)",
    "Providers and parent companies subject to third-country law",
)
