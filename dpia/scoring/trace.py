"""Collecting the reasons: each fired rule, with the facts of this assessment."""

from __future__ import annotations

import datetime as dt

from dpia.labels import Lang
from dpia.scoring.findings import CitedText, Reason
from dpia.scoring.rules import get_rule
from dpia.scoring.wording import MESSAGES, Words, render

# A fired rule: its id, the facts that made it fire and what it did, all still language-neutral.
Entry = tuple[str, Words | None, Words | None]


class Trace:
    """An ordered list of fired rules; every entry names a rule of the registry.

    Entries keep language-neutral messages: recommendations re-score many times and only need the
    levels; `word()` turns the final findings' entries into sentences.
    """

    __slots__ = ("entries",)

    def __init__(self) -> None:
        self.entries: list[Entry] = []

    def add(self, rule_id: str, facts: Words | None = None, effect: Words | None = None) -> None:
        self.entries.append((rule_id, facts, effect))


def word(entries: list[Entry], lang: Lang, as_of: dt.date) -> list[Reason]:
    """The reasons of these fired rules, in `lang`, citing only the texts in force on `as_of`."""
    template = MESSAGES["reason"](lang)
    out = []
    for rule_id, facts, effect in entries:
        rule = get_rule(rule_id)
        if not rule.in_force(as_of):
            # The scoring checks a dated rule before applying it; reaching here is a bug, never a citation.
            raise AssertionError(f"{rule_id} fired on {as_of}, before it applies ({rule.in_force_from})")
        title = rule.title(lang)
        out.append(
            Reason(
                rule=rule.id,
                text=template.format(title=title, facts=render(facts, lang)) if facts else title,
                citation=rule.citation(lang, as_of),
                citations=[CitedText(**c.json(lang)) for c in rule.citations(as_of)],
                effect=render(effect, lang) if effect else rule.effect(lang),
            )
        )
    return out


def sentences(reasons: list[Reason], lang: Lang) -> str:
    """Reasons as running text: "Title: facts (RULE: effect)." each."""
    template = MESSAGES["sentence"](lang)
    return " ".join(template.format(text=r.text, rule=r.rule, effect=r.effect) for r in reasons)
