"""The entry point's start-up: garbage collection is held off while modules load, never for the command.

A command left running with the collector off would keep every reference cycle it makes: a batch over
thousands of files would grow until the machine swaps. These tests run `dpia.launcher.main` in this
process, with the command itself replaced by a probe that records the collector's state.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Iterator

import pytest
from conftest import SAMPLES

from dpia import launcher


@pytest.fixture
def collector_restored() -> Iterator[None]:
    """Put back what the launcher changes in this process: the collector's state and the Ctrl-C handler."""
    handler = signal.getsignal(signal.SIGINT)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, handler)
        gc.unfreeze()
        gc.enable()


def _collector_state() -> dict[str, object]:
    return {"enabled": gc.isenabled(), "frozen": gc.get_freeze_count() > 0}


@pytest.mark.usefixtures("collector_restored")
def test_a_command_runs_with_garbage_collection_on(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}
    monkeypatch.setattr("dpia.cli.main", lambda: seen.update(_collector_state()))
    monkeypatch.setattr(sys, "argv", ["dpia", "batch", "answers/"])
    launcher.main()
    # On, and the start-up's objects frozen out of the collections the command will make.
    assert seen == {"enabled": True, "frozen": True}


@pytest.mark.usefixtures("collector_restored")
def test_a_plain_validate_checks_with_garbage_collection_on(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}

    def check_files(files: list[object], quiet: bool) -> int:
        seen.update(_collector_state(), files=files, quiet=quiet)
        return 2

    def exit_now(code: int) -> None:  # `os._exit` would end the test run too
        raise SystemExit(code)

    monkeypatch.setattr("dpia.validation.check_files", check_files)
    monkeypatch.setattr(os, "_exit", exit_now)
    monkeypatch.setattr(sys, "argv", ["dpia", "validate", "-q", str(SAMPLES / "doctolib-aws-2021.yaml")])
    with pytest.raises(SystemExit) as ended:
        launcher.main()
    assert ended.value.code == 2  # the check's exit code is the process's
    assert seen == {
        "enabled": True,
        "frozen": True,
        "files": [SAMPLES / "doctolib-aws-2021.yaml"],
        "quiet": True,
    }
