"""Drive the wizard's engine without a terminal: a prompter that answers from a script.

A script is a function of the Prompt that returns what the terminal front end would return: the text
typed for a text question, a value for a list, the ticked values, True/False, or BACK. The answer is
checked with the prompt's own validator, as the terminal does; a refused answer is recorded and the
script is asked again, as a person would be.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dpia.answers import load
from dpia.questionnaire import default_path
from dpia.questionnaire import load as load_questionnaire
from dpia.wizard import BACK, Prompt, get, press_enter, run_wizard
from dpia.wizard.engine import from_title

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "samples").glob("*.yaml"))
SAMPLE = REPO / "samples" / "doctolib-aws-2021.yaml"

Script = Callable[[Prompt], Any]


class Refused(AssertionError):
    pass


class FakePrompter:
    def __init__(self, script: Script = press_enter) -> None:
        self.script = script
        self.prompts: list[Prompt] = []
        self.refused: list[tuple[str, Any, str]] = []
        self.said: list[str] = []

    def ask(self, prompt: Prompt) -> Any:
        self.prompts.append(prompt)
        for _ in range(5):
            answer = self.script(prompt)
            if prompt.kind == "complete" and isinstance(answer, str) and answer.strip() != "?":
                answer = from_title(prompt, answer)  # typed, as in the terminal: a label, a value or a name
            if answer is BACK or answer == "?" or prompt.validate is None:
                return answer
            error = prompt.validate(answer)
            if error is None:
                return answer
            self.refused.append((prompt.key, answer, error))
        raise Refused(f"{prompt.key}: {self.refused[-1]}")

    def say(self, text: str) -> None:
        self.said.append(text)

    @property
    def messages(self) -> list[str]:
        return [prompt.message for prompt in self.prompts]


def run(target: Path, script: Script = press_enter, lang: str = "fr", **options: Any) -> tuple[int, FakePrompter]:
    prompter = FakePrompter(script)
    options.setdefault("offer_build", False)
    code = run_wizard(target, lang=lang, prompter=prompter, **options)  # type: ignore[arg-type]
    return code, prompter


def _separators() -> dict[str, str | None]:
    return {asked.question.id: asked.question.separator for asked in load_questionnaire(default_path()).walk()}


def typed(prompt: Prompt, answer: Any, separator: str | None = None) -> Any:
    """What the front end returns for `answer`: text for a text question, the value otherwise."""
    if prompt.kind != "text":
        return answer
    if answer is None:
        return ""
    if isinstance(answer, list):
        return f"{separator} ".join(str(item) for item in answer)
    return str(answer)


def reproducing(target: dict[str, Any]) -> Script:
    """Answer every question so that the file ends up holding `target` (a full model dump)."""
    separators = _separators()

    def script(prompt: Prompt) -> Any:
        key, loc = prompt.key, prompt.loc
        if not key:  # menus and offers outside the questionnaire: Enter
            return press_enter(prompt)
        if key.endswith((":implemented", ":planned")):  # the catalogue measures, as ticked lists
            wanted = key.rsplit(":", 1)[1]
            return [
                name for name, _ in prompt.choices if (get(target, ("measures", name)) or {}).get("status") == wanted
            ]
        if key.endswith(":details"):  # give the optional details: each is then answered as the target has it
            return True
        if key.endswith(":describe"):
            return any(isinstance(m, dict) and m.get("description") for m in (target.get("measures") or {}).values())
        if prompt.kind == "checkbox" and isinstance(get(target, loc), dict):  # yes/no fields as one ticked list
            return [field for field, _ in prompt.choices if get(target, (*loc, *field.split(".")))]
        if key.endswith("?"):
            return bool(get(target, loc))
        if key.endswith("]+"):
            index = int(key.rsplit("[", 1)[1][:-2])
            return len(get(target, loc) or []) > index + 1
        value = get(target, loc)
        question_id = re.sub(r"^\w+\[\d+\]\.", "", key).split(".")[0]
        if prompt.kind == "confirm" and (value is None or isinstance(value, dict)):
            return value is not None  # an optional object: is it there?
        if loc[:1] == ("measures",) and len(loc) == 2:
            return value["status"] if value else None
        return typed(prompt, value, separators.get(question_id))

    return script


def editing_only() -> list[str]:
    """Top-level fields asked only when a file is edited again (the decision, the history)."""
    return [asked.path for asked in load_questionnaire(default_path()).walk() if asked.question.editing_only]


def normal(file: Path, drafting: bool = False) -> dict[str, Any]:
    """The assessment a file holds; ticked choices as sets (a checkbox lists them in its own order).
    `drafting`: without what a first draft does not ask (the decision, the history)."""
    data = load(file).assessment.model_dump(mode="json")
    for asked in load_questionnaire(default_path()).walk():
        if asked.question.type == "checkbox" and "[]" not in asked.path:
            *parents, name = asked.path.split(".")
            node = get(data, tuple(parents))
            if isinstance(node, dict) and isinstance(node.get(name), list):
                node[name] = sorted(node[name])
    if drafting:
        for path in editing_only():
            data.pop(path, None)
    # Not asked: the wizard records the language it runs in, whatever language the replayed texts are in.
    data.pop("language", None)
    # A field the questionnaire does not ask is never written by the wizard: a file may hold it, the
    # wizard's run cannot reproduce it.
    for path in load_questionnaire(default_path()).file.not_asked:
        first = path.split(".")[0]
        if first.endswith("[]"):  # a whole list the questionnaire leaves out (its items' fields are listed)
            data.pop(first.removesuffix("[]"), None)
    return data


def same_answers(path: Path, expected: Path = SAMPLE, drafting: bool = False) -> bool:
    return normal(path, drafting) == normal(expected, drafting)
