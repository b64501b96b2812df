"""Batch mode over real folders of answer files: as a real process where workers, signals, start-up or
the libraries it loads are the point, otherwise through the command's parser in this process."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pytest
from conftest import SAMPLES, Completed, invoke_dpia, sample_files

import dpia
from dpia.batch.plan import discover, inside
from dpia.resources import templates_dir

BROKEN = "schema_version: '1.0'\nprocessing:\n  name: x\n  purposes: [a]\n  colour: blue\n"


@dataclass(frozen=True)
class PortfolioRun:
    answers: Path
    out: Path
    result: Completed


@pytest.fixture(scope="module")
def portfolio_run(tmp_path_factory: pytest.TempPathFactory) -> PortfolioRun:
    """A portfolio (two regions holding a file of the same name, every sample, one broken file) run
    once as a user runs it: a real process with two workers, writing every document and the summary.
    The tests below read what that one run printed and wrote, and change nothing."""
    folder = tmp_path_factory.mktemp("portfolio")
    root = folder / "answers"
    (root / "north").mkdir(parents=True)
    (root / "south").mkdir()
    shutil.copy(SAMPLES / "doctolib-aws-2021.yaml", root / "north" / "centre.yaml")
    shutil.copy(SAMPLES / "minimal.yaml", root / "south" / "centre.yaml")
    for sample in sample_files():
        shutil.copy(sample, root / sample.name)
    (root / "south" / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    out = folder / "out"
    result = subprocess.run(
        [sys.executable, "-m", "dpia", "batch", str(root), "-o", str(out), "--jobs", "2"],
        cwd=folder,  # outside the repository, as `run_dpia` runs
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "120", "NO_COLOR": "1"},
    )
    return PortfolioRun(root, out, result)


def test_batch_writes_every_valid_file_and_lists_the_failure(portfolio_run: PortfolioRun) -> None:
    portfolio, out, result = portfolio_run.answers, portfolio_run.out, portfolio_run.result
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    # The failure is reported with its file and line.
    assert f"{portfolio / 'south' / 'broken.yaml'}:5:3: processing.colour: unknown key 'colour'" in result.stdout

    documents = sorted(path.relative_to(out).as_posix() for path in out.rglob("*.docx"))
    expected_samples = [f"{sample.stem}.docx" for sample in sample_files()]
    assert documents == sorted(["north/centre.docx", "south/centre.docx", *expected_samples])
    north = "\n".join(p.text for p in docx.Document(str(out / "north" / "centre.docx")).paragraphs)
    south = "\n".join(p.text for p in docx.Document(str(out / "south" / "centre.docx")).paragraphs)
    assert "contre la Covid-19" in north and "vaccinodrome départemental" in south, "same names, two documents"
    assert not list(out.rglob("*.part")) and not list(out.rglob(".*.part"))
    assert not (out / "south" / "broken.docx").exists()


def test_summary_has_one_row_per_answer_file(portfolio_run: PortfolioRun) -> None:
    portfolio, out = portfolio_run.answers, portfolio_run.out
    summary = pd.read_csv(out / "summary.csv")
    assert len(summary) == len(sample_files()) + 3
    by_file = summary.set_index("file")
    broken = by_file.loc[str(portfolio / "south" / "broken.yaml")]
    assert broken["status"] == "failed" and "unknown key 'colour'" in broken["errors"]
    doctolib = by_file.loc[str(portfolio / "doctolib-aws-2021.yaml")]
    assert doctolib["status"] == "written"
    assert bool(doctolib["dpia_required"]) is True
    assert doctolib["extraterritorial_access_initial"] == 2
    assert doctolib["outputs"] == "doctolib-aws-2021.docx"
    no_encryption = by_file.loc[str(portfolio / "doctolib-aws-no-encryption.yaml")]
    assert no_encryption["extraterritorial_access_initial"] >= 3
    for column in ("service", "controller", "prior_consultation", "top_recommendations", "disappearance_residual"):
        assert column in summary.columns

    workbook = openpyxl.load_workbook(out / "summary.xlsx")
    sheet = workbook["summary"]
    assert sheet.max_row == len(summary) + 1
    assert [cell.value for cell in sheet[1]] == list(summary.columns)
    assert (out / "portfolio.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_other_formats_are_written_and_parse(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke_dpia(
        "batch", SAMPLES / "doctolib-aws-2021.yaml", "-o", out, "--formats", "json,cnil-pia", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    score = json.loads((out / "doctolib-aws-2021.score.json").read_text(encoding="utf-8"))
    assert score["dpia_required"] is True
    pia = json.loads((out / "doctolib-aws-2021.cnil-pia.json").read_text(encoding="utf-8"))
    assert set(pia) >= {"pia", "answers", "measures", "evaluations", "comments"}
    assert not list(out.glob("*.docx")), "only the formats asked for"


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke_dpia("batch", SAMPLES, "-o", tmp_path / "out", "--formats", "docx,odt", cwd=tmp_path)
    assert result.returncode == 2
    assert "odt" in result.stderr and not (tmp_path / "out").exists()


def test_no_answer_files_is_bad_input(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = invoke_dpia("batch", tmp_path / "empty", "-o", tmp_path / "out", cwd=tmp_path)
    assert result.returncode == 2
    assert "no answer files" in result.stderr
    result = invoke_dpia("batch", tmp_path / "nowhere", "-o", tmp_path / "out", cwd=tmp_path)
    assert result.returncode == 2 and "no such file or folder" in result.stderr


def test_second_run_skips_unchanged_files_and_redoes_changed_ones(tmp_path: Path) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    # Three samples make the point (one changed, the others kept) at less than half the rendering of all.
    chosen = [SAMPLES / name for name in ("minimal.yaml", "doctolib-aws-2021.yaml", "hospital-secnumcloud.yaml")]
    for sample in chosen:
        shutil.copy(sample, answers / sample.name)
    out = tmp_path / "out"
    first = invoke_dpia("batch", answers, "-o", out, "--jobs", "1", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    stamp = {path: path.stat().st_mtime_ns for path in out.rglob("*.docx")}

    summaries = {name: (out / name).read_bytes() for name in ("summary.csv", "summary.xlsx", "portfolio.png")}
    summary_stamps = {name: (out / name).stat().st_mtime_ns for name in summaries}

    # Nothing changed: nothing is rebuilt, not even the summary, and its libraries are not even loaded.
    second = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "dpia", "batch", str(answers), "-o", str(out), "--jobs", "1"],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        # From outside the repository, as the first run: `python -m` puts the working folder first on
        # sys.path, so from the repository root it would run the source tree instead of the installed dpia.
        cwd=tmp_path,
    )
    assert second.returncode == 0, second.stderr
    assert second.stderr.count(": unchanged") == len(chosen)
    assert {path: path.stat().st_mtime_ns for path in out.rglob("*.docx")} == stamp
    assert {name: (out / name).stat().st_mtime_ns for name in summaries} == summary_stamps
    assert {name: (out / name).read_bytes() for name in summaries} == summaries
    imported = {line.split("|")[-1].strip() for line in second.stderr.splitlines() if line.startswith("import time:")}
    assert not {"pandas", "matplotlib", "docxtpl"} & imported

    changed = answers / "minimal.yaml"
    changed.write_text(changed.read_text(encoding="utf-8").replace("count: 150000", "count: 150001"), encoding="utf-8")
    third = invoke_dpia("batch", answers, "-o", out, "--jobs", "1", cwd=tmp_path)
    statuses = pd.read_csv(out / "summary.csv").set_index("file")["status"]
    assert statuses[str(changed)] == "written"
    assert (statuses == "unchanged").sum() == len(chosen) - 1, third.stdout

    forced = invoke_dpia("batch", answers, "-o", out, "--jobs", "1", "--force", cwd=tmp_path)
    assert set(pd.read_csv(out / "summary.csv")["status"]) == {"written"}, forced.stdout


def test_a_changed_rule_sentence_rebuilds_the_documents(tmp_path: Path) -> None:
    """The tool's own words are part of the key: documents worded with an old sentence are not kept.

    A copy of the tool, whose rules are edited as a maintainer would, runs as a real process; the first
    run, made with the very same words, is the one in this process."""
    # A copy of the very files this process runs (installed, or a source checkout with its templates
    # beside the package), so that before the edit the copy and this process share every word.
    tool = tmp_path / "tool"
    package = Path(dpia.__file__).resolve().parent
    shutil.copytree(package, tool / "dpia", ignore=shutil.ignore_patterns("__pycache__"))
    if not templates_dir().is_relative_to(package):
        shutil.copytree(templates_dir(), tool / "templates")
    source, out = tmp_path / "minimal.yaml", tmp_path / "out"
    shutil.copy(SAMPLES / "minimal.yaml", source)
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(tool)}

    def batch_by_the_copy() -> str:
        command = [sys.executable, "-m", "dpia", "batch", str(source), "-o", str(out), "--jobs", "1"]
        result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        return result.stderr

    def document_text() -> str:
        document = docx.Document(str(out / "minimal.docx"))
        cells = (cell.text for table in document.tables for row in table.rows for cell in row.cells)
        return "\n".join([*(p.text for p in document.paragraphs), *cells])

    first = invoke_dpia("batch", source, "-o", out, "--jobs", "1", cwd=tmp_path)
    assert first.returncode == 0 and ": written" in first.stderr, first.stderr
    # The copy, word for word the same, keeps that document: where the tool lies is not part of the key,
    # so what rebuilds it below is the edit alone.
    assert ": unchanged" in batch_by_the_copy()
    rules = tool / "dpia" / "scoring" / "data" / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    # A sentence of the rules that the document shows, edited as a maintainer would (no version bump).
    shown = document_text()
    lines = re.findall(r"^ +fr: ([^'\"{}>\n]{30,})$", text, flags=re.MULTILINE)
    sentence = next(s for s in sorted(set(lines)) if s in shown)
    rules.write_text(text.replace(f"fr: {sentence}\n", f"fr: {sentence} (revised)\n"), encoding="utf-8")

    assert ": written" in batch_by_the_copy()
    assert f"{sentence} (revised)" in document_text()
    assert ": unchanged" in batch_by_the_copy()


def test_a_file_that_turns_bad_loses_its_old_document(tmp_path: Path) -> None:
    source = tmp_path / "a.yaml"
    shutil.copy(SAMPLES / "minimal.yaml", source)
    out = tmp_path / "out"
    assert invoke_dpia("batch", source, "-o", out, cwd=tmp_path).returncode == 0
    assert (out / "a.docx").exists()
    source.write_text(BROKEN, encoding="utf-8")
    assert invoke_dpia("batch", source, "-o", out, cwd=tmp_path).returncode == 1
    assert not (out / "a.docx").exists(), "a stale document would contradict the summary"


def test_outputs_inside_an_input_folder_are_not_read_back_as_answers(tmp_path: Path) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    for name in ("minimal.yaml", "doctolib-aws-2021.yaml"):
        shutil.copy(SAMPLES / name, answers / name)
    out = answers / "out"
    # One process, no workers: what is read back is the point, not how the work is shared.
    assert (
        invoke_dpia("batch", answers, "-o", out, "--formats", "docx,json", "--jobs", "1", cwd=tmp_path).returncode == 0
    )
    again = invoke_dpia("batch", answers, "-o", out, "--formats", "docx,json", "--jobs", "1", cwd=tmp_path)
    assert again.returncode == 0, again.stdout
    assert len(pd.read_csv(out / "summary.csv")) == 2


def test_plain_progress_lines_without_a_terminal(tmp_path: Path) -> None:
    # The score alone: progress lines are the same whatever the outputs, and it takes no rendering.
    result = invoke_dpia("batch", SAMPLES, "-o", tmp_path / "out", "--jobs", "1", "--formats", "json", cwd=tmp_path)
    lines = [line for line in result.stderr.splitlines() if line.startswith("[")]
    assert len(lines) == len(sample_files())
    assert lines[-1].startswith(f"[{len(sample_files())}/{len(sample_files())}] ")


def test_names_stay_unique_and_inside_the_output_folder(tmp_path: Path) -> None:
    root = tmp_path / "in"
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    (root / "a" / "x.yaml").write_text("a: 1\n")
    (root / "b" / "x.yaml").write_text("a: 1\n")
    (root / "-..odd name é;$(rm).yaml").write_text("a: 1\n")
    loose = tmp_path / "x.yaml"
    loose.write_text("a: 1\n")
    items = discover([root, loose, root / "a" / "x.yaml"])
    stems = [item.stem for item in items]
    assert len(stems) == len(set(stems)) == 4, "a file given twice is done once"
    assert {"a/x", "b/x", "x"} <= set(stems)
    odd = next(stem for stem in stems if "odd" in stem)
    assert "/" not in odd and ".." not in odd and "$" not in odd and " " not in odd
    out = tmp_path / "out"
    for item in items:
        assert inside(out, item.output(out, "docx"))


def test_interrupt_leaves_only_whole_files(tmp_path: Path) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    # Enough files that the interrupt, sent once three are written, lands with most still to do: each
    # of the two workers holds at most one more.
    total = 8
    for index in range(total):
        shutil.copy(SAMPLES / "doctolib-aws-2021.yaml", answers / f"f{index:02}.yaml")
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "dpia", "batch", str(answers), "-o", str(out), "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        # Outside the repository, as `run_dpia` runs: from its root, `python -m dpia` would run the
        # sources there rather than the installed package this process (and the rerun) uses, and the
        # rerun would rightly find every document made by another tool.
        cwd=tmp_path,
    )
    # Interrupted once its third file is written and recorded, as its progress line on stderr says:
    # an event, not a guess at how long three files take.
    assert process.stderr is not None
    progress: list[str] = []
    while len(progress) < 3:
        line = process.stderr.readline()
        assert line, "the batch ended before writing three files"
        if line.rstrip().endswith(": written"):
            progress.append(line)
    process.send_signal(signal.SIGINT)
    _, rest = process.communicate(timeout=120)
    stderr = "".join(progress) + rest
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert not [path for path in out.rglob("*") if path.name.endswith(".part")]
    written = sorted(out.glob("*.docx"))
    assert 3 <= len(written) < total
    for path in written:
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
    recorded = json.loads((out / ".dpia-batch.json").read_text(encoding="utf-8"))["items"]
    assert sorted(recorded) == [path.stem for path in written], "every finished file is recorded, no other"

    # The rerun, in this process: what the interrupted run recorded is the point, not how work is shared.
    resumed = invoke_dpia("batch", answers, "-o", out, "--jobs", "1", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    statuses = pd.read_csv(out / "summary.csv")["status"].value_counts()
    assert statuses["unchanged"] == len(written) and statuses["written"] == total - len(written)
