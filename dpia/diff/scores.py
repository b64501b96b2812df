"""What moved in the findings: risk levels (initial and residual), their reasons, checks and flags."""

from __future__ import annotations

from dataclasses import dataclass

from dpia.scoring.findings import Findings, Gate, Levels, Risk

FLAGS = ("dpia_required", "prior_consultation", "no_go")
STAGES = ("initial", "residual")
SCALES = ("severity", "likelihood", "level")


@dataclass(frozen=True)
class LevelMove:
    risk: str
    stage: str  # "initial" or "residual"
    scale: str  # "severity", "likelihood" or "level"
    old: int
    new: int

    @property
    def move(self) -> str:
        """Written "2→3", never as a signed number."""
        return f"{self.old}→{self.new}"


@dataclass(frozen=True)
class ReasonChange:
    risk: str
    added: tuple[str, ...]  # rule ids
    removed: tuple[str, ...]
    texts: dict[str, str]  # rule id -> the reason's sentence, on the side where it is present


@dataclass(frozen=True)
class GateChange:
    id: str
    old: str | None  # GateStatus value; None when the check did not apply on that side
    new: str | None
    old_text: str
    new_text: str
    citation: str


@dataclass(frozen=True)
class FlagChange:
    flag: str
    old: bool
    new: bool


def level_moves(old: Findings, new: Findings) -> list[LevelMove]:
    moves = []
    for before in old.risks:
        after = new.risk(before.id)
        for stage in STAGES:
            levels_before: Levels = getattr(before, stage)
            levels_after: Levels = getattr(after, stage)
            for scale in SCALES:
                a, b = int(getattr(levels_before, scale)), int(getattr(levels_after, scale))
                if a != b:
                    moves.append(LevelMove(before.id.value, stage, scale, a, b))
    return moves


def _rules(risk: Risk) -> dict[str, str]:
    found: dict[str, str] = {}
    for reason in risk.reasons:
        found.setdefault(reason.rule, reason.text)
    return found


def reason_changes(old: Findings, new: Findings) -> list[ReasonChange]:
    changes = []
    for before in old.risks:
        rules_before, rules_after = _rules(before), _rules(new.risk(before.id))
        added = tuple(rule for rule in rules_after if rule not in rules_before)
        removed = tuple(rule for rule in rules_before if rule not in rules_after)
        if added or removed:
            texts = {**{r: rules_before[r] for r in removed}, **{r: rules_after[r] for r in added}}
            changes.append(ReasonChange(before.id.value, added, removed, texts))
    return changes


def _by_id(gates: list[Gate]) -> dict[str, list[Gate]]:
    grouped: dict[str, list[Gate]] = {}
    for gate in gates:
        grouped.setdefault(gate.id, []).append(gate)
    return grouped


def gate_changes(old: Findings, new: Findings) -> list[GateChange]:
    """Checks are paired by id and, for a check made once per provider or transfer, by its order."""
    before, after = _by_id(old.gates), _by_id(new.gates)
    changes = []
    for gate_id in dict.fromkeys([*before, *after]):
        olds, news = before.get(gate_id, []), after.get(gate_id, [])
        for index in range(max(len(olds), len(news))):
            a = olds[index] if index < len(olds) else None
            b = news[index] if index < len(news) else None
            status_a = a.status.value if a else None
            status_b = b.status.value if b else None
            if status_a != status_b:
                changes.append(
                    GateChange(
                        gate_id,
                        status_a,
                        status_b,
                        a.text if a else "",
                        b.text if b else "",
                        b.citation if b else a.citation if a else "",
                    )
                )
    return changes


def flag_changes(old: Findings, new: Findings) -> list[FlagChange]:
    return [
        FlagChange(flag, bool(getattr(old, flag)), bool(getattr(new, flag)))
        for flag in FLAGS
        if bool(getattr(old, flag)) != bool(getattr(new, flag))
    ]
