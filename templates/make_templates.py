"""Author the Word templates dpia-fr.docx and dpia-en.docx (docxtpl tags, CNIL PIA structure).

The .docx files are the committed sources: edit them in Word if you like, or change this script and
run it again (`python templates/make_templates.py`). Both languages come from one layout, so they keep
the same tags. The variables are documented in docs/template-context.md.

Layout rules that keep docxtpl reliable: one `{%p %}` / `{%tr %}` tag alone in its paragraph or row,
`{% cellbg %}` in its own run at the start of a cell, headings in Word's Heading 1/2/3 styles.
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table

HERE = Path(__file__).resolve().parent
TABLE_STYLE = "Table Grid"
HEADER_FILL = "DCE6F2"
TEXT_WIDTH = 17.0  # cm: A4 less two 2 cm margins
RED = RGBColor(0xC0, 0x00, 0x00)  # initial position on the risk map, as the CNIL tool draws it
BLUE = RGBColor(0x1F, 0x3C, 0xC8)  # residual position


class Author:
    """Writes one language's template; `t(fr, en)` picks the wording."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.doc = Document()
        self.doc.core_properties.author = ""
        self.doc.core_properties.title = ""
        self.doc.core_properties.language = lang
        section = self.doc.sections[0]
        # A4 with 2 cm margins: 17 cm of text width, which the column widths below share out.
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)
        normal = self.doc.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(10.5)
        normal.paragraph_format.space_after = Pt(4)
        from docx.enum.style import WD_STYLE_TYPE

        for level in (1, 2):
            # Word's built-in "toc 1" / "toc 2" styles, which the table of contents uses.
            style = self.doc.styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
            style.style_id = f"TOC{level}"
            style.base_style = normal
            style.paragraph_format.left_indent = Cm(0.5 * (level - 1))
            style.paragraph_format.space_after = Pt(1)
            style.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
            if level == 1:
                style.font.bold = True

    def t(self, fr: str, en: str) -> str:
        return fr if self.lang == "fr" else en

    # -- paragraphs ---------------------------------------------------------------------------

    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(text, level)

    def para(self, text: str, style: str | None = None) -> None:
        self.doc.add_paragraph(text, style)

    def tag(self, tag: str) -> None:
        """A docxtpl paragraph tag ({%p ... %}), alone in its paragraph."""
        self.doc.add_paragraph("{%p " + tag + " %}")

    def bullets(self, loop: str, item: str) -> None:
        self.tag(f"for {loop}")
        self.para(item, "List Bullet")
        self.tag("endfor")

    # -- tables -------------------------------------------------------------------------------

    def _table(self, rows: int, columns: int) -> Table:
        from docx.oxml import OxmlElement

        table = self.doc.add_table(rows=rows, cols=columns)
        table.style = self.doc.styles[TABLE_STYLE]
        for row in table.rows:
            # A row never splits across two pages: a justification stays in one piece with its label.
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        return table

    @staticmethod
    def _shade(cell: object, fill: str) -> None:
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        cell._tc.get_or_add_tcPr().append(
            parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>')
        )  # type: ignore[attr-defined]

    def _header(self, table: Table, headers: Sequence[str]) -> None:
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.paragraphs[0].add_run(text).bold = True
            self._shade(cell, HEADER_FILL)
        # Repeat the header row on every page.
        from docx.oxml import OxmlElement

        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))

    @staticmethod
    def _widths(table: Table, widths: Sequence[float]) -> None:
        table.autofit = False
        # LibreOffice lays columns out from the grid, Word from the cells: both are set.
        for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
            column.w = Cm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)

    def loop_table(
        self, loop: str, headers: Sequence[str], cells: Sequence[str], widths: Sequence[float] | None = None
    ) -> None:
        """A header row, then one row per item of `loop` (docxtpl {%tr for %}); widths in cm."""
        table = self._table(4, len(headers))
        self._widths(table, widths or [TEXT_WIDTH / len(headers)] * len(headers))
        self._header(table, headers)
        table.rows[1].cells[0].text = "{%tr for " + loop + " %}"
        for cell, text in zip(table.rows[2].cells, cells, strict=True):
            cell.text = text
        table.rows[3].cells[0].text = "{%tr endfor %}"

    @staticmethod
    def _keep_with_next(rows: Sequence[object]) -> None:
        """Keep each of these rows on the page of the row after it (`w:keepNext` on its paragraphs, which
        Word and LibreOffice apply to table rows): a label with its justification, a table in one piece."""
        for row in rows:
            for cell in row.cells:  # type: ignore[attr-defined]
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True

    def fields(self, rows: Sequence[tuple[str, str]], label_width: float = 5.5, whole: bool = False) -> Table:
        """A two-column table: label, value; `whole` keeps it on one page."""
        table = self._table(len(rows), 2)
        self._widths(table, [label_width, TEXT_WIDTH - label_width])
        for row, (name, value) in zip(table.rows, rows, strict=True):
            row.cells[0].paragraphs[0].add_run(name).bold = True
            self._shade(row.cells[0], HEADER_FILL)
            row.cells[1].text = value
        if whole:
            self._keep_with_next(table.rows[:-1])
        return table

    def risk_map(self) -> None:
        """The 4x4 map: severity up, likelihood across; red initial letters, blue residual letters."""
        table = self._table(4, 5)
        self._widths(table, [3.8] + [3.2] * 4)
        table.rows[1].height = Cm(1.2)
        table.rows[0].cells[0].text = "{%tr for row in risk_map.rows %}"
        row = table.rows[1]
        row.cells[0].paragraphs[0].add_run("{{ row.severity_label }}").bold = True
        for index, cell in enumerate(row.cells[1:]):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run("{% cellbg row.cells[" + str(index) + "].fill %}")
            initial = paragraph.add_run("{{ row.cells[" + str(index) + "].initial }}")
            initial.bold, initial.font.color.rgb = True, RED
            cell_value = "row.cells[" + str(index) + "]"
            paragraph.add_run("{{ ' ' if " + cell_value + ".initial else '' }}")  # a space only between marks
            residual = paragraph.add_run("{{ " + cell_value + ".residual }}")
            residual.bold, residual.font.color.rgb = True, BLUE
            paragraph.add_run("{{ ' ' if " + cell_value + ".residual else '' }}")
            paragraph.add_run("{{ " + cell_value + ".unchanged }}").bold = True
        table.rows[2].cells[0].text = "{%tr endfor %}"
        # The map, its reading and its legend on one page.
        self._keep_with_next([table.rows[1], table.rows[3]])
        axis = table.rows[3]
        axis.cells[0].paragraphs[0].add_run(
            self.t("Gravité ↑ / Vraisemblance →", "Severity ↑ / Likelihood →")
        ).italic = True
        for index, cell in enumerate(axis.cells[1:]):
            cell.paragraphs[0].add_run("{{ risk_map.likelihood_labels[" + str(index) + "] }}").bold = True
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER

    def high_grid(self) -> None:
        """The grid of the Art. 36 rule, laid out as the risk map: severity down the left column (4 on top),
        likelihood across the header row, both axes named in the corner cell; a high cell reads « élevé » in
        bold on light grey, the others « non élevé ». One line per row keeps it compact; a row height keeps the
        equal widths given here (the column fitting leaves a grid drawn to a shape as it is)."""
        from docx.enum.table import WD_ROW_HEIGHT_RULE
        from docx.oxml import OxmlElement

        grid = "method.high_grid"
        caption = self.doc.add_paragraph("{{ " + grid + ".caption }}")
        caption.paragraph_format.keep_with_next = True
        caption.paragraph_format.space_before = Pt(6)  # set apart from the scale table just above
        table = self._table(4, 5)
        self._widths(table, [5.2] + [2.95] * 4)  # the corner names both axes on one line
        header = table.rows[0]
        header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        # The axes' names and labels in italics on the header shade: bold marks the high cells only.
        header.cells[0].paragraphs[0].add_run("{{ " + grid + ".corner }}").italic = True
        self._shade(header.cells[0], HEADER_FILL)
        for index, cell in enumerate(header.cells[1:]):
            cell.paragraphs[0].add_run("{{ " + grid + ".likelihood_labels[" + str(index) + "] }}").italic = True
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            self._shade(cell, HEADER_FILL)
        table.rows[1].cells[0].text = "{%tr for row in " + grid + ".rows %}"
        row = table.rows[2]
        row.cells[0].paragraphs[0].add_run("{{ row.severity }}").italic = True
        self._shade(row.cells[0], HEADER_FILL)
        for index, cell in enumerate(row.cells[1:]):
            value = "row.cells[" + str(index) + "]"
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run("{% cellbg " + value + ".fill %}")
            paragraph.add_run("{{ " + value + ".text if " + value + ".high else '' }}").bold = True
            paragraph.add_run("{{ '' if " + value + ".high else " + value + ".text }}")
        table.rows[3].cells[0].text = "{%tr endfor %}"
        for fixed in (header, row):
            fixed.height, fixed.height_rule = Cm(0.5), WD_ROW_HEIGHT_RULE.AT_LEAST
        # The grid in one piece, on the page of its caption.
        self._keep_with_next([header, row])

    # -- the document -------------------------------------------------------------------------

    def risk_table(self, risk: str) -> None:
        t = self.t
        table = self.fields(
            [
                (t("Impacts potentiels", "Potential impacts"), "{{ " + risk + ".impacts }}"),
                (t("Menaces", "Threats"), "{{ " + risk + ".threats }}"),
                (t("Sources de risques", "Risk sources"), "{{ " + risk + ".sources }}"),
                (
                    t("Gravité (initiale → résiduelle)", "Severity (initial → residual)"),
                    "{{ " + risk + ".severity_change }}",
                ),
                (
                    t("Justification de la gravité", "Rationale for the severity"),
                    "{{ " + risk + ".severity_justification }}",
                ),
                (
                    t("Vraisemblance (initiale → résiduelle)", "Likelihood (initial → residual)"),
                    "{{ " + risk + ".likelihood_change }}",
                ),
                (
                    t("Justification de la vraisemblance", "Rationale for the likelihood"),
                    "{{ " + risk + ".likelihood_justification }}",
                ),
                (
                    t("Risque élevé, art. 36 (initial → résiduel)", "High risk, Art. 36 (initial → residual)"),
                    "{{ " + risk + ".high_change }}",
                ),
            ],
            label_width=4.2,
        )
        # A level never ends a page without its justification below it.
        self._keep_with_next([table.rows[3], table.rows[5]])
        # A justification may run onto the next page: kept whole, a long one (foreign access) would leave
        # half a page blank above it.
        for row in (table.rows[4], table.rows[6]):
            for cant_split in row._tr.xpath("./w:trPr/w:cantSplit"):
                cant_split.getparent().remove(cant_split)

    def page_break(self) -> None:
        from docx.enum.text import WD_BREAK

        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def header_footer(self) -> None:
        section = self.doc.sections[0]
        header = section.header.paragraphs[0]
        status = header.add_run("{{ document.status ~ ' – ' if document.status else '' }}")
        status.bold, status.font.color.rgb = True, RED
        header.add_run("{{ document.title }} – {{ processing.name }}").font.size = Pt(9)
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run(self.t("Page ", "Page "))
        _field(footer, "PAGE", "1")
        footer.add_run(self.t(" sur ", " of "))
        _field(footer, "NUMPAGES", "1")

    def toc(self) -> None:
        """A table-of-contents field; dpia fills its entries when it renders (dpia/report/toc.py)."""
        self.para(self.t("Sommaire", "Contents"), "TOC Heading")
        paragraph = self.doc.add_paragraph()
        _field(paragraph, 'TOC \\o "1-2" \\h \\z \\u', TOC_PLACEHOLDER)

    def write(self) -> Document:
        t = self.t
        self.header_footer()

        # Title page
        self.para("{{ document.title }}", "Title")
        self.para("{{ processing.name }}", "Subtitle")
        self.tag("if document.draft")
        warning = self.doc.add_paragraph()
        run = warning.add_run(
            t(
                "PROJET : des informations nécessaires manquent (voir « Informations manquantes »). "
                "Ce document ne peut pas être signé en l'état.",
                "DRAFT: information the assessment needs is missing (see “Missing information”). "
                "This document cannot be signed as it stands.",
            )
        )
        run.bold, run.font.color.rgb = True, RED
        self.tag("endif")
        self.fields(
            [
                (t("Responsable du traitement", "Controller"), "{{ processing.controller.name }}"),
                (t("Délégué à la protection des données", "Data Protection Officer"), "{{ processing.dpo.name }}"),
                (t("Auteur", "Author"), "{{ document.author }}"),
                (t("Date", "Date"), "{{ document.date }}"),
                (t("Décision", "Decision"), "{{ validation.decision }}"),
                (
                    t("Consultation préalable de la CNIL (art. 36)", "Prior consultation of the CNIL (Art. 36)"),
                    "{{ conclusion.prior_consultation_label }}",
                ),
            ]
        )
        self.tag("if method.as_of")
        self.para("{{ method.as_of }}")
        self.tag("endif")
        self.heading(t("Historique des versions", "Version history"), 3)
        self.tag("if history")
        self.loop_table(
            "revision in history",
            [t("Version", "Version"), t("Date", "Date"), t("Rédacteur", "Author"), t("Modifications", "Changes")],
            ["{{ revision.version }}", "{{ revision.date }}", "{{ revision.author }}", "{{ revision.changes }}"],
            [1.8, 3.2, 5, 7],
        )
        self.tag("else")
        self.para(t("Aucun historique des versions n'est renseigné.", "No version history is recorded."))
        self.tag("endif")
        self.tag("if changes")
        self.heading(t("Modifications depuis la version précédente", "Changes since the previous version"), 3)
        self.para("{{ changes.previous }} {{ changes.summary }}")
        for items in ("levels", "flags", "checks", "answers", "legal"):
            self.bullets(f"line in changes.{items}", "{{ line }}")
        self.tag("endif")
        self.page_break()
        self.toc()
        self.page_break()

        self.tag("if document.draft")
        self.heading(t("Informations manquantes", "Missing information"), 1)
        self.para(
            t(
                "Le fichier de réponses ne renseigne pas les points suivants ; chacun est nommé par son champ. "
                "Tant qu'ils manquent, le document reste un projet et aucune absence n'est retenue en faveur du traitement.",
                "The answer file leaves out the points below, each named by its field. While they are missing, "
                "the document remains a draft and no missing answer counts in the processing's favour.",
            )
        )
        self.loop_table(
            "item in missing",
            [t("Champ", "Field"), t("Information attendue", "Information needed")],
            ["{{ item.path }}", "{{ item.text }}"],
            [6, 11],
        )
        self.tag("endif")

        # Executive summary
        self.heading(t("Synthèse", "Executive summary"), 1)
        self.para("{{ summary.processing }}")
        decision = self.doc.add_paragraph()
        decision.add_run("{{ summary.decision }}").bold = True
        self.loop_table(
            "risk in summary.risks",
            [
                t("Risque", "Risk"),
                # Short headers keep each risk on one line or two; every value reads initial → residual, as in
                # the chapter 3 tables and the overview of 3.6.
                t("Gravité", "Severity"),
                t("Vraisemblance", "Likelihood"),
                t("Élevé (art. 36)", "High (Art. 36)"),
            ],
            [
                "{{ risk.letter }} {{ risk.title }}",
                "{{ risk.severity }}",
                "{{ risk.likelihood }}",
                "{{ risk.high_change }}",
            ],
            [5.6, 4.2, 4.2, 3.0],
        )
        self.para(t("Principaux constats :", "Key findings:"))
        self.bullets("finding in summary.findings", "{{ finding }}")
        self.para(t("Actions :", "Actions:"))
        self.tag("if summary.actions")
        self.bullets("action in summary.actions", "{{ action }}")
        self.tag("else")
        self.para(t("Aucune action n'est planifiée ni proposée.", "No action is planned or proposed."))
        self.tag("endif")

        # Method
        self.heading(t("Méthode", "Method"), 1)
        self.tag("for paragraph in method.paragraphs")
        self.para("{{ paragraph }}")
        self.tag("endfor")
        self.loop_table(
            "row in method.scale",
            [t("Niveau", "Level"), t("Gravité", "Severity"), t("Vraisemblance", "Likelihood")],
            ["{{ row.level }}", "{{ row.severity }}", "{{ row.likelihood }}"],
            [2.6, 7.2, 7.2],
        )
        self.high_grid()
        sources = self.doc.add_paragraph(t("Sources publiques :", "Public sources:"))
        sources.paragraph_format.space_before = Pt(6)
        self.bullets("source in method.sources", "{{ source }}")

        # 1 Context
        self.heading(t("1. Contexte", "1. Context"), 1)
        self.heading(t("1.1 Vue d'ensemble", "1.1 Overview"), 2)
        self.heading(t("Traitement considéré", "Processing under consideration"), 3)
        self.para("{{ processing.description }}")
        self.para(t("Finalités :", "Purposes:"))
        self.bullets("purpose in processing.purposes", "{{ purpose }}")
        self.heading(t("Responsabilités liées au traitement", "Responsibilities linked to the processing"), 3)
        self.fields(
            [
                (t("Responsable du traitement", "Controller"), "{{ processing.controller.name }}"),
                (t("Nature", "Kind"), "{{ processing.controller.type }}"),
                (t("Pays d'établissement", "Country of establishment"), "{{ processing.controller.country }}"),
                (t("Coordonnées", "Contact"), "{{ processing.controller.contact }}"),
                (t("Délégué à la protection des données", "Data Protection Officer"), "{{ processing.dpo.name }}"),
                (t("Courriel du délégué", "DPO e-mail"), "{{ processing.dpo.email }}"),
            ]
        )
        self.tag("if processing.joint_controllers")
        self.para(t("Responsables conjoints du traitement (art. 26) :", "Joint controllers (Art. 26):"))
        self.bullets("org in processing.joint_controllers", "{{ org.name }} ({{ org.type }}, {{ org.country }})")
        self.tag("endif")
        self.para(t("Sous-traitants et sous-traitants ultérieurs :", "Processors and sub-processors:"))
        self.tag("if providers")
        self.loop_table(
            "provider in providers",
            [
                t("Prestataire", "Provider"),
                t("Rôle", "Role"),
                t("Service", "Service"),
                t("Pays", "Country"),
                t("Société mère", "Parent company"),
                t("Certifications", "Certifications"),
            ],
            [
                "{{ provider.name }}",
                "{{ provider.role }}",
                "{{ provider.service }}",
                "{{ provider.country }}",
                "{{ provider.parent }}",
                "{{ provider.certifications }}",
            ],
            [3.0, 2.4, 3.0, 2.6, 3.0, 3.0],
        )
        self.tag("else")
        self.para(t("Aucun sous-traitant n'est déclaré.", "No processor is declared."))
        self.tag("endif")
        self.heading(t("Référentiels applicables", "Applicable standards"), 3)
        self.para("{{ processing.standards_text }}")

        self.heading(t("1.2 Données, processus et supports", "1.2 Data, processes and supporting assets"), 2)
        self.heading(t("Données traitées", "Data processed"), 3)
        self.loop_table(
            "item in data",
            [
                t("Catégorie", "Category"),
                t("Données", "Data"),
                t("Conservation", "Retention"),
                t("Destinataires", "Recipients"),
            ],
            ["{{ item.category }}", "{{ item.description }}", "{{ item.retention }}", "{{ item.recipients }}"],
            [3.2, 6.3, 2.5, 5.0],
        )
        self.heading(t("Personnes concernées", "Data subjects"), 3)
        self.fields(
            [
                (t("Catégories", "Categories"), "{{ data_subjects.categories }}"),
                (t("Personnes vulnérables", "Vulnerable persons"), "{{ data_subjects.vulnerable_groups }}"),
                (t("Nombre estimé", "Estimated number"), "{{ data_subjects.count }}"),
                (t("Étendue géographique", "Geographic extent"), "{{ data_subjects.scope }}"),
                (
                    t(
                        "Personnes d'intérêt pour des autorités étrangères",
                        "Persons of interest to foreign authorities",
                    ),
                    "{{ data_subjects.high_interest_persons }}",
                ),
            ]
        )
        self.heading(t("Cycle de vie des données et des processus", "Life cycle of data and processes"), 3)
        self.para("{{ processing.lifecycle }}")
        self.heading(t("Supports des données", "Data supporting assets"), 3)
        self.tag("if supporting_assets")
        self.loop_table(
            "asset in supporting_assets",
            [t("Support", "Supporting asset"), t("Type", "Type"), t("Prestataire", "Provider")],
            ["{{ asset.name }}", "{{ asset.type }}", "{{ asset.provider }}"],
            [9, 3.5, 4.5],
        )
        self.tag("else")
        self.para(
            t(
                "À compléter : les supports des données ne sont pas décrits.",
                "To be completed: the supporting assets are not described.",
            )
        )
        self.tag("endif")

        # 2 Fundamental principles
        self.heading(t("2. Principes fondamentaux", "2. Fundamental principles"), 1)
        self.heading(t("2.1 Proportionnalité et nécessité", "2.1 Proportionality and necessity"), 2)
        self.heading(t("Finalités", "Purposes"), 3)
        self.para(
            t(
                "Les finalités du traitement sont déterminées, explicites et légitimes (art. 5(1)(b)) : elles sont énumérées au chapitre 1.1.",
                "The processing purposes are specified, explicit and legitimate (Art. 5(1)(b)): they are listed in section 1.1.",
            )
        )
        self.heading(t("Fondement juridique", "Legal basis"), 3)
        self.fields(
            [
                (t("Licéité (art. 6)", "Lawfulness (Art. 6)"), "{{ legal_basis.art6 }}"),
                (
                    t("Texte qui la fonde (art. 6(3))", "Legal text behind it (Art. 6(3))"),
                    "{{ legal_basis.art6_detail }}",
                ),
                (t("Données de santé (art. 9(2))", "Health data (Art. 9(2))"), "{{ legal_basis.art9 }}"),
                (t("Texte qui la fonde", "Legal text behind it"), "{{ legal_basis.art9_detail }}"),
            ]
        )
        self.heading(
            t("Nécessité des données et durées de conservation", "Necessity of the data and storage durations"), 3
        )
        self.para(
            t(
                "Pour chaque catégorie de données : pourquoi elle est nécessaire (minimisation, art. 5(1)(c)) et pourquoi elle est conservée aussi longtemps (limitation de la conservation, art. 5(1)(e)).",
                "For each category of data: why it is needed (minimisation, Art. 5(1)(c)) and why it is kept that long (storage limitation, Art. 5(1)(e)).",
            )
        )
        self.loop_table(
            "item in necessity.data",
            [
                t("Données", "Data"),
                t("Pourquoi elles sont nécessaires", "Why they are needed"),
                t("Durée", "Period"),
                t("Pourquoi cette durée", "Why that long"),
            ],
            ["{{ item.category }}", "{{ item.need }}", "{{ item.retention }}", "{{ item.retention_reason }}"],
            [3.0, 6.2, 1.9, 5.9],
        )
        self.heading(t("Minimisation et solutions moins intrusives", "Minimisation and less intrusive alternatives"), 3)
        self.para("{{ principles.minimisation }}")
        self.para("{{ necessity.alternatives }}")
        self.heading(t("Exactitude des données", "Data accuracy"), 3)
        self.para("{{ principles.accuracy }}")

        self.heading(t("2.2 Mesures protectrices des droits", "2.2 Controls to protect the rights of data subjects"), 2)
        self.fields(
            [
                (t("Information des personnes", "Information of data subjects"), "{{ rights.information }}"),
                (t("Détail de l'information", "Information detail"), "{{ rights.information_detail }}"),
                (t("Recueil du consentement", "Obtaining consent"), "{{ rights.consent }}"),
                (
                    t("Droit d'accès et à la portabilité", "Right of access and to data portability"),
                    "{{ rights.access_portability }}",
                ),
                (
                    t("Droit de rectification et d'effacement", "Right to rectification and erasure"),
                    "{{ rights.rectification_erasure }}",
                ),
                (
                    t("Droit à la limitation et d'opposition", "Right to restriction and to object"),
                    "{{ rights.restriction_objection }}",
                ),
                (t("Canaux d'exercice des droits", "Channels to exercise rights"), "{{ rights.channels }}"),
                (t("Délai de réponse", "Response time"), "{{ rights.response_time }}"),
            ]
        )
        self.heading(t("Sous-traitance et localisation des données", "Processors and where the data are"), 3)
        self.tag("if providers")
        self.loop_table(
            "provider in providers",
            [
                t("Prestataire", "Provider"),
                t("Contrat (art. 28)", "Contract (Art. 28)"),
                t("Conteste les demandes étrangères", "Contests foreign requests"),
                t("Interdit les transferts", "No-transfer clause"),
                t("Stockage", "Storage"),
                t("Sauvegardes", "Backups"),
                t("Administration", "Administration"),
            ],
            [
                "{{ provider.name }}",
                "{{ provider.art28_contract }}",
                "{{ provider.challenge_foreign_requests }}",
                "{{ provider.no_transfer_clause }}",
                "{{ provider.storage_countries }}",
                "{{ provider.backup_countries }}",
                "{{ provider.administration_countries }}",
            ],
            [3.0, 1.7, 2.3, 2.0, 2.6, 2.6, 2.8],
        )
        self.tag("else")
        self.para(t("Aucun sous-traitant n'est déclaré.", "No processor is declared."))
        self.tag("endif")
        self.heading(t("Transferts hors de l'Union européenne", "Transfers outside the European Union"), 3)
        self.tag("if transfers")
        self.loop_table(
            "transfer in transfers",
            [
                t("Destinataire", "Recipient"),
                t("Pays", "Country"),
                t("Outil (chapitre V)", "Tool (Chapter V)"),
                t("Analyse d'impact du transfert", "Transfer impact assessment"),
                t("Description", "Description"),
            ],
            [
                "{{ transfer.recipient }}",
                "{{ transfer.country }}",
                "{{ transfer.tool }}",
                "{{ transfer.impact_assessment }}",
                "{{ transfer.description }}",
            ],
            [3.4, 2.2, 4.0, 2.6, 4.8],
        )
        self.tag("else")
        self.para("{{ no_transfers_text }}")
        self.tag("endif")
        self.heading(t("Accès par des autorités de pays tiers", "Access by third-country authorities"), 3)
        self.tag("for paragraph in extraterritorial.law")
        self.para("{{ paragraph }}")
        self.tag("endfor")

        # 3 Risks
        self.heading(t("3. Risques", "3. Risks"), 1)
        self.heading(t("3.1 Mesures existantes ou prévues", "3.1 Planned or existing measures"), 2)
        self.loop_table(
            "measure in measures",
            [
                t("Mesure", "Measure"),
                t("Statut", "Status"),
                t("Mise en œuvre", "Implementation"),
            ],
            ["{{ measure.name }}", "{{ measure.status }}", "{{ measure.description }}"],
            [4.2, 2.5, 10.3],
        )
        self.tag("for risk in feared_events")
        self.heading("{{ risk.number }} {{ risk.title }}", 2)
        self.risk_table("risk")
        self.tag("endfor")

        self.heading(t("3.5 Accès extraterritorial", "3.5 Extraterritorial access"), 2)
        self.para(
            t(
                "Risque qu'une autorité d'un pays tiers obtienne les données auprès d'un prestataire soumis à sa loi (par exemple le CLOUD Act ou la section 702 du FISA américains), hors des voies prévues par l'article 48 du RGPD.",
                "Risk that a third-country authority obtains the data from a provider subject to its law (for example the US CLOUD Act or FISA section 702), outside the routes provided by GDPR Article 48.",
            )
        )
        self.risk_table("extraterritorial.risk")
        self.tag("if gates")
        self.heading(t("Contrôles de conformité", "Compliance checks"), 3)
        self.loop_table(
            "gate in gates",
            [t("Statut", "Status"), t("Constat", "Finding"), t("Source", "Source")],
            ["{{ gate.status }}", "{{ gate.text }}", "{{ gate.citation }}"],
            [2.4, 7.3, 7.3],
        )
        self.tag("endif")

        self.heading(t("3.6 Vue d'ensemble des risques", "3.6 Risks overview"), 2)
        self.loop_table(
            "risk in summary.risks",
            [
                t("Risque", "Risk"),
                t("Gravité", "Severity"),
                t("Vraisemblance", "Likelihood"),
                t("Élevé (art. 36)", "High (Art. 36)"),
            ],
            [
                "{{ risk.letter }} {{ risk.title }}",
                "{{ risk.severity }}",
                "{{ risk.likelihood }}",
                "{{ risk.high_change }}",
            ],
            [5.3, 3.9, 3.9, 3.9],
        )

        # 4 Validation
        self.heading(t("4. Validation", "4. Validation"), 1)
        self.heading(t("4.1 Cartographie des risques", "4.1 Risk mapping"), 2)
        self.risk_map()
        reading = self.doc.add_paragraph("{{ risk_map.reading }}")
        reading.paragraph_format.keep_with_next = True
        self.para("{{ risk_map.legend_text }}.")

        self.heading(t("4.2 Plan d'action", "4.2 Action plan"), 2)
        self.heading(t("Actions décidées", "Actions decided"), 3)
        self.tag("if action_plan")
        self.loop_table(
            "action in action_plan",
            [
                t("Action", "Action"),
                t("Mesure", "Measure"),
                t("Responsable", "Owner"),
                t("Échéance", "Due date"),
                t("Statut", "Status"),
            ],
            [
                "{{ action.title }}",
                "{{ action.measure }}",
                "{{ action.owner }}",
                "{{ action.due }}",
                "{{ action.status }}",
            ],
            [5.4, 3.2, 3.6, 2.8, 2.0],
        )
        self.tag("else")
        self.para(t("Aucune action n'est planifiée.", "No action is planned."))
        self.tag("endif")
        self.tag("if proposed_actions")
        self.heading(t("Actions proposées par l'analyse", "Actions proposed by the assessment"), 3)
        self.para(
            t(
                "Chaque point à examiner ou non conforme, et chaque mesure qui abaisserait un risque sans être encore prévue, donne lieu à une action proposée. La décision du responsable du traitement sur chacune (retenue, avec son porteur et son échéance, ou écartée, avec son motif) figure au 4.4.",
                "Each point to review or not compliant, and each measure that would lower a risk and is not yet planned, gives a proposed action. The controller's decision on each (retained, with its owner and due date, or set aside, with the reason) is in section 4.4.",
            )
        )
        self.loop_table(
            "action in proposed_actions",
            [t("Action proposée", "Proposed action"), t("Motif", "Reason"), t("Décision (4.4)", "Decision (4.4)")],
            ["{{ action.title }}", "{{ action.origin }}", "{{ action.decision }}"],
            [7.6, 6.8, 2.6],
        )
        self.tag("endif")

        self.heading(t("4.3 Avis du DPD et des personnes concernées", "4.3 DPO and data subjects' opinions"), 2)
        self.fields(
            [
                (t("Délégué", "DPO"), "{{ processing.dpo.name }}"),
                (t("Nom du délégué", "Name of the DPO"), "{{ processing.dpo.person }}"),
                (t("Avis du délégué", "DPO's opinion"), "{{ dpo_opinion.verdict }}"),
                (t("Date de l'avis", "Date of the opinion"), "{{ dpo_opinion.date }}"),
                (t("Texte de l'avis", "Opinion as written"), "{{ dpo_opinion.text }}"),
                (
                    t("Avis des personnes recherché (art. 35(9))", "Data subjects' views sought (Art. 35(9))"),
                    "{{ subjects_views.sought }}",
                ),
                (t("Auprès de", "From"), "{{ subjects_views.who }}"),
                (t("Avis recueillis", "Views"), "{{ subjects_views.views }}"),
                (t("Avis suivi", "Views followed"), "{{ subjects_views.followed }}"),
                (
                    t("Motif, s'il n'a pas été recherché", "Reason, if not sought"),
                    "{{ subjects_views.reason_not_sought }}",
                ),
                (t("Consultation prévue", "Consultation planned"), "{{ subjects_views.planned }}"),
            ],
            whole=True,
        )
        self.heading(t("4.4 Conclusion et décision", "4.4 Conclusion and decision"), 2)
        self.tag("for paragraph in conclusion.paragraphs")
        self.para("{{ paragraph }}")
        self.tag("endfor")
        self.tag("if proposed_actions")
        self.heading(t("Décision sur les actions proposées", "Decision on the proposed actions"), 3)
        self.loop_table(
            "action in proposed_actions",
            [t("Action proposée (4.2)", "Proposed action (4.2)"), t("Décision", "Decision")],
            ["{{ action.title }}", "{{ action.decision_text }}"],
            [10.5, 6.5],
        )
        self.tag("endif")
        # A heading between the two tables: Word and LibreOffice would join tables that touch.
        self.heading(t("Décision et signature", "Decision and signature"), 3)
        self.fields(
            [
                (t("Décision du responsable du traitement", "The controller's decision"), "{{ validation.decision }}"),
                (t("Conditions", "Conditions"), "{{ validation.conditions }}"),
                (
                    t("Actions demandées par l'avis du délégué", "Actions the DPO's opinion asks for"),
                    "{{ validation.dpo_requests_text }}",
                ),
                (t("Avis du délégué suivi", "DPO's opinion followed"), "{{ validation.dpo_opinion_followed }}"),
                (
                    t("Motif de l'écart avec l'avis du délégué", "Why the DPO's opinion was not followed"),
                    "{{ validation.departure_reason }}",
                ),
                (
                    t("Réexamen de l'analyse (art. 35(11))", "Review of the assessment (Art. 35(11))"),
                    "{{ validation.review_date }}",
                ),
                (t("Décidé par (nom, fonction)", "Decided by (name, position)"), "{{ validation.decided_by }}"),
                (t("Nom du signataire", "Name of the signatory"), "{{ validation.signatory }}"),
                (t("Date", "Date"), "{{ validation.date }}"),
                (t("Signature", "Signature"), ""),
            ],
            whole=True,
        )

        # Annexes
        self.heading(t("Annexes", "Annexes"), 1)
        self.heading(t("A. Analyse préalable : l'AIPD est-elle obligatoire ?", "A. Screening: is a DPIA mandatory?"), 2)
        self.para("{{ screening.summary }}")
        self.loop_table(
            "criterion in screening.criteria_met",
            [t("Critère rempli", "Criterion met"), t("Constat", "Finding")],
            ["{{ criterion.text }}", "{{ criterion.because }}"],
            [8.0, 9.0],
        )
        self.para(
            t("Critères examinés et non remplis : ", "Criteria examined and not met: ")
            + "{{ screening.not_met_text }}."
        )
        self.heading(t("B. Provenance", "B. Provenance"), 2)
        self.fields(
            [
                (t("Version de l'outil", "Tool version"), "dpia {{ provenance.tool_version }}"),
                (t("Règles de notation appliquées", "Scoring rules applied"), "{{ method.rules_applied }}"),
                (t("Fichier de réponses", "Answer file"), "{{ provenance.answers_file }}"),
                (
                    t("Empreinte SHA-256 du fichier de réponses", "SHA-256 of the answer file"),
                    "{{ provenance.answers_sha256 }}",
                ),
                (t("Modèle", "Template"), "{{ provenance.template }}"),
            ]
        )
        self.tag("if provenance.providers_kb_version")
        self.para(
            t("Base de connaissances des prestataires : version ", "Provider knowledge base: version ")
            + "{{ provenance.providers_kb_version }}."
        )
        self.tag("endif")
        self.tag("if trace")
        self.heading(t("C. Annexe technique : trace de la notation", "C. Technical annex: scoring trace"), 2)
        self.para(
            t(
                "Chaque ligne est une règle de notation appliquée à cette analyse, avec sa source.",
                "Each row is a scoring rule applied to this assessment, with its source.",
            )
        )
        self.loop_table(
            "rule in rules",
            [
                t("Risque", "Risk"),
                t("Règle", "Rule"),
                t("Constat", "Finding"),
                t("Effet", "Effect"),
                t("Source", "Source"),
            ],
            ["{{ rule.risk }}", "{{ rule.rule }}", "{{ rule.text }}", "{{ rule.effect }}", "{{ rule.citation }}"],
            [2.8, 2.8, 5.4, 2.4, 3.6],
        )
        self.tag("endif")
        return self.doc


TOC_PLACEHOLDER = "TOC_ENTRIES"


def _field(paragraph: object, instruction: str, placeholder: str) -> None:
    """A complex field (begin, instruction, separate, result, end) at the end of `paragraph`."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run_with(child: object) -> None:
        run = OxmlElement("w:r")
        run.append(child)
        paragraph._p.append(run)  # type: ignore[attr-defined]

    def fld(kind: str) -> object:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    run_with(fld("begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    run_with(fld("separate"))
    text = OxmlElement("w:t")
    text.text = placeholder
    run_with(text)
    run_with(fld("end"))


LANGUAGE_TAGS = {"fr": "fr-FR", "en": "en-GB"}


def _styles(content: bytes, lang: str) -> bytes:
    """The document's language on every style, and Calibri (Carlito in LibreOffice) instead of theme fonts."""
    import re

    text = content.decode("utf-8")
    text = re.sub(r'<w:lang w:val="[^"]*"', f'<w:lang w:val="{LANGUAGE_TAGS[lang]}"', text)
    # Theme fonts (Calibri Light, Cambria) have no metric twin in LibreOffice; name Calibri everywhere.
    text = re.sub(r' w:(asciiTheme|hAnsiTheme|eastAsiaTheme|cstheme)="[^"]*"', "", text)
    text = re.sub(
        r"<w:rFonts\b[^>]*/>",
        '<w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Calibri"/>',
        text,
    )
    return text.encode("utf-8")


def _settings(content: bytes) -> bytes:
    """Ask Word to refresh the page numbers of the table of contents when it opens the document."""
    if b"<w:updateFields" in content:
        return content
    return content.replace(b"</w:settings>", b'<w:updateFields w:val="true"/></w:settings>')


def _reproducible(data: bytes, lang: str) -> bytes:
    """Fixed zip timestamps, without python-docx's unused 440 KB stylesWithEffects part and its
    thumbnail of an unrelated blank page; language and fonts set on the styles."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename in ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg"):
                continue
            if entry.filename == "word/styles.xml":
                content = _styles(content, lang)
            if entry.filename == "word/settings.xml":
                content = _settings(content)
            if entry.filename == "_rels/.rels":
                content = _drop_relationship(content, "docProps/thumbnail.jpeg")
            if entry.filename == "word/_rels/document.xml.rels":
                content = _drop_relationship(content, "stylesWithEffects.xml")
            if entry.filename == "[Content_Types].xml":
                content = content.replace(
                    b'<Override PartName="/word/stylesWithEffects.xml" ContentType="application/vnd.ms-word.stylesWithEffects+xml"/>',
                    b"",
                )
            info = zipfile.ZipInfo(entry.filename, (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, content)
    return output.getvalue()


def _drop_relationship(rels: bytes, target: str) -> bytes:
    import re

    return re.sub(rb"<Relationship [^>]*Target=\"" + re.escape(target.encode()) + rb"\"[^>]*/>", b"", rels)


GENERATED = "generated.sha256"  # what this script last wrote, to tell its output from a Word edit


def _recorded(folder: Path) -> dict[str, str]:
    record = folder / GENERATED
    if not record.is_file():
        return {}
    pairs = (line.split("  ", 1) for line in record.read_text(encoding="utf-8").splitlines() if line.strip())
    return {name: digest for digest, name in pairs}


def main(argv: list[str]) -> int:
    """Write both templates; refuse to replace one that was edited since this script wrote it."""
    import hashlib

    force = "--force" in argv
    folders = [arg for arg in argv if arg != "--force"]
    out = Path(folders[0]) if folders else HERE
    recorded = _recorded(out)
    written: dict[str, bytes] = {}
    for lang in ("fr", "en"):
        buffer = io.BytesIO()
        Author(lang).write().save(buffer)
        written[f"dpia-{lang}.docx"] = _reproducible(buffer.getvalue(), lang)
    edited = []
    for name, content in written.items():
        path = out / name
        if path.exists() and not force:
            current = hashlib.sha256(path.read_bytes()).hexdigest()
            if current not in (recorded.get(name), hashlib.sha256(content).hexdigest()):
                edited.append(name)
    if edited:
        print(
            f"{', '.join(edited)} in {out} changed since this script wrote them (edited in Word?): nothing written. "
            "Keep those edits, or pass --force to replace them.",
            file=sys.stderr,
        )
        return 2
    lines = []
    for name, content in written.items():
        (out / name).write_bytes(content)
        lines.append(f"{hashlib.sha256(content).hexdigest()}  {name}")
        print(f"wrote {out / name}")
    (out / GENERATED).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
