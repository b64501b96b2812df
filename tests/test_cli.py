"""The command line as a user meets it: help, version, usage errors."""

from __future__ import annotations

import re

import pytest
from conftest import RunDpia

from dpia import __version__
from dpia.resources import questionnaires_dir, templates_dir


def test_help_lists_the_commands(run_dpia: RunDpia) -> None:
    result = run_dpia("--help")
    assert result.returncode == 0
    for command in ("wizard", "validate", "score", "build", "export", "batch", "rules", "schema"):
        assert re.search(rf"^\W*{command}\s", result.stdout, re.MULTILINE), result.stdout


@pytest.mark.parametrize("command", ["wizard", "validate", "score", "build", "export", "batch", "rules", "schema"])
def test_each_command_has_help(run_dpia: RunDpia, command: str) -> None:
    result = run_dpia(command, "--help")
    assert result.returncode == 0
    assert "Usage:" in result.stdout


def test_version(run_dpia: RunDpia) -> None:
    result = run_dpia("--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"dpia {__version__}")


def test_usage_errors_exit_2_without_traceback(run_dpia: RunDpia) -> None:
    for args in (["no-such-command"], ["validate"], ["schema", "--bogus"]):
        result = run_dpia(*args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr


def test_data_folders_are_found_wherever_dpia_is_installed() -> None:
    # In CI the package is installed from a wheel: these are then the copies inside the package.
    assert any(questionnaires_dir().glob("*.yaml")), questionnaires_dir()
    assert any(templates_dir().glob("*.docx")), templates_dir()


def test_help_does_not_pay_for_heavy_imports() -> None:
    import subprocess
    import sys

    probe = "import sys, dpia.cli; print(sorted(m for m in ('pandas', 'matplotlib', 'docxtpl', 'questionary', 'openpyxl') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_an_unknown_language_is_a_usage_error(run_dpia: RunDpia) -> None:
    for command in (["build", "x.yaml"], ["score", "x.yaml"], ["wizard"], ["rules"]):
        result = run_dpia(*command, "--lang", "de")
        assert result.returncode == 2, command
        assert "'de' is not one of 'fr', 'en'" in result.stderr
