"""The wizard's engine: walk a questionnaire, validate each answer with the model, never lose one.

The engine (`Wizard`) knows the questionnaire, the answers and the file; it asks through a `Prompter`,
which knows the terminal (dpia.wizard.terminal) or, in tests, answers from a script. A prompter
returns the answer, or `BACK` to go back to the previous question.

Nothing is lost: once an answer changes something, the answer file is written atomically after every
answer, with a progress file beside it (`answers.yaml.wizard.json`) that lists the questions answered.
Ctrl-C or a closed terminal leaves both, and `dpia wizard --resume answers.yaml` continues from the
first unanswered question. Only a finished run, whose answers validate, removes the progress file; the
answer file then carries no trace of the wizard and passes `dpia validate`. A run that changed nothing
leaves the file as it was, byte for byte.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Literal, Protocol

from pydantic import ValidationError

from dpia.answers import format_path
from dpia.fsutil import atomic_write_text
from dpia.labels import Lang, label
from dpia.model import Assessment, MeasureName, Measures, MeasureStatus, ProviderService
from dpia.questionnaire import (
    AnswerError,
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
from dpia.wizard.friendly import explain, normalise

Loc = tuple[str | int, ...]
PROGRESS_FORMAT = 1
# More choices than this do not fit an 80x24 terminal as a list: they are typed, with completion.
MAX_LISTED_CHOICES = 18
# A section with this many catalogue measures asks them as two ticked lists (in place, planned).
MEASURE_BATCH = 3


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
    # Where the user is, shown above the question: "Le traitement · 4/41".
    progress: str = ""
    # For a typed choice: the value a typed text stands for (e.g. "aws" for an entry), else None.
    resolve: Callable[[str], Any] | None = None


class _Back:
    """Returned by a prompter when the user asks for the previous question."""

    def __repr__(self) -> str:
        return "BACK"


BACK = _Back()
# What the user types (alone) in a text answer to go back; a key of its own in lists and yes/no.
BACK_KEY = "<"


class Prompter(Protocol):
    def ask(self, prompt: Prompt) -> Any:
        """The answer: a str for text, a value for select and complete, a list for checkbox, a bool for
        confirm; or BACK."""
        ...

    def say(self, text: str) -> None: ...


class _GoBack(Exception):
    """Unwinds the walk to the run loop, which forgets the last answer given and walks again."""


class Abandoned(Exception):
    """The user declined to have the file rewritten: nothing was written."""


def from_title(prompt: Prompt, answer: str) -> Any:
    """A typed choice (its label or its value) as its value; empty as None; anything else as typed."""
    text = answer.strip()
    if not text or text == "?":
        return text or None
    for value, title in prompt.choices:
        if text.casefold() in (title.casefold(), str(value).casefold()):
            return value
    if prompt.resolve is not None:
        found = prompt.resolve(text)
        if found is not None:
            return found
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


# Where an item sits: its index in its list, or one index per list for an item of a list inside an item
# (a provider's technology licensors: (provider, licensor)).
Index = int | tuple[int, ...] | None


def indexes(index: Index) -> tuple[int, ...]:
    if index is None:
        return ()
    return index if isinstance(index, tuple) else (index,)


def concrete(path: str, index: Index) -> Loc:
    """`providers[].name` with index 1 as ('providers', 1, 'name'); with index (1, 0),
    `providers[].affiliates[].name` as ('providers', 1, 'affiliates', 0, 'name')."""
    given = list(indexes(index))
    loc: list[str | int] = []
    for part in path.split("."):
        if part.endswith("[]"):
            loc += [part[:-2], given.pop(0) if given else 0]
        else:
            loc.append(part)
    return tuple(loc)


def item_loc(asked: Asked, index: Index) -> Loc:
    """The item a question inside a group is about, e.g. ('providers', 1); () outside a group."""
    if asked.group is None or index is None:
        return ()
    return concrete(f"{asked.group.path}[]", index)


def builtin(value: Any) -> Any:
    """Plain Python values: the YAML reader's string and number subclasses (folded text...) as str and int."""
    if isinstance(value, dict):
        return {str(key): builtin(item) for key, item in value.items()}
    if isinstance(value, list):
        return [builtin(item) for item in value]
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


def model_default(path: str) -> Any:
    """The value the model gives a field left out, as the answer file would hold it (None if required)."""
    info = field_at(path)
    if info.default_factory is not None:
        return _plain_value(info.default_factory())  # type: ignore[call-arg]
    if info.is_required():
        return None
    return _plain_value(info.default)


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


def press_enter(prompt: Prompt) -> Any:
    """What Enter alone answers to a prompt: the answer it offers."""
    if prompt.kind == "select":
        values = [value for value, _ in prompt.choices]
        return prompt.default if prompt.default in values else (values[0] if values else None)
    if prompt.kind == "checkbox":
        return list(prompt.default or [])
    if prompt.kind == "confirm":
        return bool(prompt.default)
    if prompt.kind == "complete":
        return from_title(prompt, str(prompt.default or ""))
    return "" if prompt.default is None else str(prompt.default)


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
        sections: Sequence[str] = (),
        warn_comments: bool = False,
        written: bool = False,
    ) -> None:
        """`editing`: the data come from an existing file, so an absent answer means 'no', not 'not asked'.
        `sections`: ask only these sections (ids); the others keep their answers as Enter would.
        `warn_comments`: the file holds comments that rewriting it would drop; ask before the first write.
        `written`: the file is already the wizard's own (a resumed run)."""
        self.editing = editing
        self.questionnaire = questionnaire
        self.target = target
        self.lang = lang
        self.prompter = prompter
        self.data: dict[str, Any] = data if data is not None else {}
        self.answered: list[str] = list(answered)
        self.prompted: list[str] = []
        self.asked_at: dict[Loc, str] = {}
        self.gated = questionnaire.presence_gated()
        self.sections: set[str] | None = set(sections) or None
        self.warn_comments = warn_comments
        self.written = written
        self.prompt_count = 0
        # Group items whose facts the user accepted from the knowledge base: item loc -> filled paths.
        self.kb_filled: dict[Loc, set[str]] = {}
        # Whether the user gives the optional details of a part or an item: gate key -> yes/no.
        self.details: dict[str, bool] = {}
        self._section = questionnaire.file.sections[0]
        self._pending_section: str | None = None
        self._at: tuple[Loc, str] = ((), "")
        self._where = ""
        self._asking = True
        # An edited file is compared with what it held; a new one with what is set without asking.
        self.pristine = copy.deepcopy(self.data) if editing else {}
        for path, value in questionnaire.file.derived.items():
            put(self.data, concrete(path, None), value)
        if not editing:
            # A new file's free texts are typed in the wizard's language (see Assessment.language).
            self.data.setdefault("language", lang)
            self.pristine = copy.deepcopy(self.data)

    @property
    def changed(self) -> bool:
        return self.data != self.pristine

    # --- saving ------------------------------------------------------------------------------

    def save_progress(self) -> None:
        """The answers so far and the list of questions answered, each file written atomically.

        Nothing is written until an answer changes something: Enter alone leaves a file as it was."""
        if not self.written:
            if not self.changed:
                return
            if self.warn_comments and not self._ask(
                Prompt("confirm", words("comments_lost", self.lang), words("comments_lost_help", self.lang), True)
            ):
                raise Abandoned
            self.written = True
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
        while True:
            try:
                self._walk()
            except _GoBack:
                self._back()
                continue
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
            self.sections = None  # the questions to fix may lie in any section
            self.answered = [key for key in self.answered if key not in keys]
            self.save_progress()

    def _back(self) -> None:
        """Forget the answer to the last question the user saw, and what was answered after it."""
        if not self.prompted:
            self.prompter.say(words("at_first_question", self.lang))
            return
        last = self.prompted.pop()
        if last in self.answered:
            del self.answered[self.answered.index(last) :]
        self.save_progress()

    def _walk(self) -> None:
        self.asked_at = {}
        sections = self.questionnaire.file.sections
        for part, section in enumerate(sections, start=1):
            title = section.title(self.lang)
            self._where = words("progress", self.lang, title=title, part=part, parts=len(sections))
            self._section = section
            self._asking = self.sections is None or section.id in self.sections
            self._pending_section = words("section", self.lang, title=title) if self._asking else None
            measures = [Asked(question, question.field) for question in section.questions if question.type == "measure"]
            if len(measures) >= MEASURE_BATCH:
                self._measure_batch(section.id, measures)
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
        loc, key = self._at
        prompt.loc, prompt.key = loc, key
        if not self._asking:
            return press_enter(prompt)  # a section left out keeps its answers
        self._announce()
        prompt.progress = self._where
        self.prompt_count += 1
        answer = self.prompter.ask(prompt)
        if answer is BACK:
            raise _GoBack
        if key and (not self.prompted or self.prompted[-1] != key):
            self.prompted.append(key)
        return answer

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
        values = self._values_for(condition.path, prefix)
        if "is_set" in condition.model_fields_set:
            return any(value not in (None, [], "") for value in values) == condition.is_set
        flat = [item for value in values for item in (value if isinstance(value, list) else [value])]
        if "outside" in condition.model_fields_set:
            return any(item not in (condition.outside or []) for item in flat if item is not None)
        if "in_" in condition.model_fields_set:
            return any(value in (condition.in_ or []) for value in values)
        return any(value == condition.equals for value in values)

    def _values_for(self, path: str, prefix: Loc) -> list[Any]:
        """The answers a condition reads: one, or one per item for a path through a list (`providers[].x`).
        An answer left to the model's default reads as that default."""
        if "[]." in path:
            list_path, _, rest = path.partition("[].")
            items = get(self.data, prefix + concrete(list_path, None)) or []
            locs = [(*prefix, *concrete(list_path, None), index, *concrete(rest, None)) for index in range(len(items))]
        else:
            locs = [prefix + concrete(path, None)]
        values = []
        for loc in locs:
            value = get(self.data, loc)
            values.append(_default_at(loc) if value is None else value)
        return values

    def _applies(self, asked: Asked, index: Index) -> bool:
        # A question about the inside of an optional object (a measure, the DPO) waits for it to exist.
        parts = asked.path.split(".")
        for end in range(1, len(parts)):
            parent = ".".join(parts[:end])
            if parent in self.gated and get(self.data, concrete(parent, index)) is None:
                return False
        if asked.question.when is None:
            return True
        prefix = item_loc(asked, index)
        return self._holds(asked.question.when, prefix)

    # --- groups ------------------------------------------------------------------------------

    def _group(self, group: Asked, parent: tuple[int, ...] = (), key_prefix: str = "") -> None:
        """Ask for the items of a list. `parent` and `key_prefix` place a list inside an item of another
        (a provider's technology licensors): the outer item's index and its questions' key."""
        question = group.question
        assert question.questions and question.item and question.add_another
        loc = concrete(group.path, parent)
        outer = loc[: -len(group.question.field.split("."))]  # the item the list belongs to, () at the top
        info = field_at(group.path)
        minimum = max((getattr(meta, "min_length", 0) or 0 for meta in info.metadata), default=0)
        items = get(self.data, loc)
        if not isinstance(items, list):
            items = []
        self.asked_at[loc] = key_prefix + question.id
        if question.editing_only and not self.editing:
            return  # what follows the assessment is recorded when the file is edited again
        if parent and question.field in self.kb_filled.get(outer, set()):
            self._done(f"{key_prefix}{question.id}?")  # the knowledge base gave the list, as the user confirmed
            return
        if question.when is not None and not items and not self._holds(question.when, outer):
            return  # nothing in the earlier answers makes this list possible
        if minimum == 0:
            key = f"{key_prefix}{question.id}?"
            self._at = (loc, key)
            if key in self.answered:
                wanted = bool(items)
            else:
                default = bool(items) if self.editing else bool(question.default)
                message = question.text(self.lang) if question.text else ""
                if parent and group.group is not None:
                    message = self._item_message(group.group, parent, message)  # which provider it is about
                wanted = bool(self._ask(self._confirm(group, message, default)))
                if not wanted and items:
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
            position: Index = (*parent, index) if parent else index
            item_key = f"{key_prefix}{question.id}[{index}]"
            for inner in question.questions:
                asked = Asked(inner, f"{group.path}[].{inner.field}", group)
                if inner.type == "group":
                    self._group(asked, indexes(position), f"{item_key}.")
                else:
                    self._question(asked, position, f"{item_key}.{inner.id}")
            key = f"{item_key}+"
            self._at = (loc, key)
            if key in self.answered:
                more = len(items) > index + 1
            else:
                more = bool(
                    self._ask(
                        self._confirm(
                            group,
                            self._item_message(group, position, question.add_another(self.lang)),
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

    def _item_message(self, group: Asked, index: Index, text: str) -> str:
        """'Provider 2 · ...', or 'Provider 2 · Licensor 1 · ...' for an item of a list inside an item."""
        chain = [group]
        while chain[0].group is not None:
            chain.insert(0, chain[0].group)
        names = []
        for outer, position in zip(chain, indexes(index), strict=False):
            assert outer.question.item is not None
            names.append(f"{outer.question.item(self.lang)} {position + 1}")
        return " · ".join([*names, text])

    def _confirm(self, asked: Asked, message: str, default: bool) -> Prompt:
        return Prompt("confirm", message, self._help(asked), default)

    # --- one question ------------------------------------------------------------------------

    def _help(self, asked: Asked) -> str:
        if asked.question.help:
            return asked.question.help(self.lang)
        return field_at(asked.path).description or ""

    def _question(self, asked: Asked, index: Index, key: str) -> None:
        question = asked.question
        loc = concrete(asked.path, index)
        self.asked_at[loc] = key
        if key in self.answered and question.type != "measure":  # a measure's description may be left
            return
        if question.editing_only and not self.editing:
            return  # what follows the assessment is recorded when the file is edited again
        if not self._applies(asked, index):
            # A condition that no longer holds takes its stale answer away with it; but an answer the
            # edited file gives, under the file's own answers, is the user's word: it stays.
            if not self._as_in_file(asked, index):
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
        if question.type == "knowledge":
            self._knowledge(asked, loc, key, message, current)
            return
        if question.type == "flags":
            self._flags(asked, loc[: len(loc) - len(question.field.split("."))], key, message)
            return
        item: Loc | None = None
        if asked.group is not None and index is not None:
            item = item_loc(asked, index)
        if item is not None and asked.path.rsplit("[].", 1)[1] in self.kb_filled.get(item, set()):
            self._done(key)  # answered by the knowledge base, as the user confirmed
            return
        if question.detail and not self._details_wanted(asked, index):
            return  # the user gives no details here: the file keeps whatever it holds
        if question.same_as and item is not None and self._same_as(asked, item, index):
            self._done(key)
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
        default = current if current is not None else self._default(asked, index)
        if current is None and self._left_out(asked, loc):
            default = model_default(asked.path)  # an edited file that leaves a field out means the model's default
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
        value = _plain_value(check_value(asked.path, value)) if value is not None else None
        if current is None and value == model_default(asked.path):
            pass  # an answer the model takes by default stays unwritten, as it was
        elif current is None and self._unknown_kept(
            asked, loc, value == (bool(default) if question.type == "confirm" else default)
        ):
            pass  # Enter on a yes/no the edited file leaves unanswered keeps it unanswered (still missing)
        else:
            put(self.data, loc, value)
        self._done(key)

    def _as_in_file(self, asked: Asked, index: Index) -> bool:
        """Editing, and the answers this question's condition reads are still those of the file."""
        if not self.editing or asked.question.when is None:
            return False
        prefix = item_loc(asked, index)
        return all(
            get(self.data, prefix + concrete(path, None)) == get(self.pristine, prefix + concrete(path, None))
            for path in asked.question.when.paths()
        )

    def _unknown_kept(self, asked: Asked, loc: Loc, as_offered: bool, path: str | None = None) -> bool:
        """A yes/no whose model default is "unknown" (None), left out of the edited file and answered as
        offered: writing the offered "no" would turn silence into an answer the author never gave."""
        path = path or asked.path
        return (
            as_offered
            and self._left_out(asked, loc)
            and model_default(path) is None
            and not field_at(path).is_required()
        )

    def _left_out(self, asked: Asked, loc: Loc) -> bool:
        """The edited file has the object this field belongs to, without the field: the model's default holds."""
        if not self.editing or field_at(asked.path).is_required():
            return False
        # An item added during this run is new: its questions offer the questionnaire's defaults.
        return all(
            get(self.pristine, loc[: end + 1]) is not None for end, part in enumerate(loc) if isinstance(part, int)
        )

    def _default(self, asked: Asked, index: Index) -> Any:
        """The answer offered to a question the file does not answer: one that fits the earlier answers."""
        question = asked.question
        if question.default_from:
            earlier = get(self.data, concrete(question.default_from, None))
            if earlier not in (None, "", []):
                return earlier
        prefix = item_loc(asked, index)
        for conditional in question.defaults or []:
            if self._holds(conditional.when, prefix):
                return localised_default(conditional.value, self.lang)
        default = localised_default(question.default, self.lang)
        if question.type == "date" and default == "today":
            return dt.date.today().isoformat()
        return default

    def _required(self, asked: Asked) -> bool:
        info = field_at(asked.path)
        return asked.question.required or (info.is_required() and not shape_of(info).optional)

    def _error(self, asked: Asked, value: Any, index: Index = None) -> str | None:
        """The model's objection to this answer, or None."""
        if value is None or value == []:
            return words("required", self.lang) if self._required(asked) else None
        try:
            check_value(asked.path, value)
        except AnswerError as error:
            return explain(error.detail, self.lang, asked.path)
        if asked.question.unique and asked.group is not None and index is not None:
            others = get(self.data, concrete(asked.group.path, index)) or []
            name = asked.path.rsplit(".", 1)[-1]
            position = indexes(index)[-1]
            if any(
                i != position and isinstance(item, dict) and item.get(name) == value for i, item in enumerate(others)
            ):
                return words("unique", self.lang, value=value)
        return None

    def _text(self, asked: Asked, index: Index, message: str, default: Any) -> Any:
        separator = asked.question.separator

        def parse(raw: str) -> Any:
            text = raw.strip()
            if separator:
                items = [normalise(asked.path, part.strip(), self.lang) for part in text.split(separator)]
                return [item for item in items if item] or None
            return normalise(asked.path, text, self.lang) or None

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

    def _select(self, asked: Asked, index: Index, message: str, default: Any) -> Any:
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
        elif shape.kind == "bool":
            choices = [(True, label(True, self.lang)), (False, label(False, self.lang))]
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

    def _values_at(self, path: str, group_loc: Loc | None, index: Index) -> Iterator[Any]:
        list_path, _, name = path.partition("[].")
        items = get(self.data, concrete(list_path, None)) or []
        for position, item in enumerate(items):
            if group_loc == concrete(list_path, None) and (position,) == indexes(index):
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
        how = Localised(fr=words("measure_description_help", "fr"), en=words("measure_description_help", "en"))
        description = Asked(
            Question.model_validate({"id": asked.question.id, "field": description_path, "type": "text", "help": how}),
            description_path,
        )
        answer = self._text(
            description,
            None,
            words("measure_description", self.lang),
            get(self.data, (*loc, "description")),
        )
        put(self.data, (*loc, "description"), answer)
        self._done(described)

    def _flags(self, asked: Asked, item: Loc, key: str, message: str) -> None:
        """Several yes/no fields as one ticked list: a ticked line is yes."""
        flags = asked.question.flags or []
        base = asked.path[: len(asked.path) - len(asked.question.field)]
        ticked_now = []
        for flag in flags:
            loc = (*item, *flag.field.split("."))
            self.asked_at[loc] = key
            value = get(self.data, loc)
            if value is None:
                value = model_default(base + flag.field) if self._left_out(asked, loc) else flag.default
            if value:
                ticked_now.append(flag.field)
        if key in self.answered:
            return
        self._at = (item, key)
        choices = [(flag.field, flag.text(self.lang)) for flag in flags]
        ticked = self._ask(Prompt("checkbox", message, self._help(asked), ticked_now, choices))
        for flag in flags:
            loc = (*item, *flag.field.split("."))
            value = flag.field in ticked
            if get(self.data, loc) is None and value == model_default(base + flag.field):
                continue  # the model's default: left unwritten, as it was
            if get(self.data, loc) is None and self._unknown_kept(asked, loc, not value, base + flag.field):
                continue  # left unticked and unanswered in the edited file: it stays unanswered
            put(self.data, loc, value)
        self._done(key)

    def _measure_batch(self, section: str, measures: list[Asked]) -> None:
        """The catalogue measures as two ticked lists (in place, then planned), then whether to describe them."""
        names = {asked.path.rsplit(".", 1)[-1]: asked for asked in measures}
        status = {
            name: (get(self.data, concrete(asked.path, None)) or {}).get("status") for name, asked in names.items()
        }
        keys = [f"{section}:implemented", f"{section}:planned", f"{section}:describe"]
        for asked in measures:
            self.asked_at[concrete(asked.path, None)] = keys[0]
        if keys[0] not in self.answered or keys[1] not in self.answered:
            choices = [(name, label(MeasureName(name), self.lang)) for name in names]
            help_text = words("measures_help", self.lang)
            self._at = (("measures",), keys[0])
            implemented = self._ask(
                Prompt(
                    "checkbox",
                    words("measures_implemented", self.lang),
                    help_text,
                    [name for name in names if status[name] == "implemented"],
                    choices,
                )
            )
            rest = [(name, title) for name, title in choices if name not in implemented]
            self._at = (("measures",), keys[1])
            planned = self._ask(
                Prompt(
                    "checkbox",
                    words("measures_planned", self.lang),
                    help_text,
                    [name for name, _ in rest if status[name] == "planned"],
                    rest,
                )
            )
            for name, asked in names.items():
                loc = concrete(asked.path, None)
                wanted = "implemented" if name in implemented else "planned" if name in planned else None
                if wanted is None:
                    put(self.data, loc, None)
                elif wanted != status[name]:
                    put(self.data, (*loc, "status"), wanted)
                if asked.question.id not in self.answered:
                    self.answered.append(asked.question.id)  # its status is answered here
            self._done(keys[0])
            self._done(keys[1])
        if keys[2] in self.answered:
            return
        present = [asked for asked in measures if get(self.data, concrete(asked.path, None)) is not None]
        describe = False
        if present:
            self._at = (("measures",), keys[2])
            describe = bool(
                self._ask(
                    Prompt(
                        "confirm",
                        words("measures_describe", self.lang, count=len(present)),
                        words("measure_description_help", self.lang),
                        False,
                    )
                )
            )
        for asked in measures:
            if not describe and f"{asked.question.id}.description" not in self.answered:
                self.answered.append(f"{asked.question.id}.description")
        self._done(keys[2])

    def _details_wanted(self, asked: Asked, index: Index) -> bool:
        """Ask once per part (or item) whether to give its optional details, when it has two or more."""
        if asked.group is not None and asked.group.question.questions is not None:
            siblings = asked.group.question.questions
            scope = f"{asked.group.question.id}[{index}]"
            prefix = concrete(f"{asked.group.path}[]", index if index is not None else 0)
        else:
            siblings = self._section.questions
            scope, prefix = self._section.id, ()
        details = [question for question in siblings if question.detail]
        if len(details) < 2:
            return True
        gate = f"{scope}:details"
        if gate in self.answered:
            return self.details.get(gate, False)
        given = [question for question in details if get(self.data, (*prefix, *question.field.split("."))) is not None]
        asking = self._at
        self._at = (prefix, gate)
        names = _listed([_short(question.text(self.lang)) for question in details if question.text], self.lang)
        if self._asking:
            self.prompter.say(words("details_list", self.lang, names=names))
        wanted = bool(
            self._ask(
                Prompt(
                    "confirm",
                    words("details_gate", self.lang, count=len(details)),
                    words("details_help", self.lang),
                    bool(given),
                )
            )
        )
        self.details[gate] = wanted
        self._done(gate)
        self._at = asking  # back to the question that led here
        return wanted

    def _same_as(self, asked: Asked, item: Loc, index: Index) -> bool:
        """Offer once the earlier answer (e.g. the storage countries) for every question that names it;
        True when the user took it, so this question is answered."""
        assert asked.group is not None and asked.group.question.questions is not None
        source = asked.question.same_as or ""
        gate = f"{asked.group.question.id}[{index}]:same_as:{source}"
        if gate in self.answered:
            return self.details.get(gate, False)
        value = get(self.data, (*item, *source.split(".")))
        if value in (None, "", []):
            return False
        siblings = [question for question in asked.group.question.questions if question.same_as == source]
        current = [get(self.data, (*item, *question.field.split("."))) for question in siblings]
        existing = self.editing and get(self.pristine, item) is not None
        asking = self._at
        self._at = (item, gate)
        shown = ", ".join(str(part) for part in value) if isinstance(value, list) else str(value)
        names = _listed([_short(question.text(self.lang)) for question in siblings if question.text], self.lang)
        origin = next((q for q in asked.group.question.questions if q.field == source and q.text), None)
        source_name = _short(origin.text(self.lang)) if origin and origin.text else source
        same = bool(
            self._ask(
                Prompt(
                    "confirm",
                    words("same_as", self.lang, value=shown, count=len(siblings)),
                    words("same_as_help", self.lang, names=names, source=source_name),
                    # An item of the edited file offers 'same' only if it says so; a new item offers it.
                    all(answer == value or (answer is None and not existing) for answer in current),
                )
            )
        )
        if same:
            for question in siblings:
                put(self.data, (*item, *question.field.split(".")), copy.deepcopy(value))
        self.details[gate] = same
        self._done(gate)
        self._at = asking
        return same

    def _as_of(self) -> dt.date:
        """The date the assessment speaks for: the knowledge base's facts must hold then."""
        try:
            return dt.date.fromisoformat(str(self.data.get("date")))
        except ValueError:
            return dt.date.today()

    def _knowledge(self, asked: Asked, loc: Loc, key: str, message: str, current: Any) -> None:
        """Offer the knowledge base's entries; a new pick pre-fills the provider's facts to confirm."""
        from dpia.providers import shipped

        base = shipped()
        choices: list[tuple[Any, str]] = [(entry.id, entry.name) for entry in base.providers]

        def resolve(text: str) -> str | None:
            found = base.search(text)
            return found[0].id if found else None

        def check(value: Any) -> str | None:
            if value is None or base.get(str(value)) is not None:
                return None
            return words("not_a_choice", self.lang)

        titles = dict(choices)
        shown = titles.get(current, "") if isinstance(current, str) else ""
        picked = self._ask(Prompt("complete", message, self._help(asked), shown, choices, check, resolve=resolve))
        item = loc[:-1]
        if picked == current or picked is None:
            if picked is None and current is not None:
                put(self.data, loc, None)  # the user cleared it: no longer taken from the base
            self._done(key)
            return
        entry = base.get(str(picked))
        assert entry is not None
        as_of = self._as_of()
        facts = entry.facts_at(as_of)
        if len(entry.services) == 1:
            facts["service"] = entry.services[0].value  # the base knows what this provider does
        put(self.data, loc, entry.id)
        filled = set()
        for path, value in _flatten(facts):
            put(self.data, (*item, *path.split(".")), value)
            filled.add(path)
        self._show_facts(entry, as_of, facts)
        self._done(key)
        self._at = (loc, f"{key}.confirm")
        keep = self._ask(
            Prompt(
                "confirm", words("kb_confirm", self.lang, count=len(filled)), words("kb_confirm_help", self.lang), True
            )
        )
        if keep:
            self.kb_filled[item] = filled
            # Recorded as answered, so that a resumed run does not ask them again.
            group = asked.group
            if group is not None and group.question.questions and isinstance(item[-1], int):
                for inner in group.question.questions:
                    if inner.field in filled:
                        self._done(f"{group.question.id}[{item[-1]}].{inner.id}")
        else:
            self.kb_filled.pop(item, None)

    def _show_facts(self, entry: Any, as_of: dt.date, facts: dict[str, Any]) -> None:
        """The facts about to be taken, each with whether a source confirms it."""
        from dpia.providers.show import shown_value

        colon = " : " if self.lang == "fr" else ": "
        self.prompter.say(words("kb_filled", self.lang, name=entry.name, date=as_of.isoformat()))
        for name, fact in entry.facts():
            if not fact.holds_at(as_of) or fact.value is None:
                continue
            line = f"  {label(f'fact_{name}', self.lang, 'Providers')}{colon}{shown_value(fact.value, self.lang)}"
            if fact.unverified:
                line += f"  ({words('kb_unverified', self.lang)})"
            self.prompter.say(line)
        if "service" in facts:
            service = label(ProviderService(facts["service"]), self.lang)
            self.prompter.say(f"  {label('fact_service', self.lang, 'Providers')}{colon}{service}")
        later = [name for name, fact in entry.facts() if not fact.holds_at(as_of) or fact.value is None]
        if later:
            names = ", ".join(label(f"fact_{name}", self.lang, "Providers") for name in later)
            self.prompter.say("  " + words("kb_not_at_date", self.lang, facts=names))
        if entry.stale_at(as_of):
            self.prompter.say(words("kb_stale", self.lang, date=entry.reviewed.isoformat()))


def _default_at(loc: Loc) -> Any:
    """The model's default for the field at `loc` (('providers', 0, 'country') is providers[].country)."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += "[]"
        else:
            path += f".{part}" if path else part
    try:
        return model_default(path)
    except KeyError:
        return None


def _listed(items: list[str], lang: Lang) -> str:
    """Items separated as the language writes a list of phrases ("a ; b" in French)."""
    return (" ; " if lang == "fr" else "; ").join(items)


def _short(text: str) -> str:
    """A question's text without what follows in brackets ("(optional)", "(separated by ;)"), for a list."""
    return text.split(" (", 1)[0]


def _flatten(values: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for name, value in values.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", value


_SKIP = object()
