"""`dpia diff` on a terminal: what changed, in words, in the reader's language."""

from __future__ import annotations

import datetime as dt

from dpia.diff import Diff, where_words
from dpia.diff.names import field_words, value_words
from dpia.diff.words import word
from dpia.labels import Lang, label


def _gate_title(gate_id: str, lang: Lang) -> str:
    from dpia.scoring.rules import get_rule

    try:
        return get_rule(gate_id).title(lang)
    except KeyError:
        return gate_id


def _status(status: str | None, lang: Lang) -> str:
    return "—" if status is None else label(status, lang, "GateStatus")


def print_diff(diff: Diff) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    lg = diff.lang
    console = Console(highlight=False, soft_wrap=False, emoji=False)  # ":100:" in a name stays as typed
    console.print(f"[bold]{escape(word('title', lg, old=diff.old.file, new=diff.new.file))}[/bold]")
    if diff.old.as_of != diff.new.as_of:
        console.print(escape(word("as_of", lg, old=diff.old.as_of, new=diff.new.as_of)))
    if diff.empty and diff.legal_basis == "same_date":
        console.print(word("nothing", lg))
        return

    if diff.answers:
        table = Table(title=word("answers", lg), title_justify="left")
        for key in ("field", "before", "after"):
            table.add_column(word(key, lg), overflow="fold")
        for change in diff.answers:
            where = where_words(change, lg)
            name = field_words(change.path, lg)
            name = f"{where} — {name}" if where and change.kind == "changed" else (where or name)
            old = word("absent", lg) if change.old is None else value_words(change.path, change.old, lg)
            new = word("absent", lg) if change.new is None else value_words(change.path, change.new, lg)
            table.add_row(escape(name), escape(_short(old)), escape(_short(new)))
        console.print(table)

    if diff.levels:
        table = Table(title=word("levels", lg), title_justify="left")
        for key in ("risk", "initial", "residual"):
            table.add_column(word(key, lg))
        for risk in dict.fromkeys(m.risk for m in diff.levels):
            cells = []
            for stage in ("initial", "residual"):
                moves = [m for m in diff.levels if m.risk == risk and m.stage == stage]
                cells.append("\n".join(f"{word(m.scale, lg)} {m.move}" for m in moves) or "—")
            table.add_row(label(risk, lg, "RiskId"), *cells)
        console.print(table)
    for reasons in diff.reasons:
        console.print(f"[bold]{escape(word('reasons_changed', lg, risk=label(reasons.risk, lg, 'RiskId')))}[/bold]")
        for rule in reasons.added:
            console.print(f"  + {escape(reasons.texts[rule])}")
        for rule in reasons.removed:
            console.print(f"  − {escape(reasons.texts[rule])}")

    if diff.gates:
        table = Table(title=word("gates", lg), title_justify="left")
        for key in ("check", "before", "after"):
            table.add_column(word(key, lg), overflow="fold")
        for gate in diff.gates:
            table.add_row(
                escape(_gate_title(gate.id, lg)),
                escape(f"{_status(gate.old, lg)}\n{gate.old_text}".strip()),
                escape(f"{_status(gate.new, lg)}\n{gate.new_text}".strip()),
            )
        console.print(table)

    if diff.flags:
        console.print(f"[bold]{word('flags', lg)}[/bold]")
        for flag in diff.flags:
            state = word("turned_on" if flag.new else "turned_off", lg)
            console.print("  " + word("flag_line", lg, flag=word("flag_" + flag.flag, lg), state=state))

    if diff.legal_basis != "same_date":
        console.print(f"[bold]{word('legal', lg)}[/bold]")
        if diff.legal_basis == "derived_from_checks":
            console.print(word("legal_from_gates", lg))
        if not diff.legal:
            none = "legal_none" if diff.legal_basis == "dated_texts" else "legal_none_derived"
            console.print("  " + word(none, lg))
        for fact in diff.legal:
            when = word(fact.event, lg, date=_day(fact.date, lg) if fact.date else "", text=fact.text)
            line = word("legal_line", lg, text=fact.text, when=when) if fact.date else when
            if not fact.verified:
                line += " " + word("unverified", lg)
            console.print("  " + escape(line))

    if not diff.moved:
        console.print(word("wording_only", lg))


def _day(value: dt.date, lang: Lang) -> str:
    """A date as a reader writes it: 18 juin 2021, 18 June 2021."""
    from babel.dates import format_date

    return format_date(value, "long", locale="en_GB" if lang == "en" else lang)


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
