"""The batch journal: each item recorded as it lands, so a run killed midway loses no record.

The manifest is written whole at the end of a run. Until then every item that is written (or
that fails and loses its old outputs) is appended here as one JSON line and flushed, which costs
one small write per item. The next run replays the journal over the manifest, so files written
before a `kill -9` are known as dpia's own and are not redone; the journal is removed once the
manifest holds it all. A last line cut short by the kill is ignored.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO

from dpia.batch.cache import Entry, Manifest

JOURNAL_NAME = ".dpia-batch.journal"


class Journal:
    def __init__(self, outdir: Path) -> None:
        self.path = outdir / JOURNAL_NAME
        self._handle: IO[str] | None = None

    def replay(self, manifest: Manifest) -> None:
        """Apply an earlier, interrupted run's records to `manifest`."""
        try:
            lines = self.path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return
        for line in lines:
            try:
                record = json.loads(line)
                stem = record["stem"]
                if record.get("removed"):
                    manifest.entries.pop(stem, None)
                else:
                    manifest.entries[stem] = Entry(
                        key=record["key"], outputs=list(record["outputs"]), row=dict(record["row"])
                    )
            except (ValueError, KeyError, TypeError):
                continue  # a line cut short by a kill, or not ours

    def record(self, stem: str, entry: Entry | None) -> None:
        """Append one item's record (None: the item has no outputs any more) and flush it."""
        if self._handle is None:
            self._handle = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - kept open for the run
        if entry is None:
            line = json.dumps({"stem": stem, "removed": True})
        else:
            line = json.dumps({"stem": stem, "key": entry.key, "outputs": entry.outputs, "row": entry.row})
        self._handle.write(line + "\n")
        self._handle.flush()

    def clear(self) -> None:
        """Forget the journal once the manifest has been saved with everything in it."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        self.path.unlink(missing_ok=True)
