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


def convert_to_pdf(docx: Path, pdf: Path) -> None:
    """Write `pdf` from `docx`; an existing `pdf` is replaced only if the conversion succeeds."""
    program = soffice()
    if program is None:
        raise PdfError(
            "LibreOffice is not installed (no 'soffice' on PATH), so no PDF was written; "
            "install it (e.g. apt-get install libreoffice-writer-nogui) or open the .docx in Word and save as PDF."
        )
    with tempfile.TemporaryDirectory(prefix="dpia-pdf-") as work:
        workdir = Path(work)
        # A private profile: concurrent conversions (batch, tests) must not share LibreOffice's lock.
        profile = (workdir / "profile").as_uri()
        source = workdir / "document.docx"
        shutil.copyfile(docx, source)
        command = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(workdir), str(source)]  # fmt: skip
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise PdfError(f"LibreOffice did not finish within {TIMEOUT_SECONDS} s; no PDF was written") from None
        produced = workdir / "document.pdf"
        if result.returncode != 0 or not produced.is_file():
            detail = (result.stderr or result.stdout).strip().splitlines()
            raise PdfError(f"LibreOffice could not convert the document: {detail[-1] if detail else 'no output'}")
        with atomic_path(pdf) as temporary:
            shutil.copyfile(produced, temporary)
