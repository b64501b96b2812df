"""Run a batch: plan the items, skip the unchanged ones, process the rest in parallel, write safely."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dpia import __version__
from dpia.batch.cache import Entry, Manifest, item_key, package_digest, settings_fingerprint, summary_key
from dpia.batch.journal import JOURNAL_NAME, Journal
from dpia.batch.lock import LOCK_NAME, output_folder_lock
from dpia.batch.plan import Item, discover, inside
from dpia.batch.previous import previous_version, with_previous_sha256
from dpia.batch.work import Outcome, Settings, prepare_worker
from dpia.errors import InputError
from dpia.fsutil import atomic_path, atomic_write_bytes
from dpia.pipeline import FORMATS
from dpia.printable import printable

Progress = Callable[[Outcome | None, Item], None]


@dataclass
class Report:
    outdir: Path
    rows: list[dict[str, Any]] = field(default_factory=list)
    written: int = 0
    skipped: int = 0
    failed: int = 0
    interrupted: bool = False
    extra_files: list[Path] = field(default_factory=list)


@contextlib.contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM while an item's files are renamed into place, so an item lands whole or not at all."""
    received: list[int] = []
    previous = {number: signal.signal(number, lambda n, frame: received.append(n)) for number in _STOPS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if received:
            raise KeyboardInterrupt


_STOPS = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a service manager, `kill`) ends the run as Ctrl-C does, with its records saved."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(number: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.part")


def _ours(path: Path) -> bool:
    """dpia's own bookkeeping in an output folder, which does not make it "not empty"."""
    return path.name in (LOCK_NAME, JOURNAL_NAME) or bool(_TEMPORARY.fullmatch(path.name))


def _remove_temporaries(outdir: Path) -> None:
    for path in outdir.rglob(".*.part"):
        if _TEMPORARY.fullmatch(path.name) and path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)


def _commit(outdir: Path, outcome: Outcome, formats: tuple[str, ...], record: Callable[[list[str]], None]) -> None:
    """Write every output of one item: all to temporary files first, then all renamed together.

    `record` receives the written names while Ctrl-C is still held, so that what lands on disk and
    what the manifest lists never differ.
    """
    targets = [outcome.item.output(outdir, fmt) for fmt in formats]
    names = [target.relative_to(outdir).as_posix() for target in targets]
    for target in targets:
        if not inside(outdir, target):  # names are sanitised in plan; this is the last line of defence
            raise InputError.single(str(outcome.item.source), f"output {target} would leave {outdir}")
    with contextlib.ExitStack() as stack:
        temporaries = [stack.enter_context(atomic_path(target)) for target in targets]
        for temporary, fmt in zip(temporaries, formats, strict=True):
            temporary.write_bytes(outcome.outputs[fmt])
        with _interrupts_deferred():
            stack.close()  # each atomic_path renames its file into place
            record(names)


def _foreign_files(outdir: Path, item: Item, formats: tuple[str, ...], manifest: Manifest) -> list[Path]:
    """Existing files an item would replace that no earlier run wrote: a user's own, never overwritten.

    With a damaged manifest the folder is known to be a batch's but its records are lost: a file at
    the very name this item's output takes is taken as that earlier run's, and redone.
    """
    if manifest.damaged and item.stem not in manifest.entries:
        return []
    entry = manifest.entries.get(item.stem)
    ours = set(entry.outputs) if entry else set()
    targets = (item.output(outdir, fmt) for fmt in formats)
    return [target for target in targets if target.exists() and target.relative_to(outdir).as_posix() not in ours]


def _remove_stale(outdir: Path, outputs: list[str]) -> None:
    """A file that now fails keeps no output from an earlier run that would contradict the summary."""
    for output in outputs:
        path = outdir / output
        if inside(outdir, path):
            path.unlink(missing_ok=True)


def _outcomes(items: list[Item], settings: Settings, jobs: int) -> Iterator[Outcome]:
    if not items:
        return
    if jobs <= 1 or len(items) <= 1:
        worker = prepare_worker(settings)
        for item in items:
            yield worker.process(item)
        return
    # The parent mostly waits for results: it loads what the summary needs meanwhile, in a thread
    # started once the workers are forked, and finished before any replacement worker is forked.
    from dpia.batch.pool import outcomes

    loader = threading.Thread(target=_load_summary_libraries, daemon=True)
    try:
        yield from outcomes(items, settings, jobs, started=loader.start, before_fork=lambda: loader.join())
    finally:
        # The summary is written next, importing the same libraries: two threads importing one
        # module at once can see it half-initialised ("circular import"), so the loader ends first.
        if loader.is_alive():
            loader.join()


def _load_summary_libraries() -> None:
    import matplotlib.figure  # noqa: F401
    import openpyxl  # noqa: F401
    import pandas  # noqa: F401


def run(
    inputs: list[Path],
    outdir: Path,
    settings: Settings,
    jobs: int,
    force: bool = False,
    progress: Progress | None = None,
) -> Report:
    items = discover(inputs, exclude=outdir)
    if settings.previous_dir is not None and not settings.previous_dir.is_dir():
        raise InputError.single(str(settings.previous_dir), "is not a folder of previous answer files")
    if not items:
        raise InputError.single(", ".join(map(str, inputs)), "no answer files (.yaml, .yml, .json) found")
    outdir.mkdir(parents=True, exist_ok=True)
    # One run per folder; SIGTERM stops a run the way Ctrl-C does: finished items stay recorded.
    with output_folder_lock(outdir), _terminate_as_interrupt():
        return _run_locked(items, outdir, settings, jobs, force, progress)


def _run_locked(
    items: list[Item], outdir: Path, settings: Settings, jobs: int, force: bool, progress: Progress | None
) -> Report:
    fingerprint = settings_fingerprint(
        __version__,
        package_digest(),
        _template_bytes(settings),
        ",".join(settings.formats),
        settings.lang,
        settings.as_of.isoformat() if settings.as_of else "",
        str(settings.previous_dir.resolve()) if settings.previous_dir else "",
    )

    manifest = Manifest.load(outdir)
    journal = Journal(outdir)
    journal.replay(manifest)  # what a killed run recorded as it went
    _remove_temporaries(outdir)  # left by a killed run; no other run writes here while we hold the lock
    earlier_run = manifest.path.exists() or journal.path.exists()
    if not force and not earlier_run and any(not _ours(path) for path in outdir.iterdir()):
        raise InputError.single(
            str(outdir), "is not empty and holds no earlier dpia batch run; choose an empty folder or pass --force"
        )
    report = Report(outdir)
    rows: dict[str, dict[str, Any]] = {}
    todo: list[Item] = []
    for item in items:
        try:
            answers_sha256 = hashlib.sha256(item.source.read_bytes()).hexdigest()
            previous = previous_version(item, settings.previous_dir)
            key = item_key(with_previous_sha256(answers_sha256, previous), fingerprint)
        except OSError:
            key = ""
        if not force and key and manifest.is_fresh(item.stem, key, outdir):
            rows[item.stem] = {**manifest.entries[item.stem].row, "status": "unchanged"}
            report.skipped += 1
            if progress:
                progress(None, item)
        else:
            todo.append(item)

    if todo:
        # Prepared once here: a template that does not load is a usage error, not 500 failed items,
        # and workers forked from this process start with the template already compiled.
        prepare_worker(settings)
    try:
        for outcome in _outcomes(todo, settings, jobs):
            stem = outcome.item.stem
            row: dict[str, Any] = {"file": printable(str(outcome.item.source)), **outcome.row}
            if outcome.failed:
                earlier = manifest.entries.pop(stem, None)
                if earlier:
                    _remove_stale(outdir, earlier.outputs)
                    journal.record(stem, None)
                row.update(status="failed", errors="\n".join(outcome.errors), outputs="")
                report.failed += 1
            elif not force and (foreign := _foreign_files(outdir, outcome.item, settings.formats, manifest)):
                row.update(
                    status="failed",
                    outputs="",
                    errors="\n".join(
                        f"{printable(str(path))}: exists and was not written by dpia batch; use --force"
                        for path in foreign
                    ),
                )
                report.failed += 1
            else:
                # Keyed by the bytes the worker read: a file edited since the check above is redone next time.
                key = item_key(outcome.answers_sha256, fingerprint)

                def record(written: list[str], stem: str = stem, row: dict[str, Any] = row, key: str = key) -> None:
                    row.update(status="written", errors="", outputs="; ".join(written))
                    manifest.entries[stem] = entry = Entry(key=key, outputs=written, row=row)
                    journal.record(stem, entry)
                    report.written += 1

                formats = (*settings.formats, *(("diff",) if "diff" in outcome.outputs else ()))
                try:
                    _commit(outdir, outcome, formats, record)
                except InputError as error:  # an output that cannot be written fails this item only
                    outcome.errors = [str(problem) for problem in error.problems]
                    row.update(status="failed", outputs="", errors="\n".join(outcome.errors))
                    report.failed += 1
            rows[stem] = row
            if progress:
                progress(outcome, outcome.item)
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        # What was written stays recorded, so the next run resumes instead of starting over.
        manifest.save()
        journal.clear()

    report.rows = [rows[item.stem] for item in items if item.stem in rows]
    if not report.interrupted:
        report.extra_files = _write_portfolio(report, settings, manifest, fingerprint)
    return report


def _template_bytes(settings: Settings) -> bytes:
    if not any(FORMATS[fmt].uses_template for fmt in settings.formats):
        return b""
    try:
        return settings.template.read_bytes()
    except OSError:
        prepare_worker(settings)  # says, located, why the template cannot be used
        raise


SUMMARY_FILES = ("summary.csv", "summary.xlsx", "portfolio.png")


def _write_portfolio(report: Report, settings: Settings, manifest: Manifest, fingerprint: str) -> list[Path]:
    """The summary and the picture; left as they are when this run did nothing and they would say the same."""
    rows, outdir = report.rows, report.outdir
    paths = [outdir / name for name in SUMMARY_FILES]
    key = summary_key(rows, fingerprint)
    idle = report.written == 0 and report.failed == 0
    if idle and key == manifest.summary_key and all(path.is_file() for path in paths):
        return paths
    from dpia.batch.portfolio import portfolio_png
    from dpia.batch.summary import write_summary

    written = write_summary(rows, outdir)
    scored = [row for row in rows if row.get("status") != "failed"]
    picture = outdir / "portfolio.png"
    atomic_write_bytes(picture, portfolio_png(scored, settings.lang))
    manifest.summary_key = key
    manifest.save()
    return [*written, picture]


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
