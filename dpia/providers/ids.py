"""The ids of the shipped knowledge base's entries, read without loading the base.

An answer file names a knowledge-base entry by id (`providers[].kb`); the model checks the id when it
validates the file. Reading the whole base (its sources, dates and facts) would slow every `dpia validate`
and make the model depend on the base's schema, so the ids are read from the entry lines of the YAML file;
a test keeps them equal to those of the loaded base.
"""

from __future__ import annotations

import difflib
import re
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "providers.yaml"
# An entry of the `providers:` list starts with "  - id: <id>" (two spaces, then the list dash).
_ENTRY = re.compile(r"^  - id: ([a-z0-9][a-z0-9-]*)\s*$", re.MULTILINE)


@cache
def known_ids() -> tuple[str, ...]:
    return tuple(_ENTRY.findall(DATA.read_text(encoding="utf-8")))


def unknown_id_message(entry_id: str) -> str | None:
    """None for a known id; otherwise what to tell the user, with the closest ids."""
    ids = known_ids()
    if entry_id in ids:
        return None
    close = difflib.get_close_matches(entry_id, ids, n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else "; `dpia providers` lists the ids"
    return f"not an entry of the provider knowledge base{hint}"
