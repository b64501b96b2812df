"""Access by third-country authorities, as the transfers section and the executive summary state it.

Storing data in the Union does not settle the question the Conseil d'État examined in the Doctolib case
(CE, réf., 12 March 2021, n° 450163): a provider subject to a third country's law may be compelled to
disclose data it holds, wherever they are stored, outside the channels that GDPR Article 48 recognises.
This module says, provider by provider, which law reaches the data (with the dated texts the scoring
cites for that country), which safeguards the answers record, and where the risk is rated.
"""

from __future__ import annotations

from dpia.countries import EEA
from dpia.labels import label
from dpia.model import Assessment, KeyManagement, Provider, TransparencyReport
from dpia.report.actions import gate_key
from dpia.report.prose import conditions_sentence, exposed, key_holder, link_reasons, unidentified_sentence
from dpia.report.words import Words, unbroken
from dpia.scoring.engine import high
from dpia.scoring.findings import Findings, Level, Risk, RiskId
from dpia.scoring.rules import jurisdiction_rule_id, source_in_force

_OUTSIDE_KEYS = (KeyManagement.external_key_holder, KeyManagement.client_side)


def _outside(code: str | None) -> bool:
    return code is not None and code not in EEA


def third_countries(provider: Provider) -> list[str]:
    """The third countries whose law reaches the provider: its seat, its parent, where it reaches the
    data, and where its technology licensors are."""
    codes = {provider.country, provider.parent_country, *provider.data_countries}
    return sorted(code for code in codes if code is not None and _outside(code))


def _licensor_countries(provider: Provider) -> list[tuple[str, str, list[str]]]:
    """Each technology licensor under a third country's law: its name, that country, what it can do."""
    found = []
    for licensor in provider.technology_licensors:
        code = licensor.parent_country if _outside(licensor.parent_country) else licensor.country
        if _outside(code):
            found.append((licensor.name, str(code), [c.value for c in licensor.capabilities]))
    return found


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def _laws(findings: Findings, code: str, words: Words) -> str:
    """The dated texts the assessment cites for this country's power to compel disclosure."""
    rule = jurisdiction_rule_id(code)
    risk = findings.risk(RiskId.extraterritorial_access)
    cited = [citation.text for reason in risk.reasons if reason.rule == rule for citation in reason.citations]
    return words.join(dict.fromkeys(cited)) if cited else words("foreign_law_unassessed")


def _licensor_texts(findings: Findings, words: Words) -> str:
    """The dated texts behind the licensor channel, as the assessment cites them, or nothing."""
    risk = findings.risk(RiskId.extraterritorial_access)
    cited = [c.text for r in risk.reasons if r.rule.startswith("EXT-LICENSOR") for c in r.citations]
    return " " + words("foreign_texts", laws=words.join(dict.fromkeys(cited))) if cited else ""


def _safeguards(provider: Provider, assessment: Assessment, words: Words) -> list[str]:
    found = []
    if provider.commitments.challenge_foreign_requests:
        found.append(words("ext_challenge"))
    encryption = assessment.measures.encryption
    if encryption is not None and encryption.key_management in _OUTSIDE_KEYS:
        found.append(words("foreign_keys", holder=key_holder(encryption, words)))
    if provider.commitments.transparency_report is not TransparencyReport.none:
        found.append(words("foreign_transparency"))
    if provider.certifications.secnumcloud:
        found.append(words("ext_secnumcloud"))
    return found


def _level(findings: Findings, words: Words) -> str:
    """The residual foreign-access risk as the document states every risk: its severity and likelihood, and
    whether the Art. 36 rule holds it high. The scoring's combined level only ranks risks, and the CNIL
    method has none."""
    residual = findings.risk(RiskId.extraterritorial_access).residual

    def text(value: Level) -> str:  # « 2. Limitée » kept on one line: a break after the number misreads
        return unbroken(words.level_text(value))

    return words(
        "foreign_residual_pair",
        severity=text(residual.severity),
        likelihood=text(residual.likelihood),
        high=words("foreign_residual_high" if high(residual) else "foreign_residual_not_high"),
    )


def paragraphs(assessment: Assessment, findings: Findings, words: Words) -> list[str]:
    """The transfers section's account of foreign-authority access, Art. 48 first."""
    if not any(risk.id is RiskId.extraterritorial_access for risk in findings.risks):
        return []
    text = [words("foreign_art48")]
    if source_in_force("CE-450163", findings.as_of):
        text[0] += " " + words("foreign_ce")
    if "providers" not in assessment.model_fields_set:
        return [*text, words("foreign_providers_unknown")]
    chain = [provider for provider in assessment.providers if exposed(provider)]
    # Transfers and exposure are declared for the chain that is known; a sub-processor nobody named is neither.
    unchecked = (
        [unidentified_sentence(assessment, words, "foreign_unidentified")] if assessment.unidentified_providers else []
    )
    if not chain:
        return [*text, words("foreign_none"), *unchecked]
    for provider in chain:
        licensors = _licensor_countries(provider)
        if not third_countries(provider) and not licensors:
            text.append(words("foreign_affiliates", name=provider.name))
        for licensor, code, capabilities in licensors:
            text.append(
                words(
                    "foreign_licensor",
                    name=provider.name,
                    licensor=licensor,
                    country=words.country(code),
                    capabilities=words.sentence_list(
                        _lower(label(c, words.lang, "LicensorCapability")) for c in capabilities
                    ),
                )
                + _licensor_texts(findings, words)
            )
        for code in third_countries(provider):
            text.append(
                words(
                    "foreign_provider",
                    name=provider.name,
                    country=words.country(code),
                    laws=_laws(findings, code, words),
                )
            )
        safeguards = _safeguards(provider, assessment, words)
        if safeguards:
            text.append(words("foreign_safeguards", name=provider.name, items=words.join(safeguards)))
        else:
            text.append(words("foreign_no_safeguard", name=provider.name))
        if provider.processes_clear_data:
            text.append(words("foreign_clear", name=provider.name))
    return [*text, *unchecked, words("foreign_rated", level=_level(findings, words))]


def summary_finding(assessment: Assessment, findings: Findings, words: Words) -> str:
    """The foreign-access finding of the executive summary: who is exposed to which law, and the level, and
    the sub-processors it does not cover because they are not identified."""
    finding = _summary_finding(assessment, findings, words)
    risk = next((r for r in findings.risks if r.id is RiskId.extraterritorial_access), None)
    if risk is not None and risk.conditions:
        reservation = conditions_sentence(risk, assessment, words, "summary", _due(assessment, findings, risk, words))
    else:
        reservation = unidentified_sentence(assessment, words, "summary_unidentified")
    return f"{finding} {reservation}" if finding and reservation else finding


def _due(assessment: Assessment, findings: Findings, risk: Risk, words: Words) -> str:
    """The date by which the controller decided the points the level rests on are examined: the latest due
    date of the retained actions that answer them, when every one of them is retained with a date."""
    validation = assessment.validation
    if validation is None:
        return ""
    ids = {condition.gate for condition in risk.conditions}
    keys = {gate_key(gate, assessment) for gate in findings.gates if gate.id in ids}
    dues = [d.due for d in validation.actions if d.action in keys and d.retained and d.due is not None]
    if not keys or len(dues) < len(keys):
        return ""
    return words.date(max(dues))


def _summary_finding(assessment: Assessment, findings: Findings, words: Words) -> str:
    if not any(risk.id is RiskId.extraterritorial_access for risk in findings.risks):
        return ""
    level = _level(findings, words)
    if "providers" not in assessment.model_fields_set:
        return words("summary_foreign_unknown", level=level)
    chain = [provider for provider in assessment.providers if exposed(provider)]
    if not chain:
        return words("summary_foreign_none", level=level)
    names = words.sentence_list(provider.name for provider in chain)
    codes = [code for provider in chain for code in third_countries(provider)]
    codes += [code for provider in chain for _, code, _ in _licensor_countries(provider)]
    countries = words.sentence_list(dict.fromkeys(words.country(code) for code in codes)) or words(
        "third_country_unnamed"
    )
    safeguards = [item for provider in chain for item in _safeguards(provider, assessment, words)]
    key = "summary_foreign" if safeguards else "summary_foreign_unprotected"
    if not any(third_countries(provider) for provider in chain) and any(_licensor_countries(p) for p in chain):
        key = "summary_foreign_licensor"
    items = words.join(dict.fromkeys(safeguards))
    effect = _effect(assessment, findings, items, level, words) if safeguards else ""
    return words(key, names=names, countries=countries, items=items, level=level, effect=effect)


def _effect(assessment: Assessment, findings: Findings, items: str, level: str, words: Words) -> str:
    """What the safeguards do to the level, as chapter 3.5 argues it for the link that sets it: lower it by
    one level (and what stops it going lower), leave it where a floor holds it, or leave it as it started."""
    risk = findings.risk(RiskId.extraterritorial_access)
    decisive = [link for link in findings.foreign_links if link.likelihood == risk.initial.likelihood]
    if not decisive:
        return words("summary_foreign_kept", items=items, level=level)
    link = decisive[0]

    def reason(kind: str) -> str:
        return words(f"summary_reason_{kind}", name=link.member)

    if link.likelihood < link.start:
        least = ""
        if link.least_reason and link.likelihood == link.least:
            least = words("summary_foreign_least", reason=reason(link.least_reason))
        start, likelihood = (_likelihood(value, words) for value in (link.start, link.likelihood))
        reasons = link_reasons(link.lowered_by, link, assessment, words)  # only what 3.5 says lowered it
        return words(
            "summary_foreign_lowered",
            items=items,
            reasons=reasons,
            start=start,
            likelihood=likelihood,
            least=least,
            level=level,
        )
    if link.adjustment < 0 and link.least_reason:
        return words("summary_foreign_void", items=items, reason=reason(link.least_reason), level=level)
    return words("summary_foreign_kept", items=items, level=level)


def _likelihood(value: Level, words: Words) -> str:
    text = words.level_label(value)
    return text[:1].lower() + text[1:]
