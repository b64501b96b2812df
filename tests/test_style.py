"""The code base stays ruff-clean: part of the test run so that CI holds it."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def test_ruff_check_passes() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", str(REPO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
