"""What the document says about access by third-country authorities and the providers' safeguards."""

from __future__ import annotations

from pathlib import Path

import pytest

from dpia.answers import load
from dpia.labels import Lang
from dpia.report.context import DocumentContext, Provenance, build_context
from dpia.scoring import assess

REPO = Path(__file__).resolve().parents[1]
LANGS: tuple[Lang, ...] = ("fr", "en")


def context(path: Path, lang: Lang) -> DocumentContext:
    assessment = load(path).assessment
    findings = assess(assessment, lang=lang)
    provenance = Provenance(tool_version="test", rules_version=findings.rules_version, answers_file=path.name,
                            answers_sha256="0" * 64, template=f"dpia-{lang}.docx")  # fmt: skip
    return build_context(assessment, findings, provenance, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_a_processor_no_foreign_law_reaches_has_its_transfer_safeguards_explained(lang: Lang) -> None:
    """Doctolib SAS, French and under no third country's law, has no foreign request to contest and no clause
    of its own against transfers: the row says why, instead of two bare « Non »."""
    providers = {p.name: p for p in context(REPO / "samples" / "doctolib-aws-2021.yaml", lang).providers}
    doctolib = providers["Doctolib SAS"]
    assert (
        doctolib.challenge_foreign_requests
        == {
            "fr": "Sans objet : aucun droit d'un pays tiers ne l'atteint",
            "en": "Not applicable: no third country's law reaches it",
        }[lang]
    )
    assert {"fr": "art. 28(3)(a)", "en": "Art. 28(3)(a)"}[lang] in doctolib.no_transfer_clause
    # An exposed provider's answers stay as given: a missing safeguard there is a finding, not a detail.
    sms = {p.name: p for p in context(REPO / "samples" / "municipal-centre-us-sms.yaml", lang).providers}
    assert sms["SMS Gateway Inc. (fictif)"].challenge_foreign_requests == {"fr": "Non", "en": "No"}[lang]
    # A processor whose sub-processor sends the data to a third country keeps its bare answer.
    assert sms["RDV Santé SAS (fictif)"].no_transfer_clause == {"fr": "Non", "en": "No"}[lang]
