"""Questionnaire files: the questions the wizard asks, as data, checked against the assessment model.

A questionnaire (questionnaires/*.yaml) lists sections of questions. Each question names the model
field it fills with a dotted path into `Assessment` (`processing.controller.country`); inside a
repeated group (`providers`, `data`, ...) paths are relative to one item. Choices are never written in
the questionnaire: they come from the field's enumeration and their labels from dpia.labels. Help
defaults to the field's own description, so the model stays the single source of truth.

Loading checks everything that can be checked before the first question is asked: unknown keys,
unknown field paths, a type that does not fit its field, defaults the model would refuse, conditions
on unknown fields, and required model fields that no question fills. Each problem is located in the
questionnaire file (FILE:LINE:COL).
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator
from pydantic.fields import FieldInfo

from dpia.errors import InputError, Problem
from dpia.model import Assessment, Measure

FORMAT = 1
DEFAULT_QUESTIONNAIRE = "vaccination-booking.yaml"

Kind = Literal["text", "select", "checkbox", "confirm", "number", "date", "group", "measure", "knowledge", "flags"]
Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Localised(_Strict):
    """A wording in both languages the tool speaks."""

    # A wording of blanks shows the user nothing: stripped first, it is refused as empty.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, str_strip_whitespace=True)

    fr: str = Field(min_length=1, description="French wording (the CNIL works in French).")
    en: str = Field(min_length=1, description="English wording.")

    def __call__(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


class Condition(_Strict):
    """A test on earlier answers. Give `path` with one of equals / in / is_set, or combine with all / any / not."""

    path: str | None = Field(None, description="Field path of an earlier answer; relative to the item inside a group.")
    equals: Any = Field(None, description="True when the answer equals this value.")
    in_: list[Any] | None = Field(None, alias="in", description="True when the answer is one of these values.")
    is_set: bool | None = Field(None, description="True when the answer is given (or, with false, when it is not).")
    outside: list[Any] | None = Field(
        None,
        description="True when the answer, or one of its values, is not one of these (e.g. a country outside "
        "the EEA). A path through a list (`providers[].storage_countries`) reads every item.",
    )
    all: list[Condition] | None = Field(None, description="True when every condition holds.")
    any: list[Condition] | None = Field(None, description="True when at least one condition holds.")
    not_: Condition | None = Field(None, alias="not", description="True when this condition does not hold.")

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        tests = [name for name in ("equals", "in_", "is_set", "outside") if name in self.model_fields_set]
        combinators = [name for name in ("all", "any", "not_") if name in self.model_fields_set]
        if self.path is not None:
            if len(tests) != 1 or combinators:
                raise ValueError("a condition with `path` needs exactly one of `equals`, `in`, `is_set`, `outside`")
        elif len(combinators) != 1 or tests:
            raise ValueError("give `path` with a test, or exactly one of `all`, `any`, `not`")
        return self

    def paths(self) -> Iterator[str]:
        if self.path is not None:
            yield self.path
        for child in [*(self.all or []), *(self.any or []), *([self.not_] if self.not_ else [])]:
            yield from child.paths()


class Flag(_Strict):
    """One yes/no field of a `flags` question: a line to tick."""

    field: str = Field(min_length=1, description="The yes/no field it fills (relative inside a group).")
    text: Localised = Field(description="The line shown, in fr and en.")
    default: bool = Field(False, description="Ticked when the file has no answer.")


class ConditionalDefault(_Strict):
    """A default offered when earlier answers say it fits (e.g. a local scope for a city's centre)."""

    when: Condition = Field(description="When it applies (paths relative to the item inside a group).")
    value: Any = Field(description="The answer offered.")


class Question(_Strict):
    id: Identifier = Field(description="Stable identifier, unique in the questionnaire; progress files use it.")
    field: str = Field(
        min_length=1,
        description="The model field it fills: a dotted path into the assessment (relative inside a group).",
    )
    type: Kind = Field(description="How it is asked.")
    text: Localised | None = Field(
        None, description="The question. Only `measure` questions may omit it (the measure's catalogue name)."
    )
    help: Localised | None = Field(None, description="Help shown on `?`; defaults to the field's description.")
    default: Any = Field(None, description="Answer offered when the file has none (`today` for a date).")
    when: Condition | None = Field(None, description="Ask only when this holds.")
    defaults: list[ConditionalDefault] | None = Field(
        None, description="Defaults that fit earlier answers, the first that holds wins; `default` otherwise."
    )
    default_from: str | None = Field(
        None, description="Offer the earlier answer at this (absolute) field path when there is one."
    )
    same_as: str | None = Field(
        None,
        description="Inside a group: a field answered earlier in the item; the questions with the same "
        "`same_as` are first offered its answer, all at once ('the same countries as storage?').",
    )
    required: bool = Field(False, description="Refuse an empty answer even though the model allows one.")
    editing_only: bool = Field(
        False,
        description="Asked only when editing an existing answer file: what follows the assessment (the "
        "controller's decision, the version history) is not asked while writing the first draft.",
    )
    detail: bool = Field(
        False,
        description="An optional detail: the details of a part (or of an item) are asked only if the user "
        "wants to give them, in one question, when there are two or more.",
    )
    separator: str | None = Field(
        None, min_length=1, max_length=1, description="For a text answer filling a list: what separates entries."
    )
    choices_from: str | None = Field(
        None,
        description="For a select filling a text field: offer the earlier answers at this path (e.g. providers[].name).",
    )
    unique: bool = Field(False, description="Inside a group: the answer must differ from the other items'.")
    item: Localised | None = Field(None, description="For a group: what one item is called, e.g. Provider.")
    add_another: Localised | None = Field(None, description="For a group: the 'add another?' question.")
    questions: list[Question] | None = Field(None, description="For a group: the questions about one item.")
    flags: list[Flag] | None = Field(
        None,
        description="For `flags`: yes/no fields asked as one ticked list; `field` is the first of them.",
    )


class Section(_Strict):
    id: Identifier
    title: Localised
    questions: list[Question] = Field(min_length=1)


class QuestionnaireFile(_Strict):
    """The questionnaire file format (questionnaires/questionnaire.schema.json is generated from it)."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        title="dpia questionnaire",
        json_schema_extra={"$id": "https://dpia.invalid/schema/questionnaire-1.json"},
    )

    format: Literal[1] = Field(description="Version of the questionnaire format. Write 1.")
    id: Identifier = Field(description="Identifier of the questionnaire.")
    title: Localised
    derived: dict[str, Any] = Field(
        default_factory=dict, description="Fields set without asking, with their value (e.g. schema_version)."
    )
    not_asked: dict[str, str] = Field(
        default_factory=dict,
        description="Optional fields deliberately not asked, each with the reason (they keep the model's default).",
    )
    sections: list[Section] = Field(min_length=1)


def json_schema() -> dict[str, Any]:
    schema = QuestionnaireFile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


# --------------------------------------------------------------------------------------------------
# What a field of the model is, seen from a question


@dataclass(frozen=True)
class Shape:
    """A model field reduced to what asking it needs."""

    kind: Literal["text", "text_list", "enum", "enum_list", "bool", "int", "date", "model", "model_list", "literal"]
    optional: bool
    enum: type[Enum] | None = None
    model: type[BaseModel] | None = None


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The annotation without Annotated and None, and whether None was allowed."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            if len(args) != 1:
                return annotation, optional
            annotation = args[0]
        else:
            return annotation, optional


def shape_of(info: FieldInfo) -> Shape:
    annotation, optional = _unwrap(info.annotation)
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return Shape("literal", optional)
    if origin is list:
        item, _ = _unwrap(typing.get_args(annotation)[0])
        if isinstance(item, type) and issubclass(item, BaseModel):
            return Shape("model_list", optional, model=item)
        if isinstance(item, type) and issubclass(item, Enum):
            return Shape("enum_list", optional, enum=item)
        return Shape("text_list", optional)
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return Shape("model", optional, model=annotation)
        if issubclass(annotation, Enum):
            return Shape("enum", optional, enum=annotation)
        if issubclass(annotation, bool):
            return Shape("bool", optional)
        if issubclass(annotation, int):
            return Shape("int", optional)
        if issubclass(annotation, dt.date):
            return Shape("date", optional)
    return Shape("text", optional)


def split_path(path: str) -> list[tuple[str, bool]]:
    """`providers[].certifications.hds` as [('providers', True), ('certifications', False), ('hds', False)]."""
    return [(part.removesuffix("[]"), part.endswith("[]")) for part in path.split(".")]


def field_at(path: str, root: type[BaseModel] = Assessment) -> FieldInfo:
    """The model field at `path`; `[]` after a list field steps into its items. Raises KeyError."""
    model: type[BaseModel] | None = root
    info: FieldInfo | None = None
    parts = split_path(path)
    for index, (name, into_items) in enumerate(parts):
        if model is None or name not in model.model_fields:
            raise KeyError(path)
        info = model.model_fields[name]
        shape = shape_of(info)
        if into_items and shape.kind != "model_list":
            raise KeyError(path)
        last = index == len(parts) - 1
        if not last and not into_items and shape.kind != "model":
            raise KeyError(path)
        model = shape.model
    assert info is not None
    return info


@cache
def _adapter(path: str) -> TypeAdapter[Any]:
    info = field_at(path)
    annotation: Any = info.annotation
    if info.metadata:
        annotation = Annotated[annotation, *info.metadata]
    return TypeAdapter(annotation)


class AnswerError(ValueError):
    """The model refuses a value; `detail` is pydantic's description of why (type, ctx, msg, input)."""

    def __init__(self, message: str, detail: Mapping[str, Any]) -> None:
        super().__init__(message)
        self.detail = detail


def check_value(path: str, value: Any) -> Any:
    """The value as the model would accept it at `path`, or AnswerError with the model's own message."""
    try:
        return _adapter(path).validate_python(value)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        message = str(first["msg"]).removeprefix("Value error, ")
        where = ".".join(str(part) for part in first["loc"])
        raise AnswerError(f"{where}: {message}" if where and not where.isdigit() else message, first) from None


def model_leaves(model: type[BaseModel] = Assessment, prefix: str = "") -> Iterator[str]:
    """Every field path that holds a value rather than an object, in model order."""
    for name, info in model.model_fields.items():
        shape = shape_of(info)
        path = f"{prefix}{name}"
        if shape.kind == "model":
            assert shape.model is not None
            yield from model_leaves(shape.model, f"{path}.")
        elif shape.kind == "model_list":
            assert shape.model is not None
            yield from model_leaves(shape.model, f"{path}[].")
        else:
            yield path


# --------------------------------------------------------------------------------------------------
# The loaded questionnaire


@dataclass(frozen=True)
class Asked:
    """A question with the absolute path of the field it fills and the group it belongs to, if any."""

    question: Question
    path: str
    group: Asked | None = None

    @property
    def shape(self) -> Shape:
        return shape_of(field_at(self.path))


@dataclass(frozen=True)
class Questionnaire:
    file: QuestionnaireFile
    source: Path
    sha256: str

    @property
    def id(self) -> str:
        return self.file.id

    def walk(self) -> Iterator[Asked]:
        """Every question, groups' inner questions included, in the order they are asked."""
        for section in self.file.sections:
            for question in section.questions:
                yield from _walk(question, "", None)

    def covered(self) -> set[str]:
        """Field paths that a question fills, or that are derived or deliberately left out."""
        paths = set(self.file.derived) | set(self.file.not_asked)
        for asked in self.walk():
            paths.add(asked.path)
            if asked.question.type == "measure":
                paths |= {f"{asked.path}.status", f"{asked.path}.description"}
            prefix = asked.path[: len(asked.path) - len(asked.question.field)]
            paths |= {prefix + flag.field for flag in asked.question.flags or []}
        return paths

    def unaccounted(self) -> list[str]:
        """Model fields that the questionnaire neither asks, derives nor lists as not asked."""
        covered = self.covered()
        return [path for path in model_leaves() if path not in covered]

    def presence_gated(self) -> set[str]:
        """Optional objects whose presence a question decides (a confirm on the object, or a measure)."""
        return {
            asked.path
            for asked in self.walk()
            if asked.question.type == "measure" or (asked.question.type == "confirm" and asked.shape.kind == "model")
        }


def _walk(question: Question, prefix: str, group: Asked | None) -> Iterator[Asked]:
    asked = Asked(question, prefix + question.field, group)
    yield asked
    if question.type == "group":
        for inner in question.questions or []:
            yield from _walk(inner, f"{asked.path}[].", asked)


# --------------------------------------------------------------------------------------------------
# Loading, with located errors

_FITS: dict[str, set[str]] = {
    "text": {"text", "text_list"},
    "select": {"enum", "text", "bool"},  # a yes/no that may stay unstated: not given, yes, no
    "checkbox": {"enum_list"},
    "confirm": {"bool", "model"},
    "number": {"int"},
    "date": {"date"},
    "group": {"model_list"},
    "measure": {"model"},
    "knowledge": {"text"},
    "flags": {"bool"},
}


def _format(loc: Sequence[Any]) -> str:
    from dpia.answers import format_path

    return format_path(loc)


def _located(
    file: str, locator: Mapping[tuple[Any, ...], tuple[int, int]], loc: Sequence[Any], message: str
) -> Problem:
    for end in range(len(loc), -1, -1):
        if tuple(loc[:end]) in locator:
            line, column = locator[tuple(loc[:end])]
            return Problem(file, message, line, column, _format(loc))
    return Problem(file, message, path=_format(loc))


def _schema_problems(
    error: ValidationError, file: str, locator: Mapping[tuple[Any, ...], tuple[int, int]]
) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        if item["type"] == "extra_forbidden":
            key_position = locator.get((*loc, "<key>"))
            message = f"unknown key {loc[-1]!r}"
            if key_position:
                problems.append(Problem(file, message, *key_position, path=_format(loc)))
                continue
        elif item["type"] == "missing":
            message = "required key is missing"
        else:
            message = str(item["msg"]).removeprefix("Value error, ")
        problems.append(_located(file, locator, loc, message))
    return problems


def _check_question(
    question: Question, prefix: str, loc: tuple[Any, ...], ids: dict[str, tuple[Any, ...]], in_group: bool
) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Semantic problems of one question, as (location, message)."""
    if question.id in ids:
        yield (
            (*loc, "id"),
            f"question id {question.id!r} is used twice (first at {'.'.join(map(str, ids[question.id]))})",
        )
    ids.setdefault(question.id, loc)
    path = prefix + question.field
    try:
        shape = shape_of(field_at(path))
    except KeyError:
        yield (*loc, "field"), f"{path!r} is not a field of the assessment model (see `dpia schema`)"
        return
    if shape.kind not in _FITS[question.type] or (
        question.type == "text" and shape.kind == "text_list" and not question.separator
    ):
        wanted = "a list: give a `separator`" if shape.kind == "text_list" else f"a {shape.kind} field"
        yield (*loc, "type"), f"type {question.type!r} cannot fill {path!r}, which is {wanted}"
        return
    if question.type == "measure" and not (shape.model and issubclass(shape.model, Measure) and shape.optional):
        yield (*loc, "type"), f"type 'measure' fills an optional catalogue measure; {path!r} is not one"
    if question.type == "flags":
        if not question.flags or question.flags[0].field != question.field:
            yield (*loc, "flags"), "a `flags` question lists its yes/no fields in `flags`, the first being `field`"
        for f, flag in enumerate(question.flags or []):
            try:
                flag_shape = shape_of(field_at(prefix + flag.field))
            except KeyError:
                yield (*loc, "flags", f, "field"), f"{prefix + flag.field!r} is not a field of the assessment model"
                continue
            if flag_shape.kind != "bool":
                yield (*loc, "flags", f, "field"), f"{prefix + flag.field!r} is not a yes/no field"
    elif question.flags:
        yield (*loc, "flags"), "only a `flags` question has `flags`"
    if question.type == "knowledge" and not (in_group and path.endswith("[].kb")):
        yield (*loc, "type"), "type 'knowledge' offers the provider knowledge base: it fills `kb` in a group"
    if question.type == "select" and shape.kind == "text" and not question.choices_from:
        yield (*loc, "type"), f"a select on the text field {path!r} needs `choices_from`"
    if question.text is None and question.type != "measure":
        yield (*loc, "text"), "every question but a measure needs its `text` in fr and en"
    if question.type == "group":
        if prefix.count("[]") >= 2:
            yield (*loc, "type"), "a list inside an item's list cannot hold another list (two levels at most)"
        if not question.questions or not question.add_another or not question.item:
            yield loc, "a group needs `item`, `add_another` and `questions`"
    elif question.questions or question.add_another or question.item:
        yield loc, "only a group has `item`, `add_another` and `questions`"
    if question.unique and not in_group:
        yield (*loc, "unique"), "`unique` only makes sense inside a group"
    if question.choices_from:
        try:
            field_at(question.choices_from)
        except KeyError:
            yield (*loc, "choices_from"), f"{question.choices_from!r} is not a field of the assessment model"
    for conditional in question.defaults or []:
        for when_path in conditional.when.paths():
            try:
                field_at(prefix + when_path)
            except KeyError:
                yield (
                    (*loc, "defaults"),
                    f"the condition reads {prefix + when_path!r}, which is not a field of the model",
                )
        try:
            check_value(path, conditional.value)
        except ValueError as error:
            yield (*loc, "defaults"), f"the model refuses this default: {error}"
    if question.same_as:
        try:
            field_at(prefix + question.same_as)
        except KeyError:
            yield (*loc, "same_as"), f"{prefix + question.same_as!r} is not a field of the assessment model"
    if question.default_from:
        try:
            field_at(question.default_from)
        except KeyError:
            yield (*loc, "default_from"), f"{question.default_from!r} is not a field of the assessment model"
    if question.when:
        for when_path in question.when.paths():
            try:
                field_at(prefix + when_path)
            except KeyError:
                yield (*loc, "when"), f"the condition reads {prefix + when_path!r}, which is not a field of the model"
    if question.default is not None and question.type not in ("group", "measure"):
        if question.type == "date" and question.default == "today":
            return
        if question.type == "confirm" and shape.kind == "model":
            if not isinstance(question.default, bool):
                yield (*loc, "default"), "a presence question's default is true or false"
            return
        for default in localised_values(question.default):
            try:
                check_value(path, default)
            except ValueError as error:
                yield (*loc, "default"), f"the model refuses this default: {error}"


def localised_values(value: Any) -> list[Any]:
    """A default given per language ({fr: ..., en: ...}) as its values, any other default as itself."""
    if isinstance(value, dict) and set(value) == {"fr", "en"}:
        return [value["fr"], value["en"]]
    return [value]


def localised_default(value: Any, lang: str) -> Any:
    if isinstance(value, dict) and set(value) == {"fr", "en"}:
        return value[lang]
    return value


def _check_tree(
    question: Question, prefix: str, loc: tuple[Any, ...], ids: dict[str, tuple[Any, ...]]
) -> Iterator[tuple[tuple[Any, ...], str]]:
    """A question and, for a group, the questions about one item (a list inside an item included)."""
    yield from _check_question(question, prefix, loc, ids, in_group=bool(prefix))
    if question.type == "group" and prefix.count("[]") < 2:
        for i, inner in enumerate(question.questions or []):
            yield from _check_tree(inner, f"{prefix}{question.field}[].", (*loc, "questions", i), ids)


def _check(file: QuestionnaireFile) -> Iterator[tuple[tuple[Any, ...], str]]:
    ids: dict[str, tuple[Any, ...]] = {}
    for s, section in enumerate(file.sections):
        for q, question in enumerate(section.questions):
            loc = ("sections", s, "questions", q)
            yield from _check_tree(question, "", loc, ids)
    for key in ("derived", "not_asked"):
        for path in getattr(file, key):
            try:
                field_at(path)
            except KeyError:
                yield (key, path), f"{path!r} is not a field of the assessment model"
    for path, value in file.derived.items():
        try:
            check_value(path, value)
        except (ValueError, KeyError) as error:
            yield ("derived", path), f"the model refuses this value: {error}"


def load(path: Path | str) -> Questionnaire:
    """Read and check a questionnaire; raises InputError with every problem, located."""
    path = Path(path)
    try:
        status = path.stat()
    except OSError:
        return _load(path, 0, 0)  # read_answers reports the missing file, located
    return _load(path.resolve(), status.st_mtime_ns, status.st_size)


@cache
def _load(path: Path, mtime_ns: int, size: int) -> Questionnaire:
    """One questionnaire file as it is now: a file that changes (its time or size) is read again."""
    import hashlib

    from dpia.answers import read_answers

    file = str(path)
    content, locator, raw = read_answers(path)
    try:
        parsed = QuestionnaireFile.model_validate(content)
    except ValidationError as error:
        raise InputError(_schema_problems(error, file, locator)) from None
    problems = [_located(file, locator, loc, message) for loc, message in _check(parsed)]
    questionnaire = Questionnaire(parsed, path, hashlib.sha256(raw).hexdigest())
    if not problems:
        covered = questionnaire.covered()
        for leaf in model_leaves():
            if leaf not in covered and _required_leaf(leaf):
                problems.append(
                    _located(file, locator, ("sections",), f"no question fills {leaf!r}, which every answer file needs")
                )
    if problems:
        raise InputError(problems)
    return questionnaire


def _required_leaf(path: str) -> bool:
    """A leaf without which no answer file validates: it and every parent are required (lists non-empty)."""
    parts = split_path(path)
    for end in range(1, len(parts) + 1):
        prefix = ".".join(f"{name}[]" if items else name for name, items in parts[:end])
        info = field_at(prefix)
        if not info.is_required():
            return False
        if parts[end - 1][1] and not any(getattr(meta, "min_length", 0) for meta in info.metadata):
            return False
    return True


def default_path() -> Path:
    from dpia.resources import questionnaires_dir

    return questionnaires_dir() / DEFAULT_QUESTIONNAIRE
