"""The foreign-access level stated with the points to examine it rests on, in the executive summary and in
section 3.5, read back from the built .docx in French and in English: what would follow if each failed, as
the scoring finds it on a copy of the answers in which the declared fact fails."""

from __future__ import annotations

import copy
import io
from dataclasses import replace
from typing import Any

import pytest
import yaml
from conftest import REPO
from docx import Document

from dpia.answers import LoadedAnswers, load
from dpia.labels import Lang
from dpia.model import Assessment
from dpia.report.build import build_docx, default_template
from dpia.report.render import Renderer
from dpia.scoring import assess
from dpia.scoring.findings import Level, RiskId

DOCTOLIB = REPO / "samples" / "doctolib-aws-2021.yaml"
LANGS: tuple[Lang, ...] = ("fr", "en")

SUMMARY = {
    "fr": "Ce niveau ne vaut que sous réserve de 2 points à examiner (échéance 31 mars 2021) : le détenteur des clés "
    "n'est pas nommé et, s'il n'était pas indépendant d'AWS Sarl, la vraisemblance passerait à « importante » "
    "(plancher d'un prestataire qui détient les clés), sans que le risque soit élevé (article 36 du RGPD ; gravité "
    "limitée) ; des sous-traitants de Doctolib SAS ne sont pas identifiés (envoi des SMS de confirmation et de "
    "rappel ; envoi des courriels de confirmation et de rappel), leur contrat (art. 28(4)) n'est pas vérifié et, si "
    "l'un d'eux relevait du droit d'un pays tiers, la vraisemblance serait réexaminée.",
    "en": "This level holds only subject to 2 points to examine (due 31 March 2021): the key holder is not named and, "
    "if it were not independent of AWS Sarl, the likelihood would become 'significant' (the floor for a provider "
    "that holds the keys), without the risk being high (GDPR Article 36; limited severity); sub-processors of "
    "Doctolib SAS are not identified (“envoi des SMS de confirmation et de rappel”; “envoi des courriels de "
    "confirmation et de rappel”), their contract (Art. 28(4)) is not checked and, if any of them were subject to a "
    "third country's law, the likelihood would be reassessed.",
}
SECTION = {
    "fr": "Ce niveau ne vaut que sous réserve de 2 points à examiner : le détenteur des clés n'est pas nommé et, s'il "
    "n'était pas indépendant d'AWS Sarl, la vraisemblance passerait à « importante », sans que le risque soit élevé "
    "(article 36 du RGPD ; gravité limitée) ; des sous-traitants de Doctolib SAS ne sont pas identifiés et, si l'un "
    "d'eux relevait du droit d'un pays tiers, la vraisemblance serait réexaminée.",
    "en": "This level holds only subject to 2 points to examine: the key holder is not named and, if it were not "
    "independent of AWS Sarl, the likelihood would become 'significant', without the risk being high (GDPR Article "
    "36; limited severity); sub-processors of Doctolib SAS are not identified and, if any of them were subject to a "
    "third country's law, the likelihood would be reassessed.",
}
RESERVATION = {"fr": "Ce niveau ne vaut que sous réserve", "en": "This level holds only subject to"}


@pytest.fixture(scope="module")
def renderers() -> dict[str, Renderer]:
    return {lang: Renderer(default_template(lang)) for lang in LANGS}


def _raw() -> dict[str, Any]:
    data = yaml.safe_load(DOCTOLIB.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return copy.deepcopy(data)


def _answers(data: dict[str, Any]) -> LoadedAnswers:
    return replace(load(DOCTOLIB), assessment=Assessment.model_validate(data))


def _paragraphs(loaded: LoadedAnswers, lang: Lang, renderers: dict[str, Renderer]) -> list[str]:
    """Every paragraph of the built document, in the body and in table cells, as a reader sees them."""
    document = Document(io.BytesIO(build_docx(loaded, assess(loaded.assessment, lang), lang, renderers[lang])))
    cells = [p.text for t in document.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    return [p.text for p in document.paragraphs] + cells


@pytest.mark.parametrize("lang", LANGS)
def test_the_summary_and_section_3_5_state_the_level_with_the_points_it_rests_on(lang: Lang, renderers) -> None:
    paragraphs = _paragraphs(load(DOCTOLIB), lang, renderers)
    summary = next(p for p in paragraphs if p.startswith(("Accès par des autorités étrangères", "Access by foreign")))
    assert summary.endswith(SUMMARY[lang])
    # Stated with the level, the two points are not listed again apart from it.
    assert not any(p.startswith(("2 points à examiner", "2 points to")) for p in paragraphs)
    assert any(SECTION[lang] in p for p in paragraphs)


def test_the_consequence_is_the_level_of_the_answers_in_which_the_host_holds_the_keys() -> None:
    """Not a sentence written for this sample: the scoring of a copy in which AWS Sarl holds the keys."""
    data = _raw()
    data["measures"]["encryption"].update(key_holder="AWS Sarl", key_holder_country="LU")
    held = assess(Assessment.model_validate(data)).risk(RiskId.extraterritorial_access).residual
    condition = assess(load(DOCTOLIB).assessment).risk(RiskId.extraterritorial_access).conditions[0]
    assert condition.gate == "GATE-KEY-HOLDER" and condition.member == "AWS Sarl"
    assert condition.if_failed == held and held.likelihood == Level.significant and not condition.high


@pytest.mark.parametrize("lang", LANGS)
def test_a_named_key_holder_and_identified_providers_leave_the_level_without_reservation(lang: Lang, renderers) -> None:
    data = _raw()
    data["measures"]["encryption"]["key_holder"] = "Tiers de confiance SAS"
    data["unidentified_providers"] = []
    data["validation"]["actions"] = [
        a
        for a in data["validation"]["actions"]
        if a["action"] not in ("key-holder", "unidentified-provider:Doctolib SAS")
    ]
    data["dpo_opinion"]["requested_actions"] = [
        a
        for a in data["dpo_opinion"]["requested_actions"]
        if a not in ("key-holder", "unidentified-provider:Doctolib SAS")
    ]
    text = "\n".join(_paragraphs(_answers(data), lang, renderers))
    assert RESERVATION[lang] not in text
    assert {"fr": "points à examiner", "en": "points to examine"}[lang] not in text


@pytest.mark.parametrize("lang", LANGS)
def test_a_failure_that_would_make_the_risk_high_says_so(lang: Lang, renderers) -> None:
    # Health data proper on fewer than a million persons: the severity is « importante » and E « limitée », so a
    # provider holding the keys would make E high.
    data = _raw()
    data["data_subjects"]["count"] = 500_000
    contact = next(item for item in data["data"] if item["category"] == "contact")
    data["data"].append({**contact, "category": "health", "description": "Antécédents médicaux", "stigmatising": False})
    loaded = _answers(data)
    risk = assess(loaded.assessment).risk(RiskId.extraterritorial_access)
    assert risk.residual.likelihood == Level.limited and risk.conditions[0].high
    text = "\n".join(_paragraphs(loaded, lang, renderers))
    high = {
        "fr": "et le risque serait élevé : la consultation préalable de la CNIL serait requise (article 36 du RGPD)",
        "en": "and the risk would be high: prior consultation of the CNIL would be required (GDPR Article 36)",
    }
    assert text.count(high[lang]) == 2  # the summary and section 3.5


# -- persons of interest to foreign authorities: a « no » and the selectors that still find them ----------------

CAVEAT = {
    "fr": "Une autorité qui vise déjà une personne peut toutefois l'y retrouver par son numéro de téléphone ou son "
    "adresse électronique : la section 702 du FISA cible une personne par les « sélecteurs » qu'elle est présumée "
    "utiliser (ODNI, Statistical Transparency Report Regarding Use of National Security Authorities, année civile "
    "2015 (30 avril 2016), date ou référence à vérifier).",
    "en": "An authority that already targets a person can still find that person in these data by telephone number "
    "or e-mail address: Section 702 of FISA targets a person through the “selectors” assessed to be used by that "
    "person (ODNI, Statistical Transparency Report Regarding Use of National Security Authorities, calendar year 2015 "
    "(30 April 2016), date or reference to be checked).",
}
SHORT = {
    "fr": "le traitement ne les distingue pas des autres personnes ; une personne déjà visée peut toutefois y être "
    "retrouvée par ses coordonnées",
    "en": "le traitement ne les distingue pas des autres personnes”; a person already targeted can still be found in "
    "these data by their contact details",
}
ANSWER = {"fr": "Non — la population nationale inclut", "en": "No — “la population nationale inclut"}


@pytest.mark.parametrize("lang", LANGS)
def test_a_no_to_persons_of_interest_says_a_targeted_person_is_still_found_by_the_contact_data(lang, renderers):
    paragraphs = _paragraphs(load(DOCTOLIB), lang, renderers)
    answer = next(p for p in paragraphs if p.startswith(ANSWER[lang]))
    # The controller's answer and reason first, unchanged; the caveat after them, with its dated source.
    assert answer.endswith(". " + CAVEAT[lang]) and "distingue pas des autres personnes" in answer
    assert any(SHORT[lang] in p for p in paragraphs)  # the severity argument of section 3.2


@pytest.mark.parametrize("change", ["no_contact_data", "interest_answered_yes", "no_compellable_provider"])
def test_the_caveat_is_left_out_where_its_conditions_do_not_hold(change, renderers):
    data = _raw()
    if change == "no_contact_data":
        data["data"] = [item for item in data["data"] if item["category"] != "contact"]
    elif change == "interest_answered_yes":
        data["data_subjects"]["high_interest_persons"] = True
    else:
        aws = next(p for p in data["providers"] if p["name"] == "AWS Sarl")
        aws.update(parent="Amazon Europe SA", parent_country="LU")
    loaded = _answers(data)
    for lang in LANGS:
        text = "\n".join(_paragraphs(loaded, lang, renderers))
        assert {"fr": "vise déjà une personne", "en": "already targets a person"}[lang] not in text
        assert {"fr": "déjà visée", "en": "already targeted"}[lang] not in text
