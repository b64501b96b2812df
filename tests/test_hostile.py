"""Hostile and broken input: every entry point answers with a result or a clear error, exit 2.

Never a traceback, a hang or a half-written output file. Property-based tests generate answer
files (valid ones and mutated ones) and run validate, score, build and export on each.
"""

from __future__ import annotations

import copy
import json
import signal
import subprocess
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import SAMPLES, RunDpia, invoke_dpia, sample_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dpia import answers
from dpia.cli import app
from dpia.errors import InputError

SAMPLE_DATA = [yaml.load(path.read_text(encoding="utf-8"), Loader=answers._fast_loader()) for path in sample_files()]
SECONDS_PER_COMMAND = 20


@contextmanager
def no_hang(seconds: int = SECONDS_PER_COMMAND) -> Iterator[None]:
    """Fail, rather than wait forever, when a command does not answer in time."""

    def expired(signum: int, frame: Any) -> None:
        raise TimeoutError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def invoke(*args: str | Path) -> Any:
    runner = CliRunner()
    with no_hang():
        result = runner.invoke(app, [str(arg) for arg in args], catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
        pytest.fail(f"dpia {' '.join(map(str, args))} raised instead of reporting:\n{trace}")
    return result


# --------------------------------------------------------------------------------------------------
# Generated answer files


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


def _set(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    return data


def _delete(data: Any, path: tuple[Any, ...]) -> Any:
    if not path:
        return data
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    del parent[path[-1]]
    return data


nasty_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.sampled_from(
        [
            '<script>alert("x")</script>',
            "{{ 7*7 }}",
            "{% for x in range(10**9) %}x{% endfor %}",
            "{{ ''.__class__.__mro__[1].__subclasses__() }}",
            "R&D \x00\x0b\x1f nul",
            "\u202e\ufeff\ufffe",
            "NO",
            "12:30",
            "2021-02-30",
            "A" * 50_000,
        ]
    ),
)
any_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), nasty_text),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(nasty_text, children, max_size=4)),
    max_leaves=12,
)


@st.composite
def mutated_answers(draw: st.DrawFn) -> dict[str, Any]:
    data = copy.deepcopy(draw(st.sampled_from(SAMPLE_DATA)))
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(_paths(data)))
        action = draw(st.sampled_from(["replace", "delete", "unknown", "nest"]))
        if action == "replace":
            data = _set(data, path, draw(any_value))
        elif action == "delete" and path:
            data = _delete(data, path)
        elif action == "unknown" and isinstance(data, dict):
            data[draw(nasty_text)] = draw(any_value)
        elif action == "nest":
            nested: Any = "deep"
            for _ in range(draw(st.integers(1, 80))):
                nested = [nested]
            data = _set(data, path, nested)
    return data if isinstance(data, dict) else {"schema_version": "1.0", "value": data}


def _write(data: dict[str, Any], folder: Path, as_json: bool) -> Path:
    path = folder / ("answers.json" if as_json else "answers.yaml")
    if as_json:
        path.write_text(json.dumps(data, default=str, ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ
@given(data=mutated_answers(), as_json=st.booleans())
def test_validate_and_score_answer_every_generated_file(
    tmp_path_factory: pytest.TempPathFactory, data: dict[str, Any], as_json: bool
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    path = _write(data, folder, as_json)
    checked = invoke("validate", path)
    assert checked.exit_code in (0, 2)
    scored = invoke("score", path, "--json")
    assert scored.exit_code == checked.exit_code
    if scored.exit_code == 0:
        result = json.loads(scored.stdout)
        assert {risk["id"] for risk in result["risks"]} == {
            "illegitimate_access",
            "unwanted_modification",
            "disappearance",
            "extraterritorial_access",
        }
    else:
        assert str(path) in scored.stderr or str(path) in scored.output


@settings(FUZZ, max_examples=15)
@given(data=mutated_answers())
def test_build_and_export_write_a_whole_file_or_none(
    tmp_path_factory: pytest.TempPathFactory, data: dict[str, Any]
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    path = _write(data, folder, as_json=False)
    valid = invoke("validate", path).exit_code == 0
    for args, target in (
        (("build", path, "-o", folder / "out.docx"), folder / "out.docx"),
        (("export", path, "--to", "cnil-pia", "-o", folder / "out.json"), folder / "out.json"),
    ):
        result = invoke(*args)
        assert result.exit_code == (0 if valid else 2), result.output
        assert target.exists() == valid
    assert not [p for p in folder.iterdir() if p.name.endswith(".part")]


# --------------------------------------------------------------------------------------------------
# Hostile files, each refused quickly with a clear message


def _refused_quickly(tmp_path: Path, name: str, text: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    # Both readers: the fast one (load) and the careful, located one (read_answers, used by the wizard
    # and for every file with a problem).
    for read in (answers.load, answers.read_answers):
        with pytest.raises(InputError) as caught, no_hang(10):  # a hang fails the test instead of stalling it
            read(path)
    return str(caught.value)


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    message = _refused_quickly(tmp_path, "lol.yaml", "\n".join(lines) + "\n")
    assert "expands to more than" in message


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cycle.yaml"
    path.write_text("a: &a [*a]\n", encoding="utf-8")
    with pytest.raises(InputError) as caught, no_hang(10):
        answers.load(path)
    assert "(a cycle)" in str(caught.value) or "unknown key 'a'" in str(caught.value)
    with no_hang(10):
        data, _, _ = answers.read_answers(path)  # the careful reader breaks the cycle itself
    assert data == {"a": [None]}


def test_extreme_nesting_is_refused(tmp_path: Path) -> None:
    message = _refused_quickly(tmp_path, "deep.yaml", "a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nesting is deeper than" in message
    message = _refused_quickly(tmp_path, "deep.json", '{"a": ' + "[" * 5000 + "]" * 5000 + "}")
    assert "nesting is deeper than" in message


def test_files_over_the_size_limit_are_refused_unread(tmp_path: Path) -> None:
    message = _refused_quickly(tmp_path, "big.yaml", b"a: " + b"x" * (answers.MAX_FILE_BYTES + 1))
    assert f"limited to {answers.MAX_FILE_BYTES:,} bytes" in message


def test_binary_garbage_is_refused(tmp_path: Path) -> None:
    message = _refused_quickly(tmp_path, "garbage.yaml", bytes(range(256)) * 4)
    assert "not UTF-8" in message


def test_duplicate_keys_anywhere_are_errors(tmp_path: Path) -> None:
    text = (SAMPLES / "doctolib-aws-2021.yaml").read_text(encoding="utf-8")
    nested = text.replace("    multi_factor: true\n", "    multi_factor: true\n    multi_factor: false\n")
    message = _refused_quickly(tmp_path, "dup.yaml", nested)
    assert "duplicate key 'multi_factor'" in message


def test_yaml_tags_cannot_build_python_objects(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"schema_version: !!python/object/apply:os.system ['touch {marker}']\n"
    message = _refused_quickly(tmp_path, "tag.yaml", text)
    assert not marker.exists()
    assert "tag:yaml.org,2002:python/object/apply:os.system' is not allowed" in message
    assert message.startswith(f"{tmp_path / 'tag.yaml'}:1:17: ")


def test_every_entry_point_refuses_a_hostile_file_with_exit_2(run_dpia: RunDpia, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # `dpia validate` answers without typer (dpia/launcher.py): a real process takes that path. The
    # other commands go through the command's own parser, in this process.
    commands: list[tuple[Callable[..., subprocess.CompletedProcess[str]], list[str | Path]]] = [
        (run_dpia, ["validate", bomb]),
        (invoke_dpia, ["score", bomb]),
        (invoke_dpia, ["build", bomb, "-o", tmp_path / "b.docx"]),
        (invoke_dpia, ["export", bomb, "--to", "cnil-pia", "-o", tmp_path / "b.json"]),
        (invoke_dpia, ["batch", bomb, "-o", tmp_path / "batch", "--jobs", "1"]),
    ]
    for run, args in commands:
        with no_hang():
            result = run(*args)
        expected = 1 if args[0] == "batch" else 2
        assert result.returncode == expected, (args, result.stderr)
        assert "Traceback" not in result.stdout + result.stderr
        assert "expands to more than" in result.stdout + result.stderr
    assert not (tmp_path / "b.docx").exists() and not (tmp_path / "b.json").exists()
