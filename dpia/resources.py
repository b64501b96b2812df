"""Where the data folders (templates/, questionnaires/) are, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dpia.labels import Lang

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder `name`: inside the installed package, else at the top of the source tree."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def templates_dir() -> Path:
    return data_dir("templates")


def questionnaires_dir() -> Path:
    return data_dir("questionnaires")


def default_template(lang: Lang) -> Path:
    """The Word template shipped for `lang`."""
    return templates_dir() / f"dpia-{lang}.docx"
