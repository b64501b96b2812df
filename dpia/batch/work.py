"""The work done for one answer file, in a worker process: load, assess, render to bytes.

Nothing here writes to OUTDIR: a worker returns bytes, and the parent writes them atomically, so
a failed or interrupted item never leaves half a file behind.
"""

from __future__ import annotations

import datetime as dt
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dpia.batch.plan import Item
from dpia.batch.previous import change_columns, previous_version, with_previous_sha256
from dpia.errors import InputError
from dpia.labels import Lang
from dpia.printable import printable, storable

if TYPE_CHECKING:
    from dpia.pipeline import Assessed


@dataclass(frozen=True)
class Settings:
    formats: tuple[str, ...]
    lang: Lang
    template: Path
    as_of: dt.date | None = None  # the law of this date; None: each file's own date
    previous_dir: Path | None = None  # previous versions, compared with each file that has one


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
            previous = previous_version(item, self.settings.previous_dir)
            if previous is not None:
                self._compare(previous, assessed, outcome)
        except InputError as error:
            outcome.errors = [str(problem) for problem in error.problems]
        except Exception as error:  # one broken item must never stop the others
            last = traceback.extract_tb(error.__traceback__)[-1]
            where = printable(str(item.source))
            outcome.errors = [storable(f"{where}: internal error: {type(error).__name__}: {error} ({last.name})")]
            outcome.outputs = {}
        return outcome

    def _compare(self, previous: Path, assessed: Assessed, outcome: Outcome) -> None:
        """The diff summary and the change columns; the previous version is scored under its own date's law."""
        from dpia.diff import compare, to_json
        from dpia.pipeline import assess_file

        lang = self.settings.lang
        diff = compare(assess_file(previous, lang), assessed, lang)
        outcome.outputs["diff"] = to_json(diff).encode("utf-8")
        outcome.row.update(change_columns(diff, lang))
        outcome.answers_sha256 = with_previous_sha256(outcome.answers_sha256, previous)


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
