"""Batch throughput and memory, every figure measured in one run on the same machine.

    python bench/batch_throughput.py [--files 500] [--process-files 30] [--memory]

Generates N answer files from samples/ (names varied so that no two are equal), then reports
documents per second for:

- `dpia batch --jobs 1` and `--jobs 2` (whole command, start-up included);
- a naive loop: one process, a fresh docxtpl.DocxTemplate per file, rendered and saved;
- one `dpia build` process per file (on --process-files of them);
- the floor: writing each document's zip, nothing else.

With --memory it also runs `dpia batch --jobs 2` over 100 and 2,000 files and compares their peak
resident memory (largest process, parent or worker). Machines here are noisy: read the ratios.
"""

from __future__ import annotations

import argparse
import io
import itertools
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "samples").glob("*.yaml"))


def generate(folder: Path, count: int) -> list[Path]:
    """`count` answer files cycling through the samples, each with its own processing name."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = [(sample.stem, sample.read_text(encoding="utf-8")) for sample in SAMPLES]
    paths = []
    for index, (stem, text) in zip(range(count), itertools.cycle(texts), strict=False):
        marker = "\n  name: "
        varied = text.replace(marker, f"{marker}N{index:05} ", 1)
        path = folder / f"{index:05}-{stem}.yaml"
        path.write_text(varied, encoding="utf-8")
        paths.append(path)
    return paths


def timed_command(args: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(args, check=False, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(args[2:5])} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return elapsed


def batch_rate(files: list[Path], folder: Path, jobs: int, out: Path) -> float:
    elapsed = timed_command([sys.executable, "-m", "dpia", "batch", str(folder), "-o", str(out), "--jobs", str(jobs)])
    return len(files) / elapsed


def naive_rate(files: list[Path]) -> float:
    """What a script written without care would do: a fresh DocxTemplate for every document."""
    from docxtpl import DocxTemplate

    from dpia.pipeline import assess_file
    from dpia.report.build import provenance
    from dpia.report.context import build_context, template_variables
    from dpia.resources import default_template

    template = default_template("fr")
    started = time.perf_counter()
    for path in files:
        assessed = assess_file(path, "fr")
        loaded, findings = assessed.loaded, assessed.findings
        context = build_context(loaded.assessment, findings, provenance(loaded, findings, template), "fr")
        document = DocxTemplate(template)
        document.render(template_variables(context), autoescape=True)
        document.save(io.BytesIO())
    return len(files) / (time.perf_counter() - started)


def process_per_file_rate(files: list[Path], out: Path) -> float:
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for path in files:
        timed_command([sys.executable, "-m", "dpia", "build", str(path), "-o", str(out / f"{path.stem}.docx")])
    return len(files) / (time.perf_counter() - started)


def zip_floor_seconds(documents: list[Path]) -> float:
    """Seconds per document just to write its zip (entries deflated as dpia writes them)."""
    contents = []
    for document in documents:
        with zipfile.ZipFile(document) as archive:
            contents.append([(info, archive.read(info.filename)) for info in archive.infolist()])
    started = time.perf_counter()
    for entries in contents:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for info, data in entries:
                archive.writestr(info, data)
    return (time.perf_counter() - started) / len(contents)


def peak_rss_mb(folder: Path, out: Path) -> float:
    """Peak RSS of the largest process of `dpia batch --jobs 2`, measured from a fresh parent."""
    probe = (
        "import resource, subprocess, sys;"
        f"subprocess.run([sys.executable, '-m', 'dpia', 'batch', {str(folder)!r}, '-o', {str(out)!r}, '--jobs', '2'],"
        " capture_output=True);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return int(result.stdout.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--process-files", type=int, default=30)
    parser.add_argument("--memory", action="store_true", help="also compare peak memory for 100 and 2,000 files")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        files = generate(root / "answers", args.files)
        print(f"{len(files)} answer files generated from {len(SAMPLES)} samples")

        jobs1 = batch_rate(files, root / "answers", 1, root / "out1")
        jobs2 = batch_rate(files, root / "answers", 2, root / "out2")
        naive = naive_rate(files)
        per_process = process_per_file_rate(files[: args.process_files], root / "out-process")
        floor = zip_floor_seconds(sorted((root / "out2").glob("*.docx")))

        print(f"dpia batch --jobs 1        {jobs1:7.1f} docs/s")
        print(f"dpia batch --jobs 2        {jobs2:7.1f} docs/s")
        print(f"naive loop (fresh template){naive:7.1f} docs/s")
        print(f"one dpia build per file    {per_process:7.1f} docs/s  ({args.process_files} files)")
        print(f"zip-writing floor          {1 / floor:7.1f} docs/s  ({floor * 1000:.1f} ms/doc)")
        print(f"batch --jobs 2 / naive loop: {jobs2 / naive:.1f}x  (target >= 4x)")
        per_doc = 1 / jobs2
        print(f"batch --jobs 2 per doc / zip floor: {per_doc / floor:.1f}x  (target <= 3x)")

        if args.memory:
            small = generate(root / "m100", 100)
            large = generate(root / "m2000", 2000)
            small_mb = peak_rss_mb(root / "m100", root / "mout100")
            large_mb = peak_rss_mb(root / "m2000", root / "mout2000")
            print(f"peak RSS: {len(small)} files {small_mb:.0f} MB, {len(large)} files {large_mb:.0f} MB")
            print(f"peak RSS 2,000 / 100: {large_mb / small_mb:.2f}x  (target <= 1.5x)")


if __name__ == "__main__":
    main()
