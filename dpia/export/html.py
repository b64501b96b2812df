"""The little HTML the CNIL PIA software shows in its rich-text answers, with every text escaped.

User text never becomes markup: `<script>` in an answer arrives in the tool as the characters
`<script>`, not as an element.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from html.parser import HTMLParser


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


class _TextCollector(HTMLParser):
    _BLOCKS = frozenset({"p", "li", "br", "div", "ul", "ol", "tr", "h1", "h2", "h3", "h4"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text_of(fragment: str | None) -> str:
    """The plain text a reader sees in an HTML answer, one line per block, entities decoded."""
    if not fragment:
        return ""
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).splitlines())
    return "\n".join(line for line in lines if line)
