"""Time the reader over a ~2,000-word Arabic report, next to baselines of the same run.

    python bench/reader_speed.py [--runs 50] [--words 2000]

The report is built from real paragraphs: the seed report and the sentences of
the development set, repeated until it reaches the number of words. Each run
reads it whole; the baselines are ``core.text.fold`` over the same text (what
the search does to every report) and one regular-expression pass over it.
Target: median under 50 ms.
"""

import argparse
import json
import re
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.text import fold  # noqa: E402
from reader.engine import read  # noqa: E402

SHARED = Path("/work/shared")
if not SHARED.exists():  # CI lays shared/ beside the clone
    SHARED = ROOT.parent / "shared"


def report_text(words: int) -> str:
    paragraphs = (SHARED / "seed" / "deir-ez-zor-article.ar.txt").read_text().splitlines()
    with (SHARED / "data" / "reader" / "dev-ar.jsonl").open(encoding="utf-8") as handle:
        paragraphs += [json.loads(line)["text"] for line in handle]
    chosen: list[str] = []
    while sum(len(p.split()) for p in chosen) < words:
        chosen.append(paragraphs[len(chosen) % len(paragraphs)])
    return "\n".join(chosen)


def timed(function, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def summary(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--words", type=int, default=2000)
    args = parser.parse_args()
    text = report_text(args.words)
    published = date(2023, 5, 12)
    read(text, published_on=published)  # warm the caches a long-running worker keeps
    word_pattern = re.compile(r"\w+")
    rows = [
        ("read()", timed(lambda: read(text, published_on=published), args.runs)),
        ("baseline: fold()", timed(lambda: fold(text), args.runs)),
        ("baseline: one regex pass", timed(lambda: word_pattern.findall(text), args.runs)),
    ]
    reading = read(text, published_on=published)
    print(
        f"report: {len(text.split())} words, {len(text)} characters; "
        f"{len(reading.figures)} figures, {len(reading.dates)} dates; {args.runs} runs"
    )
    print(f"{'':26} {'median ms':>10} {'p95 ms':>10}")
    for name, times in rows:
        median, p95 = summary(times)
        print(f"{name:26} {median:10.2f} {p95:10.2f}")
    median = summary(rows[0][1])[0]
    print(f"target: median < 50 ms: {'met' if median < 50 else 'NOT met'}")


if __name__ == "__main__":
    main()
