"""The guarantees SECURITY.md makes, each tested so that a regression fails here.

Offline, no network; no code run from answers or templates; derived output paths stay inside the
output folder and never replace a user's file unasked; Ctrl-C never leaves a partial file.
"""

from __future__ import annotations

import ast
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import REPO, SAMPLES, RunDpia, invoke_dpia
from typer.testing import CliRunner

from dpia.cli import app
from dpia.report.build import default_template

DOCTOLIB = SAMPLES / "doctolib-aws-2021.yaml"
NETWORK_MODULES = {"socket", "ssl", "http", "urllib", "requests", "httpx", "ftplib", "smtplib", "xmlrpc", "aiohttp"}


# --------------------------------------------------------------------------------------------------
# Offline


def test_no_module_of_dpia_imports_a_network_library() -> None:
    offenders = []
    for path in sorted((REPO / "dpia").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {name}" for name in names if name.split(".")[0] in NETWORK_MODULES]
    assert offenders == []


def test_every_command_works_with_the_network_cut(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args[:2]))
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    runner = CliRunner()
    for args in (
        ["validate", DOCTOLIB],
        ["score", DOCTOLIB, "--json"],
        ["rules"],
        ["build", DOCTOLIB, "-o", tmp_path / "a.docx"],
        ["export", DOCTOLIB, "--to", "cnil-pia", "-o", tmp_path / "a.json"],
        ["batch", DOCTOLIB, "-o", tmp_path / "batch", "--jobs", "1", "--formats", "docx,json,cnil-pia"],
        ["schema"],
    ):
        result = runner.invoke(app, [str(arg) for arg in args])
        assert result.exit_code == 0, (args, result.output, result.exception)
    assert attempts == []


# --------------------------------------------------------------------------------------------------
# No code from answers


def test_template_code_in_answers_is_printed_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    payload = f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}{{% include '/etc/passwd' %}}"
    text = DOCTOLIB.read_text(encoding="utf-8").replace(
        "name: Prise de rendez-vous de vaccination contre la Covid-19", f'name: "{payload}"'
    )
    answers = tmp_path / "hostile.yaml"
    answers.write_text(text, encoding="utf-8")
    # In this process: what the document holds is the point (the build's process is test_build's).
    result = invoke_dpia("build", answers, "-o", tmp_path / "out.docx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    body = "\n".join(paragraph.text for paragraph in docx.Document(str(tmp_path / "out.docx")).paragraphs)
    assert payload in body
    assert "root:" not in body
    assert not marker.exists()


# --------------------------------------------------------------------------------------------------
# No code from templates: a user's template runs in Jinja's sandbox


def _user_template(tmp_path: Path, line: str) -> Path:
    document = docx.Document(str(default_template("fr")))
    document.add_paragraph(line)
    path = tmp_path / "mine.docx"
    document.save(str(path))
    return path


@pytest.mark.parametrize(
    "line",
    [
        "{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{% include '/etc/passwd' %}",
        "{{ processing.__class__.__init__.__globals__ }}",
        "{% for x in range(10**10) %}x{% endfor %}",
        "{{ 1 / 0 }}",
        "{% import 'os' as os %}",
    ],
)
def test_a_users_template_cannot_run_code_or_read_files(tmp_path: Path, line: str) -> None:
    marker = tmp_path / "MARKER"
    template = _user_template(tmp_path, line.replace("MARKER", str(marker)))
    out = tmp_path / "out.docx"
    # In this process, so that code the sandbox let through would run in the tests' own process and
    # show here; a template that never ends still stops at the render's deadline (DPIA_RENDER_SECONDS).
    result = invoke_dpia("build", DOCTOLIB, "-o", out, "--template", template, cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert str(template) in result.stderr, "the error names the template"
    assert not out.exists() and not marker.exists()


# --------------------------------------------------------------------------------------------------
# Paths


def test_build_never_replaces_a_file_it_was_not_told_to(tmp_path: Path) -> None:
    answers = tmp_path / "doctolib.yaml"
    shutil.copy(DOCTOLIB, answers)
    derived = tmp_path / "doctolib.docx"
    derived.write_text("my own notes", encoding="utf-8")
    result = invoke_dpia("build", answers, cwd=tmp_path)
    assert result.returncode == 2
    assert f"{derived}: exists; name the output with -o, or pass --force" in result.stderr
    assert derived.read_text(encoding="utf-8") == "my own notes"
    assert invoke_dpia("build", answers, "--force", cwd=tmp_path).returncode == 0
    assert zipfile.is_zipfile(derived)


def test_batch_never_replaces_a_users_files(tmp_path: Path) -> None:
    # One job in this process: what is kept or replaced is the point, not how the work is shared.
    out = tmp_path / "out"
    out.mkdir()
    (out / "summary.csv").write_text("mine\n", encoding="utf-8")
    result = invoke_dpia("batch", DOCTOLIB, "-o", out, "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 2
    assert "is not empty and holds no earlier dpia batch run" in result.stderr
    assert (out / "summary.csv").read_text(encoding="utf-8") == "mine\n"

    fresh = tmp_path / "fresh"
    assert invoke_dpia("batch", SAMPLES / "minimal.yaml", "-o", fresh, "--jobs", "1", cwd=tmp_path).returncode == 0
    own = fresh / "doctolib-aws-2021.docx"
    own.write_text("mine", encoding="utf-8")
    result = invoke_dpia("batch", SAMPLES / "minimal.yaml", DOCTOLIB, "-o", fresh, "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 1
    assert "exists and was not written by dpia batch" in result.stdout
    assert own.read_text(encoding="utf-8") == "mine"
    assert (
        invoke_dpia(
            "batch", SAMPLES / "minimal.yaml", DOCTOLIB, "-o", fresh, "--force", "--jobs", "1", cwd=tmp_path
        ).returncode
        == 0
    )
    assert zipfile.is_zipfile(own)


# --------------------------------------------------------------------------------------------------
# Interrupts


@pytest.mark.parametrize("delay", [0.4, 0.8, 1.2, 1.6])
def test_ctrl_c_during_build_leaves_the_old_file_or_a_whole_new_one(tmp_path: Path, delay: float) -> None:
    target = tmp_path / "out.docx"
    target.write_bytes(b"previous")
    process = subprocess.Popen(
        [sys.executable, "-m", "dpia", "build", str(DOCTOLIB), "-o", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert "Traceback" not in stderr
    content = target.read_bytes()
    assert content == b"previous" or zipfile.ZipFile(io.BytesIO(content)).testzip() is None
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.docx"], "no temporary file is left"


def test_ctrl_c_disguised_as_a_library_error_is_still_an_interruption(tmp_path: Path) -> None:
    # pydantic-core turns a Ctrl-C that lands while it builds a validator into a SchemaError that no
    # longer carries the KeyboardInterrupt; the command must still say « interrupted », not print a traceback.
    script = tmp_path / "disguise.py"
    script.write_text(
        "import os, signal, time\n"
        "import dpia.cli\n"
        "def app():\n"
        "    try:\n"
        "        os.kill(os.getpid(), signal.SIGINT)\n"
        "        time.sleep(30)\n"
        "    except KeyboardInterrupt:\n"
        "        raise RuntimeError('Error building validator: KeyboardInterrupt') from None\n"
        "dpia.cli.app = app\n"
        "dpia.cli.main()\n",
        encoding="utf-8",
    )
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (130, "interrupted\n")


def test_an_error_without_ctrl_c_is_not_reported_as_an_interruption(tmp_path: Path) -> None:
    script = tmp_path / "bug.py"
    script.write_text(
        "import dpia.cli\ndef app():\n    raise RuntimeError('a real bug')\ndpia.cli.app = app\ndpia.cli.main()\n",
        encoding="utf-8",
    )
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "RuntimeError: a real bug" in result.stderr


def test_score_json_has_no_clock_and_no_randomness(run_dpia: RunDpia, tmp_path: Path) -> None:
    # Once here and once in a process of its own, at another moment: the two interpreters hash strings
    # with different seeds, so an order taken from a set or a dict of hashes would differ too.
    first = invoke_dpia("score", DOCTOLIB, "--json", cwd=tmp_path)
    second = run_dpia("score", DOCTOLIB, "--json", input="")
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert first.stdout == second.stdout
    assert json.loads(first.stdout)["rules_version"]
