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
    # The point to examine comes with the action that settles it, which names the routers by the processor
    # that engages them: their services are in the finding it answers, not listed once more.
    obtain = {
        "fr": "Obtenir de Doctolib SAS l'identité (nom, pays, société mère",
        "en": "Obtain from Doctolib SAS the identity (name, country",
    }[lang]
    (action,) = [row for row in _rows(document) if len(row) == 3 and row[0].startswith(obtain)]
    assert not any(router in action[0] for router in ROUTERS) and all(router in action[1] for router in ROUTERS)


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


# -- the action that establishes the controller's Art. 28(2) authorisation -------------------------

AUTHORISATION = {
    "fr": "Établir l'autorisation écrite préalable (art. 28(2)) du recours de Doctolib SAS à AWS Sarl",
    "en": "Establish the prior written authorisation (Art. 28(2)) for Doctolib SAS to engage AWS Sarl",
}
AUTHORISATION_START = {"fr": "Établir l'autorisation écrite préalable", "en": "Establish the prior written"}


def _plan_rows(document: WordDocument, lang: Lang) -> list[list[str]]:
    """The rows of section 4.2's proposed actions: action, reason, decision."""
    header = {
        "fr": ["Action proposée", "Motif", "Décision (4.4)"],
        "en": ["Proposed action", "Reason", "Decision (4.4)"],
    }
    table = next(rows for rows in _tables(document) if rows and rows[0] == header[lang])
    return table[1:]


def _tables(document: WordDocument) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_authorisation_left_to_be_established_is_an_action_of_the_plan(lang, renderers):
    document = _build(load(DOCTOLIB), lang, renderers)
    # Section 4.2: the action, proposed because of the Art. 28 row, which it quotes with its source.
    (row,) = [row for row in _plan_rows(document, lang) if row[0] == AUTHORISATION[lang]]
    _status, finding = _art28_finding(_checks(document, lang), lang)
    assert row[1].startswith(finding) and "28(2), (3)" in row[1]
    assert row[2] == {"fr": "Retenue", "en": "Adopted"}[lang]
    # Section 4.4: the controller's decision recorded in the answer file, owner and due date.
    decided = [r for table in _tables(document) for r in table if len(r) == 2 and r[0] == AUTHORISATION[lang]]
    assert decided == [
        [
            AUTHORISATION[lang],
            {
                "fr": "Retenue : Direction générale de la santé (pilotage des sous-traitants), échéance 31 mars 2021",
                "en": "Adopted: Direction générale de la santé (pilotage des sous-traitants), due 31 March 2021",
            }[lang],
        ]
    ]
    # The summary lists it with the other actions.
    assert any(p.text.startswith(AUTHORISATION[lang] + " (") for p in document.paragraphs)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("sample", ["group-practice-psychiatry.yaml", "trusted-cloud-licensor.yaml"])
def test_a_chain_without_sub_processors_gets_no_authorisation_action(sample, lang, renderers):
    document = _build(load(SAMPLES / sample), lang, renderers)
    assert not any(AUTHORISATION_START[lang] in text for text in _text(document).split("\n"))
    assert not any(TO_BE_ESTABLISHED[lang] in row[1] for row in _checks(document, lang))


def test_each_processor_that_engages_sub_processors_gets_its_own_authorisation_action(renderers):
    data = _raw(DOCTOLIB)
    router = copy.deepcopy(next(p for p in data["providers"] if p["name"] == "AWS Sarl"))
    router.update(name="Routeur SMS SAS (fictif)", processor_of="AWS Sarl")
    data["providers"].append(router)
    data["validation"]["actions"].append(
        {
            "action": "art28-authorisation:AWS Sarl:Routeur SMS SAS (fictif)",
            "retained": True,
            "owner": "Direction générale de la santé",
            "due": "2021-03-31",
        }
    )
    rows = _plan_rows(_build(_answers(data), "fr", renderers), "fr")
    titles = [row[0] for row in rows if row[0].startswith(AUTHORISATION_START["fr"])]
    assert titles == [
        AUTHORISATION["fr"],
        "Établir l'autorisation écrite préalable (art. 28(2)) du recours d'AWS Sarl à Routeur SMS SAS (fictif)",
    ]
    # Each is decided on its own: both are shown retained, none is left to be determined.
    assert [row[2] for row in rows if row[0] in titles] == ["Retenue", "Retenue"]


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
