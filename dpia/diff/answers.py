"""The answers that changed between two assessments, leaf by leaf.

Items of a list are matched by what identifies them to a reader (a provider by its name, a data
item by its category, a transfer by its recipient and country), not by position: moving a provider
up the file changes nothing, renaming one is a removal and an addition.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from dpia.model import Assessment

ChangeKind = Literal["changed", "added", "removed"]


@dataclass(frozen=True)
class AnswerChange:
    path: str  # the generic path into the model, e.g. "providers[].certifications.hds"
    item: tuple[tuple[str, str], ...]  # the list items it sits in: (list path, item key), outermost first
    kind: ChangeKind
    old: Any
    new: Any


def _item_key(item: dict[str, Any]) -> str:
    if isinstance(item.get("recipient"), str):
        return f"{item['recipient']} ({item.get('country', '')})"
    for field in ("name", "category"):
        if isinstance(item.get(field), str):
            return str(item[field])
    return ""


def _keyed(items: list[Any]) -> dict[str, Any]:
    """Items by their key; by position (1, 2, ...) when keys are missing or repeated."""
    keys = [_item_key(item) if isinstance(item, dict) else "" for item in items]
    if "" in keys or len(set(keys)) != len(keys):
        keys = [str(number) for number in range(1, len(items) + 1)]
    return dict(zip(keys, items, strict=True))


def _is_model_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, dict) for item in value)


def _walk(old: Any, new: Any, path: str, item: tuple[tuple[str, str], ...]) -> Iterator[AnswerChange]:
    if old == new:
        return
    if isinstance(old, dict) or isinstance(new, dict):
        before, after = old if isinstance(old, dict) else {}, new if isinstance(new, dict) else {}
        for key in dict.fromkeys([*before, *after]):
            yield from _walk(before.get(key), after.get(key), f"{path}.{key}" if path else key, item)
        return
    if _is_model_list(old) or _is_model_list(new):
        before, after = _keyed(old or []), _keyed(new or [])
        generic = f"{path}[]"
        for key in dict.fromkeys([*before, *after]):
            where = (*item, (path, key))
            if key not in after:
                yield AnswerChange(generic, where, "removed", key, None)
            elif key not in before:
                yield AnswerChange(generic, where, "added", None, key)
            else:
                yield from _walk(before[key], after[key], generic, where)
        return
    kind: ChangeKind = "added" if old is None else "removed" if new is None else "changed"
    yield AnswerChange(path, item, kind, old, new)


def answer_changes(old: Assessment, new: Assessment) -> list[AnswerChange]:
    """Every leaf whose value differs, in the answer file's order; wording changes count too."""
    before = old.model_dump(mode="json", exclude={"schema_version"})
    after = new.model_dump(mode="json", exclude={"schema_version"})
    return list(_walk(before, after, "", ()))
