"""The command line as a user meets it: help, version, usage errors.

The help and the version come from a real `python -m dpia` (the entry point), as do the coloured
score on a terminal and a batch's failure line; what the other commands print and their exit codes
are checked in this process, through the command's own parser.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SAMPLES, RunDpia, invoke_dpia, sample_files

from dpia import __version__
from dpia.answers import load
from dpia.labels import label
from dpia.resources import questionnaires_dir, templates_dir
from dpia.scoring import assess
from dpia.scoring.engine import high as is_high


def test_help_lists_the_commands(run_dpia: RunDpia) -> None:
    result = run_dpia("--help")
    assert result.returncode == 0
    for command in ("wizard", "validate", "score", "build", "export", "batch", "rules", "schema"):
        assert re.search(rf"^\W*{command}\s", result.stdout, re.MULTILINE), result.stdout


# Commands that no other test of the command line starts as a real process: their help does, so that
# each command is reached once through the entry point. The others' help is read in this process.
HELP_IN_A_PROCESS = ("wizard", "rules", "schema")


@pytest.mark.parametrize("command", ["wizard", "validate", "score", "build", "export", "batch", "rules", "schema"])
def test_each_command_has_help(run_dpia: RunDpia, command: str) -> None:
    result = run_dpia(command, "--help") if command in HELP_IN_A_PROCESS else invoke_dpia(command, "--help")
    assert result.returncode == 0
    assert "Usage:" in result.stdout
    # Values are named for what they are (FILE, OUT.docx, N), never by Python types.
    assert not re.findall(r"<(?:bool|path|str|int|list)[^>]*>", result.stdout), result.stdout


def test_version(run_dpia: RunDpia) -> None:
    result = run_dpia("--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"dpia {__version__}")


def test_usage_errors_exit_2_without_traceback(tmp_path: Path) -> None:
    for args in (["no-such-command"], ["validate"], ["schema", "--bogus"]):
        result = invoke_dpia(*args, cwd=tmp_path)
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


def test_an_unknown_language_is_a_usage_error(tmp_path: Path) -> None:
    for command in (["build", "x.yaml"], ["score", "x.yaml"], ["wizard"], ["rules"]):
        result = invoke_dpia(*command, "--lang", "de", cwd=tmp_path)
        assert result.returncode == 2, command
        assert "'de' is not one of 'fr', 'en'" in result.stderr


def test_build_refuses_an_output_it_would_misname_or_a_missing_folder(tmp_path: Path) -> None:
    minimal = SAMPLES / "minimal.yaml"
    result = invoke_dpia("build", minimal, "-o", tmp_path / "dpia.pdf", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert (
        result.stderr
        == f"{tmp_path / 'dpia.pdf'}: this command writes a .docx file; name it NAME.docx (with --pdf, NAME.pdf is written beside it)\n"
    )
    result = invoke_dpia("build", minimal, "-o", tmp_path / "missing" / "dpia.docx", cwd=tmp_path)
    assert result.returncode == 2 and "no folder" in result.stderr and "Traceback" not in result.stderr
    result = invoke_dpia("export", minimal, "--to", "cnil-pia", "-o", tmp_path / "missing" / "pia.json", cwd=tmp_path)
    assert result.returncode == 2 and "no folder" in result.stderr
    assert sorted(tmp_path.iterdir()) == [], "nothing written, no folder created"


def test_batch_prints_a_failure_line_exactly_as_located(run_dpia: RunDpia, tmp_path: Path) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    # The error is on line 100: "…:100:…" is a location, not the emoji code :100:.
    broken = answers / "[bold]x.yaml"
    broken.write_text("# comment\n" * 99 + "colour: blue\n", encoding="utf-8")
    # A real process: the line as the console writes it to a pipe (the batch's entry point, cheaply: no document).
    result = run_dpia("batch", answers, "-o", tmp_path / "out", "--jobs", "1")
    assert result.returncode == 1
    assert f"{broken}:100:1: colour: unknown key 'colour'" in result.stdout, result.stdout
    assert "\N{HUNDRED POINTS SYMBOL}" not in result.stdout


def test_score_names_criteria_in_words_and_gives_the_reason_for_article_36(tmp_path: Path) -> None:
    for sample in sample_files():
        findings = assess(load(sample).assessment, "en")
        result = invoke_dpia("score", sample, "--lang", "en", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "\x1b[" not in result.stdout, "no colour codes when the output is not a terminal"
        for criterion in findings.screening.criteria:
            if criterion.met:
                assert f"  - {criterion.text}\n" in result.stdout
        high = [label(risk.id, "en") for risk in findings.risks if is_high(risk.residual)]
        reason = next(line for line in result.stdout.splitlines() if line.startswith("  because "))
        if findings.prior_consultation:
            assert "stays high" in reason and all(name in reason for name in high), reason
        else:
            assert "stays high" not in reason, reason


def test_score_colours_levels_on_a_terminal(tmp_path: Path) -> None:
    import os
    import sys

    import pexpect

    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "dpia", "score", str(SAMPLES / "municipal-centre-us-sms.yaml")],
        env={**env, "TERM": "xterm-256color", "COLUMNS": "160"},
        encoding="utf-8",
        timeout=60,
    )
    output = child.read()
    child.close()
    assert child.exitstatus == 0, output
    assert re.search(r"\x1b\[[0-9;]*m4 Maximale", output), "a level 4 is coloured"
