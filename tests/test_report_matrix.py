"""The document reports each risk as the CNIL method does: its pair of severity and likelihood, and whether it
is high under the Art. 36 rule; the Méthode prints that rule as a grid. All read back from the built .docx.

A CNIL auditor checks each stated status (« Non → Non ») against the grid: so the grid's high cells must be
exactly those the scoring's own test holds high, its axes must be named before its first row, its caption must
not lend the rule to the CNIL and must cite only the texts in force at the assessment's date, and no combined
« niveau de risque » may be printed beside the pair (the CNIL method computes none).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document

from dpia.answers import load
from dpia.labels import Lang
from dpia.report.build import build_docx, default_template
from dpia.report.render import Renderer
from dpia.scoring import assess
from dpia.scoring.engine import high
from dpia.scoring.findings import Findings, Level, Levels

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
DOCTOLIB = SAMPLES / "doctolib-aws-2021.yaml"
HOSPITAL = SAMPLES / "hospital-secnumcloud.yaml"  # two residual risks of severity 4, likelihood 2: high
MINIMAL = SAMPLES / "minimal.yaml"  # a draft: severity 2 x likelihood 4 beside 4 x 4
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

CAPTION = {"fr": "Grille de la règle de l'article 36", "en": "Grid of the Article 36 rule"}
LEVELS = {
    "fr": {1: "1. Négligeable", 2: "2. Limitée", 3: "3. Importante", 4: "4. Maximale"},
    "en": {1: "1. Negligible", 2: "2. Limited", 3: "3. Significant", 4: "4. Maximum"},
}
HIGH_CELL = {"fr": ("élevé", "non élevé"), "en": ("high", "not high")}
YES_NO = {"fr": ("Oui", "Non"), "en": ("Yes", "No")}
SUMMARY_HEAD = {  # the synthèse's risk table and the overview of 3.6
    "fr": ["Risque", "Gravité", "Vraisemblance", "Élevé (art. 36)"],
    "en": ["Risk", "Severity", "Likelihood", "High (Art. 36)"],
}  # fmt: skip
RISK_ROW = {"fr": "Risque élevé, art. 36 (initial → résiduel)", "en": "High risk, Art. 36 (initial → residual)"}


@cache
def scored(sample: Path, lang: Lang) -> tuple[bytes, Findings]:
    loaded = load(sample)
    findings = assess(loaded.assessment, lang=lang)
    return build_docx(loaded, findings, lang, Renderer(default_template(lang))), findings


def built(sample: Path, lang: Lang) -> bytes:
    return scored(sample, lang)[0]


def _text(element) -> str:
    """The text as a reader sees it: a no-break space reads as a space."""
    return "".join(node.text or "" for node in element.iter(f"{W}t")).replace("\u00a0", " ")


def _rows(table) -> list[list[str]]:
    return [[_text(cell) for cell in row.iter(f"{W}tc")] for row in table.iter(f"{W}tr")]


def _tables(data: bytes, head: list[str]) -> list:
    return [t for t in Document(BytesIO(data)).element.body.iter(f"{W}tbl") if _rows(t)[0] == head]


def _summary_and_overview(data: bytes, lang: Lang) -> tuple[list[list[str]], list[list[str]]]:
    """The synthèse's risk table and the overview of 3.6, which share their columns: rows after the header."""
    summary, overview = _tables(data, SUMMARY_HEAD[lang])
    return _rows(summary)[1:], _rows(overview)[1:]


def _yes_no(value: bool, lang: Lang) -> str:
    return YES_NO[lang][0 if value else 1]


def _change(initial: str, residual: str) -> str:
    return f"{initial} → {residual}"


def caption_and_grid(data: bytes, lang: Lang) -> tuple[str, list[list[tuple[str, bool]]]]:
    """The caption, and the table right after it: each cell's text and whether that text is bold."""
    body = list(Document(BytesIO(data)).element.body)
    index = next(i for i, element in enumerate(body) if _text(element).startswith(CAPTION[lang]))
    table = body[index + 1]
    assert table.tag == f"{W}tbl", "the grid follows its caption"
    rows = []
    for row in table.iter(f"{W}tr"):
        cells = []
        for cell in row.iter(f"{W}tc"):
            runs = [run for run in cell.iter(f"{W}r") if _text(run)]
            cells.append((_text(cell), bool(runs) and all(run.find(f"{W}rPr/{W}b") is not None for run in runs)))
        rows.append(cells)
    return _text(body[index]), rows


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_grid_s_high_cells_are_exactly_those_the_scoring_holds_high(lang: Lang) -> None:
    _, rows = caption_and_grid(built(DOCTOLIB, lang), lang)
    names, (high_text, plain_text) = LEVELS[lang], HIGH_CELL[lang]
    header, *grid = rows
    # The axes are named before the first row: the corner names both, the header row gives the likelihoods.
    corner = header[0][0]
    assert corner.index({"fr": "Gravité", "en": "Severity"}[lang]) < corner.index(
        {"fr": "Vraisemblance", "en": "Likelihood"}[lang]
    )
    assert [cell for cell, _ in header[1:]] == [names[level] for level in range(1, 5)]
    # Laid out as the risk map: severity 4 on the top row.
    assert [row[0][0] for row in grid] == [names[severity] for severity in range(4, 0, -1)]
    marked = set()
    for row, severity in zip(grid, range(4, 0, -1), strict=True):
        for (text, bold), likelihood in zip(row[1:], range(1, 5), strict=True):
            expected = high(Levels(severity=Level(severity), likelihood=Level(likelihood), level=Level(severity)))
            assert (text, bold) == ((high_text, True) if expected else (plain_text, False)), (severity, likelihood)
            if bold:
                marked.add((severity, likelihood))
    # The cases the review found contradicted by the former level grid: 2 x 4 is not high, 4 x 2 is.
    assert (4, 2) in marked and (2, 4) not in marked
    # Only the high cells are bold: the axis labels are not.
    assert not any(bold for _, bold in header) and not any(row[0][1] for row in grid)


def test_the_grid_does_not_depend_on_the_combined_level_handed_to_the_rule() -> None:
    """The rule reads the pair only: the grid may build its cells without the scoring's combined level."""
    for severity in Level:
        for likelihood in Level:
            answers = {high(Levels(severity=severity, likelihood=likelihood, level=level)) for level in Level}
            assert len(answers) == 1, (severity, likelihood)


def test_the_caption_keeps_the_rule_to_the_controller_and_cites_what_existed_at_the_assessment_date() -> None:
    """The Doctolib file is of 12 March 2021: no text of 2026 is a source its author relied on."""
    dated = {lang: caption_and_grid(built(DOCTOLIB, lang), lang)[0] for lang in ("fr", "en")}
    assert "retenue par le responsable du traitement" in dated["fr"]
    assert "ne fixe ni niveau de risque combiné ni seuil" in dated["fr"]
    assert "Références de la règle : RGPD (règlement (UE) 2016/679 du 27 avril 2016), art. 36(1)" in dated["fr"]
    assert "WP248" in dated["fr"]
    assert "adopted by the controller" in dated["en"]
    assert "sets neither a combined risk level nor a threshold" in dated["en"]
    assert "References of the rule: GDPR (Regulation (EU) 2016/679 of 27 April 2016), Art. 36(1)" in dated["en"]
    for caption in dated.values():
        assert "2026" not in caption and "modèle d'AIPD" not in caption and "DPIA template" not in caption


def test_the_caption_leaves_out_a_source_dated_after_the_as_of_date() -> None:
    """Assessed on 1 January 2018, the rule cannot rest on the CNIL method of February 2018."""
    from dpia.report.high_grid import high_grid
    from dpia.report.words import Words

    before = high_grid(Words("fr"), dt.date(2018, 1, 1)).caption
    after = high_grid(Words("fr"), dt.date(2021, 3, 12)).caption
    assert "CNIL, PIA – la méthode (février 2018)" in after
    assert "CNIL, PIA – la méthode" not in before and "WP248" in before


@pytest.mark.parametrize("sample", [DOCTOLIB, HOSPITAL, MINIMAL], ids=["doctolib", "hospital", "minimal"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_summary_gives_each_risk_its_pair_and_whether_it_stays_high(sample: Path, lang: Lang) -> None:
    data, findings = scored(sample, lang)
    names = LEVELS[lang]
    rows, overview = _summary_and_overview(data, lang)
    assert overview == rows, "the overview of 3.6 states the same"
    assert len(rows) == len(findings.risks) == 4
    for row, risk in zip(rows, findings.risks, strict=True):
        initial, residual = risk.initial, risk.residual
        assert row[1:] == [
            _change(names[initial.severity], names[residual.severity]),
            _change(names[initial.likelihood], names[residual.likelihood]),
            _change(_yes_no(high(initial), lang), _yes_no(high(residual), lang)),
        ], row


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_high_residual_risk_reads_yes_in_the_summary_the_risk_table_and_the_overview(lang: Lang) -> None:
    """The hospital sample: illegitimate access and unwanted modification stay at severity 4, likelihood 2."""
    data, _ = scored(HOSPITAL, lang)
    yes, no = YES_NO[lang]
    summary, overview = ([row[3] for row in rows] for rows in _summary_and_overview(data, lang))
    assert summary == [f"{yes} → {yes}", f"{yes} → {yes}", f"{no} → {no}", f"{no} → {no}"]
    assert overview == summary
    tables = Document(BytesIO(data)).element.body.iter(f"{W}tbl")
    per_risk = [row[1] for table in tables for row in _rows(table) if row[0] == RISK_ROW[lang]]
    assert per_risk == overview


@pytest.mark.parametrize("sample", [DOCTOLIB, HOSPITAL, MINIMAL], ids=["doctolib", "hospital", "minimal"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_combined_risk_level_is_printed(sample: Path, lang: Lang) -> None:
    """The CNIL method computes no combined level: no label, column or sentence states one."""
    data = built(sample, lang)
    document = Document(BytesIO(data))
    text = "\n".join(_text(p) for p in document.element.body.iter(f"{W}p"))
    for label in {"fr": ("Niveau de risque", "Niveau initial", "Niveau résiduel", "au même niveau résiduel"),
                  "en": ("Risk level", "Initial level", "Residual level", "at the same residual level")}[lang]:  # fmt: skip
        assert label not in text, label
    # A « Niveau » column is only the scale's, whose rows are the CNIL's four levels.
    scale = {"fr": ["Niveau", "Gravité", "Vraisemblance"], "en": ["Level", "Severity", "Likelihood"]}[lang]
    headers = [_rows(table)[0] for table in document.element.body.iter(f"{W}tbl")]
    assert [head for head in headers if scale[0] in head] == [scale]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_strongest_residual_risks_are_named_by_their_pair(lang: Lang) -> None:
    """The draft's risks A and E are at 4 x 4, M and D at 2 x 4: only the first two are the strongest, and the
    sentence names their pair, not a level shared with the others."""
    text = "\n".join(_text(p) for p in Document(BytesIO(built(MINIMAL, lang))).element.body.iter(f"{W}p"))
    if lang == "fr":
        assert (
            "Les risques résiduels les plus forts, tous de gravité 4. Maximale et de vraisemblance 4. Maximale, "
            "sont « Accès illégitime à des données » et « Accès extraterritorial par des autorités étrangères »."
        ) in text
    else:
        assert (
            "The strongest residual risks, all of severity 4. Maximum and likelihood 4. Maximum, are "
            "“Illegitimate access to data” and “Extraterritorial access by foreign authorities”."
        ) in text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_method_reports_the_pair_and_points_to_the_grid(lang: Lang) -> None:
    text = "\n".join(_text(p) for p in Document(BytesIO(built(DOCTOLIB, lang))).element.body.iter(f"{W}p"))
    if lang == "fr":
        assert "Le niveau de risque croise les deux" not in text
        assert (
            "chaque risque est présenté par ce couple gravité–vraisemblance, sans niveau de risque qui les combine"
            in text
        )
        assert "(grille après l'échelle ci-dessous)" in text
        assert (
            "Tous les risques ont la même gravité résiduelle (2. Limitée) et la même vraisemblance résiduelle "
            "(2. Limitée)."
        ) in text
    else:
        assert "The risk level combines the two" not in text
        assert (
            "each risk is reported by this pair of severity and likelihood, with no risk level combining them" in text
        )
        assert "(grid after the scale below)" in text


def test_the_english_risk_tables_and_actions_use_a_dpo_s_labels() -> None:
    paragraphs = {_text(p) for p in Document(BytesIO(built(DOCTOLIB, "en"))).element.body.iter(f"{W}p")}
    assert {"Rationale for the severity", "Rationale for the likelihood", "Actions proposed by the assessment"} <= (
        paragraphs
    )
    assert not [p for p in paragraphs if p.startswith("Why this") or "the analysis proposes" in p]
    french = {_text(p) for p in Document(BytesIO(built(DOCTOLIB, "fr"))).element.body.iter(f"{W}p")}
    assert {"Justification de la gravité", "Justification de la vraisemblance"} <= french
