"""A paragraph that introduces a table is kept on the table's page."""

from __future__ import annotations

from dpia.report.pagination import keep_lead_ins

TABLE = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"


def test_the_paragraph_before_a_table_keeps_with_it_and_no_other() -> None:
    xml = (
        "<w:body><w:p><w:r><w:t>Before</w:t></w:r></w:p>"
        '<w:p w:rsidR="1"><w:pPr><w:pStyle w:val="Normal"/><w:jc w:val="left"/></w:pPr><w:r><w:t>Lead-in:</w:t></w:r></w:p>'
        + TABLE
        + "<w:p><w:r><w:t>Plain lead-in:</w:t></w:r></w:p>"
        + TABLE
        + "<w:p><w:r><w:t>After</w:t></w:r></w:p>"
        + '<w:p><w:r><w:t xml:space="preserve">Purposes: </w:t></w:r></w:p><w:p><w:r><w:t>one</w:t></w:r></w:p></w:body>'
    )
    kept = keep_lead_ins(xml)
    assert kept.count("<w:keepNext/>") == 3
    assert '<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:t xml:space="preserve">Purposes: ' in kept, "a list's lead-in"
    assert '<w:pPr><w:pStyle w:val="Normal"/><w:keepNext/><w:jc w:val="left"/></w:pPr>' in kept, "schema order"
    assert "<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:t>Plain lead-in:" in kept
    assert "<w:p><w:r><w:t>Before</w:t>" in kept and "<w:p><w:r><w:t>After</w:t>" in kept
    assert keep_lead_ins(kept) == kept, "applied twice, the same"


def _table(rows: int) -> str:
    row = "<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:p><w:r><w:t>row {n}</w:t></w:r></w:p></w:tc></w:tr>"
    return "<w:tbl>" + "".join(row.format(n=n) for n in range(rows)) + "</w:tbl>"


def _kept_rows(xml: str) -> list[int]:
    rows = xml.split("<w:tr>")[1:]
    return [n for n, row in enumerate(rows) if "<w:keepNext/>" in row]


def test_a_short_table_is_kept_whole_and_a_long_one_keeps_its_last_two_rows_together() -> None:
    assert _kept_rows(keep_lead_ins(_table(5))) == [0, 1, 2, 3], "a heading row and four rows: whole"
    assert _kept_rows(keep_lead_ins(_table(9))) == [7], "only the row before the last"
    assert _kept_rows(keep_lead_ins(_table(2))) == []
    splittable = _table(9).replace("<w:trPr><w:cantSplit/></w:trPr>", "", 8)
    assert _kept_rows(keep_lead_ins(splittable)) == [], "a row that may split is not tied to the next"
    assert keep_lead_ins(keep_lead_ins(_table(9))) == keep_lead_ins(_table(9))
