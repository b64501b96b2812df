"""Collecting the reasons: each fired rule, with the facts of this assessment."""

from __future__ import annotations

from dpia.scoring.findings import Reason
from dpia.scoring.rules import get_rule


class Trace:
    """An ordered list of fired rules; every entry names a rule of the registry.

    Entries stay plain tuples until `reasons()` is asked for: recommendations re-score many times and
    only need the levels.
    """

    __slots__ = ("entries",)

    def __init__(self) -> None:
        self.entries: list[tuple[str, str, str | None]] = []

    def add(self, rule_id: str, facts: str = "", effect: str | None = None) -> None:
        self.entries.append((rule_id, facts, effect))

    def reasons(self) -> list[Reason]:
        out = []
        for rule_id, facts, effect in self.entries:
            rule = get_rule(rule_id)
            text = f"{rule.title}: {facts}" if facts else rule.title
            out.append(Reason(rule=rule.id, text=text, citation=rule.citation, effect=effect or rule.effect))
        return out

    def sentences(self) -> str:
        return " ".join(f"{reason.text} ({reason.rule}: {reason.effect})." for reason in self.reasons())
