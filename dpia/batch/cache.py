"""The batch manifest: what was produced from which inputs, so an unchanged input is not redone.

The key of an item is a hash of everything its outputs depend on: the answer file's bytes, the
template's bytes, the tool and rules versions, the formats and the language.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dpia.fsutil import atomic_write_text

MANIFEST_NAME = ".dpia-batch.json"
_MANIFEST_VERSION = 1


def item_key(source_bytes: bytes, settings_fingerprint: str) -> str:
    digest = hashlib.sha256()
    digest.update(settings_fingerprint.encode())
    digest.update(b"\0")
    digest.update(source_bytes)
    return digest.hexdigest()


def settings_fingerprint(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


@dataclass
class Entry:
    key: str
    outputs: list[str]
    row: dict[str, Any]


@dataclass
class Manifest:
    path: Path
    entries: dict[str, Entry] = field(default_factory=dict)

    @classmethod
    def load(cls, outdir: Path) -> Manifest:
        path = outdir / MANIFEST_NAME
        manifest = cls(path)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return manifest  # no manifest, or an unreadable one: everything is simply redone
        if not isinstance(raw, dict) or raw.get("version") != _MANIFEST_VERSION:
            return manifest
        for stem, entry in raw.get("items", {}).items():
            try:
                manifest.entries[stem] = Entry(key=entry["key"], outputs=list(entry["outputs"]), row=dict(entry["row"]))
            except (KeyError, TypeError):
                continue
        return manifest

    def is_fresh(self, stem: str, key: str, outdir: Path) -> bool:
        entry = self.entries.get(stem)
        return (
            entry is not None
            and entry.key == key
            and all((outdir / output).is_file() for output in entry.outputs)
            and entry.row.get("status") != "failed"
        )

    def save(self) -> None:
        items = {
            stem: {"key": entry.key, "outputs": entry.outputs, "row": entry.row}
            for stem, entry in sorted(self.entries.items())
        }
        text = json.dumps({"version": _MANIFEST_VERSION, "items": items}, ensure_ascii=False, indent=1)
        atomic_write_text(self.path, text + "\n")
