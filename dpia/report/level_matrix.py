"""The risk-level matrix of the Méthode chapter, read from the scoring's own table and rule.

The level printed beside each risk (« 2. Limitée → 2. Limitée ») comes from a 4x4 table of the rules
data (rule LVL-MATRIX); the CNIL method has no such table. Printing that very table lets a reader
check every level the document states. It is laid out as the risk map is (severity up, likelihood
across), so a risk's place on the map is the cell that gives its level. The cells where the Art. 36
rule holds a risk high (LVL-ART36, on the pair of severity and likelihood, not on this level) are
marked in bold, which reads in black and white.

The caption cites the rule's sources in force at the as-of date, as the method's list of sources
does: a text dated after the assessment is not presented as one its author relied on.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from dpia.report.high_grid import HIGH_FILL, PLAIN_FILL, GridPart, dated_citations
from dpia.report.words import Words
from dpia.scoring.engine import high_pair
from dpia.scoring.findings import Level
from dpia.scoring.rules import RISK_MATRIX

RULE = "LVL-MATRIX"


class MatrixCellView(GridPart):
    level: str = Field(description="The risk level of this severity and likelihood, e.g. '3. Importante'.")
    high: bool = Field(description="Whether a risk at this severity and likelihood is high (Art. 36 rule): in bold.")
    fill: str = Field(description="Background colour, hex RRGGBB: light grey for a high cell, else white.")


class MatrixRowView(GridPart):
    severity: str = Field(description="The severity of this row, e.g. '4. Maximale'.")
    cells: list[MatrixCellView] = Field(description="Four cells, likelihood 1 to 4, left to right.")


class MatrixView(GridPart):
    caption: str = Field(
        description="What the matrix is for (ranking the risks; Art. 36 follows the pair, cells in bold) and its "
        "sources in force at the as-of date."
    )
    rows: list[MatrixRowView] = Field(description="Four rows, severity 4 (top) down to 1, as on the risk map.")
    likelihood_labels: list[str] = Field(description="Likelihood 1 to 4, for the bottom row, e.g. '1. Négligeable'.")


def level_matrix(words: Words, as_of: dt.date | None) -> MatrixView:
    """The matrix the scoring applies, worded in `words`' language, captioned with its dated sources."""
    citations = dated_citations(RULE, words, as_of)

    def text(value: int) -> str:
        return words.level_text(Level(value))

    def cell(severity: int, likelihood: int) -> MatrixCellView:
        value = RISK_MATRIX[severity - 1][likelihood - 1]
        is_high = high_pair(Level(severity), Level(likelihood))
        return MatrixCellView(level=text(value), high=is_high, fill=HIGH_FILL if is_high else PLAIN_FILL)

    rows = [
        MatrixRowView(severity=text(severity), cells=[cell(severity, likelihood) for likelihood in range(1, 5)])
        for severity in range(4, 0, -1)
    ]
    return MatrixView(
        caption=words(
            "matrix_caption",
            sources=words.join(citations),
            sources_label=words("matrix_sources_one" if len(citations) == 1 else "matrix_sources_other"),
        ),
        rows=rows,
        likelihood_labels=[text(int(level)) for level in Level],
    )
