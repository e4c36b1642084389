"""Helpers every benchmark in bench/ shares: paths, timing, result files.

The benchmarks print figures; they are not tests.  They run on whatever machine
they are started on (the project's is a noisy 2-core VM), so every figure is a
median over repeated samples, and peers are measured in the same run, round-robin,
so that a slow spell of the machine hits every contender alike.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
GENERATED = ROOT / "generated"
SPECS = ROOT / "specs"
CORPUS = ROOT.parent / "shared" / "corpus"


def calibrate(fn: Callable[[], Any], target: float = 0.02) -> int:
    """How many calls of ``fn`` take about ``target`` seconds (at least 1)."""
    number = 1
    while True:
        t = timeit.timeit(fn, number=number)
        if t >= target / 4 or number >= 1 << 20:
            break
        number *= 4
    return max(1, int(number * target / max(t, 1e-9)))


def sample(fn: Callable[[], Any], number: int, keep_gc: bool = False) -> float:
    """Seconds per call of ``fn`` over ``number`` calls.

    As timeit does, the cyclic collector is off while a sample runs (it is run
    once before), unless ``keep_gc``: with it on, every contender also pays for the
    collections its allocations trigger, which is closer to a real program but
    much noisier.
    """
    gc.collect()
    setup = "gc.enable()" if keep_gc else "pass"
    timer = timeit.Timer(fn, setup=setup, globals={"gc": gc})
    return timer.timeit(number) / number


def round_robin(
    cases: dict[str, Callable[[], Any]],
    repeats: int,
    target: float = 0.02,
    keep_gc: bool = False,
) -> dict[str, list[float]]:
    """Time every case ``repeats`` times, interleaved; seconds per call, per case."""
    numbers = {name: calibrate(fn, target) for name, fn in cases.items()}
    out: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(repeats):
        for name, fn in cases.items():
            out[name].append(sample(fn, numbers[name], keep_gc))
    return out


def summary(samples: Sequence[float]) -> dict[str, float]:
    """Median and spread of a list of timings (seconds)."""
    s = sorted(samples)
    q1, _, q3 = statistics.quantiles(s, n=4) if len(s) >= 2 else (s[0], s[0], s[0])
    return {
        "median": statistics.median(s),
        "min": s[0],
        "q1": q1,
        "q3": q3,
        "n": len(s),
    }


def machine() -> dict[str, Any]:
    """What the figures were taken on."""
    info: dict[str, Any] = {
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    try:
        info["git"] = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return info


def write_results(name: str, data: dict[str, Any]) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / name
    path.write_text(json.dumps(data, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return path


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain, aligned text table (first column left, the rest right)."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def line(r: Sequence[str]) -> str:
        parts = [r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:])]
        return "  ".join(parts).rstrip()

    out = [line(cells[0]), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells[1:]]
    return "\n".join(out)


def fmt_us(seconds: float) -> str:
    us = seconds * 1e6
    if us >= 1000:
        return f"{us:,.0f}"
    if us >= 10:
        return f"{us:.1f}"
    return f"{us:.2f}"


def fmt_ratio(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}x"
