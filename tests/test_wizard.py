"""The wizard's engine, driven by a scripted prompter: what a user answering it would notice.

The questionary front end in a real terminal is tested in tests/test_wizard_terminal.py.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner
from wizard_helpers import SAMPLE, SAMPLES, FakePrompter, normal, reproducing, run, same_answers, typed

from dpia.answers import load, read_answers
from dpia.cli import app
from dpia.errors import InputError
from dpia.questionnaire import default_path
from dpia.questionnaire import load as load_questionnaire
from dpia.wizard import BACK, Prompt, press_enter, progress_path, risk_summary


@pytest.fixture(scope="module", autouse=True)
def _no_fsync() -> Iterator[None]:
    """The wizard syncs both files to disk after every answer; what these tests check is what the files
    hold, which the page cache answers as well, hundreds of times faster."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fsync", lambda descriptor: None)
        yield


@pytest.fixture(scope="module")
def sample() -> dict[str, Any]:
    return load(SAMPLE).assessment.model_dump(mode="json")


@pytest.fixture(scope="module")
def full_run(tmp_path_factory: pytest.TempPathFactory, sample: dict[str, Any]) -> tuple[Path, int, FakePrompter]:
    """One complete French run on a new file that answers every question as the Doctolib sample does."""
    target = tmp_path_factory.mktemp("full") / "answers.yaml"
    code, prompter = run(target, reproducing(sample))
    return target, code, prompter


def test_full_run_reproduces_the_doctolib_sample(full_run: tuple[Path, int, FakePrompter]) -> None:
    target, code, prompter = full_run
    assert code == 0
    assert same_answers(target, drafting=True)
    assert "validation" not in read_answers(target)[0], "a first draft does not record the decision"
    code, again = run(target, reproducing(load(SAMPLE).assessment.model_dump(mode="json")))
    assert code == 0 and same_answers(target), "editing the draft records what follows the assessment"
    assert "Le responsable du traitement a-t-il décidé ?" in again.messages
    assert not progress_path(target).exists(), "a finished run leaves no progress file"
    assert not target.read_text(encoding="utf-8").startswith("#"), "a finished file carries no 'unfinished' mark"
    assert any("Le responsable du traitement" in line for line in prompter.said)
    assert "Nom du traitement" in prompter.messages
    assert prompter.refused == []


def test_every_prompt_says_where_the_user_is(full_run: tuple[Path, int, FakePrompter]) -> None:
    _, _, prompter = full_run
    progress = [prompt.progress for prompt in prompter.prompts]
    assert all(re.fullmatch(r".+ · partie \d+/\d+", line) for line in progress), progress[:3]
    assert progress[0] == f"L'analyse · partie 1/{len(load_questionnaire(default_path()).file.sections)}"
    numbers = [int(line.rsplit(" ", 1)[1].split("/")[0]) for line in progress]
    assert numbers == sorted(numbers), "the position only moves forward"
    assert numbers[-1] == int(progress[-1].rsplit("/", 1)[1]), "the last part is reached"


def test_the_run_ends_with_the_risk_summary(full_run: tuple[Path, int, FakePrompter]) -> None:
    target, _, prompter = full_run
    # The first run writes a draft without the decision; a later test of this module records it in the same
    # file, and the retained actions then move the residual levels: the summary is the draft's.
    draft = load(target).assessment.model_copy(update={"validation": None})
    expected = risk_summary(draft, "fr")
    assert expected is not None
    assert "Synthèse des risques" in prompter.said
    assert all(line in prompter.said for line in expected)


# --------------------------------------------------------------------------------------------------
# Editing never loses a word


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("sample_file", SAMPLES, ids=[path.stem for path in SAMPLES])
def test_enter_everywhere_on_a_sample_keeps_it_byte_for_byte(tmp_path: Path, sample_file: Path, lang: str) -> None:
    target = tmp_path / sample_file.name
    shutil.copy(sample_file, target)
    code, prompter = run(target, press_enter, lang=lang)
    assert code == 0, prompter.said
    assert prompter.refused == []
    assert normal(target) == normal(sample_file)
    assert target.read_bytes() == sample_file.read_bytes(), "nothing changed, so nothing was rewritten"
    assert not progress_path(target).exists()
    assert len(prompter.prompts) > 20, "every question was offered"


def test_enter_everywhere_on_a_file_in_another_layout_keeps_every_answer(tmp_path: Path) -> None:
    """Lists of items (supports, actions) default to keeping them; values equal to the model's default too."""
    target = tmp_path / "answers.yaml"
    text = SAMPLE.read_text(encoding="utf-8")
    target.write_text("\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")) + "\n")
    run(target, press_enter)
    assert normal(target) == normal(SAMPLE)


def test_changing_one_answer_changes_only_that_answer(tmp_path: Path, sample: dict[str, Any]) -> None:
    target = tmp_path / "answers.yaml"
    shutil.copy(SAMPLE, target)

    def script(prompt: Prompt) -> Any:
        if "commentaires" in prompt.message:
            return True
        if prompt.key == "processing_name":
            return "Vaccination, centre de Lyon"
        return press_enter(prompt)

    code, _ = run(target, script)
    assert code == 0
    changed = load(target).assessment.model_dump(mode="json")
    assert changed["processing"]["name"] == "Vaccination, centre de Lyon"
    changed["processing"]["name"] = sample["processing"]["name"]
    assert changed == sample


def test_a_yaml_file_that_is_not_an_answer_file_is_refused_untouched(tmp_path: Path) -> None:
    compose = tmp_path / "compose.yaml"
    content = b"# docker compose\nservices:\n  web:\n    image: nginx  # the front\n"
    compose.write_bytes(content)
    with pytest.raises(InputError) as caught:
        run(compose, press_enter)
    assert "services" in str(caught.value) and "compose.yaml" in str(caught.value)
    assert compose.read_bytes() == content
    assert sorted(path.name for path in tmp_path.iterdir()) == ["compose.yaml"]
    result = CliRunner().invoke(app, ["wizard", "-o", str(compose)])
    assert result.exit_code == 2
    assert compose.read_bytes() == content


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_read_only_answer_file_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    shutil.copy(SAMPLE, target)
    target.chmod(stat.S_IRUSR)
    with pytest.raises(InputError) as caught:
        run(target, press_enter)
    assert "lecture seule" in str(caught.value)
    assert target.read_bytes() == SAMPLE.read_bytes()


def test_comments_survive_or_the_user_is_asked_before_they_are_lost(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    shutil.copy(SAMPLE, target)
    assert "#" in SAMPLE.read_text(encoding="utf-8")
    warned: list[Prompt] = []

    def script(prompt: Prompt) -> Any:
        if "commentaires" in prompt.message:
            warned.append(prompt)
            return False
        if prompt.key == "author":
            return "Service du DPO"
        return press_enter(prompt)

    code, prompter = run(target, script)
    assert code == 1
    assert len(warned) == 1
    assert target.read_bytes() == SAMPLE.read_bytes(), "the user said no: nothing written"
    assert not progress_path(target).exists()
    assert any("intact" in line for line in prompter.said)


def test_ctrl_c_before_any_change_writes_nothing(tmp_path: Path) -> None:
    def interrupt(prompt: Prompt) -> Any:
        raise KeyboardInterrupt

    new = tmp_path / "new.yaml"
    code, prompter = run(new, interrupt)
    assert code == 130
    assert not new.exists() and not progress_path(new).exists()
    assert "--resume" not in " ".join(prompter.said)

    edited = tmp_path / "edited.yaml"
    shutil.copy(SAMPLE, edited)
    code, _ = run(edited, interrupt)
    assert code == 130
    assert edited.read_bytes() == SAMPLE.read_bytes()


def _interrupt_at(question_key: str, then: Any) -> Any:
    def script(prompt: Prompt) -> Any:
        if prompt.key == question_key:
            raise KeyboardInterrupt
        return then(prompt)

    return script


def test_ctrl_c_keeps_every_answer_and_resume_continues(tmp_path: Path, sample: dict[str, Any]) -> None:
    target = tmp_path / "answers.yaml"
    code, first = run(target, _interrupt_at("providers[1].provider_country", reproducing(sample)))
    assert code == 130
    assert any("--resume" in line for line in first.said)
    assert target.read_text(encoding="utf-8").startswith("# "), "an unfinished file says so at the top"
    saved, _, _ = read_answers(target)
    assert saved["processing"]["name"] == sample["processing"]["name"]
    assert saved["providers"][1]["name"] == "AWS Sarl", "the answer just before Ctrl-C is on disk"
    assert "country" not in saved["providers"][1]
    assert progress_path(target).exists()

    code, second = run(target, reproducing(sample), resume=True)
    assert code == 0
    assert second.messages[0] == "Prestataire 2 · Pays de l'entité (code ISO)", "resume starts where it stopped"
    assert "Nom du traitement" not in second.messages
    assert same_answers(target, drafting=True)
    assert not progress_path(target).exists()


def test_resume_needs_an_unfinished_file(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    shutil.copy(SAMPLE, target)
    with pytest.raises(InputError) as caught:
        run(target, press_enter, resume=True)
    assert "dpia wizard -o" in str(caught.value)


# --------------------------------------------------------------------------------------------------
# Moving around


def test_back_returns_to_the_previous_question_with_its_answer(tmp_path: Path, sample: dict[str, Any]) -> None:
    answer = reproducing(sample)
    went_back: list[str] = []

    def script(prompt: Prompt) -> Any:
        if prompt.key == "processing_description" and not went_back:
            went_back.append(prompt.key)
            return BACK
        if prompt.key == "processing_name" and went_back and len(went_back) == 1:
            went_back.append(f"offered {prompt.default}")
            return "Nom corrigé"
        return answer(prompt)

    target = tmp_path / "answers.yaml"
    code, prompter = run(target, script)
    assert code == 0
    assert went_back == ["processing_description", f"offered {sample['processing']['name']}"]
    assert load(target).assessment.processing.name == "Nom corrigé"
    keys = [prompt.key for prompt in prompter.prompts]
    assert keys.count("processing_name") == 2 and keys.count("processing_description") == 2


def test_back_on_the_first_question_stays_there(tmp_path: Path) -> None:
    calls: list[str] = []

    def script(prompt: Prompt) -> Any:
        calls.append(prompt.key)
        if len(calls) == 1:
            return BACK
        raise KeyboardInterrupt

    _, prompter = run(tmp_path / "a.yaml", script)
    assert calls == ["author", "author"]
    assert any("première question" in line for line in prompter.said)


def test_section_option_asks_only_that_section(tmp_path: Path, sample: dict[str, Any]) -> None:
    target = tmp_path / "answers.yaml"
    shutil.copy(SAMPLE, target)

    def script(prompt: Prompt) -> Any:
        if prompt.key == "controller_name":
            return "Ville de Lyon"
        return press_enter(prompt)

    code, prompter = run(target, script, sections=["controller"])
    assert code == 0
    assert {prompt.progress.split(" · ")[0] for prompt in prompter.prompts if prompt.progress} == {
        "Le responsable du traitement"
    }
    result = load(target).assessment.model_dump(mode="json")
    assert result["processing"]["controller"]["name"] == "Ville de Lyon"
    result["processing"]["controller"]["name"] = sample["processing"]["controller"]["name"]
    assert result == sample


def test_the_section_menu_offers_every_part_and_enter_keeps_everything(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    shutil.copy(SAMPLE, target)
    _, prompter = run(target, press_enter)
    menu = prompter.prompts[0]
    assert menu.message == "Que voulez-vous revoir ?"
    assert menu.choices[0][1] == "Tout, dans l'ordre" and len(menu.choices) > 5
    assert target.read_bytes() == SAMPLE.read_bytes()


def test_an_unknown_section_is_refused_with_the_list(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    shutil.copy(SAMPLE, target)
    with pytest.raises(InputError) as caught:
        run(target, press_enter, sections=["nowhere"])
    assert "controller" in str(caught.value)


# --------------------------------------------------------------------------------------------------
# One language


def test_answers_are_read_as_a_french_user_types_them(tmp_path: Path, sample: dict[str, Any]) -> None:
    answer = reproducing(sample)
    friendly = {"controller_country": "France", "date": "03/12/2026", "subjects_count": "12 000"}

    def script(prompt: Prompt) -> Any:
        return friendly.get(prompt.key) or answer(prompt)

    target = tmp_path / "answers.yaml"
    code, prompter = run(target, script)
    assert code == 0 and prompter.refused == []
    assessment = load(target).assessment
    assert assessment.processing.controller.country == "FR"
    assert str(assessment.date) == "2026-12-03"


@pytest.mark.parametrize(
    ("lang", "key", "wrong", "expected"),
    [
        ("fr", "controller_country", "Groland", "ni un code pays ISO 3166-1"),
        ("fr", "data[0].data_retention_months", "-1", "supérieur ou égal à 0"),
        ("fr", "date", "30/02/2021", "JJ/MM/AAAA"),
        ("fr", "controller_country", "FRA", "ni un code pays"),
        ("en", "controller_country", "ZZ", "ISO 3166-1"),
        ("en", "data[0].data_retention_months", "-1", "greater than or equal to 0"),
        ("en", "dpo_opinion_date", "2021-02-30", "YYYY-MM-DD"),
    ],
)
def test_refusals_are_in_the_users_language(
    tmp_path: Path, sample: dict[str, Any], lang: str, key: str, wrong: str, expected: str
) -> None:
    answer = reproducing(sample)
    tried: list[str] = []

    def script(prompt: Prompt) -> Any:
        if prompt.key == key and not tried:
            tried.append(key)
            return wrong
        return answer(prompt)

    target = tmp_path / "answers.yaml"
    code, prompter = run(target, script, lang=lang)
    assert code == 0
    assert len(prompter.refused) == 1
    message = prompter.refused[0][2]
    assert expected in message
    assert "Input should" not in message and "Value error" not in message
    assert same_answers(target, drafting=True)


def test_a_french_user_never_gets_english_help(full_run: tuple[Path, int, FakePrompter]) -> None:
    """Help on `?` comes from the questionnaire or the catalogue, never from the model's English descriptions."""
    from dpia.model import Assessment
    from dpia.reference import _models

    english = {
        field.description for model in _models(Assessment) for field in model.model_fields.values() if field.description
    }
    prompts = full_run[2].prompts
    assert len(prompts) > 50
    assert [prompt.key for prompt in prompts if prompt.help in english] == []


def test_a_new_user_pressing_enter_reaches_a_valid_file(tmp_path: Path) -> None:
    typed_words: list[str] = []

    def hurried(prompt: Prompt) -> Any:
        offered = press_enter(prompt)
        if prompt.kind == "text" and prompt.validate and prompt.validate(offered):
            typed_words.append(prompt.key)
            return "Texte libre"
        return offered

    target = tmp_path / "answers.yaml"
    code, _ = run(target, hurried)
    assert code == 0
    load(target)  # validates
    assert typed_words, "some questions need words, and Enter alone is refused there"
    assert len(typed_words) <= 5, f"a hurried user should not have to type much: {typed_words}"


def test_hostile_text_typed_in_the_wizard_is_kept_as_text(tmp_path: Path, sample: dict[str, Any]) -> None:
    hostile = '<script>&"{{ 7*7 }}{% if x %}'
    answer = reproducing(sample)

    def script(prompt: Prompt) -> Any:
        return hostile if prompt.key == "processing_name" else answer(prompt)

    target = tmp_path / "answers.yaml"
    code, _ = run(target, script)
    assert code == 0
    assert load(target).assessment.processing.name == hostile


# --------------------------------------------------------------------------------------------------
# The command line and hostile files


def test_without_a_terminal_the_wizard_refuses_politely(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dpia", "wizard", "-o", str(tmp_path / "a.yaml")],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    assert "dpia validate" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "a.yaml").exists()


@pytest.mark.parametrize(
    ("mutation", "located"),
    [
        (
            lambda text: text.replace("field: processing.controller.name", "field: processing.controler.name"),
            "processing.controler.name",
        ),
        (lambda text: text.replace("type: checkbox", "type: chekbox", 1), "type"),
        (lambda text: text.replace("title:\n  fr: Prise", "title:\n  fr: [Prise", 1), "YAML"),
    ],
    ids=["unknown-field", "bad-type", "bad-yaml"],
)
def test_a_broken_questionnaire_gets_a_located_error(tmp_path: Path, mutation: Any, located: str) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(mutation(default_path().read_text(encoding="utf-8")), encoding="utf-8")
    result = CliRunner().invoke(app, ["wizard", "--questionnaire", str(broken), "-o", str(tmp_path / "a.yaml")])
    assert result.exit_code == 2
    first = result.output.splitlines()[0]
    assert re.match(rf"{re.escape(str(broken))}:\d+:\d+: ", first), first
    assert located in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "a: &a [1,1,1,1,1,1,1,1,1]\n"
            + "".join(f"b{i}: &b{i} [{', '.join(['*a' if i == 0 else f'*b{i - 1}'] * 9)}]\n" for i in range(7)),
            "expands to more than",
        ),
        ("a: 1\na: 2\n", "duplicate key 'a'"),
        ("schema_version: !!python/object/apply:os.getcwd []\n", "is not allowed"),
    ],
    ids=["alias-bomb", "duplicate-key", "python-tag"],
)
def test_editing_a_hostile_file_is_refused_and_the_file_kept(tmp_path: Path, content: str, message: str) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        run(target, press_enter)
    assert message in str(caught.value)
    assert target.read_text(encoding="utf-8") == content
    assert sorted(path.name for path in tmp_path.iterdir()) == ["answers.yaml"]


def test_typed_gives_text_only_to_text_questions() -> None:
    """The scripted prompter answers as the terminal does: text for text, values otherwise."""
    text = Prompt("text", "q", "h")
    assert typed(text, ["a", "b"], ";") == "a; b"
    assert typed(Prompt("select", "q", "h"), "x") == "x"
