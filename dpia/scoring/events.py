"""The three CNIL feared events: illegitimate access, unwanted modification and disappearance."""

from __future__ import annotations

from dataclasses import dataclass

from dpia.model import Assessment
from dpia.scoring import rules as R
from dpia.scoring.facts import Facts, in_eea
from dpia.scoring.findings import RiskId
from dpia.scoring.measures import MeasureView, described
from dpia.scoring.trace import Trace
from dpia.scoring.wording import lbl, msg


@dataclass(frozen=True)
class EventSpec:
    risk: RiskId
    code: str  # rule prefix: IA, UM, DIS
    column: str  # column of SEVERITY_BY_CATEGORY


EVENTS: tuple[EventSpec, ...] = (
    EventSpec(RiskId.illegitimate_access, "IA", "confidentiality"),
    EventSpec(RiskId.unwanted_modification, "UM", "integrity"),
    EventSpec(RiskId.disappearance, "DIS", "availability"),
)


@dataclass(frozen=True)
class Rated:
    severity: int
    likelihood: int
    severity_trace: Trace
    likelihood_trace: Trace


def pseudonymised_apart(assessment: Assessment, facts: Facts, measures: MeasureView, exposed: frozenset[str]) -> bool:
    """Data without direct identifiers whose re-identification secret stays in the EEA with an unexposed holder."""
    pseudo = measures.pseudonymisation
    # Rich records (birth date, postcode, care pathway) single a person out even without a name (EDPB
    # Recs 01/2020 use case 2): without the answer that they cannot, pseudonymisation earns nothing.
    if pseudo is None or facts.direct_identifiers or not pseudo.prevents_singling_out:
        return False
    holder = pseudo.secret_holder_country or facts.controller_country
    return in_eea(holder) and (pseudo.secret_holder or "") not in exposed


def severity(
    spec: EventSpec, assessment: Assessment, facts: Facts, measures: MeasureView, exposed: frozenset[str]
) -> tuple[int, Trace]:
    trace = Trace()
    table = R.SEVERITY_BY_CATEGORY[spec.column]
    worst = max(facts.categories, key=lambda category: (table[category], category))
    value = table[worst]
    trace.add(
        "SEV-BASE",
        msg("worst_category", category=lbl(worst, "DataCategory"), value=str(value)),
        msg("severity", value=str(value)),
    )
    if facts.severity_raising_groups and value < 3:
        value += 1
        groups = tuple(lbl(group, "VulnerableGroup") for group in sorted(facts.severity_raising_groups))
        trace.add("SEV-VULNERABLE", groups, msg("severity_up", value=str(value)))
    # Maximal severity: consequences that may be irreversible or cannot be overcome (CNIL scale, level 4).
    if spec.code in ("IA", "UM") and facts.vulnerable_in_care and value < 4:
        value = 4
        groups = tuple(lbl(group, "VulnerableGroup") for group in sorted(facts.vulnerable_in_care))
        trace.add("SEV-VULNERABLE-CARE", groups, msg("severity_max", value=str(value)))
    if spec.code == "IA" and facts.stigmatising and value < 4:
        at_scale = "social_security_number" in facts.categories or facts.large_scale
        if at_scale:
            value = 4
            why = msg("stigmatising_nir") if "social_security_number" in facts.categories else msg("stigmatising_scale")
            if facts.stigmatising_unstated:
                why = msg("unstated_least_favourable", fact=why)
            trace.add("SEV-STIGMATISING", why, msg("severity_max", value=str(value)))
    if spec.code == "IA" and facts.endangering and value < 4:
        value = 4
        why = msg("endangering_unstated") if facts.endangering_unstated else msg("declared")
        trace.add("SEV-ENDANGERING", why, msg("severity_max", value=str(value)))
    if spec.code == "IA":
        if facts.high_interest and value < 4:
            value += 1
            trace.add("SEV-HIGH-INTEREST", msg("declared"), msg("severity_up", value=str(value)))
        if pseudonymised_apart(assessment, facts, measures, exposed) and value > 1:
            value -= 1
            trace.add("SEV-PSEUDONYMISED", msg("pseudonymised_apart"), msg("severity_down", value=str(value)))
    return value, trace


def counts(measure: str, facts: Facts, measures: MeasureView) -> bool:
    """Whether a measure of the weights table (a catalogue measure or one of its qualities) counts."""
    if measure == "encryption_in_transit":
        return measures.encryption_in_transit()
    if measure == "logical_access_control_mfa":
        return measures.multi_factor()
    if measure == "backups_restore_tested":
        return measures.restore_tested()
    if measure == "paper_security":
        return measures.has(measure) and facts.paper
    return measures.has(measure)


def points(spec: EventSpec, facts: Facts, measures: MeasureView) -> list[tuple[str, int]]:
    """The measures in place that protect against the event, with their points, in registry order."""
    return [
        (measure, weight)
        for measure, weight in R.MEASURE_WEIGHTS[spec.code].items()
        if counts(measure, facts, measures)
    ]


def lacking_prevention(spec: EventSpec, facts: Facts, measures: MeasureView) -> list[str]:
    """For each group of measures that prevent or undo this event, its first measure if none of it counts."""
    return [
        group[0]
        for group in R.NEGLIGIBLE_REQUIRES.get(spec.code, ())
        if not any(counts(measure, facts, measures) for measure in group)
    ]


def _undescribed(spec: EventSpec, assessment: Assessment, measures: MeasureView) -> list[str]:
    """Measures of this event's catalogue declared for this phase but without a description."""
    weights = R.MEASURE_WEIGHTS[spec.code]
    return [
        name
        for name, measure in assessment.measures.present().items()
        if name in weights and not described(measure) and measures.status_counts(measure.status)
    ]


def likelihood(spec: EventSpec, assessment: Assessment, facts: Facts, measures: MeasureView) -> tuple[int, Trace]:
    trace = Trace()
    base = 4 if facts.networked else 3
    trace.add("LIK-BASE", msg("networked" if facts.networked else "not_networked"), msg("likelihood", value=str(base)))
    undescribed = _undescribed(spec, assessment, measures)
    if undescribed:
        trace.add("LIK-UNDESCRIBED", tuple(lbl(name, "Measure") for name in undescribed))
    scored = points(spec, facts, measures)
    for measure, _ in scored:
        trace.add(R.measure_rule_id(spec.code, measure))
    total = sum(weight for _, weight in scored)
    if spec.code == "IA" and facts.window_months > R.LONG_RETENTION_MONTHS:
        total = max(0, total - R.LONG_RETENTION_PENALTY)
        trace.add("IA-LONG-RETENTION", msg("months", count=facts.window_months))
    steps = sum(total >= threshold for threshold in R.POINT_THRESHOLDS)
    value = max(1, base - steps)
    trace.add("LIK-POINTS", msg("points", count=total), msg("points_step", steps=str(steps), value=str(value)))
    lacking = lacking_prevention(spec, facts, measures) if value < 2 else []
    if lacking:
        value = 2
        names = tuple(
            msg("restore_tested_backups") if name == "backups_restore_tested" else lbl(name, "Measure")
            for name in lacking
        )
        trace.add(f"{spec.code}-FLOOR-PREVENTION", msg("lacking", measures=names), msg("floor_likelihood", value="2"))
    if spec.code == "DIS" and not measures.has("backups") and value < 3:
        value = 3
        trace.add("DIS-FLOOR-NO-BACKUP", msg("no_backups"), msg("floor_likelihood", value="3"))
    if spec.code in ("IA", "UM", "DIS") and facts.public_service and value < 2:
        # Accounts that can read can also change and cancel: what keeps access above negligible keeps
        # the alteration and the deletion of bookings there too, backups or not.
        value = 2
        trace.add(
            f"{spec.code}-FLOOR-PUBLIC-SERVICE", msg("accounts", count=facts.count), msg("floor_likelihood", value="2")
        )
    return value, trace


def rate(
    spec: EventSpec, assessment: Assessment, facts: Facts, measures: MeasureView, exposed: frozenset[str]
) -> Rated:
    sev, sev_trace = severity(spec, assessment, facts, measures, exposed)
    lik, lik_trace = likelihood(spec, assessment, facts, measures)
    return Rated(sev, lik, sev_trace, lik_trace)
