"""The `dpia` command's entry point.

A plain `dpia validate [-q] FILE...`, which editors and pre-commit hooks run on every save, is
answered by dpia.validation without loading the command-line framework (typer), whose import and
set-up cost more than the check itself. Every other command line goes to dpia.cli.
"""

from __future__ import annotations

import os
import sys

from dpia import interrupts


def main() -> None:
    interrupts.watch()
    with interrupts.reported():  # Ctrl-C while starting up or checking: no traceback is due
        try:
            from dpia.validation import check_files, plain_arguments

            plain = plain_arguments(sys.argv[1:])
            if plain is None:
                from dpia.cli import main as cli_main
            else:
                code = check_files(*plain)
        except BrokenPipeError:  # the reader went away (`dpia validate ... | head -1`): exit 1, as dpia.cli does
            _drop_stdout()
            sys.exit(1)
    if plain is None:
        cli_main()
    else:
        sys.exit(code)


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit does not fail on the closed pipe again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
