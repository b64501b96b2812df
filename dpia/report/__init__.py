"""The Word DPIA: the document context, rendering through docxtpl, the risk map and PDF conversion.

Data flows one way: (Assessment, Findings, Provenance) -> DocumentContext -> .docx bytes.
docxtpl is imported only by `dpia.report.render`, so importing this package stays cheap.
"""
