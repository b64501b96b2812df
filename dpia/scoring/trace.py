"""Collecting the reasons: each fired rule, with the facts of this assessment."""

from __future__ import annotations

from dpia.scoring.findings import Reason
from dpia.scoring.rules import get_rule


class Trace:
    """An ordered list of reasons; every entry names a rule of the registry."""

    def __init__(self) -> None:
        self.reasons: list[Reason] = []

    def add(self, rule_id: str, facts: str = "", effect: str | None = None) -> None:
        rule = get_rule(rule_id)
        text = f"{rule.title}: {facts}" if facts else rule.title
        self.reasons.append(Reason(rule=rule.id, text=text, citation=rule.citation, effect=effect or rule.effect))
