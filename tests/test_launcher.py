"""The entry point's start-up: garbage collection is held off while modules load, never for the command.

A command left running with the collector off would keep every reference cycle it makes: a batch over
thousands of files would grow until the machine swaps. These tests run `dpia.launcher.main` in this
process, with the command itself replaced by a probe that records the collector's state.
"""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SAMPLES

from dpia import launcher


@pytest.fixture
def collector_restored(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Put back what the launcher changes in this process: the collector's state, the Ctrl-C handler and
    the environment variable that turns pydantic plugins off."""
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "__all__")  # recorded, so restored after the test
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


SPY_PLUGIN = '''
import os


class Spy:
    """A pydantic plugin that writes down the name of every model whose validator it is offered."""

    def new_schema_validator(self, schema, schema_type, schema_type_path, schema_kind, config, plugin_settings):
        with open(os.environ["SPY_LOG"], "a", encoding="utf-8") as log:
            log.write(schema_type_path.name + "\\n")
        return None, None, None


plugin = Spy()
'''


def test_pydantic_plugins_installed_in_the_environment_never_see_an_answer_file(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "spy_plugin-1.0.dist-info").mkdir(parents=True)
    (site / "spy_plugin.py").write_text(SPY_PLUGIN, encoding="utf-8")
    (site / "spy_plugin-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: spy-plugin\nVersion: 1.0\n"
    )
    (site / "spy_plugin-1.0.dist-info" / "entry_points.txt").write_text("[pydantic]\nspy = spy_plugin:plugin\n")
    log = tmp_path / "seen.txt"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]),
        "SPY_LOG": str(log),
    }
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    sample = str(SAMPLES / "doctolib-aws-2021.yaml")

    def run(*command: str) -> None:
        result = subprocess.run([sys.executable, *command], capture_output=True, text=True, env=env, timeout=120)
        assert result.returncode == 0, result.stderr

    # Control: any other program that validates with pydantic here hands the file to the plugin.
    run("-c", f"from dpia import answers; answers.load({sample!r})")
    assert log.read_text(encoding="utf-8").split() == ["Assessment"]
    log.unlink()
    for command in (["validate", sample], ["score", sample]):  # without typer, and through it
        run("-m", "dpia", *command)
    assert not log.exists()


def test_validate_starts_without_reading_the_metadata_of_installed_packages() -> None:
    """With plugins off, pydantic's plugin loader would still import importlib.metadata (email, zipfile,
    csv): a tenth of a plain validate's start, for a scan that never happens."""
    sample = str(SAMPLES / "doctolib-aws-2021.yaml")
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "dpia", "validate", sample],
        capture_output=True,
        text=True,
        timeout=120,
    )
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import")}
    assert (result.returncode, result.stdout) == (0, f"{sample}: valid\n")
    assert {"pydantic", "dpia.model"} <= imported  # the report lists what was loaded
    assert "importlib.metadata" not in imported and "email.message" not in imported
