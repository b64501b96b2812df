"""The answer-file reference, written from the model so that it cannot drift from it."""

from __future__ import annotations

import types
import typing
from enum import Enum
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from dpia.model import SCHEMA_VERSION, Assessment

_INTRO = f"""# The answer file

An answer file holds the facts of one processing, in YAML (`.yaml`, `.yml`) or JSON (`.json`),
UTF-8, at most 1 MiB. This page is generated from the model (`dpia schema --markdown`); a test
keeps it equal to the code. The JSON Schema is `dpia schema` (also in `docs/answers.schema.json`).

Rules that hold everywhere:

- `schema_version` is `"{SCHEMA_VERSION}"`.
- Unknown keys are errors (with a "did you mean" suggestion), never silently dropped; so are
  duplicate keys.
- YAML is read as YAML 1.2: `NO` stays the text `NO` (Norway), `12:30` stays text. Dates are
  written `YYYY-MM-DD`; an impossible date is reported at its line.
- Countries are ISO 3166-1 alpha-2 codes (`FR`, `LU`, `US`).
- Every problem is reported at once, as `FILE:LINE:COL: field.path: message`, with exit code 2.

## Editor support

Point your editor's YAML language server at the schema with a first line such as

```yaml
# yaml-language-server: $schema=https://…/answers.schema.json
```

or a local path (`$schema=../docs/answers.schema.json`, as the samples do), or map it in VS Code's
settings: `"yaml.schemas": {{"docs/answers.schema.json": ["*.dpia.yaml", "samples/*.yaml"]}}`.
Write it yourself with `dpia schema -o answers.schema.json`.
"""


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap_optional(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(args) == 1:
            inner, _ = _unwrap_optional(args[0])
            return inner, True
    return annotation, False


def _type_text(annotation: Any, field: FieldInfo | None = None) -> str:
    inner, nullable = _unwrap_optional(annotation)
    origin = typing.get_origin(inner)
    if origin is list:
        text = f"list of {_type_text(typing.get_args(inner)[0])}"
    elif origin is typing.Literal:
        text = " or ".join(f"`{value!r}`".replace("'", '"') for value in typing.get_args(inner))
    elif isinstance(inner, type) and issubclass(inner, Enum):
        text = "one of " + ", ".join(f"`{member.value}`" for member in inner)
    elif isinstance(inner, type) and issubclass(inner, BaseModel):
        text = f"[{inner.__name__}](#{inner.__name__.lower()})"
    elif field is not None and any(getattr(m, "pattern", None) == r"^[A-Za-z]{2}$" for m in field.metadata):
        text = "country code"
    else:
        name = getattr(inner, "__name__", str(inner))
        text = {"str": "text", "int": "integer", "bool": "`true` or `false`", "date": "date"}.get(name, name)
    return text + (" (or null)" if nullable else "")


def _default_text(field: FieldInfo) -> str:
    if field.is_required():
        return "**required**"
    if field.default_factory is not None:
        value = field.default_factory()  # type: ignore[call-arg]
        return "empty" if value in ([], {}) else "see its section"
    if field.default is PydanticUndefined or field.default is None:
        return "none"
    if isinstance(field.default, Enum):
        return f"`{field.default.value}`"
    if isinstance(field.default, bool):
        return f"`{str(field.default).lower()}`"
    return f"`{field.default}`"


def _models(root: type[BaseModel]) -> list[type[BaseModel]]:
    """Every model reachable from `root`, in first-met order."""
    seen: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.append(model)
        for field in model.model_fields.values():
            for candidate in _nested(field.annotation):
                visit(candidate)

    visit(root)
    return seen


def _nested(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in typing.get_args(annotation) for model in _nested(arg)]


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown() -> str:
    parts = [_INTRO]
    for model in _models(Assessment):
        parts.append(f"\n## {model.__name__}\n")
        doc = (model.__doc__ or "").strip()
        if doc and model is not Assessment:
            parts.append(f"{doc.splitlines()[0]}\n")
        parts.append("| key | type | default | description |\n|---|---|---|---|")
        for name, field in model.model_fields.items():
            description = _escape(field.description or "")
            parts.append(
                f"| `{name}` | {_escape(_type_text(field.annotation, field))} | {_default_text(field)} | {description} |"
            )
    return "\n".join(parts) + "\n"
