"""The cover letter to the CNIL (GDPR Art. 36(3)): its facts, drawn from the assessment and its findings.

`letter_context` is pure; `render_letter` fills the shipped template (templates/cnil-letter-LANG.docx).
Facts the letter needs and the answers lack are listed in `missing`: the letter is then a draft.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from dpia.countries import country_name
from dpia.labels import Lang, label
from dpia.model import Assessment, Dpo, MeasureStatus, Organisation
from dpia.package.words import word
from dpia.scoring.findings import Findings, Levels, Risk


@dataclass(frozen=True)
class Enclosure:
    name: str
    sha256: str


def long_date(value: dt.date, lang: Lang) -> str:
    from babel.dates import format_date

    return format_date(value, "long", locale="en_GB" if lang == "en" else lang)  # 15 September 2026


def is_high(levels: Levels) -> bool:
    """A residual risk that calls for prior consultation: the scoring's own test (Art. 36, LVL-ART36)."""
    from dpia.scoring.engine import high

    return high(levels)


def _lower_first(text: str) -> str:
    """A catalogue label inside a sentence: "Cloud infrastructure (IaaS)" -> "cloud infrastructure (IaaS)"."""
    return text[:1].lower() + text[1:]


def _level(value: int, lang: Lang) -> str:
    return word("level", lang, value=value, name=label(value, lang, "Level"))


def high_risks(findings: Findings) -> list[Risk]:
    return [risk for risk in findings.risks if is_high(risk.residual)]


def _organisation(org: Organisation, key: str, lang: Lang) -> str:
    return word(
        key, lang, name=org.name, kind=_lower_first(label(org.type, lang)), country=country_name(org.country, lang)
    )


def _responsibilities(assessment: Assessment, lang: Lang) -> list[str]:
    processing = assessment.processing
    lines = [_organisation(processing.controller, "controller_line", lang)]
    lines += [_organisation(org, "joint_line", lang) for org in processing.joint_controllers]
    for provider in assessment.providers:
        role = _lower_first(label(provider.role, lang))
        if provider.processor_of:
            role += word("processor_of", lang, name=provider.processor_of)
        parent = ""
        if provider.parent:
            where = country_name(provider.parent_country, lang) if provider.parent_country else "—"
            parent = word("parent", lang, name=provider.parent, country=where)
        contract = word("contract_yes" if provider.commitments.art28_contract else "contract_no", lang)
        lines.append(
            word(
                "processor_line",
                lang,
                name=provider.name,
                country=country_name(provider.country, lang),
                role=role,
                service=_lower_first(label(provider.service, lang)),
                parent=parent,
                contract=contract,
            )
        )
    return lines


def _means(assessment: Assessment, lang: Lang) -> list[str]:
    return [
        word(
            "asset_line",
            lang,
            name=asset.name,
            kind=_lower_first(label(asset.type, lang)),
            provider=word("asset_provider", lang, name=asset.provider) if asset.provider else "",
        )
        for asset in assessment.supporting_assets
    ]


def _measures(assessment: Assessment, status: MeasureStatus, lang: Lang) -> str:
    names = [label(name, lang, "Measure") for name, m in assessment.measures.present().items() if m.status is status]
    return ", ".join(names) if names else word("none", lang)


def _names(names: list[str]) -> str:
    return ", ".join(names)


def _available(assessment: Assessment, lang: Lang) -> list[str]:
    """Documents the answers say exist, which the CNIL may ask for (Art. 36(3)(f))."""
    providers = assessment.providers
    found = []
    art28 = [p.name for p in providers if p.commitments.art28_contract]
    if art28:
        found.append(word("available_art28", lang, names=_names(art28)))
    hds = [p.name for p in providers if p.certifications.hds.value != "none"]
    if hds:
        found.append(word("available_hds", lang, names=_names(hds)))
    iso = [p.name for p in providers if p.certifications.iso27001]
    if iso:
        found.append(word("available_iso", lang, names=_names(iso)))
    tia = [f"{t.recipient} ({country_name(t.country, lang)})" for t in assessment.transfers if t.impact_assessment]
    if tia:
        found.append(word("available_tia", lang, names=_names(tia)))
    if assessment.dpo_opinion is not None:
        found.append(word("available_opinion", lang))
    return found or [word("available_none", lang)]


def _dpo(dpo: Dpo | None, lang: Lang) -> str:
    if dpo is None:
        return word("dpo_unknown", lang)
    return word("dpo_line", lang, name=dpo.name, email=word("dpo_email", lang, email=dpo.email) if dpo.email else "")


def missing_facts(assessment: Assessment, lang: Lang, findings: Findings | None = None) -> list[str]:
    """What the DPIA still needs before it can be signed, in words: the letter (its date, the controller's
    address, the DPO's contact details) needs a subset of it, and a draft DPIA makes a draft package.
    With the findings, the controller's decisions on the proposed actions count too, as in the DPIA."""
    from dpia.completeness import missing, undecided_actions
    from dpia.report.actions import decisions_to_take
    from dpia.report.words import Words

    found = missing(assessment)
    if findings is not None:
        found += undecided_actions(assessment, decisions_to_take(assessment, findings, Words(lang)))
    return [entry.text(lang) for entry in found]


def letter_context(
    assessment: Assessment,
    findings: Findings,
    enclosures: dict[str, Enclosure],
    lang: Lang,
    missing: list[str],
) -> dict[str, Any]:
    """The template's variables; `enclosures` has the keys 'dpia_docx', 'dpia_pdf', 'cnil_pia', 'manifest'."""
    processing = assessment.processing
    dpo = processing.dpo
    risks = [
        word(
            "risk_line",
            lang,
            risk=label(risk.id, lang),
            severity=_level(int(risk.residual.severity), lang),
            likelihood=_level(int(risk.residual.likelihood), lang),
            level=_level(int(risk.residual.level), lang),
        )
        for risk in high_risks(findings)
    ]
    dated = assessment.date
    validation = assessment.validation
    signed = validation.date if validation is not None and validation.date is not None else dated
    return {
        "draft": bool(missing),
        "missing": word("separator", lang).join(missing),
        "controller": {"name": processing.controller.name, "contact": processing.controller.contact or ""},
        "processing": {
            "name": processing.name,
            "description": processing.description,
            "purposes": list(processing.purposes),
        },
        "letter_date": word("letter_date", lang, date=long_date(signed, lang)) if signed else "",
        "dpia_date_phrase": word("dpia_dated", lang, date=long_date(dated, lang)) if dated else "",
        "required": findings.prior_consultation,
        "high_risks": risks,
        "responsibilities": _responsibilities(assessment, lang),
        "means": _means(assessment, lang),
        "measures_implemented": _measures(assessment, MeasureStatus.implemented, lang),
        "measures_planned": _measures(assessment, MeasureStatus.planned, lang),
        "dpo": _dpo(dpo, lang),
        "dpia_files": ", ".join(enclosures[key].name for key in ("dpia_docx", "dpia_pdf")),
        "cnil_pia_file": enclosures["cnil_pia"].name,
        "manifest_file": enclosures["manifest"].name,
        "rules_version": findings.rules_version,
        "as_of": long_date(findings.as_of, lang),
        "available": _available(assessment, lang),
        "signatory": (validation.decided_by if validation is not None else None) or word("signatory", lang),
        "enclosures": [{"name": e.name, "sha256": e.sha256} for key, e in enclosures.items() if key != "manifest"],
    }


def render_letter(context: dict[str, Any], lang: Lang) -> bytes:
    """The letter's .docx bytes, from the shipped template; every value is escaped for XML."""
    from docxtpl import DocxTemplate

    from dpia.resources import templates_dir

    template = DocxTemplate(templates_dir() / f"cnil-letter-{lang}.docx")
    template.render(context, autoescape=True)
    output = io.BytesIO()
    template.save(output)
    from dpia.report.render import normalise_zip

    return normalise_zip(output.getvalue())  # same answers, same bytes
