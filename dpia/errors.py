"""Errors that point at a place in a user's file."""

from __future__ import annotations

from dataclasses import dataclass

from dpia.printable import printable, storable


@dataclass(frozen=True)
class Problem:
    """One problem in an input file, located as precisely as the file allows."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    path: str = ""

    def __str__(self) -> str:
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        field = f" {self.path}:" if self.path else ""
        # A file name is shown escaped (no terminal control, no undecodable bytes) and the line stays UTF-8.
        return storable(f"{printable(place)}:{field} {self.message}")


class InputError(Exception):
    """Bad user input: every problem found, so the user can fix them all in one go."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems

    @classmethod
    def single(cls, file: str, message: str, line: int | None = None, column: int | None = None) -> InputError:
        return cls([Problem(file=file, message=message, line=line, column=column)])
