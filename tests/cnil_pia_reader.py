"""Read a file of the CNIL's PIA software: its own exports, its shipped example, and ours.

The tests use it to read back what `dpia export --to cnil-pia` writes and to compare it with the
tool's own files; `text_of` gives the plain text a reader sees in the tool's rich-text answers.

The tool's files are loosely typed across versions: the 2018 example carries IndexedDB leftovers,
the end-to-end fixture has an evaluation of "3.1.[object Object]", gauges may be null when a
question is unanswered. The reader accepts all that, as the tool's importer does, and refuses only
what the importer itself cannot use: not JSON, no `pia`, a child list that is not an array, or a
record without the fields the tool relies on. Refusals are `InputError`s located in the file.
"""

from __future__ import annotations

import builtins
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from dpia.errors import InputError, Problem

MAX_FILE_BYTES = 16 * 1024 * 1024
CHILDREN = ("answers", "measures", "evaluations", "comments")


class _Record(BaseModel):
    # The tool's files carry fields we do not use (pia_id, lock_version, dbVersion...): ignore them.
    model_config = ConfigDict(extra="ignore", frozen=True)


class PiaRecord(_Record):
    name: str
    status: int = 0
    category: str | None = ""
    author_name: str | None = ""
    evaluator_name: str | None = ""
    validator_name: str | None = ""
    dpo_status: int | None = None
    dpo_opinion: str | None = ""
    dpos_names: str | None = ""
    people_names: str | None = ""
    concerned_people_opinion: str | None = ""
    concerned_people_status: int | None = None
    concerned_people_searched_opinion: bool | None = None
    concerned_people_searched_content: str | None = ""
    created_at: str | None = None
    updated_at: str | None = None

    @field_validator("status", mode="before")
    @classmethod
    def _status_as_the_tool_reads_it(cls, value: object) -> object:
        # The importer does parseInt(pia.status), NaN giving 0.
        if isinstance(value, str):
            return int(value) if value.strip().lstrip("-").isdigit() else 0
        return 0 if value is None else value


class AnswerData(_Record):
    text: str | None = None
    gauge: int | None = None
    # The tool's key is "list"; builtins.list keeps the annotation from meaning this very field.
    list: builtins.list[str] = Field(default_factory=builtins.list)

    @field_validator("list", mode="before")
    @classmethod
    def _null_list_is_empty(cls, value: object) -> object:
        return [] if value is None else value


class AnswerRecord(_Record):
    reference_to: int
    data: AnswerData


class MeasureRecord(_Record):
    id: int
    title: str | None = ""
    content: str | None = ""
    placeholder: str | None = None


class Gauges(_Record):
    x: int = 0
    y: int = 0


class EvaluationRecord(_Record):
    reference_to: str
    status: int = 0
    global_status: int = 0
    evaluation_comment: str | None = None
    action_plan_comment: str | None = None
    gauges: Gauges | None = None
    estimated_implementation_date: str | None = None
    person_in_charge: str | None = None


class CommentRecord(_Record):
    reference_to: int | str
    description: str | None = ""
    for_measure: bool = False


class RiskLevels(BaseModel):
    """One feared event as the tool holds it: initial gauges from the answers, residual from the evaluation."""

    model_config = ConfigDict(frozen=True)

    severity: int | None
    likelihood: int | None
    residual_severity: int | None
    residual_likelihood: int | None


class PiaFile(_Record):
    pia: PiaRecord
    answers: list[AnswerRecord]
    measures: list[MeasureRecord]
    evaluations: list[EvaluationRecord]
    comments: list[CommentRecord]

    def answer(self, reference_to: int) -> AnswerData | None:
        return next((a.data for a in self.answers if a.reference_to == reference_to), None)

    def evaluation(self, reference_to: str) -> EvaluationRecord | None:
        return next((e for e in self.evaluations if e.reference_to == reference_to), None)

    def risk(self, item: str) -> RiskLevels:
        """Levels of risk item "3.2", "3.3" or "3.4"; None where the file gives none (0 means unset)."""
        base = int(item.replace(".", "")) * 10
        severity, likelihood = self.answer(base + 5), self.answer(base + 6)
        evaluation = self.evaluation(item)
        gauges = evaluation.gauges if evaluation else None

        def level(value: int | None) -> int | None:
            return value if value else None

        return RiskLevels(
            severity=level(severity.gauge if severity else None),
            likelihood=level(likelihood.gauge if likelihood else None),
            residual_severity=level(gauges.x if gauges else None),
            residual_likelihood=level(gauges.y if gauges else None),
        )

    def measure_titles(self) -> list[str]:
        return [m.title or "" for m in self.measures]


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def parse(text: str, file: str = "<input>") -> PiaFile:
    """Parse the text of a PIA file; raise InputError listing every problem found."""
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError.single(file, f"not JSON: {error.msg}", error.lineno, error.colno) from None
    if not isinstance(data, dict) or not isinstance(data.get("pia"), dict):
        raise InputError.single(file, "not a PIA file: the top-level object has no 'pia' record")
    problems = [
        Problem(
            file=file, path=key, message=f"must be an array (the tool iterates it), got {type(data.get(key)).__name__}"
        )
        for key in CHILDREN
        if not isinstance(data.get(key), list)
    ]
    if problems:
        raise InputError(problems)
    try:
        return PiaFile.model_validate({key: data[key] for key in ("pia", *CHILDREN)})
    except ValidationError as error:
        raise InputError(
            [
                Problem(file=file, path=".".join(str(part) for part in issue["loc"]), message=issue["msg"])
                for issue in error.errors()
            ]
        ) from None


def read(path: Path) -> PiaFile:
    """Read a PIA file from disk (UTF-8, as the tool writes and reads it)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError.single(str(path), f"cannot read: {error.strerror}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise InputError.single(str(path), f"too large for a PIA file ({len(raw)} bytes)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start].decode("utf-8", "replace")
        line, column = _position(before, len(before))
        raise InputError.single(str(path), "not UTF-8", line, column) from None
    return parse(text, str(path))


class _TextCollector(HTMLParser):
    _BLOCKS = frozenset({"p", "li", "br", "div", "ul", "ol", "tr", "h1", "h2", "h3", "h4"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text_of(fragment: str | None) -> str:
    """The plain text a reader sees in an HTML answer, one line per block, entities decoded."""
    if not fragment:
        return ""
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).splitlines())
    return "\n".join(line for line in lines if line)
