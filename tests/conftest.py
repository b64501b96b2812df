"""Fixtures used by the whole suite: where things are, and how to run the real command."""

from __future__ import annotations

import ast
import contextlib
import functools
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from docx.text.paragraph import Paragraph

# `dpia build` lays each document out with LibreOffice to number its table of contents: seconds per
# build. The suite lays its documents out once, together (test_document_filing, test_build's PDF test).
os.environ.setdefault("DPIA_PAGE_NUMBERS", "0")

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
# Files the tests read that are not the project's own sources, each folder with its licence and source.
FIXTURES = Path(__file__).resolve().parent / "fixtures"


# -- how the suite is spread over processes (pytest-xdist, `-n auto` in pyproject.toml) --
#
# A module- or session-wide fixture is built once per process that runs a test using it. The tests
# that use one go to the same process, so documents are converted by LibreOffice once, not once per
# core; every other test is a unit of its own. pytest-xdist's own `xdist_group` mark cannot carry this
# (it renames node ids, which pytest 9 no longer lets it do), so the process that hands out the tests
# (which sees only node ids) reads from each test module's source which tests use such a fixture.


def _fixture_scope(decorator: ast.expr) -> str | None:
    """The scope a `@pytest.fixture` decorator gives ("function" by default); None for another decorator."""
    call = decorator if isinstance(decorator, ast.Call) else None
    target = call.func if call else decorator
    if not (isinstance(target, ast.Attribute) and target.attr == "fixture") and not (
        isinstance(target, ast.Name) and target.id == "fixture"
    ):
        return None
    for keyword in call.keywords if call else []:
        if keyword.arg == "scope" and isinstance(keyword.value, ast.Constant):
            return str(keyword.value.value)
    return "function"


@functools.cache
def _tests_sharing_a_built_fixture(module: Path) -> frozenset[str]:
    """The names of the module's tests that use, directly or through its other fixtures, a module- or
    session-wide fixture defined in the module (an autouse one counts for every test)."""
    try:
        tree = ast.parse(module.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return frozenset()
    functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]
    fixtures: dict[str, tuple[str, bool, set[str]]] = {}  # name: (scope, autouse, arguments)
    for function in functions:
        for decorator in function.decorator_list:
            scope = _fixture_scope(decorator)
            if scope is not None:
                autouse = isinstance(decorator, ast.Call) and any(
                    k.arg == "autouse" and isinstance(k.value, ast.Constant) and k.value.value is True
                    for k in decorator.keywords
                )
                fixtures[function.name] = (scope, autouse, {a.arg for a in function.args.args})
    shared = {name for name, (scope, _, _) in fixtures.items() if scope != "function"}
    while True:  # a function-wide fixture that uses a shared one is shared too
        more = {name for name, (_, _, arguments) in fixtures.items() if arguments & shared} - shared
        if not more:
            break
        shared |= more
    tests = [function for function in functions if function.name.startswith("test")]
    if any(autouse and name in shared for name, (_, autouse, _) in fixtures.items()):
        return frozenset(function.name for function in tests)
    return frozenset(function.name for function in tests if {a.arg for a in function.args.args} & shared)


def _work_unit(nodeid: str) -> str:
    """The module for a test that shares a built fixture, else the test itself."""
    path, _, rest = nodeid.partition("::")
    name = rest.partition("[")[0].split("::")[-1]
    return path if name in _tests_sharing_a_built_fixture(REPO / path) else nodeid


@pytest.hookimpl(optionalhook=True, tryfirst=True)  # before xdist's own scheduler
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    from xdist.scheduler import LoadScopeScheduling

    class BuiltFixtureScheduling(LoadScopeScheduling):
        """Hands out work units in the order collected: the shared modules first."""

        def _split_scope(self, nodeid: str) -> str:
            return _work_unit(nodeid)

    config.option.loadscopereorder = False
    return BuiltFixtureScheduling(config, log)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The modules whose tests share a built fixture first, each a whole unit, then the single tests:
    the last minutes are spent on small units that both cores can share."""
    items.sort(key=lambda item: _work_unit(item.nodeid) == item.nodeid)  # stable: otherwise as collected


@pytest.fixture(scope="session", autouse=True)
def _children_keep_their_bytecode(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Where writing bytecode beside the sources is switched off (PYTHONDONTWRITEBYTECODE), the commands
    the tests start would compile every module of dpia again at each run: they keep it in this run's
    temporary folder instead, as an installed package keeps its own. Nothing else changes for them."""
    if not os.environ.get("PYTHONDONTWRITEBYTECODE"):
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("PYTHONDONTWRITEBYTECODE")
        patch.setenv("PYTHONPYCACHEPREFIX", str(tmp_path_factory.mktemp("pycache")))
        yield


@pytest.fixture(scope="session", autouse=True)
def _children_run_the_package_under_test() -> Iterator[None]:
    """`python -m dpia` puts the folder it starts in first on the module path: started from a clone's
    root, a command would run the sources there, while the tests import the installed package. The
    commands the tests start leave that folder out (PYTHONSAFEPATH), so both run the same dpia."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYTHONSAFEPATH", "1")
        yield


def style_name(paragraph: Paragraph) -> str:
    """A Word paragraph's style name ("" for none)."""
    return paragraph.style.name or "" if paragraph.style is not None else ""


def sample_files() -> list[Path]:
    return sorted(SAMPLES.glob("*.yaml"))


Completed = subprocess.CompletedProcess[str]
RunDpia = Callable[..., Completed]


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


def invoke_dpia(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> Completed:
    """`dpia ARGS` in this process, through the command's own parser (typer's CliRunner), from `cwd`.

    For what a command prints and its exit code, without a second of start-up per call. The real
    process (`run_dpia`) is for what only a process shows: signals, terminals, file descriptors, the
    entry point and start-up itself. An exception the command lets out fails the test, as the
    traceback a user would see.
    """
    from typer.testing import CliRunner

    from dpia.cli import app

    arguments = [str(arg) for arg in args]
    with contextlib.chdir(cwd or Path.cwd()):
        result = CliRunner().invoke(
            app, arguments, env={"COLUMNS": "120", "NO_COLOR": "1", **(env or {})}, catch_exceptions=False
        )
    return subprocess.CompletedProcess(["dpia", *arguments], result.exit_code, result.stdout, result.stderr)
