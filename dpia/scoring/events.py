"""The three CNIL feared events: illegitimate access, unwanted modification and disappearance."""

from __future__ import annotations

from dataclasses import dataclass

from dpia.model import Assessment
from dpia.scoring import rules as R
from dpia.scoring.facts import Facts, in_eea
from dpia.scoring.findings import RiskId
from dpia.scoring.measures import MeasureView
from dpia.scoring.trace import Trace


@dataclass(frozen=True)
class EventSpec:
    risk: RiskId
    code: str  # rule prefix: IA, UM, DIS
    column: str  # column of SEVERITY_BY_CATEGORY
    impacts: tuple[str, ...]
    threats: tuple[str, ...]
    sources: tuple[str, ...]


_SOURCES_COMMON = (
    "Internal human sources: negligent or rogue staff of the controller, the centres or the providers",
    "External human sources: attackers, fraudsters, relatives, third parties with legitimate access who misuse it",
)
EVENTS: tuple[EventSpec, ...] = (
    EventSpec(
        RiskId.illegitimate_access,
        "IA",
        "confidentiality",
        (
            "Targeted phishing or fraud using the contact and appointment details",
            "Disclosure of health-related information (priority group, care sought) to relatives, employers or insurers",
            "Loss of trust in the vaccination campaign or the care system",
        ),
        (
            "Theft of credentials or of an administrator account",
            "Exploitation of a web application vulnerability",
            "Excessive consultation by authorised staff",
            "Copy of backups or databases by a provider's personnel",
        ),
        _SOURCES_COMMON,
    ),
    EventSpec(
        RiskId.unwanted_modification,
        "UM",
        "integrity",
        (
            "Missed, moved or cancelled appointments, delaying care",
            "Care given on wrong or altered data (disregard of contraindications)",
            "Messages sent to the wrong person",
        ),
        (
            "Unauthorised change through a compromised account",
            "Software error or faulty update",
            "Malicious alteration of the database or of messages in transit",
        ),
        _SOURCES_COMMON,
    ),
    EventSpec(
        RiskId.disappearance,
        "DIS",
        "availability",
        (
            "Appointments lost: persons not vaccinated or cared for in time",
            "Repeated formalities to book again",
            "Loss of the history needed for follow-up care",
        ),
        (
            "Ransomware or deletion by an attacker",
            "Hardware failure, fire or flood at a data centre",
            "Provider failure or end of contract without reversibility",
            "Accidental deletion by staff",
        ),
        (*_SOURCES_COMMON, "Non-human sources: power cuts, fire, water damage, natural disasters"),
    ),
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
    if pseudo is None or facts.direct_identifiers:
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
    trace.add("SEV-BASE", f"worst category for this event: {worst} ({value})", f"severity {value}")
    if facts.severity_raising_groups and value < 3:
        value += 1
        trace.add("SEV-VULNERABLE", ", ".join(sorted(facts.severity_raising_groups)), f"severity +1 → {value}")
    if spec.code == "IA":
        if facts.high_interest and value < 4:
            value += 1
            trace.add("SEV-HIGH-INTEREST", "declared in the answers", f"severity +1 → {value}")
        if pseudonymised_apart(assessment, facts, measures, exposed) and value > 1:
            value -= 1
            trace.add(
                "SEV-PSEUDONYMISED", "no direct identifier; secret kept apart in the EEA", f"severity -1 → {value}"
            )
    return value, trace


def points(spec: EventSpec, facts: Facts, measures: MeasureView) -> list[tuple[str, int]]:
    """The measures in place that protect against the event, with their points, in registry order."""
    scored = []
    for measure, weight in R.MEASURE_WEIGHTS[spec.code].items():
        if measure == "encryption_in_transit":
            present = measures.encryption_in_transit()
        elif measure == "logical_access_control_mfa":
            present = measures.multi_factor()
        elif measure == "backups_restore_tested":
            present = measures.restore_tested()
        elif measure == "paper_security":
            present = measures.has(measure) and facts.paper
        else:
            present = measures.has(measure)
        if present:
            scored.append((measure, weight))
    return scored


def likelihood(spec: EventSpec, assessment: Assessment, facts: Facts, measures: MeasureView) -> tuple[int, Trace]:
    trace = Trace()
    base = 4 if facts.networked else 3
    trace.add(
        "LIK-BASE",
        "networked service" if facts.networked else "no provider, software or network asset",
        f"likelihood {base}",
    )
    scored = points(spec, facts, measures)
    for measure, weight in scored:
        trace.add(R.measure_rule_id(spec.code, measure), effect=f"+{weight} point{'s' if weight > 1 else ''}")
    total = sum(weight for _, weight in scored)
    if spec.code == "IA" and facts.window_months > R.LONG_RETENTION_MONTHS:
        total = max(0, total - R.LONG_RETENTION_PENALTY)
        trace.add("IA-LONG-RETENTION", f"{facts.window_months} months")
    steps = sum(total >= threshold for threshold in R.POINT_THRESHOLDS)
    value = max(1, base - steps)
    trace.add("LIK-POINTS", f"{total} points", f"-{steps} → likelihood {value}")
    if spec.code == "DIS" and not measures.has("backups") and value < 3:
        value = 3
        trace.add("DIS-FLOOR-NO-BACKUP", "no backups counted", "floor → likelihood 3")
    return value, trace


def rate(
    spec: EventSpec, assessment: Assessment, facts: Facts, measures: MeasureView, exposed: frozenset[str]
) -> Rated:
    sev, sev_trace = severity(spec, assessment, facts, measures, exposed)
    lik, lik_trace = likelihood(spec, assessment, facts, measures)
    return Rated(sev, lik, sev_trace, lik_trace)
