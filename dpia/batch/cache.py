"""The batch manifest: what was produced from which inputs, so an unchanged input is not redone.

The key of an item is a hash of everything its outputs depend on: the answer bytes its outputs
were made from, the template's bytes, the tool's version and its own files (the rules and their
sentences, the labels catalogue, the document's prose), the formats, the language and the as-of
date. A changed rule sentence or label therefore rebuilds every document, even if nobody bumped a
version number.
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


def item_key(answers_sha256: str, settings_fingerprint: str) -> str:
    """The key of one item: the SHA-256 of its answer bytes, under the run's settings."""
    return hashlib.sha256(f"{settings_fingerprint}\0{answers_sha256}".encode()).hexdigest()


def package_digest() -> str:
    """A fingerprint of the tool's own files that shape what it writes.

    The rules with their sentences and citations, the wordings, the labels catalogue
    (dpia/locales) and the document's prose are all package files, so hashing them all (a few
    milliseconds) needs no knowledge of which module words what. The shipped questionnaires do not
    shape an output and are left out; the template in use is hashed on its own.
    """
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        relative = path.relative_to(package)
        if "__pycache__" in relative.parts or relative.parts[:2] == ("_data", "questionnaires"):
            continue
        if path.suffix in (".py", ".yaml", ".yml", ".json", ".csv", ".toml") and path.is_file():
            digest.update(relative.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
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
    # The key of the summary files last written: equal rows give the same files, so none is rewritten.
    summary_key: str = ""
    # True when a manifest file is there but cannot be read or understood (bad JSON, wrong shape,
    # no permission). The folder is then known to be a batch's, but not which files it wrote.
    damaged: bool = False

    @classmethod
    def load(cls, outdir: Path) -> Manifest:
        path = outdir / MANIFEST_NAME
        manifest = cls(path)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return manifest  # a first run
        except (OSError, ValueError):
            manifest.damaged = True  # unreadable: everything is simply redone
            return manifest
        items = raw.get("items", {}) if isinstance(raw, dict) else None
        if not isinstance(items, dict) or raw.get("version") != _MANIFEST_VERSION:
            manifest.damaged = True  # the items are redone, not failed
            return manifest
        if isinstance(raw.get("summary_key"), str):
            manifest.summary_key = raw["summary_key"]
        for stem, entry in items.items():
            try:
                manifest.entries[stem] = Entry(key=entry["key"], outputs=list(entry["outputs"]), row=dict(entry["row"]))
            except (KeyError, TypeError):
                manifest.damaged = True
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
        document = {"version": _MANIFEST_VERSION, "summary_key": self.summary_key, "items": items}
        text = json.dumps(document, ensure_ascii=False, indent=1)
        if self.damaged:
            # A manifest nobody could read must not pass its mode (0, say) on to the new one.
            self.path.unlink(missing_ok=True)
            self.damaged = False
        atomic_write_text(self.path, text + "\n")


def summary_key(rows: list[dict[str, Any]], settings_fingerprint: str) -> str:
    """What the summary files say: the rows, apart from whether this run or an earlier one wrote them."""
    written = [{**row, "status": "failed" if row.get("status") == "failed" else "ok"} for row in rows]
    text = json.dumps(written, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{settings_fingerprint}\0{text}".encode()).hexdigest()
