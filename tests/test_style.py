"""The code base stays ruff-clean and type-checked: part of the test run so that CI holds it."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import REPO


def test_ruff_check_passes() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", str(REPO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.long  # about 35 s of one core without a cache, as in a fresh clone
def test_mypy_with_the_pydantic_plugin_passes() -> None:
    """The package, tests and benchmarks, as configured in pyproject.toml ([tool.mypy])."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_type_check_is_switched_off_for_a_whole_module() -> None:
    config = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert "ignore_errors" not in config
    blanket = re.compile(r"^#\s*(type:\s*ignore|mypy:\s*ignore-errors)\s*$", re.MULTILINE)
    sources = [path for folder in ("dpia", "tests", "bench") for path in (REPO / folder).rglob("*.py")]
    assert [str(path) for path in sources if blanket.search(path.read_text(encoding="utf-8"))] == []
