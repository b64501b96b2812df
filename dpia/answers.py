"""Answer files: read YAML or JSON into an `Assessment` with located errors, and save atomically."""

from __future__ import annotations

import difflib
import hashlib
import io
import json
import re
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from dpia.errors import InputError, Problem
from dpia.fsutil import atomic_write_text
from dpia.model import Assessment

# Refuse early what no real answer file needs, so hostile input costs milliseconds, not minutes.
MAX_FILE_BYTES = 1024 * 1024
MAX_NODES = 100_000
MAX_DEPTH = 64

Location = tuple[int, int]
Locator = dict[tuple[str | int, ...], Location]


@dataclass(frozen=True)
class LoadedAnswers:
    """A valid answer file, with what provenance needs."""

    path: Path
    assessment: Assessment
    sha256: str


# --------------------------------------------------------------------------------------------------
# Parsing


@cache
def _round_trip_constructor() -> type:
    from ruamel.yaml.constructor import RoundTripConstructor

    class _Constructor(RoundTripConstructor):
        """YAML 1.2 round-trip loading, except that dates stay text until the model reads them.

        ruamel (like PyYAML) raises a bare ValueError with no line for `2021-02-30`; as text, the
        model rejects it at its own line and column.
        """

    _Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_str)
    return _Constructor


def _yaml_parser() -> Any:
    from ruamel.yaml import YAML

    parser = YAML(typ="rt")
    parser.Constructor = _round_trip_constructor()
    parser.allow_duplicate_keys = False
    return parser


class _NotFast(Exception):
    """The fast reader declined; the careful one will read the file and say where the problem is."""


@cache
def _fast_loader() -> type:
    """libyaml (C) with the YAML 1.2 core schema: the speed batch runs need, the meaning of ruamel.

    PyYAML alone is YAML 1.1 (`NO` is False, `12:30` is 750, `017` is 15, dates become objects);
    these resolvers and constructors give what the ruamel reader gives, so both agree on every
    valid file. Anything unusual (duplicate keys, syntax errors) is left to the careful reader.
    """
    import yaml

    class Loader(yaml.CSafeLoader):
        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
            keys = [key.value for key, _ in node.value if isinstance(key, yaml.ScalarNode)]
            if len(keys) != len(set(keys)) or "<<" in keys:
                raise _NotFast
            return super().construct_mapping(node, deep=deep)

    Loader.yaml_implicit_resolvers = {}
    core = {
        "bool": (r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        "int": (r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
        "float": (
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
            "-+0123456789.",
        ),
        "null": (r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    }
    for tag, (pattern, first) in core.items():
        Loader.add_implicit_resolver(f"tag:yaml.org,2002:{tag}", re.compile(pattern), list(first))

    def construct_int(loader: Any, node: Any) -> int:
        value = loader.construct_scalar(node)
        return int(value, 0) if value.startswith(("0o", "0x")) else int(value, 10)

    Loader.add_constructor("tag:yaml.org,2002:int", construct_int)
    return Loader


def _parse_yaml_fast(text: str) -> Any:
    import yaml

    try:
        return yaml.load(text, Loader=_fast_loader())
    except (yaml.YAMLError, _NotFast, RecursionError, ValueError, TypeError) as error:
        raise _NotFast from error


def _yaml_error(file: str, error: Exception) -> InputError:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    if type(error).__name__ == "DuplicateKeyError":
        key = str(problem).split('"')[1] if '"' in str(problem) else "?"
        message = f"duplicate key {key!r}: each answer may appear once, or one would be lost"
    else:
        message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    if mark is None:
        return InputError.single(file, message)
    return InputError.single(file, message, mark.line + 1, mark.column + 1)


_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")}


def _check_structure(text: str, file: str) -> None:
    """Refuse deep nesting and foreign tags before ruamel's pure-Python reader sees the file.

    ruamel is recursive: deep nesting costs it seconds before it gives up. libyaml's event stream
    (C, no recursion) measures the depth in milliseconds. Explicit tags (`!!python/object`, `!x`)
    have no meaning in an answer file and are refused where they stand. Syntax errors are left to
    ruamel, whose messages are the ones users see.
    """
    import yaml

    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            tag = getattr(event, "tag", None)
            if tag and tag not in _PLAIN_TAGS:
                mark = event.start_mark
                line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
                raise InputError.single(file, f"YAML tag {tag!r} is not allowed in an answer file", line, column)
            if isinstance(event, yaml.ScalarEvent):
                _check_number(event, file)
            elif isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    break
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as error:
        if "exceeded max depth" not in str(error) and "increasing flow level" not in str(error):
            return
        depth = MAX_DEPTH + 1
    if depth > MAX_DEPTH:
        raise InputError.single(file, f"nesting is deeper than {MAX_DEPTH} levels")


# YAML 1.2 core schema integers, as ruamel resolves plain scalars; it converts them without checking
# that digits remain once `_` is dropped (`0x_`), and Python refuses integers of over 4,300 digits.
_YAML_INT = re.compile(r"[-+]?[0-9_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+")
_INT_TAG, _FLOAT_TAG = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
MAX_INT_DIGITS = 4300


def _check_number(event: Any, file: str) -> None:
    """A located error for a number YAML would read but Python cannot build (instead of a traceback)."""
    value, tag = event.value, event.tag
    plain = not event.style and event.implicit[0]
    if not (tag in (_INT_TAG, _FLOAT_TAG) or (plain and _YAML_INT.fullmatch(value))):
        return
    mark = event.start_mark
    where = (mark.line + 1, mark.column + 1) if mark else (None, None)
    digits = value.replace("_", "").lstrip("+-")
    if tag == _FLOAT_TAG:
        try:
            float(digits.replace(".inf", "inf").replace(".nan", "nan").replace(".Inf", "inf").replace(".NaN", "nan"))
        except ValueError:
            raise InputError.single(file, f"{value!r} is not a number", *where) from None
        return
    allowed = {"0x": "0123456789abcdefABCDEF", "0o": "01234567", "0b": "01"}.get(digits[:2].lower())
    body = digits[2:] if allowed else digits
    if not body or not all(character in (allowed or "0123456789") for character in body):
        raise InputError.single(file, f"{value!r} is not a whole number", *where)
    if len(body) > MAX_INT_DIGITS:
        raise InputError.single(file, f"a number of {len(body):,} digits; at most {MAX_INT_DIGITS:,} are read", *where)


def _parse_yaml(text: str, file: str) -> tuple[Any, Locator]:
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    _check_structure(text, file)
    try:
        data = _yaml_parser().load(io.StringIO(text))
    except MarkedYAMLError as error:
        raise _yaml_error(file, error) from None
    except YAMLError as error:
        raise InputError.single(file, f"YAML error: {error}") from None
    except RecursionError:
        raise InputError.single(file, f"nesting is deeper than {MAX_DEPTH} levels") from None
    return data, _locate(data)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}: each answer may appear once, or one would silently be lost")
        result[key] = value
    return result


def _parse_json(text: str, file: str) -> tuple[Any, Locator]:
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as error:
        raise InputError.single(file, f"JSON syntax error: {error.msg}", error.lineno, error.colno) from None
    except ValueError as error:
        raise InputError.single(file, str(error)) from None
    except RecursionError:
        raise InputError.single(file, f"nesting is deeper than {MAX_DEPTH} levels") from None
    # JSON is YAML 1.2 as far as positions go: reuse the YAML parser only to learn where things are.
    try:
        _, locator = _parse_yaml(text, file)
    except InputError:
        locator = {}
    return data, locator


def _locate(data: Any) -> Locator:
    """Map every key path of a ruamel round-trip tree to the (line, column) of its value."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    locator: Locator = {}
    # A YAML alias makes one node appear in many places; its positions are those of its anchor, and
    # walking it again at each alias would expand an alias bomb that the size check then refuses.
    visited: set[int] = set()

    def walk(node: Any, path: tuple[str | int, ...], depth: int) -> None:
        if depth > MAX_DEPTH or len(locator) > MAX_NODES:
            return
        if isinstance(node, CommentedMap | CommentedSeq):
            if id(node) in visited:
                return
            visited.add(id(node))
        if isinstance(node, CommentedMap):
            for key in node:
                try:
                    line, column = node.lc.value(key)
                    key_line, key_column = node.lc.key(key)
                except (KeyError, TypeError):
                    continue
                locator[(*path, key)] = (line + 1, column + 1)
                locator[(*path, key, "<key>")] = (key_line + 1, key_column + 1)
                walk(node[key], (*path, key), depth + 1)
        elif isinstance(node, CommentedSeq):
            for index, item in enumerate(node):
                try:
                    line, column = node.lc.item(index)
                except (KeyError, TypeError):
                    continue
                locator[(*path, index)] = (line + 1, column + 1)
                walk(item, (*path, index), depth + 1)

    root_line = getattr(getattr(data, "lc", None), "line", 0) or 0
    locator[()] = (root_line + 1, 1)
    walk(data, (), 0)
    return locator


def _check_size(data: Any, file: str) -> None:
    """Refuse alias bombs, cycles and absurd nesting before anything walks the whole tree.

    YAML aliases make a small file stand for a huge tree; counting with a memo per shared node
    measures the expanded size without expanding it.
    """
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()

    def count(node: Any, depth: int) -> int:
        if depth > MAX_DEPTH:
            raise InputError.single(file, f"nesting is deeper than {MAX_DEPTH} levels")
        if not isinstance(node, Mapping | list):
            return 1
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in in_progress:
            raise InputError.single(file, "the file refers to itself through a YAML alias (a cycle)")
        in_progress.add(key)
        children = node.values() if isinstance(node, Mapping) else node
        total = 1
        for child in children:
            total += count(child, depth + 1)
            if total > MAX_NODES:
                raise InputError.single(
                    file, f"the file expands to more than {MAX_NODES:,} values (YAML aliases?); refused"
                )
        in_progress.discard(key)
        sizes[key] = total
        return total

    count(data, 0)


def _plain(data: Any) -> Any:
    """ruamel's commented containers as plain dicts and lists, which is what the model expects."""
    if isinstance(data, Mapping):
        return {str(key) if not isinstance(key, str) else key: _plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_plain(item) for item in data]
    return data


def _read_bytes(path: Path) -> bytes:
    from dpia.inputs import read_limited

    return read_limited(path, MAX_FILE_BYTES, "an answer file")


def _decode(raw: bytes, file: str) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError.single(file, f"not UTF-8 text (byte {error.start})", line) from None
    if not text.strip():
        raise InputError.single(file, "the file is empty; start from a sample in samples/ or run `dpia wizard`", 1, 1)
    return text


def read_answers(path: Path) -> tuple[dict[str, Any], Locator, bytes]:
    """Read an answer file into plain data and the positions of its values, without validating."""
    raw = _read_bytes(path)
    data, locator = _parse_carefully(path, raw)
    return data, locator, raw


def _parse_carefully(path: Path, raw: bytes) -> tuple[dict[str, Any], Locator]:
    """The answers in `raw`, read from `path`, as plain data with the position of every value."""
    file = str(path)
    text = _decode(raw, file)
    if path.suffix.lower() == ".json":
        data, locator = _parse_json(text, file)
    else:
        data, locator = _parse_yaml(text, file)
    if data is None:
        raise InputError.single(file, "the file holds no answers (only comments?)", 1, 1)
    if not isinstance(data, Mapping):
        kind = "a list" if isinstance(data, list) else f"a single {type(data).__name__} value"
        raise InputError.single(file, f"the answers must be a mapping of keys to values, not {kind}", 1, 1)
    _check_size(data, file)
    return _plain(data), locator


# --------------------------------------------------------------------------------------------------
# Validation errors, made readable and located


def format_path(loc: Sequence[str | int]) -> str:
    """`('providers', 0, 'country')` as `providers[0].country`."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types an annotation may hold: Optional, Annotated and unions unwrapped."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg) if t is not type(None)]
    return [annotation]


def model_at(root: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The model class that the value at `loc` is validated against, if it is one."""
    current: Any = root
    for part in loc:
        candidates = _unwrap(current)
        next_type: Any = None
        for candidate in candidates:
            origin = typing.get_origin(candidate)
            if isinstance(part, int) and origin in (list, tuple, Sequence):
                next_type = typing.get_args(candidate)[0]
                break
            if isinstance(part, str) and isinstance(candidate, type) and issubclass(candidate, BaseModel):
                field = candidate.model_fields.get(part)
                if field is not None:
                    next_type = field.annotation
                    break
        if next_type is None:
            return None
        current = next_type
    for candidate in _unwrap(current):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _unknown_key_message(loc: Sequence[str | int]) -> str:
    key = str(loc[-1])
    parent = model_at(Assessment, loc[:-1])
    if parent is None:
        return f"unknown key {key!r}"
    known = list(parent.model_fields)
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return f"unknown key {key!r}; did you mean {close[0]!r}?"
    return f"unknown key {key!r}; expected one of: {', '.join(known)}"


def _message(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    loc = error["loc"]
    if kind == "extra_forbidden":
        return _unknown_key_message(loc)
    if kind == "missing":
        return "required answer is missing"
    message = str(error["msg"])
    if message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    if kind not in ("model_type", "dict_type") and "input" in error and not isinstance(error["input"], dict | list):
        shown = repr(error["input"])
        if len(shown) > 60:
            shown = shown[:57] + "...'"
        message += f" (got {shown})"
    return message


def _position(loc: tuple[str | int, ...], kind: str, locator: Locator) -> Location | None:
    if kind == "extra_forbidden" and (*loc, "<key>") in locator:
        return locator[(*loc, "<key>")]
    # A missing answer has no position of its own: point at the nearest enclosing value.
    for end in range(len(loc), -1, -1):
        if loc[:end] in locator:
            return locator[loc[:end]]
    return None


def problems_from(error: ValidationError, file: str, locator: Locator) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        position = _position(loc, item["type"], locator)
        line, column = position if position else (None, None)
        problems.append(Problem(file, _message(item), line, column, format_path(loc)))
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    return problems


def validate(data: Mapping[str, Any], file: str, locator: Locator | None = None) -> Assessment:
    try:
        return Assessment.model_validate(data)
    except ValidationError as error:
        raise InputError(problems_from(error, file, locator or {})) from None


def _load_fast(path: Path, raw: bytes) -> Assessment:
    """A valid YAML file without reading positions: most files in a batch are valid."""
    data = _parse_yaml_fast(_decode(raw, str(path)))
    if not isinstance(data, Mapping):
        raise _NotFast
    _check_size(data, str(path))
    try:
        return Assessment.model_validate(data)
    except ValidationError as error:
        raise _NotFast from error


def load(path: Path | str) -> LoadedAnswers:
    """Read and validate an answer file. Raises `InputError` listing every problem found.

    The file is read once: the answers validated and the SHA-256 recorded in the provenance are of
    the same bytes, even if the file changes meanwhile.
    """
    path = Path(path)
    raw = _read_bytes(path)
    digest = hashlib.sha256(raw).hexdigest()
    if path.suffix.lower() != ".json":
        try:
            return LoadedAnswers(path=path, assessment=_load_fast(path, raw), sha256=digest)
        except _NotFast:
            pass  # parse the same bytes again, carefully, to say where each problem is
    data, locator = _parse_carefully(path, raw)
    assessment = validate(data, str(path), locator)
    return LoadedAnswers(path=path, assessment=assessment, sha256=digest)


# --------------------------------------------------------------------------------------------------
# Saving


def dump_yaml(data: Mapping[str, Any]) -> str:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    yaml.dump(_plain(data), buffer)
    return buffer.getvalue()


def save(data: Mapping[str, Any] | Assessment, path: Path | str) -> None:
    """Write answers atomically, as YAML or JSON by the file's extension."""
    path = Path(path)
    if isinstance(data, Assessment):
        data = data.model_dump(mode="json", exclude_defaults=True)
        data = {"schema_version": "1.0", **data}
    if path.suffix.lower() == ".json":
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = dump_yaml(data)
    atomic_write_text(path, text)
