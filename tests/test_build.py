"""`dpia build` end to end: every sample through the real scoring, read back, converted, rebuilt."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import invoke_dpia, style_name
from docx import Document
from typer.testing import CliRunner

from dpia.answers import load
from dpia.cli import app
from dpia.completeness import missing
from dpia.labels import label
from dpia.report import toc
from dpia.scoring import assess
from dpia.scoring.engine import high

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "samples").glob("*.yaml"))
HOSTILE = '<script>&"{{ 7*7 }}{% if %}'
HEADINGS_FR = {
    "Heading 1": [
        "Synthèse",
        "Méthode",
        "1. Contexte",
        "2. Principes fondamentaux",
        "3. Risques",
        "4. Validation",
        "Annexes",
    ],
    "Heading 2": [
        "1.1 Vue d'ensemble",
        "1.2 Données, processus et supports",
        "2.1 Proportionnalité et nécessité",
        "2.2 Mesures protectrices des droits",
        "3.1 Mesures existantes ou prévues",
        "3.2 Accès illégitime à des données",
        "3.3 Modification non désirée de données",
        "3.4 Disparition de données",
        "3.5 Accès extraterritorial",
        "3.6 Vue d'ensemble des risques",
        "4.1 Cartographie des risques",
        "4.2 Plan d'action",
        "4.3 Avis du DPD et des personnes concernées",
        "4.4 Conclusion et décision",
        "A. Analyse préalable : l'AIPD est-elle obligatoire ?",
        "B. Provenance",
    ],
}


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """A real `python -m dpia` process: for what only a process shows (two processes' bytes, LibreOffice)."""
    return subprocess.run([sys.executable, "-m", "dpia", *args], capture_output=True, text=True, cwd=REPO, check=False)


def all_text(document) -> str:
    return "\n".join(
        "".join(node.text or "" for node in paragraph.iter() if node.tag.endswith("}t"))
        for paragraph in document.element.body.iter()
        if paragraph.tag.endswith("}p")
    )


@pytest.mark.parametrize("sample", SAMPLES, ids=[sample.stem for sample in SAMPLES])
def test_every_sample_builds_with_every_section_and_its_risk_levels(sample: Path, tmp_path: Path):
    output = tmp_path / "dpia.docx"
    result = CliRunner().invoke(app, ["build", str(sample), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert f"wrote {output}" in result.output

    document = Document(str(output))
    headings = {
        style: [p.text for p in document.paragraphs if style_name(p) == style] for style in ("Heading 1", "Heading 2")
    }
    loaded = load(sample)
    draft = ["Informations manquantes"] if missing(loaded.assessment) else []
    assert headings == {"Heading 1": draft + HEADINGS_FR["Heading 1"], "Heading 2": HEADINGS_FR["Heading 2"]}

    findings = assess(loaded.assessment)
    text = all_text(document)
    assert loaded.assessment.processing.name in text
    assert loaded.sha256 in text and findings.rules_version in text
    # The executive summary's risk table, then the overview of section 3.6.
    summary, overview = [table for table in document.tables if table.rows[0].cells[0].text == "Risque"]
    rows = {row.cells[0].text: row for row in summary.rows[1:]}
    assert len(rows) == 4 and len(overview.rows) == 5
    for risk in findings.risks:
        row = next(row for title, row in rows.items() if title.endswith(label(risk.id, "fr")))
        # Each axis, initial → residual, and whether the residual risk is high (Art. 36): no combined level.
        for cell, axis in zip(row.cells[1:3], ("severity", "likelihood"), strict=True):
            initial, residual = getattr(risk.initial, axis), getattr(risk.residual, axis)
            # A no-break space ties each number to its word, so that a narrow column breaks at the arrow.
            nbsp = "\u00a0"
            assert (
                cell.text
                == f"{int(initial)}.{nbsp}{label(initial, 'fr')} → {int(residual)}.{nbsp}{label(residual, 'fr')}"
            )
        initial_high, residual_high = ("Oui" if high(levels) else "Non" for levels in (risk.initial, risk.residual))
        assert row.cells[3].text == f"{initial_high} → {residual_high}"
    # A draft leaves Art. 36 to be determined, saying what the least favourable reading gives.
    consultation = ("elle serait requise" if draft else "doit consulter la CNIL") in text
    assert consultation == findings.prior_consultation
    rules = {reason.rule for risk in findings.risks for reason in risk.reasons}
    assert not [rule for rule in rules if rule in text], "rule ids stay out of the document without --trace"
    met = [criterion for criterion in findings.screening.criteria if criterion.met]
    for criterion in met:
        assert criterion.text in text


def test_english_document(tmp_path: Path):
    output = tmp_path / "dpia-en.docx"
    result = CliRunner().invoke(app, ["build", str(SAMPLES[0]), "-o", str(output), "--lang", "en"])
    assert result.exit_code == 0, result.output
    document = Document(str(output))
    assert [p.text for p in document.paragraphs if style_name(p) == "Heading 1"] == [
        "Executive summary",
        "Method",
        "1. Context",
        "2. Fundamental principles",
        "3. Risks",
        "4. Validation",
        "Annexes",
    ]
    assert document.core_properties.language == "en"


def test_building_twice_in_two_processes_gives_the_same_bytes(tmp_path: Path):
    sample = REPO / "samples" / "doctolib-aws-2021.yaml"
    first, second = tmp_path / "first.docx", tmp_path / "second.docx"
    assert run_cli("build", str(sample), "-o", str(first)).returncode == 0
    assert run_cli("build", str(sample), "-o", str(second)).returncode == 0
    assert first.read_bytes() == second.read_bytes()


def test_default_output_sits_beside_the_answers(tmp_path: Path):
    answers = tmp_path / "clinic.yaml"
    shutil.copyfile(REPO / "samples" / "doctolib-aws-2021.yaml", answers)
    assert invoke_dpia("build", answers, cwd=REPO).returncode == 0
    assert (
        Document(str(tmp_path / "clinic.docx")).core_properties.author
        == "Direction générale de la santé (équipe projet de la prise de rendez-vous de vaccination)"
    )


def test_bad_answers_exit_2_located_and_leave_the_existing_document(tmp_path: Path):
    answers = tmp_path / "bad.yaml"
    answers.write_text('schema_version: "1.0"\nprocessing:\n  name: 12\n', encoding="utf-8")
    output = tmp_path / "dpia.docx"
    output.write_bytes(b"previous version")
    result = invoke_dpia("build", answers, "-o", output, cwd=REPO)
    assert result.returncode == 2
    assert f"{answers}:" in result.stderr and "Traceback" not in result.stderr
    assert output.read_bytes() == b"previous version"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bad.yaml", "dpia.docx"]


def test_unknown_tag_in_a_user_template_exits_2_naming_it(tmp_path: Path):
    template = Document(str(REPO / "templates" / "dpia-fr.docx"))
    template.add_paragraph("Signataire : {{ signataire.nom }}")
    path = tmp_path / "mine.docx"
    template.save(str(path))
    output = tmp_path / "dpia.docx"
    result = invoke_dpia(
        "build", REPO / "samples" / "doctolib-aws-2021.yaml", "-o", output, "--template", path, cwd=REPO
    )
    assert result.returncode == 2
    assert "{{ signataire.nom }}" in result.stderr and "'signataire'" in result.stderr
    assert "Traceback" not in result.stderr and not output.exists()


def test_user_template_edits_are_kept(tmp_path: Path):
    template = Document(str(REPO / "templates" / "dpia-en.docx"))
    template.add_paragraph("Reviewed for {{ processing.controller.name }} by the board.")
    path = tmp_path / "mine.docx"
    template.save(str(path))
    output = tmp_path / "dpia.docx"
    result = invoke_dpia("build", SAMPLES[0], "-o", output, "--template", path, "--lang", "en", cwd=REPO)
    assert result.returncode == 0, result.stderr
    controller = load(SAMPLES[0]).assessment.processing.controller.name
    assert f"Reviewed for {controller} by the board." in all_text(Document(str(output)))


def hostile_answers(tmp_path: Path) -> Path:
    text = (REPO / "samples" / "doctolib-aws-2021.yaml").read_text(encoding="utf-8")
    nasty = json.dumps(HOSTILE + "\x00\x0b\x1f end")  # a JSON string is a YAML double-quoted scalar
    text = text.replace("  name: Prise de rendez-vous de vaccination contre la Covid-19", f"  name: {nasty}")
    text = text.replace("  - Envoyer les confirmations et rappels de rendez-vous", f"  - {nasty}")
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_pdf_through_libreoffice_shows_sections_and_hostile_text_literally(tmp_path: Path):
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.fail("LibreOffice (soffice) and poppler (pdftotext) are needed to check the PDF a DPO files")
    output = tmp_path / "hostile.docx"
    result = run_cli("build", str(hostile_answers(tmp_path)), "-o", str(output), "--pdf")
    assert result.returncode == 0, result.stderr
    assert f"wrote {output.with_suffix('.pdf')}" in result.stdout
    text = subprocess.run(
        ["pdftotext", "-layout", str(output.with_suffix(".pdf")), "-"], capture_output=True, text=True, check=True
    ).stdout
    for heading in ("1. Contexte", "2.2 Mesures protectrices des droits", "3.5 Accès extraterritorial",
                    "4.1 Cartographie des risques", "4.4 Conclusion et décision", "B. Provenance"):  # fmt: skip
        assert heading in text
    assert HOSTILE + " end" in text
    assert "Permettre aux centres de vaccination de gérer leurs plannings" in text  # what follows survived
    assert "(A)" in text and "Vraisemblance" in text
    # The .docx beside it keeps the page numbers of that layout in its table of contents.
    with zipfile.ZipFile(output) as archive:
        saved = toc.numbered(archive.read("word/document.xml").decode("utf-8"))
    assert len(saved) >= 7 and saved == re.findall(r"\.{5,}\s*(\d+)\s*$", text, re.MULTILINE)


def test_pdf_without_libreoffice_says_so_and_keeps_the_docx(tmp_path: Path):
    empty = tmp_path / "bin"
    empty.mkdir()
    output = tmp_path / "dpia.docx"
    # In this process, with a PATH that finds no LibreOffice while the command runs.
    result = invoke_dpia("build", SAMPLES[0], "-o", output, "--pdf", cwd=REPO, env={"PATH": str(empty)})
    assert result.returncode == 1
    assert "LibreOffice is not installed" in result.stderr
    assert Document(io.BytesIO(output.read_bytes())).paragraphs and not output.with_suffix(".pdf").exists()
