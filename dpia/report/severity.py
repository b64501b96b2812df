"""Why each risk has its severity, and not the level above or below, in the CNIL's verbal scale.

A severity argument a DPO signs says, for this feared event: what would happen to which data of how
many persons, what that would mean for them (the risk's own impacts), why the harm is not lighter (the
data whose loss of confidentiality, integrity or availability hurts most) and why it is not heavier
(the aggravating facts this processing does not have). The levels come from the scoring; the facts
named here are those the scoring rates (its severity table and aggravating factors), so the argument
and the level cannot drift apart. Which aggravating factor applied is read from the risk's reasons,
never printed: the body carries no rule ids or points.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from dpia.labels import label
from dpia.model import Assessment, DataCategory, DataItem, VulnerableGroup
from dpia.report.words import Words
from dpia.scoring import rules as R
from dpia.scoring.extraterritorial import exposure, members
from dpia.scoring.facts import stigmatising_applies
from dpia.scoring.findings import Level, Risk, RiskId
from dpia.scoring.wording import HEALTH_DISCLOSURE

# The CIA property each feared event harms: the column of the scoring's severity table. A third-country
# authority obtaining the data harms their confidentiality, as an illegitimate access does.
_COLUMN = {
    RiskId.illegitimate_access: "confidentiality",
    RiskId.unwanted_modification: "integrity",
    RiskId.disappearance: "availability",
    RiskId.extraterritorial_access: "confidentiality",
}
_DISCLOSURE = (RiskId.illegitimate_access, RiskId.extraterritorial_access)
# Where each risk is argued in the document: a later risk refers to an earlier one instead of repeating it.
SECTION_NUMBER = {
    RiskId.illegitimate_access: "3.2",
    RiskId.unwanted_modification: "3.3",
    RiskId.disappearance: "3.4",
    RiskId.extraterritorial_access: "3.5",
}
_RAISING_GROUPS = (VulnerableGroup.minors, VulnerableGroup.protected_adults)
# Aggravating factors that fired, in the order the scoring applies them, and the sentence for each.
_RAISED_BY = (
    ("SEV-VULNERABLE", "sev_raised_vulnerable"),
    ("SEV-VULNERABLE-CARE", "sev_raised_vulnerable_care"),
    ("SEV-STIGMATISING", "sev_raised_stigmatising"),
    ("SEV-ENDANGERING", "sev_raised_endangering"),
    ("SEV-HIGH-INTEREST", "sev_raised_high_interest"),
    ("SEV-PSEUDONYMISED", "sev_lowered_pseudonymised"),
)


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _embed(text: str, words: Words) -> str:
    """An answer's free text inside a sentence: quoted as written when in another language (see Words.free)."""
    return words.free(text) if words.quotes_answers else _lower_first(text)


def _level(words: Words, value: int) -> str:
    return _lower_first(words.level_label(Level(value)))


def _level_first(words: Words, value: int) -> str:
    """The level's name opening a sentence, for languages that put it first ("Limited severity")."""
    return words.level_label(Level(value))


def _category_kind(category: str) -> str:
    if category in R.HEALTH_PROPER:
        return "health"
    if category in R.CARE_INFERRING:
        return "care"
    return "other"


def _worst(assessment: Assessment, column: str) -> tuple[str, int]:
    """The category whose compromise hurts most for this property, and its base severity (ties: by name)."""
    table = R.SEVERITY_BY_CATEGORY[column]
    worst = max((item.category.value for item in assessment.data), key=lambda c: (table[c], c))
    return worst, table[worst]


def _fired(risk: Risk) -> set[str]:
    return {reason.rule for reason in risk.reasons}


def _groups(assessment: Assessment, words: Words, wanted: tuple[VulnerableGroup, ...] | None = None) -> str:
    groups = [g for g in assessment.data_subjects.vulnerable_groups if wanted is None or g in wanted]
    return words.sentence_list(_lower_first(label(g, words.lang)) for g in groups)


def _most_revealing(assessment: Assessment) -> DataItem | None:
    """Of the data that say what they reveal about health, the one whose disclosure hurts most."""
    table = R.SEVERITY_BY_CATEGORY["confidentiality"]
    items = [item for item in assessment.data if stigmatising_applies(item.category) and item.reveals]
    return max(items, key=lambda item: table[item.category.value], default=None)


def impacts(risk: Risk, assessment: Assessment, words: Words) -> list[str]:
    """The risk's impacts, the disclosure of health naming what the data reveal when the answers say it."""
    revealing = _most_revealing(assessment)
    if revealing is None:
        return list(risk.impacts)
    generic = HEALTH_DISCLOSURE(words.lang)
    category = _lower_first(label(revealing.category, words.lang))
    specific = words("impact_health_disclosure", category=category, reveals=words.free(revealing.reveals or ""))
    return [specific if impact == generic else impact for impact in risk.impacts]


def _not_lower(risk: Risk, words: Words, worst: str, base: int, value: int) -> str:
    """Why the harm is not lighter: what compromising the most harmful data would do to the persons."""
    if base <= 1:
        return ""
    category = _lower_first(label(DataCategory(worst), words.lang))
    key = f"sev_floor_{_COLUMN[risk.id]}_{_category_kind(worst)}"
    reason = words(key, category=category)
    if value > base:  # an aggravating factor raised it further: the data set the floor, the factor the rest
        return words("sev_at_least", level=_level(words, base), reason=reason)
    return words("sev_not_lower", lower=_level(words, base - 1), reason=reason)


def _unanswered(rule: str, assessment: Assessment) -> bool:
    """The aggravating fact behind this rule is not stated: the scoring took its least favourable value."""
    if rule == "SEV-STIGMATISING":
        return not any(item.stigmatising for item in assessment.data)
    if rule == "SEV-ENDANGERING":
        return assessment.data_subjects.disclosure_endangers is None
    return False


def _persons(assessment: Assessment, words: Words) -> str:
    """What the persons concerned add to the ceiling: minors or protected adults absent or not targeted, and
    the vulnerability of the others, weighed as an aggravating factor."""
    subjects = assessment.data_subjects
    if "vulnerable_groups" not in subjects.model_fields_set:
        return words("sev_unknown_minors")
    # Only what the file states: the absence of minors or protected adults is the answer's, not a fact
    # established here. A group present in the population but not targeted (no data on its status) is said
    # to be there: the raising rule is for processing that targets it, its vulnerability still weighs.
    present = [g for g in _RAISING_GROUPS if g in subjects.vulnerable_present_not_targeted]
    absent = [g for g in _RAISING_GROUPS if g not in present and g not in subjects.vulnerable_groups]
    clauses = []
    if present:
        clauses.append(
            words(
                "sev_present_not_targeted",
                groups=words.sentence_list(_lower_first(label(g, words.lang)) for g in present),
                status=words.sentence_list(words(f"sev_status_{g.value}") for g in present),
            )
        )
    if absent:
        clauses.append(words("sev_absent_" + "_".join(g.value for g in absent)))
    weighed = [g for g in subjects.vulnerable_groups if g not in _RAISING_GROUPS] + [
        g for g in subjects.vulnerable_present_not_targeted if g not in _RAISING_GROUPS or g in present
    ]
    if weighed:
        groups = words.sentence_list(_lower_first(label(g, words.lang)) for g in dict.fromkeys(weighed))
        clauses.append(words("sev_vulnerability_aggravating", groups=groups))
    return words.join(clauses)


def _stigmatising(assessment: Assessment, words: Words, named: str | None) -> str:
    """That what the data reveal about health is not stigmatising, naming what they reveal when stated."""
    applicable = [item for item in assessment.data if stigmatising_applies(item.category)]
    if not applicable or not all(item.stigmatising is False for item in applicable):
        return ""
    clauses = [
        words(
            "sev_reveals_not_stigmatising",
            category=_lower_first(label(item.category, words.lang)),
            reveals=_embed(item.reveals or "", words),
        )
        for item in applicable
        if item.reveals and item.category.value != named
    ]
    if named is not None:  # the impacts have just said what these data reveal
        named_label = _lower_first(label(DataCategory(named), words.lang))
        clauses.insert(0, words("sev_revealed_not_stigmatising", category=named_label))
    return words.join(clauses) if clauses else words("sev_absent_stigmatising")


def _not_higher(risk: Risk, assessment: Assessment, words: Words, value: int, as_of: dt.date) -> list[str]:
    """Why the harm is not heavier: the aggravating facts of the next level that this processing lacks."""
    if value >= Level.maximum:
        return []
    column = _COLUMN[risk.id]
    table = R.SEVERITY_BY_CATEGORY[column]
    subjects = assessment.data_subjects
    present = {item.category.value for item in assessment.data}
    absent_facts = []
    if value < Level.significant:
        heavier = sorted(c for c, v in table.items() if v > value and c not in present)
        inferring = sorted(present & set(R.CARE_INFERRING))
        if inferring:
            # The data already reveal health indirectly (Art. 9): what is absent is health data collected as
            # such, never "health data" as a whole, and not another category that reveals the same thing.
            direct = [c for c in heavier if c in R.HEALTH_PROPER]
            if direct:
                absent = words.join(
                    (words(f"sev_absent_direct_{c}") for c in direct), separator=words("sev_absent_direct_separator")
                )
                category = _lower_first(label(DataCategory(inferring[0]), words.lang))
                absent_facts.append(words("sev_indirect_health", category=category, absent=absent))
            heavier = [c for c in heavier if c not in R.HEALTH_PROPER and c not in R.CARE_INFERRING]
        if heavier:
            names = words.sentence_list(_lower_first(label(DataCategory(c), words.lang)) for c in heavier)
            absent_facts.append(words("sev_absent_categories", categories=names))
    has_raising = any(g in _RAISING_GROUPS for g in subjects.vulnerable_groups)
    if not has_raising and (value < Level.significant or risk.id is not RiskId.disappearance):
        absent_facts.append(_persons(assessment, words))
    if risk.id in _DISCLOSURE:
        # The impacts just listed name what the most revealing data reveal (see `impacts`): refer to it.
        shown = _most_revealing(assessment) if HEALTH_DISCLOSURE(words.lang) in risk.impacts else None
        named = shown.category.value if shown is not None else None
        stigmatising = _stigmatising(assessment, words, named)
        if stigmatising:
            absent_facts.append(stigmatising)
        if subjects.disclosure_endangers is False:
            absent_facts.append(words("sev_absent_endangering"))
        if "high_interest_persons" in subjects.model_fields_set and not subjects.high_interest_persons:
            reason = (subjects.high_interest_reason or "").strip().rstrip(".")
            # The answer's reason, when given, says what "no" means for a population that may include some.
            if reason:
                fact = words("sev_high_interest_reason", reason=_embed(reason, words))
            else:
                fact = words("sev_absent_high_interest")
            absent_facts.append(fact + selectors_caveat(assessment, words, as_of, short=True))
    return absent_facts


def _compellable_countries(assessment: Assessment, as_of: dt.date) -> set[str]:
    """The third countries whose law can compel a provider of the chain (jurisdiction class 2 or more, a law
    the rules assess), on `as_of`, the date whose law the assessment applies (`Findings.as_of`)."""
    exposures = [exposure(member) for member in members(assessment, as_of)]
    return {country for e in exposures if e.j >= 2 for country in e.foreign if country in R.JURISDICTIONS}


def selectors_caveat(assessment: Assessment, words: Words, as_of: dt.date, short: bool = False) -> str:
    """What a « no » to persons of interest leaves out: an authority that already targets a person finds that
    person in the data by the telephone number or e-mail address it holds, when a provider can be compelled.
    The answer and the scoring stay as they are; the caveat follows the controller's reason. In full (with
    Section 702's selectors and their source) beside the answer; shortened in the severity argument. The law
    and the source are those in force on `as_of`, the date whose law the assessment applies."""
    subjects = assessment.data_subjects
    answered_no = "high_interest_persons" in subjects.model_fields_set and subjects.high_interest_persons is False
    if not answered_no or not any(item.category is DataCategory.contact for item in assessment.data):
        return ""
    countries = _compellable_countries(assessment, as_of)
    if not countries:
        return ""
    if short:
        return words("sev_high_interest_selectors")
    cited = R.sources_in_force(["US-ODNI-STR-2015"], as_of, words.lang) if "US" in countries else []
    if not cited:
        return words("high_interest_selectors")
    text, verified = cited[0]
    source = text if verified else words("high_interest_source_unverified", text=text)
    return words("high_interest_selectors_702", source=source)


def _ceiling(
    risk: Risk, assessment: Assessment, words: Words, value: int, earlier: Sequence[Risk], as_of: dt.date
) -> str:
    """The ceiling sentence; facts already given for an earlier risk at the same level are referred to, once."""
    facts = _not_higher(risk, assessment, words, value, as_of)
    if not facts:
        return ""
    higher = _level(words, value + 1)
    for before in earlier:
        if int(before.initial.severity) != value:
            continue
        said = set(_not_higher(before, assessment, words, value, as_of))
        repeated = [fact for fact in facts if fact in said]
        if repeated:
            new = [fact for fact in facts if fact not in said]
            section = SECTION_NUMBER[before.id]
            if not new:
                return words("sev_ceiling_as_in", higher=higher, section=section)
            return words("sev_ceiling_as_in_and", higher=higher, section=section, facts=words.join(new))
    return words("sev_ceiling", higher=higher, facts=words.join(facts))


def severity(risk: Risk, assessment: Assessment, words: Words, as_of: dt.date, earlier: Sequence[Risk] = ()) -> str:
    """The severity argument of one risk: the scale's words, the harm, why not lower, why not higher.

    `earlier` are the risks argued before this one in the document: what was said for them (the scale's
    meaning of a level, the same ceiling) is referred to, not repeated. `as_of` is the date whose law the
    assessment applies (`Findings.as_of`).
    """
    value = int(risk.initial.severity)
    subjects = assessment.data_subjects
    persons = words.plural("persons", subjects.count)
    groups = _groups(assessment, words)
    if groups:
        persons += words("including_vulnerable", groups=groups)
    data = words.sentence_list(_lower_first(label(item.category, words.lang)) for item in assessment.data)
    if any(int(before.initial.severity) == value for before in earlier):
        intro = words("severity_intro_short", level=_level(words, value), level_first=_level_first(words, value))
    else:
        intro = words(
            "severity_intro",
            level=_level(words, value),
            level_first=_level_first(words, value),
            scale=words(f"severity_scale_{value}"),
        )
    sentences = [intro, words(f"sev_event_{risk.id.value}", data=data, persons=persons)]
    if risk.impacts:
        sentences.append(
            words("sev_impacts", impacts=words.join(_lower_first(i) for i in impacts(risk, assessment, words)))
        )
    if risk.id is RiskId.extraterritorial_access and not {rule for rule, _ in _RAISED_BY} & _fired(risk):
        # The event's sentence calls the harm aggravated by the lack of redress: say why the level stays.
        sentences.append(words("sev_extraterritorial_same_level"))
    worst, base = _worst(assessment, _COLUMN[risk.id])
    floor = _not_lower(risk, words, worst, base, value)
    if floor:
        sentences.append(floor)
    fired = _fired(risk)
    for rule, key in _RAISED_BY:
        if rule in fired:
            if _unanswered(rule, assessment):
                key += "_unanswered"  # the level comes from a missing answer, not from a stated fact
            raising = _groups(assessment, words, _RAISING_GROUPS)
            sentences.append(words(key, groups=raising, level=_level(words, value)))
    ceiling = _ceiling(risk, assessment, words, value, earlier, as_of)
    if ceiling:
        sentences.append(ceiling)
    if risk.residual.severity != risk.initial.severity:
        sentences.append(words("severity_residual", level=_level(words, risk.residual.severity)))
    return " ".join(sentences)
