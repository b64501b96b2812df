"""The import graph of the package: data flows one way, and nothing imports itself back.

Read from the source with `ast`, so imports inside functions (made there to keep start-up fast)
count as much as those at the top of a module.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterable
from pathlib import Path

import pytest
from conftest import REPO

PACKAGE = REPO / "dpia"


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _package_of(name: str, path: Path) -> str:
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def imports_of(name: str, path: Path, known: Iterable[str]) -> set[str]:
    """The package's modules that `name` imports anywhere in its source (functions included)."""
    known = set(known)
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = _package_of(name, path)
                for _ in range(node.level - 1):
                    base = base.rpartition(".")[0]
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            # `from dpia.scoring import rules` imports the module dpia.scoring.rules; a name that is
            # not a module (`from dpia.scoring import assess`) comes from the package itself.
            submodules = {f"{target}.{alias.name}" for alias in node.names} & known
            found.update(submodules)
            if len(submodules) < len(node.names):
                found.add(target)
    return {module for module in found if module in known and module != name}


def import_graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph.get(node, ())):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for successor in graph.get(todo.pop(), ()):
            if successor not in seen:
                seen.add(successor)
                todo.append(successor)
    return seen


def _within(module: str, prefixes: Iterable[str]) -> bool:
    return any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes)


@functools.cache
def graph() -> dict[str, set[str]]:
    """The package's import graph, read once per process when a test first needs it (not at collection)."""
    return import_graph()


DOWNSTREAM_OF_SCORING = ("dpia.report", "dpia.export", "dpia.batch", "dpia.cli", "dpia.wizard", "dpia.pipeline")


def test_the_graph_is_read_from_the_source() -> None:
    # The reader sees imports made inside functions: the CLI imports the pipeline only in its commands.
    assert "dpia.pipeline" in graph()["dpia.cli"]
    assert "dpia.scoring" in graph()["dpia.pipeline"]


def test_the_import_graph_has_no_cycle() -> None:
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("module", sorted(name for name in modules() if _within(name, ["dpia.scoring"])))
def test_scoring_reaches_nothing_downstream(module: str) -> None:
    """Scoring knows nothing of documents, exports, batches or the terminal, even through another module."""
    assert sorted(m for m in reachable(graph(), module) if _within(m, DOWNSTREAM_OF_SCORING)) == []


def test_the_model_reaches_neither_scoring_nor_anything_after_it() -> None:
    assert (
        sorted(m for m in reachable(graph(), "dpia.model") if _within(m, ("dpia.scoring", *DOWNSTREAM_OF_SCORING)))
        == []
    )


def test_nothing_imports_the_command_line() -> None:
    """Only the entry point (dpia.launcher, which `dpia` and `python -m dpia` run) hands over to dpia.cli."""
    assert sorted(name for name, imported in graph().items() if "dpia.cli" in imported) == ["dpia.launcher"]
    assert sorted(name for name, imported in graph().items() if "dpia.launcher" in imported) == ["dpia.__main__"]


def test_test_helpers_do_not_ship_in_the_package() -> None:
    assert "dpia.export.cnil_pia_reader" not in graph()
    assert "text_of" not in (PACKAGE / "export" / "html.py").read_text(encoding="utf-8")
