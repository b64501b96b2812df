"""Median time to build one Word DPIA in-process: load the answers, score, fill the template.

    python bench/build_one.py [ANSWERS.yaml] [--runs N] [--lang fr|en]

The template is loaded and compiled once, as `dpia batch` does per worker; the first build, which
pays for compiling it, is reported apart. Output bytes are discarded.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("answers", nargs="?", type=Path, default=REPO / "samples" / "doctolib-aws-2021.yaml")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--lang", choices=("fr", "en"), default="fr")
    args = parser.parse_args()

    from dpia.pipeline import Pipeline

    pipeline = Pipeline(args.lang, ("docx",))
    started = time.perf_counter()
    pipeline.prepare()
    load_template = time.perf_counter() - started

    def one() -> float:
        started = time.perf_counter()
        pipeline.outputs(pipeline.assess(args.answers))
        return time.perf_counter() - started

    first = one()
    times = [one() for _ in range(args.runs)]
    print(f"answers: {args.answers.name}, lang {args.lang}, {args.runs} runs")
    print(f"imports, template load and check: {load_template * 1000:.0f} ms; first build: {first * 1000:.0f} ms")
    print(
        f"median build: {statistics.median(times) * 1000:.0f} ms (min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})"
    )


if __name__ == "__main__":
    main()
