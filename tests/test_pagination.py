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
