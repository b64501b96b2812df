"""The questionnaire file: it covers the model, the model covers it, and a broken one is reported where it breaks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dpia.errors import InputError
from dpia.labels import LANGS, Lang, label
from dpia.model import MeasureName
from dpia.questionnaire import Asked, default_path, field_at, json_schema, load, model_leaves

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "questionnaires" / "vaccination-booking.yaml"
# "? " before the question and a margin for the cursor: what an 80-column terminal leaves for a question.
WIDTH = 76


@pytest.fixture(scope="module")
def questionnaire():
    return load(SHIPPED)


def test_the_installed_questionnaire_is_the_shipped_one() -> None:
    # From a source tree it is the same file; from a wheel, the copy inside the package.
    assert default_path().read_bytes() == SHIPPED.read_bytes()


def test_every_model_field_is_asked_derived_or_explicitly_not_asked(questionnaire) -> None:
    assert questionnaire.unaccounted() == []
    not_asked = questionnaire.file.not_asked
    assert all(reason.strip() for reason in not_asked.values()), "each field left out says why"


def test_every_question_fills_a_real_model_field(questionnaire) -> None:
    leaves = set(model_leaves())
    for asked in questionnaire.walk():
        info = field_at(asked.path)  # raises KeyError for a path the model does not have
        assert info.description, f"{asked.path}: the model gives no description to fall back on for help"
        if asked.question.type not in ("group", "measure") and asked.shape.kind != "model":
            assert asked.path in leaves


def test_choices_come_from_the_model_with_labels_in_both_languages(questionnaire) -> None:
    """The questionnaire holds no choices; every value of every enumeration it asks has a label."""
    raw = SHIPPED.read_text(encoding="utf-8")
    assert "choices:" not in raw
    for asked in questionnaire.walk():
        enum = asked.shape.enum
        if asked.question.type == "measure":
            enum = MeasureName
            assert label(MeasureName(asked.path.rsplit(".", 1)[1]), "fr")
        if enum is None:
            continue
        for member in enum:
            for lang in LANGS:
                assert label(member, lang).strip(), f"{enum.__name__}.{member.value} has no {lang} label"


def test_questions_fit_an_80_column_terminal(questionnaire) -> None:
    too_long = []
    for asked in questionnaire.walk():
        for lang in LANGS:
            text = (
                asked.question.text(lang) if asked.question.text else label(MeasureName(asked.path.split(".")[1]), lang)
            )
            group = asked.group
            while group is not None and group.question.item:  # 'Provider 10 · Licensor 10 · ...' inside an item
                text = f"{group.question.item(lang)} 10 · {text}"
                group = group.group
            if len(text) > WIDTH:
                too_long.append(f"{asked.question.id} ({lang}, {len(text)}): {text}")
    assert not too_long, "\n".join(too_long)


def _shown_text(asked: Asked, lang: Lang) -> str:
    """The question as the wizard shows it: its text, or a measure's catalogue name."""
    if asked.question.text:
        return asked.question.text(lang)
    return label(MeasureName(asked.path.rsplit(".", 1)[1]), lang)


def test_every_question_has_its_text_and_help_in_french_and_english(questionnaire) -> None:
    """Without its own help a question falls back to the model's English description, even for a French user."""
    missing = []
    for asked in questionnaire.walk():
        question = asked.question
        for lang in LANGS:
            if not _shown_text(asked, lang).strip():
                missing.append(f"{question.id}: no {lang} text")
            if question.help is None or not question.help(lang).strip():
                missing.append(f"{question.id}: no {lang} help")
        if question.help is not None and question.help("fr") == question.help("en"):
            missing.append(f"{question.id}: the French help is the English one")
    assert not missing, "\n".join(missing)


def test_question_ids_are_unique_and_texts_differ(questionnaire) -> None:
    ids = [asked.question.id for asked in questionnaire.walk()]
    assert len(ids) == len(set(ids))
    for lang in LANGS:
        texts = [
            (asked.group.question.item(lang) + " · " if asked.group and asked.group.question.item else "")
            + asked.question.text(lang)
            for asked in questionnaire.walk()
            if asked.question.text
        ]
        assert len(texts) == len(set(texts)), f"two questions read the same in {lang}"


def test_conditions_ask_the_key_holder_only_when_it_matters(questionnaire) -> None:
    by_id = {asked.question.id: asked.question for asked in questionnaire.walk()}
    holder_country = by_id["encryption_key_holder_country"]
    assert holder_country.when is not None and holder_country.when.equals == "external_key_holder"
    assert holder_country.required, "the model insists on it when the keys are held outside"


def test_the_schema_file_is_the_generated_one() -> None:
    shipped = json.loads((REPO / "questionnaires" / "questionnaire.schema.json").read_text(encoding="utf-8"))
    assert shipped == json_schema(), "run the snippet in docs/questionnaire.md to regenerate the schema"
    assert SHIPPED.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=questionnaire.schema.json")


# --------------------------------------------------------------------------------------------------
# Broken questionnaires


def _broken(tmp_path: Path, old: str, new: str) -> list[str]:
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "q.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load(path)
    return [str(problem) for problem in caught.value.problems]


def _line_of(tmp_path: Path, needle: str) -> int:
    lines = (tmp_path / "q.yaml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "message", "reported_line"),
    [
        (
            "field: processing.controller.country",
            "field: processing.controller.pays",
            "not a field of the assessment",
            "field: processing.controller.pays",
        ),
        (
            "field: processing.purposes\n        type: text",
            "field: processing.purposes\n        type: number",
            "cannot fill",
            "type: number",
        ),
        ("default: 1000", "default: -5", "refuses this default", "default: -5"),
        (
            "when: {path: measures.encryption.key_management, equals: external_key_holder}",
            "when: {path: measures.encryption.key_manager, equals: external_key_holder}",
            "not a field of the model",
            "key_manager",
        ),
        ("type: checkbox", "type: tickbox", "Input should be", "type: tickbox"),
        (
            "        help:\n          fr: La nature",
            "        hint:\n          fr: La nature",
            "unknown key 'hint'",
            "hint:",
        ),
    ],
    ids=["unknown-field", "type-does-not-fit", "bad-default", "bad-condition", "unknown-type", "unknown-key"],
)
def test_a_broken_question_is_reported_at_its_line(
    tmp_path: Path, old: str, new: str, message: str, reported_line: str
) -> None:
    problems = _broken(tmp_path, old, new)
    assert len(problems) == 1, problems
    assert message in problems[0]
    line = _line_of(tmp_path, reported_line)
    assert problems[0].startswith(f"{tmp_path / 'q.yaml'}:{line}:"), (problems[0], line)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "fr: La nature de l'organisme détermine les listes de la CNIL qui s'appliquent.",
            'fr: ""',
        ),
        (
            "fr: La nature de l'organisme détermine les listes de la CNIL qui s'appliquent.",
            'fr: "   "',
        ),
        (
            "text: {fr: Nature du responsable, en: Kind of controller}",
            'text: {fr: Nature du responsable, en: ""}',
        ),
    ],
    ids=["empty-help", "blank-help", "empty-text"],
)
def test_an_empty_wording_is_refused_at_its_line(tmp_path: Path, old: str, new: str) -> None:
    """An empty or blank help or text is not a wording: the file is refused rather than showing nothing."""
    problems = _broken(tmp_path, old, new)
    assert len(problems) == 1, problems
    assert "at least 1 character" in problems[0]
    line = _line_of(tmp_path, new)
    assert problems[0].startswith(f"{tmp_path / 'q.yaml'}:{line}:"), (problems[0], line)


def test_a_questionnaire_that_never_asks_a_required_field_is_refused(tmp_path: Path) -> None:
    problems = _broken(
        tmp_path,
        "      - id: processing_name\n        field: processing.name\n",
        "      - id: processing_name\n        field: processing.lifecycle\n",
    )
    assert any("'processing.name'" in problem and "every answer file needs" in problem for problem in problems)


def test_bad_yaml_is_reported_with_its_position(tmp_path: Path) -> None:
    problems = _broken(tmp_path, "title:\n  fr: Prise", "title:\n  fr: [Prise")
    assert "YAML" in problems[0]
    assert problems[0].startswith(f"{tmp_path / 'q.yaml'}:")
