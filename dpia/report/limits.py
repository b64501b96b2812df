"""Bounds on rendering one document: time and memory, so a hostile template cannot hang or sink us.

Jinja's sandbox stops a template from reaching Python, but not from looping: three nested
`range(100000)` loops are legal and would run for a year, and `'x' * 10**10` asks for 10 GB.
Rendering therefore runs under a deadline (a SIGALRM timer in the rendering process) and an
address-space limit (`RLIMIT_AS`, lowered for the render only and restored after). Both are
per document, and both can be set through the environment:

- `DPIA_RENDER_SECONDS`: wall-clock seconds for one document (default 30);
- `DPIA_RENDER_MEMORY_MIB`: memory the render may add to the process, in MiB (default 2048).

Where the platform has no SIGALRM or no `resource` module (Windows), rendering runs unbounded.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from types import FrameType

from dpia.errors import InputError

DEFAULT_SECONDS = 30.0
DEFAULT_MEMORY_MIB = 2048
SECONDS_VARIABLE = "DPIA_RENDER_SECONDS"
MEMORY_VARIABLE = "DPIA_RENDER_MEMORY_MIB"


class RenderTimeExceeded(BaseException):
    """Raised inside a render when its deadline passes; not an Exception, so no `except Exception` swallows it."""


@dataclass(frozen=True)
class RenderLimits:
    seconds: float = DEFAULT_SECONDS
    memory_mib: int = DEFAULT_MEMORY_MIB

    def for_loading(self) -> RenderLimits:
        """The limits for checking and compiling a template: the same memory, never less than the default time."""
        return RenderLimits(max(self.seconds, DEFAULT_SECONDS), self.memory_mib)

    @classmethod
    def from_environment(cls) -> RenderLimits:
        """The limits set in the environment, or the defaults; a value that is not a positive number is bad input."""
        return cls(
            seconds=_positive(SECONDS_VARIABLE, DEFAULT_SECONDS, float),
            memory_mib=int(_positive(MEMORY_VARIABLE, DEFAULT_MEMORY_MIB, int)),
        )


def _positive(variable: str, default: float, kind: type[float] | type[int]) -> float:
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = 0
    if not 0 < value < 10**9:
        raise InputError.single(variable, f"{raw!r} is not a positive {'number' if kind is float else 'whole number'}")
    return value


@contextlib.contextmanager
def bounded(limits: RenderLimits) -> Iterator[None]:
    """Run the body under `limits`: RenderTimeExceeded when time runs out, MemoryError when memory does."""
    with _memory_limit(limits.memory_mib), _deadline(limits.seconds):
        yield


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield  # signals reach the main thread only; a render elsewhere runs unbounded
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise RenderTimeExceeded

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _memory_limit(mebibytes: int) -> Iterator[None]:
    try:
        import resource

        in_use = _address_space_in_use()
    except (ImportError, OSError, ValueError):
        yield  # no resource module or no /proc: unbounded
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = in_use + mebibytes * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY and soft <= limit:
        yield  # already bounded at least as tightly
        return
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space_in_use() -> int:
    """This process's virtual memory size, the quantity RLIMIT_AS bounds."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE")


# Jinja folds constant expressions when it compiles a template: `{{ 'x' * 10**10 }}` would be
# computed while the template is merely checked, and `10 ** 10 ** 10` is one C call no signal can
# stop. The sandbox routes the operators below through `checked_binop` instead, at render time.
INTERCEPTED_OPERATORS = frozenset({"*", "**"})
MAX_REPEATED_LENGTH = 10_000_000  # characters or items one `*` may produce
MAX_POWER_BITS = 100_000  # size of the integer one `**` may produce


def checked_binop(operator: str, left: object, right: object) -> object:
    """`left * right` or `left ** right`, refused when the result would be absurdly large."""
    from jinja2.sandbox import SecurityError

    if operator == "*":
        for sequence, count in ((left, right), (right, left)):
            sized = isinstance(sequence, str | bytes | list | tuple) and isinstance(count, int)
            if sized and len(sequence) * count > MAX_REPEATED_LENGTH:  # type: ignore[arg-type, operator]
                raise SecurityError(f"a repetition of more than {MAX_REPEATED_LENGTH:,} items is refused")
        return left * right  # type: ignore[operator]
    if operator == "**":
        integers = isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0
        if integers and right * max(1, abs(left).bit_length()) > MAX_POWER_BITS:  # type: ignore[arg-type, operator]
            raise SecurityError(f"a power of more than {MAX_POWER_BITS:,} bits is refused")
        return left**right  # type: ignore[operator]
    raise SecurityError(f"operator {operator} is not allowed")
