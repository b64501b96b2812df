"""What a batch run shows: a progress bar on a terminal, plain lines otherwise, and a final table."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from dpia.batch.plan import Item
from dpia.batch.run import Progress, Report
from dpia.batch.work import Outcome
from dpia.printable import printable


@contextmanager
def progress_reporter(total: int) -> Iterator[Progress]:
    """A callback to call once per item; a rich bar on a terminal, one line per item elsewhere."""
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(
            TextColumn("dpia batch", style="bold", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[last]}", markup=False),  # a file's name, never markup
            console=Console(stderr=True, emoji=False),
            transient=True,
        )
        task = bar.add_task("batch", total=total, last="")
        with bar:

            def advance(outcome: Outcome | None, item: Item) -> None:
                bar.update(task, advance=1, last=item.stem)

            yield advance
        return

    done = 0

    def line(outcome: Outcome | None, item: Item) -> None:
        nonlocal done
        done += 1
        status = "unchanged" if outcome is None else ("failed" if outcome.failed else "written")
        print(f"[{done}/{total}] {printable(str(item.source))}: {status}", file=sys.stderr, flush=True)

    yield line


def print_report(report: Report, elapsed: float) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    # File names, paths and error messages come from the user: no markup, no emoji codes (":100:").
    console = Console(stderr=False, soft_wrap=True, markup=False, emoji=False)
    failed = [row for row in report.rows if row.get("status") == "failed"]
    if failed:
        console.print(Text("Failures", style="bold red"))
        for row in failed:
            for error in str(row.get("errors", "")).splitlines():
                console.print(error, markup=False, highlight=False)
    table = Table(title=Text(f"dpia batch → {printable(str(report.outdir))}"), show_lines=False)
    table.add_column("result")
    table.add_column("files", justify="right")
    table.add_row("written", str(report.written))
    table.add_row("unchanged (skipped)", str(report.skipped))
    table.add_row("failed", str(report.failed), style="red" if report.failed else None)
    console.print(table)
    rate = report.written / elapsed if elapsed > 0 and report.written else 0.0
    extra: list[Any] = [printable(str(path)) for path in report.extra_files]
    if extra:
        console.print("summary: " + ", ".join(extra), markup=False, highlight=False)
    console.print(f"{elapsed:.1f} s" + (f", {rate:.1f} files/s" if rate else ""), highlight=False)
