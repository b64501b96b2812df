"""One batch at a time per output folder: two runs writing the same manifest would lose records.

The lock is an advisory `flock` on a file in the folder. The kernel drops it when its process ends,
however it ends (`kill -9` included), so a lock never outlives its run and a plain rerun just works.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from dpia.errors import InputError

LOCK_NAME = ".dpia-batch.lock"

# The descriptor holding a lock in this process. A forked worker gets a copy, and flock holds until
# every copy is closed: each child closes its copy at once, so a worker left running after its
# parent was killed does not keep the folder locked.
_held: list[int] = []


def _close_in_child() -> None:
    for descriptor in _held:
        with contextlib.suppress(OSError):
            os.close(descriptor)
    _held.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_in_child)


@contextlib.contextmanager
def output_folder_lock(outdir: Path) -> Iterator[None]:
    """Hold the folder's lock for the body; InputError at once when another run holds it."""
    try:
        import fcntl
    except ImportError:  # no flock (Windows): runs are not serialised
        yield
        return
    path = outdir / LOCK_NAME
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise InputError.single(str(outdir), f"cannot lock the folder: {error.strerror}") from None
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip() or "?"
            raise InputError.single(
                str(outdir), f"another dpia batch (process {holder}) is writing to this folder; wait for it to end"
            ) from None
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode("ascii"), 0)
        _held.append(descriptor)
        yield
    finally:
        if descriptor in _held:
            _held.remove(descriptor)
        os.close(descriptor)  # releases the lock
