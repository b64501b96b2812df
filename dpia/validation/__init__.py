"""`dpia validate`: check answer files and print every problem, located; nothing else is loaded.

The check needs the model and a YAML parser, not the command-line framework: `dpia.launcher` answers
a plain `dpia validate [-q] FILE...` here directly, and `dpia.cli`'s `validate` command calls the same
function for every other form (help, odd arguments), so both print the same lines and exit alike.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from dpia.errors import InputError
from dpia.printable import printable

EXIT_OK = 0
EXIT_BAD_INPUT = 2
QUIET = ("-q", "--quiet")


def _say(line: str, stream: TextIO | None) -> None:
    """One line, written at once (so that stdout and stderr keep their order when they share a pipe)."""
    if stream is None:  # the command was started with this stream closed (`>&-`): the exit code still says
        return
    try:
        stream.write(line + "\n")
    except UnicodeEncodeError:  # a terminal that cannot show a character gets its escape, not a traceback
        encoding = stream.encoding or "ascii"
        stream.write(line.encode(encoding, "backslashreplace").decode(encoding) + "\n")
    stream.flush()


def build_validator() -> None:
    """Load the answer model and build its validator now, the start-up part of a check.

    The model's validator is otherwise built by the first file's check (the model defers it, so
    that commands which never validate do not pay for it); dpia.launcher builds it while garbage
    collection is off.
    """
    from dpia.answers import Assessment

    Assessment.model_rebuild()


def check_files(files: Sequence[Path], quiet: bool = False) -> int:
    """Validate each file; print « FILE: valid » (unless quiet) or its problems; return the exit code.

    Output that cannot be written (a full disk behind `>`) is one line on stderr and exit code 2, as for
    every command; a reader gone (`| head -1`) is left to the caller, which exits 1 as the shell expects.
    """
    try:
        return _check_and_report(files, quiet)
    except BrokenPipeError:
        raise
    except OSError as error:
        with contextlib.suppress(OSError):  # stderr may be the stream that cannot be written: the code says it
            _say(f"validate: {error.strerror or error}", sys.stderr)
        return EXIT_BAD_INPUT


def _check_and_report(files: Sequence[Path], quiet: bool) -> int:
    from dpia.answers import load

    bad = 0
    for file in files:
        try:
            load(file)
        except InputError as error:
            bad += 1
            for problem in error.problems:
                _say(str(problem), sys.stderr)
            continue
        if not quiet:
            _say(f"{printable(str(file))}: valid", sys.stdout)
    if bad:
        from babel.numbers import format_decimal

        from dpia.validation.words import word

        # The command's messages are in English, as the located problems are.
        _say(word.plural("invalid", bad, "en", total=format_decimal(len(files), locale="en")), sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def plain_arguments(arguments: Sequence[str]) -> tuple[list[Path], bool] | None:
    """The files and the quiet flag of `validate [-q|--quiet] FILE...`, or None for any other form.

    Every other form (help, an unknown option, `--`, an empty name, no file) is left to dpia.cli, whose
    parser gives the same help and usage errors as for every command.
    """
    if not arguments or arguments[0] != "validate":
        return None
    files = [argument for argument in arguments[1:] if argument not in QUIET]
    if not files or any(not argument or argument.startswith("-") for argument in files):
        return None
    return [Path(argument) for argument in files], len(files) < len(arguments) - 1
