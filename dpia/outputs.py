"""Where a command may write: never onto one of its own inputs."""

from __future__ import annotations

import os
from pathlib import Path

from dpia.errors import InputError


def refuse_inputs_as_output(target: Path, *inputs: Path | None) -> None:
    """InputError when `target` is one of `inputs` (same file, whatever the path that names it)."""
    for given in inputs:
        if given is None:
            continue
        try:
            same = os.path.samefile(target, given)
        except OSError:  # either does not exist (yet): compare the paths themselves
            same = Path(os.path.abspath(target)) == Path(os.path.abspath(given))
        if same:
            raise InputError.single(str(target), f"is the input {given}; choose another output with -o")
