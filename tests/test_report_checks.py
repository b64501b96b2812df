"""What the built document says about WP248 criterion 4, the Art. 28 check and the Conseil d'État order of
12 March 2021, read back from the .docx in French and in English; and the CNIL PIA export agreeing with it."""

from __future__ import annotations

import copy
import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO
from docx import Document
from docx.document import Document as WordDocument

from dpia.answers import LoadedAnswers, load
from dpia.export import cnil_pia
from dpia.labels import Lang
from dpia.model import Assessment
from dpia.report.build import build_docx, default_template
from dpia.report.render import Renderer
from dpia.scoring import assess
from dpia.scoring.precedents import is_examined_setup

SAMPLES = REPO / "samples"
DOCTOLIB = SAMPLES / "doctolib-aws-2021.yaml"


@pytest.fixture(scope="module")
def renderers() -> dict[str, Renderer]:
    return {lang: Renderer(default_template(lang)) for lang in ("fr", "en")}


def _raw(sample: Path) -> dict[str, Any]:
    data = yaml.safe_load(sample.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _answers(data: dict[str, Any], sample: Path = DOCTOLIB) -> LoadedAnswers:
    """An answer file changed from a sample, as `dpia build` would load it (the sample's own provenance)."""
    loaded = load(sample)
    return replace(loaded, assessment=Assessment.model_validate(data))


def _build(loaded: LoadedAnswers, lang: Lang, renderers: dict[str, Renderer]) -> WordDocument:
    findings = assess(loaded.assessment, lang)
    return Document(io.BytesIO(build_docx(loaded, findings, lang, renderers[lang])))


def _text(document: WordDocument) -> str:
    paragraphs = [p.text for p in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(paragraphs + cells)


def _rows(document: WordDocument) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]


def _row(document: WordDocument, first: str) -> list[str]:
    """The table row whose first cell is `first` (a criterion), or the empty list."""
    return next((row for row in _rows(document) if row and row[0] == first), [])


# -- WP248 criterion 4: only the data that meet it ------------------------------------------------

CRITERION_4 = {
    "fr": "Critère WP248 n° 4 : données sensibles ou à caractère hautement personnel",
    "en": "WP248 criterion 4: sensitive or highly personal data",
}
NOT_MET = {"fr": "Critères examinés et non remplis", "en": "Criteria examined and not met"}
COUNT = {
    "fr": "Deux critères WP248 ou plus : une AIPD est requise",
    "en": "Two or more WP248 criteria: a DPIA is required",
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_criterion_4_names_the_booking_that_reveals_care_not_the_identity_or_contact_data(lang, renderers):
    document = _build(load(DOCTOLIB), lang, renderers)
    row = _row(document, CRITERION_4[lang])
    assert row, "criterion 4 is met for the Doctolib sample and listed with its finding"
    finding = row[1]
    if lang == "fr":
        assert finding.startswith("données concernées : Rendez-vous, qui révèle l'appartenance au public prioritaire")
        assert "Identité" not in finding and "Coordonnées" not in finding
    else:
        assert finding.startswith("data concerned: Appointment, which reveals")
        assert "Identity" not in finding and "Contact" not in finding


def _identity_and_contact_only() -> dict[str, Any]:
    data = _raw(DOCTOLIB)
    data["data"] = [item for item in data["data"] if item["category"] in ("identity", "contact")]
    data["legal_basis"]["art9"] = "not_applicable"
    del data["legal_basis"]["art9_detail"]
    return data


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_identity_and_contact_data_alone_do_not_meet_criterion_4(lang, renderers):
    loaded = _answers(_identity_and_contact_only())
    criteria = {c.id: c for c in assess(loaded.assessment, lang).screening.criteria}
    assert not criteria["SCR-WP248-4"].met
    assert "4" not in criteria["SCR-WP248-COUNT"].because.split("(")[-1]
    document = _build(loaded, lang, renderers)
    assert _row(document, CRITERION_4[lang]) == []
    text = _text(document)
    assert CRITERION_4[lang] in text[text.index(NOT_MET[lang]) :]
    count = _row(document, COUNT[lang])
    assert count and ("critères remplis" in count[1] or "criteria met" in count[1])
    assert "4," not in count[1] and "(4" not in count[1]


def test_a_highly_personal_category_alone_meets_criterion_4_and_is_the_one_named(renderers):
    data = _identity_and_contact_only()
    data["data"].append({"category": "location", "retention_months": 3})
    loaded = _answers(data)
    criterion = next(c for c in assess(loaded.assessment).screening.criteria if c.id == "SCR-WP248-4")
    assert criterion.met
    finding = _row(_build(loaded, "fr", renderers), CRITERION_4["fr"])[1]
    assert finding.startswith("données concernées : ")
    assert "Identité" not in finding and "Coordonnées" not in finding


def test_an_art9_condition_without_a_health_category_still_meets_criterion_4_and_says_why():
    data = _identity_and_contact_only()
    data["legal_basis"]["art9"] = "public_health"
    criterion = next(c for c in assess(_answers(data).assessment).screening.criteria if c.id == "SCR-WP248-4")
    assert criterion.met
    assert criterion.because.startswith("catégories particulières de données, selon l'exception déclarée")


# -- the Art. 28 check: one fact, one row --------------------------------------------------------

STATUSES = {
    "fr": {"Conforme", "Partiellement conforme", "Non conforme", "À examiner", "Sans objet"},
    "en": {"Compliant", "Partly compliant", "Not compliant", "To review", "Not applicable"},
}
ART28 = {
    "fr": "Un contrat conforme à l'art. 28 est en place pour ",
    "en": "An Art. 28 contract is in place for ",
}
TO_BE_ESTABLISHED = {"fr": "est à établir", "en": "is to be established"}
ROUTERS = ("envoi des SMS de confirmation et de rappel", "envoi des courriels de confirmation et de rappel")
NOT_IDENTIFIED = {"fr": "non identifiés", "en": "not identified"}


def _checks(document: WordDocument, lang: Lang) -> list[list[str]]:
    """The rows of the compliance table: status, finding, source."""
    return [row for row in _rows(document) if len(row) == 3 and row[0] in STATUSES[lang]]


def _art28_finding(checks: list[list[str]], lang: Lang) -> tuple[str, str]:
    (row,) = [row for row in checks if row[1].startswith(ART28[lang])]
    return row[0], row[1]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_art28_row_states_the_contracts_and_leaves_the_sub_processor_authorisation_to_be_established(
    lang, renderers
):
    checks = _checks(_build(load(DOCTOLIB), lang, renderers), lang)
    status, finding = _art28_finding(checks, lang)
    assert status == {"fr": "Partiellement conforme", "en": "Partly compliant"}[lang]
    # The contracts are answered, for the providers the answers name; the controller's authorisation for
    # Doctolib to engage AWS (Art. 28(2)) is not, so it is said to be established, not asserted.
    assert finding.startswith(
        ART28[lang] + {"fr": "Doctolib SAS et AWS Sarl ;", "en": "Doctolib SAS and AWS Sarl;"}[lang]
    )
    assert finding.endswith(
        {
            "fr": "l'autorisation écrite préalable du responsable du traitement (art. 28(2)) au recours de Doctolib SAS"
            " à AWS Sarl est à établir",
            "en": "the controller's prior written authorisation (Art. 28(2)) for Doctolib SAS to engage AWS Sarl is"
            " to be established",
        }[lang]
    )


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_unidentified_sub_processors_are_stated_once_as_a_point_to_examine_with_its_action(lang, renderers):
    document = _build(load(DOCTOLIB), lang, renderers)
    checks = _checks(document, lang)
    # One row, and only one, speaks of the routers nobody named: the point to examine, not the Art. 28 row.
    about_routers = [row for row in checks if any(router in row[1] for router in ROUTERS)]
    assert [row[0] for row in about_routers] == [{"fr": "À examiner", "en": "To review"}[lang]]
    assert NOT_IDENTIFIED[lang] in about_routers[0][1]
    _status, finding = _art28_finding(checks, lang)
    assert NOT_IDENTIFIED[lang] not in finding and not any(router in finding for router in ROUTERS)
    # The Art. 28(2) authorisation is stated once too.
    assert sum(TO_BE_ESTABLISHED[lang] in row[1] for row in checks) == 1
    # Each finding reads as a sentence of its own.
    assert all(row[1][:1].isupper() for row in checks), [row[1] for row in checks]
    # The point to examine comes with the action that settles it.
    obtain = {"fr": "Obtenir l'identité (nom, pays, société mère", "en": "Obtain the identity (name, country"}[lang]
    assert any(row[0].startswith(obtain) for row in _rows(document))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_without_unidentified_sub_processors_nothing_speaks_of_them_and_the_authorisation_is_stated_once(
    lang, renderers
):
    hospital = SAMPLES / "hospital-secnumcloud.yaml"
    checks = _checks(_build(load(hospital), lang, renderers), lang)
    assert not any(NOT_IDENTIFIED[lang] in row[1] for row in checks)
    status, finding = _art28_finding(checks, lang)
    assert status == {"fr": "Partiellement conforme", "en": "Partly compliant"}[lang]
    assert "OVH SAS" in finding and "Logiciels Hospitaliers SAS (fictif)" in finding
    assert sum(TO_BE_ESTABLISHED[lang] in row[1] for row in checks) == 1


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_art28_row_is_compliant_when_no_processor_engages_a_sub_processor(lang, renderers):
    practice = SAMPLES / "group-practice-psychiatry.yaml"
    checks = _checks(_build(load(practice), lang, renderers), lang)
    status, finding = _art28_finding(checks, lang)
    assert (status, finding) == ({"fr": "Conforme", "en": "Compliant"}[lang], ART28[lang] + "Agenda Santé SAS (fictif)")
    assert not any(TO_BE_ESTABLISHED[lang] in row[1] for row in checks)


def _processors_evaluation(sample: Path | dict[str, Any]) -> dict[str, Any]:
    assessment = load(sample).assessment if isinstance(sample, Path) else Assessment.model_validate(sample)
    document = json.loads(cnil_pia.render(assessment, assess(assessment), "fr"))
    return next(e for e in document["evaluations"] if e["reference_to"] == "2.2.226")


def test_the_cnil_pia_export_does_not_accept_processors_while_the_art28_check_is_open():
    evaluation = _processors_evaluation(DOCTOLIB)
    assert evaluation["status"] == 2  # "Improvable", with the checks as its action plan
    plan = evaluation["action_plan_comment"]
    assert "Partiellement conforme" in plan and "au recours de Doctolib SAS à AWS Sarl est à établir" in plan
    # The routers nobody named are a question about processors too, said once.
    assert plan.count(ROUTERS[0]) == 1 and "À examiner" in plan
    assert _processors_evaluation(SAMPLES / "group-practice-psychiatry.yaml")["status"] == 3


# -- the Conseil d'État order of 12 March 2021 ----------------------------------------------------

SAME = {"fr": "Pour ce montage, le juge des référés", "en": "For this set-up, the interim relief judge"}
DESCRIBED = {
    "fr": "Pour le montage décrit au juge (clé détenue par un tiers de confiance en France, invérifiable ici faute de "
    "le nommer)",
    "en": "For the set-up described to the judge (the key held by a trusted third party in France, unverifiable here "
    "as it is not named)",
}
NAMED = {
    "fr": "Pour la prise de rendez-vous de vaccination contre la Covid-19 par Doctolib, hébergée en France et en "
    "Allemagne par AWS Sarl",
    "en": "For Covid-19 vaccination booking through Doctolib, hosted in France and Germany by AWS Sarl",
}
# The order's own words, and the test of Art. L. 521-2 CJA, each for what it is.
ORDER_WORDS = {
    "fr": "le juge des référés a estimé que le niveau de protection « ne peut être regardé comme manifestement "
    "insuffisant » et n'a pas retenu d'atteinte grave et manifestement illégale (art. L. 521-2 CJA ; CE, réf., "
    "12 mars 2021, n° 450163) ; cette appréciation en référé ne vaut pas validation au fond.",
    "en": "the interim relief judge held that the level of protection “ne peut être regardé comme manifestement "
    "insuffisant” (cannot be regarded as manifestly inadequate) and found no serious and manifestly unlawful "
    "infringement (Code of Administrative Justice, art. L. 521-2;",
}
MORE_CAUTIOUS = {
    "fr": "Plus prudente que le juge, qui a relevé l'absence de motifs médicaux, cette analyse applique l'article 9 "
    "du RGPD aux données « rendez-vous ».",
    "en": "More cautious than the judge, who noted that no medical reasons were collected, this assessment applies "
    "GDPR Article 9 to the “appointment” data.",
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_order_is_cited_for_the_set_up_described_to_the_judge_while_the_key_holder_is_unnamed(lang, renderers):
    # The sample declares the key held in France without naming the holder: a fact the judge relied on is unproven.
    text = _text(_build(load(DOCTOLIB), lang, renderers))
    assert DESCRIBED[lang] in text
    assert ORDER_WORDS[lang] in text and MORE_CAUTIOUS[lang] in text
    assert SAME[lang] not in text and NAMED[lang] not in text
    assert "comparable" not in text
    assert {"fr": "limitée à l'insuffisance manifeste", "en": "limited to manifest inadequacy"}[lang] not in text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_order_is_cited_for_this_set_up_once_the_key_holder_is_named(lang, renderers):
    data = _raw(DOCTOLIB)
    data["measures"]["encryption"]["key_holder"] = "Tiers de confiance SAS"
    text = _text(_build(_answers(data), lang, renderers))
    assert SAME[lang] in text and ORDER_WORDS[lang] in text and MORE_CAUTIOUS[lang] in text
    assert DESCRIBED[lang] not in text and NAMED[lang] not in text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_another_set_up_reads_which_set_up_the_order_examined(lang, renderers):
    # The same providers without the encryption the judge was told of: not the set-up examined.
    sample = SAMPLES / "doctolib-aws-no-encryption.yaml"
    text = _text(_build(load(sample), lang, renderers))
    assert NAMED[lang] in text and ORDER_WORDS[lang] in text
    assert SAME[lang] not in text and DESCRIBED[lang] not in text


def _variant(change: str) -> dict[str, Any]:
    data = copy.deepcopy(_raw(DOCTOLIB))
    aws = next(p for p in data["providers"] if p["name"] == "AWS Sarl")
    if change == "host_by_kb":
        aws.update(name="Amazon Web Services EMEA", kb="aws-sarl")
    elif change == "other_host":
        aws["name"] = "Autre hébergeur SA"
    elif change == "key_holder_abroad":
        data["measures"]["encryption"]["key_holder_country"] = "DE"
    elif change == "other_purpose":
        data["processing"]["name"] = "Prise de rendez-vous de consultation"
        data["processing"]["purposes"] = ["Permettre la prise de rendez-vous"]
    elif change == "stored_in_the_us":
        aws["storage_countries"] = ["FR", "US"]
    return data


@pytest.mark.parametrize(
    ("change", "same"),
    [
        ("none", True),
        ("host_by_kb", True),
        ("other_host", False),
        ("key_holder_abroad", False),
        ("other_purpose", False),
        ("stored_in_the_us", False),
    ],
)
def test_the_set_up_is_the_one_examined_only_when_every_fact_of_it_holds(change, same):
    assessment = Assessment.model_validate(_variant(change))
    assert is_examined_setup(assessment, "CE-450163") is same
