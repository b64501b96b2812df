"""Spreadsheet cells that hold text stay text: no formula runs when a summary is opened.

A cell whose text starts with `=`, `+`, `-` or `@` is a formula to Excel, LibreOffice and Google
Sheets (`=WEBSERVICE("https://…"&A2)` sends a neighbouring cell away), and a leading tab or carriage
return is dropped by some of them before the same test. OWASP's advice for CSV injection is to put a
single quote in front of such a cell: spreadsheets then show the text, and a reader sees why.
https://owasp.org/www-community/attacks/CSV_Injection
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Characters an .xlsx (XML 1.0) cannot hold at all; a file name may contain them.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def neutralise(value: Any) -> Any:
    """`value` with a quote in front when it is text a spreadsheet would read as a formula.

    Only text is touched: numbers, booleans and missing values come back as they are, so levels
    and counts stay numbers.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def for_xlsx(value: Any) -> Any:
    """`value` as an .xlsx cell can hold it: characters XML forbids are shown as `\\xNN`, not dropped."""
    if isinstance(value, str):
        return _XML_FORBIDDEN.sub(lambda match: f"\\x{ord(match.group()):02x}", value)
    return value
