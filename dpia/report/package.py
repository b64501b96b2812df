"""A Word template's package, checked before anything unpacks it: sizes, ratios, and what Word writes.

A .docx is a zip. A 3 MB zip can inflate to gigabytes, an entry can be encrypted or its deflate
stream corrupt, and a part can be in an encoding docxtpl cannot read. Each of these is refused here,
with "not a usable Word template" and the part at fault, before docxtpl or python-docx read it.
Declared sizes are checked first, then every part is inflated in chunks and its real size counted
(zipfile stops at the declared size and checks the CRC, so a part cannot lie about its size).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from dpia.errors import InputError

MAX_TEMPLATE_BYTES = 64 * 1024 * 1024  # the .docx file itself
MAX_PARTS = 2_000
MAX_PART_BYTES = 64 * 1024 * 1024  # one part, uncompressed
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # all parts, uncompressed
MAX_RATIO = 100  # uncompressed / compressed, for parts over RATIO_FROM bytes (Word's XML stays near 10)
RATIO_FROM = 1024 * 1024
_CHUNK = 1024 * 1024

# The parts docxtpl renders: XML it reads as UTF-8.
TEMPLATED_PART = re.compile(r"word/(document|header\d*|footer\d*|footnotes)\.xml")


def _refuse(file: str, reason: str) -> InputError:
    return InputError.single(file, f"not a usable Word template: {reason}")


def check_package(data: bytes, file: str) -> None:
    """Raise InputError unless `data` is a zip whose every part can be unpacked within the bounds."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        raise _refuse(file, "not a Word document (.docx), which is a zip archive") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_PARTS:
            raise _refuse(file, f"{len(entries):,} parts; at most {MAX_PARTS:,} are read")
        declared = 0
        for entry in entries:
            _check_declared(entry, file)
            declared += entry.file_size
            if declared > MAX_TOTAL_BYTES:
                raise _refuse(file, f"its parts add up to more than {MAX_TOTAL_BYTES:,} bytes unpacked")
        for entry in entries:
            content = _inflate(archive, entry, file)
            if TEMPLATED_PART.fullmatch(entry.filename) and content is not None:
                _check_xml(entry.filename, content, file)
        if "word/document.xml" not in archive.namelist():
            raise _refuse(file, "word/document.xml is missing")


def _check_declared(entry: zipfile.ZipInfo, file: str) -> None:
    name = entry.filename
    if entry.flag_bits & 0x1:
        raise _refuse(file, f"part {name} is encrypted")
    if entry.file_size > MAX_PART_BYTES:
        raise _refuse(
            file, f"part {name} unpacks to {entry.file_size:,} bytes; a part is limited to {MAX_PART_BYTES:,}"
        )
    if entry.file_size > RATIO_FROM and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
        raise _refuse(
            file, f"part {name} unpacks {entry.file_size // max(entry.compress_size, 1):,} times its size (a zip bomb?)"
        )


def _inflate(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, file: str) -> bytes | None:
    """Unpack one part in chunks; its content when docxtpl will read it as text, else None."""
    keep = bool(TEMPLATED_PART.fullmatch(entry.filename))
    chunks: list[bytes] = []
    total = 0
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(_CHUNK):
                total += len(chunk)
                if total > entry.file_size:
                    raise _refuse(file, f"part {entry.filename} unpacks to more than it declares")
                if keep:
                    chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as error:
        raise _refuse(file, f"part {entry.filename} is damaged ({error})") from None
    return b"".join(chunks) if keep else None


def _check_xml(name: str, content: bytes, file: str) -> None:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _refuse(file, f"part {name} is not UTF-8 (byte {error.start}), as Word writes it") from None
    if name == "word/document.xml" and "<w:body" not in text:
        raise _refuse(file, "word/document.xml has no <w:body>")
