"""The portfolio picture: every assessment of a batch on one CNIL risk map."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable
from typing import Any

from dpia.labels import Lang, label
from dpia.scoring.findings import Level, RiskId

# One corner of each cell per risk, so the four risks of a cell never hide one another.
_OFFSETS = {
    RiskId.illegitimate_access: (-0.22, 0.22),
    RiskId.unwanted_modification: (0.22, 0.22),
    RiskId.disappearance: (-0.22, -0.22),
    RiskId.extraterritorial_access: (0.22, -0.22),
}
# Green to red along the diagonal, as the CNIL tool shades its map (low-low to high-high).
_BACKGROUND = ("#a9dfbf", "#f9e79f", "#f5cba7", "#f1948a")
_COLOURS = {
    RiskId.illegitimate_access: "#c0392b",
    RiskId.unwanted_modification: "#8e44ad",
    RiskId.disappearance: "#2471a3",
    RiskId.extraterritorial_access: "#d68910",
}


def _positions(rows: Iterable[dict[str, Any]], phase: str) -> Counter[tuple[RiskId, int, int]]:
    """How many assessments put each risk in each (likelihood, severity) cell."""
    counts: Counter[tuple[RiskId, int, int]] = Counter()
    for row in rows:
        for risk in RiskId:
            position = row.get(f"{risk.value}_{phase}_position")
            if position:
                severity, likelihood = position
                counts[(risk, int(likelihood), int(severity))] += 1
    return counts


def portfolio_png(rows: list[dict[str, Any]], lang: Lang) -> bytes:
    """A PNG with two maps side by side: initial and residual positions of every risk."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    figure = Figure(figsize=(11, 5.6), dpi=100)
    titles = {"fr": ("Risques initiaux", "Risques résiduels"), "en": ("Initial risks", "Residual risks")}[lang]
    axes_labels = {"fr": ("Vraisemblance", "Gravité"), "en": ("Likelihood", "Severity")}[lang]
    for index, (phase, title) in enumerate(zip(("initial", "residual"), titles, strict=True)):
        axes = figure.add_subplot(1, 2, index + 1)
        for likelihood in range(1, 5):
            for severity in range(1, 5):
                colour = _BACKGROUND[min(3, (likelihood + severity - 2) // 2)]
                axes.add_patch(
                    Rectangle((likelihood - 0.5, severity - 0.5), 1, 1, facecolor=colour, edgecolor="white", lw=2)
                )
        for (risk, likelihood, severity), count in sorted(_positions(rows, phase).items()):
            dx, dy = _OFFSETS[risk]
            size = 60 + 40 * count**0.5
            axes.scatter(likelihood + dx, severity + dy, s=size, color=_COLOURS[risk], edgecolor="black", zorder=3)
            axes.annotate(
                str(count),
                (likelihood + dx, severity + dy),
                ha="center",
                va="center",
                fontsize=7,
                color="white",
                zorder=4,
                fontweight="bold",
            )
        ticks = [label(level, lang) for level in Level]
        axes.set_xticks(range(1, 5), ticks, fontsize=8)
        axes.set_yticks(range(1, 5), ticks, fontsize=8)
        axes.set_xlim(0.5, 4.5)
        axes.set_ylim(0.5, 4.5)
        axes.set_xlabel(axes_labels[0])
        axes.set_ylabel(axes_labels[1])
        axes.set_title(f"{title} ({len(rows)})")
        axes.set_aspect("equal")
    handles = [
        figure.axes[0].scatter([], [], color=_COLOURS[risk], edgecolor="black", label=label(risk, lang))
        for risk in RiskId
    ]
    figure.legend(handles=handles, loc="lower center", ncol=2, fontsize=8, frameon=False)
    figure.subplots_adjust(bottom=0.2, top=0.92, wspace=0.3)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
