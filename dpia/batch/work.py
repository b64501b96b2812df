"""The work done for one answer file, in a worker process: load, assess, render to bytes.

Nothing here writes to OUTDIR: a worker returns bytes, and the parent writes them atomically, so
a failed or interrupted item never leaves half a file behind.
"""

from __future__ import annotations

import datetime as dt
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dpia.batch.plan import Item
from dpia.errors import InputError
from dpia.labels import Lang
from dpia.printable import printable, storable


@dataclass(frozen=True)
class Settings:
    formats: tuple[str, ...]
    lang: Lang
    template: Path
    as_of: dt.date | None = None  # the law of this date; None: each file's own date


@dataclass
class Outcome:
    item: Item
    outputs: dict[str, bytes] = field(default_factory=dict)
    row: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    # The SHA-256 of the answer bytes the outputs were made from, as read by the worker.
    answers_sha256: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.errors)


class Worker:
    """Holds what is costly to prepare (the compiled template) for every item of a process."""

    def __init__(self, settings: Settings) -> None:
        from dpia.pipeline import Pipeline

        self.settings = settings
        self.pipeline = Pipeline(settings.lang, settings.formats, settings.template, settings.as_of)
        # Compiled here, once: workers forked from a process that made a Worker inherit it.
        self.pipeline.prepare()

    def process(self, item: Item) -> Outcome:
        from dpia.batch.summary import summary_row

        outcome = Outcome(item)
        try:
            assessed = self.pipeline.assess(item.source)
            outcome.answers_sha256 = assessed.loaded.sha256
            outcome.outputs = self.pipeline.outputs(assessed)
            outcome.row = summary_row(assessed.assessment, assessed.findings, self.settings.lang)
        except InputError as error:
            outcome.errors = [str(problem) for problem in error.problems]
        except Exception as error:  # one broken item must never stop the others
            last = traceback.extract_tb(error.__traceback__)[-1]
            where = printable(str(item.source))
            outcome.errors = [storable(f"{where}: internal error: {type(error).__name__}: {error} ({last.name})")]
            outcome.outputs = {}
        return outcome


# One Worker per process, made by the pool's initializer: the template is compiled once per worker.
_worker: Worker | None = None


def prepare_worker(settings: Settings) -> Worker:
    """Make this process's Worker; pool processes forked after this call inherit it ready to use."""
    global _worker
    if _worker is None or _worker.settings != settings:
        _worker = Worker(settings)
    return _worker


def init_worker(settings: Settings) -> None:
    import signal

    # The parent decides what an interrupt means; workers just stop when it terminates them.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    prepare_worker(settings)


def process_in_worker(item: Item) -> Outcome:
    assert _worker is not None, "init_worker was not called"
    return _worker.process(item)
