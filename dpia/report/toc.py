"""Fill the table of contents when the document is rendered, so that it shows without a field update.

The template holds a TOC field whose result is a placeholder. After rendering, the headings are
known: each level-1 and level-2 heading gets a bookmark, and the field's result becomes one entry per
heading, linked to its bookmark, with a PAGEREF field for the page.

Only a layout knows the pages. When LibreOffice lays the document out (dpia.report.pdf.lay_out), it
reports the page of each bookmark, and `number` writes them into the PAGEREF results: the saved TOC
then shows its page numbers in LibreOffice and in Word without any update. Word still refreshes the
whole table when it opens the document (the templates ask it to, with `w:updateFields`), so its own
layout has the last word, and a table edited after rendering is never left stale.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

PLACEHOLDER = "TOC_ENTRIES"
ANCHOR = re.compile(r"_Toc\d{8}")  # the bookmarks `fill` gives the headings
_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.DOTALL)
_HEADING = re.compile(r'<w:pStyle w:val="Heading([12])"/>')
_TEXT = re.compile(r"<w:t(?: [^>]*)?>(.*?)</w:t>", re.DOTALL)
_PPR_END = "</w:pPr>"
_FIRST_BOOKMARK_ID = 9000  # above the ids Word and python-docx give their own bookmarks


def _run(inner: str) -> str:
    return f"<w:r>{inner}</w:r>"


def _fld(kind: str) -> str:
    return _run(f'<w:fldChar w:fldCharType="{kind}"/>')


def _entry(level: str, text: str, anchor: str, prefix: str = "", suffix: str = "") -> str:
    page = (
        _fld("begin")
        + _run(f'<w:instrText xml:space="preserve"> PAGEREF {anchor} \\h </w:instrText>')
        + _fld("separate")
        + _run("<w:t></w:t>")
        + _fld("end")
    )
    label = _run('<w:t xml:space="preserve">' + text + "</w:t>") + _run("<w:tab/>")
    link = f'<w:hyperlink w:anchor="{anchor}" w:history="1">{label}{page}</w:hyperlink>'
    return f'<w:p><w:pPr><w:pStyle w:val="TOC{level}"/></w:pPr>{prefix}{link}{suffix}</w:p>'


def fill(xml: str) -> str:
    """The document XML with bookmarked headings and the TOC field's entries filled in."""
    if PLACEHOLDER not in xml:
        return xml
    entries: list[tuple[str, str, str]] = []
    pieces: list[str] = []
    done = 0
    for match in _PARAGRAPH.finditer(xml):
        paragraph = match.group(0)
        heading = _HEADING.search(paragraph)
        if heading is None or _PPR_END not in paragraph:
            continue
        text = "".join(_TEXT.findall(paragraph)).strip()
        if not text:
            continue
        number = len(entries)
        anchor = f"_Toc{number + 1:08d}"
        bookmark_id = _FIRST_BOOKMARK_ID + number
        split = paragraph.index(_PPR_END) + len(_PPR_END)
        marked = (
            paragraph[:split]
            + f'<w:bookmarkStart w:id="{bookmark_id}" w:name="{anchor}"/>'
            + paragraph[split : -len("</w:p>")]
            + f'<w:bookmarkEnd w:id="{bookmark_id}"/></w:p>'
        )
        pieces += [xml[done : match.start()], marked]
        done = match.end()
        entries.append((heading.group(1), text, anchor))
    pieces.append(xml[done:])
    xml = "".join(pieces)

    field = next((m for m in _PARAGRAPH.finditer(xml) if PLACEHOLDER in m.group(0)), None)
    if field is None:
        return xml
    paragraph = field.group(0)
    instruction = re.search(r"<w:instrText[^>]*>.*?</w:instrText>", paragraph, re.DOTALL)
    if instruction is None or not entries:
        return xml
    begin = _fld("begin") + _run(instruction.group(0)) + _fld("separate")
    end = _fld("end")
    rows = []
    for index, (level, text, anchor) in enumerate(entries):
        prefix = begin if index == 0 else ""
        suffix = end if index == len(entries) - 1 else ""
        rows.append(_entry(level, text, anchor, prefix, suffix))
    return xml[: field.start()] + "".join(rows) + xml[field.end() :]


_TOC_START = re.compile(
    r'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText[^>]*> TOC [^<]*</w:instrText></w:r>'
    r'<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
)
_END_RUN = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def unwrap(xml: str) -> str:
    """The same entries outside their TOC field, for LibreOffice's PDF export.

    LibreOffice prints a TOC field's result as it was saved, page numbers included; outside the field,
    the entries' PAGEREF fields are cross-references that it computes while laying out the pages. The
    .docx a user receives keeps the real field, which Word can update.
    """
    start = _TOC_START.search(xml)
    if start is None:
        return xml
    xml = xml[: start.start()] + xml[start.end() :]
    last = max(xml.rfind('<w:pStyle w:val="TOC1"/>'), xml.rfind('<w:pStyle w:val="TOC2"/>'))
    close = xml.find("</w:p>", last)
    cut = xml.rfind(_END_RUN, last, close)
    if last < 0 or cut < 0:
        return xml
    return xml[:cut] + xml[cut + len(_END_RUN) :]


_PAGE_RESULT = re.compile(
    r'(<w:instrText xml:space="preserve"> PAGEREF (_Toc\d{8}) \\h </w:instrText></w:r>'
    r'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>)[^<]*(</w:t>)'
)


def number(xml: str, pages: Mapping[str, int]) -> str:
    """The document XML with each TOC entry's page number (`pages`: bookmark -> page) as its saved result.

    An entry whose bookmark has no page keeps an empty result rather than a guessed one.
    """

    def page(match: re.Match[str]) -> str:
        found = pages.get(match.group(2))
        return match.group(1) + ("" if found is None else str(found)) + match.group(3)

    return _PAGE_RESULT.sub(page, xml)


def numbered(xml: str) -> list[str]:
    """The page numbers saved in the TOC entries, in order ("" where there is none)."""
    return [match.group(0)[len(match.group(1)) : -len(match.group(3))] for match in _PAGE_RESULT.finditer(xml)]
