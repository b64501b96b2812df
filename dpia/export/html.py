"""The little HTML the CNIL PIA software shows, and the one function that escapes every text of the export.

The tool shows most of what it imports as HTML: answers, measures, evaluation comments, and on its
preview page the DPO's name and opinion and the data subjects' views (`safeHtml`, that is Angular's
`bypassSecurityTrustHtml`, so no sanitising). Every text of the export therefore goes through `esc`,
whether the tool shows it as HTML or as text: `<img src=x onerror=...>` in an answer arrives in the
tool as those characters, never as an element. The only markup in the file is the handful of tags
written below.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

MARKUP_TAGS = ("p", "strong", "ul", "li")
"""The only elements the export writes; any other `<` in the file would be a defect."""


def esc(text: str) -> str:
    """Escape `<`, `>` and `&`: the text shows as itself in HTML and can never become markup.

    Quotes are left alone: no text of the export is ever placed in an attribute, and an escaped
    apostrophe would show as `&#x27;` in the fields the tool prints as plain text.
    """
    return html.escape(text, quote=False)


def p(text: str) -> str:
    return f"<p>{esc(text)}</p>"


def labelled(label: str, text: str = "") -> str:
    """A paragraph that starts with a bold label: `<p><strong>Label :</strong> text</p>`."""
    tail = f" {esc(text)}" if text else ""
    return f"<p><strong>{esc(label)}</strong>{tail}</p>"


def ul(items: Iterable[str]) -> str:
    """A bullet list of plain texts; empty input gives no list at all."""
    entries = "".join(f"<li>{esc(item)}</li>" for item in items)
    return f"<ul>{entries}</ul>" if entries else ""
