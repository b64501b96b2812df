"""The justification of each level, in the CNIL's verbal scales, written from this assessment's facts.

The scoring decides the levels; this module says why in words a DPO would sign: which data of how many
persons, which impacts, which supporting assets the threats target, which vulnerabilities the answers
reveal, and which measures, as described, reduce the risk. It reads only the public fields of Findings
(levels, impacts, threats, sources) and the Assessment, never the rule trace, so the body of the
document carries no rule ids, points or commands.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from dpia.countries import EEA
from dpia.labels import label
from dpia.model import (
    AccessControlMeasure,
    Assessment,
    AssetType,
    BackupMeasure,
    DataCategory,
    EncryptionMeasure,
    KeyManagement,
    MeasureStatus,
    Provider,
    ProviderService,
    TechnologyLicensor,
    TransparencyReport,
)
from dpia.report.severity import SECTION_NUMBER
from dpia.report.severity import severity as severity_argument
from dpia.report.words import Words, capitalised
from dpia.scoring import rules as R
from dpia.scoring.findings import Condition, ForeignLink, Level, Risk, RiskId
from dpia.scoring.precedents import is_examined_setup, key_holder_unverified
from dpia.scoring.rules import source_in_force

_SPECIAL = frozenset({DataCategory.health, DataCategory.medical_documents})
# The measures whose presence or absence is a vulnerability of each feared event, as the CNIL
# knowledge base ties them (PIA, les bases de connaissances, février 2018, ch. 2 and 3).
_PROTECTS: dict[RiskId, tuple[str, ...]] = {
    RiskId.illegitimate_access: ("encryption", "logical_access_control", "logging", "minimisation", "partitioning"),
    RiskId.unwanted_modification: ("logical_access_control", "logging", "backups"),
    RiskId.disappearance: ("backups", "breach_management", "non_human_risk_protection"),
}
# The feared events a public service's many accounts keep above « négligeable », each for its own threats.
_PUBLIC_SERVICE_FLOOR = (RiskId.illegitimate_access, RiskId.unwanted_modification, RiskId.disappearance)
_OUTSIDE_KEY_HOLDERS = (KeyManagement.external_key_holder, KeyManagement.client_side)


# The CNIL knowledge base's internal measure codes (PIA_TEC_CHIF, ...) identify a sheet for the scoring's
# data, not for a reader: the document cites the publication, not the code.
_KB_CODE = re.compile(r",? *\bPIA_[A-Z_]+(?:/[A-Z_]+)*")


def public_citation(text: str) -> str:
    """A citation as the document prints it: without the knowledge base's internal codes."""
    return _KB_CODE.sub("", text)


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _level(words: Words, value: Level) -> str:
    return _lower_first(words.level_label(value))


def _data(assessment: Assessment, words: Words) -> str:
    # The categories only: section 1.2 lists the data of each, and repeating them per risk doubles the pages.
    return words.sentence_list(_lower_first(label(item.category, words.lang)) for item in assessment.data)


def severity(risk: Risk, assessment: Assessment, words: Words, as_of: dt.date, earlier: Sequence[Risk] = ()) -> str:
    """Why this severity and not the level above or below, under the law of `as_of` (see `dpia.report.severity`)."""
    return severity_argument(risk, assessment, words, as_of, earlier)


def key_holder(encryption: EncryptionMeasure, words: Words) -> str:
    """Who holds the keys, as the answers name it; an unnamed holder is said to be unnamed, with its country,
    never described as if the description were a name."""
    if encryption.key_holder:
        return embed(encryption.key_holder, words)
    if encryption.key_holder_country:
        return words("key_holder_unnamed_in", country=words.country(encryption.key_holder_country))
    return words("key_holder_unnamed")


def embed(text: str, words: Words) -> str:
    """A free text of the answers inside one of the document's sentences: lower-cased at its start when it
    is in the document's language, quoted as written when it is not."""
    return words.free(text) if words.quotes_answers else _lower_first(text)


def _particulars(name: str, assessment: Assessment, words: Words) -> str:
    """A measure's name with the detail that decides how much it protects."""
    measure = getattr(assessment.measures, name)
    text = _lower_first(label(name, words.lang, "Measure"))
    if isinstance(measure, EncryptionMeasure):
        if measure.key_management in _OUTSIDE_KEY_HOLDERS and (measure.key_holder or measure.key_holder_country):
            return text + words("keys_held_by", holder=key_holder(measure, words))
        return text + f" ({_lower_first(label(measure.key_management, words.lang))})"
    if isinstance(measure, AccessControlMeasure):
        return text + words("with_mfa" if measure.multi_factor else "without_mfa")
    if isinstance(measure, BackupMeasure):
        return text + words("restores_tested" if measure.restore_tested else "restores_untested")
    return text


def certified_host(assessment: Assessment) -> Provider | None:
    """The provider that hosts the data's infrastructure and holds a certification (HDS or ISO 27001) whose
    requirements cover the physical and environmental protection of its data centres, if there is one."""
    hardware = {asset.provider for asset in assessment.supporting_assets if asset.type is AssetType.hardware}
    for provider in assessment.providers:
        hosts = provider.service is ProviderService.cloud_infrastructure or provider.name in hardware
        certified = provider.certifications.hds.value != "none" or provider.certifications.iso27001
        if hosts and certified:
            return provider
    return None


def access_in_place(assessment: Assessment) -> AccessControlMeasure | None:
    """The logical access control in place with its description: it already partitions what each account sees."""
    access = assessment.measures.logical_access_control
    if access is not None and access.status is MeasureStatus.implemented and access.description:
        return access
    return None


def vulnerability_keys(risk_id: RiskId, assessment: Assessment) -> list[str]:
    """The vulnerabilities the answers reveal for this feared event, as catalogue keys ('no_partitioning', ...).

    A missing measure that an existing one already covers in part is named for what is still lacking: access
    profiles partition what accounts see but not the environments; a certified host's data centres are
    protected against fire and water, what is lacking is the evidence annexed to the analysis.
    """
    measures = assessment.measures
    found = []
    for name in _PROTECTS.get(risk_id, ()):
        measure = getattr(measures, name)
        if measure is None and name == "partitioning" and access_in_place(assessment):
            found.append("partitioning_beyond_access")
        elif measure is None and name == "non_human_risk_protection" and certified_host(assessment):
            found.append("non_human_certified")
        elif measure is None:
            found.append(f"no_{name}")
        elif isinstance(measure, EncryptionMeasure) and measure.key_management not in _OUTSIDE_KEY_HOLDERS:
            found.append("keys_with_host")
        elif isinstance(measure, AccessControlMeasure) and not measure.multi_factor:
            found.append("no_mfa")
        elif isinstance(measure, BackupMeasure) and not measure.restore_tested:
            found.append("restores_untested")
    encryption = measures.encryption
    if risk_id is not RiskId.disappearance and (
        encryption is None or encryption.in_transit is not MeasureStatus.implemented
    ):
        found.append("transit")
    return found


def vulnerability_facts(assessment: Assessment, words: Words) -> dict[str, str]:
    """What the wording of a vulnerability or of its action names: the certified host, the access in place."""
    host = certified_host(assessment)
    access = access_in_place(assessment)
    return {
        "of_host": words.of(host.name) if host is not None else "",
        "access": embed((access.description or "").strip().rstrip("."), words) if access is not None else "",
    }


def _vulnerabilities(risk_id: RiskId, assessment: Assessment, words: Words) -> list[str]:
    facts = vulnerability_facts(assessment, words)
    return [words(f"vulnerability_{key}", **facts) for key in vulnerability_keys(risk_id, assessment)]


def _assets(assessment: Assessment, words: Words) -> str:
    assets = [
        f"{embed(asset.name, words)} ({asset.provider})" if asset.provider else embed(asset.name, words)
        for asset in assessment.supporting_assets
    ]
    return words.sentence_list(assets) if assets else words("assets_unknown")


def _certificate_evidence(name: str, assessment: Assessment) -> bool:
    """The retained action for `name` annexes a certified host's certificate rather than putting a measure in
    place: the answers declare no protection against non-human sources, the host's certification covers it,
    and the action brings the evidence (see `vulnerability_keys`)."""
    return (
        name == "non_human_risk_protection"
        and assessment.measures.non_human_risk_protection is None
        and certified_host(assessment) is not None
    )


def _measures_sentence(risk: Risk, assessment: Assessment, words: Words) -> list[str]:
    present = assessment.measures.present()
    implemented = [n for n in risk.measures if n in present and present[n].status is MeasureStatus.implemented]
    planned = [n for n in risk.measures if n in present and present[n].status is MeasureStatus.planned]
    sentences = []
    if implemented:
        names = words.sentence_list(_particulars(n, assessment, words) for n in implemented)
        sentences.append(words("measures_in_place", measures=names))
    else:
        sentences.append(words("no_measure_in_place"))
    # Retained actions count as planned (LVL-RESIDUAL): the sentence names them with the planned measures.
    # An action that annexes a certificate is evidence of a protection, not a measure: it is not named among
    # them (the vulnerability it answers says the evidence is lacking); alone, it is said apart.
    evidence = [n for n in risk.retained if _certificate_evidence(n, assessment)]
    retained = [n for n in risk.retained if n not in evidence]
    facts = vulnerability_facts(assessment, words)
    if planned or retained:
        named = [_particulars(n, assessment, words) for n in planned if n not in retained]
        if retained:
            listed = words.sentence_list(_lower_first(label(n, words.lang, "Measure")) for n in retained)
            named.append(
                words("retained_actions_one" if len(retained) == 1 else "retained_actions_other", measures=listed)
            )
        names = words.sentence_list(named)
        if risk.residual.likelihood < risk.initial.likelihood:
            sentences.append(words("planned_lower", measures=names, level=_level(words, risk.residual.likelihood)))
        else:
            sentences.append(_unchanged(risk, names, words))
    elif evidence and risk.residual.likelihood < risk.initial.likelihood:
        level = _level(words, risk.residual.likelihood)
        sentences.append(words("retained_evidence_lower", level=level, **facts))
    elif evidence:
        sentences.append(words("retained_evidence_alone", **facts))
    if risk.id is RiskId.disappearance and assessment.providers:
        # A threat of this event; no answer states how the data come back if a provider fails or leaves.
        sentences.append(words("reversibility_not_established"))
    return sentences


def _unchanged(risk: Risk, names: str, words: Words) -> str:
    """Why the planned measures leave this risk's likelihood where it is, in terms of its own threats."""
    if _held_by_public_service_floor(risk):
        if risk.id is RiskId.illegitimate_access:
            # Held by its floor (stolen or reused credentials), not by measures falling short: no shortfall
            # is claimed.
            return words("planned_same", measures=names)
        # What holds it is the rule's reason for this event: a hijacked account or an authorised user alters
        # data, or deletes them one at a time, which restores only repair or, unnoticed, do not bring back.
        return words(f"planned_same_public_service_{risk.id.value}", measures=names)
    if risk.residual.likelihood > Level.negligible:
        lower = _level(words, Level(risk.residual.likelihood - 1))
        return words("planned_same_short_of", measures=names, level=lower)
    return words("planned_same", measures=names)


def likelihood(
    risk: Risk,
    assessment: Assessment,
    words: Words,
    links: Sequence[ForeignLink] = (),
    as_of: dt.date | None = None,
    earlier: Sequence[Risk] = (),
) -> str:
    """Why this likelihood: the CNIL's wording, the assets targeted, their vulnerabilities, the measures.

    `earlier` are the risks argued before this one: the scale's meaning of a level and the supporting
    assets, the same for every feared event, are given in the first and referred to after.
    """
    if risk.id is RiskId.extraterritorial_access:
        return extraterritorial(risk, assessment, words, links=links, as_of=as_of)
    before = [r for r in earlier if r.id is not RiskId.extraterritorial_access]
    level = _level(words, risk.initial.likelihood)
    first = words.level_label(risk.initial.likelihood)  # opening the sentence, as in "Limited likelihood"
    if any(r.initial.likelihood == risk.initial.likelihood for r in before):
        intro = words("likelihood_intro_short", level=level, level_first=first)
    else:
        scale = words(f"likelihood_scale_{int(risk.initial.likelihood)}")
        intro = words("likelihood_intro", level=level, level_first=first, scale=scale)
    if before:
        assets = words("likelihood_assets_as_in", section=SECTION_NUMBER[before[0].id])
    else:
        assets = words("likelihood_assets", assets=_assets(assessment, words))
    sentences = [intro, assets]
    vulnerabilities = _vulnerabilities(risk.id, assessment, words)
    if vulnerabilities:
        sentences.append(words("likelihood_vulnerabilities", items=words.sentence_list(vulnerabilities)))
    sentences += _measures_sentence(risk, assessment, words)
    return " ".join(sentences)


def _held_by_public_service_floor(risk: Risk) -> bool:
    """Access, modification or disappearance held at « limitée » by a public service's accounts, whatever is
    planned (IA-, UM- and DIS-FLOOR-PUBLIC-SERVICE)."""
    return risk.id in _PUBLIC_SERVICE_FLOOR and any(
        reason.rule.endswith("-FLOOR-PUBLIC-SERVICE") for reason in risk.reasons
    )


def _outside(code: str | None) -> bool:
    return code is not None and code not in EEA


def exposed(provider: Provider) -> bool:
    """The provider, its group or the places it reaches the data fall under a third country's law."""
    return (
        _outside(provider.country)
        or _outside(provider.parent_country)
        or provider.non_eu_affiliates
        or any(_outside(code) for code in provider.data_countries)
        or any(_licensor_outside(licensor) for licensor in provider.technology_licensors)
    )


def _licensor_outside(licensor: TechnologyLicensor) -> bool:
    return _outside(licensor.country) or _outside(licensor.parent_country)


def _licensor_fact(licensor: TechnologyLicensor, words: Words) -> str:
    """The software-supply channel: whose technology, from where, what it can do, and whether updates are checked."""
    country = licensor.parent_country if _outside(licensor.parent_country) else licensor.country
    capabilities = words.sentence_list(_lower_first(label(c, words.lang)) for c in licensor.capabilities)
    validation = "ext_licensor_validated" if licensor.operator_validates_updates else "ext_licensor_unvalidated"
    return (
        words("ext_licensor", name=licensor.name, country=words.country(country), capabilities=capabilities)
        + words("list_separator")
        + words(validation)
    )


def _provider_exposure(provider: Provider, assessment: Assessment, words: Words) -> str:
    facts = []
    if _outside(provider.country):
        facts.append(words("ext_entity_outside", country=words.country(provider.country)))
    elif _outside(provider.parent_country):
        facts.append(
            words(
                "ext_parent_outside",
                country=words.country(provider.country),
                parent=provider.parent or words("parent_unnamed"),
                parent_country=words.country(provider.parent_country),
            )
        )
    elif provider.non_eu_affiliates:
        facts.append(words("ext_affiliates"))
    facts += [
        _licensor_fact(licensor, words) for licensor in provider.technology_licensors if _licensor_outside(licensor)
    ]
    places = sorted(code for code in provider.data_countries if _outside(code))
    if places:
        facts.append(words("ext_data_outside", countries=words.sentence_list(words.country(c) for c in places)))
    if "US" in {provider.country, provider.parent_country, *provider.data_countries}:
        facts.append(words("ext_us_law"))
    encryption = assessment.measures.encryption
    if encryption is not None and encryption.key_management in _OUTSIDE_KEY_HOLDERS:
        facts.append(words("ext_keys_outside", holder=key_holder(encryption, words)))
        if provider.processes_clear_data and encryption.key_management is not KeyManagement.client_side:
            facts.append(words("ext_clear_in_use"))
    else:
        facts.append(words("ext_readable"))
    mitigations = []
    if provider.commitments.challenge_foreign_requests:
        mitigations.append(words("ext_challenge"))
    if provider.commitments.transparency_report is not TransparencyReport.none:
        mitigations.append(words(f"ext_transparency_{provider.commitments.transparency_report.value}"))
    if provider.certifications.secnumcloud:
        mitigations.append(words("ext_secnumcloud"))
    if mitigations:
        facts.append(words("ext_mitigations", items=words.sentence_list(mitigations)))
    return words("ext_provider", name=provider.name, facts=words("list_separator").join(facts))


def unidentified_sentence(assessment: Assessment, words: Words, key: str = "ext_unidentified") -> str:
    """The sub-processors known to take part but not identified: the level holds for the identified chain
    only, and silence about them improves nothing."""
    if not assessment.unidentified_providers:
        return ""
    services = words.join(words.free(p.description) for p in assessment.unidentified_providers)
    processors = list(dict.fromkeys(p.processor_of for p in assessment.unidentified_providers if p.processor_of))
    of = words("ext_unidentified_of", names=words.sentence_list(processors)) if processors else ""
    return words(key, services=services, of=of)


def _condition_item(condition: Condition, risk: Risk, assessment: Assessment, words: Words, listed: bool) -> str:
    """What would follow if one point to examine failed, as far as the rules say it."""
    if condition.gate == "GATE-UNIDENTIFIED-PROVIDER":
        processors = list(dict.fromkeys(p.processor_of for p in assessment.unidentified_providers if p.processor_of))
        of = words("ext_unidentified_of", names=words.sentence_list(processors)) if processors else ""
        # The summary states the point in full, in place of its line among the points to examine; 3.5 refers to it.
        services = ""
        if not listed:
            named = words.join(words.free(p.description) for p in assessment.unidentified_providers)
            services = words("cond_unidentified_services", services=named)
        return words("cond_unidentified", of=of, services=services)
    failed = condition.if_failed
    if failed is None:
        return words("cond_key_holder_unknown")
    of_member = words.of(condition.member)
    likelihood = _level(words, failed.likelihood)
    if failed.likelihood <= risk.residual.likelihood:
        return words("cond_key_holder_same", of_member=of_member, likelihood=likelihood)
    # Chapter 3.5 has just said which floor a provider holding the keys meets; the summary names it.
    floor = words(f"cond_floor_{condition.floor}") if condition.floor == "keys" and not listed else ""
    high = words("cond_high") if condition.high else words("cond_not_high", severity=_level(words, failed.severity))
    return words("cond_key_holder_up", of_member=of_member, likelihood=likelihood, floor=floor, high=high)


def conditions_sentence(risk: Risk, assessment: Assessment, words: Words, where: str = "section", due: str = "") -> str:
    """The points to examine that the level rests on, each with what would follow if it failed: in the
    executive summary (`where="summary"`, in full and with their due date, in place of their line among the
    points to examine) or in chapter 3.5 (`where="section"`)."""
    if not risk.conditions:
        return ""
    items = [_condition_item(c, risk, assessment, words, listed=where == "section") for c in risk.conditions]
    due_text = words("cond_due", date=due) if due else ""
    return words.plural(f"cond_{where}", len(items), items=words.join(items), due=due_text)


def no_transfers_sentence(assessment: Assessment, words: Words) -> str:
    """Section 2.2 when no transfer is listed. The absence is declared for the identified providers only:
    nobody can declare that a sub-processor nobody identified transfers nothing, so those are named."""
    if assessment.unidentified_providers:
        return unidentified_sentence(assessment, words, "no_transfers_identified")
    return words("no_transfers_declared")


def link_reasons(kinds: Sequence[str], link: ForeignLink, assessment: Assessment, words: Words) -> str:
    """What moved the level, named as the answers state it (a SecNumCloud qualification, or a challenge
    clause with a transparency report, for the evidence of practice)."""
    provider = next((p for p in assessment.providers if p.name == link.member), None)
    qualified = provider is not None and provider.certifications.secnumcloud
    names = []
    for kind in kinds:
        if kind == "evidence":
            names.append(words("ext_by_evidence_secnumcloud" if qualified else "ext_by_evidence_transparency"))
        else:
            names.append(words(f"ext_by_{kind}"))
    return words.sentence_list(names)


def _link_steps(link: ForeignLink, assessment: Assessment, words: Words) -> str:
    """How the most exposed link got its level: the starting level and why (who can compel the provider,
    and whether it can hand over readable data), the one-level move, and the floor under it."""
    why = words(f"ext_start_j{link.jurisdiction}") + words(f"ext_start_t{link.technical}")
    steps = [words("ext_start", member=link.member, level=_level(words, link.start), why=why)]
    lowered = link_reasons(link.lowered_by, link, assessment, words)
    raised = link_reasons(link.raised_by, link, assessment, words)
    moved = Level(max(1, min(4, link.start + link.adjustment)))
    least = words(f"ext_least_{link.least_reason}") if link.least_reason else ""
    if link.least_reason == "known_requests":
        steps.append(words("ext_known_requests", level=_level(words, link.likelihood), reason=least))
        return " ".join(steps)
    if link.adjustment < 0 and link.likelihood >= link.start and least:
        # The context would lower it, but the floor holds it where it started: say the move has no effect.
        void = words("ext_lowering_void", reasons=lowered, level=_level(words, link.least), reason=least)
        steps.append(capitalised(void))
        return " ".join(steps)
    if link.adjustment < 0:
        steps.append(words("ext_lowered", reasons=lowered, level=_level(words, moved)))
        if link.technical == 2 and link.jurisdiction >= 2 and link.least_reason == "clear_data":
            steps.append(words("ext_key_enables", level=_level(words, link.start)))
    elif link.adjustment > 0:
        steps.append(words("ext_raised", reasons=raised, level=_level(words, moved)))
    elif link.lowered_by and link.raised_by:
        steps.append(words("ext_offset", lowered=lowered, raised=raised))
    else:
        steps.append(words("ext_not_lowered"))
    if least and link.likelihood > moved:
        steps.append(words("ext_lifted", level=_level(words, link.likelihood), reason=least))
    elif least and link.likelihood == link.least:
        steps.append(words("ext_least", level=_level(words, link.least), reason=least))
    return " ".join(steps)


def _examined_setup_sentence(assessment: Assessment, words: Words) -> str:
    """What the Conseil d'État decided in the Doctolib order, for this set-up, for the set-up described to the
    judge when a fact the judge relied on is only declared here, or for the set-up it names; and, when this
    analysis treats the data as health data, that it is more cautious than the order."""
    if not is_examined_setup(assessment, "CE-450163"):
        key = "ext_ce_scope"
    elif key_holder_unverified(assessment, "CE-450163"):
        key = "ext_ce_scope_declared"
    else:
        key = "ext_ce_scope_same"
    sentence = words(key)
    health = [item.category for item in assessment.data if item.category.value in (*R.HEALTH_PROPER, *R.CARE_INFERRING)]
    if health:
        categories = words.sentence_list(words("quoted", text=_lower_first(label(c, words.lang))) for c in health)
        sentence += " " + words("ext_ce_health", categories=categories)
    return sentence


def extraterritorial(
    risk: Risk,
    assessment: Assessment,
    words: Words,
    links: Sequence[ForeignLink] = (),
    as_of: dt.date | None = None,
) -> str:
    sentences = [
        words(
            "likelihood_intro",
            level=_level(words, risk.initial.likelihood),
            level_first=words.level_label(risk.initial.likelihood),
            scale=words(f"ext_scale_{int(risk.initial.likelihood)}"),
        )
    ]
    if "providers" not in assessment.model_fields_set:
        sentences.append(words("ext_providers_unknown"))
    elif not assessment.providers:
        sentences.append(words("ext_in_house"))
    else:
        chain = [provider for provider in assessment.providers if exposed(provider)]
        safe = [provider.name for provider in assessment.providers if not exposed(provider)]
        sentences += [_provider_exposure(provider, assessment, words) for provider in chain]
        if safe:
            sentences.append(words.plural("ext_safe", len(safe), names=words.sentence_list(safe)))
        if len(chain) > 1:  # with one exposed link, it is the chain's
            sentences.append(words("ext_weakest_link"))
    sentences += [_link_steps(link, assessment, words) for link in links if link.likelihood == risk.initial.likelihood]
    # The level is stated with the points to examine it rests on; without them, the unidentified sub-processors
    # (a check out of force on the date applied) are still said to be outside it.
    reservation = conditions_sentence(risk, assessment, words) or unidentified_sentence(assessment, words)
    if reservation:
        sentences.append(reservation)
    # The Doctolib order is cited once, here, for what it decided: a provider controlled from a third country
    # (J2) is the kind of set-up the judge examined, and only within the limits of interim relief. The sentence
    # says "this set-up" only when the answers state every fact of the one examined, and otherwise names it.
    if as_of is not None and source_in_force("CE-450163", as_of) and any(link.jurisdiction == 2 for link in links):
        sentences.append(_examined_setup_sentence(assessment, words))
    longest = max((item.retention_months for item in assessment.data), default=0)
    sentences.append(words("ext_window", duration=words.months(longest)))
    if risk.residual.likelihood < risk.initial.likelihood:
        sentences.append(words("ext_residual_lower", level=_level(words, risk.residual.likelihood)))
    return " ".join(sentences)
