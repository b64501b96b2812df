"""The Word DPIA rendered from hand-built findings: sections, levels, escaping, strict tags, same bytes."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import style_name
from docx import Document
from docx.document import Document as WordDocument

from dpia.answers import load
from dpia.errors import InputError
from dpia.labels import Lang
from dpia.model import Assessment
from dpia.report import docs
from dpia.report.build import build_docx, default_template
from dpia.report.context import build_context
from dpia.report.render import Renderer
from dpia.scoring.findings import (
    Criterion,
    CrossCheck,
    Findings,
    Gate,
    GateStatus,
    Level,
    Levels,
    Reason,
    Risk,
    RiskId,
    Screening,
)

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "doctolib-aws-2021.yaml"
HOSTILE = '<script>&"{{ 7*7 }}{% if %}'


def levels(severity: int, likelihood: int, level: int) -> Levels:
    return Levels(severity=Level(severity), likelihood=Level(likelihood), level=Level(level))


def hand_findings(prior_consultation: bool = True) -> Findings:
    """Findings as scoring would give them, with distinctive levels so the map and tables can be checked."""
    return Findings(
        rules_version="test-rules-7",
        as_of=dt.date(2021, 3, 12),
        as_of_basis="answer_date",
        screening=Screening(
            required=True,
            criteria=[
                Criterion(id="WP248-4", text="Données sensibles", citation="WP248 rev.01", met=True, because="santé"),
                Criterion(id="WP248-5", text="Grande échelle", citation="WP248 rev.01", met=True, because="4 000 000"),
                Criterion(id="WP248-1", text="Évaluation ou notation", citation="WP248 rev.01", met=False),
            ],
        ),
        risks=[
            Risk(
                id=RiskId.illegitimate_access,
                initial=levels(3, 2, 3),
                residual=levels(3, 1, 2),
                reasons=[Reason(rule="ACC-S1", text="Données de santé", citation="RGPD art. 9", effect="gravité ≥ 3")],
                impacts=["Divulgation de l'état vaccinal"],
                threats=["Intrusion dans la base de rendez-vous"],
                sources=["Attaquant externe"],
                measures=["encryption", "logging"],
                severity_justification="Données de santé de personnes vulnérables",
                likelihood_justification="Chiffrement avec clé hors de l'hébergeur",
            ),
            Risk(id=RiskId.unwanted_modification, initial=levels(2, 2, 2), residual=levels(2, 2, 2), reasons=[]),
            Risk(id=RiskId.disappearance, initial=levels(2, 1, 2), residual=levels(2, 1, 2), reasons=[]),
            Risk(
                id=RiskId.extraterritorial_access,
                initial=levels(4, 3, 4),
                residual=levels(4, 2, 3),
                reasons=[
                    Reason(rule="EXT-J2", text="Société mère aux États-Unis", citation="18 U.S.C. § 2713", effect="+1")
                ],
            ),
        ],
        gates=[Gate(id="GATE-28", status=GateStatus.review, text="Contrat de sous-traitance", citation="art. 28")],
        cross_check=CrossCheck(
            annual_probability=0.01, years=3, probability=0.0297, formula="1-(1-p)^n", band=Level(2), agrees=True
        ),
        prior_consultation=prior_consultation,
    )


@pytest.fixture(scope="module")
def loaded():
    return load(SAMPLE)


@pytest.fixture(scope="module")
def renderers() -> dict[str, Renderer]:
    return {lang: Renderer(default_template(lang)) for lang in ("fr", "en")}


def render(loaded, renderers, lang: Lang = "fr", findings: Findings | None = None) -> bytes:
    findings = findings or hand_findings()
    return build_docx(deciding(loaded, findings, lang), findings, lang, renderers[lang])


def deciding(loaded, findings: Findings, lang: Lang):
    """The answers with a decision on each action the hand-made findings propose: the sample decided on
    the actions its own findings propose, and an undecided action would make the document a draft."""
    from dataclasses import replace

    from dpia.model import ActionDecision
    from dpia.report.actions import proposed_actions
    from dpia.report.words import Words

    validation = loaded.assessment.validation
    known = {decision.action for decision in validation.actions}
    added = [
        ActionDecision(action=action.key, retained=True, owner="RSSI de Doctolib", due=dt.date(2021, 6, 30))
        for action in proposed_actions(loaded.assessment, findings, Words(lang))
        if action.key not in known
    ]
    validation = validation.model_copy(update={"actions": [*validation.actions, *added]})
    return replace(loaded, assessment=loaded.assessment.model_copy(update={"validation": validation}))


def _toc_entry(paragraph) -> bool:
    style = paragraph.find(".//{*}pStyle")
    return style is not None and any(value.startswith("TOC") for value in style.attrib.values())


def text_of(data: bytes) -> tuple[WordDocument, str]:
    """The document and all its text: paragraphs, table cells and footers, in order (the table of
    contents left out, so that a heading is found where its section is)."""
    document = Document(io.BytesIO(data))
    parts: list[str] = []
    body = document.element.body
    for element in body.iter():
        if element.tag.endswith("}p") and not _toc_entry(element):
            parts.append("".join(node.text or "" for node in element.iter() if node.tag.endswith("}t")))
    for section in document.sections:
        parts += [paragraph.text for paragraph in section.header.paragraphs + section.footer.paragraphs]
    return document, "\n".join(parts)


def between(text: str, start: str, end: str) -> str:
    assert start in text, start
    rest = text[text.index(start) :]
    return rest[: rest.index(end)] if end in rest else rest


def test_french_document_has_every_section_with_the_answers_and_levels(loaded, renderers):
    _, text = text_of(render(loaded, renderers))

    context = between(text, "1. Contexte", "2. Principes fondamentaux")
    assert "Prise de rendez-vous de vaccination contre la Covid-19" in text
    assert "Envoyer les confirmations et rappels de rendez-vous" in context
    assert "AWS Sarl" in context and "Amazon.com, Inc. (États-Unis)" in context
    assert "Coordonnées" in context and "3\u00a0mois" in context  # data table: category label and retention
    assert "4\u202f000\u202f000" in context and "Personnes âgées" in context

    principles = between(text, "2. Principes fondamentaux", "3. Risques")
    assert "Mission d'intérêt public (art. 6(1)(e))" in principles
    assert "Santé publique (art. 9(2)(i))" in principles
    assert "Aucun motif médical collecté" in principles  # minimisation
    assert "Un mois à compter de la réception de la demande" in principles and "30\u00a0jours" not in principles
    assert "Aucun transfert hors de l'Espace économique européen" in principles

    risks = between(text, "3. Risques", "4. Validation")
    assert "Chiffrement" in risks and "Clé du client" not in risks
    assert "Gestion des clés : Clés détenues hors du prestataire" in risks and "par le client" not in risks
    for title in ("3.2 Accès illégitime à des données", "3.3 Modification non désirée de données",
                  "3.4 Disparition de données", "3.5 Accès extraterritorial"):  # fmt: skip
        assert title in risks
    access = between(risks, "3.2 Accès illégitime", "3.3 Modification")
    assert "Divulgation de l'état vaccinal" in access and "Attaquant externe" in access
    # Unchanged severity still shows both values; what that means is said once, in the method, not per cell.
    assert "Gravité (initiale → résiduelle)\n3. Importante → 3. Importante\n" in access
    assert "ne changent pas ce niveau" not in text
    assert "Un niveau que les mesures prévues ne changent pas figure des deux côtés de la flèche" in text
    assert "2. Limitée → 1. Négligeable" in access  # likelihood lowered by the planned measures
    # The justifications are prose in the CNIL's scale, drawn from the answers, not the rule trace.
    assert (
        "Gravité importante : les personnes concernées pourraient connaître des conséquences significatives" in access
    )
    assert "4\u202f000\u202f000 personnes, dont des personnes vulnérables (personnes âgées et patients)" in access
    assert "Vraisemblance limitée : il semble difficile" in access
    assert "chiffrement (clés détenues par un tiers non nommé (France))" in access
    extraterritorial = between(risks, "3.5 Accès extraterritorial", "3.6")
    assert "AWS Sarl" in extraterritorial and "18 U.S.C. § 2713" in extraterritorial
    # The tool's probability estimate is no CNIL method: it stays out of the signed document.
    assert "2,97" not in extraterritorial and "probabilit" not in extraterritorial
    assert "À examiner" in extraterritorial
    assert "Contrat de sous-traitance" in extraterritorial
    overview = between(risks, "3.6 Vue d'ensemble des risques", "4. Validation")
    assert "4.\u00a0Maximale → 4.\u00a0Maximale" in overview and "Oui → Oui" in overview  # severity, Art. 36

    validation = between(text, "4. Validation", "Annexes")
    assert "RSSI de Doctolib" in validation and "30 juin 2021" in validation and "En cours" in validation
    assert "Favorable avec réserves" in validation and "12 mars 2021" in validation
    # The DPO reviews the version submitted and its main finding; litigation is not consultation.
    assert "accès extraterritorial" in validation and "n'est pas une consultation des personnes" in validation
    assert "article 36 du RGPD" in validation and "doit consulter la CNIL" in validation

    annexes = text[text.index("Annexes") :]
    assert "Grande échelle" in between(annexes, "Critère rempli", "Critères examinés et non remplis")
    assert "Critères examinés et non remplis : Évaluation ou notation." in annexes
    assert "test-rules-7" in annexes and loaded.sha256 in annexes and "doctolib-aws-2021.yaml" in annexes

    for trace in ("ACC-S1", "EXT-J2", "GATE-28", "dpia rules", "docs/"):
        assert trace not in text, trace  # no rule id, command or repository path in the document
    assert "{{" not in text and "{%" not in text  # every tag was filled


def test_trace_annex_only_on_request_and_printed_once(loaded, renderers):
    data = build_docx(loaded, hand_findings(), "fr", renderers["fr"], trace=True)
    _, text = text_of(data)
    annex = text[text.index("C. Annexe technique") :]
    assert "ACC-S1" in annex and "RGPD art. 9" in annex and "EXT-J2" in annex
    assert text.count("EXT-J2") == 1
    assert "ACC-S1" not in text[: text.index("C. Annexe technique")]


def test_risk_map_places_initial_and_residual_letters(loaded, renderers):
    document, _ = text_of(render(loaded, renderers))
    grid = next(table for table in document.tables if table.rows[0].cells[0].text == "Maximale")
    rows = {row.cells[0].text: [cell for cell in row.cells[1:]] for row in grid.rows[:4]}
    assert [row.cells[0].text for row in grid.rows[:4]] == ["Maximale", "Importante", "Limitée", "Négligeable"]
    assert [cell.text for cell in grid.rows[4].cells[1:]] == ["Négligeable", "Limitée", "Importante", "Maximale"]

    def runs(cell, colour: str) -> str:
        return " ".join(
            run.text.strip()
            for run in cell.paragraphs[0].runs
            if run.font.color.rgb is not None and str(run.font.color.rgb) == colour
        ).strip()

    red, blue = "C00000", "1F3CC8"
    # illegitimate access: initial severity 3 likelihood 2 (red, round brackets), residual 3/1 (blue, square)
    assert runs(rows["Importante"][1], red) == "(A)"
    assert runs(rows["Importante"][0], blue) == "[A]"
    # extraterritorial access: initial 4/3, residual 4/2
    assert runs(rows["Maximale"][2], red) == "(E)"
    assert runs(rows["Maximale"][1], blue) == "[E]"
    # modification stays at 2/2: its bare letter, once, readable without colour
    assert rows["Limitée"][1].text.strip() == "M"
    assert "(M)" not in rows["Limitée"][1].text and "[M]" not in rows["Limitée"][1].text
    # cells are shaded, darker towards the top right
    fills = [cell._tc.xpath("./w:tcPr/w:shd/@w:fill")[0] for cell in (rows["Négligeable"][0], rows["Maximale"][3])]
    assert fills == ["C6E9B4", "EE8A8A"]


def test_the_risk_maps_red_cells_are_the_art_36_grids_high_cells(loaded, renderers):
    """The map's colours never contradict the method's grid: on the gradient alone, severity 2 with
    likelihood 4 (not high) would share the shade of 3 with 3 and of 4 with 2 (both high)."""
    document, text = text_of(render(loaded, renderers))
    grid = next(table for table in document.tables if table.rows[0].cells[0].text == "Maximale")
    reds = {"F4A593", "EE8A8A"}
    for row_index, severity in enumerate(range(4, 0, -1)):
        for likelihood in range(1, 5):
            cell = grid.rows[row_index].cells[likelihood]
            fill = cell._tc.xpath("./w:tcPr/w:shd/@w:fill")[0]
            high = (severity >= 3 and likelihood >= 3) or (severity == 4 and likelihood >= 2)
            assert (fill in reds) == high, (severity, likelihood, fill)
    assert "fond rouge : risque élevé (art. 36)" in text


def test_english_document_uses_english_labels_and_letters(loaded, renderers):
    _, text = text_of(render(loaded, renderers, "en"))
    for heading in ("1. Context", "2. Fundamental principles", "3. Risks", "4. Validation", "4.1 Risk mapping",
                    "A. Screening: is a DPIA mandatory?", "B. Provenance", "Executive summary", "Method"):  # fmt: skip
        assert heading in text
    assert "3.2 Illegitimate access to data" in text
    assert "Severity (initial → residual)\n3. Significant → 3. Significant\n" in text
    assert "A level that the planned measures leave unchanged appears on both sides of the arrow" in text
    assert "(I) Illegitimate access to data" in text and "(U)" in text
    assert "Public task (Art. 6(1)(e))" in text
    assert "30 June 2021" in text
    assert "must consult the CNIL" in text


def test_no_prior_consultation_when_residual_risks_are_low(loaded, renderers):
    _, text = text_of(render(loaded, renderers, findings=hand_findings(prior_consultation=False)))
    assert "la consultation préalable de la CNIL (article 36 du RGPD) n'est pas requise" in text
    assert "doit consulter la CNIL" not in text


def test_headings_use_word_heading_styles_and_tables_a_table_style(loaded, renderers):
    document, _ = text_of(render(loaded, renderers))
    styles = {paragraph.text: style_name(paragraph) for paragraph in document.paragraphs}
    assert styles["1. Contexte"] == "Heading 1"
    assert styles["1.2 Données, processus et supports"] == "Heading 2"
    assert styles["3.3 Modification non désirée de données"] == "Heading 2"  # produced by a loop
    assert styles["Données traitées"] == "Heading 3"
    assert styles["Annexes"] == "Heading 1"
    assert document.tables and all(
        table.style is not None and table.style.name == "Table Grid" for table in document.tables
    )


def test_core_properties_come_from_the_answers(loaded, renderers):
    document, _ = text_of(render(loaded, renderers))
    properties = document.core_properties
    assert (
        properties.title
        == "Analyse d'impact relative à la protection des données – Prise de rendez-vous de vaccination contre la Covid-19"
    )
    assert (
        properties.author == "Direction générale de la santé (équipe projet de la prise de rendez-vous de vaccination)"
    )
    assert properties.created.date().isoformat() == "2021-03-12"
    assert properties.modified == properties.created
    assert properties.language == "fr"


def test_no_date_in_the_answers_means_no_date_in_the_document(loaded, renderers):
    undated = loaded.__class__(loaded.path, loaded.assessment.model_copy(update={"date": None}), loaded.sha256)
    document, text = text_of(render(undated, renderers))
    assert document.core_properties.created is None and document.core_properties.modified is None
    assert "À compléter" in between(text, "Date", "Décision")
    assert "PROJET" in text and "date" in between(text, "Informations manquantes", "Synthèse")


def test_same_inputs_give_the_same_bytes_with_fixed_zip_timestamps(loaded, renderers):
    first = render(loaded, renderers)
    second = build_docx(
        deciding(loaded, hand_findings(), "fr"), hand_findings(), "fr", Renderer(default_template("fr"))
    )
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def hostile_answers(loaded):
    data = loaded.assessment.model_dump(mode="json")
    nasty = HOSTILE + "\x00\x0b\x1f end"
    data["processing"]["name"] = nasty
    data["processing"]["purposes"][0] = nasty
    data["dpo_opinion"]["text"] = "R&D <b>bold</b> 'quote' " + nasty
    data["data"][0]["recipients"] = [nasty]
    return loaded.__class__(loaded.path, Assessment.model_validate(data), loaded.sha256)


def test_hostile_answers_appear_literally_and_are_never_run(loaded, renderers):
    data = render(hostile_answers(loaded), renderers)
    document, text = text_of(data)
    literal = HOSTILE + " end"  # control characters removed, everything else kept
    assert text.count(literal) >= 5  # subtitle, summary, purpose, recipients, header
    assert "R&D <b>bold</b> 'quote' " + literal in text
    assert "49" not in text.replace(loaded.sha256, "")  # {{ 7*7 }} was not evaluated
    assert literal in document.sections[0].header.paragraphs[0].text
    assert literal in document.core_properties.title
    # The section after the hostile purpose is intact (an unescaped <script> would swallow it).
    assert "Envoyer les confirmations et rappels de rendez-vous" in text


def user_template(tmp_path: Path, paragraph: str) -> Path:
    document = Document(str(default_template("fr")))
    document.add_paragraph("Texte avant")
    document.add_paragraph(paragraph)
    path = tmp_path / "mine.docx"
    document.save(str(path))
    return path


def test_unknown_variable_in_a_user_template_names_the_tag_and_paragraph(tmp_path):
    path = user_template(tmp_path, "Avis : {{ avis_du_dpo }}")
    with pytest.raises(InputError) as raised:
        Renderer(path)
    message = str(raised.value)
    assert "{{ avis_du_dpo }}" in message and "Avis : {{ avis_du_dpo }}" in message
    assert str(path) in message and "paragraph" in message


def test_unknown_attribute_in_a_user_template_is_an_error_not_a_blank(tmp_path, loaded):
    path = user_template(tmp_path, "Nom : {{ processing.nmae }}")
    renderer = Renderer(path)  # the variable exists; only rendering can tell the attribute does not
    with pytest.raises(InputError) as raised:
        build_docx(loaded, hand_findings(), "fr", renderer)
    message = str(raised.value)
    assert "{{ processing.nmae }}" in message and "Nom :" in message and "nmae" in message


def test_template_code_cannot_reach_python_internals(tmp_path, loaded):
    path = user_template(tmp_path, "{{ processing.name.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(InputError) as raised:
        build_docx(loaded, hand_findings(), "fr", Renderer(path))
    assert "unsafe" in str(raised.value) or "__class__" in str(raised.value)


def test_template_syntax_error_is_located(tmp_path):
    path = user_template(tmp_path, "{% if %}")
    with pytest.raises(InputError) as raised:
        Renderer(path)
    assert "syntax error" in str(raised.value) and "{% if %}" in str(raised.value)


def test_a_file_that_is_not_a_word_document_is_refused(tmp_path):
    path = tmp_path / "notes.docx"
    path.write_text("hello")
    with pytest.raises(InputError, match="not a Word document"):
        Renderer(path)


def test_french_and_english_templates_carry_the_same_tags():
    import re

    def tags(path: Path) -> list[str]:
        with zipfile.ZipFile(path) as archive:
            xml = "".join(
                archive.read(name).decode() for name in sorted(archive.namelist()) if name.startswith("word/")
            )
        return sorted(re.findall(r"\{[{%].*?[}%]\}", re.sub(r"<[^>]+>", "", xml)))

    assert tags(default_template("fr")) == tags(default_template("en"))


def test_context_is_pure(loaded):
    from dpia.report.build import provenance

    make = lambda: build_context(  # noqa: E731
        loaded.assessment, hand_findings(), provenance(loaded, hand_findings(), default_template("fr")), "fr"
    )
    assert make() == make()


def test_template_context_reference_does_not_drift():
    committed = (REPO / "docs" / "template-context.md").read_text(encoding="utf-8")
    assert committed == docs.generate(), "run: python -m dpia.report.docs docs/template-context.md"


def test_template_script_writes_templates_that_load(tmp_path):
    subprocess.run([sys.executable, str(REPO / "templates" / "make_templates.py"), str(tmp_path)], check=True,
                   capture_output=True)  # fmt: skip
    for lang in ("fr", "en"):
        Renderer(tmp_path / f"dpia-{lang}.docx")  # every tag is known to the context


def test_template_script_never_overwrites_a_word_edit_silently(tmp_path):
    script = [sys.executable, str(REPO / "templates" / "make_templates.py"), str(tmp_path)]
    subprocess.run(script, check=True, capture_output=True)
    assert subprocess.run(script, capture_output=True).returncode == 0  # its own output: regenerated
    edited = tmp_path / "dpia-fr.docx"
    document = Document(str(edited))
    document.add_paragraph("Paragraphe ajouté dans Word")
    document.save(str(edited))
    before = edited.read_bytes()
    refused = subprocess.run(script, capture_output=True, text=True)
    assert refused.returncode == 2 and "dpia-fr.docx" in refused.stderr and "--force" in refused.stderr
    assert edited.read_bytes() == before  # the edit is kept
    subprocess.run([*script, "--force"], check=True, capture_output=True)
    assert edited.read_bytes() == (REPO / "templates" / "dpia-fr.docx").read_bytes()


def test_template_command_gives_the_shipped_template_and_keeps_an_existing_file(tmp_path):
    target = tmp_path / "mon-modele.docx"
    run = [sys.executable, "-m", "dpia", "template", "--lang", "fr", "-o", str(target)]
    first = subprocess.run(run, capture_output=True, text=True)
    assert first.returncode == 0 and f"wrote {target}" in first.stdout
    assert target.read_bytes() == default_template("fr").read_bytes()
    target.write_bytes(b"my edits")
    again = subprocess.run(run, capture_output=True, text=True)
    assert again.returncode == 2 and "--force" in again.stderr and target.read_bytes() == b"my edits"


def test_line_break_pass_matches_docxtpl_on_every_kind_of_break() -> None:
    from docxtpl import DocxTemplate

    from dpia.report.render import _resolve_listing

    xml = (
        '<?xml version="1.0"?>\n<w:body><w:p><w:pPr/><w:r><w:t>a\nb</w:t></w:r></w:p>'
        '<w:p w:rsidR="1"><w:r><w:t>c\td\fe\af</w:t></w:r></w:p><w:p><w:r><w:t>plain</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>x\ny\nz</w:t></w:r></w:p></w:body>"
    )
    assert _resolve_listing(xml) == DocxTemplate.resolve_listing(None, xml)
    assert "<w:br/>" in _resolve_listing(xml) and "<w:tab/>" in _resolve_listing(xml)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_fast_rendering_matches_docxtpl_on_every_sample(lang: Lang) -> None:
    """Documents are rendered without docxtpl's per-document package rewrite; they must say the same."""
    import io

    import docx

    from dpia.answers import load
    from dpia.report.build import default_template, provenance
    from dpia.report.context import build_context
    from dpia.report.render import Renderer
    from dpia.scoring import assess

    renderer = Renderer(default_template(lang))
    for sample in sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.yaml")):
        loaded = load(sample)
        findings = assess(loaded.assessment, lang)
        context = build_context(loaded.assessment, findings, provenance(loaded, findings, renderer.template), lang)
        args = (context, loaded.assessment.date, loaded.assessment.author)
        fast, reference = (
            docx.Document(io.BytesIO(data)) for data in (renderer.render(*args), renderer._render_with_docxtpl(*args))
        )
        assert [p.text for p in fast.paragraphs] == [p.text for p in reference.paragraphs], sample.name
        assert [style_name(p) for p in fast.paragraphs] == [style_name(p) for p in reference.paragraphs]
        cells = [[[cell.text for cell in row.cells] for row in table.rows] for table in fast.tables]
        assert cells == [[[cell.text for cell in row.cells] for row in table.rows] for table in reference.tables]
        for name in ("title", "author", "subject", "language", "keywords", "comments", "created", "modified"):
            assert getattr(fast.core_properties, name) == getattr(reference.core_properties, name), name


def test_a_draft_never_reads_missing_facts_as_favourable_answers(tmp_path, renderers):
    from dpia.scoring import assess

    minimal = REPO / "samples" / "minimal.yaml"
    unknown = load(minimal)
    _, text = text_of(build_docx(unknown, assess(unknown.assessment), "fr", renderers["fr"]))
    # Appointments reveal health: Art. 9 applies, so its condition is missing, never "not applicable".
    assert "pas de données sensibles" not in text
    assert "legal_basis.art9" in text
    # Defaults the file does not state are to be completed and listed, not printed as "none" or "no".
    for path in ("data_subjects.vulnerable_groups", "data_subjects.high_interest_persons", "data[0].recipients"):
        assert path in text
    assert "Personnes vulnérables\nÀ compléter" in text
    # Providers not stated: the foreign-access likelihood is the highest, and the gates are to review.
    foreign = between(text, "Vraisemblance maximale : il semble extrêmement facile pour une autorité étrangère", "\n")
    assert "Les prestataires ne sont pas renseignés" in foreign
    assert (
        "aucun prestataire n'héberge les données" not in text.lower()
    )  # a check's finding starts a table cell: capitalised
    assert (
        "aucun prestataire exposé à un droit étranger sans secnumcloud" not in text.lower()
    )  # a check's finding starts a table cell: capitalised

    stated = tmp_path / "in-house.yaml"
    stated.write_text(
        minimal.read_text(encoding="utf-8") + "providers: []\n",
        encoding="utf-8",
    )
    in_house = load(stated)
    _, text = text_of(build_docx(in_house, assess(in_house.assessment), "fr", renderers["fr"]))
    assert "aucun prestataire n'héberge les données" in text.lower()
    assert "aucun prestataire exposé à un droit étranger sans secnumcloud" in text.lower()


_MONTHS_FR = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
_FRENCH_DATE = re.compile(r"(?:(\d{1,2}|1er) )?(" + "|".join(_MONTHS_FR) + r") (\d{4})")


def _french_dates(text: str) -> set[dt.date]:
    return {
        dt.date(int(m[3]), _MONTHS_FR.index(m[2]) + 1, int(m[1].removesuffix("er")) if m[1] else 1)
        for m in _FRENCH_DATE.finditer(text)
    }


def test_a_document_cites_no_text_dated_after_its_as_of_date(loaded, renderers):
    """The Doctolib file applies the law of 12 March 2021: nothing published later may be cited."""
    from dpia.scoring import assess

    findings = assess(loaded.assessment)
    assert findings.as_of == dt.date(2021, 3, 12)
    _, text = text_of(build_docx(loaded, findings, "fr", renderers["fr"]))
    # The processing's own dates (action deadlines, review date) may be later: they come from the answers.
    answers = SAMPLE.read_text(encoding="utf-8")
    own = {dt.date.fromisoformat(d) for d in re.findall(r"\b\d{4}-\d{2}-\d{2}\b", answers)} | _french_dates(answers)
    later = sorted(d for d in _french_dates(text) - own if d > findings.as_of)
    assert not later, later
    own_years = {d.year for d in own}
    # A bare year (not a version such as "2026.5") after the as-of year must be one of the processing's own.
    years = {int(y) for y in re.findall(r"(?<![\d.])(20\d\d)(?![\d.]\d)", text)}
    assert not {y for y in years if y > findings.as_of.year} - own_years
    assert "18 juin 2021" not in text and "Recommandations 01/2020" in text


def test_risks_tied_at_one_internal_level_are_told_apart_by_their_pair(renderers):
    """The scoring ranks the draft's four risks alike, but two are at severity 2, likelihood 4 (not high) and
    two at 4 and 4 (high): the summary names the strongest by their pair, never a level shared by all four."""
    from dpia.scoring import assess

    minimal = load(REPO / "samples" / "minimal.yaml")
    findings = assess(minimal.assessment)
    assert len({risk.residual.level for risk in findings.risks}) == 1, "the scoring ranks the four risks alike"
    assert len({(risk.residual.severity, risk.residual.likelihood) for risk in findings.risks}) == 2
    _, text = text_of(build_docx(minimal, findings, "fr", renderers["fr"]))
    assert "Tous les risques ont" not in text and "niveau résiduel" not in text
    assert "Les risques résiduels les plus forts, tous de gravité 4. Maximale et de vraisemblance 4. Maximale" in text
    assert "les plus élevés" not in text and "Le risque résiduel le plus élevé est" not in text


def test_screening_summary_counts_the_nine_wp248_criteria_apart(renderers):
    from dpia.scoring import assess

    minimal = load(REPO / "samples" / "minimal.yaml")
    _, text = text_of(build_docx(minimal, assess(minimal.assessment), "fr", renderers["fr"]))
    # Sensitive data and large scale: two of the nine; the "two or more" rule and the lists are not counted.
    assert "L'analyse d'impact est obligatoire pour ce traitement : 2 critères de la liste WP248 sur 9." in text
    assert "critères examinés" not in text
