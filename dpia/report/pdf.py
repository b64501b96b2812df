"""PDF through LibreOffice (`soffice --headless --convert-to pdf`), when it is installed."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from dpia.fsutil import atomic_path

TIMEOUT_SECONDS = 180


class PdfError(Exception):
    """The PDF could not be written; the message says why and what to do."""


def soffice() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _for_libreoffice(docx: Path, target: Path) -> None:
    """Copy `docx` to `target` with its table of contents laid out by LibreOffice (see toc.unwrap)."""
    import zipfile

    from dpia.report import toc

    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "word/document.xml":
                content = toc.unwrap(content.decode("utf-8")).encode("utf-8")
            copy.writestr(entry, content)


# Each bookmark becomes a named destination of the PDF, so the page of every heading can be read back.
_EXPORT = 'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'


def convert_many(documents: list[Path], outdir: Path) -> list[Path]:
    """One PDF in `outdir` per .docx, all converted by a single LibreOffice process (it starts slowly).

    Each PDF bears the name of its document with the suffix .pdf; an existing PDF is replaced only
    when its conversion succeeds.
    """
    program = soffice()
    if program is None:
        raise PdfError(
            "LibreOffice is not installed (no 'soffice' on PATH), so no PDF was written; "
            "install it (e.g. apt-get install libreoffice-writer-nogui) or open the .docx in Word and save as PDF."
        )
    names = [document.with_suffix("").name for document in documents]
    if len(set(names)) != len(names):
        raise PdfError("two documents share a name; LibreOffice would write both to the same PDF")
    with tempfile.TemporaryDirectory(prefix="dpia-pdf-") as work:
        workdir = Path(work)
        # A private profile: concurrent conversions (batch, tests) must not share LibreOffice's lock.
        profile = (workdir / "profile").as_uri()
        sources = []
        for document, name in zip(documents, names, strict=True):
            source = workdir / f"{name}.docx"
            _for_libreoffice(document, source)
            sources.append(source)
        command = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", _EXPORT, "--outdir", str(workdir), *map(str, sources)]  # fmt: skip
        timeout = TIMEOUT_SECONDS * max(1, len(documents) // 4 + 1)
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise PdfError(f"LibreOffice did not finish within {timeout} s; no PDF was written") from None
        written = []
        for name in names:
            produced = workdir / f"{name}.pdf"
            if result.returncode != 0 or not produced.is_file():
                detail = (result.stderr or result.stdout).strip().splitlines()
                raise PdfError(f"LibreOffice could not convert {name}: {detail[-1] if detail else 'no output'}")
            target = outdir / f"{name}.pdf"
            with atomic_path(target) as temporary:
                shutil.copyfile(produced, temporary)
            written.append(target)
        return written


def heading_pages(pdf: Path) -> dict[str, int]:
    """The page (from 1, as the footer counts) of each heading bookmark of a PDF LibreOffice wrote."""
    from pypdf import PdfReader

    from dpia.report import toc

    reader = PdfReader(pdf)
    pages: dict[str, int] = {}
    for name, destination in reader.named_destinations.items():
        # LibreOffice writes the bookmark "_Toc00000001" as the PDF name "/5FToc00000001" (5F is "_").
        anchor = toc.ANCHOR.search(name.replace("5FToc", "_Toc"))
        index = reader.get_destination_page_number(destination)
        if anchor is not None and index is not None:
            pages[anchor.group(0)] = index + 1
    return pages


def number_pages(docx: Path, pdf: Path) -> None:
    """Write into `docx`'s table of contents the page of each heading in `pdf`, its LibreOffice layout."""
    import zipfile

    from dpia.report import toc
    from dpia.report.render import normalise_zip

    pages = heading_pages(pdf)
    output = io.BytesIO()
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as copy:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "word/document.xml":
                content = toc.number(content.decode("utf-8"), pages).encode("utf-8")
            copy.writestr(entry, content)
    with atomic_path(docx) as temporary:
        temporary.write_bytes(normalise_zip(output.getvalue()))


def lay_out(documents: list[Path], outdir: Path) -> list[Path]:
    """`convert_many`, and each .docx gets the page numbers of that layout in its table of contents.

    One LibreOffice process lays out every document; the PDFs and the tables of contents then agree.
    """
    pdfs = convert_many(documents, outdir)
    for docx, pdf in zip(documents, pdfs, strict=True):
        number_pages(docx, pdf)
    return pdfs


def lay_out_document(docx: bytes) -> tuple[bytes, bytes]:
    """(the .docx with its table of contents numbered, its PDF), from one LibreOffice layout."""
    with tempfile.TemporaryDirectory(prefix="dpia-layout-") as work:
        source = Path(work) / "document.docx"
        source.write_bytes(docx)
        (pdf,) = lay_out([source], Path(work))
        return source.read_bytes(), pdf.read_bytes()


def convert_to_pdf(docx: Path, pdf: Path) -> None:
    """Write `pdf` from `docx`; an existing `pdf` is replaced only if the conversion succeeds."""
    with tempfile.TemporaryDirectory(prefix="dpia-pdf-out-") as out:
        (produced,) = convert_many([docx], Path(out))
        with atomic_path(pdf) as temporary:
            shutil.copyfile(produced, temporary)
