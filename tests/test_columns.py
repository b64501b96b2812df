"""Column widths fitted to the rendered content: narrow for levels, wide for text, no word cut."""

from __future__ import annotations

import re

from dpia.report.columns import _cell_widths, allocate, fit

MARGINS = 216  # a cell's left and right margins, in twips
TEXT = "The processor may be compelled to disclose the data to a foreign authority without the controller knowing. " * 4


def _cell(text: str, bold: bool = False) -> str:
    properties = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return (
        '<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>'
        f'<w:p><w:r>{properties}<w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:tc>'
    )


def _table(rows: list[list[str]], grid: list[int], row_properties: str = "") -> str:
    columns = "".join(f'<w:gridCol w:w="{width}"/>' for width in grid)
    body = "".join(f"<w:tr>{row_properties}{''.join(_cell(text) for text in row)}</w:tr>" for row in rows)
    return f"<w:tbl><w:tblPr/><w:tblGrid>{columns}</w:tblGrid>{body}</w:tbl>"


def _grid(xml: str) -> list[int]:
    return [int(width) for width in re.findall(r'<w:gridCol w:w="(\d+)"/>', xml)]


def test_a_column_of_levels_is_narrow_and_one_of_text_wide() -> None:
    rows = [["Level", "Justification", "Risk"], ["2. Limited", TEXT, "Illegitimate access to data"]]
    fitted = fit(_table(rows, [3212, 3213, 3213]))
    level, text, risk = _grid(fitted)
    assert level + text + risk == 9638, "the table keeps its width"
    assert level < risk < text
    assert level >= _cell_widths(_cell("2. Limited"))[1], "a level stays on one line"
    assert risk >= _cell_widths(_cell("Illegitimate access to data"))[1]
    cells = [int(width) for width in re.findall(r'<w:tcW w:w="(\d+)"', fitted)]
    assert cells == [level, text, risk] * 2, "every cell carries its column's width, for Word"


def test_a_label_wraps_on_two_lines_not_one_word_a_line() -> None:
    label = "Justification of the likelihood"
    fitted = fit(_table([[label, TEXT], ["Likelihood", TEXT]], [4819, 4819]))
    width = _grid(fitted)[0] - MARGINS
    one_word, one_line, two_lines = _cell_widths(_cell(label))
    assert two_lines <= width < one_line, "two lines, neither one nor one word a line"
    assert one_word < two_lines


def test_no_column_is_narrower_than_its_longest_word() -> None:
    digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    fitted = fit(_table([["SHA-256", digest], ["Tool", "dpia 1.0"]], [6000, 3638]))
    label, value = _grid(fitted)
    assert value >= _cell_widths(_cell(digest))[0] and label >= _cell_widths(_cell("SHA-256"))[0]


def test_a_grid_drawn_to_a_shape_keeps_its_template_widths() -> None:
    risk_map = _table(
        [["Maximum", "", "A", "", ""]], [2155, 1871, 1871, 1871, 1870], '<w:trPr><w:trHeight w:val="680"/></w:trPr>'
    )
    assert fit(risk_map) == risk_map


def test_when_every_word_cannot_fit_the_columns_shrink_in_proportion() -> None:
    assert allocate(1000, [800, 400], [900, 500]) == [667, 333]
