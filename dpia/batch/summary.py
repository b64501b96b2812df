"""The batch summary: one row per answer file, as CSV and Excel, written with pandas."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from dpia.batch.cells import for_xlsx, neutralise
from dpia.fsutil import atomic_write_bytes
from dpia.labels import Lang, label
from dpia.model import Assessment
from dpia.scoring.findings import Findings, RiskId

TOP_RECOMMENDATIONS = 3

COLUMNS = [
    "file",
    "status",
    "service",
    "controller",
    "dpia_required",
    *[f"{risk.value}_{phase}" for risk in RiskId for phase in ("initial", "residual")],
    "prior_consultation",
    "levels_moved",  # since the previous version (--previous-dir), e.g. "… (résiduel) 2→3"
    "flags_changed",
    "top_recommendations",
    "outputs",
    "errors",
]
FLAG_COLUMNS = ("dpia_required", "prior_consultation")
LEVEL_COLUMNS = tuple(column for column in COLUMNS if column.endswith(("_initial", "_residual")))
TEXT_COLUMNS = tuple(column for column in COLUMNS if column not in FLAG_COLUMNS + LEVEL_COLUMNS)


def summary_row(assessment: Assessment, findings: Findings, lang: Lang) -> dict[str, Any]:
    """The columns that come from the assessment and its findings (plain values, JSON-safe)."""
    row: dict[str, Any] = {
        "service": assessment.processing.name,
        "controller": assessment.processing.controller.name,
        "dpia_required": findings.screening.required,
        "prior_consultation": findings.prior_consultation,
    }
    for risk in findings.risks:
        for phase, levels in (("initial", risk.initial), ("residual", risk.residual)):
            row[f"{risk.id.value}_{phase}"] = int(levels.level)
            # Kept for the portfolio map; not a column of the summary files.
            row[f"{risk.id.value}_{phase}_position"] = [int(levels.severity), int(levels.likelihood)]
    best = sorted(findings.recommendations, key=lambda r: (-r.gain, r.risk.value, r.measure))[:TOP_RECOMMENDATIONS]
    row["top_recommendations"] = "; ".join(
        f"{label(r.measure, lang, 'Measure')} ({label(r.risk, lang)} {int(r.before.level)}→{int(r.after.level)})"
        for r in best
    )
    return row


def write_summary(rows: list[dict[str, Any]], outdir: Path) -> list[Path]:
    """summary.csv and summary.xlsx in `outdir`, each written atomically."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=COLUMNS)
    for column in FLAG_COLUMNS:
        frame[column] = frame[column].astype("boolean")
    for column in LEVEL_COLUMNS:
        frame[column] = frame[column].astype("Int64")
    # Every text cell (names, file names, errors) is neutralised before either file is written.
    for column in TEXT_COLUMNS:
        frame[column] = frame[column].map(neutralise, na_action="ignore")
    csv_path, xlsx_path = outdir / "summary.csv", outdir / "summary.xlsx"
    # RFC 4180 line ends: a carriage return inside a cell is then quoted, never taken for a new row.
    atomic_write_bytes(csv_path, frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8"))
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        shown = frame.copy()
        for column in TEXT_COLUMNS:
            shown[column] = shown[column].map(for_xlsx, na_action="ignore")
        shown.to_excel(writer, index=False, sheet_name="summary")
        sheet = writer.sheets["summary"]
        sheet.freeze_panes = "B2"
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":  # no formula comes from data: a missed case still stays text
                    cell.data_type = "s"
        for cells in sheet.columns:
            width = max(len(str(cell.value or "")) for cell in cells)
            sheet.column_dimensions[cells[0].column_letter].width = min(max(10, width + 2), 60)
    atomic_write_bytes(xlsx_path, _fixed_zip_dates(buffer.getvalue()))
    return [csv_path, xlsx_path]


def _fixed_zip_dates(data: bytes) -> bytes:
    """An .xlsx is a zip: give every entry the same date so the same rows give the same bytes."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
