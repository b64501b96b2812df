"""The risk map as the CNIL PIA tool draws it, laid out as a shaded 4x4 Word table.

Likelihood runs across (negligible on the left), severity runs up (maximum on the top row). Each risk
appears twice: its initial position (red letters in the template) and its residual position (blue).
A table rather than an image: it renders in microseconds, stays editable in Word, and its text can be
searched and checked.

The background is only the tool's diagonal gradient (green at the bottom left, red at the top right):
it is not a score. The colour of a cell depends on severity + likelihood and nothing else.
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field

from dpia.labels import Lang, label
from dpia.scoring.findings import Level, Risk

# severity + likelihood (2..8) -> cell fill, from the tool's green corner to its red corner.
GRADIENT: dict[int, str] = {
    2: "C6E9B4",
    3: "DDEFB0",
    4: "F2F0AE",
    5: "FCE3A2",
    6: "F9C79A",
    7: "F4A593",
    8: "EE8A8A",
}


class _View(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MapCell(_View):
    likelihood: int = Field(description="Likelihood of this column, 1 to 4.")
    fill: str = Field(description="Background colour, hex RRGGBB (use with `{% cellbg cell.fill %}`).")
    initial: str = Field(description="Letters of the risks whose initial position is this cell, e.g. '(A) (M)'.")
    residual: str = Field(description="Letters of the risks whose residual position is this cell.")


class MapRow(_View):
    severity: int = Field(description="Severity of this row, 1 to 4.")
    severity_label: str = Field(description="Label of the severity level, e.g. 'Maximale'.")
    cells: list[MapCell] = Field(description="Four cells, likelihood 1 to 4, left to right.")


class MapKey(_View):
    letter: str = Field(description="The risk's letter as the map shows it, e.g. '(A)'.")
    title: str = Field(description="The risk's name.")


class RiskMap(_View):
    rows: list[MapRow] = Field(description="Four rows, severity 4 (top) down to 1 (bottom).")
    likelihood_labels: list[str] = Field(description="Labels of likelihood 1 to 4, for the bottom axis.")
    legend: list[MapKey] = Field(description="Which letter stands for which risk.")


def letter(risk_id: Enum | str, lang: Lang) -> str:
    return f"({label(risk_id, lang, 'RiskLetter')})"


def build_risk_map(risks: list[Risk], lang: Lang) -> RiskMap:
    def letters(severity: int, likelihood: int, residual: bool) -> str:
        found = []
        for risk in risks:
            levels = risk.residual if residual else risk.initial
            if levels.severity == severity and levels.likelihood == likelihood:
                found.append(letter(risk.id.value, lang))
        return " ".join(found)

    rows = [
        MapRow(
            severity=severity,
            severity_label=label(Level(severity), lang),
            cells=[
                MapCell(
                    likelihood=likelihood,
                    fill=GRADIENT[severity + likelihood],
                    initial=letters(severity, likelihood, residual=False),
                    residual=letters(severity, likelihood, residual=True),
                )
                for likelihood in range(1, 5)
            ],
        )
        for severity in range(4, 0, -1)
    ]
    return RiskMap(
        rows=rows,
        likelihood_labels=[label(level, lang) for level in Level],
        legend=[MapKey(letter=letter(risk.id.value, lang), title=label(risk.id, lang)) for risk in risks],
    )
