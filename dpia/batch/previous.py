"""`dpia batch --previous-dir DIR`: each answer file compared with its previous version.

The previous version of an answer file is the file at the same place under DIR: `region/a.yaml`
found in an input folder is compared with `DIR/region/a.yaml` (or `.yml`, `.json`). Files without
one are processed as usual, with empty change columns.
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from dpia.labels import Lang, label

if TYPE_CHECKING:
    from dpia.batch.plan import Item
    from dpia.diff import Diff

ANSWER_SUFFIXES = (".yaml", ".yml", ".json")


def previous_version(item: Item, previous_dir: Path | None) -> Path | None:
    """The previous version of `item` under `previous_dir`, if there is one."""
    if previous_dir is None:
        return None
    stem = PurePosixPath(item.stem)
    base = previous_dir.joinpath(*stem.parts)
    for suffix in dict.fromkeys((item.source.suffix, *ANSWER_SUFFIXES)):
        candidate = base.with_name(stem.name + suffix)
        if candidate.is_file():
            return candidate
    return None


def with_previous_sha256(answers_sha256: str, previous: Path | None) -> str:
    """What an item's outputs depend on when it has a previous version: both files' bytes."""
    if previous is None:
        return answers_sha256
    try:
        previous_sha256 = hashlib.sha256(previous.read_bytes()).hexdigest()
    except OSError:
        previous_sha256 = "unreadable"
    return hashlib.sha256(f"{answers_sha256}\0{previous_sha256}".encode()).hexdigest()


def change_columns(diff: Diff, lang: Lang) -> dict[str, Any]:
    """The summary's `levels_moved` and `flags_changed` cells, moves written "2→3"."""
    from dpia.diff.words import word

    levels = [
        f"{label(m.risk, lang, 'RiskId')} ({word(m.stage, lang).lower()}) {m.move}"
        for m in diff.levels
        if m.scale == "level"
    ]
    flags = [f"{word('flag_' + f.flag, lang)} {label(f.old, lang)}→{label(f.new, lang)}" for f in diff.flags]
    return {"levels_moved": "; ".join(levels), "flags_changed": "; ".join(flags)}
