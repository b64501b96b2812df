"""Start-up and rerun costs, as ratios measured in one run on the same machine.

    python bench/startup.py [--runs 7] [--files 5]

Prints the median wall time of:

- `python -c pass` (the bare interpreter), `dpia --help` and `dpia validate FILE`, and their
  ratios to the bare interpreter (targets: at most 10x and 15x). Each ratio is the median of the
  ratios of single rounds, a round timing the three commands one after the other: this machine's
  speed drifts by a fifth from one second to the next, and a drift then slows a command and the
  interpreter it is compared with alike;
- a first `dpia batch` over FILES answer files into an empty folder, then a second one over the
  same unchanged files, and the ratio second/first (target: at most 0.5).

Every command runs as a fresh process, as a user's would: the `dpia` command installed beside this
interpreter, or `python -m dpia` where there is none (a checkout not installed), with compiled bytecode
as an installed package has: where PYTHONDONTWRITEBYTECODE is set, the commands write theirs into
a temporary folder (PYTHONPYCACHEPREFIX) instead of recompiling the sources at every run. Machines
here are noisy: read the ratios, each taken from interleaved runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "samples").glob("*.yaml"))


ENV = dict(os.environ)


def timed(args: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(args, capture_output=True, text=True, check=False, env=ENV)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--files", type=int, default=5, help="answer files in the batch (cycling through samples/)")
    args = parser.parse_args()
    bytecode = tempfile.TemporaryDirectory(prefix="dpia-bench-pycache-")
    if ENV.pop("PYTHONDONTWRITEBYTECODE", None) is not None:
        ENV["PYTHONPYCACHEPREFIX"] = bytecode.name
    python = sys.executable
    sample = str(REPO / "samples" / "doctolib-aws-2021.yaml")

    installed = Path(python).with_name("dpia")
    dpia = [str(installed)] if installed.is_file() else [python, "-m", "dpia"]
    commands = {
        "python -c pass": [python, "-c", "pass"],
        "dpia --help": [*dpia, "--help"],
        "dpia validate FILE": [*dpia, "validate", sample],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():
        timed(command)  # warm the file cache and the bytecode
    for _ in range(args.runs):
        for name, command in commands.items():  # interleaved, so drift hits each the same
            times[name].append(timed(command))
    bare = times["python -c pass"]
    print(f"start-up of {' '.join(dpia)}, median of {args.runs} rounds:")
    for name, values in times.items():
        ratio = statistics.median(value / base for value, base in zip(values, bare, strict=True))
        print(f"  {name:<22} {statistics.median(values) * 1000:7.0f} ms  {ratio:5.1f}x the bare interpreter")

    firsts, seconds = [], []
    with tempfile.TemporaryDirectory(prefix="dpia-bench-") as work:
        answers = Path(work) / "answers"
        answers.mkdir()
        for index in range(args.files):
            shutil.copy(SAMPLES[index % len(SAMPLES)], answers / f"{index:03}-{SAMPLES[index % len(SAMPLES)].name}")
        for run in range(max(1, args.runs // 2)):
            out = Path(work) / f"out{run}"
            batch = [python, "-m", "dpia", "batch", str(answers), "-o", str(out), "--jobs", "2"]
            firsts.append(timed(batch))
            seconds.append(timed(batch))
    first, second = statistics.median(firsts), statistics.median(seconds)
    print(f"dpia batch over {args.files} files, median of {len(firsts)} pairs:")
    print(f"  first run {first * 1000:.0f} ms, second run (nothing changed) {second * 1000:.0f} ms")
    print(f"  second/first: {second / first:.2f}")


if __name__ == "__main__":
    main()
