"""What the document says about access by third-country authorities and the providers' safeguards."""

from __future__ import annotations

from pathlib import Path

import pytest
from document_context import context

from dpia.answers import load
from dpia.labels import Lang
from dpia.scoring import assess

REPO = Path(__file__).resolve().parents[1]
LANGS: tuple[Lang, ...] = ("fr", "en")


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


@pytest.mark.parametrize("lang", LANGS)
def test_sub_processors_not_identified_are_said_not_assessed_and_their_identification_is_decided(lang: Lang) -> None:
    """The service sends SMS and e-mail confirmations through routers no public source of 2021 names: the
    document says they are not identified, that the foreign-access level covers only the identified chain,
    and the decision retains their identification; nothing is assumed about them."""
    ctx = context(REPO / "samples" / "doctolib-aws-2021.yaml", lang)
    ext = next(r for r in ctx.risks if r.id == "extraterritorial_access").likelihood_justification
    holds = {
        "fr": "si l'un d'eux relevait du droit d'un pays tiers, la vraisemblance serait réexaminée",
        "en": "if any of them were subject to a third country's law, the likelihood would be reassessed",
    }
    assert holds[lang] in ext and "Doctolib SAS" in ext
    # The summary states the level with this point in full, the services named, instead of listing it apart.
    summary = next(t for t in ctx.summary.findings if t.startswith(("Accès par des autorités", "Access by")))
    assert holds[lang] in summary and "envoi des SMS de confirmation" in summary and "28(4)" in summary
    gate = next(g for g in ctx.gates if g.id == "GATE-UNIDENTIFIED-PROVIDER")
    assert gate.status == {"fr": "À examiner", "en": "To review"}[lang] and "Doctolib SAS" in gate.text
    action = next(a for a in ctx.proposed_actions if a.key == "unidentified-provider:Doctolib SAS")
    assert "Doctolib SAS" in action.title and {"fr": "chapitre 3.5", "en": "section 3.5"}[lang] in action.title
    assert not ctx.missing and not ctx.document.draft


def test_naming_the_routers_removes_the_open_check_and_changes_no_level() -> None:
    data = load(REPO / "samples" / "doctolib-aws-2021.yaml").assessment
    cleared = data.model_copy(update={"unidentified_providers": []})
    before, after = assess(data), assess(cleared)
    assert any(g.id == "GATE-UNIDENTIFIED-PROVIDER" for g in before.gates)
    assert not any(g.id == "GATE-UNIDENTIFIED-PROVIDER" for g in after.gates)
    assert [r.residual for r in before.risks] == [r.residual for r in after.risks]
