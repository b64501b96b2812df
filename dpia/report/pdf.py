"""PDF through LibreOffice (`soffice --headless --convert-to pdf`), when it is installed."""

from __future__ import annotations

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
                   "--convert-to", "pdf", "--outdir", str(workdir), *map(str, sources)]  # fmt: skip
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


def convert_to_pdf(docx: Path, pdf: Path) -> None:
    """Write `pdf` from `docx`; an existing `pdf` is replaced only if the conversion succeeds."""
    with tempfile.TemporaryDirectory(prefix="dpia-pdf-out-") as out:
        (produced,) = convert_many([docx], Path(out))
        with atomic_path(pdf) as temporary:
            shutil.copyfile(produced, temporary)
