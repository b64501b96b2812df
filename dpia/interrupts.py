"""Ctrl-C ends every command with « interrupted » and exit code 130, never with a traceback.

A library may catch the KeyboardInterrupt raised inside a call it makes and raise an error of its own
instead: pydantic-core does so while it builds a validator, folding the interrupt into a SchemaError
whose chain no longer holds it. Recording that Ctrl-C was pressed lets the command report the
interruption whatever error it surfaced as.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType
from typing import NoReturn

EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C

_pressed = threading.Event()


def _record_and_interrupt(number: int, frame: FrameType | None) -> None:
    _pressed.set()
    raise KeyboardInterrupt


def watch() -> None:
    """Record Ctrl-C before raising KeyboardInterrupt as Python does; a handler set by the caller is kept."""
    if threading.current_thread() is threading.main_thread() and (
        signal.getsignal(signal.SIGINT) is signal.default_int_handler
    ):
        signal.signal(signal.SIGINT, _record_and_interrupt)


def pressed() -> bool:
    """Whether Ctrl-C was pressed since `watch()`: an error raised afterwards may be its disguise."""
    return _pressed.is_set()


def exit_interrupted() -> NoReturn:
    print("interrupted", file=sys.stderr)
    sys.exit(EXIT_INTERRUPTED)


@contextlib.contextmanager
def reported() -> Iterator[None]:
    """Around a command: Ctrl-C, or an error raised after it, ends with « interrupted » and exit 130;
    any other error goes on as it is."""
    try:
        yield
    except KeyboardInterrupt:
        exit_interrupted()
    except Exception:
        if not pressed():
            raise
        exit_interrupted()  # the interrupt surfaced as a library's own error
