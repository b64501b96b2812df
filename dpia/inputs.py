"""Reading a user's file with its type and size checked first.

A FIFO blocks `open()` forever, `/dev/zero` never ends, and a 2 GiB file would be read whole before
a size check after the fact: the file's type and size are checked on its metadata, then at most
`limit + 1` bytes are read (a file that grows meanwhile is still refused).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from dpia.errors import InputError


def read_limited(path: Path, limit: int, kind: str) -> bytes:
    """The bytes of the regular file `path`, refused when it is over `limit` bytes.

    `kind` names what the file should be ("an answer file", "a Word template"), for the messages.
    """
    file = str(path)
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise InputError.single(file, f"is a folder, not {kind}")
        if not stat.S_ISREG(info.st_mode):
            raise InputError.single(file, f"is not a regular file (a pipe, a device or a socket), so not {kind}")
        _refuse_over(file, info.st_size, limit, kind)
        # O_NONBLOCK: should the path have become a FIFO since the check, opening it does not block.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise InputError.single(file, f"is not a regular file (a pipe, a device or a socket), so not {kind}")
            raw = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputError.single(file, "no such file") from None
    except OSError as error:
        raise InputError.single(file, f"cannot read: {error.strerror or error}") from None
    _refuse_over(file, len(raw), limit, kind)
    return raw


def _refuse_over(file: str, size: int, limit: int, kind: str) -> None:
    if size > limit:
        raise InputError.single(file, f"the file is {size:,} bytes or more; {kind} is limited to {limit:,} bytes")
