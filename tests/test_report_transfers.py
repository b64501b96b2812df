"""Section 2.2's sentence when no transfer outside the EEA is listed, read back from the built .docx and from
the CNIL PIA export.

Nobody can declare that a sub-processor nobody has identified transfers nothing: when the answers list
sub-processors known to take part but not identified, the sentence holds for the identified providers
only and names those it does not cover, in the words the rest of the document uses for them.
"""

from __future__ import annotations

import json
from functools import cache
from io import BytesIO
from pathlib import Path

import pytest
from cnil_pia_reader import text_of
from document_context import context
from docx import Document

from dpia.answers import load
from dpia.export import cnil_pia
from dpia.labels import Lang
from dpia.report.build import build_docx, default_template
from dpia.report.render import Renderer
from dpia.scoring import assess

REPO = Path(__file__).resolve().parents[1]
DOCTOLIB = REPO / "samples" / "doctolib-aws-2021.yaml"  # SMS and e-mail routers not identified
MINIMAL = REPO / "samples" / "minimal.yaml"  # no transfer, every provider identified
LANGS: tuple[Lang, ...] = ("fr", "en")

HEADING = {"fr": "Transferts hors de l'Union européenne", "en": "Transfers outside the European Union"}
DECLARED = {
    "fr": "Aucun transfert hors de l'Espace économique européen n'est déclaré.",
    "en": "No transfer outside the European Economic Area is declared.",
}
IDENTIFIED_ONLY = {
    "fr": "Aucun transfert hors de l'Espace économique européen n'est déclaré pour les prestataires identifiés ; "
    "pour les sous-traitants de Doctolib SAS non identifiés (",
    "en": "No transfer outside the European Economic Area is declared for the identified providers; "
    "for the sub-processors of Doctolib SAS that are not identified (",
}
NOT_CHECKED = {
    "fr": "), l'absence de transfert n'est pas vérifiée.",
    "en": "), the absence of transfers is not checked.",
}
# The services as the answer file states them, in French in both documents (the English one quotes them).
ROUTERS = ("envoi des SMS de confirmation et de rappel", "envoi des courriels de confirmation et de rappel")
EXPORT_DECLARED = {
    "fr": "Aucun transfert hors de l'EEE n'est déclaré.",
    "en": "No transfer outside the EEA is declared.",
}


@cache
def transfer_sentence(sample: Path, lang: Lang) -> str:
    """The paragraph right under the « Transfers outside the European Union » heading of the built document."""
    loaded = load(sample)
    data = build_docx(loaded, assess(loaded.assessment, lang=lang), lang, Renderer(default_template(lang)))
    paragraphs = Document(BytesIO(data)).paragraphs
    index = next(
        i
        for i, p in enumerate(paragraphs)
        if p.text == HEADING[lang] and p.style is not None and (p.style.name or "").startswith("Heading")
    )
    return paragraphs[index + 1].text


def exported_transfers(sample: Path, lang: Lang) -> str:
    """The plain text of the export's answer to question 227 (transfers outside the Union)."""
    assessment = load(sample).assessment
    document = json.loads(cnil_pia.render(assessment, assess(assessment, lang), lang))
    return next(text_of(a["data"]["text"]) for a in document["answers"] if a["reference_to"] == 227)


def test_the_samples_are_the_cases_they_stand_for() -> None:
    doctolib, minimal = load(DOCTOLIB).assessment, load(MINIMAL).assessment
    assert doctolib.unidentified_providers and not doctolib.transfers
    assert not minimal.unidentified_providers and not minimal.transfers


@pytest.mark.parametrize("lang", LANGS)
def test_with_unidentified_sub_processors_the_absence_of_transfers_is_declared_for_the_identified_only(
    lang: Lang,
) -> None:
    sentence = transfer_sentence(DOCTOLIB, lang)
    assert sentence.startswith(IDENTIFIED_ONLY[lang]) and sentence.endswith(NOT_CHECKED[lang]), sentence
    assert all(router in sentence for router in ROUTERS)
    assert sentence != DECLARED[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_the_routers_are_named_as_in_the_rest_of_the_document(lang: Lang) -> None:
    """One list of the unidentified services, the same in 2.2's sentence as in the foreign-access paragraph
    that follows it: the reader compares like with like."""
    sentence = transfer_sentence(DOCTOLIB, lang)
    services = sentence[len(IDENTIFIED_ONLY[lang]) : -len(NOT_CHECKED[lang])]
    law = " ".join(context(DOCTOLIB, lang).extraterritorial.law)
    assert f"({services})" in law


@pytest.mark.parametrize("lang", LANGS)
def test_with_every_provider_identified_the_sentence_is_unchanged(lang: Lang) -> None:
    assert transfer_sentence(MINIMAL, lang) == DECLARED[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_the_cnil_pia_export_gives_the_same_precision(lang: Lang) -> None:
    doctolib = exported_transfers(DOCTOLIB, lang)
    assert IDENTIFIED_ONLY[lang] in doctolib and NOT_CHECKED[lang] in doctolib
    assert all(router in doctolib for router in ROUTERS)
    assert EXPORT_DECLARED[lang] not in doctolib
    minimal = exported_transfers(MINIMAL, lang)
    assert EXPORT_DECLARED[lang] in minimal and IDENTIFIED_ONLY[lang] not in minimal
