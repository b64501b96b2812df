"""The interactive wizard: walk a questionnaire, validate each answer with the model, never lose one.

The engine (`Wizard`) knows the questionnaire, the answers and the file; a `Prompter` knows the
terminal. `TerminalPrompter` asks through questionary; tests drive it with prompt_toolkit pipe input.

Nothing is lost: after every answer the answer file is written atomically, with a progress file
beside it (`answers.yaml.wizard.json`) that lists the questions answered. Ctrl-C or a closed
terminal leaves both, and `dpia wizard --resume answers.yaml` continues from the first unanswered
question. Only a finished run, whose answers validate, removes the progress file; the answer file
then carries no trace of the wizard and passes `dpia validate`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import textwrap
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Literal, Protocol

from pydantic import ValidationError

from dpia.answers import format_path, save
from dpia.fsutil import atomic_write_text
from dpia.labels import Lang, label
from dpia.model import Assessment, MeasureName, Measures, MeasureStatus
from dpia.questionnaire import (
    Asked,
    Condition,
    Localised,
    Question,
    Questionnaire,
    check_value,
    field_at,
    localised_default,
    shape_of,
)

Loc = tuple[str | int, ...]
PROGRESS_FORMAT = 1
# More choices than this do not fit an 80x24 terminal as a list: they are typed, with completion.
MAX_LISTED_CHOICES = 18


def words(key: str, lang: Lang, **values: object) -> str:
    text = label(key, lang, group="Wizard")
    return text.format(**values) if values else text


def progress_path(path: Path) -> Path:
    """The progress file of an unfinished answer file."""
    return path.with_name(path.name + ".wizard.json")


# --------------------------------------------------------------------------------------------------
# Prompts: what the engine asks of a front end


@dataclass
class Prompt:
    kind: Literal["text", "select", "checkbox", "confirm", "complete"]
    message: str
    help: str
    default: Any = None
    # (value, label); a select returns a value, a checkbox a list of values.
    choices: list[tuple[Any, str]] = field(default_factory=list)
    # Returns an error message, or None when the raw answer is acceptable.
    validate: Callable[[Any], str | None] | None = None
    # Where the answer goes and which question it is: for the record, and for tests that drive the wizard.
    loc: Loc = ()
    key: str = ""


class Prompter(Protocol):
    def ask(self, prompt: Prompt) -> Any: ...

    def say(self, text: str) -> None: ...


class _Help:
    """Returned by a prompt when the user asked for help rather than answering."""


HELP = _Help()


class TerminalPrompter:
    """Questionary in a terminal (or on prompt_toolkit pipe input in tests)."""

    def __init__(self, lang: Lang, input: Any = None, output: Any = None) -> None:
        self.lang = lang
        self.io: dict[str, Any] = {key: value for key, value in (("input", input), ("output", output)) if value}
        self.output = output

    def say(self, text: str) -> None:
        from prompt_toolkit import print_formatted_text

        with contextlib.suppress(OSError):  # the terminal is gone; the answers are on disk already
            print_formatted_text(text, output=self.output)

    def ask(self, prompt: Prompt) -> Any:
        while True:
            answer = self._question(prompt).unsafe_ask()
            if isinstance(answer, _Help) or (prompt.kind in ("text", "complete") and str(answer).strip() == "?"):
                self.say(words("help_title", self.lang))
                for line in textwrap.wrap(prompt.help, width=76) or ["-"]:
                    self.say(f"  {line}")
                continue
            return answer

    def _question(self, prompt: Prompt) -> Any:
        import questionary
        from prompt_toolkit.application import get_app
        from prompt_toolkit.filters import Condition
        from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

        lang = self.lang
        hint = words("help_hint", lang)

        def validator(answer: Any) -> bool | str:
            if isinstance(answer, str) and answer.strip() == "?":
                return True
            if prompt.validate is None:
                return True
            error = prompt.validate(answer)
            return True if error is None else error

        if prompt.kind == "text":
            question = questionary.text(
                prompt.message, default=prompt.default or "", validate=validator, instruction=f"({hint})", **self.io
            )
        elif prompt.kind == "complete":
            question = questionary.autocomplete(
                prompt.message,
                choices=[title for _, title in prompt.choices],
                default=prompt.default or "",
                validate=lambda raw: validator(raw if raw.strip() == "?" else _from_title(prompt, raw)),
                match_middle=True,
                **self.io,
            )
        elif prompt.kind == "select":
            values = [value for value, _ in prompt.choices]
            choices = [questionary.Choice(title, value=str(index)) for index, (_, title) in enumerate(prompt.choices)]
            default = str(values.index(prompt.default)) if prompt.default in values else None
            question = questionary.select(
                prompt.message,
                choices=choices,
                default=default,
                use_shortcuts=len(choices) <= 36,
                use_jk_keys=False,
                instruction=f"({words('select_hint', lang)} · {hint})",
                **self.io,
            )
        elif prompt.kind == "checkbox":
            checked = set(prompt.default or [])
            choices = [
                questionary.Choice(title, value=str(index), checked=value in checked)
                for index, (value, title) in enumerate(prompt.choices)
            ]

            def checkbox_validator(indices: list[str]) -> bool | str:
                return validator([prompt.choices[int(index)][0] for index in indices])

            question = questionary.checkbox(
                prompt.message,
                choices=choices,
                validate=checkbox_validator,
                instruction=f"({words('checkbox_hint', lang)} · {hint})",
                **self.io,
            )
        else:
            yes_no = words("confirm_yes_default" if prompt.default else "confirm_no_default", lang)
            question = questionary.confirm(
                prompt.message, default=bool(prompt.default), instruction=f"({yes_no} · {hint}) ", **self.io
            )

        extra = KeyBindings()
        if prompt.kind in ("select", "checkbox", "confirm"):

            @extra.add("?", eager=True)
            def _help(event: Any) -> None:
                event.app.exit(result=HELP)

        elif prompt.default not in (None, ""):
            # A typed answer may hold a "?"; but on a proposed answer left as it is, "?" asks for help
            # (else it would be appended to the default, e.g. "2026-11-29?").
            shown = str(prompt.default)
            untouched = Condition(lambda: get_app().current_buffer.text == shown)

            @extra.add("?", filter=untouched, eager=True)
            def _help_on_default(event: Any) -> None:
                event.app.exit(result=HELP)

        if prompt.kind == "confirm" and lang == "fr":
            # « o » pour oui, as a French speaker types it; questionary knows only y/n.
            @extra.add("o", eager=True)
            @extra.add("O", eager=True)
            def _oui(event: Any) -> None:
                event.app.exit(result=True)

        application = question.application
        application.key_bindings = merge_key_bindings([application.key_bindings, extra])
        return _Mapped(question, prompt)


class _Mapped:
    """A questionary question whose answer is translated back from choice indices to values."""

    def __init__(self, question: Any, prompt: Prompt) -> None:
        self.question, self.prompt = question, prompt

    def unsafe_ask(self) -> Any:
        answer = self.question.unsafe_ask()
        if isinstance(answer, _Help):
            return answer
        if self.prompt.kind == "select":
            return self.prompt.choices[int(answer)][0]
        if self.prompt.kind == "checkbox":
            return [self.prompt.choices[int(index)][0] for index in answer]
        if self.prompt.kind == "complete":
            return _from_title(self.prompt, answer)
        return answer


def _from_title(prompt: Prompt, answer: str) -> Any:
    """A typed choice (its label or its value) as its value; empty as None; anything else as typed."""
    text = answer.strip()
    if not text or text == "?":
        return text or None
    for value, title in prompt.choices:
        if text.casefold() in (title.casefold(), str(value).casefold()):
            return value
    return text


# --------------------------------------------------------------------------------------------------
# Answers as nested data


def get(data: Any, loc: Loc) -> Any:
    for part in loc:
        if isinstance(part, int):
            if not isinstance(data, list) or part >= len(data):
                return None
            data = data[part]
        else:
            if not isinstance(data, dict):
                return None
            data = data.get(part)
    return data


def put(data: dict[str, Any], loc: Loc, value: Any) -> None:
    """Set the value at `loc`, creating parents; None removes the key (the model's default applies)."""
    node: Any = data
    for index, part in enumerate(loc[:-1]):
        following = loc[index + 1]
        if isinstance(part, int):
            node = node[part]
            continue
        if not isinstance(node.get(part), dict | list):
            if value is None:
                return
            node[part] = [] if isinstance(following, int) else {}
        node = node[part]
    last = loc[-1]
    if value is None:
        if isinstance(node, dict):
            node.pop(last, None)
    else:
        node[last] = value


def concrete(path: str, index: int | None) -> Loc:
    """`providers[].name` with index 1 as ('providers', 1, 'name')."""
    loc: list[str | int] = []
    for part in path.split("."):
        if part.endswith("[]"):
            loc += [part[:-2], index if index is not None else 0]
        else:
            loc.append(part)
    return tuple(loc)


def _builtin(value: Any) -> Any:
    """Plain Python values: the YAML reader's string and number subclasses (folded text...) as str and int."""
    if isinstance(value, dict):
        return {str(key): _builtin(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_builtin(item) for item in value]
    for kind in (bool, str, int, float):
        if isinstance(value, kind):
            return kind(value)
    return value


def _quick_yaml(data: dict[str, Any]) -> str:
    """YAML for the file written after every answer: libyaml when present, as it is many times faster.

    The finished file is written by dpia.answers.save, in the project's usual layout.
    """
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)


def _plain_value(value: Any) -> Any:
    """A validated value as the answer file holds it."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain_value(item) for item in value]
    return value


# --------------------------------------------------------------------------------------------------
# The engine


@dataclass
class Progress:
    questionnaire: str
    answered: list[str]

    @classmethod
    def read(cls, path: Path) -> Progress | None:
        try:
            raw = json.loads(progress_path(path).read_text(encoding="utf-8"))
            return cls(questionnaire=str(raw["questionnaire"]), answered=[str(key) for key in raw["answered"]])
        except (OSError, ValueError, KeyError, TypeError):
            return None


class Wizard:
    def __init__(
        self,
        questionnaire: Questionnaire,
        target: Path,
        lang: Lang,
        prompter: Prompter,
        data: dict[str, Any] | None = None,
        answered: Sequence[str] = (),
        editing: bool = False,
    ) -> None:
        """`editing`: the data come from an existing file, so an absent answer means 'no', not 'not asked'."""
        self.editing = editing
        self.questionnaire = questionnaire
        self.target = target
        self.lang = lang
        self.prompter = prompter
        self.data: dict[str, Any] = data if data is not None else {}
        self.answered: list[str] = list(answered)
        self.asked_at: dict[Loc, str] = {}
        self.gated = questionnaire.presence_gated()
        self._pending_section: str | None = None
        self._at: tuple[Loc, str] = ((), "")
        for path, value in questionnaire.file.derived.items():
            put(self.data, concrete(path, None), value)

    # --- saving ------------------------------------------------------------------------------

    def save_progress(self) -> None:
        """The answers so far and the list of questions answered, each file written atomically."""
        if self.target.suffix.lower() == ".json":
            text = json.dumps(self.data, ensure_ascii=False, indent=2) + "\n"
        else:
            comment = words("unfinished_comment", self.lang, path=self.target.name)
            text = f"# {comment}\n" + _quick_yaml(self.data)
        atomic_write_text(self.target, text)
        progress = {
            "format": PROGRESS_FORMAT,
            "questionnaire": str(self.questionnaire.source),
            "questionnaire_sha256": self.questionnaire.sha256,
            "answered": self.answered,
        }
        atomic_write_text(progress_path(self.target), json.dumps(progress, indent=2) + "\n")

    def _done(self, key: str) -> None:
        if key not in self.answered:
            self.answered.append(key)
        self.save_progress()

    # --- walking -----------------------------------------------------------------------------

    def run(self) -> Assessment:
        """Ask every question not yet answered, then insist until the answers validate."""
        self.save_progress()
        while True:
            self._walk()
            assessment, errors = self._validate()
            if assessment is not None:
                return assessment
            self.prompter.say(words("not_valid_yet", self.lang))
            for loc, message in errors:
                self.prompter.say(f"  {format_path(loc) or '-'}: {message}")
            keys = self._keys_for([loc for loc, _ in errors])
            if keys:
                self.prompter.say(words("fix_answers", self.lang))
            else:
                keys = set(self.answered)
            self.answered = [key for key in self.answered if key not in keys]
            self.save_progress()

    def _walk(self) -> None:
        self.asked_at = {}
        for section in self.questionnaire.file.sections:
            self._pending_section = words("section", self.lang, title=section.title(self.lang))
            for question in section.questions:
                asked = Asked(question, question.field)
                if question.type == "group":
                    self._group(asked)
                else:
                    self._question(asked, None, question.id)

    def _announce(self) -> None:
        if self._pending_section:
            self.prompter.say("")
            self.prompter.say(self._pending_section)
            self._pending_section = None

    def _ask(self, prompt: Prompt) -> Any:
        self._announce()
        prompt.loc, prompt.key = self._at
        return self.prompter.ask(prompt)

    def _validate(self) -> tuple[Assessment | None, list[tuple[Loc, str]]]:
        try:
            return Assessment.model_validate(self.data), []
        except ValidationError as error:
            errors = []
            for item in error.errors(include_url=False):
                message = str(item["msg"]).removeprefix("Value error, ")
                errors.append((tuple(item["loc"]), message))
            return None, errors

    def _keys_for(self, locs: list[Loc]) -> set[str]:
        """The questions to ask again for errors at these places: the ones that fill them or lie under them."""
        keys: set[str] = set()
        for loc in locs:
            if not loc:
                continue
            under = {key for place, key in self.asked_at.items() if place[: len(loc)] == loc}
            if under:
                keys |= under
                continue
            for end in range(len(loc) - 1, 0, -1):
                if loc[:end] in self.asked_at:
                    keys.add(self.asked_at[loc[:end]])
                    break
        return keys

    # --- conditions --------------------------------------------------------------------------

    def _holds(self, condition: Condition, prefix: Loc) -> bool:
        if condition.all is not None:
            return all(self._holds(child, prefix) for child in condition.all)
        if condition.any is not None:
            return any(self._holds(child, prefix) for child in condition.any)
        if condition.not_ is not None:
            return not self._holds(condition.not_, prefix)
        assert condition.path is not None
        value = get(self.data, prefix + concrete(condition.path, None))
        if "is_set" in condition.model_fields_set:
            return (value not in (None, [], "")) == condition.is_set
        if "in_" in condition.model_fields_set:
            return value in (condition.in_ or [])
        return bool(value == condition.equals)

    def _applies(self, asked: Asked, index: int | None) -> bool:
        # A question about the inside of an optional object (a measure, the DPO) waits for it to exist.
        parts = asked.path.split(".")
        for end in range(1, len(parts)):
            parent = ".".join(parts[:end])
            if parent in self.gated and get(self.data, concrete(parent, index)) is None:
                return False
        if asked.question.when is None:
            return True
        prefix: Loc = (*concrete(asked.group.path, None), index) if asked.group and index is not None else ()
        return self._holds(asked.question.when, prefix)

    # --- groups ------------------------------------------------------------------------------

    def _group(self, group: Asked) -> None:
        question = group.question
        assert question.questions and question.item and question.add_another
        loc = concrete(group.path, None)
        info = field_at(group.path)
        minimum = max((getattr(meta, "min_length", 0) or 0 for meta in info.metadata), default=0)
        items = get(self.data, loc)
        if not isinstance(items, list):
            items = []
        self.asked_at[loc] = question.id
        if minimum == 0:
            key = f"{question.id}?"
            self._at = (loc, key)
            if key in self.answered:
                wanted = bool(items)
            else:
                default = bool(items) if self.editing else bool(question.default)
                wanted = bool(
                    self._ask(self._confirm(group, question.text(self.lang) if question.text else "", default))
                )
                if not wanted:
                    put(self.data, loc, None)
                self._done(key)
            if not wanted:
                return
        index = 0
        while True:
            items = get(self.data, loc)
            if not isinstance(items, list):
                put(self.data, loc, [])
                items = get(self.data, loc)
            if len(items) <= index:
                items.append({})
            for inner in question.questions:
                asked = Asked(inner, f"{group.path}[].{inner.field}", group)
                self._question(asked, index, f"{question.id}[{index}].{inner.id}")
            key = f"{question.id}[{index}]+"
            self._at = (loc, key)
            if key in self.answered:
                more = len(items) > index + 1
            else:
                more = bool(
                    self._ask(
                        self._confirm(
                            group,
                            self._item_message(group, index, question.add_another(self.lang)),
                            len(items) > index + 1,
                        )
                    )
                )
                if not more:
                    del items[index + 1 :]
                self._done(key)
            if not more:
                return
            index += 1

    def _item_message(self, group: Asked, index: int, text: str) -> str:
        assert group.question.item is not None
        return f"{group.question.item(self.lang)} {index + 1} · {text}"

    def _confirm(self, asked: Asked, message: str, default: bool) -> Prompt:
        return Prompt("confirm", message, self._help(asked), default)

    # --- one question ------------------------------------------------------------------------

    def _help(self, asked: Asked) -> str:
        if asked.question.help:
            return asked.question.help(self.lang)
        return field_at(asked.path).description or ""

    def _question(self, asked: Asked, index: int | None, key: str) -> None:
        question = asked.question
        loc = concrete(asked.path, index)
        self.asked_at[loc] = key
        if key in self.answered:
            return
        if not self._applies(asked, index):
            # A condition that no longer holds takes its stale answer away with it.
            put(self.data, loc, None)
            return
        self._at = (loc, key)
        message = question.text(self.lang) if question.text else ""
        if asked.group is not None and index is not None:
            message = self._item_message(asked.group, index, message)
        current = get(self.data, loc)
        if question.type == "measure":
            self._measure(asked, loc, key)
            return
        shape = asked.shape
        if question.type == "confirm" and shape.kind == "model":
            default = current is not None if self.editing else bool(question.default)
            present = self._ask(self._confirm(asked, message, default))
            if present and current is None:
                put(self.data, loc, {})
            elif not present:
                put(self.data, loc, None)
            self._done(key)
            return
        default = current if current is not None else self._default(question)
        if question.type == "confirm":
            value = bool(self._ask(Prompt("confirm", message, self._help(asked), bool(default))))
        elif question.type == "checkbox":
            assert shape.enum is not None
            value = self._ask(
                Prompt(
                    "checkbox",
                    message,
                    self._help(asked),
                    list(default or []),
                    [(member.value, label(member, self.lang)) for member in shape.enum],
                    lambda answer: self._error(asked, answer),
                )
            )
        elif question.type == "select":
            value = self._select(asked, index, message, default)
            if value is _SKIP:
                self._done(key)
                return
        else:
            value = self._text(asked, index, message, default)
        put(self.data, loc, _plain_value(check_value(asked.path, value)) if value is not None else None)
        self._done(key)

    def _default(self, question: Question) -> Any:
        default = localised_default(question.default, self.lang)
        if question.type == "date" and default == "today":
            return dt.date.today().isoformat()
        return default

    def _required(self, asked: Asked) -> bool:
        info = field_at(asked.path)
        return asked.question.required or (info.is_required() and not shape_of(info).optional)

    def _error(self, asked: Asked, value: Any, index: int | None = None) -> str | None:
        """The model's objection to this answer, or None."""
        if value is None or value == []:
            return words("required", self.lang) if self._required(asked) else None
        try:
            check_value(asked.path, value)
        except ValueError as error:
            return str(error)
        if asked.question.unique and asked.group is not None and index is not None:
            others = get(self.data, concrete(asked.group.path, None)) or []
            name = asked.path.rsplit(".", 1)[-1]
            if any(i != index and isinstance(item, dict) and item.get(name) == value for i, item in enumerate(others)):
                return words("unique", self.lang, value=value)
        return None

    def _text(self, asked: Asked, index: int | None, message: str, default: Any) -> Any:
        separator = asked.question.separator

        def parse(raw: str) -> Any:
            text = raw.strip()
            if separator:
                items = [part.strip() for part in text.split(separator) if part.strip()]
                return items or None
            return text or None

        if isinstance(default, list):
            shown = f"{separator} ".join(str(item) for item in default)
        else:
            shown = "" if default is None else str(default)
        answer = self._ask(
            Prompt(
                "text", message, self._help(asked), shown, validate=lambda raw: self._error(asked, parse(raw), index)
            )
        )
        return parse(answer)

    def _select(self, asked: Asked, index: int | None, message: str, default: Any) -> Any:
        question = asked.question
        shape = asked.shape
        optional = not self._required(asked)
        if question.choices_from:
            group_loc = concrete(asked.group.path, None) if asked.group else None
            choices = [(value, str(value)) for value in self._values_at(question.choices_from, group_loc, index)]
            if not choices:
                if optional:
                    return _SKIP
                return self._text(asked, index, message, default)
        else:
            assert shape.enum is not None
            choices = [(member.value, label(member, self.lang)) for member in shape.enum]
        if optional:
            choices = [(None, words("not_given", self.lang)), *choices]
        values = [value for value, _ in choices]
        if default not in values:
            default = values[0]
        help_text = self._help(asked)
        if len(choices) > MAX_LISTED_CHOICES:
            titles = {value: title for value, title in choices if value is not None}

            def check(value: Any) -> str | None:
                if value is None:
                    return None if optional else words("required", self.lang)
                return None if value in titles else words("not_a_choice", self.lang)

            listed = [(value, title) for value, title in choices if value is not None]
            return self._ask(Prompt("complete", message, help_text, titles.get(default, ""), listed, check))
        return self._ask(Prompt("select", message, help_text, default, choices))

    def _values_at(self, path: str, group_loc: Loc | None, index: int | None) -> Iterator[Any]:
        list_path, _, name = path.partition("[].")
        items = get(self.data, concrete(list_path, None)) or []
        for position, item in enumerate(items):
            if group_loc == concrete(list_path, None) and position == index:
                continue  # an item cannot refer to itself
            if isinstance(item, dict) and item.get(name) not in (None, ""):
                yield item[name]

    def _measure(self, asked: Asked, loc: Loc, key: str) -> None:
        name = asked.path.rsplit(".", 1)[-1]
        title = asked.question.text(self.lang) if asked.question.text else label(MeasureName(name), self.lang)
        help_text = asked.question.help(self.lang) if asked.question.help else Measures.model_fields[name].description
        current = get(self.data, loc)
        status_now = current.get("status") if isinstance(current, dict) else None
        choices = [(None, words("measure_absent", self.lang))] + [
            (status.value, label(status, self.lang)) for status in MeasureStatus
        ]
        if key not in self.answered:
            status = self._ask(Prompt("select", title, help_text or "", status_now, choices))
            if status is None:
                put(self.data, loc, None)
            else:
                put(self.data, (*loc, "status"), status)
            self._done(key)
        described = f"{key}.description"
        if get(self.data, loc) is None or described in self.answered:
            return
        self._at = ((*loc, "description"), described)
        description_path = f"{asked.path}.description"
        help_text = Localised(fr=words("measure_description_help", "fr"), en=words("measure_description_help", "en"))
        description = Asked(
            Question(id=asked.question.id, field=description_path, type="text", help=help_text), description_path
        )
        answer = self._text(
            description,
            None,
            words("measure_description", self.lang),
            get(self.data, (*loc, "description")),
        )
        put(self.data, (*loc, "description"), answer)
        self._done(described)


_SKIP = object()


# --------------------------------------------------------------------------------------------------
# After the last answer


def risk_summary(assessment: Assessment, lang: Lang) -> list[str] | None:
    """The risk levels as a few lines, or None while this version has no scoring."""
    try:
        from dpia.scoring import assess  # type: ignore[attr-defined]
    except ImportError:
        return None
    findings = assess(assessment, lang)
    lines = [words("dpia_required", lang, value=label(findings.dpia_required, lang))]
    for risk in findings.risks:
        lines.append(
            "  "
            + words(
                "risk_line",
                lang,
                risk=label(risk.id, lang),
                initial=label(risk.initial.level, lang),
                residual=label(risk.residual.level, lang),
            )
        )
    lines.append(words("prior_consultation", lang, value=label(findings.prior_consultation, lang)))
    return lines


def build_available() -> bool:
    from dpia.pipeline import FORMATS

    return "docx" in FORMATS


def finish(wizard: Wizard, assessment: Assessment) -> None:
    """Write the validated answers in their final form and drop the progress file."""
    save(assessment, wizard.target)
    progress_path(wizard.target).unlink(missing_ok=True)


def run_wizard(
    target: Path,
    *,
    lang: Lang = "fr",
    questionnaire_path: Path | None = None,
    resume: bool = False,
    input: Any = None,
    output: Any = None,
    prompter: Prompter | None = None,
) -> int:
    """The whole `dpia wizard` run; returns the exit code. Bad files raise InputError (exit 2)."""
    from dpia.answers import read_answers
    from dpia.errors import InputError
    from dpia.questionnaire import default_path, load

    answered: list[str] = []
    if resume:
        progress = Progress.read(target)
        if progress is None or not target.exists():
            message = words("not_resumable", lang, path=target, progress=progress_path(target).name)
            raise InputError.single(str(target), message)
        answered = progress.answered
        recorded = Path(progress.questionnaire)
        # The built-in questionnaire may have moved (a reinstall): then the current one is used.
        questionnaire_path = questionnaire_path or (recorded if recorded.is_file() else None)
    questionnaire = load(questionnaire_path or default_path())
    data: dict[str, Any] = {}
    editing = target.exists()
    if editing:
        data = _builtin(read_answers(target)[0])
    prompter = prompter or TerminalPrompter(lang, input=input, output=output)
    wizard = Wizard(questionnaire, target, lang, prompter, data, answered, editing=editing and not resume)
    prompter.say(words("start", lang, title=questionnaire.file.title(lang)))
    if resume:
        prompter.say(words("resuming", lang))
    elif editing:
        prompter.say(words("editing", lang))
    try:
        assessment = wizard.run()
    except (KeyboardInterrupt, EOFError):
        prompter.say("")
        prompter.say(words("interrupted", lang, path=target))
        prompter.say(words("resume_hint", lang, path=target))
        return 130
    finish(wizard, assessment)
    prompter.say("")
    prompter.say(words("saved", lang, path=target))
    _summary(prompter, assessment, lang, target)
    try:
        _offer_build(prompter, lang, target)
    except (KeyboardInterrupt, EOFError):
        prompter.say(words("build_hint", lang, path=target))
    return 0


def _summary(prompter: Prompter, assessment: Assessment, lang: Lang, target: Path) -> None:
    lines = risk_summary(assessment, lang)
    if lines is None:
        prompter.say(words("summary_unavailable", lang, path=target))
        return
    prompter.say("")
    prompter.say(words("summary_title", lang))
    for line in lines:
        prompter.say(line)


def _offer_build(prompter: Prompter, lang: Lang, target: Path) -> None:
    import subprocess
    import sys

    if not build_available():
        prompter.say(words("build_unavailable", lang))
        return
    if not prompter.ask(Prompt("confirm", words("build_offer", lang), words("build_hint", lang, path=target), True)):
        prompter.say(words("build_hint", lang, path=target))
        return
    # The same command a user would type, so the wizard builds exactly what `dpia build` builds;
    # the user has just said yes to the document, so an earlier one is replaced (--force).
    result = subprocess.run(
        [sys.executable, "-m", "dpia", "build", str(target), "--lang", lang, "--force"], capture_output=True, text=True
    )
    for line in (result.stdout + result.stderr).splitlines():
        prompter.say(line)
