"""Is a DPIA required? Art. 35(3), the nine WP248 criteria and the two CNIL lists."""

from __future__ import annotations

from dpia.model import Assessment, ControllerType, SubjectCategory
from dpia.scoring.facts import Facts
from dpia.scoring.findings import Criterion, Screening
from dpia.scoring.rules import get_rule

_ESTABLISHMENTS = {ControllerType.health_establishment}


def _criterion(rule_id: str, met: bool, because: str) -> Criterion:
    rule = get_rule(rule_id)
    return Criterion(id=rule.id, text=rule.title, citation=rule.citation, met=met, because=because)


def screen(assessment: Assessment, facts: Facts) -> Screening:
    s = assessment.screening
    categories = ", ".join(sorted(facts.categories))
    scale = f"{facts.count:,} persons, {assessment.data_subjects.scope.value} scope"
    controllers = [assessment.processing.controller, *assessment.processing.joint_controllers]
    employees = SubjectCategory.employees in assessment.data_subjects.categories
    sensitive = facts.special_categories or bool(facts.categories & {"social_security_number", "payment", "location"})

    art35 = [
        _criterion(
            "SCR-ART35-3A",
            s.evaluation_or_scoring and s.automated_decisions,
            "evaluation and automated decisions declared"
            if s.evaluation_or_scoring and s.automated_decisions
            else "no automated evaluation with decisions declared",
        ),
        _criterion(
            "SCR-ART35-3B",
            facts.special_categories and facts.large_scale,
            f"special categories: {'yes' if facts.special_categories else 'no'} ({categories}; Art. 9(2): "
            f"{assessment.legal_basis.art9.value}); large scale: {'yes' if facts.large_scale else 'no'} ({scale})",
        ),
        _criterion(
            "SCR-ART35-3C",
            s.systematic_monitoring and facts.large_scale,
            f"systematic monitoring: {'yes' if s.systematic_monitoring else 'no'}; large scale: "
            f"{'yes' if facts.large_scale else 'no'}",
        ),
    ]
    wp = [
        _criterion("SCR-WP248-1", s.evaluation_or_scoring, "declared" if s.evaluation_or_scoring else "not declared"),
        _criterion("SCR-WP248-2", s.automated_decisions, "declared" if s.automated_decisions else "not declared"),
        _criterion("SCR-WP248-3", s.systematic_monitoring, "declared" if s.systematic_monitoring else "not declared"),
        _criterion("SCR-WP248-4", sensitive, f"data: {categories}"),
        _criterion("SCR-WP248-5", facts.large_scale, scale),
        _criterion("SCR-WP248-6", s.matching_datasets, "declared" if s.matching_datasets else "not declared"),
        _criterion(
            "SCR-WP248-7",
            bool(facts.vulnerable),
            f"vulnerable persons: {', '.join(sorted(facts.vulnerable))}" if facts.vulnerable else "none declared",
        ),
        _criterion("SCR-WP248-8", s.innovative_technology, "declared" if s.innovative_technology else "not declared"),
        _criterion(
            "SCR-WP248-9", s.blocks_right_or_service, "declared" if s.blocks_right_or_service else "not declared"
        ),
    ]
    wp_met = [c.id.removeprefix("SCR-WP248-") for c in wp if c.met]
    count = _criterion(
        "SCR-WP248-COUNT",
        len(wp_met) >= 2,
        f"{len(wp_met)} criteria met" + (f" ({', '.join(wp_met)})" if wp_met else ""),
    )
    establishment = any(c.type in _ESTABLISHMENTS for c in controllers)
    cnil = [
        _criterion(
            "SCR-CNIL327-1",
            establishment and facts.special_categories,
            f"controller types: {', '.join(sorted({c.type.value for c in controllers}))}",
        ),
        _criterion(
            "SCR-CNIL327-3",
            employees and s.evaluation_or_scoring,
            "employees evaluated" if employees and s.evaluation_or_scoring else "no evaluation of employees",
        ),
        _criterion(
            "SCR-CNIL327-4",
            employees and s.systematic_monitoring,
            "employees monitored" if employees and s.systematic_monitoring else "no monitoring of employees",
        ),
        _criterion("SCR-CNIL327-5", s.health_crisis_alerts, "declared" if s.health_crisis_alerts else "not declared"),
        _criterion(
            "SCR-CNIL327-7",
            s.data_warehouse and facts.special_categories,
            "declared" if s.data_warehouse else "not declared",
        ),
        _criterion(
            "SCR-CNIL327-14",
            "location" in facts.categories and facts.large_scale,
            f"location data: {'yes' if 'location' in facts.categories else 'no'}; {scale}",
        ),
    ]
    individual = all(c.type is ControllerType.health_professional for c in controllers)
    associations = all(c.type is ControllerType.association for c in controllers)
    exemptions = [
        _criterion(
            "SCR-CNIL118-5",
            associations and not sensitive,
            "association with non-sensitive data"
            if associations and not sensitive
            else "not an association managing non-sensitive data",
        ),
        _criterion(
            "SCR-CNIL118-6",
            individual and not facts.large_scale,
            "individual practitioner, not large scale"
            if individual and not facts.large_scale
            else "not a single practitioner's own processing",
        ),
    ]
    exempt = any(c.met for c in exemptions)
    triggers = [c for c in (*art35, count, *cnil) if c.met]
    required = bool(triggers) and not exempt
    if exempt:
        summary = "Exempt: " + "; ".join(c.text for c in exemptions if c.met)
    elif required:
        summary = "DPIA required: " + "; ".join(c.id for c in triggers)
    else:
        summary = f"No DPIA required by the lists; {len(wp_met)} WP248 criterion met" + (
            " (document why no DPIA is carried out, with the DPO's view)" if wp_met else ""
        )
    return Screening(
        required=required, criteria=[*art35, *wp, count, *cnil, *exemptions], exempt=exempt, summary=summary
    )
