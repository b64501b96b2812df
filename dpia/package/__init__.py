"""The file for prior consultation of the CNIL (GDPR Art. 36(3)): `dpia package FILE -o DIR`.

One folder holding the cover letter (points (a) to (f) of Art. 36(3)), the DPIA as .docx and PDF,
the CNIL PIA import file, and manifest.json with each file's SHA-256, the rules version and the
as-of date. The documents come from the pipeline's output formats, so they are the same bytes as
`dpia build --pdf` and `dpia export --to cnil-pia` give. Everything is made in memory first: a
failure (a PDF LibreOffice cannot write) leaves the folder as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dpia.labels import Lang, label
from dpia.package.letter import Enclosure, letter_context, missing_facts, render_letter
from dpia.package.words import word
from dpia.scoring.findings import Findings

MANIFEST = "manifest.json"
MANIFEST_FORMAT = "1"


@dataclass(frozen=True)
class Package:
    files: dict[str, bytes]  # file name -> bytes, in the order they are listed
    manifest: dict[str, Any]
    warnings: list[str] = field(default_factory=list)

    @property
    def draft(self) -> bool:
        return bool(self.manifest["draft"])


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _not_required_warning(findings: Findings, lang: Lang) -> str:
    top = max(findings.risks, key=lambda risk: int(risk.residual.level))  # the first of the highest
    level = int(top.residual.level)
    return word("not_required", lang, risk=label(top.id, lang), level=f"{level} ({label(level, lang, 'Level')})")


def make_package(answers: Path, lang: Lang = "fr", as_of: dt.date | None = None) -> Package:
    """Every file of the package, in memory. Bad input raises InputError; a PDF that fails, PdfError."""
    from dpia import __version__
    from dpia.pipeline import FORMATS, Pipeline

    pipeline = Pipeline(lang, ("docx", "pdf", "cnil-pia"), as_of=as_of)
    assessed = pipeline.assess(answers)
    outputs = pipeline.outputs(assessed)
    assessment, findings = assessed.assessment, assessed.findings

    dpia_stem, pia_stem = word("file_dpia", lang), word("file_cnil_pia", lang)
    documents = {
        "dpia_docx": (f"{dpia_stem}{FORMATS['docx'].suffix}", outputs["docx"]),
        "dpia_pdf": (f"{dpia_stem}{FORMATS['pdf'].suffix}", outputs["pdf"]),
        "cnil_pia": (pia_stem, outputs["cnil-pia"]),
    }
    enclosures = {key: Enclosure(name, _sha256(data)) for key, (name, data) in documents.items()}
    enclosures["manifest"] = Enclosure(MANIFEST, "")
    missing = missing_facts(assessment, lang, findings)
    letter_name = word("file_letter", lang)
    letter = render_letter(letter_context(assessment, findings, enclosures, lang, missing), lang)

    files = {letter_name: letter, **{name: data for name, data in documents.values()}}
    what = {letter_name: "cover_letter", **{name: key for key, (name, _) in documents.items()}}
    manifest = {
        "format": MANIFEST_FORMAT,
        "tool_version": __version__,
        "rules_version": findings.rules_version,
        "as_of": findings.as_of.isoformat(),
        "as_of_basis": findings.as_of_basis,
        "lang": lang,
        "answers_file": assessed.loaded.path.name,
        "answers_sha256": assessed.loaded.sha256,
        "prior_consultation_required": findings.prior_consultation,
        "draft": bool(missing),
        "missing": missing,
        "files": [
            {"name": name, "what": what[name], "bytes": len(data), "sha256": _sha256(data)}
            for name, data in files.items()
        ],
    }
    return Package(files, manifest, package_warnings(findings, missing, lang))


def package_warnings(findings: Findings, missing: list[str], lang: Lang) -> list[str]:
    """Why the package is not a request for consultation, and what makes it a draft."""
    warnings = []
    if not findings.prior_consultation:
        warnings.append(_not_required_warning(findings, lang))
    if missing:
        warnings.append(word("draft", lang, missing=word("separator", lang).join(missing)))
    return warnings


def manifest_bytes(package: Package) -> bytes:
    return (json.dumps(package.manifest, sort_keys=True, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def check_folder(folder: Path) -> None:
    """The package can go there: a folder, or a new one in an existing folder. Else InputError."""
    from dpia.errors import InputError

    if folder.exists() and not folder.is_dir():
        raise InputError.single(str(folder), "is a file, not a folder; name a folder for the package with -o")
    if not folder.exists() and not folder.parent.is_dir():
        raise InputError.single(str(folder), "its parent folder does not exist; create it first")


def write_package(package: Package, folder: Path) -> list[Path]:
    """Write the files into `folder` (created when its parent exists), the manifest last; each write is atomic."""
    from dpia.fsutil import atomic_write_bytes

    check_folder(folder)
    folder.mkdir(exist_ok=True)
    written = []
    for name, data in [*package.files.items(), (MANIFEST, manifest_bytes(package))]:
        atomic_write_bytes(folder / name, data)
        written.append(folder / name)
    return written
