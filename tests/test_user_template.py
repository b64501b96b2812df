"""A user's own Word template (`--template`) is rendered as docxtpl renders it, fix-ups included.

docxtpl repairs two things a template's loops break: each copy of an image repeated by a loop gets
its own drawing id, and a table whose `{%tc %}` loop adds cells gets a grid wide enough for them.
Word may call a file without these repairs damaged.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree

import docx
from conftest import SAMPLES, RunDpia
from docx.shared import Cm

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def one_pixel_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x1f\x4e\x79")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def user_template(path: Path) -> Path:
    """A logo repeated for each purpose, and a table with one column per purpose (twice)."""
    document = docx.Document()
    document.add_paragraph("{{ processing.name }}")
    document.add_paragraph("{%p for purpose in processing.purposes %}")
    document.add_paragraph("{{ purpose }}")
    document.add_paragraph().add_run().add_picture(io.BytesIO(one_pixel_png()), width=Cm(1))
    document.add_paragraph("{%p endfor %}")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(
        table.rows[0].cells,
        ["{%tc for purpose in processing.purposes + processing.purposes %}", "{{ purpose }}", "{%tc endfor %}"],
        strict=True,
    ):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, "abc", strict=True):
        cell.text = text
    document.save(str(path))
    return path


def test_a_user_template_with_an_image_in_a_loop_and_a_tc_table_gives_a_sound_file(
    run_dpia: RunDpia, tmp_path: Path
) -> None:
    template = user_template(tmp_path / "mine.docx")
    out = tmp_path / "out.docx"
    result = run_dpia("build", SAMPLES / "doctolib-aws-2021.yaml", "--template", template, "-o", out)
    assert result.returncode == 0, result.stderr

    purposes = [p.text for p in docx.Document(str(out)).paragraphs[1:] if p.text]
    assert len(purposes) >= 2, "the sample has several purposes, so the loop repeats the image"
    with zipfile.ZipFile(out) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    ids = re.findall(r'<wp:docPr id="(\d+)"', body)
    assert len(ids) == len(purposes)
    assert len(set(ids)) == len(ids), f"drawing ids repeat: {ids}"

    table = ElementTree.fromstring(body).find(f".//{W}tbl")
    assert table is not None
    grid = table.findall(f"{W}tblGrid/{W}gridCol")
    widest = max(len(row.findall(f"{W}tc")) for row in table.iter(f"{W}tr"))
    assert widest == 2 * len(purposes)
    assert len(grid) >= widest, f"{len(grid)} grid columns for rows of {widest} cells"
