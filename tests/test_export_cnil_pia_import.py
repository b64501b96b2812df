"""The CNIL PIA export, walked through as the tool's evaluator would after importing it.

Every sample, in French and in English, is exported and run through the tool's own rules for
evaluating and validating a PIA (transcribed in `cnil_pia_app.py`, with the paths of the tool's
code), and checked against the tool's own files copied into tests/fixtures/cnil-pia/.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from cnil_pia_app import ImportedPia, ValidationThrows, evaluated_items
from cnil_pia_reader import text_of
from conftest import FIXTURES, REPO, sample_files
from pydantic import ValidationError

from dpia.answers import load
from dpia.completeness import missing as missing_answers
from dpia.errors import InputError
from dpia.export import cnil_pia
from dpia.export.cnil_labels import LABELS, MAX_LABEL
from dpia.export.html import MARKUP_TAGS, esc
from dpia.labels import LANGS, Lang
from dpia.model import Assessment, Measures, cnil_slug
from dpia.scoring import assess
from dpia.scoring.findings import RiskId
from dpia.scoring.rules import registry

CNIL_PIA = FIXTURES / "cnil-pia"
SAMPLES = sample_files()
ARCHITECTURE = json.loads((CNIL_PIA / "pia_architecture.json").read_text(encoding="utf-8"))
ITEMS = evaluated_items(ARCHITECTURE)
LIST_QUESTIONS_OF_LABELS = (321, 322, 323, 331, 332, 333, 341, 342, 343)
MEASURE_LISTS = (324, 334, 344)
RISK_BY_BASE = {320: RiskId.illegitimate_access, 330: RiskId.unwanted_modification, 340: RiskId.disappearance}


def _export(assessment: Assessment, lang: Lang) -> dict[str, Any]:
    return json.loads(cnil_pia.render(assessment, assess(assessment, lang), lang))


@pytest.fixture(
    scope="module",
    params=[(sample, lang) for sample in SAMPLES for lang in LANGS],
    ids=[f"{sample.stem}-{lang}" for sample in SAMPLES for lang in LANGS],
)
def exported(request: pytest.FixtureRequest) -> tuple[Assessment, Lang, dict[str, Any]]:
    sample, lang = request.param
    assessment = load(sample).assessment
    return assessment, lang, _export(assessment, lang)


def _left_to_the_author(item: Any, document: dict[str, Any]) -> int | None:
    """The status of an item the answer file leaves for the author to fill in the tool, else None.

    No measure at all leaves item 3.1 empty (0); a risk that no implemented measure addresses has
    an empty measures question, which the tool counts as unanswered (1): both are the truth.
    """
    if item.is_measure and not document["measures"]:
        return 0
    answers = {answer["reference_to"]: answer["data"] for answer in document["answers"]}
    if any(q["id"] in MEASURE_LISTS and not answers[q["id"]]["list"] for q in item.questions):
        return 1
    return None


def _answer_file_is_complete(document: dict[str, Any]) -> bool:
    """No evaluation asks the author to complete a fact, and no item is left for the author to fill."""
    if any(_left_to_the_author(item, document) is not None for item in ITEMS):
        return False
    return not any(e["status"] == 1 for e in document["evaluations"])


def _opinions_given(assessment: Assessment) -> bool:
    """The answer file holds what the tool's DPO page asks for before "Valider le PIA"."""
    opinion, views, dpo = assessment.dpo_opinion, assessment.subjects_views, assessment.processing.dpo
    if dpo is None or opinion is None or opinion.verdict.value == "pending" or views is None:
        return False
    if views.sought:
        return bool(views.who and views.views and views.favourable is not None)
    return bool(views.reason_not_sought)


# --------------------------------------------------------------------------------------------------
# The evaluator's path through the tool


def test_every_item_the_evaluator_validates_has_its_evaluations(exported: Any) -> None:
    _, _, document = exported
    refs = [evaluation["reference_to"] for evaluation in document["evaluations"]]
    assert len(refs) == len(set(refs))
    expected = {"1.1", "1.2", "3.2", "3.3", "3.4"}
    expected |= {
        f"2.{item}.{q['id']}" for item in (1, 2) for q in ARCHITECTURE["sections"][1]["items"][item - 1]["questions"]
    }
    expected |= {f"3.1.{measure['id']}" for measure in document["measures"]}
    assert set(refs) == expected


def test_each_item_opens_ready_for_the_evaluator_and_validating_it_never_throws(exported: Any) -> None:
    _, _, document = exported
    pia = ImportedPia(document)
    for item in ITEMS:
        # 6: every evaluation is proposed and valid, so "Valider l'évaluation" is active at once;
        # with no evaluation the item would open in edit mode (2), with a measure missing one the
        # validation would throw.
        left = _left_to_the_author(item, document)
        assert pia.status(item) == (6 if left is None else left), item.ref
        pia.validate_evaluation(item)


def test_the_evaluator_reaches_valider_le_pia_when_the_answer_file_is_complete(exported: Any) -> None:
    assessment, _, document = exported
    pia = ImportedPia(document)
    for item in ITEMS:
        pia.validate_evaluation(item)
    statuses = {item.ref: pia.status(item) for item in ITEMS}
    complete = _answer_file_is_complete(document)
    # Validated (7) everywhere, or sent back to the author (3) exactly where a fact is missing.
    for item in ITEMS:
        to_fix = [
            e
            for ref, e in pia.evaluations.items()
            if (ref == item.ref or ref.startswith(item.ref + ".")) and e["status"] == 1
        ]
        left = _left_to_the_author(item, document)
        assert statuses[item.ref] == (left if left is not None else 3 if to_fix else 7), item.ref
    assert (pia.dpo_page_status() == 7) == _opinions_given(assessment)
    reaches_validation = all(status == 7 for status in statuses.values()) and pia.dpo_page_status() == 7
    assert reaches_validation == (complete and _opinions_given(assessment))


def test_the_complete_doctolib_file_reaches_valider_le_pia_and_the_minimal_one_does_not() -> None:
    for sample, reaches in (("doctolib-aws-2021", True), ("minimal", False)):
        document = _export(load(REPO / "samples" / f"{sample}.yaml").assessment, "fr")
        pia = ImportedPia(document)
        for item in ITEMS:
            pia.validate_evaluation(item)
        validated = all(pia.status(item) == 7 for item in ITEMS) and pia.dpo_page_status() == 7
        assert validated is reaches, sample


def test_a_measure_without_its_evaluation_is_what_made_the_tool_throw() -> None:
    """The failure seen in the tool, reproduced by the transcribed rules: they would catch a regression."""
    document = _export(load(REPO / "samples" / "doctolib-aws-2021.yaml").assessment, "fr")
    first = document["measures"][0]["id"]
    document["evaluations"] = [e for e in document["evaluations"] if e["reference_to"] != f"3.1.{first}"]
    pia = ImportedPia(document)
    measures_item = next(item for item in ITEMS if item.is_measure)
    with pytest.raises(ValidationThrows, match="reading 'status'"):
        pia.validate_evaluation(measures_item)


def test_missing_facts_are_sent_back_to_the_author_never_accepted(exported: Any) -> None:
    _, lang, document = exported
    marker = "À compléter" if lang == "fr" else "To be completed"
    answers = {answer["reference_to"]: text_of(answer["data"]["text"]) for answer in document["answers"]}
    evaluations = {e["reference_to"]: e for e in document["evaluations"]}
    for ref, text in answers.items():
        if ref >= 300 or marker not in text:
            continue
        evaluation = evaluations.get(f"2.{str(ref)[1]}.{ref}") or evaluations[f"1.{str(ref)[1]}"]
        assert evaluation["status"] == 1, ref
        assert marker in text_of(evaluation["evaluation_comment"]), ref


def test_statuses_are_ones_the_tool_can_validate(exported: Any) -> None:
    _, _, document = exported
    for evaluation in document["evaluations"]:
        ref, status = evaluation["reference_to"], evaluation["status"]
        assert type(status) is int and status in (1, 2, 3), ref
        assert evaluation["global_status"] == 0, ref
        if ref in ("1.1", "1.2"):
            assert status != 2, ref  # never valid in an item evaluated as a whole without gauges
        if status == 1:
            assert text_of(evaluation["evaluation_comment"]), ref
        if status == 2:
            assert text_of(evaluation["action_plan_comment"]), ref
        if ref in ("3.2", "3.3", "3.4"):
            assert evaluation["gauges"]["x"] > 0 and evaluation["gauges"]["y"] > 0, ref


# --------------------------------------------------------------------------------------------------
# The data subjects' and the DPO's page


def test_concerned_people_status_is_the_data_subjects_conclusion(exported: Any) -> None:
    assessment, _, document = exported
    pia, views = document["pia"], assessment.subjects_views
    if views is not None and views.sought and views.favourable is not None:
        assert pia["concerned_people_status"] == int(views.favourable)
        assert type(pia["concerned_people_status"]) is int
    elif views is not None and views.sought:
        # Never null once the views were sought: the tool would call null.toString().
        assert "concerned_people_status" not in pia
    else:
        assert pia["concerned_people_status"] is None


def test_a_sample_records_the_data_subjects_conclusion() -> None:
    with_conclusion = [
        sample.stem
        for sample in SAMPLES
        if (views := load(sample).assessment.subjects_views) is not None and views.favourable is not None
    ]
    assert "hospital-secnumcloud" in with_conclusion
    document = _export(load(REPO / "samples" / "hospital-secnumcloud.yaml").assessment, "fr")
    assert document["pia"]["concerned_people_status"] == 1
    assert ImportedPia(document).dpo_page_status() == 7


def test_an_unfavourable_conclusion_is_exported_as_0(tmp_path: Path) -> None:
    source = (REPO / "samples" / "hospital-secnumcloud.yaml").read_text(encoding="utf-8")
    changed = source.replace("  favourable: true\n", "  favourable: false\n", 1)
    assert changed != source
    path = tmp_path / "unfavourable.yaml"
    path.write_text(changed, encoding="utf-8")
    assert _export(load(path).assessment, "fr")["pia"]["concerned_people_status"] == 0


def test_a_conclusion_without_views_sought_is_a_located_error(tmp_path: Path) -> None:
    source = (REPO / "samples" / "doctolib-aws-2021.yaml").read_text(encoding="utf-8")
    changed = source.replace("  sought: false\n", "  sought: false\n  favourable: true\n", 1)
    path = tmp_path / "contradiction.yaml"
    path.write_text(changed, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load(path)
    assert any("favourable" in str(problem) and str(path) in str(problem) for problem in caught.value.problems)


# --------------------------------------------------------------------------------------------------
# Titles, labels and words


def _kb_names(lang: str) -> dict[str, str]:
    catalogue = json.loads((CNIL_PIA / f"{lang}.json").read_text(encoding="utf-8"))
    return {slug: entry["name"] for slug, entry in catalogue["knowledge_base"]["slugs"].items() if "name" in entry}


@pytest.mark.parametrize("lang", LANGS)
def test_every_measure_title_is_the_tools_knowledge_base_name(lang: Lang) -> None:
    names = _kb_names(lang)
    for name in Measures.model_fields:
        assert cnil_pia.measure_title(name, lang) == names[cnil_slug(name)], name


def test_exported_titles_are_the_knowledge_base_names_in_the_files_language(exported: Any) -> None:
    assessment, lang, document = exported
    names = _kb_names(lang)
    expected = [esc(names[cnil_slug(name)]) for name in assessment.measures.present()]
    assert [measure["title"] for measure in document["measures"]] == expected
    titles = set(expected)
    for ref in MEASURE_LISTS:
        listed = next(a["data"]["list"] for a in document["answers"] if a["reference_to"] == ref)
        # The tool accepts only existing measure titles in these lists (onlyFromAutocomplete).
        assert set(listed) <= titles, ref


def test_list_labels_fit_the_risk_overview_and_the_sentences_are_in_the_text(exported: Any) -> None:
    assessment, lang, document = exported
    findings = assess(assessment, lang)
    answers = {answer["reference_to"]: answer["data"] for answer in document["answers"]}
    fields = {1: "impacts", 2: "threats", 3: "sources"}
    for ref in LIST_QUESTIONS_OF_LABELS:
        risk = findings.risk(RISK_BY_BASE[ref // 10 * 10])
        sentences = getattr(risk, fields[ref % 10])
        data = answers[ref]
        assert data["list"] and all(len(label) <= MAX_LABEL for label in data["list"]), (ref, data["list"])
        assert text_of(data["text"]).splitlines() == sentences, ref
        # Each sentence has its own written label: none is a shortened fallback.
        assert all(sentence in LABELS for sentence in sentences), ref


# Every rule id scoring knows (SEV-BASE, IA-M-ENCRYPTION, GATE-HDS, EXT-J2...), as whole words.
_RULE_ID = re.compile(
    r"(?<![\w-])(?:" + "|".join(map(re.escape, sorted(registry(), key=len, reverse=True))) + r")(?![\w-])"
)
_POINTS = re.compile(r"[+-]\d+\s*(?:points?|pts?)\b|\bpoints? de protection\b|\bprotection points?\b", re.IGNORECASE)
_PATH = re.compile(r"\b(?:docs|dpia|samples|templates)/|\.(?:md|py|yaml|json)\b")
_COMMAND = re.compile(r"\bdpia (?:rules|score|build|export|validate|wizard|schema|batch|template)\b")


def _texts(document: dict[str, Any]) -> list[str]:
    texts = [a["data"]["text"] for a in document["answers"] if a["data"]["text"]]
    texts += [tag for a in document["answers"] for tag in a["data"]["list"]]
    texts += [m["content"] for m in document["measures"]]
    texts += [e[key] for e in document["evaluations"] for key in ("evaluation_comment", "action_plan_comment")]
    return [text_of(text) for text in texts]


def test_no_rule_ids_points_paths_or_commands_reach_the_tool(exported: Any) -> None:
    _, _, document = exported
    for text in _texts(document):
        for pattern in (_RULE_ID, _POINTS, _PATH, _COMMAND):
            assert not pattern.search(text), (pattern.pattern, text)


# --------------------------------------------------------------------------------------------------
# Escaping: no text of the answer file ever becomes markup in the tool

_PAYLOAD = "<img src=x onerror=alert({n})>"


def _string_leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], str]]:
    if isinstance(node, dict):
        return [leaf for key, value in node.items() for leaf in _string_leaves(value, (*path, key))]
    if isinstance(node, list):
        return [leaf for i, value in enumerate(node) for leaf in _string_leaves(value, (*path, i))]
    return [(path, node)] if isinstance(node, str) else []


def _names_an_action(path: tuple[Any, ...]) -> bool:
    """A decision's or a request's action key: an identifier the answers use to name a proposed action,
    which the export never shows (it shows the action), so it is no text to find escaped there."""
    decision_key = path[:2] == ("validation", "actions") and path[-1] == "action"
    return decision_key or path[:2] == ("dpo_opinion", "requested_actions")


def _replace_values(node: Any, replacements: dict[str, str]) -> Any:
    if isinstance(node, dict):
        return {key: _replace_values(value, replacements) for key, value in node.items()}
    if isinstance(node, list):
        return [_replace_values(value, replacements) for value in node]
    return replacements.get(node, node) if isinstance(node, str) else node


def _accepts(raw: dict[str, Any]) -> bool:
    """Whether the model takes these answers: what loading a file of them validates, without the file."""
    try:
        Assessment.model_validate(raw)
    except ValidationError:
        return False
    return True


def _validates(raw: dict[str, Any], tmp_path: Path) -> Assessment | None:
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        return load(path).assessment
    except InputError:
        return None


@pytest.mark.parametrize("sample", ["doctolib-aws-2021", "hospital-secnumcloud"])
def test_every_text_field_is_escaped_by_the_one_function(sample: str, tmp_path: Path) -> None:
    raw = yaml.safe_load((REPO / "samples" / f"{sample}.yaml").read_text(encoding="utf-8"))
    values = list(dict.fromkeys(value for path, value in _string_leaves(raw) if not _names_an_action(path)))
    # Each distinct text is replaced everywhere it occurs (names referred to elsewhere stay
    # consistent); the replacements the model accepts are the free-text fields. The answers with
    # every accepted payload are then read from a real file, as a user's would be.
    accepted: dict[str, str] = {}
    for n, value in enumerate(values):
        trial = {value: _PAYLOAD.format(n=n)}
        if _accepts(_replace_values(raw, trial)):  # `_replace_values` builds a new tree: `raw` stays as read
            accepted.update(trial)
    assert len(accepted) >= 20
    assessment = _validates(_replace_values(raw, accepted), tmp_path)
    assert assessment is not None
    for lang in LANGS:
        data = cnil_pia.render(assessment, assess(assessment, lang), lang)
        document = json.loads(data)
        assert b"<img" not in data and b"<script" not in data
        allowed = re.compile(r"</?(?:" + "|".join(MARKUP_TAGS) + r")>")
        for _, text in _string_leaves(document):
            assert allowed.sub("", text).count("<") == 0, text
        seen = json.dumps(document, ensure_ascii=False)
        exported = {payload for payload in accepted.values() if esc(payload) in seen}
        # The fields the tool shows through bypassSecurityTrustHtml each carry their escaped payload.
        pia = document["pia"]
        fields = ["name", "author_name", "dpos_names"] + (["dpo_opinion"] if raw["dpo_opinion"].get("text") else [])
        for field in fields:
            assert "&lt;img src=x onerror=alert(" in pia[field], field
        views = "people_names", "concerned_people_opinion", "concerned_people_searched_content"
        assert any("&lt;img" in pia[field] for field in views)
        owners = [e["person_in_charge"] for e in document["evaluations"] if e["person_in_charge"]]
        assert owners and all("&lt;img" in owner for owner in owners)
        # Nearly every text of the answer file reaches the export, and each one arrives escaped.
        assert len(exported) >= len(accepted) * 0.8, sorted(set(accepted.values()) - exported)


# --------------------------------------------------------------------------------------------------
# What the proposals say


def _evaluations_of(sample: str, lang: Lang = "fr") -> dict[str, dict[str, Any]]:
    document = _export(load(REPO / "samples" / f"{sample}.yaml").assessment, lang)
    return {evaluation["reference_to"]: evaluation for evaluation in document["evaluations"]}


def test_open_compliance_checks_are_action_plans_on_the_question_they_concern() -> None:
    evaluations = _evaluations_of("municipal-centre-us-sms")
    processors = evaluations["2.2.226"]
    assert processors["status"] == 2
    assert "Non conforme : SMS Gateway Inc. (fictif) : héberge des données de santé sans certification HDS" in (
        text_of(processors["action_plan_comment"])
    )
    transfers = text_of(evaluations["2.2.227"]["action_plan_comment"])
    assert "données stockées en US" in transfers and "À examiner" in transfers


def test_foreign_access_the_tool_has_no_item_for_is_weighed_under_transfers() -> None:
    findings = assess(load(REPO / "samples" / "municipal-centre-us-sms.yaml").assessment, "fr")
    assert findings.prior_consultation and findings.risk(RiskId.extraterritorial_access).residual.level >= 3
    transfers = text_of(_evaluations_of("municipal-centre-us-sms")["2.2.227"]["action_plan_comment"])
    assert "le risque résiduel reste élevé" in transfers
    assert "la consultation préalable de la CNIL est requise (art. 36 RGPD)" in transfers


def test_a_missing_fact_is_named_by_its_field_and_never_accepted() -> None:
    evaluations = _evaluations_of("minimal")
    comment = text_of(evaluations["2.2.223"]["evaluation_comment"])
    assert evaluations["2.2.223"]["status"] == 1 and "rights.access_portability" in comment
    english = text_of(_evaluations_of("minimal", "en")["2.2.223"]["evaluation_comment"])
    assert english.startswith("To be completed: the answer file does not state:")
    assert "how access and portability are handled (rights.access_portability)" in english


# Answers the document needs that are not evaluated items of the tool: the PIA record and its DPO
# page hold them (author, date, opinions, decision), or the tool shows the item empty (no measure).
_NOT_AN_ITEM = ("author", "date", "dpo_opinion", "subjects_views", "validation", "measures")


def test_a_draft_document_never_comes_with_an_export_the_evaluator_could_accept(exported: Any) -> None:
    """Consistent with the Word document: what it lists as missing is "to be fixed" in the tool."""
    from dpia.completeness import missing

    assessment, _, document = exported
    to_fix = "\n".join(text_of(e["evaluation_comment"]) for e in document["evaluations"] if e["status"] == 1)
    for item in missing(assessment):
        if item.path.split(".")[0].split("[")[0] in _NOT_AN_ITEM and not item.path.startswith("measures."):
            continue
        if item.path == "measures":
            continue
        assert f"({item.path})" in to_fix, item.path
    if not missing(assessment):
        assert not to_fix


def test_the_encryption_check_without_an_encryption_measure_goes_to_illegitimate_access() -> None:
    plan = text_of(_evaluations_of("minimal")["3.2"]["action_plan_comment"])
    assert "Non conforme : aucun chiffrement des données stockées" in plan
    assert "Chiffrer les données stockées" in plan  # recommended, worded as the document's action


def test_a_sentence_without_its_label_is_shortened_at_a_word_boundary() -> None:
    from dpia.export.cnil_labels import short_label

    long = "Réidentification des personnes par recoupement avec des données publiques"
    label = short_label(long)
    assert len(label) <= MAX_LABEL and label.endswith("…") and long.startswith(label[:-1])
    assert short_label("Sources inconnues : tout le reste") == "Sources inconnues"


def test_the_export_escapes_in_one_place() -> None:
    """One escaping function: no other module of the export escapes, or builds markup from raw text."""
    export = REPO / "dpia" / "export"
    for path in sorted(export.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        if path.name != "html.py":
            assert "html.escape" not in source and "markupsafe" not in source, path.name
            assert not re.search(r"""f["']<(?:p|ul|li|strong)>""", source), path.name


def test_views_sought_without_their_conclusion_are_missing_since_the_tool_cannot_validate_without_it(
    tmp_path: Path,
) -> None:
    """The tool's validation page needs the data subjects' conclusion once their views were sought.

    Seen in the tool v4.1.0 with `concerned_people_status` null: the DPO page stays in edit mode,
    the sidebar's "Valider le PIA" stays locked, and the summary on the validation page throws
    `Cannot read properties of null (reading 'toString')`. So an answer file without the conclusion
    makes a draft, and its export leaves the field out rather than writing null.
    """
    source = (REPO / "samples" / "hospital-secnumcloud.yaml").read_text(encoding="utf-8")
    changed = source.replace("  favourable: true\n", "", 1)
    assert changed != source
    path = tmp_path / "no-conclusion.yaml"
    path.write_text(changed, encoding="utf-8")
    assessment = load(path).assessment
    assert "subjects_views.favourable" in [item.path for item in missing_answers(assessment)]
    document = _export(assessment, "fr")
    assert "concerned_people_status" not in document["pia"]
    assert ImportedPia(document).dpo_page_status() == 0


OBSERVED = json.loads((CNIL_PIA / "observed-v4.1.0.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("export", sorted(OBSERVED["exports"]))
def test_the_transcribed_rules_predict_what_the_software_itself_did_with_each_export(export: str) -> None:
    """The tool's rules as transcribed, on today's export, give the outcome seen in the tool v4.1.0."""
    sample, lang = export.rsplit(".", 1)
    assert lang in LANGS
    seen = OBSERVED["exports"][export]
    pia = ImportedPia(_export(load(REPO / "samples" / f"{sample}.yaml").assessment, lang))
    for item in ITEMS:
        pia.validate_evaluation(item)
    status = {item.ref: pia.status(item) for item in ITEMS}
    validated = [ref for ref, value in status.items() if value == 7]
    predicted: dict[str, Any] = {
        "validated": validated,
        "sent_back": [ref for ref, value in status.items() if value == 3],
        "left_to_author": [ref for ref, value in status.items() if value in (0, 1, 2)],
        "dpo_page_complete": pia.dpo_page_status() == 7,
    }
    predicted["pia_validated"] = len(validated) == len(ITEMS) and predicted["dpo_page_complete"]
    assert predicted == seen
