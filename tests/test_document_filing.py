"""Every sample, in French and English, as a DPO files it: read back from the .docx XML and from the PDF.

The documents are built once and converted by a single LibreOffice call (it takes seconds to start),
then each test reads what a reviewer would: no rule ids, points, paths or commands in the body, a
filled table of contents and page numbers, the language on the styles, and a draft marked as such.
Without LibreOffice these tests fail and say so: the PDF is what a DPO signs.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from dpia.answers import load
from dpia.completeness import missing
from dpia.labels import Lang
from dpia.pipeline import Pipeline
from dpia.report import toc
from dpia.scoring import assess

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "samples").glob("*.yaml"))
LANGS: tuple[Lang, ...] = ("fr", "en")
MAX_PAGES = 20  # the French Doctolib/AWS document must fit in 20 pages without the technical annex


@dataclass(frozen=True)
class Built:
    sample: Path
    lang: str
    docx: Path
    pdf: Path

    def part(self, name: str) -> str:
        with zipfile.ZipFile(self.docx) as archive:
            return archive.read(name).decode("utf-8")

    def body_text(self) -> str:
        """The text of the document body, paragraph by paragraph."""
        xml = self.part("word/document.xml")
        paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, re.DOTALL)
        return "\n".join("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)) for p in paragraphs)

    def pdf_pages(self) -> list[str]:
        text = subprocess.run(
            ["pdftotext", "-layout", str(self.pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Built]:
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.fail("LibreOffice (soffice) and poppler (pdftotext) are needed to check the documents as filed")
    from dpia.report.pdf import lay_out

    folder = tmp_path_factory.mktemp("filing")
    documents: dict[tuple[str, str], Built] = {}
    for lang in LANGS:
        pipeline = Pipeline(lang)
        for sample in SAMPLES:
            docx = folder / f"{sample.stem}-{lang}.docx"
            docx.write_bytes(pipeline.render(pipeline.assess(sample), "docx"))
            documents[sample.stem, lang] = Built(sample, lang, docx, docx.with_suffix(".pdf"))
    lay_out([item.docx for item in documents.values()], folder)  # one LibreOffice process for all
    return documents


CASES = [(sample.stem, lang) for sample in SAMPLES for lang in LANGS]
IDS = [f"{stem}-{lang}" for stem, lang in CASES]


def _rule_ids(sample: Path, lang: Lang) -> set[str]:
    findings = assess(load(sample).assessment, lang)
    ids = {reason.rule for risk in findings.risks for reason in risk.reasons}
    ids |= {gate.id for gate in findings.gates} | {criterion.id for criterion in findings.screening.criteria}
    return ids


@pytest.mark.parametrize(("stem", "lang"), CASES, ids=IDS)
def test_the_body_speaks_prose_not_trace(built, stem: str, lang: Lang) -> None:
    item = built[stem, lang]
    body = item.body_text()
    pdf = "\n".join(item.pdf_pages())
    for text in (body, pdf):
        leaked = sorted(rule for rule in _rule_ids(item.sample, lang) if rule in text)
        assert not leaked, f"rule ids in the document: {leaked}"
        assert not re.search(r"\bpoints?\b de protection|\+\d+ points?|protection points?", text)
        assert "dpia rules" not in text and "docs/" not in text and ".md" not in text
        assert "(s)" not in text and "an(s)" not in text
        assert not re.search(r"(?<![\w-])-0(?![\d,.])", text), "a '-0' in the document"


@pytest.mark.parametrize(("stem", "lang"), CASES, ids=IDS)
def test_draft_only_when_answers_are_missing(built, stem: str, lang: str) -> None:
    item = built[stem, lang]
    draft = bool(missing(load(item.sample).assessment))
    assert draft == (stem == "minimal"), "minimal.yaml is the draft example; every other sample is final"
    mark = "PROJET" if lang == "fr" else "DRAFT"
    pages = item.pdf_pages()
    if draft:
        assert all(mark in page.split("\n", 3)[0] + page[:400] for page in pages), "the mark on every page"
        heading = "Informations manquantes" if lang == "fr" else "Missing information"
        assert heading in item.body_text()
        assert "legal_basis.art6_detail" in item.body_text()  # each missing answer named by its field
        # A draft decides nothing: the cover leaves the decision and Art. 36 open, proposes no decision.
        cover = re.sub(r"\s+", " ", pages[0])
        open_question = "À déterminer" if lang == "fr" else "To be determined"
        assert re.search(rf"Décision {open_question}|Decision {open_question}", cover), cover
        assert cover.count(open_question) >= 2, "the decision and the prior consultation are both open"
        assert not re.search(r"CNIL (Non|No)\b", cover), cover
        assert "valider le traitement" not in "\n".join(pages) and "approve the processing" not in "\n".join(pages)
    else:
        text = "\n".join(pages)
        assert mark not in text
        for unanswered in ("Non renseigné", "À compléter", "Not provided", "To be completed"):
            assert unanswered not in text, unanswered


@pytest.mark.parametrize(("stem", "lang"), CASES, ids=IDS)
def test_page_numbers_and_a_filled_table_of_contents(built, stem: str, lang: str) -> None:
    item = built[stem, lang]
    footer = "".join(item.part(name) for name in zipfile.ZipFile(item.docx).namelist() if "footer" in name)
    assert "PAGE" in footer and "NUMPAGES" in footer
    document = item.part("word/document.xml")
    assert re.search(r"<w:instrText[^>]*> TOC ", document), "a table-of-contents field Word can update"
    assert document.count('w:pStyle w:val="TOC1"') >= 7, "its entries are filled when rendering"
    # Word refreshes the table with its own layout when it opens the document: never a stale table.
    assert '<w:updateFields w:val="true"/>' in item.part("word/settings.xml")
    pages = item.pdf_pages()
    count = len(pages)
    first = "Synthèse" if lang == "fr" else "Executive summary"
    contents = next(page for page in pages if re.search(rf"{first}\.{{5,}}\s*\d+", page))
    numbers = [int(n) for n in re.findall(r"\.{5,}\s*(\d+)\s*$", contents, re.MULTILINE)]
    assert len(numbers) >= 7 and numbers == sorted(numbers) and numbers[-1] <= count
    # The .docx itself keeps that layout's page numbers, so that it shows them without a field update...
    entries = re.findall(r'<w:pStyle w:val="TOC[12]"/>.*?</w:p>', document, re.DOTALL)
    saved = toc.numbered(document)
    assert len(saved) == len(entries) and all(saved), "a page number in every entry of the saved table"
    assert [int(number) for number in saved[: len(numbers)]] == numbers, "the same numbers as the PDF"
    # ...and each is the page its heading is on.
    for entry, number in zip(entries, saved, strict=True):
        heading = html.unescape("".join(re.findall(r'<w:t xml:space="preserve">([^<]*)</w:t>', entry)))
        assert heading[:25] in pages[int(number) - 1], f"{heading!r} is not on page {number}"
    footer_text = "Page 1 sur" if lang == "fr" else "Page 1 of"
    assert f"{footer_text} {count}" in pages[0]
    assert count <= MAX_PAGES, f"{count} pages"


def test_the_french_doctolib_document_fits_in_twenty_pages(built) -> None:
    assert len(built["doctolib-aws-2021", "fr"].pdf_pages()) <= MAX_PAGES


@pytest.mark.parametrize(("stem", "lang"), CASES, ids=IDS)
def test_the_overview_of_the_risks_is_never_cut_across_two_pages(built, stem: str, lang: str) -> None:
    """A short table (a heading row and up to four rows) is kept whole; longer ones never leave their last
    row alone on a page (dpia.report.pagination)."""
    pages = built[stem, lang].pdf_pages()
    heading = "3.6 Vue d'ensemble des risques" if lang == "fr" else "3.6 Risks overview"
    where = [page for page in pages if heading in page and "...." not in page.split(heading, 1)[1][:20]]
    assert len(where) == 1, heading
    assert "(E) " in where[0].split(heading, 1)[1], "the overview of the risks runs onto the next page"


@pytest.mark.parametrize("lang", LANGS)
def test_styles_carry_the_language_a_metric_font_and_readable_sizes(built, lang: str) -> None:
    item = built["doctolib-aws-2021", lang]
    styles = item.part("word/styles.xml")
    tag = {"fr": "fr-FR", "en": "en-GB"}[lang]
    assert set(re.findall(r'<w:lang w:val="([^"]+)"', styles)) == {tag}
    assert "Theme" not in "".join(re.findall(r"<w:rFonts[^>]*>", styles))
    assert set(re.findall(r'w:ascii="([^"]+)"', styles)) == {"Calibri"}
    normal = re.search(r'<w:style [^>]*w:styleId="Normal".*?</w:style>', styles, re.DOTALL)
    assert normal is not None
    sizes = [int(size) for size in re.findall(r'<w:sz w:val="(\d+)"', normal.group(0))]
    assert sizes and min(sizes) >= 20, "body text of at least 10 pt"
    document = item.part("word/document.xml")
    assert all(int(size) >= 18 for size in re.findall(r'<w:sz w:val="(\d+)"', document))
    fonts = subprocess.run(["pdffonts", str(item.pdf)], capture_output=True, text=True, check=True).stdout
    assert "Carlito" in fonts or "Calibri" in fonts


@pytest.mark.parametrize(("stem", "lang"), CASES, ids=IDS)
def test_table_rows_do_not_split_and_headers_repeat(built, stem: str, lang: str) -> None:
    document = built[stem, lang].part("word/document.xml")
    rows = re.findall(r"<w:tr[ >].*?</w:tr>", document, re.DOTALL)
    # A risk's justifications may run onto the next page (kept whole, a long one leaves half a page
    # blank above it); every other row stays in one piece.
    justification = ("Justification de la gravité", "Justification de la vraisemblance", "Rationale for the severity",
                     "Rationale for the likelihood")  # fmt: skip
    whole = [row for row in rows if not any(label in row for label in justification)]
    assert len(whole) < len(rows) and all("<w:cantSplit/>" in row for row in whole)
    assert "<w:tblHeader/>" in document


@pytest.mark.parametrize(("stem", "lang"), CASES, ids=IDS)
def test_what_introduces_a_table_stays_on_its_page(built, stem: str, lang: str) -> None:
    item = built[stem, lang]
    document = item.part("word/document.xml")
    leads = re.findall(r"<w:p[ >](?:(?!<w:p[ >]).)*?</w:p>(?=<w:tbl>)", document, re.DOTALL)
    assert leads and all("<w:keepNext/>" in lead for lead in leads)
    # A lead-in is a paragraph that ends with a colon; a line that ends with one inside a running paragraph
    # (« … Dispense CNIL, point 5 : associations … ») is not, and may end a page.
    lead_ins = {
        " ".join(text.split())
        for text in (_text_of(paragraph) for paragraph in re.findall(r"<w:p[ >].*?</w:p>", document, re.DOTALL))
        if text.rstrip().endswith(":")
    }
    assert lead_ins  # « Finalités : » and its like: the check below is never vacuous
    for number, page in enumerate(item.pdf_pages(), start=1):
        lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
        last = lines[-2]
        assert not any(lead.endswith(last) for lead in lead_ins), f"page {number} ends with a lead-in: {last!r}"


def _text_of(paragraph: str) -> str:
    return html.unescape("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", paragraph)))


_WORD = re.compile(r"[^\W\d_]+")


def _words_of(xml: str) -> set[str]:
    """Every word the .docx holds, and each hyphenated word without its hyphens (pdftotext joins a word
    hyphenated at the end of a line)."""
    words: set[str] = set()
    for paragraph in re.findall(r"<w:p[ >].*?</w:p>", xml, re.DOTALL):
        paragraph = re.sub(r"<w:(?:br|tab|cr)/>", "<w:t> </w:t>", paragraph)
        text = html.unescape("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", paragraph)))
        words |= set(_WORD.findall(text))
        for word in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)+", text):
            words.add(word.replace("-", ""))
            # Hyphenated at one of its hyphens only: « Bourg-sur-Exemple » reads « Bourgsur-Exemple ».
            pieces = word.split("-")
            words |= {"".join(pieces[i : i + 2]) for i in range(len(pieces) - 1)}
    return words


@pytest.mark.parametrize(("stem", "lang"), CASES, ids=IDS)
def test_no_word_is_broken_across_lines(built, stem: str, lang: str) -> None:
    """Columns are at least as wide as their longest word: every word of the PDF is a word of the .docx."""
    item = built[stem, lang]
    parts = zipfile.ZipFile(item.docx).namelist()
    known = set().union(*(_words_of(item.part(name)) for name in parts if re.fullmatch(r"word/\w+\.xml", name)))
    text = subprocess.run(["pdftotext", str(item.pdf), "-"], capture_output=True, text=True, check=True).stdout
    broken = sorted({word for word in _WORD.findall(text) if len(word) > 1 and word not in known})
    # A compound hyphenated at the end of a page's last line (« medico- ») is joined by pdftotext to the
    # next word it reads, the footer's (« medicoPage »): the compound's head and a known word are whole.
    heads = {head for name in parts if re.fullmatch(r"word/\w+\.xml", name) for head in _heads(item.part(name))}
    broken = [word for word in broken if not any(word[:i] in heads and word[i:] in known for i in range(1, len(word)))]
    assert not broken, f"pieces of words: {broken}"


def _heads(xml: str) -> set[str]:
    """The first part of every hyphenated compound the .docx holds (« medico » of « medico-social »)."""
    return set(re.findall(r"([^\W\d_]+)-[^\W\d_]", html.unescape(xml)))


@pytest.mark.parametrize(("stem", "lang"), CASES, ids=IDS)
def test_columns_are_fitted_to_their_content(built, stem: str, lang: str) -> None:
    """The template gives its label-and-value tables two layouts; fitted, each takes its own."""
    document = built[stem, lang].part("word/document.xml")
    tables = re.findall(r"<w:tbl>.*?</w:tbl>", document, re.DOTALL)
    layouts = {
        tuple(re.findall(r'<w:gridCol w:w="(\d+)"/>', table)) for table in tables if table.count("<w:gridCol ") == 2
    }
    assert len(layouts) >= 4, "two-column tables each take the widths of their own labels and values"


def test_the_english_document_has_no_french_words_of_the_tool(built) -> None:
    # The minimal answers hold little French of their own: what remains would be the tool's.
    text = "\n".join(built["minimal", "en"].pdf_pages())
    for word in ("Gravité", "Vraisemblance", "Sans objet", "À compléter", "Non renseigné", "mois", "personnes",
                 "Oui", "Aucun", "Synthèse", "Méthode", "Droit applicable", "sur 1", "CE, réf.", "§19.2 et",
                 "délibération", "arrêté"):  # fmt: skip
        assert word not in text, word


def test_the_technical_annex_comes_only_with_trace(tmp_path: Path) -> None:
    sample = REPO / "samples" / "doctolib-aws-2021.yaml"
    pipeline = Pipeline("fr", trace=True)
    assessed = pipeline.assess(sample)
    docx = tmp_path / "trace.docx"
    docx.write_bytes(pipeline.render(assessed, "docx"))
    text = Built(sample, "fr", docx, docx.with_suffix(".pdf")).body_text()
    annex = text.index("C. Annexe technique")
    rules = _rule_ids(sample, "fr") - {gate.id for gate in assessed.findings.gates}
    rules -= {criterion.id for criterion in assessed.findings.screening.criteria}
    assert all(rule in text[annex:] for rule in rules)
    assert not [rule for rule in rules if rule in text[:annex]]
    assert text.count("EXT-J2") == 1  # printed once


_KEPT_WITH = {
    "fr": (
        (r"Gravité \(initiale →", "Justification de la"),  # the label cell wraps: its first words
        (r"Vraisemblance\s+\d\.", "Justification de la"),  # the risk table's row, not the map's axis
        (r"Gravité ↑ /\s+Négligeable", "Gravité du risque en ordonnée"),  # the map's axis: bare level names
        (r"Cette grille donne le niveau", "Vraisemblance →"),  # the Méthode's grid with its caption
    ),
    "en": (
        (r"Severity \(initial →", "Rationale for"),
        (r"Likelihood \(initial", "Rationale for"),
        (r"Severity ↑ /\s+Negligible", "Risk severity upwards"),
        (r"This grid gives the risk level", "Likelihood →"),
    ),
}


@pytest.mark.parametrize(("stem", "lang"), CASES, ids=IDS)
def test_a_level_stays_on_the_page_of_its_justification_and_the_map_with_its_legend(
    built, stem: str, lang: str
) -> None:
    for number, page in enumerate(built[stem, lang].pdf_pages(), 1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        for lead, follower in _KEPT_WITH[lang]:
            leads = [index for index, line in enumerate(lines) if re.match(lead, line)]
            if leads:
                rest = " ".join(lines[leads[-1] :])
                assert follower in rest, f"page {number}: « {lines[leads[-1]]} » ends the page without « {follower} »"
