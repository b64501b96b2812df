"""From a loaded answer file and its findings to the bytes of the Word DPIA."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from dpia import __version__
from dpia.answers import LoadedAnswers
from dpia.labels import Lang
from dpia.model import Assessment
from dpia.report.context import Provenance, build_context
from dpia.report.render import Renderer
from dpia.resources import default_template as default_template  # where the CLI and tests look for it
from dpia.scoring.findings import Findings

if TYPE_CHECKING:
    from dpia.diff import Assessed


def provenance(loaded: LoadedAnswers, findings: Findings, template: Path) -> Provenance:
    return Provenance(
        tool_version=__version__,
        rules_version=findings.rules_version,
        answers_file=loaded.path.name,
        answers_sha256=loaded.sha256,
        template=template.name,
        providers_kb_version=_providers_kb_version(loaded.assessment),
    )


def _providers_kb_version(assessment: Assessment) -> str:
    """The knowledge base's version when a provider's facts come from it: the facts are those of that version."""
    if not any(provider.kb for provider in assessment.providers):
        return ""
    from dpia.providers import shipped

    return shipped().version


def build_docx(
    loaded: LoadedAnswers,
    findings: Findings,
    lang: Lang,
    renderer: Renderer,
    trace: bool = False,
    previous: Assessed | None = None,
) -> bytes:
    """The .docx bytes of the DPIA; pure apart from the template the renderer holds.

    `trace` adds the technical annex listing every scoring rule that fired (off by default);
    `previous`, the previous version, adds the changes since it and its row in the version table.
    """
    assessment = loaded.assessment
    context = build_context(assessment, findings, provenance(loaded, findings, renderer.template), lang, trace)
    if previous is not None:
        from dpia.diff import Scored
        from dpia.report.changes import with_changes

        context = with_changes(context, previous, Scored(loaded, findings), lang)
    return renderer.render(context, date=assessment.date, author=assessment.author)
