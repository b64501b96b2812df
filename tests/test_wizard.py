"""The wizard, driven through real questionary prompts on prompt_toolkit pipe input, and in a real terminal.

A scripted front end answers each prompt by pressing the keys a person would press (letters, arrows,
space, Enter, Ctrl-C), decided from the prompt's question; questionary and prompt_toolkit do the rest.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from typer.testing import CliRunner

from dpia.answers import load, read_answers
from dpia.cli import app
from dpia.questionnaire import default_path
from dpia.questionnaire import load as load_questionnaire
from dpia.wizard import Prompt, TerminalPrompter, build_available, get, progress_path, risk_summary, run_wizard

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "doctolib-aws-2021.yaml"
SHORTCUTS = "1234567890abcdefghijklmnopqrstuvwxyz"
DOWN = "\x1b[B"
CLEAR_LINE = "\x15"  # Ctrl-U: erase the offered default before typing

Decide = Callable[[Prompt], str]


class ScriptedPrompter(TerminalPrompter):
    """The real questionary front end; before each prompt, the keys a person would press are typed."""

    def __init__(self, lang: str, pipe: Any, decide: Decide) -> None:
        super().__init__(lang, input=pipe, output=DummyOutput())  # type: ignore[arg-type]
        self.pipe, self.decide = pipe, decide
        self.log: list[tuple[str, str]] = []
        self.said: list[str] = []

    def ask(self, prompt: Prompt) -> Any:
        keys = self.decide(prompt)
        self.log.append((prompt.message, keys))
        self.pipe.send_text(keys)
        return super().ask(prompt)

    def say(self, text: str) -> None:
        self.said.append(text)


def _separators() -> dict[str, str | None]:
    return {asked.question.id: asked.question.separator for asked in load_questionnaire(default_path()).walk()}


def keys_for(prompt: Prompt, answer: Any, separator: str | None = None) -> str:
    """The keystrokes that give `answer` to this prompt."""
    if prompt.kind == "confirm":
        return "y" if answer else "n"
    if prompt.kind == "select":
        values = [value for value, _ in prompt.choices]
        return SHORTCUTS[values.index(answer)] + "\r"
    if prompt.kind == "checkbox":
        offered = set(prompt.default or [])
        keys = ""
        for value, _ in prompt.choices:
            if (value in answer) != (value in offered):
                keys += " "
            keys += DOWN
        return keys + "\r"
    if answer is None:
        text = ""
    elif isinstance(answer, list):
        text = f"{separator} ".join(str(item) for item in answer)
    else:
        text = str(answer)
    return CLEAR_LINE + text + "\r"


def reproducing(target: dict[str, Any]) -> Decide:
    """Answer every question so that the file ends up holding `target` (a full model dump)."""
    separators = _separators()

    def decide(prompt: Prompt) -> str:
        key, loc = prompt.key, prompt.loc
        if not key:  # after the run: the offer to build the document
            return "n"
        if key.endswith("?"):
            return keys_for(prompt, bool(get(target, loc)))
        if key.endswith("]+"):
            index = int(key.rsplit("[", 1)[1][:-2])
            return keys_for(prompt, len(get(target, loc) or []) > index + 1)
        value = get(target, loc)
        question_id = re.sub(r"^\w+\[\d+\]\.", "", key).split(".")[0]
        if prompt.kind == "confirm" and (value is None or isinstance(value, dict)):
            return keys_for(prompt, value is not None)  # an optional object: is it there?
        if loc[:1] == ("measures",) and len(loc) == 2:
            return keys_for(prompt, value["status"] if value else None)
        return keys_for(prompt, value, separators.get(question_id))

    return decide


def hurried(prompt: Prompt) -> str:
    """A new user: Enter on everything; when Enter is refused, some plain text."""
    if prompt.kind in ("text", "complete") and prompt.validate and prompt.validate(prompt.default or ""):
        return "\r" + "Texte libre\r"
    return "\r"


def run(target: Path, decide: Decide, lang: str = "fr", resume: bool = False) -> tuple[int, ScriptedPrompter]:
    with create_pipe_input() as pipe:
        prompter = ScriptedPrompter(lang, pipe, decide)
        code = run_wizard(target, lang=lang, resume=resume, prompter=prompter)  # type: ignore[arg-type]
    return code, prompter


def same_answers(path: Path, expected: Path = SAMPLE) -> bool:
    """Both files hold the same assessment; ticked choices compare as sets (a checkbox lists them in its own order)."""

    def normal(file: Path) -> dict[str, Any]:
        data = load(file).assessment.model_dump(mode="json")
        for asked in load_questionnaire(default_path()).walk():
            if asked.question.type == "checkbox" and "[]" not in asked.path:
                *parents, name = asked.path.split(".")
                node = get(data, tuple(parents))
                node[name] = sorted(node[name])
        return data

    return normal(path) == normal(expected)


@pytest.fixture(scope="module")
def sample() -> dict[str, Any]:
    return load(SAMPLE).assessment.model_dump(mode="json")


@pytest.fixture(scope="module")
def full_run(tmp_path_factory: pytest.TempPathFactory, sample: dict[str, Any]) -> tuple[Path, int, ScriptedPrompter]:
    """One complete French run that answers every question as the Doctolib sample does."""
    target = tmp_path_factory.mktemp("full") / "answers.yaml"
    code, prompter = run(target, reproducing(sample))
    return target, code, prompter


def test_full_run_reproduces_the_doctolib_sample(full_run: tuple[Path, int, ScriptedPrompter]) -> None:
    target, code, prompter = full_run
    assert code == 0
    assert same_answers(target)
    assert not progress_path(target).exists(), "a finished run leaves no progress file"
    assert not target.read_text(encoding="utf-8").startswith("#"), "a finished file carries no 'unfinished' mark"
    # Every section was announced, and the questions were asked in French.
    assert any("Le responsable du traitement" in line for line in prompter.said)
    assert any(message == "Nom du traitement" for message, _ in prompter.log)


def test_the_run_ends_with_the_risk_summary(full_run: tuple[Path, int, ScriptedPrompter]) -> None:
    target, _, prompter = full_run
    expected = risk_summary(load(target).assessment, "fr")
    if expected is None:
        assert any("dpia score" in line for line in prompter.said)
    else:
        assert "Synthèse des risques" in prompter.said
        assert all(line in prompter.said for line in expected)
        assert any("Accès extraterritorial" in line for line in expected)


def _interrupt_at(question_key: str, then: Decide) -> Decide:
    def decide(prompt: Prompt) -> str:
        return "\x03" if prompt.key == question_key else then(prompt)

    return decide


def test_ctrl_c_keeps_every_answer_and_resume_continues(tmp_path: Path, sample: dict[str, Any]) -> None:
    target = tmp_path / "answers.yaml"
    code, first = run(target, _interrupt_at("providers[1].provider_country", reproducing(sample)))
    assert code == 130
    assert any("--resume" in line for line in first.said)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# "), "an unfinished file says so at the top"
    saved, _, _ = read_answers(target)
    assert saved["processing"]["name"] == sample["processing"]["name"]
    assert saved["providers"][1]["name"] == "AWS Sarl", "the answer just before Ctrl-C is on disk"
    assert "country" not in saved["providers"][1]
    assert progress_path(target).exists()
    assert subprocess.run([sys.executable, "-m", "dpia", "validate", str(target)], capture_output=True).returncode == 2

    code, second = run(target, reproducing(sample), resume=True)
    assert code == 0
    asked = [message for message, _ in second.log]
    assert asked[0] == "Prestataire 2 · Pays de l'entité (code ISO)", "resume starts at the first unanswered question"
    assert "Nom du traitement" not in asked
    assert same_answers(target)
    assert not progress_path(target).exists()


def test_running_on_an_existing_file_offers_its_answers(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    shutil.copy(SAMPLE, target)
    code, prompter = run(target, lambda prompt: "\r")  # Enter everywhere: keep every answer
    assert code == 0
    assert same_answers(target)
    assert any(message == "Nom du traitement" for message, _ in prompter.log)


def test_a_new_user_pressing_enter_reaches_a_valid_file(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    code, prompter = run(target, hurried)
    assert code == 0
    result = subprocess.run([sys.executable, "-m", "dpia", "validate", str(target)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    typed = [message for message, keys in prompter.log if "Texte libre" in keys]
    assert typed, "some questions need words, and Enter alone is refused there"
    assert len(typed) <= 5, f"a hurried user should not have to type much: {typed}"
    if build_available():  # Enter on the last question too: build the Word document
        assert (tmp_path / "answers.docx").stat().st_size > 10_000


def test_an_awkward_english_user_asks_for_help_and_gets_answers_refused(tmp_path: Path, sample: dict[str, Any]) -> None:
    """Help on each kind of question; a country that is no ISO code, a negative retention and a date that
    does not exist are refused with the model's message, asked again, then corrected."""
    answer = reproducing(sample)
    wrong = {
        "controller_country": "ZZ",
        "data[0].data_retention_months": "-1",
        "dpo_opinion_date": "2021-02-30",
    }
    refused: list[str] = []
    helped: set[str] = set()

    def decide(prompt: Prompt) -> str:
        keys = answer(prompt)
        if prompt.key in wrong:
            error = prompt.validate(wrong[prompt.key]) if prompt.validate else None
            assert error, prompt.key
            refused.append(error)
            keys = CLEAR_LINE + wrong[prompt.key] + "\r" + keys
        if prompt.kind not in helped:
            helped.add(prompt.kind)
            keys = ("?" if prompt.kind in ("select", "checkbox", "confirm") else CLEAR_LINE + "?\r") + keys
        return keys

    target = tmp_path / "answers.yaml"
    code, prompter = run(target, decide, lang="en")
    assert code == 0
    assert same_answers(target)
    assert any(message == "Name of the processing" for message, _ in prompter.log)
    assert len(refused) == 3
    assert "ISO 3166-1" in refused[0]
    assert "greater than or equal to 0" in refused[1]
    assert helped >= {"text", "select", "checkbox", "confirm", "complete"}
    assert prompter.said.count("Help:") == len(helped)


# --------------------------------------------------------------------------------------------------
# The command line


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


def test_resume_needs_an_unfinished_file(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    shutil.copy(SAMPLE, target)
    with pytest.raises(Exception) as caught:
        run(target, lambda prompt: "\r", resume=True)
    assert "dpia wizard -o" in str(caught.value)


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


# --------------------------------------------------------------------------------------------------
# A real terminal


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_dpia_wizard_in_a_real_80x24_terminal_reproduces_the_sample(
    tmp_path: Path, full_run: tuple[Path, int, ScriptedPrompter]
) -> None:
    pexpect = pytest.importorskip("pexpect")
    # The keystrokes are those of the pipe-driven run; here they go through a real terminal, prompt by prompt.
    recorded = full_run[2]
    target = tmp_path / "answers.yaml"
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm", "LANG": "C.UTF-8", "NO_COLOR": "1"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "dpia", "wizard", "-o", str(target)],
        cwd=str(tmp_path),
        env=env,
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=30,
    )
    child.delaybeforesend = None
    try:
        for message, keys in recorded.log:
            child.expect_exact(message)
            child.send(keys)
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0, child.before
    result = subprocess.run([sys.executable, "-m", "dpia", "validate", str(target)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert same_answers(target)


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_a_closed_terminal_leaves_a_resumable_file(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    import signal

    target = tmp_path / "answers.yaml"
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm", "LANG": "C.UTF-8"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "dpia", "wizard", "-o", str(target)],
        env=env,
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=30,
    )
    try:
        child.expect_exact("Qui rédige cette analyse ?")
        child.send("Service du DPO\r")
        child.expect_exact("Date de l'analyse")
        child.kill(signal.SIGHUP)
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 130
    saved, _, _ = read_answers(target)
    assert saved["author"] == "Service du DPO"
    assert progress_path(target).exists()
    assert "date" not in saved


def test_a_french_user_never_gets_english_help(tmp_path: Path, sample: dict[str, Any]) -> None:
    """Help on `?` comes from the questionnaire or the catalogue, never from the model's English descriptions."""
    from dpia.model import Assessment
    from dpia.reference import _models

    english = {
        field.description for model in _models(Assessment) for field in model.model_fields.values() if field.description
    }
    answer = reproducing(sample)
    helps: list[tuple[str, str]] = []

    def decide(prompt: Prompt) -> str:
        helps.append((prompt.key, prompt.help))
        return answer(prompt)

    code, _ = run(tmp_path / "answers.yaml", decide, lang="fr")
    assert code == 0
    assert len(helps) > 100
    assert [key for key, text in helps if text in english] == []


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
    from dpia.errors import InputError

    target = tmp_path / "answers.yaml"
    target.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        run(target, lambda prompt: "\r")
    assert message in str(caught.value)
    assert target.read_text(encoding="utf-8") == content
    assert sorted(path.name for path in tmp_path.iterdir()) == ["answers.yaml"]


def test_hostile_text_typed_in_the_wizard_is_kept_as_text(tmp_path: Path, sample: dict[str, Any]) -> None:
    hostile = '<script>&"{{ 7*7 }}{% if x %}'
    answer = reproducing(sample)

    def decide(prompt: Prompt) -> str:
        if prompt.key == "processing_name":
            return CLEAR_LINE + hostile + "\r"
        return answer(prompt)

    target = tmp_path / "answers.yaml"
    code, _ = run(target, decide)
    assert code == 0
    assert load(target).assessment.processing.name == hostile


def test_question_mark_on_a_proposed_answer_asks_for_help(tmp_path: Path, sample: dict[str, Any]) -> None:
    """On a pre-filled answer, `?` shows the help instead of being appended to it ("2021-03-12?")."""
    answer = reproducing(sample)
    asked_twice: list[str] = []

    def decide(prompt: Prompt) -> str:
        keys = answer(prompt)
        if prompt.key == "date" and not asked_twice:
            asked_twice.append(prompt.key)
            # Nothing typed before the "?": the prompt still shows its default. The keys after it
            # answer the question asked again once the help is shown.
            return "?" + keys
        return keys

    target = tmp_path / "answers.yaml"
    code, prompter = run(target, decide)
    assert code == 0
    assert prompter.said.count("Aide :") == 1
    assert any("AAAA-MM-JJ" in line for line in prompter.said)
    assert same_answers(target)
