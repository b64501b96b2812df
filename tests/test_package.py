"""`dpia package`: the file for prior consultation of the CNIL (GDPR Art. 36(3)).

The package of a sample that calls for consultation is made once, by the real command (one
LibreOffice conversion for this module), and every test reads what a DPO would send.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLES, invoke_dpia
from docx import Document

from dpia.labels import Lang
from dpia.package import package_warnings
from dpia.package.letter import Enclosure, letter_context, missing_facts, render_letter
from dpia.pipeline import assess_file
from dpia.report import toc

CONSULTATION = SAMPLES / "municipal-centre-us-sms.yaml"
NOT_REQUIRED = SAMPLES / "trusted-cloud-licensor.yaml"
FILES_FR = ["1-lettre-cnil.docx", "2-aipd.docx", "2-aipd.pdf", "3-import-logiciel-pia.json", "manifest.json"]


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    import os
    import sys

    folder = tmp_path_factory.mktemp("package") / "cnil"  # does not exist yet: the command creates it
    result = subprocess.run(
        [sys.executable, "-m", "dpia", "package", str(CONSULTATION), "-o", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1"},
    )
    return folder, result


def _paragraphs(path: Path) -> list[str]:
    return [paragraph.text for paragraph in Document(str(path)).paragraphs]


def test_the_package_holds_every_file(package: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    folder, result = package
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in folder.iterdir()) == FILES_FR
    assert (folder / "2-aipd.pdf").read_bytes().startswith(b"%PDF")
    pdf_text = subprocess.run(["pdftotext", str(folder / "2-aipd.pdf"), "-"], capture_output=True, text=True).stdout
    assert "Réservation des créneaux du centre municipal de vaccination" in pdf_text
    pia = json.loads((folder / "3-import-logiciel-pia.json").read_text(encoding="utf-8"))
    assert pia["pia"]["name"] == "Réservation des créneaux du centre municipal de vaccination"


def test_the_manifest_fingerprints_every_file_with_rules_and_date(
    package: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    folder, _ = package
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    listed = {entry["name"]: entry["sha256"] for entry in manifest["files"]}
    assert sorted(listed) == sorted(FILES_FR[:-1])
    for name, sha256 in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == sha256, name
    score = json.loads(invoke_dpia("score", CONSULTATION, "--json").stdout)
    assert manifest["rules_version"] == score["rules_version"]
    assert manifest["as_of"] == "2026-10-01"
    assert manifest["prior_consultation_required"] is True
    assert manifest["answers_sha256"] == hashlib.sha256(CONSULTATION.read_bytes()).hexdigest()


def test_the_documents_are_those_build_and_export_write(
    package: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    folder, _ = package
    exported = invoke_dpia("export", CONSULTATION, "--to", "cnil-pia", "-o", tmp_path / "pia.json")
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "pia.json").read_bytes() == (folder / "3-import-logiciel-pia.json").read_bytes()
    built = invoke_dpia("build", CONSULTATION, "-o", tmp_path / "dpia.docx")
    assert built.returncode == 0, built.stderr
    # The package's .docx has the page numbers of its PDF's layout in its table of contents; the suite
    # builds without that layout (DPIA_PAGE_NUMBERS=0): apart from those numbers, the parts are the same.
    built_parts, packaged = _parts(tmp_path / "dpia.docx"), _parts(folder / "2-aipd.docx")
    assert all(toc.numbered(packaged["word/document.xml"].decode())), "the package's table of contents has its pages"
    for parts in (built_parts, packaged):
        parts["word/document.xml"] = toc.number(parts["word/document.xml"].decode(), {}).encode()
    assert built_parts == packaged


def _parts(docx: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(docx) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_letter_names_points_a_to_f_each_in_a_paragraph(
    package: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    folder, _ = package
    paragraphs = _paragraphs(folder / "1-lettre-cnil.docx")
    points = [text for text in paragraphs if re.match(r"^[a-f]\) ", text)]
    assert [text[0] for text in points] == list("abcdef")
    assert points[3].startswith("d) Les coordonnées du délégué à la protection des données")
    text = "\n".join(paragraphs)
    assert "Objet : demande de consultation préalable (article 36 du RGPD)" in text
    # Each high risk by its pair, as the DPIA it encloses reports it: no combined level.
    assert (
        "Accès extraterritorial par des autorités étrangères : risque résiduel élevé (gravité 3 (Importante), "
        "vraisemblance 4 (Maximale))"
    ) in text
    assert "de niveau" not in text
    assert "SMS Gateway Inc. (fictif) (États-Unis) : sous-traitant ultérieur" in text
    assert "2-aipd.docx, 2-aipd.pdf" in text and "manifest.json" in text
    assert "{{" not in text and "{%" not in text


def test_a_complete_file_is_not_a_draft(package: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    folder, result = package
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["draft"], manifest["missing"]) == (False, [])
    paragraphs = _paragraphs(folder / "1-lettre-cnil.docx")
    assert not paragraphs[0].startswith("PROJET")
    assert "Maire de Bourg-sur-Exemple" in paragraphs  # who decided signs
    assert "Le 1 octobre 2026" in paragraphs
    assert "dpd@cdg-exemple.example" in "\n".join(paragraphs)
    assert result.stderr == ""


def _letter(sample: Path, lang: Lang, tmp_path: Path) -> tuple[list[str], list[str]]:
    assessed = assess_file(sample, lang)
    enclosures = {key: Enclosure(f"{key}.bin", "0" * 64) for key in ("dpia_docx", "dpia_pdf", "cnil_pia", "manifest")}
    missing = missing_facts(assessed.assessment, lang)
    context = letter_context(assessed.assessment, assessed.findings, enclosures, lang, missing)
    path = tmp_path / "letter.docx"
    path.write_bytes(render_letter(context, lang))
    return _paragraphs(path), package_warnings(assessed.findings, missing, lang)


def test_no_high_residual_risk_still_gets_a_letter_that_says_consultation_is_not_required(tmp_path: Path) -> None:
    paragraphs, warnings = _letter(NOT_REQUIRED, "en", tmp_path)
    text = "\n".join(paragraphs)
    assert "Subject: data protection impact assessment, for information" in text
    assert "the prior consultation of GDPR Article 36(1) is not required" in text
    assert [p[0] for p in paragraphs if re.match(r"^[a-f]\) ", p)] == list("abcdef")
    assert warnings[0].startswith("prior consultation of the CNIL is not required: no residual risk is high")
    assert "level 2 (Limited)" in warnings[0]


def test_missing_facts_make_a_draft_letter_that_says_what_is_missing(tmp_path: Path) -> None:
    paragraphs, warnings = _letter(SAMPLES / "minimal.yaml", "fr", tmp_path)
    assert paragraphs[0].startswith("PROJET – à compléter avant envoi : ")
    assert "le délégué à la protection des données" in paragraphs[0]
    assert [p[0] for p in paragraphs if re.match(r"^[a-f]\) ", p)] == list("abcdef")
    assert any(w.startswith("le dossier est un projet ; il manque : ") for w in warnings)


def test_the_letter_is_the_same_bytes_for_the_same_answers(tmp_path: Path) -> None:
    assessed = assess_file(CONSULTATION, "fr")
    enclosures = {key: Enclosure(key, "") for key in ("dpia_docx", "dpia_pdf", "cnil_pia", "manifest")}
    context = letter_context(assessed.assessment, assessed.findings, enclosures, "fr", [])
    assert render_letter(context, "fr") == render_letter(context, "fr")


def test_a_folder_whose_parent_is_missing_is_bad_input(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "folder"
    result = invoke_dpia("package", CONSULTATION, "-o", target)
    assert result.returncode == 2
    assert "parent folder does not exist" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "no").exists()
