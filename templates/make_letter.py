"""Author the cover letters for prior consultation of the CNIL (GDPR Art. 36(3)), in French and English.

The .docx files (cnil-letter-fr.docx, cnil-letter-en.docx) are the committed sources: edit them in
Word if you like, or change this script and run it again (`python templates/make_letter.py`). They
belong to the same family as the DPIA templates: A4, 2 cm margins, Calibri 10.5, Word's own styles.
Each point (a) to (f) of Art. 36(3) is a paragraph of its own, as the CNIL reads them in turn. The
variables are documented in docs/package.md.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent


class Letter:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.doc = Document()
        self.doc.core_properties.author = ""
        self.doc.core_properties.title = ""
        self.doc.core_properties.language = lang
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)
        normal = self.doc.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(10.5)

    def t(self, fr: str, en: str) -> str:
        return fr if self.lang == "fr" else en

    def para(self, text: str, style: str | None = None, right: bool = False, bold: bool = False) -> None:
        paragraph = self.doc.add_paragraph(style=style)
        paragraph.add_run(text).bold = bold
        if right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def tag(self, tag: str) -> None:
        self.doc.add_paragraph("{%p " + tag + " %}")

    def bullets(self, loop: str, item: str) -> None:
        self.tag(f"for {loop}")
        self.para(item, "List Bullet")
        self.tag("endfor")

    def point(self, letter: str, title: str) -> None:
        """The label of one point of Art. 36(3), a paragraph of its own."""
        self.para(f"{letter}) {title}", bold=True)

    def write(self) -> Document:
        t = self.t
        self.tag("if draft")
        self.para(
            t("PROJET – à compléter avant envoi : {{ missing }}", "DRAFT – to complete before sending: {{ missing }}"),
            bold=True,
        )
        self.tag("endif")
        self.para("{{ controller.name }}", bold=True)
        self.tag("if controller.contact")
        self.para("{{ controller.contact }}")
        self.tag("endif")
        self.para("")
        self.para(
            t(
                "Commission nationale de l'informatique et des libertés",
                "Commission nationale de l'informatique et des libertés (CNIL)",
            ),
            right=True,
        )
        self.para("3 place de Fontenoy – TSA 80715", right=True)
        self.para("75334 Paris Cedex 07", right=True)
        self.para("")
        self.para("{{ letter_date }}", right=True)
        self.tag("if required")
        self.para(
            t(
                "Objet : demande de consultation préalable (article 36 du RGPD) – {{ processing.name }}",
                "Subject: request for prior consultation (GDPR Article 36) – {{ processing.name }}",
            ),
            bold=True,
        )
        self.tag("else")
        self.para(
            t(
                "Objet : analyse d'impact relative à la protection des données, pour information – {{ processing.name }}",
                "Subject: data protection impact assessment, for information – {{ processing.name }}",
            ),
            bold=True,
        )
        self.tag("endif")
        self.para(t("Madame, Monsieur,", "Dear Sir or Madam,"))
        self.tag("if required")
        self.para(
            t(
                "En application de l'article 36, paragraphe 1, du règlement (UE) 2016/679 (RGPD), {{ controller.name }} "
                "consulte la Commission préalablement à la mise en œuvre du traitement « {{ processing.name }} ». "
                "L'analyse d'impact relative à la protection des données, établie selon la méthode PIA de la CNIL "
                "{{ dpia_date_phrase }}, conclut que les risques suivants demeurent élevés malgré les mesures prévues :",
                "Under Article 36(1) of Regulation (EU) 2016/679 (GDPR), {{ controller.name }} consults the "
                "Commission before carrying out the processing '{{ processing.name }}'. The data protection impact "
                "assessment, carried out with the CNIL PIA method {{ dpia_date_phrase }}, concludes that the "
                "following risks remain high despite the planned measures:",
            )
        )
        self.bullets("risk in high_risks", "{{ risk }}")
        self.tag("else")
        self.para(
            t(
                "{{ controller.name }} transmet à la Commission le dossier du traitement « {{ processing.name }} ». "
                "L'analyse d'impact relative à la protection des données, établie selon la méthode PIA de la CNIL "
                "{{ dpia_date_phrase }}, ne conclut à aucun risque résiduel élevé : la consultation préalable prévue "
                "à l'article 36, paragraphe 1, du RGPD n'est pas requise. Ce dossier est communiqué à titre "
                "d'information.",
                "{{ controller.name }} sends the Commission the file of the processing '{{ processing.name }}'. The "
                "data protection impact assessment, carried out with the CNIL PIA method {{ dpia_date_phrase }}, "
                "finds no high residual risk: the prior consultation of GDPR Article 36(1) is not required. This "
                "file is sent for information.",
            )
        )
        self.tag("endif")
        self.para(
            t(
                "Conformément à l'article 36, paragraphe 3, du RGPD, nous vous communiquons les éléments suivants.",
                "In accordance with Article 36(3) GDPR, we provide the following information.",
            )
        )

        self.point(
            "a",
            t(
                "Les responsabilités respectives du responsable du traitement, des responsables conjoints et des sous-traitants",
                "The respective responsibilities of the controller, joint controllers and processors",
            ),
        )
        self.bullets("line in responsibilities", "{{ line }}")

        self.point(
            "b",
            t(
                "Les finalités et les moyens du traitement envisagé",
                "The purposes and means of the intended processing",
            ),
        )
        self.para("{{ processing.description }}")
        self.para(t("Finalités :", "Purposes:"))
        self.bullets("purpose in processing.purposes", "{{ purpose }}")
        self.tag("if means")
        self.para(t("Moyens (supports des données) :", "Means (supporting assets):"))
        self.bullets("line in means", "{{ line }}")
        self.tag("endif")

        self.point(
            "c",
            t(
                "Les mesures et garanties prévues afin de protéger les droits et libertés des personnes concernées",
                "The measures and safeguards provided to protect the rights and freedoms of data subjects",
            ),
        )
        self.para(t("Mesures en place : {{ measures_implemented }}.", "Measures in place: {{ measures_implemented }}."))
        self.para(t("Mesures prévues : {{ measures_planned }}.", "Planned measures: {{ measures_planned }}."))
        self.para(
            t(
                "Chaque mesure, les risques qu'elle traite et les niveaux de risque initiaux et résiduels sont décrits "
                "dans l'analyse d'impact jointe.",
                "Each measure, the risks it addresses and the initial and residual risk levels are described in the "
                "enclosed impact assessment.",
            )
        )

        self.point(
            "d",
            t(
                "Les coordonnées du délégué à la protection des données",
                "The contact details of the data protection officer",
            ),
        )
        self.para("{{ dpo }}")

        self.point(
            "e", t("L'analyse d'impact relative à la protection des données", "The data protection impact assessment")
        )
        self.para(
            t(
                "L'analyse d'impact est jointe au format Word et PDF ({{ dpia_files }}). Elle applique les règles de "
                "notation {{ rules_version }} et le droit en vigueur au {{ as_of }}.",
                "The impact assessment is enclosed as Word and PDF ({{ dpia_files }}). It applies scoring rules "
                "{{ rules_version }} and the law in force on {{ as_of }}.",
            )
        )

        self.point(
            "f",
            t(
                "Toute autre information demandée par la Commission",
                "Any other information requested by the Commission",
            ),
        )
        self.para(
            t(
                "Le fichier {{ cnil_pia_file }} s'importe dans le logiciel PIA de la CNIL. Le fichier {{ manifest_file }} "
                "donne l'empreinte SHA-256 de chaque pièce. Les documents suivants sont tenus à la disposition de la "
                "Commission et lui seront transmis sur simple demande auprès du délégué à la protection des données :",
                "The file {{ cnil_pia_file }} can be imported into the CNIL's PIA software. The file {{ manifest_file }} "
                "gives the SHA-256 fingerprint of each document. The following documents are available to the "
                "Commission and will be sent on request to the data protection officer:",
            )
        )
        self.bullets("line in available", "{{ line }}")

        self.para(
            t(
                "Nous avons pris note que la Commission rend son avis par écrit dans un délai de huit semaines à compter "
                "de la réception de la demande, prolongeable de six semaines (article 36, paragraphe 2, du RGPD), et "
                "restons à votre disposition pour tout complément.",
                "We note that the Commission gives its written advice within eight weeks of receipt of the request, "
                "which may be extended by six weeks (GDPR Article 36(2)), and remain at your disposal for any further "
                "information.",
            )
        )
        self.para(
            t(
                "Nous vous prions d'agréer, Madame, Monsieur, l'expression de notre considération distinguée.",
                "Yours faithfully,",
            )
        )
        self.para("")
        self.para(t("Pour {{ controller.name }},", "For {{ controller.name }},"), right=True)
        self.para("{{ signatory }}", right=True)
        self.para("")
        self.para(t("Pièces jointes", "Enclosures"), bold=True)
        self.bullets("file in enclosures", "{{ file.name }} – SHA-256 {{ file.sha256 }}")
        return self.doc


def _reproducible(data: bytes) -> bytes:
    """Fixed zip timestamps, without python-docx's unused stylesWithEffects part and thumbnail."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    dropped = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg")
    with zipfile.ZipFile(output, "w") as target:
        for entry in source.infolist():
            if entry.filename in dropped:
                continue
            content = source.read(entry.filename)
            if entry.filename.endswith(".rels"):
                for name in ("docProps/thumbnail.jpeg", "stylesWithEffects.xml"):
                    content = re.sub(
                        rb"<Relationship [^>]*Target=\"" + re.escape(name.encode()) + rb"\"[^>]*/>", b"", content
                    )
            if entry.filename == "[Content_Types].xml":
                content = re.sub(rb"<Override PartName=\"/word/stylesWithEffects.xml\"[^>]*/>", b"", content)
            info = zipfile.ZipInfo(entry.filename, (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, content)
    return output.getvalue()


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else HERE
    for lang in ("fr", "en"):
        buffer = io.BytesIO()
        Letter(lang).write().save(buffer)
        path = out / f"cnil-letter-{lang}.docx"
        path.write_bytes(_reproducible(buffer.getvalue()))
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
