"""Keep what introduces a table or a list on the same page as what it introduces.

Rows never split (the templates set `w:cantSplit`), but a paragraph such as « Sous-traitants et
sous-traitants ultérieurs : » could still end a page while its table starts the next. Every
paragraph that directly precedes a table, and every paragraph ending with a colon (« Finalités : »
before its list), is kept with what follows (`w:keepNext`, which Word and LibreOffice both honour),
whether the template or a value put it there.

A table never leaves its last row alone at the top of a page: the row before it is kept with it, and a
table of a few rows (a heading row and up to four more, such as the overview of the risks) is kept whole.
"""

from __future__ import annotations

import re

_PARAGRAPH_START = re.compile(r"<w:p(?: [^>]*)?>")
_STYLE = re.compile(r"<w:pStyle [^>]*/>")
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)  # paragraphs do not nest in a body
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")


def _kept(paragraph: str) -> str:
    """The paragraph with `w:keepNext` in its properties, in the place the schema gives it."""
    if "<w:keepNext/>" in paragraph:
        return paragraph
    opening = _PARAGRAPH_START.match(paragraph)
    if opening is None:
        return paragraph
    rest = paragraph[opening.end() :]
    if rest.startswith("<w:pPr>"):
        style = _STYLE.match(rest, len("<w:pPr>"))  # w:pStyle comes first, then w:keepNext
        at = style.end() if style else len("<w:pPr>")
        return opening.group(0) + rest[:at] + "<w:keepNext/>" + rest[at:]
    return opening.group(0) + "<w:pPr><w:keepNext/></w:pPr>" + rest


def keep_lead_ins(xml: str) -> str:
    """The document XML with each paragraph that directly precedes a table, or ends with a colon, kept
    with what follows."""
    pieces: list[str] = []
    done = 0
    for table in re.finditer(r"</w:p>(?=<w:tbl>)", xml):
        end = table.end()
        start = max(xml.rfind("<w:p>", done, end), xml.rfind("<w:p ", done, end))
        if start < 0:
            continue
        pieces += [xml[done:start], _kept(xml[start:end])]
        done = end
    pieces.append(xml[done:])
    return _keep_table_ends(_keep_colons("".join(pieces)))


_TABLE = re.compile(r"<w:tbl>(?:(?!<w:tbl>).)*?</w:tbl>", re.DOTALL)  # innermost tables only
_ROW = re.compile(r"<w:tr[ >].*?</w:tr>", re.DOTALL)
_WHOLE_UP_TO = 5  # rows, the heading row included


def _keep_table_ends(xml: str) -> str:
    def kept_rows(match: re.Match[str]) -> str:
        table = match.group(0)
        rows = list(_ROW.finditer(table))
        if len(rows) < 3:
            return table
        keep = rows[:-1] if len(rows) <= _WHOLE_UP_TO else [rows[-2]]
        # A row that may split (a long justification) is not tied to the next: it would carry its whole
        # height along and leave the page above half empty.
        keep = [row for row in keep if "<w:cantSplit/>" in row.group(0)]
        pieces, done = [], 0
        for row in keep:
            pieces += [table[done : row.start()], _PARAGRAPH.sub(lambda p: _kept(p.group(0)), row.group(0))]
            done = row.end()
        pieces.append(table[done:])
        return "".join(pieces)

    return _TABLE.sub(kept_rows, xml)


def _keep_colons(xml: str) -> str:
    def kept(match: re.Match[str]) -> str:
        paragraph = match.group(0)
        return _kept(paragraph) if "".join(_TEXT.findall(paragraph)).rstrip().endswith(":") else paragraph

    return _PARAGRAPH.sub(kept, xml)
