"""User text and file names, made safe to print or store as text.

A Linux file name is bytes: one in Latin-1 reaches Python with lone surrogates, which no UTF-8
file, terminal or spreadsheet accepts; one holding ESC can move a terminal's cursor or retitle its
window. `printable` shows both as `\\xNN` escapes, so the name stays recognisable and harmless.
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` with undecodable bytes and control characters written as `\\xNN`."""
    if text.isprintable():
        return text
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", storable(text))


def storable(text: str) -> str:
    """`text` with undecodable bytes written as `\\xNN`: what a UTF-8 file can hold (controls are kept)."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that did not come from a file name
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")
