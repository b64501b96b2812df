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
import zlib
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any
from xml.parsers import expat

import jinja2
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml.coreprops import CT_CoreProperties
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, meta
from jinja2.sandbox import SandboxedEnvironment

from dpia.errors import InputError, Problem
from dpia.inputs import read_limited
from dpia.model import XML_ILLEGAL
from dpia.report import columns, pagination, toc
from dpia.report.context import DocumentContext, template_variables
from dpia.report.limits import INTERCEPTED_OPERATORS, RenderLimits, RenderTimeExceeded, bounded, checked_binop
from dpia.report.package import MAX_TEMPLATE_BYTES, check_package

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_XML_MARKUP = re.compile(r"<[^>]+>")
# The zip timestamp of every entry: 1980-01-01 00:00, the DOS epoch, as reproducible-build tools use
# (DOS time 0, DOS date (0 << 9) | (1 << 5) | 1, little-endian).
_DOS_EPOCH = struct.pack("<HH", 0, (1 << 5) | 1)
_LISTING = re.compile("[\t\n\a\f]")
_WORD_PART = re.compile(r"word/(document|header\d*|footer\d*)\.xml")


def _finalize(value: object) -> object:
    # Answers are cleaned at load time already; findings and user templates may still carry them.
    return XML_ILLEGAL.sub("", value) if isinstance(value, str) else value


class _Environment(SandboxedEnvironment):
    """A sandboxed, escaping, strict Jinja environment that compiles each template source once.

    docxtpl recompiles the document XML on every render, which is half its cost; the patched XML of an
    unchanged template is identical every time, so the compiled template is kept by source.
    """

    def __init__(self) -> None:
        super().__init__(
            autoescape=True,
            undefined=StrictUndefined,
            finalize=_finalize,
            keep_trailing_newline=True,
            # No template may pull in a file: `{% include %}`, `{% import %}` and `{% extends %}` find nothing.
            loader=jinja2.DictLoader({}),
        )
        self._compiled: dict[str, jinja2.Template] = {}
        self.current_source = ""

    intercepted_binops = INTERCEPTED_OPERATORS  # never folded at compile time; sized at render time

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        return checked_binop(operator, left, right)

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
        return _resolve_listing(xml)


def _resolve_listing(xml: str) -> str:
    """docxtpl's line-break pass (\\n, \\t, \\a, \\f in values), run only on the paragraphs holding one.

    docxtpl runs its regexes over every paragraph of the document; here each character found leads
    straight to its paragraph, and the result is the same. docxtpl's method uses nothing of the
    instance, so it is called unbound.
    """
    pieces: list[str] = []
    done = 0
    for match in _LISTING.finditer(xml):
        position = match.start()
        if position < done:
            continue  # inside a paragraph already resolved
        start = max(xml.rfind("<w:p>", done, position), xml.rfind("<w:p ", done, position))
        end = xml.find("</w:p>", position)
        if start < 0 or end < 0:
            continue  # outside any paragraph (e.g. after the XML declaration): nothing to resolve
        end += len("</w:p>")
        pieces.append(xml[done:start])
        pieces.append(DocxTemplate.resolve_listing(None, xml[start:end]))
        done = end
    if not pieces:
        return xml
    pieces.append(xml[done:])
    return "".join(pieces)


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

    def __init__(self, template: Path, limits: RenderLimits | None = None) -> None:
        self.template = Path(template)
        self.limits = limits or RenderLimits.from_environment()
        self._bytes = read_limited(self.template, MAX_TEMPLATE_BYTES, "a Word template")
        check_package(self._bytes, str(self.template))  # sizes, ratios, encodings: before docxtpl unpacks it
        self._env = _Environment()
        self._patched: dict[str, str] = {}
        self._rendering: _DocxTemplate | None = None
        try:
            # Checking compiles the template, and Jinja folds constants while compiling: bounded like a
            # render, so a hostile template cannot stall here. Never below the default time: loading a
            # template is paid once, and a tight per-document limit is not meant for it.
            with bounded(self.limits.for_loading()):
                self._check()
                # The fast path is proven equal to docxtpl on the shipped templates only (tests compare
                # them); a user's template may hold what only docxtpl fixes up (an image in a loop gets
                # fresh drawing ids, a {%tc %} table a mended grid), so it goes through docxtpl.
                shipped = _is_shipped(self._bytes)
                self._package = _Package.prepare(self._bytes, self._template().patch_xml) if shipped else None
        except (RenderTimeExceeded, MemoryError):
            raise InputError.single(
                str(self.template),
                f"checking the template took more than {self.limits.for_loading().seconds:g} s or "
                f"{self.limits.memory_mib} MiB of memory, the limits",
            ) from None

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
        """The .docx bytes for `context`; `date` and `author` go into the file's properties.

        Bounded in time and memory (see dpia/report/limits.py): a template that exceeds either is a
        located error about the template.
        """
        try:
            with bounded(self.limits):
                return self._render(context, date, author)
        except RenderTimeExceeded as exceeded:
            where = self._where_rendering(exceeded)
            raise InputError.single(
                str(self.template),
                f"{where}: rendering one document took longer than {self.limits.seconds:g} s, the limit "
                f"(set DPIA_RENDER_SECONDS to change it); does a loop in the template never end?",
            ) from None
        except MemoryError as exhausted:
            where = self._where_rendering(exhausted)
            raise InputError.single(
                str(self.template),
                f"{where}: rendering one document needed more than {self.limits.memory_mib} MiB of memory, "
                f"the limit (set DPIA_RENDER_MEMORY_MIB to change it)",
            ) from None

    def _where_rendering(self, error: BaseException) -> str:
        """The part and paragraph being rendered when `error` was raised."""
        source = self._env.current_source
        if self._package is not None:
            for name, xml in self._package.templated.items():
                if xml == source:
                    return _part_name(name)  # the fast path keeps no paragraph per line: the part says where
        part = getattr(self._rendering, "current_rendering_part", None)
        return _where(
            _part_name(str(part.partname)) if part is not None else "template",
            source,
            _template_line(error.__traceback__),
        )

    def _render(self, context: DocumentContext, date: dt.date | None, author: str | None) -> bytes:
        if self._package is not None:
            try:
                return self._package.render(
                    self._env, template_variables(context), _core_properties(context, date, author)
                )
            except MemoryError:
                raise  # the memory limit: retrying would hit it again
            except Exception:  # any failure here is retried, and reported, by the docxtpl path
                pass  # docxtpl's own path says where the error is, or repairs what it can
        return self._render_with_docxtpl(context, date, author)

    def _render_with_docxtpl(self, context: DocumentContext, date: dt.date | None, author: str | None) -> bytes:
        document = self._rendering = self._template()  # for `_where_rendering`, should a limit stop it
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
        except MemoryError:
            raise  # the memory limit, reported by `render`
        except Exception as error:
            # A user's template can fail in Python itself ({{ 1 / 0 }}, {{ 'a' + 1 }}): still a located
            # error about the template, never a traceback.
            source = self._env.current_source
            part = getattr(document, "current_rendering_part", None)
            line = _template_line(error.__traceback__)
            where = _where(_part_name(str(part.partname)) if part is not None else "template", source, line)
            raise InputError.single(str(self.template), f"{where}: {type(error).__name__}: {error}") from None

        _set_core_properties(document.docx.core_properties, context, date, author)
        buffer = io.BytesIO()
        document.save(buffer)
        return normalise_zip(_finished(buffer.getvalue()))


def _finish(xml: str) -> str:
    """What only the rendered body allows: the table of contents' entries, the columns' widths, and
    each table's lead-in kept on the table's page."""
    return pagination.keep_lead_ins(columns.fit(toc.fill(xml)))


def _finished(data: bytes) -> bytes:
    """The package with its body finished (see `_finish`), entries in the same order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    xml = source.read("word/document.xml").decode("utf-8")
    filled = _finish(xml)
    if filled == xml:
        return data
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = filled.encode("utf-8") if entry.filename == "word/document.xml" else source.read(entry)
            target.writestr(entry, content)
    return output.getvalue()


def _is_shipped(template: bytes) -> bool:
    """Whether these are the bytes of a template shipped with dpia (wherever the file was copied)."""
    from dpia.resources import templates_dir

    return any(path.read_bytes() == template for path in sorted(templates_dir().glob("dpia-*.docx")))


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


def _set_core_properties(
    properties: CoreProperties, context: DocumentContext, date: dt.date | None, author: str | None
) -> None:
    """Title, author, language and dates, set in Python: templated properties get double-escaped."""
    properties.title = f"{context.document.title} – {context.processing.name}"
    properties.subject = context.processing.name
    properties.author = author or ""
    properties.last_modified_by = author or ""
    properties.language = context.document.lang
    properties.keywords = "AIPD; DPIA; RGPD; GDPR"
    properties.comments = f"dpia {context.provenance.tool_version}; answers sha256 {context.provenance.answers_sha256}"
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


def _core_properties(context: DocumentContext, date: dt.date | None, author: str | None) -> bytes:
    element = CT_CoreProperties.new()
    _set_core_properties(CoreProperties(element), context, date, author)
    return serialize_part_xml(element)


# --------------------------------------------------------------------------------------------------
# The fast path: what docxtpl does per document, without re-reading and re-writing the whole package.
#
# docxtpl opens the template with python-docx, re-parses the rendered body with lxml, and writes and
# compresses every part again for every document (styles.xml alone is 350 kB). Only the templated
# parts and the core properties change from one document to the next: the others are compressed
# once, here, and copied into each archive as they are.

_DOCX_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes)\.xml")
_CORE = "docProps/core.xml"


@dataclass(frozen=True)
class _Entry:
    name: bytes
    crc: int
    size: int
    data: bytes  # raw deflate stream

    @classmethod
    def of(cls, name: str, content: bytes, level: int = 6) -> _Entry:
        compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
        data = compressor.compress(content) + compressor.flush()
        return cls(name.encode("utf-8"), zlib.crc32(content), len(content), data)


def _zip(entries: list[_Entry]) -> bytes:
    """A zip archive of deflated entries, every one dated 1980-01-01 (see `_DOS_EPOCH`)."""
    out = io.BytesIO()
    central = io.BytesIO()
    for entry in entries:
        offset = out.tell()
        flags = 0 if entry.name.isascii() else 0x800  # bit 11: the name is UTF-8
        fields = (20, flags, 8, *struct.unpack("<HH", _DOS_EPOCH), entry.crc, len(entry.data), entry.size)
        out.write(struct.pack("<IHHHHHIII", 0x04034B50, *fields) + struct.pack("<HH", len(entry.name), 0))
        out.write(entry.name + entry.data)
        central.write(struct.pack("<IH", 0x02014B50, 20) + struct.pack("<HHHHHIII", *fields))
        central.write(struct.pack("<HHHHHII", len(entry.name), 0, 0, 0, 0, 0, offset) + entry.name)
    directory = central.getvalue()
    start = out.tell()
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), start, 0))
    return out.getvalue()


@dataclass(frozen=True)
class _Package:
    """A template's parts: the static ones compressed once, the templated ones patched once."""

    order: list[str]
    static: dict[str, _Entry]
    templated: dict[str, str]  # part name -> patched XML source
    escaped_tags: bool  # the template writes literal tags as {_{ … }_}, to be restored after rendering

    @classmethod
    def prepare(cls, template: bytes, patch_xml: Any) -> _Package | None:
        with zipfile.ZipFile(io.BytesIO(template)) as archive:
            names = archive.namelist()
            if _CORE not in names or any(info.flag_bits & 0x1 for info in archive.infolist()):
                return None  # unusual package: let docxtpl and python-docx handle it
            static: dict[str, _Entry] = {}
            templated: dict[str, str] = {}
            for name in names:
                content = archive.read(name)
                if _DOCX_PARTS.fullmatch(name):
                    # docxtpl also puts each paragraph on a line of its own, so that an error's line
                    # number names a paragraph; errors are reported by its path, so this one skips that.
                    templated[name] = patch_xml(content.decode("utf-8"))
                elif name != _CORE:
                    static[name] = _Entry.of(name, content)
        escaped = any(marker in source for source in templated.values() for marker in _ESCAPED_TAGS)
        return cls(names, static, templated, escaped)

    def render(self, env: _Environment, variables: dict[str, Any], core: bytes) -> bytes:
        rendered: dict[str, _Entry] = {_CORE: _Entry.of(_CORE, core, _PER_DOCUMENT_LEVEL)}
        for name, source in self.templated.items():
            xml = env.from_string(source).render(variables)
            if self.escaped_tags:
                for marker, tag in _ESCAPED_TAGS.items():
                    xml = xml.replace(marker, tag)
            xml = _resolve_listing(xml)
            if name == "word/document.xml":
                xml = _finish(xml)
            content = xml.encode("utf-8")
            _check_well_formed(content)
            rendered[name] = _Entry.of(name, content, _PER_DOCUMENT_LEVEL)
        return _zip([rendered.get(name) or self.static[name] for name in self.order])


# Parts written for every document are compressed fast: a third of the time of the default level, for
# a document about a tenth larger. Parts shared by every document are compressed once, at the default.
_PER_DOCUMENT_LEVEL = 1
_ESCAPED_TAGS = {"{_{": "{{", "}_}": "}}", "{_%": "{%", "%_}": "%}"}


def _check_well_formed(content: bytes) -> None:
    """docxtpl would quietly repair broken XML; here it is a reason to take docxtpl's path instead.

    expat checks well-formedness (namespaces included) without building a tree: a third of lxml's time.
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.Parse(content, True)
