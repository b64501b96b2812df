"""The risk map as the CNIL PIA tool draws it, laid out as a shaded 4x4 Word table.

Likelihood runs across (negligible on the left), severity runs up (maximum on the top row). A risk the
planned measures move appears twice: « (A) » at its initial position (red in the template) and « [A] »
at its residual one (blue); a risk they do not move appears once, as its bare letter « A ». The marks differ in shape
as well as colour, so the map reads in black and white, and none holds a space, so a cell's line
breaks fall between marks. A table rather than an image: it renders in microseconds, stays editable in Word, and its text can be
searched and checked.

The background follows the tool's diagonal gradient (green at the bottom left, red at the top right),
with one exception that keeps the map in step with the Art. 36 grid of the method: the cells whose
pair is high (`engine.high_pair`) are red, and no other cell is. On the gradient alone, severity 2
with likelihood 4 (not high) would share the shade of 3 with 3 and of 4 with 2 (both high).
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field

from dpia.labels import Lang, label
from dpia.scoring.engine import high_pair
from dpia.scoring.findings import Level, Risk

# severity + likelihood (2..8) -> cell fill, from the tool's green corner to its red corner. A cell whose
# pair is high takes one of the two reds (7 and 8); a cell that is not high never does (its sum is at most 6).
GRADIENT: dict[int, str] = {
    2: "C6E9B4",
    3: "DDEFB0",
    4: "F2F0AE",
    5: "FCE3A2",
    6: "F9C79A",
    7: "F4A593",
    8: "EE8A8A",
}


def _fill(severity: Level, likelihood: Level) -> str:
    total = int(severity) + int(likelihood)
    return GRADIENT[max(total, 7)] if high_pair(severity, likelihood) else GRADIENT[total]


class _View(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MapCell(_View):
    likelihood: int = Field(description="Likelihood of this column, 1 to 4.")
    fill: str = Field(description="Background colour, hex RRGGBB (use with `{% cellbg cell.fill %}`).")
    initial: str = Field(
        description="Marks of the risks the planned measures move, at their initial position here, e.g. '(A) (M)'."
    )
    residual: str = Field(
        description="Marks of the risks the planned measures move, at their residual position: '[A]'."
    )
    unchanged: str = Field(
        "", description="Marks of the risks the planned measures do not move, once each, as the bare letter: 'A'."
    )


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
    reading: str = Field("", description="How to read the map: axes, marks and colours, in the method's terms.")
    legend_text: str = Field("", description="The legend in one paragraph: '(A) Illegitimate access…; (M) …'.")


def letter(risk_id: Enum | str, lang: Lang) -> str:
    return f"({label(risk_id, lang, 'RiskLetter')})"


def build_risk_map(risks: list[Risk], lang: Lang) -> RiskMap:
    from dpia.report.words import Words

    words = Words(lang)

    def moved(risk: Risk) -> bool:
        return (risk.initial.severity, risk.initial.likelihood) != (risk.residual.severity, risk.residual.likelihood)

    def marks(severity: int, likelihood: int, kind: str) -> str:
        found = []
        for risk in risks:
            code = label(risk.id, lang, "RiskLetter")
            levels = risk.initial if kind == "initial" else risk.residual
            if (levels.severity, levels.likelihood) != (severity, likelihood):
                continue
            if kind == "unchanged" and not moved(risk):
                found.append(code)
            elif kind == "initial" and moved(risk):
                found.append(f"({code})")
            elif kind == "residual" and moved(risk):
                found.append(f"[{code}]")
        # Bare letters are told apart by a comma, as in the reading's « A, E ».
        return (", " if kind == "unchanged" else " ").join(found)

    rows = [
        MapRow(
            severity=severity,
            severity_label=label(Level(severity), lang),
            cells=[
                MapCell(
                    likelihood=likelihood,
                    fill=_fill(Level(severity), Level(likelihood)),
                    initial=marks(severity, likelihood, "initial"),
                    residual=marks(severity, likelihood, "residual"),
                    unchanged=marks(severity, likelihood, "unchanged"),
                )
                for likelihood in range(1, 5)
            ],
        )
        for severity in range(4, 0, -1)
    ]
    legend = [MapKey(letter=letter(risk.id.value, lang), title=label(risk.id, lang)) for risk in risks]
    # The reading names only the marks the map shows: a note about a mark that is not there is noise.
    notes = [words("map_axes")]
    first_moved = next((risk for risk in risks if moved(risk)), None)
    if first_moved is not None:
        notes.append(words("map_moved", x=label(first_moved.id, lang, "RiskLetter")))
    still = [label(risk.id, lang, "RiskLetter") for risk in risks if not moved(risk)]
    if still:
        notes.append(words("map_unchanged_one" if len(still) == 1 else "map_unchanged_other", x=", ".join(still)))
    return RiskMap(
        rows=rows,
        likelihood_labels=[label(level, lang) for level in Level],
        legend=legend,
        reading=" ".join(notes),
        legend_text=words.join(f"{key.letter} {key.title}" for key in legend),
    )
