"""`dpia diff`: two assessments of one processing, or one file at two dates, compared as a DPO reads them."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLES, invoke_dpia, sample_files

DOCTOLIB = SAMPLES / "doctolib-aws-2021.yaml"
NO_ENCRYPTION = SAMPLES / "doctolib-aws-no-encryption.yaml"
DATED_LAW = importlib.util.find_spec("dpia.scoring.ruledata") is not None


@pytest.mark.parametrize("sample", sample_files(), ids=lambda path: path.name)
def test_a_sample_against_itself_is_empty(sample: Path) -> None:
    result = invoke_dpia("diff", sample, sample, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["moved"] is False
    assert data["answers"] == data["levels"] == data["gates"] == data["flags"] == data["reasons"] == []


def test_removing_encryption_names_the_answers_and_moves_the_foreign_access_level() -> None:
    result = invoke_dpia("diff", DOCTOLIB, NO_ENCRYPTION, "--json", "--lang", "en")
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    by_path = {change["path"]: change for change in data["answers"]}
    assert by_path["measures.encryption.status"]["field"] == "Encryption (status)"
    assert by_path["measures.encryption.status"]["old_words"] == "Implemented"
    assert by_path["measures.encryption.status"]["new"] is None
    assert "measures.encryption.key_management" in by_path
    measures = {change["path"].split(".")[1] for change in data["answers"] if change["path"].startswith("measures.")}
    assert measures == {"encryption"}

    foreign = {(m["stage"], m["scale"]): m["move"] for m in data["levels"] if m["risk"] == "extraterritorial_access"}
    assert foreign[("initial", "level")] == "2→3"
    assert foreign[("residual", "level")] == "2→3"
    reasons = next(r for r in data["reasons"] if r["risk"] == "extraterritorial_access")
    assert reasons["added"] and reasons["removed"]
    assert all(rule in reasons["texts"] for rule in [*reasons["added"], *reasons["removed"]])
    # Severity stays limited (2): a significant likelihood alone is not a high risk, so no Art. 36 flag moves.
    assert not any(flag["flag"] == "prior_consultation" for flag in data["flags"])
    assert any(g["id"] == "GATE-ART32-ENCRYPTION" and g["move"] == "partial→fail" for g in data["gates"])


def test_the_terminal_names_fields_and_moves_in_words() -> None:
    result = invoke_dpia("diff", DOCTOLIB, NO_ENCRYPTION)
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert "Chiffrement (statut)" in out
    assert "Accès extraterritorial" in out and "niveau 2→3" in out
    assert "Consultation préalable de la CNIL (art. 36) : activé" not in out
    assert "measures.encryption" not in out
    assert "+1" not in out.replace("+1 point", "")  # moves are never signed numbers


def test_only_wording_changed_exits_0_and_lists_the_answer(tmp_path: Path) -> None:
    text = DOCTOLIB.read_text(encoding="utf-8")
    plain = tmp_path / "plain.yaml"
    shutil.copy(DOCTOLIB, plain)
    wording = tmp_path / "wording.yaml"
    wording.write_text(text.replace("Service en ligne de prise", "Service web de prise", 1), encoding="utf-8")
    result = invoke_dpia("diff", plain, wording, "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "What does the processing do?" in result.stdout
    assert "No level, flag or check changed." in result.stdout


def test_a_provider_change_is_named_with_the_provider(tmp_path: Path) -> None:
    changed = tmp_path / "changed.yaml"
    text = DOCTOLIB.read_text(encoding="utf-8")
    changed.write_text(
        text.replace(
            "      hds: v1_2018\n      iso27001: true\n      iso27701",
            "      hds: none\n      iso27001: true\n      iso27701",
            1,
        ),
        encoding="utf-8",
    )
    data = json.loads(invoke_dpia("diff", DOCTOLIB, changed, "--json", "--lang", "en").stdout)
    (change,) = data["answers"]
    assert change["path"] == "providers[].certifications.hds"
    assert change["where"] == "Provider 'AWS Sarl'"
    assert change["field"] == "HDS certification"
    assert (change["old_words"], change["new_words"]) == ("HDS 2018 (v1)", "None")


@pytest.mark.xfail(not DATED_LAW, reason="the rules of this version carry no dated legal texts", strict=True)
def test_the_same_file_at_two_dates_shows_hds_v1_lapsing() -> None:
    result = invoke_dpia("diff", DOCTOLIB, DOCTOLIB, "--as-of-old", "2021-03-12", "--as-of-new", "2026-12-01", "--json")
    data = json.loads(result.stdout)
    assert result.returncode == 1
    assert data["answers"] == []
    assert (data["old"]["as_of"], data["new"]["as_of"]) == ("2021-03-12", "2026-12-01")
    assert any(g["id"] == "GATE-HDS" and g["move"] == "pass→fail" for g in data["gates"])
    assert data["legal"]["basis"] == "dated_texts"
    assert any(c["id"] == "HDS-V1" and c["event"] == "ceased" for c in data["legal"]["changes"])


def test_bad_input_exits_2_with_the_file_named(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema_version: '1.0'\nprocessing: 3\n", encoding="utf-8")
    result = invoke_dpia("diff", DOCTOLIB, broken)
    assert result.returncode == 2
    assert "broken.yaml" in result.stderr and "Traceback" not in result.stderr
    assert invoke_dpia("diff", DOCTOLIB, DOCTOLIB, "--as-of-new", "2026-13-01").returncode == 2


def _document(path: Path) -> tuple[list[str], list[list[str]]]:
    from docx import Document

    document = Document(str(path))
    tables = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    return [paragraph.text for paragraph in document.paragraphs], tables


def test_build_with_previous_lists_the_changes_and_records_the_previous_version(tmp_path: Path) -> None:
    previous = tmp_path / "v0.yaml"
    previous.write_text(
        DOCTOLIB.read_text(encoding="utf-8").replace('- version: "1.0"', '- version: "0.9"', 1), encoding="utf-8"
    )
    result = invoke_dpia("build", NO_ENCRYPTION, "--previous", previous, "-o", tmp_path / "v1.docx")
    assert result.returncode == 0, result.stderr
    paragraphs, rows = _document(tmp_path / "v1.docx")
    start = paragraphs.index("Modifications depuis la version précédente")
    section = paragraphs[start + 1 : start + 20]
    assert section[0].startswith("Version précédente : version 0.9 du 12 mars 2021")
    assert any(
        line.startswith("Accès extraterritorial par des autorités étrangères, risque résiduel :")
        and "vraisemblance 2→3" in line
        for line in section
    )
    # The document reports a risk by its pair: the combined level stays in `dpia diff`.
    assert not any("niveau 2→3" in line for line in section)
    assert not any("Consultation préalable de la CNIL (art. 36)" in line for line in section)  # severity stays 2
    assert "Chiffrement (statut) : En place → (absent)" in section
    versions = [row[0] for row in rows if row[0] in ("0.9", "1.0")]
    assert versions == ["0.9", "1.0"]  # the previous version first, then this one


def test_build_without_previous_has_no_changes_section_and_english_has_its_own(tmp_path: Path) -> None:
    assert invoke_dpia("build", DOCTOLIB, "-o", tmp_path / "plain.docx").returncode == 0
    assert "Modifications depuis la version précédente" not in _document(tmp_path / "plain.docx")[0]
    result = invoke_dpia("build", DOCTOLIB, "--previous", DOCTOLIB, "--lang", "en", "-o", tmp_path / "same.docx")
    assert result.returncode == 0, result.stderr
    paragraphs, _ = _document(tmp_path / "same.docx")
    start = paragraphs.index("Changes since the previous version")
    assert paragraphs[start + 1].endswith(
        "Since the previous version, no severity, likelihood, flag or check has changed."
    )


def test_batch_with_previous_dir_writes_diffs_and_change_columns(tmp_path: Path) -> None:
    import csv

    from openpyxl import load_workbook

    previous, current, out = tmp_path / "previous", tmp_path / "current", tmp_path / "out"
    (previous / "region").mkdir(parents=True)
    (current / "region").mkdir(parents=True)
    shutil.copy(DOCTOLIB, previous / "region" / "doctolib.yaml")
    shutil.copy(NO_ENCRYPTION, current / "region" / "doctolib.yaml")
    shutil.copy(SAMPLES / "trusted-cloud-licensor.yaml", previous / "centre.yaml")  # no high residual risk
    shutil.copy(SAMPLES / "municipal-centre-us-sms.yaml", current / "centre.yaml")  # prior consultation
    shutil.copy(SAMPLES / "minimal.yaml", current / "minimal.yaml")  # no previous version
    args = ("batch", current, "-o", out, "--previous-dir", previous, "--formats", "json", "-j", "1")
    result = invoke_dpia(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr

    diff = json.loads((out / "region" / "doctolib.diff.json").read_text(encoding="utf-8"))
    assert diff["moved"] is True and diff["flags"] == []
    centre = json.loads((out / "centre.diff.json").read_text(encoding="utf-8"))
    assert {"flag": "prior_consultation", "old": False, "new": True} in centre["flags"]
    assert not (out / "minimal.diff.json").exists()
    with (out / "summary.csv").open(encoding="utf-8", newline="") as handle:
        rows = {Path(row["file"]).name: row for row in csv.DictReader(handle)}
    moved = rows["doctolib.yaml"]["levels_moved"]
    assert "Accès extraterritorial par des autorités étrangères (résiduel) 2→3" in moved
    assert "+" not in moved
    assert rows["doctolib.yaml"]["flags_changed"] == ""
    assert rows["centre.yaml"]["flags_changed"] == "Consultation préalable de la CNIL (art. 36) Non→Oui"
    assert rows["minimal.yaml"]["levels_moved"] == rows["minimal.yaml"]["flags_changed"] == ""
    sheet = load_workbook(out / "summary.xlsx").active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    assert "levels_moved" in header and "flags_changed" in header

    again = invoke_dpia(*args, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert re.search(r"unchanged \(skipped\)\s*│\s*3\b", again.stdout), again.stdout
    (previous / "region" / "doctolib.yaml").write_text(NO_ENCRYPTION.read_text(encoding="utf-8"), encoding="utf-8")
    assert invoke_dpia(*args, cwd=tmp_path).returncode == 0  # a changed previous version redoes the item
    with (out / "summary.csv").open(encoding="utf-8", newline="") as handle:
        rows = {Path(row["file"]).name: row for row in csv.DictReader(handle)}
    assert rows["doctolib.yaml"]["status"] == "written" and rows["doctolib.yaml"]["levels_moved"] == ""


def test_batch_previous_dir_must_be_a_folder(tmp_path: Path) -> None:
    result = invoke_dpia(
        "batch", DOCTOLIB, "-o", tmp_path / "out", "--previous-dir", tmp_path / "nowhere", cwd=tmp_path
    )
    assert result.returncode == 2
    assert "nowhere: is not a folder of previous answer files" in result.stderr
