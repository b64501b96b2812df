"""Render a Word template with docxtpl: escaped, sandboxed, strict about unknown tags, reproducible.

A `Renderer` loads and checks one template once, then renders any number of contexts; batch runs
keep one per worker. What it guarantees:

- values are escaped (autoescape) and stripped of characters XML forbids, so an answer holding
  `<script>&"{{ 7*7 }}` appears literally and never breaks the document;
- templates run in Jinja's sandbox, so a user's template cannot reach Python internals;
- a tag that the context does not define is an error naming the tag and the paragraph it stands in,
  never a blank;
- the same context gives the same bytes: zip entries carry a fixed timestamp and the document's
  dates come from the answer file only.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zipfile
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, meta
from jinja2.sandbox import SandboxedEnvironment

from dpia.errors import InputError, Problem
from dpia.report.context import DocumentContext, template_variables

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_XML_MARKUP = re.compile(r"<[^>]+>")
# The zip timestamp of every entry: 1980-01-01 00:00, the DOS epoch, as reproducible-build tools use
# (DOS time 0, DOS date (0 << 9) | (1 << 5) | 1, little-endian).
_DOS_EPOCH = struct.pack("<HH", 0, (1 << 5) | 1)
_LISTING = re.compile("[\t\n\a\f]")
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
_WORD_PART = re.compile(r"word/(document|header\d*|footer\d*)\.xml")


def _finalize(value: object) -> object:
    # Answers are cleaned at load time already; findings and user templates may still carry them.
    return _XML_ILLEGAL.sub("", value) if isinstance(value, str) else value


class _Environment(SandboxedEnvironment):
    """A sandboxed, escaping, strict Jinja environment that compiles each template source once.

    docxtpl recompiles the document XML on every render, which is half its cost; the patched XML of an
    unchanged template is identical every time, so the compiled template is kept by source.
    """

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined, finalize=_finalize, keep_trailing_newline=True)
        self._compiled: dict[str, jinja2.Template] = {}
        self.current_source = ""

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> jinja2.Template:
        self.current_source = source
        if globals is not None or template_class is not None:
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            compiled = self._compiled[source] = super().from_string(source)
        return compiled


class _DocxTemplate(DocxTemplate):
    """docxtpl's template, with its XML clean-up memoised like the compile (same input, same output)."""

    def __init__(self, template: io.BytesIO, patched: dict[str, str]) -> None:
        super().__init__(template)
        self._patched = patched

    def patch_xml(self, src_xml: str) -> str:
        result = self._patched.get(src_xml)
        if result is None:
            result = self._patched[src_xml] = super().patch_xml(src_xml)
        return result

    def resolve_listing(self, xml: str) -> str:
        # docxtpl runs its line-break regexes over every paragraph; only those holding \n, \t, \a or
        # \f in a value need them, and the result is the same.
        if not _LISTING.search(xml):
            return xml
        resolve = super().resolve_listing
        return _PARAGRAPH.sub(lambda m: resolve(m.group(0)) if _LISTING.search(m.group(0)) else m.group(0), xml)


def _paragraphs(source: str) -> list[str]:
    """The lines of a source as docxtpl compiles it (one paragraph a line), with the markup removed."""
    return [_XML_MARKUP.sub("", line) for line in source.splitlines()]


def _where(part: str, source: str, line: int | None) -> str:
    """'body, paragraph N: "its text"' for a line of a compiled source (one paragraph a line)."""
    if line is None:
        return part
    lines = source.splitlines()
    if not 0 < line <= len(lines):
        return part
    number = sum(1 for text in lines[:line] if re.match(r"\s*<w:p[ >]", text))
    text = _XML_MARKUP.sub("", lines[line - 1]).strip()
    where = f"{part}, paragraph {number}"
    return f'{where}: "{text[:160]}"' if text else where


def _part_name(partname: str) -> str:
    match = _WORD_PART.fullmatch(partname.lstrip("/"))
    if match is None:
        return partname.lstrip("/")
    return "body" if match.group(1) == "document" else match.group(1)


def _template_line(traceback: TracebackType | None) -> int | None:
    """The template line an error was raised on; Jinja maps its frames back to the template source."""
    line = None
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == "<template>":
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


def _tag_of(name: str, paragraph: str) -> str:
    for tag in _TAG.findall(paragraph):
        if re.search(rf"\b{re.escape(name)}\b", tag):
            return tag
    return name


class Renderer:
    """One Word template, loaded and checked once, rendered for as many contexts as needed."""

    def __init__(self, template: Path) -> None:
        self.template = Path(template)
        try:
            self._bytes = self.template.read_bytes()
        except OSError as error:
            raise InputError.single(str(self.template), f"cannot read the template: {error.strerror}") from None
        if not zipfile.is_zipfile(io.BytesIO(self._bytes)):
            raise InputError.single(str(self.template), "not a Word document (.docx)")
        self._env = _Environment()
        self._patched: dict[str, str] = {}
        self._check()

    # -- checks done once, when the template is loaded -------------------------------------------

    def _parts(self) -> list[tuple[str, str]]:
        """(name, patched XML) of each part docxtpl renders: the body, then headers and footers."""
        parts = []
        with zipfile.ZipFile(io.BytesIO(self._bytes)) as archive:
            for name in sorted(archive.namelist()):
                match = _WORD_PART.fullmatch(name)
                if match:
                    xml = archive.read(name).decode("utf-8")
                    if name == "word/document.xml":
                        # docxtpl compiles the body element alone; so does the check, so lines agree.
                        xml = xml[xml.index("<w:body") :]
                    label = "body" if match.group(1) == "document" else match.group(1)
                    parts.append((label, self._template().patch_xml(xml)))
        if not any(label == "body" for label, _ in parts):
            raise InputError.single(str(self.template), "not a Word document: word/document.xml is missing")
        return parts

    def _check(self) -> None:
        known = set(DocumentContext.model_fields)
        problems = []
        for part, xml in self._parts():
            source = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
            try:
                parsed = self._env.parse(source)
            except TemplateSyntaxError as error:
                where = _where(part, source, error.lineno)
                problems.append(Problem(str(self.template), f"{where}: template syntax error: {error.message}"))
                continue
            for name in sorted(meta.find_undeclared_variables(parsed) - known):
                line = next((n for n, text in enumerate(_paragraphs(source), 1) if _tag_of(name, text) != name), None)
                paragraph = _paragraphs(source)[line - 1] if line else ""
                problems.append(
                    Problem(
                        str(self.template),
                        f"{_where(part, source, line)}: unknown tag {_tag_of(name, paragraph)}: "
                        f"'{name}' is not in the document context (see docs/template-context.md)",
                    )
                )
        if problems:
            raise InputError(problems)

    def _template(self) -> _DocxTemplate:
        return _DocxTemplate(io.BytesIO(self._bytes), self._patched)

    # -- rendering ---------------------------------------------------------------------------------

    def render(self, context: DocumentContext, date: dt.date | None = None, author: str | None = None) -> bytes:
        """The .docx bytes for `context`; `date` and `author` go into the file's properties."""
        document = self._template()
        try:
            document.render(template_variables(context), jinja_env=self._env, autoescape=True)
        except TemplateError as error:
            source = self._env.current_source
            line = getattr(error, "lineno", None) or _template_line(error.__traceback__)
            part = getattr(document, "current_rendering_part", None)
            where = _where(_part_name(str(part.partname)) if part is not None else "template", source, line)
            message = error.message or type(error).__name__
            name = re.search(r"attribute '([^']+)'|'([^']+)' is undefined", message)
            if isinstance(error, jinja2.UndefinedError) and name and line:
                tag = _tag_of(name.group(1) or name.group(2), _paragraphs(source)[line - 1])
                message = f"unknown tag {tag}: {message}"
            raise InputError.single(str(self.template), f"{where}: {message}") from None

        properties = document.docx.core_properties
        properties.title = f"{context.document.title} – {context.processing.name}"
        properties.subject = context.processing.name
        properties.author = author or ""
        properties.last_modified_by = author or ""
        properties.language = context.document.lang
        properties.keywords = "AIPD; DPIA; RGPD; GDPR"
        properties.comments = (
            f"dpia {context.provenance.tool_version}; answers sha256 {context.provenance.answers_sha256}"
        )
        properties.revision = 1
        element = properties._element
        if date is not None:
            stamp = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
            properties.created = stamp
            properties.modified = stamp
        else:
            # No date in the answers, no date in the document: never the template's, never the clock's.
            element._remove_created()
            element._remove_modified()

        buffer = io.BytesIO()
        document.save(buffer)
        return normalise_zip(buffer.getvalue())


def normalise_zip(data: bytes) -> bytes:
    """The same archive with every entry dated 1980-01-01, so equal content gives equal bytes.

    python-docx stamps each entry with the current time. The dates are patched in place in the local
    and central headers rather than by re-compressing every part, which would cost as much again.
    """
    archive = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = source.infolist()
    for entry in entries:
        local = entry.header_offset
        if archive[local : local + 4] != b"PK\x03\x04":
            raise ValueError("unexpected zip layout")
        archive[local + 10 : local + 14] = _DOS_EPOCH
    end = data.rindex(b"PK\x05\x06")
    count, _size, central = struct.unpack("<HII", data[end + 10 : end + 20])
    if count != len(entries):
        raise ValueError("unexpected zip layout")
    for _ in range(count):
        if archive[central : central + 4] != b"PK\x01\x02":
            raise ValueError("unexpected zip layout")
        archive[central + 12 : central + 16] = _DOS_EPOCH
        name, extra, comment = struct.unpack("<HHH", archive[central + 28 : central + 34])
        central += 46 + name + extra + comment
    return bytes(archive)
