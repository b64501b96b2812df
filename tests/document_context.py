"""The document context of an answer file, built from the real scoring (no Word, no LibreOffice), once
per file and language for the tests that read what the document says."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from dpia.answers import load
from dpia.labels import Lang
from dpia.report.context import DocumentContext, Provenance, build_context
from dpia.scoring import assess


@cache
def context(path: Path, lang: Lang) -> DocumentContext:
    assessment = load(path).assessment
    findings = assess(assessment, lang=lang)
    provenance = Provenance(tool_version="test", rules_version=findings.rules_version, answers_file=path.name,
                            answers_sha256="0" * 64, template=f"dpia-{lang}.docx")  # fmt: skip
    return build_context(assessment, findings, provenance, lang)
