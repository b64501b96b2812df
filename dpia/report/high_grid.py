"""The grid of the Art. 36 rule in the Méthode chapter: which pairs of severity and likelihood are high.

The CNIL method reports a risk as its pair of severity and likelihood (the risk map plots one against
the other) and computes no combined level; the document does the same, and says for each risk whether
the pair is high, which calls for prior consultation (GDPR Art. 36). The rule that decides it
(LVL-ART36) is the controller's reading of Art. 36, WP248 and the CNIL method: this grid prints it, cell
by cell, from the scoring's own test (`dpia.scoring.engine.high`), so that a reader can check every
status the document states and the grid cannot drift from the rule applied. It is laid out as the risk
map (severity 4 on the top row, likelihood 1 to 4 across), with its axes named in a header row and a
header column; a high cell is in bold on light grey, which reads in black and white.

The caption cites the rule's sources in force at the as-of date, as the method's list of sources does:
a text dated after the assessment is not presented as one its author relied on.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from dpia.report.words import Words
from dpia.scoring.engine import high_pair
from dpia.scoring.findings import Level
from dpia.scoring.rules import get_rule

RULE = "LVL-ART36"
HIGH_FILL = "D9D9D9"  # light grey: still visible, and the bold text still legible, in black and white
PLAIN_FILL = "FFFFFF"


class GridPart(BaseModel):
    """A part of a Méthode grid's view (this one, and the level matrix kept in the template context)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class HighCellView(GridPart):
    likelihood: int = Field(description="Likelihood of this column, 1 to 4.")
    high: bool = Field(description="Whether a risk at this severity and likelihood is high (Art. 36 rule).")
    text: str = Field(description="'élevé' / 'high' for a high cell (print it in bold), else 'non élevé' / 'not high'.")
    fill: str = Field(description="Background colour, hex RRGGBB: light grey for a high cell, else white.")


class HighRowView(GridPart):
    severity: str = Field(description="The severity of this row, e.g. '4. Maximale'.")
    cells: list[HighCellView] = Field(description="Four cells, likelihood 1 to 4, left to right.")


class HighGridView(GridPart):
    caption: str = Field(
        description="What the grid is: the Art. 36 rule retained by the controller (the CNIL method fixes neither a "
        "combined level nor a threshold), with the rule's sources in force at the as-of date."
    )
    corner: str = Field(description="The header cell where the axes meet: 'Gravité ↑ / Vraisemblance →'.")
    likelihood_axis: str = Field(description="The name of the column axis: 'Vraisemblance' / 'Likelihood'.")
    severity_axis: str = Field(description="The name of the row axis: 'Gravité' / 'Severity'.")
    likelihood_labels: list[str] = Field(description="Likelihood 1 to 4, for the header row, e.g. '1. Négligeable'.")
    rows: list[HighRowView] = Field(description="Four rows, severity 4 (top) down to 1, as on the risk map.")


def dated_citations(rule_id: str, words: Words, as_of: dt.date | None) -> list[str]:
    """A grid rule's sources in force at `as_of`, each marked when not yet checked."""
    return [
        words(
            "matrix_source" if citation.source.verified else "matrix_source_unverified", text=citation.text(words.lang)
        )
        for citation in get_rule(rule_id).citations(as_of)
    ]


def high_grid(words: Words, as_of: dt.date | None) -> HighGridView:
    """The Art. 36 grid, worded in `words`' language, captioned with the rule's sources in force at `as_of`."""
    citations = dated_citations(RULE, words, as_of)

    def cell(severity: Level, likelihood: Level) -> HighCellView:
        on = high_pair(severity, likelihood)
        return HighCellView(
            likelihood=int(likelihood),
            high=on,
            text=words("high_grid_high" if on else "high_grid_not_high"),
            fill=HIGH_FILL if on else PLAIN_FILL,
        )

    return HighGridView(
        caption=words(
            "high_grid_caption",
            sources=words.join(citations),
            sources_label=words("matrix_sources_one" if len(citations) == 1 else "matrix_sources_other"),
        ),
        corner=words("high_grid_corner"),
        likelihood_axis=words("high_grid_likelihood"),
        severity_axis=words("high_grid_severity"),
        likelihood_labels=[words.level_text(level) for level in Level],
        rows=[
            HighRowView(severity=words.level_text(severity), cells=[cell(severity, likelihood) for likelihood in Level])
            for severity in sorted(Level, reverse=True)
        ],
    )
