"""Fixtures used by the whole suite: where things are, and how to run the real command."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from docx.text.paragraph import Paragraph

# `dpia build` lays each document out with LibreOffice to number its table of contents: seconds per
# build. The suite lays its documents out once, together (test_document_filing, test_build's PDF test).
os.environ.setdefault("DPIA_PAGE_NUMBERS", "0")

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
# Files the tests read that are not the project's own sources, each folder with its licence and source.
FIXTURES = Path(__file__).resolve().parent / "fixtures"


# -- how the suite is spread over processes (pytest-xdist, `-n auto --dist loadgroup` in pyproject.toml) --


def _shares_a_built_fixture(item: pytest.Item) -> bool:
    """The test uses a fixture of this suite that is built once per module or session (not pytest's own)."""
    definitions = getattr(item, "_fixtureinfo", None)
    if definitions is None:
        return False
    return any(
        definition.scope != "function" and definition.baseid  # pytest's own fixtures have no baseid
        for chain in definitions.name2fixturedefs.values()
        for definition in chain
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep the tests that share a built fixture on one process, and start the long ones first.

    A module- or session-wide fixture is built once per process that runs a test using it: the
    module's tests that use one go to the same process, so documents are converted by LibreOffice
    once, not once per core. A test marked `long` starts first, so that the other cores run the rest
    of the suite meanwhile instead of waiting for it at the end.
    """
    for item in items:
        if _shares_a_built_fixture(item):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))
    items.sort(key=lambda item: item.get_closest_marker("long") is None)  # stable: otherwise as collected


def style_name(paragraph: Paragraph) -> str:
    """A Word paragraph's style name ("" for none)."""
    return paragraph.style.name or "" if paragraph.style is not None else ""


def sample_files() -> list[Path]:
    return sorted(SAMPLES.glob("*.yaml"))


RunDpia = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_dpia(tmp_path: Path) -> RunDpia:
    """Run `python -m dpia ...` as a user would: a real process, from a folder outside the repo."""

    def run(*args: str | Path, cwd: Path | None = None, input: str | None = None, timeout: float = 120):
        env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
        return subprocess.run(
            [sys.executable, "-m", "dpia", *map(str, args)],
            cwd=cwd or tmp_path,
            capture_output=True,
            text=True,
            input=input,
            timeout=timeout,
            env=env,
        )

    return run
