"""Keep what introduces a table on the same page as the table.

Rows never split (the templates set `w:cantSplit`), but a paragraph such as « Sous-traitants et
sous-traitants ultérieurs : » could still end a page while its table starts the next. Every
paragraph that directly precedes a table is kept with it (`w:keepNext`, which Word and LibreOffice
both honour), whether the template or a value put it there.
"""

from __future__ import annotations

import re

_PARAGRAPH_START = re.compile(r"<w:p(?: [^>]*)?>")
_STYLE = re.compile(r"<w:pStyle [^>]*/>")


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
    """The document XML with each paragraph that directly precedes a table kept with it."""
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
    return "".join(pieces)
