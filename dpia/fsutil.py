"""Atomic file writes: a reader sees the old file or the new one, never half of either."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from dpia.errors import InputError, Problem

MAX_TEMPORARY_STEM = 200  # bytes of the target's name kept in a temporary name


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class OutputError(InputError):
    """An output that cannot be written (read-only folder, disk full, a folder in the way...): one line, no traceback."""

    @classmethod
    def of(cls, target: Path, error: OSError) -> OutputError:
        reason = error.strerror or type(error).__name__
        return cls([Problem(file=str(target), message=f"cannot write: {reason}")])


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target`, on error it vanishes.

    The temporary file lives in the target's folder so that the final rename stays on one file
    system, which is what makes it atomic. A file being replaced keeps its permissions (a 0600
    file stays private). An OSError while writing becomes an OutputError naming the target.
    """
    target = Path(target)
    try:
        if target.is_dir():
            raise OutputError([Problem(file=str(target), message="is a folder; name a file to write")])
        target.parent.mkdir(parents=True, exist_ok=True)
        # The temporary name adds 15 bytes to the target's: shortened so that a 255-byte name still fits.
        short = os.fsencode(target.name)[:MAX_TEMPORARY_STEM].decode("utf-8", "ignore") or "output"
        handle, name = tempfile.mkstemp(prefix=f".{short}.", suffix=".part", dir=target.parent)
    except OSError as error:
        raise OutputError.of(target, error) from None
    os.close(handle)
    temporary = Path(name)
    try:
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except OSError:
            # mkstemp creates the file private (0600); a new file gets what a plain open() would give.
            mode = 0o666 & ~_current_umask()
        yield temporary
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        # After the write: a read-only mode (0444, or 0 on a damaged file) must not stop the write itself.
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as error:
        raise OutputError.of(target, error) from None
    finally:
        # Also runs on KeyboardInterrupt: an interrupted write leaves nothing behind.
        temporary.unlink(missing_ok=True)


def atomic_write_bytes(target: Path, data: bytes) -> None:
    with atomic_path(target) as temporary:
        temporary.write_bytes(data)


def atomic_write_text(target: Path, text: str) -> None:
    atomic_write_bytes(target, text.encode("utf-8"))
