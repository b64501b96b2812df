"""The one path from an answer file to what dpia writes: load -> assess -> render.

`dpia build`, `dpia export`, `dpia score --json`, `dpia batch`, the wizard and the benchmarks all go
through `assess_file` and a `Pipeline`, so a document built alone and the same document built in a
batch are the same bytes. `FORMATS` is the registry of what can be written; each format names its
file suffix and whether it needs the Word template.

Heavy libraries (docxtpl, the scoring tables) are imported when first used, so that importing this
module costs nothing to commands that write nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dpia.answers import LoadedAnswers
    from dpia.labels import Lang
    from dpia.model import Assessment
    from dpia.report.render import Renderer
    from dpia.scoring.findings import Findings


@dataclass(frozen=True)
class Assessed:
    """An answer file read once and validated, and its findings."""

    loaded: LoadedAnswers
    findings: Findings

    @property
    def assessment(self) -> Assessment:
        return self.loaded.assessment


def assess_file(path: Path, lang: Lang = "fr", as_of: dt.date | None = None) -> Assessed:
    """Load and validate an answer file, then score it under the law of `as_of` (default: the file's date).

    Bad input raises `InputError`.
    """
    from dpia.answers import load
    from dpia.scoring import assess

    loaded = load(path)
    return Assessed(loaded, assess(loaded.assessment, lang, as_of))


# --------------------------------------------------------------------------------------------------
# The output formats


@dataclass(frozen=True)
class OutputFormat:
    name: str
    suffix: str  # what a batch appends to an item's name, and what `dpia build -o` expects
    description: str
    uses_template: bool
    in_batch: bool
    render: Callable[[Pipeline, Assessed, dict[str, bytes]], bytes]
    modules: tuple[str, ...]  # imported by `Pipeline.prepare`, so that forked workers start with them


def _docx(pipeline: Pipeline, assessed: Assessed, done: dict[str, bytes]) -> bytes:
    from dpia.report.build import build_docx

    return build_docx(
        assessed.loaded,
        assessed.findings,
        pipeline.lang,
        pipeline.renderer(),
        trace=pipeline.trace,
        previous=pipeline.previous(),
    )


def _pdf(pipeline: Pipeline, assessed: Assessed, done: dict[str, bytes]) -> bytes:
    from dpia.report.pdf import lay_out_document

    docx = done.get("docx") or _docx(pipeline, assessed, done)
    numbered, pdf = lay_out_document(docx)  # raises PdfError, which says what to do
    if "docx" in done:
        # The .docx already rendered gets this layout's page numbers in its table of contents, so that it
        # and the PDF agree and LibreOffice and Word show them without updating the fields.
        done["docx"] = numbered
    return pdf


def _score_json(pipeline: Pipeline, assessed: Assessed, done: dict[str, bytes]) -> bytes:
    from dpia.scoring.output import to_json

    return to_json(assessed.findings).encode("utf-8")


def _cnil_pia(pipeline: Pipeline, assessed: Assessed, done: dict[str, bytes]) -> bytes:
    from dpia.export.cnil_pia import render

    return render(assessed.assessment, assessed.findings, pipeline.lang)


def _diff(pipeline: Pipeline, assessed: Assessed, done: dict[str, bytes]) -> bytes:
    from dpia.diff import compare, to_json

    previous = pipeline.previous()
    if previous is None:
        raise ValueError("the diff format needs the previous version (Pipeline(previous=...))")
    return to_json(compare(previous, assessed, pipeline.lang)).encode("utf-8")


FORMATS: dict[str, OutputFormat] = {
    fmt.name: fmt
    for fmt in (
        OutputFormat("docx", ".docx", "the Word DPIA", True, True, _docx, ("dpia.report.build",)),
        OutputFormat("pdf", ".pdf", "the Word DPIA as PDF (LibreOffice)", True, False, _pdf, ("dpia.report.pdf",)),
        OutputFormat("json", ".score.json", "the findings as JSON", False, True, _score_json, ("dpia.scoring.output",)),
        OutputFormat(
            "cnil-pia", ".cnil-pia.json", "the CNIL PIA import file", False, True, _cnil_pia, ("dpia.export.cnil_pia",)
        ),
        OutputFormat(
            "diff", ".diff.json", "the changes since the previous version (JSON)", False, False, _diff, ("dpia.diff",)
        ),
    )
}
BATCH_FORMATS = tuple(name for name, fmt in FORMATS.items() if fmt.in_batch)


class Pipeline:
    """Renders assessed answer files into formats, holding what is costly to prepare once.

    The Word template is read, checked and compiled at the first document and reused for every
    later one, as a batch worker needs; a template that does not load raises `InputError`.
    """

    def __init__(
        self,
        lang: Lang,
        formats: Sequence[str] = ("docx",),
        template: Path | None = None,
        as_of: dt.date | None = None,
        trace: bool = False,
        previous: Path | None = None,
    ) -> None:
        unknown = [fmt for fmt in formats if fmt not in FORMATS]
        if unknown:
            raise ValueError(f"unknown output format(s): {', '.join(unknown)}")
        self.lang: Lang = lang
        self.formats = tuple(formats)
        self._template = template
        self.as_of = as_of
        self.trace = trace  # the Word DPIA gets the technical annex with the rule trace
        self._previous_file = previous  # the Word DPIA gets the changes since this previous version
        self._previous: Assessed | None = None
        self._renderer: Renderer | None = None

    def previous(self) -> Assessed | None:
        """The previous version, assessed once under the law of its own date, as it was filed."""
        if self._previous_file is not None and self._previous is None:
            self._previous = assess_file(self._previous_file, self.lang)
        return self._previous

    @property
    def uses_template(self) -> bool:
        return any(FORMATS[fmt].uses_template for fmt in self.formats)

    @property
    def template(self) -> Path:
        """The user's template, or the one shipped for the language."""
        if self._template is None:
            from dpia.resources import default_template

            self._template = default_template(self.lang)
        return self._template

    def renderer(self) -> Renderer:
        if self._renderer is None:
            from dpia.report.render import Renderer

            self._renderer = Renderer(self.template)
        return self._renderer

    def prepare(self) -> None:
        """Import what the formats need and compile the template now: a bad template is reported before any work."""
        import importlib

        for module in ("dpia.answers", "dpia.scoring", *(m for fmt in self.formats for m in FORMATS[fmt].modules)):
            importlib.import_module(module)
        if self.uses_template:
            self.renderer()

    def assess(self, path: Path) -> Assessed:
        return assess_file(path, self.lang, self.as_of)

    def render(self, assessed: Assessed, fmt: str, done: dict[str, bytes] | None = None) -> bytes:
        """One format's bytes; `done` holds formats already rendered for this file (a PDF reuses the .docx)."""
        return FORMATS[fmt].render(self, assessed, done or {})

    def outputs(self, assessed: Assessed) -> dict[str, bytes]:
        """Every format of this pipeline, in order, as bytes: nothing is written here."""
        done: dict[str, bytes] = {}
        for fmt in self.formats:
            done[fmt] = self.render(assessed, fmt, done)
        return done
