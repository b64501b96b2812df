"""The Méthode chapter prints the grid that gives every risk its level, read back from the built .docx.

A CNIL auditor checks a stated level (« 2. Limitée → 2. Limitée ») against this grid: so its cells must be
the scoring's own table, its bold cells exactly those the Art. 36 rule holds high, and its caption must
cite only the texts that existed at the assessment's date.
"""

from __future__ import annotations

import re
from functools import cache
from io import BytesIO
from pathlib import Path

import pytest
import yaml
from docx import Document

from dpia.answers import load
from dpia.labels import Lang
from dpia.report.build import build_docx, default_template
from dpia.report.render import Renderer
from dpia.scoring import assess

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
DOCTOLIB = SAMPLES / "doctolib-aws-2021.yaml"
MINIMAL = SAMPLES / "minimal.yaml"  # no date: scored with the rules as they stand
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

CAPTION = {"fr": "Cette grille donne le niveau de risque", "en": "This grid gives the risk level"}
LEVELS = {
    "fr": {1: "1. Négligeable", 2: "2. Limitée", 3: "3. Importante", 4: "4. Maximale"},
    "en": {1: "1. Negligible", 2: "2. Limited", 3: "3. Significant", 4: "4. Maximum"},
}


def rule_data_matrix() -> list[list[int]]:
    """The table the scoring reads, straight from the reviewed data file (rows: severity 1 to 4)."""
    tables = yaml.safe_load((REPO / "dpia" / "scoring" / "data" / "tables.yaml").read_text(encoding="utf-8"))
    return tables["risk_matrix"]


def high_by_the_art36_rule(severity: int, likelihood: int) -> bool:
    """The rule as the Méthode states it: both at least significant, or maximum severity and at least limited."""
    return (severity >= 3 and likelihood >= 3) or (severity == 4 and likelihood >= 2)


@cache
def built(sample: Path, lang: Lang) -> bytes:
    loaded = load(sample)
    findings = assess(loaded.assessment, lang=lang)
    return build_docx(loaded, findings, lang, Renderer(default_template(lang)))


def _text(element) -> str:
    return "".join(node.text or "" for node in element.iter(f"{W}t"))


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
def test_the_grid_in_the_document_is_the_scoring_table_with_the_high_cells_in_bold(lang: Lang) -> None:
    _, rows = caption_and_grid(built(DOCTOLIB, lang), lang)
    matrix, names = rule_data_matrix(), LEVELS[lang]
    *grid, axis = rows
    # Laid out as the risk map: severity 4 on the top row, likelihood 1 to 4 across on the bottom row.
    assert [cell for cell, _ in axis[1:]] == [names[level] for level in range(1, 5)]
    assert [row[0][0] for row in grid] == [names[severity] for severity in range(4, 0, -1)]
    for row, severity in zip(grid, range(4, 0, -1), strict=True):
        for (text, bold), likelihood in zip(row[1:], range(1, 5), strict=True):
            assert text == names[matrix[severity - 1][likelihood - 1]], (severity, likelihood)
            assert bold == high_by_the_art36_rule(severity, likelihood), (severity, likelihood)
    # Only the high cells are bold: the axis labels are not.
    assert not any(bold for _, bold in axis) and not any(row[0][1] for row in grid)


def test_the_rule_states_the_same_grid_as_its_table() -> None:
    """`dpia rules LVL-MATRIX` prints the grid in words: they must not drift from the table applied."""
    from dpia.scoring.rules import get_rule

    rule = get_rule("LVL-MATRIX")
    for lang in ("fr", "en"):
        stated = [[int(n) for n in group.split()] for group in re.findall(r"\[([\d ]+)\]", rule.text(lang))]
        assert stated == rule_data_matrix(), lang


OVERVIEW_HEAD = {
    "fr": ["Risque", "Gravité", "Vraisemblance", "Niveau"],
    "en": ["Risk", "Severity", "Likelihood", "Level"],
}


@pytest.mark.parametrize("sample", [DOCTOLIB, MINIMAL], ids=["doctolib", "minimal"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_level_of_the_risks_overview_is_the_grid_cell_of_its_severity_and_likelihood(
    sample: Path, lang: Lang
) -> None:
    """What an auditor does: take each risk's severity and likelihood (3.6), look its level up in the grid."""
    data = built(sample, lang)
    _, rows = caption_and_grid(data, lang)
    *grid, _ = rows
    lookup = {row[0][0]: [text for text, _ in row[1:]] for row in grid}  # severity label -> levels by likelihood
    likelihoods = list(LEVELS[lang].values())
    tables = Document(BytesIO(data)).element.body.iter(f"{W}tbl")
    overview = next(
        t for t in tables if [_text(c) for c in next(t.iter(f"{W}tr")).iter(f"{W}tc")] == OVERVIEW_HEAD[lang]
    )
    checked = 0
    for row in list(overview.iter(f"{W}tr"))[1:]:
        _, severity, likelihood, level = (_text(cell) for cell in row.iter(f"{W}tc"))
        phases = [part.split(" → ") for part in (severity, likelihood, level)]
        for s, lik, printed in zip(*phases, strict=True):  # initial, then residual when the measures move it
            assert printed == lookup[s][likelihoods.index(lik)], (severity, likelihood, level)
            checked += 1
    assert checked >= 8  # four risks, initial and residual


def test_the_caption_cites_only_what_existed_at_the_assessment_date() -> None:
    """The Doctolib file is of 12 March 2021: the EDPB template of 2026 is not a source it relied on. An
    undated draft is scored with the rules as they stand, and cites it, marked as not yet checked."""
    dated = {lang: caption_and_grid(built(DOCTOLIB, lang), lang)[0] for lang in ("fr", "en")}
    assert (
        "Référence : CNIL, PIA – la méthode (février 2018), §3.2 et échelles des bases de connaissances." in dated["fr"]
    )
    assert "Reference: CNIL, PIA – methodology (February 2018), §3.2 and the knowledge bases' scales." in dated["en"]
    for caption in dated.values():
        assert "2026" not in caption and "CEPD" not in caption and "EDPB" not in caption
    # What it is for: ranking the risks; the Art. 36 rule, stated before, applies to the pair.
    assert "classer les risques" in dated["fr"] and "article 36 énoncée plus haut" in dated["fr"]
    assert "rank the risks" in dated["en"] and "Article 36 rule stated above" in dated["en"]

    undated = {lang: caption_and_grid(built(MINIMAL, lang), lang)[0] for lang in ("fr", "en")}
    assert "Références : CNIL" in undated["fr"]
    assert (
        "CEPD, modèle d'AIPD v1.0 (adopté le 10 mars 2026), §4.1, note 9 (date ou référence à vérifier)"
        in undated["fr"]
    )
    assert (
        "EDPB, DPIA template v1.0 (adopted 10 March 2026), §4.1, footnote 9 (date or reference to be checked)"
        in undated["en"]
    )


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_method_points_to_the_grid_instead_of_a_bare_claim(lang: Lang) -> None:
    text = "\n".join(_text(p) for p in Document(BytesIO(built(DOCTOLIB, lang))).element.body.iter(f"{W}p"))
    if lang == "fr":
        assert "Le niveau de risque croise les deux." not in text
        assert "Le niveau de risque croise les deux selon la grille donnée après l'échelle ci-dessous." in text
        assert "La méthode de la CNIL ne fixe ni cette grille ni de seuil chiffré" in text
    else:
        assert "The risk level combines the two." not in text
        assert "The risk level combines the two according to the grid given after the scale below." in text
        assert "The CNIL method sets neither this grid nor a numeric threshold" in text


def test_the_english_risk_tables_and_actions_use_a_dpo_s_labels() -> None:
    paragraphs = {_text(p) for p in Document(BytesIO(built(DOCTOLIB, "en"))).element.body.iter(f"{W}p")}
    assert {"Rationale for the severity", "Rationale for the likelihood", "Actions proposed by the assessment"} <= (
        paragraphs
    )
    assert not [p for p in paragraphs if p.startswith("Why this") or "the analysis proposes" in p]
    french = {_text(p) for p in Document(BytesIO(built(DOCTOLIB, "fr"))).element.body.iter(f"{W}p")}
    assert {"Justification de la gravité", "Justification de la vraisemblance"} <= french
