"""The document's "Changes since the previous version" section and version-table row (`dpia build --previous`).

Kept apart from the rest of the context: `with_changes` takes a finished context and adds the
`changes` entry and, when the version table does not list it yet, the previous version's row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dpia.diff import Diff, compare, where_words
from dpia.diff.names import field_words, value_words
from dpia.diff.words import word
from dpia.labels import Lang, label
from dpia.report.context import ChangesView, DocumentContext, RevisionView
from dpia.report.words import Words

if TYPE_CHECKING:
    from dpia.diff import Assessed

_LONGEST_VALUE = 160  # characters of an answer quoted before and after; the answer file has the rest


def _short(text: str) -> str:
    return text if len(text) <= _LONGEST_VALUE else text[: _LONGEST_VALUE - 1] + "…"


def _levels(diff: Diff, lang: Lang) -> list[str]:
    """The moves of severity and likelihood, as the document reports a risk: the scoring's combined level,
    which the CNIL method does not define, is left to `dpia diff` (it moves only when one of the two does)."""
    axes = [move for move in diff.levels if move.scale != "level"]
    lines = []
    for risk in dict.fromkeys(move.risk for move in axes):
        for stage in ("initial", "residual"):
            moves = [m for m in axes if m.risk == risk and m.stage == stage]
            if not moves:
                continue
            worded = ", ".join(
                word(
                    "doc_move",
                    lang,
                    scale=word(m.scale, lang),
                    move=m.move,
                    old=label(m.old, lang, "Level"),
                    new=label(m.new, lang, "Level"),
                )
                for m in moves
            )
            stage_words = word(f"doc_stage_{stage}", lang)
            lines.append(word("doc_level", lang, risk=label(risk, lang, "RiskId"), stage=stage_words, moves=worded))
    return lines


def _checks(diff: Diff, lang: Lang) -> list[str]:
    from dpia.scoring.rules import get_rule

    def status(value: str | None) -> str:
        return "—" if value is None else label(value, lang, "GateStatus")

    return [
        word(
            "doc_check",
            lang,
            check=get_rule(gate.id).title(lang),
            old=status(gate.old),
            new=status(gate.new),
            why=word("doc_check_why", lang, text=gate.new_text) if gate.new_text else "",
        )
        for gate in diff.gates
    ]


def _answers(diff: Diff, lang: Lang) -> list[str]:
    lines = []
    for change in diff.answers:
        where = where_words(change, lang)
        field = field_words(change.path, lang)
        name = f"{where} – {field}" if where and change.kind == "changed" else (where or field)
        old = word("absent", lang) if change.old is None else value_words(change.path, change.old, lang)
        new = word("absent", lang) if change.new is None else value_words(change.path, change.new, lang)
        lines.append(word("doc_answer", lang, field=name, old=_short(old), new=_short(new)))
    return lines


def changes_view(diff: Diff, previous: Assessed, lang: Lang) -> ChangesView:
    words = Words(lang)
    old = previous.assessment
    version = word("doc_version", lang, version=old.history[-1].version) if old.history else ""
    yes_no = {True: label(True, lang), False: label(False, lang)}
    return ChangesView(
        previous=word(
            "doc_previous",
            lang,
            version=version,
            date=words.date(old.date),
            author=words.text(old.author),
            file=previous.loaded.path.name,
        ),
        moved=diff.moved,
        summary=word("doc_moved" if diff.moved else "doc_not_moved", lang),
        levels=_levels(diff, lang),
        flags=[
            word("doc_flag", lang, flag=word(f"flag_{f.flag}", lang), old=yes_no[f.old], new=yes_no[f.new])
            for f in diff.flags
        ],
        checks=_checks(diff, lang),
        answers=_answers(diff, lang),
        legal=[
            word("doc_legal", lang, text=c.text, when=word(c.event, lang, date=words.date(c.date), text=c.text))
            if c.date
            else word(c.event, lang, date="", text=c.text)
            for c in diff.legal
        ],
    )


def _previous_row(previous: Assessed, lang: Lang) -> RevisionView:
    words = Words(lang)
    old = previous.assessment
    last = old.history[-1] if old.history else None
    return RevisionView(
        version=last.version if last else word("previous_version", lang),
        date=words.date(last.date if last else old.date),
        author=last.author if last else words.text(old.author),
        changes=last.changes if last else word("previous_row", lang),
    )


def with_changes(context: DocumentContext, previous: Assessed, current: Assessed, lang: Lang) -> DocumentContext:
    """The context with its `changes` entry, and the previous version in the version table."""
    diff = compare(previous, current, lang)
    history = list(context.history)
    row = _previous_row(previous, lang)
    if not any(entry.version == row.version and entry.date == row.date for entry in history):
        # Oldest first: the previous version goes before this file's versions of its date or later.
        old = previous.assessment
        before = old.history[-1].date if old.history else old.date
        later = [rev.date >= before for rev in current.assessment.history] if before else []
        history.insert(later.index(True) if True in later else len(history), row)
    return context.model_copy(update={"changes": changes_view(diff, previous, lang), "history": history})
