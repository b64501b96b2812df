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
from docx.enum.text import WD_ALIGN_PARAGRAPH
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
        table = self.doc.add_table(rows=rows, cols=columns)
        table.style = self.doc.styles[TABLE_STYLE]
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

    def fields(self, rows: Sequence[tuple[str, str]]) -> None:
        """A two-column table: label, value."""
        table = self._table(len(rows), 2)
        self._widths(table, [6, TEXT_WIDTH - 6])
        for row, (name, value) in zip(table.rows, rows, strict=True):
            row.cells[0].paragraphs[0].add_run(name).bold = True
            self._shade(row.cells[0], HEADER_FILL)
            row.cells[1].text = value

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
            paragraph.add_run(" ")
            residual = paragraph.add_run("{{ row.cells[" + str(index) + "].residual }}")
            residual.bold, residual.font.color.rgb = True, BLUE
        table.rows[2].cells[0].text = "{%tr endfor %}"
        axis = table.rows[3]
        axis.cells[0].paragraphs[0].add_run(
            self.t("Gravité ↑ / Vraisemblance →", "Severity ↑ / Likelihood →")
        ).italic = True
        for index, cell in enumerate(axis.cells[1:]):
            cell.paragraphs[0].add_run("{{ risk_map.likelihood_labels[" + str(index) + "] }}").bold = True
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER

    # -- the document -------------------------------------------------------------------------

    def risk_table(self, risk: str) -> None:
        t = self.t
        self.fields(
            [
                (t("Impacts potentiels", "Potential impacts"), "{{ " + risk + ".impacts }}"),
                (t("Menaces", "Threats"), "{{ " + risk + ".threats }}"),
                (t("Sources de risques", "Risk sources"), "{{ " + risk + ".sources }}"),
                (
                    t("Mesures contribuant à traiter le risque", "Controls addressing the risk"),
                    "{{ " + risk + ".measures }}",
                ),
                (
                    t("Gravité (initiale → résiduelle)", "Severity (initial → residual)"),
                    "{{ " + risk + ".severity_change }}",
                ),
                (
                    t("Justification de la gravité", "Severity justification"),
                    "{{ " + risk + ".severity_justification }}",
                ),
                (
                    t("Vraisemblance (initiale → résiduelle)", "Likelihood (initial → residual)"),
                    "{{ " + risk + ".likelihood_change }}",
                ),
                (
                    t("Justification de la vraisemblance", "Likelihood justification"),
                    "{{ " + risk + ".likelihood_justification }}",
                ),
                (
                    t("Niveau de risque (initial → résiduel)", "Risk level (initial → residual)"),
                    "{{ " + risk + ".level_change }}",
                ),
            ]
        )

    def write(self) -> Document:
        t = self.t
        section = self.doc.sections[0]
        footer = section.footer.paragraphs[0]
        footer.text = "{{ document.title }} – {{ processing.name }}"
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER

        # Title page
        self.para("{{ document.title }}", "Title")
        self.para("{{ processing.name }}", "Subtitle")
        self.fields(
            [
                (t("Responsable du traitement", "Controller"), "{{ processing.controller.name }}"),
                (t("Délégué à la protection des données", "Data Protection Officer"), "{{ processing.dpo.name }}"),
                (t("Auteur", "Author"), "{{ document.author }}"),
                (t("Date", "Date"), "{{ document.date }}"),
                (t("Analyse d'impact obligatoire", "DPIA mandatory"), "{{ screening.required }}"),
                (
                    t("Consultation préalable de la CNIL (art. 36)", "Prior consultation of the CNIL (Art. 36)"),
                    "{{ conclusion.prior_consultation_label }}",
                ),
            ]
        )
        self.para(
            t(
                "Document établi selon la méthode PIA de la CNIL (PIA, la méthode ; PIA, les modèles ; PIA, les bases de connaissances, février 2018).",
                "Document prepared with the CNIL PIA method (PIA, methodology; PIA, templates; PIA, knowledge bases, February 2018).",
            )
        )

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
        )
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
        self.loop_table(
            "asset in supporting_assets",
            [t("Support", "Supporting asset"), t("Type", "Type"), t("Prestataire", "Provider")],
            ["{{ asset.name }}", "{{ asset.type }}", "{{ asset.provider }}"],
        )

        # 2 Fundamental principles
        self.heading(t("2. Principes fondamentaux", "2. Fundamental principles"), 1)
        self.heading(t("2.1 Proportionnalité et nécessité", "2.1 Proportionality and necessity"), 2)
        self.heading(t("Finalités", "Purposes"), 3)
        self.para(
            t(
                "Les finalités du traitement sont déterminées, explicites et légitimes :",
                "The processing purposes are specified, explicit and legitimate:",
            )
        )
        self.bullets("purpose in processing.purposes", "{{ purpose }}")
        self.heading(t("Fondement juridique", "Legal basis"), 3)
        self.fields(
            [
                (t("Licéité (art. 6)", "Lawfulness (Art. 6)"), "{{ legal_basis.art6 }}"),
                (t("Texte de référence", "Grounding text"), "{{ legal_basis.art6_detail }}"),
                (t("Données sensibles (art. 9(2))", "Special categories (Art. 9(2))"), "{{ legal_basis.art9 }}"),
                (t("Texte de référence", "Grounding text"), "{{ legal_basis.art9_detail }}"),
            ]
        )
        self.heading(t("Minimisation des données", "Data minimisation"), 3)
        self.para("{{ principles.minimisation }}")
        self.heading(t("Exactitude des données", "Data accuracy"), 3)
        self.para("{{ principles.accuracy }}")
        self.heading(t("Durées de conservation", "Storage durations"), 3)
        self.loop_table(
            "item in data",
            [t("Catégorie", "Category"), t("Durée", "Duration"), t("Modalités", "Terms")],
            ["{{ item.category }}", "{{ item.retention }}", "{{ item.retention_note }}"],
        )

        self.heading(t("2.2 Mesures protectrices des droits", "2.2 Controls to protect the rights of data subjects"), 2)
        self.heading(
            t("Information, consentement et exercice des droits", "Information, consent and exercise of rights"), 3
        )
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
        self.heading(t("Sous-traitance", "Processors"), 3)
        self.loop_table(
            "provider in providers",
            [
                t("Prestataire", "Provider"),
                t("Pour le compte de", "On behalf of"),
                t("Contrat (art. 28)", "Contract (Art. 28)"),
                t("Contestation des demandes étrangères", "Contests foreign requests"),
                t("Interdiction de transfert", "No-transfer clause"),
                t("Rapport de transparence", "Transparency report"),
            ],
            [
                "{{ provider.name }}",
                "{{ provider.processor_of }}",
                "{{ provider.art28_contract }}",
                "{{ provider.challenge_foreign_requests }}",
                "{{ provider.no_transfer_clause }}",
                "{{ provider.transparency_report }}",
            ],
        )
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
        )
        self.tag("else")
        self.para(
            t(
                "Aucun transfert hors de l'Espace économique européen n'est déclaré.",
                "No transfer outside the European Economic Area is declared.",
            )
        )
        self.tag("endif")
        self.para(t("Localisation des données chez les prestataires :", "Where providers keep or reach the data:"))
        self.loop_table(
            "provider in providers",
            [
                t("Prestataire", "Provider"),
                t("Stockage", "Storage"),
                t("Sauvegardes", "Backups"),
                t("Administration", "Administration"),
            ],
            [
                "{{ provider.name }}",
                "{{ provider.storage_countries }}",
                "{{ provider.backup_countries }}",
                "{{ provider.administration_countries }}",
            ],
        )

        # 3 Risks
        self.heading(t("3. Risques", "3. Risks"), 1)
        self.heading(t("3.1 Mesures existantes ou prévues", "3.1 Planned or existing measures"), 2)
        self.loop_table(
            "measure in measures",
            [
                t("Mesure", "Measure"),
                t("Statut", "Status"),
                t("Mise en œuvre", "Implementation"),
                t("Réf. CNIL", "CNIL ref."),
            ],
            ["{{ measure.name }}", "{{ measure.status }}", "{{ measure.description }}", "{{ measure.slug }}"],
            [4, 2, 8, 3],
        )
        self.tag("for risk in feared_events")
        self.heading("{{ risk.number }} {{ risk.title }}", 2)
        self.risk_table("risk")
        # The justifications above already say what each rule found; the rules' citations are in
        # annex B. Listing them here a third time made the document twice as long.
        self.tag("if risk.reasons")
        self.para(
            t("Règles appliquées (citées en annexe B) : ", "Rules applied (cited in annex B): ")
            + "{{ risk.reasons | map(attribute='rule') | unique | join(', ') }}"
        )
        self.tag("endif")
        self.tag("endfor")

        self.heading(t("3.5 Accès extraterritorial", "3.5 Extraterritorial access"), 2)
        self.para(
            t(
                "Risque qu'une autorité d'un pays tiers obtienne les données auprès d'un prestataire soumis à sa loi (par exemple le CLOUD Act ou la section 702 du FISA américains), hors des voies prévues par l'article 48 du RGPD.",
                "Risk that a third-country authority obtains the data from a provider subject to its law (for example the US CLOUD Act or FISA section 702), outside the routes provided by GDPR Article 48.",
            )
        )
        self.risk_table("extraterritorial.risk")
        self.tag("if extraterritorial.cross_check")
        self.para("{{ extraterritorial.cross_check }}")
        self.tag("endif")
        self.heading(t("Trace de la notation", "Scoring trace"), 3)
        self.loop_table(
            "reason in extraterritorial.risk.reasons",
            [t("Règle", "Rule"), t("Constat", "Finding"), t("Effet", "Effect"), t("Source", "Source")],
            ["{{ reason.rule }}", "{{ reason.text }}", "{{ reason.effect }}", "{{ reason.citation }}"],
            [2, 8, 3, 4],
        )
        self.tag("if gates")
        self.heading(t("Contrôles de conformité", "Compliance checks"), 3)
        self.loop_table(
            "gate in gates",
            [t("Contrôle", "Check"), t("Statut", "Status"), t("Constat", "Finding"), t("Source", "Source")],
            ["{{ gate.id }}", "{{ gate.status }}", "{{ gate.text }}", "{{ gate.citation }}"],
        )
        self.tag("endif")

        self.heading(t("3.6 Vue d'ensemble des risques", "3.6 Risks overview"), 2)
        self.loop_table(
            "risk in risks",
            [
                t("Risque", "Risk"),
                t("Gravité", "Severity"),
                t("Vraisemblance", "Likelihood"),
                t("Niveau initial", "Initial level"),
                t("Niveau résiduel", "Residual level"),
            ],
            [
                "{{ risk.letter }} {{ risk.title }}",
                "{{ risk.severity_change }}",
                "{{ risk.likelihood_change }}",
                "{{ risk.initial.level.text }}",
                "{{ risk.residual.level.text }}",
            ],
            [5, 3.5, 3.5, 2.5, 2.5],
        )

        # 4 Validation
        self.heading(t("4. Validation", "4. Validation"), 1)
        self.heading(t("4.1 Cartographie des risques", "4.1 Risk mapping"), 2)
        self.risk_map()
        self.para(
            t(
                "Gravité du risque en ordonnée, vraisemblance du risque en abscisse. En rouge : position avec les mesures existantes ou prévues ; en bleu : position une fois les mesures correctives mises en œuvre. Le fond reproduit le dégradé de l'outil PIA de la CNIL ; ce n'est pas une notation.",
                "Risk severity upwards, risk likelihood across. Red: position with the planned or existing measures; blue: position once the corrective measures are implemented. The background follows the gradient of the CNIL PIA tool; it is not a score.",
            )
        )
        self.bullets("key in risk_map.legend", "{{ key.letter }} {{ key.title }}")

        self.heading(t("4.2 Plan d'action", "4.2 Action plan"), 2)
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
        )
        self.tag("else")
        self.para(t("Aucune action n'est planifiée.", "No action is planned."))
        self.tag("endif")
        self.tag("if recommendations")
        self.heading(t("Mesures recommandées par l'analyse", "Measures the analysis recommends"), 3)
        self.loop_table(
            "recommendation in recommendations",
            [
                t("Mesure", "Measure"),
                t("Risque", "Risk"),
                t("Niveau (avant → après)", "Level (before → after)"),
                t("Motif", "Why"),
            ],
            [
                "{{ recommendation.measure }}",
                "{{ recommendation.risk }}",
                "{{ recommendation.change }}",
                "{{ recommendation.text }}",
            ],
        )
        self.tag("endif")

        self.heading(t("4.3 Avis du DPD et des personnes concernées", "4.3 DPO and data subjects' opinions"), 2)
        self.heading(t("Avis du délégué à la protection des données", "Opinion of the Data Protection Officer"), 3)
        self.fields(
            [
                (t("Délégué", "DPO"), "{{ processing.dpo.name }}"),
                (t("Avis", "Opinion"), "{{ dpo_opinion.verdict }}"),
                (t("Date", "Date"), "{{ dpo_opinion.date }}"),
                (t("Texte de l'avis", "Opinion as written"), "{{ dpo_opinion.text }}"),
            ]
        )
        self.heading(t("Avis des personnes concernées", "Views of the data subjects"), 3)
        self.fields(
            [
                (t("Avis recherché (art. 35(9))", "Views sought (Art. 35(9))"), "{{ subjects_views.sought }}"),
                (t("Auprès de", "From"), "{{ subjects_views.who }}"),
                (t("Avis recueillis", "Views"), "{{ subjects_views.views }}"),
                (
                    t("Motif, s'il n'a pas été recherché", "Reason, if not sought"),
                    "{{ subjects_views.reason_not_sought }}",
                ),
            ]
        )
        self.heading(t("4.4 Conclusion", "4.4 Conclusion"), 2)
        self.tag("for paragraph in conclusion.paragraphs")
        self.para("{{ paragraph }}")
        self.tag("endfor")
        self.fields(
            [
                (
                    t(
                        "Validé par le responsable du traitement (nom, fonction)",
                        "Approved by the controller (name, position)",
                    ),
                    "",
                ),
                (t("Date et signature", "Date and signature"), ""),
            ]
        )

        # Annexes
        self.heading(t("Annexes", "Annexes"), 1)
        self.heading(
            t("A. Analyse préalable : l'AIPD est-elle obligatoire ?", "A. DPIA screening: is a DPIA mandatory?"), 2
        )
        self.para("{{ screening.summary }}")
        self.heading(t("Critères remplis", "Criteria met"), 3)
        self.loop_table(
            "criterion in screening.criteria_met",
            [t("Critère", "Criterion"), t("Source", "Source"), t("Constat", "Finding")],
            ["{{ criterion.text }}", "{{ criterion.citation }}", "{{ criterion.because }}"],
        )
        self.heading(t("Tous les critères examinés", "All criteria examined"), 3)
        self.loop_table(
            "criterion in screening.criteria",
            [t("Réf.", "Ref."), t("Critère", "Criterion"), t("Source", "Source"), t("Rempli", "Met")],
            ["{{ criterion.id }}", "{{ criterion.text }}", "{{ criterion.citation }}", "{{ criterion.met }}"],
            [2.5, 8.5, 4.5, 1.5],
        )
        self.heading(t("B. Règles de notation appliquées", "B. Scoring rules applied"), 2)
        self.para(
            t(
                "Chaque règle est expliquée par la commande « dpia rules RÈGLE ».",
                "Each rule is explained by the command “dpia rules RULE”.",
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
            [3, 2, 6, 2.5, 3.5],
        )
        self.heading(t("C. Provenance", "C. Provenance"), 2)
        self.fields(
            [
                (t("Version de l'outil", "Tool version"), "dpia {{ provenance.tool_version }}"),
                (t("Version des règles", "Rules version"), "{{ provenance.rules_version }}"),
                (t("Fichier de réponses", "Answer file"), "{{ provenance.answers_file }}"),
                (
                    t("Empreinte SHA-256 du fichier de réponses", "SHA-256 of the answer file"),
                    "{{ provenance.answers_sha256 }}",
                ),
                (t("Modèle", "Template"), "{{ provenance.template }}"),
            ]
        )
        return self.doc


def _reproducible(data: bytes) -> bytes:
    """Fixed zip timestamps, without python-docx's unused 440 KB stylesWithEffects part and its
    thumbnail of an unrelated blank page."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename in ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg"):
                continue
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


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else HERE
    for lang in ("fr", "en"):
        buffer = io.BytesIO()
        Author(lang).write().save(buffer)
        path = out / f"dpia-{lang}.docx"
        path.write_bytes(_reproducible(buffer.getvalue()))
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
