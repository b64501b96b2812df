"""`dpia export --to cnil-pia`: a file the CNIL's PIA software (LINCnil/pia v4) imports.

Every rule of the tool's importer is checked on the export of every sample, and the export is
compared with the tool's own files (its shipped example "Captoo" and the file its end-to-end tests
import), copied into tests/fixtures/cnil-pia/ with their licence and source.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from cnil_pia_reader import PiaFile, parse, read, text_of
from conftest import FIXTURES, REPO, RunDpia, invoke_dpia, sample_files

from dpia.answers import load
from dpia.export import cnil_pia
from dpia.labels import Lang, label
from dpia.model import Assessment, MeasureStatus
from dpia.scoring import assess
from dpia.scoring.findings import Findings, RiskId

CNIL_PIA = FIXTURES / "cnil-pia"
CAPTOO = CNIL_PIA / "2018-02-21-pia-example.json"
CYPRESS = CNIL_PIA / "cypress-fixture-pia.json"
SAMPLES = sample_files()
RISK_ITEMS = {"3.2": RiskId.illegitimate_access, "3.3": RiskId.unwanted_modification, "3.4": RiskId.disappearance}


def findings_for(assessment: Assessment, lang: Lang = "fr") -> Findings:
    return assess(assessment, lang)


def _export(sample: Path, lang: Lang = "fr") -> tuple[Assessment, Findings, dict[str, Any]]:
    assessment = load(sample).assessment
    findings = findings_for(assessment, lang)
    return assessment, findings, json.loads(cnil_pia.render(assessment, findings, lang))


@pytest.fixture(scope="module", params=SAMPLES, ids=[sample.stem for sample in SAMPLES])
def exported(request: pytest.FixtureRequest) -> tuple[Assessment, Findings, dict[str, Any]]:
    return _export(request.param)


@pytest.fixture(scope="module")
def architecture() -> dict[int, dict[str, Any]]:
    """The tool's questions by id, from its own pia_architecture.json."""
    structure = json.loads((CNIL_PIA / "pia_architecture.json").read_text(encoding="utf-8"))
    return {
        question["id"]: question
        for section in structure["sections"]
        for item in section["items"]
        for question in item.get("questions", [])
    }


@pytest.fixture(scope="module")
def tool_files() -> list[dict[str, Any]]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in (CAPTOO, CYPRESS)]


# --------------------------------------------------------------------------------------------------
# The importer's rules, on every sample


def test_there_are_samples_to_check() -> None:
    assert len(SAMPLES) >= 2


def test_samples_with_measures_answer_all_36_questions() -> None:
    """The samples that declare their measures give the tool a PIA with nothing left blank."""
    for sample in (REPO / "samples" / "doctolib-aws-2021.yaml", REPO / "samples" / "hospital-secnumcloud.yaml"):
        _, _, document = _export(sample)
        blank = [a["reference_to"] for a in document["answers"] if not (a["data"]["text"] or a["data"]["list"])]
        assert blank == [], sample.name


def test_top_level_holds_the_five_keys_and_four_arrays(exported: Any) -> None:
    _, _, document = exported
    assert list(document) == ["pia", "answers", "measures", "evaluations", "comments"]
    assert isinstance(document["pia"], dict)
    for key in ("answers", "measures", "evaluations", "comments"):
        assert isinstance(document[key], list), key


def test_one_answer_per_question_of_the_tool_and_all_36_answered(
    exported: Any, architecture: dict[int, dict[str, Any]]
) -> None:
    assessment, findings, document = exported
    present = assessment.measures.present()
    # A measures question (x24) stays empty, and the tool shows it unanswered, only when no
    # implemented measure addresses that risk: the list may hold nothing but measure titles.
    unaddressed = {
        int(item.replace(".", "")) * 10 + 4
        for item, risk_id in RISK_ITEMS.items()
        if not any(present[name].status is MeasureStatus.implemented for name in findings.risk(risk_id).measures)
    }
    refs = [answer["reference_to"] for answer in document["answers"]]
    assert all(type(ref) is int for ref in refs)
    assert sorted(refs) == sorted(architecture) and len(refs) == len(set(refs)) == 36
    for answer in document["answers"]:
        question, data = architecture[answer["reference_to"]], answer["data"]
        kind = question["answer_type"]
        # The tool's answerIsValid(): text -> non-empty text; list -> non-empty list; gauge -> text and gauge > 0.
        if kind == "text":
            assert isinstance(data["text"], str) and text_of(data["text"]), question["id"]
        elif kind == "list" and question["id"] in unaddressed:
            assert data["list"] == [] and data["text"] is None
        elif kind == "list":
            assert data["list"] and all(isinstance(tag, str) and tag for tag in data["list"]), question["id"]
            # Measures lists hold titles only; impacts, threats and sources keep their sentences in the text.
            assert (data["text"] is None) == bool(question.get("is_measure")), question["id"]
        else:
            assert kind == "gauge"
            assert type(data["gauge"]) is int and 1 <= data["gauge"] <= 4, question["id"]
            assert text_of(data["text"]), question["id"]


def test_the_kinds_in_code_are_the_tools(architecture: dict[int, dict[str, Any]]) -> None:
    assert {q.id: q.kind for q in cnil_pia.QUESTIONS} == {ref: q["answer_type"] for ref, q in architecture.items()}
    measure_questions = {ref for ref, q in architecture.items() if q.get("is_measure")}
    assert measure_questions == {324, 334, 344}


def test_measure_lists_hold_exact_titles_of_the_implemented_measures(exported: Any) -> None:
    assessment, findings, document = exported
    titles = [measure["title"] for measure in document["measures"]]
    present = assessment.measures.present()
    assert titles == [cnil_pia.measure_title(name, "fr") for name in present]
    answers = {answer["reference_to"]: answer["data"] for answer in document["answers"]}
    for item, risk_id in RISK_ITEMS.items():
        listed = answers[int(item.replace(".", "")) * 10 + 4]["list"]
        assert set(listed) <= set(titles), item
        expected = [
            cnil_pia.measure_title(name, "fr")
            for name in findings.risk(risk_id).measures
            if present[name].status is MeasureStatus.implemented
        ]
        assert listed == expected, item


def test_gauges_are_the_scored_initial_levels_justified_as_in_the_word_document(exported: Any) -> None:
    from dpia.report.context import Provenance, build_context

    assessment, findings, document = exported
    provenance = Provenance(
        tool_version="t", rules_version="r", answers_file="a.yaml", answers_sha256="0", template="t"
    )
    word = {risk.id: risk for risk in build_context(assessment, findings, provenance, "fr").feared_events}
    answers = {answer["reference_to"]: answer["data"] for answer in document["answers"]}
    for item, risk_id in RISK_ITEMS.items():
        base = int(item.replace(".", "")) * 10
        risk = findings.risk(risk_id)
        assert answers[base + 5]["gauge"] == int(risk.initial.severity), item
        assert answers[base + 6]["gauge"] == int(risk.initial.likelihood), item
        severity, likelihood = text_of(answers[base + 5]["text"]), text_of(answers[base + 6]["text"])
        # The same justification as the Word document, word for word, in the CNIL's verbal scale.
        # (text_of shows the tool's text with spaces collapsed, the thin spaces of 4 000 000 included.)
        assert severity.splitlines()[0] == " ".join(word[risk_id.value].severity_justification.split()), item
        assert likelihood == " ".join(word[risk_id.value].likelihood_justification.split()), item
        # The scale's meaning is spelled out the first time a level appears; later risks name the level only.
        assert severity.startswith(f"Gravité {label(risk.initial.severity, 'fr').lower()}"), item
        assert likelihood.startswith(f"Vraisemblance {label(risk.initial.likelihood, 'fr').lower()}"), item


def test_residual_levels_are_the_gauges_of_the_risk_items_evaluations(exported: Any) -> None:
    _, findings, document = exported
    evaluations = {evaluation["reference_to"]: evaluation for evaluation in document["evaluations"]}
    for item, risk_id in RISK_ITEMS.items():
        evaluation = evaluations[item]
        residual = findings.risk(risk_id).residual
        assert evaluation["gauges"] == {"x": int(residual.severity), "y": int(residual.likelihood)}
        assert all(type(value) is int for value in evaluation["gauges"].values())
        # "Improvable" carries the action plan; "Acceptable" only when nothing is left to do.
        assert evaluation["status"] in (2, 3)
        assert bool(text_of(evaluation["action_plan_comment"])) == (evaluation["status"] == 2), item


def test_measure_ids_are_unique_and_every_measure_has_its_evaluation(exported: Any) -> None:
    assessment, _, document = exported
    ids = [measure["id"] for measure in document["measures"]]
    assert len(ids) == len(set(ids)) and all(type(i) is int for i in ids)
    measure_refs = [e["reference_to"] for e in document["evaluations"] if e["reference_to"].startswith("3.1.")]
    # One evaluation per measure: a measure without one makes the tool's "Valider l'évaluation" throw.
    assert sorted(measure_refs) == sorted(f"3.1.{i}" for i in ids)
    by_ref = {e["reference_to"]: e for e in document["evaluations"]}
    for i, measure in zip(ids, assessment.measures.present().values(), strict=True):
        if measure.status is MeasureStatus.planned:
            assert by_ref[f"3.1.{i}"]["status"] == 2 and text_of(by_ref[f"3.1.{i}"]["action_plan_comment"])


def test_integers_and_booleans_are_typed_exactly(exported: Any) -> None:
    _, _, document = exported
    pia = document["pia"]
    for key in ("id", "status", "is_example", "is_archive", "progress", "lock_version"):
        assert type(pia[key]) is int, key
    for key in ("dpo_status", "concerned_people_status"):
        # Absent only when the data subjects' conclusion is unknown (see the import tests).
        value = pia.get(key)
        assert value is None or (type(value) is int and value in (0, 1)), key
    assert type(pia["concerned_people_searched_opinion"]) is bool
    for evaluation in document["evaluations"]:
        assert type(evaluation["status"]) is int and type(evaluation["global_status"]) is int
        assert type(evaluation["reference_to"]) is str
    for record in document["answers"] + document["measures"]:
        assert type(record["id"]) is int and type(record["pia_id"]) is int


def test_measure_placeholders_are_the_knowledge_base_ones(exported: Any) -> None:
    _, _, document = exported
    kb = json.loads((CNIL_PIA / "pia_knowledge-base.json").read_text(encoding="utf-8"))
    known = {f"knowledge_base.slugs.{entry['slug']}.placeholder" for entry in kb if "placeholder" in entry}
    for measure in document["measures"]:
        assert measure["placeholder"] in known | {"measures.default_placeholder"}, measure["title"]


def test_dates_come_from_the_answer_file(exported: Any) -> None:
    assessment, _, document = exported
    day = assessment.date or (assessment.dpo_opinion.date if assessment.dpo_opinion else None)
    expected = f"{day.isoformat()}T00:00:00.000Z" if day else cnil_pia.FALLBACK_TIMESTAMP
    stamps = {document["pia"]["created_at"], document["pia"]["updated_at"]}
    for key in ("answers", "measures", "evaluations"):
        stamps |= {record["created_at"] for record in document[key]} | {
            record["updated_at"] for record in document[key]
        }
    assert stamps == {expected}


# --------------------------------------------------------------------------------------------------
# Same shape as the tool's own files


def _shape(records: list[dict[str, Any]]) -> dict[str, set[str]]:
    types: dict[str, set[str]] = defaultdict(set)
    for record in records:
        for key, value in record.items():
            types[key].add(type(value).__name__)
    return types


# The tool keeps these as Date objects and JSON.stringify writes them as ISO strings; its importer
# reads them with `new Date(...)` when set. The two fixtures happen to leave them all unset (null).
_DATE_OR_TEXT_WHEN_SET = {"estimated_implementation_date", "person_in_charge"}
# The tool's Pia model declares these `0 | 1 | null`: null until the DPO or the data subjects have
# said whether the processing could be implemented. Both fixtures have an opinion, so both show ints.
_NULL_UNTIL_DECIDED = {"dpo_status", "concerned_people_status"}


@pytest.mark.parametrize("key", ["pia", "answers", "measures", "evaluations"])
def test_records_have_the_keys_and_types_of_the_tools_files(
    exported: Any, tool_files: list[dict[str, Any]], key: str
) -> None:
    _, _, document = exported
    ours = [document[key]] if key == "pia" else document[key]
    theirs = [file[key] for file in tool_files] if key == "pia" else [r for file in tool_files for r in file[key]]
    their_shape, cypress_keys = _shape(theirs), set(tool_files[1][key] if key == "pia" else tool_files[1][key][0])
    for name, types in _shape(ours).items():
        assert name in their_shape, f"{key}.{name} is in no file of the tool"
        allowed = their_shape[name] | ({"str"} if name in _DATE_OR_TEXT_WHEN_SET else set())
        allowed |= {"NoneType"} if name in _NULL_UNTIL_DECIDED else set()
        assert types <= allowed, f"{key}.{name}: ours {types}, the tool's {their_shape[name]}"
    if not ours:
        return
    if key == "evaluations":
        cypress_keys = set.intersection(*(set(e) for e in tool_files[1]["evaluations"]))
    missing = cypress_keys - set().union(*(set(record) for record in ours))
    assert not missing, f"{key}: the tool's own import file has {missing}, ours does not"
    if key == "answers":
        for answer in ours:
            assert list(answer["data"]) == ["text", "gauge", "list"]


# --------------------------------------------------------------------------------------------------
# The reader: the tool's files, and ours back again


def test_reader_accepts_the_tools_example_and_its_import_fixture() -> None:
    captoo, cypress = read(CAPTOO), read(CYPRESS)
    assert (captoo.pia.name, len(captoo.answers), len(captoo.measures), len(captoo.evaluations)) == (
        "Captoo",
        36,
        23,
        40,
    )
    # Captoo's illegitimate access: 3/4 with planned measures, 3/1 once the action plan is in place.
    assert captoo.risk("3.2").model_dump() == {
        "severity": 3,
        "likelihood": 4,
        "residual_severity": 3,
        "residual_likelihood": 1,
    }
    measures = captoo.answer(324)
    assert measures is not None and set(measures.list) <= set(captoo.measure_titles())
    assert (cypress.pia.name, len(cypress.answers), cypress.measure_titles()) == ("Nom du Pia", 36, ["Chiffrement"])


def test_round_trip_keeps_levels_measures_and_answers(exported: Any, tmp_path: Path) -> None:
    _, findings, document = exported
    path = tmp_path / "pia.json"
    path.write_bytes(cnil_pia.dumps(document))
    back: PiaFile = read(path)
    for item, risk_id in RISK_ITEMS.items():
        risk = findings.risk(risk_id)
        assert back.risk(item).model_dump() == {
            "severity": int(risk.initial.severity),
            "likelihood": int(risk.initial.likelihood),
            "residual_severity": int(risk.residual.severity),
            "residual_likelihood": int(risk.residual.likelihood),
        }
    assert back.measure_titles() == [measure["title"] for measure in document["measures"]]
    assert [m.content for m in back.measures] == [measure["content"] for measure in document["measures"]]
    assert {a.reference_to: a.data.model_dump() for a in back.answers} == {
        answer["reference_to"]: answer["data"] for answer in document["answers"]
    }
    assert back.pia.name == document["pia"]["name"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not JSON"),
        ('{"answers": []}', "no 'pia' record"),
        (
            '{"pia": {"name": "x"}, "answers": {}, "measures": [], "evaluations": [], "comments": []}',
            "must be an array",
        ),
        (
            '{"pia": {"name": "x"}, "answers": [{"data": {}}], "measures": [], "evaluations": [], "comments": []}',
            "answers.0.reference_to",
        ),
    ],
)
def test_reader_refuses_what_the_tool_cannot_import_with_a_located_error(text: str, message: str) -> None:
    from dpia.errors import InputError

    with pytest.raises(InputError) as caught:
        parse(text, "bad.json")
    assert any(message in str(problem) and str(problem).startswith("bad.json") for problem in caught.value.problems)


# --------------------------------------------------------------------------------------------------
# Text, escaping, language, determinism


def test_user_text_stays_text_in_the_tool(tmp_path: Path) -> None:
    source = (REPO / "samples" / "doctolib-aws-2021.yaml").read_text(encoding="utf-8")
    hostile = source.replace(
        "  name: Prise de rendez-vous de vaccination contre la Covid-19",
        '  name: "<script>alert(1)</script> & <b>RDV</b>"',
        1,
    )
    assert hostile != source
    path = tmp_path / "hostile.yaml"
    path.write_text(hostile, encoding="utf-8")
    assessment = load(path).assessment
    document = cnil_pia.build(assessment, findings_for(assessment))
    answer = next(a["data"]["text"] for a in document["answers"] if a["reference_to"] == 111)
    assert "<script" not in answer and "<b>" not in answer
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;RDV&lt;/b&gt;" in answer
    assert "<script>alert(1)</script> & <b>RDV</b>" in text_of(answer)


def test_file_is_utf8_with_accents_as_themselves(tmp_path: Path) -> None:
    assessment = load(SAMPLES[0]).assessment
    data = cnil_pia.render(assessment, findings_for(assessment))
    text = data.decode("utf-8")
    assert "é" in text and "\\u00e9" not in text


def test_titles_follow_the_language(tmp_path: Path) -> None:
    sample = REPO / "samples" / "doctolib-aws-2021.yaml"
    _, _, fr = _export(sample, "fr")
    _, _, en = _export(sample, "en")
    assert "Chiffrement" in [m["title"] for m in fr["measures"]]
    assert "Encryption" in [m["title"] for m in en["measures"]]
    assert [m["id"] for m in fr["measures"]] == [m["id"] for m in en["measures"]]


def test_mapping_table_in_the_docs_is_the_codes() -> None:
    doc = (REPO / "docs" / "cnil-pia-export.md").read_text(encoding="utf-8")
    assert cnil_pia.mapping_table() in doc


# --------------------------------------------------------------------------------------------------
# The command


def test_cli_writes_the_same_bytes_twice_and_stdout_agrees(run_dpia: RunDpia, tmp_path: Path) -> None:
    sample = REPO / "samples" / "doctolib-aws-2021.yaml"
    first, second = tmp_path / "a.json", tmp_path / "b" / "b.json"
    second.parent.mkdir()  # dpia writes into an existing folder; it creates none for one file
    for out in (first, second):
        result = invoke_dpia("export", sample, "--to", "cnil-pia", "-o", out, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"wrote {out}"
    assert first.read_bytes() == second.read_bytes()
    assert read(first).pia.name == "Prise de rendez-vous de vaccination contre la Covid-19"
    # A real process for the printed copy: the bytes its own stdout writes are the point.
    printed = run_dpia("export", sample, "--to", "cnil-pia")
    assert printed.returncode == 0
    assert printed.stdout.encode("utf-8") == first.read_bytes()
    english = invoke_dpia("export", sample, "--to", "cnil-pia", "--lang", "en", cwd=tmp_path)
    assert "Encryption" in read_titles(english.stdout)


def read_titles(text: str) -> list[str]:
    return parse(text).measure_titles()


def test_cli_bad_input_exits_2_located_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text('schema_version: "1.0"\nprocessing: 12\n', encoding="utf-8")
    out = tmp_path / "out.json"
    result = invoke_dpia("export", bad, "--to", "cnil-pia", "-o", out, cwd=tmp_path)
    assert result.returncode == 2
    assert f"{bad}:2:" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == [bad]


def test_cli_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke_dpia("export", REPO / "samples" / "minimal.yaml", "--to", "word-perfect", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "word-perfect" in result.stderr
