"""Worker processes that each hold one item at a time, so a worker that dies fails only its item.

`multiprocessing.Pool` loses the task of a worker killed by `kill -9` or the OOM killer and then
waits for its result forever. Here the parent hands one item at a time to each worker over a pipe
and waits on the pipes and on the processes themselves: a worker that dies is seen at once, its
item gets an error naming the signal, a fresh worker takes its place, and the run goes on.

A worker whose parent dies sees its pipe close and exits; nothing outlives the run.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

from dpia.batch.plan import Item
from dpia.batch.work import Outcome, Settings, init_worker, process_in_worker
from dpia.printable import printable

MAX_WORKERS = 64


def _serve(connection: Connection, inherited: list[Connection], settings: Settings) -> None:
    """A worker's loop: receive an item, send back its outcome, until the pipe closes."""
    for other in inherited:  # the parent's ends of other workers' pipes, copied by fork
        other.close()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    init_worker(settings)
    while True:
        try:
            item = connection.recv()
        except (EOFError, OSError):
            return  # the parent is gone or done
        connection.send(process_in_worker(item))


def _death(process: Any) -> str:
    code = process.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"killed by {name}"
    return f"exited with code {code}"


class _Slot:
    def __init__(self, context: Any, settings: Settings, parents: list[Connection]) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(child, list(parents), settings), daemon=True, name="dpia-batch-worker"
        )
        self.process.start()
        child.close()
        self.item: Item | None = None

    def stop(self) -> None:
        self.connection.close()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


def outcomes(
    items: list[Item], settings: Settings, jobs: int, started: Callable[[], None], before_fork: Callable[[], None]
) -> Iterator[Outcome]:
    """The outcome of every item, in the order they finish, from `jobs` worker processes.

    `started` is called once the first workers run; `before_fork` before a replacement is forked
    (a process must not fork while one of its threads is importing).
    """
    jobs = max(1, min(jobs, len(items), MAX_WORKERS))  # more workers than items or cores only costs memory
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    pending = list(reversed(items))
    slots: list[_Slot] = []

    def start() -> _Slot:
        slot = _Slot(context, settings, [s.connection for s in slots])
        slots.append(slot)
        return slot

    def feed(slot: _Slot) -> None:
        slot.item = pending.pop() if pending else None
        if slot.item is not None:
            slot.connection.send(slot.item)

    try:
        for _ in range(jobs):
            feed(start())
        started()
        while any(slot.item is not None for slot in slots):
            busy = [slot for slot in slots if slot.item is not None]
            ready = wait([s.connection for s in busy] + [s.process.sentinel for s in busy])
            for slot in busy:
                item = slot.item
                assert item is not None
                if slot.connection in ready:
                    try:
                        outcome = slot.connection.recv()
                    except (EOFError, OSError):
                        outcome = None  # died while answering: handled as a death below
                    if outcome is not None:
                        feed(slot)
                        yield outcome
                        continue
                if slot.process.sentinel in ready or not slot.process.is_alive():
                    slot.process.join()
                    death = _death(slot.process)
                    message = f"{printable(str(item.source))}: the worker process {death} while handling this file"
                    slots.remove(slot)
                    slot.stop()
                    yield Outcome(item, errors=[message])
                    if pending:
                        before_fork()
                        feed(start())
    finally:
        for slot in slots:
            slot.stop()
