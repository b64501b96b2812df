"""Is a DPIA required? Art. 35(3), the nine WP248 criteria and the two CNIL lists."""

from __future__ import annotations

import datetime as dt

from dpia.labels import Lang
from dpia.model import Art9Condition, Assessment, ControllerType, Practice, SubjectCategory
from dpia.scoring import rules as R
from dpia.scoring.facts import Facts
from dpia.scoring.findings import Criterion, Screening
from dpia.scoring.rules import get_rule
from dpia.scoring.wording import Label, Msg, T, Words, answers_text, day, lbl, msg, render

_ESTABLISHMENTS = {ControllerType.health_establishment}


def _yes(value: bool) -> Msg:
    return msg("yes" if value else "no")


def _art9(assessment: Assessment, facts: Facts) -> Words:
    """The Art. 9(2) condition, or that it is not stated when the data reveal health."""
    art9 = assessment.legal_basis.art9
    if facts.special_categories and art9 is Art9Condition.not_applicable:
        return msg("art9_not_stated")
    return art9


def _declared(value: bool, reason: str | None = None, written_in: str | None = None) -> Words:
    """A criterion the answers declare: why it applies, in the answer's words when given (quoted in the other
    language, see `answers_text`), else 'declared'."""
    if value and reason:
        return answers_text(reason.strip().rstrip("."), written_in)
    return msg("criterion_declared" if value else "criterion_not_declared")


def _sensitive_data(qualifying: tuple[Words, ...], categories: tuple[Label, ...], art9: Words | None) -> Msg:
    """Why WP248 criterion 4 is met or not: only the data that meet it are named (identity or contact data
    are neither a special category nor of a highly personal nature); when none does, the data processed."""
    if qualifying:
        # A semicolon between items: what a category reveals may itself hold commas.
        listed = T(
            " ; ".join(render(item, "fr") for item in qualifying), "; ".join(render(item, "en") for item in qualifying)
        )
        return msg("sensitive_data", categories=listed)
    if art9 is not None:
        return msg("sensitive_by_art9", art9=art9)
    return msg("no_sensitive_data", categories=categories)


# What a special category reveals, as the answers word it: a display connector, not a rule's sentence.
_REVEALING = T("{category}, qui révèle {reveals}", "{category}, which reveals {reveals}")


def screen(assessment: Assessment, facts: Facts, lang: Lang, as_of: dt.date) -> Screening:
    """Screening runs once per assessment, so it words its criteria directly in `lang`.

    A criterion whose texts were not yet in force on `as_of` (a CNIL list adopted later) is never met.
    """

    def criterion(rule_id: str, met: bool, because: Words) -> Criterion:
        rule = get_rule(rule_id)
        in_force = rule.in_force(as_of)
        return Criterion(
            id=rule.id,
            text=rule.title(lang),
            citation=rule.citation(lang, as_of),
            met=met and in_force,
            because=render(because if in_force else msg("not_in_force", date=day(rule.in_force_from)), lang),
        )

    s = assessment.screening
    why = s.reasons
    written_in = assessment.language  # the answers' free texts are quoted in a document in another language
    categories = tuple(lbl(category, "DataCategory") for category in sorted(facts.categories))
    reveals = {item.category.value: item.reveals for item in assessment.data if item.reveals}
    special_categories = tuple(
        _REVEALING(lang).format(
            category=render(lbl(category, "DataCategory"), lang),
            reveals=answers_text(reveals[category], assessment.language)(lang),
        )
        if category in reveals
        else lbl(category, "DataCategory")
        for category in sorted(facts.categories & (R.HEALTH_PROPER | R.CARE_INFERRING))
    )
    scale = msg(
        "scale", count=facts.count, scope=lbl(assessment.data_subjects.scope.value, "GeographicScope", lower=True)
    )
    controllers = [assessment.processing.controller, *assessment.processing.joint_controllers]
    employees = SubjectCategory.employees in assessment.data_subjects.categories
    highly_personal = tuple(lbl(category, "DataCategory") for category in sorted(facts.categories & R.HIGHLY_PERSONAL))
    sensitive = facts.special_categories or bool(highly_personal)

    # An Art. 9(2) condition the answers state makes the data special even when no category says so.
    art9 = _art9(assessment, facts) if facts.special_categories else None
    evaluation = s.evaluation_or_scoring and s.automated_decisions
    art35 = [
        criterion(
            "SCR-ART35-3A",
            evaluation,
            msg("evaluation_and_decisions" if evaluation else "no_evaluation_and_decisions"),
        ),
        criterion(
            "SCR-ART35-3B",
            facts.special_categories and facts.large_scale,
            msg(
                "special_large",
                special=_yes(facts.special_categories),
                # Only the categories that are special (Art. 9) are named here: identity or contact data are not.
                categories=special_categories or categories,
                art9=_art9(assessment, facts),
                large=_yes(facts.large_scale),
                scale=scale,
            ),
        ),
        criterion(
            "SCR-ART35-3C",
            s.systematic_monitoring and facts.large_scale,
            msg("monitoring_large", monitoring=_yes(s.systematic_monitoring), large=_yes(facts.large_scale)),
        ),
    ]
    vulnerable = tuple(lbl(group, "VulnerableGroup", "SubjectCategory") for group in sorted(facts.vulnerable))
    wp = [
        criterion(
            "SCR-WP248-1",
            s.evaluation_or_scoring,
            _declared(s.evaluation_or_scoring, why.evaluation_or_scoring, written_in),
        ),
        criterion(
            "SCR-WP248-2", s.automated_decisions, _declared(s.automated_decisions, why.automated_decisions, written_in)
        ),
        criterion(
            "SCR-WP248-3",
            s.systematic_monitoring,
            _declared(s.systematic_monitoring, why.systematic_monitoring, written_in),
        ),
        criterion("SCR-WP248-4", sensitive, _sensitive_data(special_categories + highly_personal, categories, art9)),
        criterion("SCR-WP248-5", facts.large_scale, scale),
        criterion(
            "SCR-WP248-6", s.matching_datasets, _declared(s.matching_datasets, why.matching_datasets, written_in)
        ),
        criterion(
            "SCR-WP248-7",
            bool(facts.vulnerable),
            msg("vulnerable", groups=vulnerable) if facts.vulnerable else msg("none_declared"),
        ),
        criterion(
            "SCR-WP248-8",
            s.innovative_technology,
            _declared(s.innovative_technology, why.innovative_technology, written_in),
        ),
        criterion(
            "SCR-WP248-9",
            s.blocks_right_or_service,
            _declared(s.blocks_right_or_service, why.blocks_right_or_service, written_in),
        ),
    ]
    wp_met = [c.id.removeprefix("SCR-WP248-") for c in wp if c.met]
    count = criterion(
        "SCR-WP248-COUNT",
        len(wp_met) >= 2,
        msg("criteria_met_list", count=len(wp_met), ids=", ".join(wp_met))
        if wp_met
        else msg("criteria_met", count=len(wp_met)),
    )
    establishment = any(c.type in _ESTABLISHMENTS for c in controllers)
    evaluated, monitored = employees and s.evaluation_or_scoring, employees and s.systematic_monitoring
    cnil = [
        criterion(
            "SCR-CNIL327-1",
            establishment and facts.special_categories,
            msg("controller_types", types=tuple(sorted({c.type for c in controllers}))),
        ),
        criterion("SCR-CNIL327-3", evaluated, msg("employees_evaluated" if evaluated else "no_employee_evaluation")),
        criterion("SCR-CNIL327-4", monitored, msg("employees_monitored" if monitored else "no_employee_monitoring")),
        criterion(
            "SCR-CNIL327-5",
            s.health_crisis_alerts,
            _declared(s.health_crisis_alerts, why.health_crisis_alerts, written_in),
        ),
        criterion(
            "SCR-CNIL327-7",
            s.data_warehouse and facts.special_categories,
            _declared(s.data_warehouse, why.data_warehouse, written_in),
        ),
        criterion(
            "SCR-CNIL327-14",
            "location" in facts.categories and facts.large_scale,
            msg("location_data", present=_yes("location" in facts.categories), scale=scale),
        ),
    ]
    individual = all(c.type is ControllerType.health_professional for c in controllers)
    associations = all(c.type is ControllerType.association for c in controllers)
    association_ok = associations and not sensitive
    # Item 6 of 2019-118 exempts a professional practising individually; a group practice, a health centre
    # or an establishment is not one, and an unstated practice earns no exemption.
    practices = {c.practice for c in controllers}
    individual_practice = practices == {Practice.individual}
    individual_ok = individual and individual_practice and not facts.large_scale
    if individual_ok:
        individual_why = msg("individual_ok")
    elif individual and None in practices:
        individual_why = msg("practice_not_stated")
    elif individual and not individual_practice:
        stated = sorted(p.value for p in practices if p is not None and p is not Practice.individual)
        individual_why = msg("practice_not_individual", practice=lbl(stated[0], "Practice", lower=True))
    else:
        individual_why = msg("individual_no")
    exemptions = [
        criterion("SCR-CNIL118-5", association_ok, msg("association_ok" if association_ok else "association_no")),
        criterion("SCR-CNIL118-6", individual_ok, individual_why),
    ]
    exempt = any(c.met for c in exemptions)
    triggers = [c for c in (*art35, count, *cnil) if c.met]
    required = bool(triggers) and not exempt
    if exempt:
        summary = msg("summary_exempt", criteria=tuple(c.text for c in exemptions if c.met))
    elif required:
        summary = msg("summary_required", ids=tuple(c.id for c in triggers))
    else:
        summary = msg("summary_document_why" if wp_met else "summary_not_required", count=len(wp_met))
    return Screening(
        required=required,
        criteria=[*art35, *wp, count, *cnil, *exemptions],
        exempt=exempt,
        summary=render(summary, lang),
    )
