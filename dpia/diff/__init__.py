"""Two assessments of the same processing compared: `dpia diff`, the document's "changes since the
previous version" and the batch's diff summaries all read a `Diff`.

The comparison is pure: it takes two assessed answer files (see dpia.pipeline) and says which
answers changed, which risk levels moved (initial and residual) and why, which checks changed
status, which flags (DPIA required, Art. 36 prior consultation, no-go) turned on or off, and which
legal facts changed between the two as-of dates. The JSON form is documented in docs/diff.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from dpia.diff.answers import AnswerChange, answer_changes
from dpia.diff.legal import Basis, LegalChange, legal_changes
from dpia.diff.names import field_words, item_words, value_words
from dpia.diff.scores import (
    FlagChange,
    GateChange,
    LevelMove,
    ReasonChange,
    flag_changes,
    gate_changes,
    level_moves,
    reason_changes,
)
from dpia.labels import Lang

if TYPE_CHECKING:
    from dpia.answers import LoadedAnswers
    from dpia.model import Assessment
    from dpia.scoring.findings import Findings


class Assessed(Protocol):
    """An answer file read and scored (dpia.pipeline.Assessed is one)."""

    @property
    def loaded(self) -> LoadedAnswers: ...

    @property
    def findings(self) -> Findings: ...

    @property
    def assessment(self) -> Assessment: ...


@dataclass(frozen=True)
class Scored:
    """An answer file read and its findings, for callers that hold the two apart."""

    loaded: LoadedAnswers
    findings: Findings

    @property
    def assessment(self) -> Assessment:
        return self.loaded.assessment


JSON_FORMAT_VERSION = "1"


@dataclass(frozen=True)
class Side:
    """One of the two assessments compared."""

    file: str
    sha256: str
    as_of: str
    as_of_basis: str
    rules_version: str


@dataclass(frozen=True)
class Diff:
    lang: Lang
    old: Side
    new: Side
    answers: list[AnswerChange]
    levels: list[LevelMove]
    reasons: list[ReasonChange]
    gates: list[GateChange]
    flags: list[FlagChange]
    legal_basis: Basis
    legal: list[LegalChange]

    @property
    def moved(self) -> bool:
        """A level, a flag or a check's status moved: what makes `dpia diff` exit 1."""
        return bool(self.levels or self.flags or self.gates)

    @property
    def empty(self) -> bool:
        return not (self.moved or self.answers or self.reasons or self.legal)


def _side(assessed: Assessed) -> Side:
    findings = assessed.findings
    return Side(
        file=str(assessed.loaded.path),
        sha256=assessed.loaded.sha256,
        as_of=findings.as_of.isoformat(),
        as_of_basis=findings.as_of_basis,
        rules_version=findings.rules_version,
    )


def compare(old: Assessed, new: Assessed, lang: Lang = "fr") -> Diff:
    """What changed from `old` to `new`; both must have been assessed in `lang`."""
    basis, legal = legal_changes(old.findings, new.findings, lang)
    return Diff(
        lang=lang,
        old=_side(old),
        new=_side(new),
        answers=answer_changes(old.assessment, new.assessment),
        levels=level_moves(old.findings, new.findings),
        reasons=reason_changes(old.findings, new.findings),
        gates=gate_changes(old.findings, new.findings),
        flags=flag_changes(old.findings, new.findings),
        legal_basis=basis,
        legal=legal,
    )


def where_words(change: AnswerChange, lang: Lang) -> str:
    """The list items a change sits in, in words: « Prestataire « AWS Sarl » »; empty at the top level."""
    return " › ".join(item_words(list_path, key, lang) for list_path, key in change.item)


def to_dict(diff: Diff) -> dict[str, Any]:
    lang = diff.lang
    return {
        "format": JSON_FORMAT_VERSION,
        "lang": lang,
        "old": vars(diff.old),
        "new": vars(diff.new),
        "moved": diff.moved,
        "answers": [
            {
                "path": change.path,
                "item": [{"list": list_path, "key": key} for list_path, key in change.item],
                "field": field_words(change.path, lang),
                "where": where_words(change, lang),
                "change": change.kind,
                "old": change.old,
                "new": change.new,
                "old_words": None if change.old is None else value_words(change.path, change.old, lang),
                "new_words": None if change.new is None else value_words(change.path, change.new, lang),
            }
            for change in diff.answers
        ],
        "levels": [
            {"risk": m.risk, "stage": m.stage, "scale": m.scale, "old": m.old, "new": m.new, "move": m.move}
            for m in diff.levels
        ],
        "reasons": [
            {"risk": r.risk, "added": list(r.added), "removed": list(r.removed), "texts": r.texts} for r in diff.reasons
        ],
        "gates": [
            {
                "id": g.id,
                "old": g.old,
                "new": g.new,
                "move": f"{g.old or '-'}→{g.new or '-'}",
                "old_text": g.old_text,
                "new_text": g.new_text,
                "citation": g.citation,
            }
            for g in diff.gates
        ],
        "flags": [{"flag": f.flag, "old": f.old, "new": f.new} for f in diff.flags],
        "legal": {
            "basis": diff.legal_basis,
            "changes": [
                {
                    "id": c.id,
                    "text": c.text,
                    "event": c.event,
                    "date": None if c.date is None else c.date.isoformat(),
                    "verified": c.verified,
                }
                for c in diff.legal
            ],
        },
    }


def to_json(diff: Diff) -> str:
    """One JSON object, keys sorted, lists in the assessments' order, ending with a newline."""
    return json.dumps(to_dict(diff), sort_keys=True, ensure_ascii=False, indent=2) + "\n"
