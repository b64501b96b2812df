"""What a batch run will do: which answer files, and where each one's outputs go.

Pure path arithmetic, no rendering: output names derive from input names, stay unique when two
folders hold files of the same name, and can never leave the output folder.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from dpia.errors import InputError, Problem
from dpia.pipeline import FORMATS

ANSWER_SUFFIXES = (".yaml", ".yml", ".json")


_UNSAFE = re.compile(r"[^\w.-]+", re.UNICODE)
MAX_STEM_BYTES = 160
# Names a batch writes beside the items' outputs: a folder may not take one of their endings.
_RUN_FILE_SUFFIXES = (".csv", ".xlsx", ".png", ".json", ".journal", ".lock")


@dataclass(frozen=True)
class Item:
    """One answer file and the stem (relative to OUTDIR, '/'-separated) its outputs are named after."""

    source: Path
    stem: str

    def output(self, outdir: Path, fmt: str) -> Path:
        return outdir.joinpath(*PurePosixPath(self.stem).parts).with_name(
            PurePosixPath(self.stem).name + FORMATS[fmt].suffix
        )


def _safe_part(part: str) -> str:
    """One path component, reduced to characters every file system takes; never '.' or '..'."""
    # No leading dash either: an output name must never read as an option to the next tool.
    cleaned = _UNSAFE.sub("_", unicodedata.normalize("NFC", part)).strip("._").lstrip("-._") or "answers"
    # Bytes, not characters, are what file systems limit (255 a name): room is left for a `-N`
    # suffix, the longest format suffix and the temporary name a write adds.
    return cleaned.encode("utf-8")[:MAX_STEM_BYTES].decode("utf-8", "ignore")


def _safe_folder(part: str) -> str:
    """A folder component that no output file can be named: it never ends like one.

    Outputs are `STEM` + a format suffix, so a folder `a.docx` (or `a.score.json`) beside an
    answer file `a.yaml` would need the same name as `a.docx`; `_` is appended to such folders.
    """
    cleaned = _safe_part(part)
    endings = (*(fmt.suffix for fmt in FORMATS.values()), *_RUN_FILE_SUFFIXES)
    return cleaned + "_" if cleaned.casefold().endswith(endings) else cleaned


def _stem_for(relative: PurePosixPath) -> str:
    parts = [_safe_folder(part) for part in relative.parts[:-1]]
    return "/".join([*parts, _safe_part(relative.stem)])


def _answer_files(folder: Path) -> list[Path]:
    """The answer files under `folder`, sorted; hidden ones and links leading out of it left aside.

    Hidden files and folders (a name starting with '.') are an editor's or a tool's, not answers.
    Symbolic links are not followed out of the folder: a link to `/etc` or to another user's
    files does not become an input. A sub-folder that cannot be read is an error, not a silent gap
    in the portfolio.
    """
    root = folder.resolve()
    unreadable: list[Problem] = []
    found: list[Path] = []

    def refused(error: OSError) -> None:
        reason = f"cannot be read ({error.strerror or type(error).__name__}); make it readable, or name other inputs"
        unreadable.append(Problem(file=str(error.filename), message=reason))

    for current, folders, files in os.walk(folder, onerror=refused):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in files:
            path = Path(current, name)
            if name.startswith(".") or path.suffix.lower() not in ANSWER_SUFFIXES:
                continue
            if path.is_symlink() and not inside(root, path):
                continue
            if path.is_file():
                found.append(path)
    if unreadable:
        raise InputError(unreadable)
    return sorted(found)


def discover(inputs: list[Path], exclude: Path | None = None) -> list[Item]:
    """The answer files named or found (recursively) in `inputs`, each with a unique output stem.

    A file found in a folder keeps its sub-folders in its stem (`region/a.yaml` -> `region/a`);
    a file named on the command line keeps its name. Stems that would still collide get `-2`,
    `-3`... in input order, so the same inputs always give the same names. Files under `exclude`
    (the output folder) are never inputs: a run's own JSON outputs are not answer files.
    """
    found: list[tuple[Path, PurePosixPath]] = []
    missing: list[str] = []
    for given in inputs:
        if given.is_dir() and exclude is not None and inside(exclude, given):
            raise InputError.single(
                str(given),
                f"is inside the output folder {exclude}; keep answer files and outputs apart (another -o, or move them)",
            )
        if given.is_dir():
            files = _answer_files(given)
            found.extend(
                (path, PurePosixPath(path.relative_to(given).as_posix()))
                for path in files
                if exclude is None or not inside(exclude, path)
            )
        elif given.is_file():
            found.append((given, PurePosixPath(given.name)))
        else:
            missing.append(str(given))
    if missing:
        raise InputError.single(", ".join(missing), "no such file or folder")

    items: list[Item] = []
    taken: set[str] = set()
    seen_sources: set[Path] = set()
    for source, relative in found:
        resolved = source.resolve()
        if resolved in seen_sources:
            continue
        seen_sources.add(resolved)
        stem = base = _stem_for(relative)
        counter = 2
        while stem.casefold() in taken:
            stem = f"{base}-{counter}"
            counter += 1
        taken.add(stem.casefold())
        items.append(Item(source=source, stem=stem))
    return items


def inside(outdir: Path, path: Path) -> bool:
    """True when `path` lies within `outdir` once both are resolved (symlinks included)."""
    try:
        path.resolve().relative_to(outdir.resolve())
    except ValueError:
        return False
    return True
