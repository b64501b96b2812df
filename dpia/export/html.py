"""The little HTML the CNIL PIA software shows in its rich-text answers, with every text escaped.

User text never becomes markup: `<script>` in an answer arrives in the tool as the characters
`<script>`, not as an element.
"""

from __future__ import annotations

import html
from collections.abc import Iterable


def esc(text: str) -> str:
    # Text is only ever element content, never an attribute value: quotes need no escaping.
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
