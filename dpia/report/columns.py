"""Fit each table's column widths to what the rendered document puts in it.

A template fixes a table's total width; the share of each column depends on the answers: a column of
levels or dates is narrow, a column of justifications wide. For every column, two widths are measured
with Calibri's metrics (Carlito's, see dpia.report.fontmetrics): the longest word, under which a word
would break mid-word, and the longest paragraph on one line. Then:

1. a column whose longest paragraph fits within its fair share of what is left (and within a third of
   the table) gets exactly that: short values stay on one line;
2. the other columns share the rest in proportion to the square root of their longest paragraph, so a
   long text is wide without crushing a shorter one, and never narrower than their longest word, nor
   than a few centimetres, nor than what sets a short label on two lines (no column one word wide);
3. a table whose columns all fit on one line spreads the spare width in proportion.

A table with a row of fixed height (the risk map, a grid drawn to a shape) or with merged cells keeps
the widths of its template. Word and LibreOffice both read the widths written here: the grid
(`w:gridCol`, LibreOffice) and every cell (`w:tcW`, Word).
"""

from __future__ import annotations

import functools
import html
import math
import re
from collections.abc import Sequence

from dpia.report.fontmetrics import BOLD, REGULAR

_TABLE = re.compile(r"<w:tbl>.*?</w:tbl>", re.DOTALL)
_GRID = re.compile(r"<w:tblGrid>(.*?)</w:tblGrid>", re.DOTALL)
_GRID_COL = re.compile(r'<w:gridCol w:w="(\d+)"/>')
_ROW = re.compile(r"<w:tr[ >].*?</w:tr>", re.DOTALL)
_CELL = re.compile(r"<w:tc>.*?</w:tc>", re.DOTALL)
_CELL_WIDTH = re.compile(r'<w:tcW w:w="\d+" w:type="dxa"/>')
_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.DOTALL)
_RUN = re.compile(r"<w:r[ >].*?</w:r>", re.DOTALL)
_PIECE = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:(?:br|cr)/>|<w:tab/>")
_SIZE = re.compile(r'<w:sz w:val="(\d+)"/>')
_MARGINS = re.compile(
    r'<w:tblCellMar>.*?<w:left w:w="(\d+)" w:type="dxa"/>.*?<w:right w:w="(\d+)" w:type="dxa"/>', re.DOTALL
)
_KEEP = ("<w:trHeight", "<w:gridSpan", "<w:vMerge")

DEFAULT_SIZE = 21  # half-points: the templates' Normal text, 10.5 pt
DEFAULT_MARGINS = 216  # twips: Word's default cell margins, 0.19 cm each side ("Table Grid")
LIST_INDENT = 360  # twips: a bulleted paragraph's indent
SAFETY = 1.06  # Word and LibreOffice set text a little differently: a word measured to fit must fit in both
SHORT_SHARE = 1 / 3  # at most this share of the table for a column kept on one line
FLOOR = 1400  # twips (about 2.5 cm): the narrowest a column of running text becomes
_UNKNOWN = 560  # thousandths of an em, for a character outside the table (wider than most)


@functools.lru_cache(maxsize=1 << 16)  # words recur within a document and from one document to the next
def _em_width(text: str, bold: bool) -> int:
    """The width of `text` in Calibri, in thousandths of an em."""
    metrics = BOLD if bold else REGULAR
    return sum(metrics.get(char, _UNKNOWN) for char in text)


def _text_width(text: str, bold: bool, half_points: int) -> float:
    """The width of `text` in twips (1/20 pt), set in Calibri at `half_points`/2 pt."""
    return _em_width(text, bold) * half_points / 100


def _two_lines(words: Sequence[float], space: float) -> float:
    """The narrowest width that sets these words (their widths) on at most two lines."""
    if not words:
        return 0.0
    total = sum(words) + space * (len(words) - 1)
    best, first = total, 0.0
    for index, width in enumerate(words[:-1]):
        first += width + (space if index else 0.0)
        best = min(best, max(first, total - first - space))
    return best


def _cell_widths(cell: str) -> tuple[float, float, float]:
    """(its longest word, its longest paragraph on one line, the widest of its paragraphs set on two
    lines), in twips, margins not included."""
    longest_word = longest_line = two_lines = 0.0
    space = _text_width(" ", False, DEFAULT_SIZE)
    for paragraph in _PARAGRAPH.findall(cell):
        indent = LIST_INDENT if re.search(r'<w:pStyle w:val="List', paragraph) else 0
        lines: list[list[float]] = [[]]
        word = 0.0
        for run in _RUN.findall(paragraph):
            properties = run.split("</w:rPr>", 1)[0] if "</w:rPr>" in run else ""
            bold = "<w:b/>" in properties or '<w:b w:val="1"/>' in properties or '<w:b w:val="true"/>' in properties
            size = _SIZE.search(properties)
            half_points = int(size.group(1)) if size else DEFAULT_SIZE
            for piece in _PIECE.finditer(run):
                if piece.group(1) is None:  # a line break or a tab ends a line, and a word
                    lines[-1].append(word)
                    lines.append([])
                    word = 0.0
                    continue
                for chunk in re.split(r"(\s+)", html.unescape(piece.group(1))):
                    if chunk.isspace():
                        lines[-1].append(word)
                        word = 0.0
                    elif chunk:
                        word += _text_width(chunk, bold, half_points)
        lines[-1].append(word)
        for words in lines:
            words = [width for width in words if width]
            if not words:
                continue
            longest_word = max(longest_word, max(words) + indent)
            longest_line = max(longest_line, sum(words) + space * (len(words) - 1) + indent)
            two_lines = max(two_lines, _two_lines(words, space) + indent)
    return longest_word * SAFETY, longest_line * SAFETY, two_lines * SAFETY


def allocate(
    total: int, shortest: Sequence[float], longest: Sequence[float], two_lines: Sequence[float] | None = None
) -> list[int]:
    """Share `total` twips among columns that need at least `shortest` and at most `longest` each;
    `two_lines`, the width that sets a column's text on two lines, is what a short label is given."""
    two_lines = two_lines or shortest
    count = len(shortest)
    if sum(shortest) >= total:  # even one word a line does not fit: shrink in proportion
        return _rounded([total * width / sum(shortest) for width in shortest], total)
    widths: dict[int, float] = {}
    remaining = float(total)
    while True:  # 1. short columns, each on one line
        open_columns = [column for column in range(count) if column not in widths]
        if not open_columns:
            break
        share = min(remaining / len(open_columns), total * SHORT_SHARE)
        short = [column for column in open_columns if longest[column] <= share]
        if not short:
            break
        for column in short:
            widths[column] = longest[column]
            remaining -= longest[column]
    while True:  # 2. running text, by the square root of its length, never below its floor
        open_columns = [column for column in range(count) if column not in widths]
        if not open_columns:
            break
        weights = {column: math.sqrt(longest[column]) for column in open_columns}
        floors = {
            column: max(shortest[column], min(longest[column], FLOOR), min(two_lines[column], total * SHORT_SHARE))
            for column in open_columns
        }
        if sum(floors.values()) > remaining:  # no room for the floors: the longest words, then in proportion
            spare = remaining - sum(shortest[column] for column in open_columns)
            stretch = sum(longest[column] - shortest[column] for column in open_columns) or 1.0
            for column in open_columns:
                widths[column] = shortest[column] + spare * (longest[column] - shortest[column]) / stretch
            break
        targets = {column: remaining * weights[column] / sum(weights.values()) for column in open_columns}
        below = [column for column in open_columns if targets[column] < floors[column]]
        above = [column for column in open_columns if targets[column] > longest[column]]
        if not below and not above:
            widths.update(targets)
            break
        for column in below or above:
            widths[column] = floors[column] if below else longest[column]
            remaining -= widths[column]
    spare = total - sum(widths.values())
    if spare > 0:  # 3. everything fits on one line: spread what is left
        used = sum(widths.values()) or 1.0
        widths = {column: width + spare * width / used for column, width in widths.items()}
    return _rounded([widths[column] for column in range(count)], total)


def _rounded(widths: Sequence[float], total: int) -> list[int]:
    rounded = [int(width) for width in widths]
    widest = max(range(len(rounded)), key=lambda column: rounded[column])
    rounded[widest] += total - sum(rounded)
    return rounded


def _fit_table(table: str) -> str:
    if any(marker in table for marker in _KEEP) or table.count("<w:tbl>") > 1:
        return table
    grid = _GRID.search(table)
    if grid is None:
        return table
    columns = [int(width) for width in _GRID_COL.findall(grid.group(1))]
    rows = [_CELL.findall(row) for row in _ROW.findall(table)]
    if not columns or not rows or any(len(cells) != len(columns) for cells in rows):
        return table
    margins = _MARGINS.search(table.split("</w:tblPr>", 1)[0])
    padding = int(margins.group(1)) + int(margins.group(2)) if margins else DEFAULT_MARGINS
    measured = [[_cell_widths(cell) for cell in cells] for cells in rows]
    shortest, longest, two_lines = (
        [max(row[column][kind] for row in measured) + padding for column in range(len(columns))] for kind in range(3)
    )
    widths = allocate(sum(columns), shortest, longest, two_lines)
    if widths == columns:
        return table
    new_grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    table = table[: grid.start(1)] + new_grid + table[grid.end(1) :]

    def fitted_row(row: re.Match[str]) -> str:
        cells = iter(widths)
        return _CELL.sub(
            lambda cell: _CELL_WIDTH.sub(f'<w:tcW w:w="{next(cells)}" w:type="dxa"/>', cell.group(0), 1), row.group(0)
        )

    return _ROW.sub(fitted_row, table)


def fit(xml: str) -> str:
    """The document XML with every table's columns fitted to its content (see the module's rules)."""
    if "<w:tbl>" not in xml:
        return xml
    return _TABLE.sub(lambda table: _fit_table(table.group(0)), xml)
