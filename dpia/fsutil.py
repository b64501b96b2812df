"""Atomic file writes: a reader sees the old file or the new one, never half of either."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

MAX_TEMPORARY_STEM = 200  # bytes of the target's name kept in a temporary name


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target`, on error it vanishes.

    The temporary file lives in the target's folder so that the final rename stays on one file
    system, which is what makes it atomic.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    # The temporary name adds 15 bytes to the target's: shortened so that a 255-byte name still fits.
    short = os.fsencode(target.name)[:MAX_TEMPORARY_STEM].decode("utf-8", "ignore") or "output"
    handle, name = tempfile.mkstemp(prefix=f".{short}.", suffix=".part", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    # mkstemp creates the file private (0600); give the result the permissions a plain open() would.
    os.chmod(temporary, 0o666 & ~_current_umask())
    try:
        yield temporary
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, target)
    finally:
        # Also runs on KeyboardInterrupt: an interrupted write leaves nothing behind.
        temporary.unlink(missing_ok=True)


def atomic_write_bytes(target: Path, data: bytes) -> None:
    with atomic_path(target) as temporary:
        temporary.write_bytes(data)


def atomic_write_text(target: Path, text: str) -> None:
    atomic_write_bytes(target, text.encode("utf-8"))
