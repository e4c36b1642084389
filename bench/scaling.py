"""Does generation time and memory grow linearly with the number of pages?

    .venv-bench/bin/python bench/scaling.py [--sizes 1000,2500,5000,10000] [--runs N]

For each size, bench/synth_corpus.py writes a corpus (same seed), then
``mdcodegen generate DIR -o TMP --package synth_models --no-cache -q`` runs in a
fresh process; wall and CPU seconds and the peak RSS of that process (children
included, from wait4) are recorded.  Reported per size: the figures, time per
page and memory per page, and a least-squares line through (pages, seconds) with
its R²; per-page time staying flat from the smallest to the largest size is what
linear growth looks like.  Figures go to bench/results/scaling.json.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

import _common as c
import synth_corpus
from generation import count_output, mdcodegen, run

PACKAGE = "synth_models"


def fit(xs: list[float], ys: list[float]) -> dict[str, float]:
    """Least squares y = a + b x, with R²."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    b = sxy / sxx if sxx else 0.0
    a = my - b * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - (a + b * x)) ** 2 for x, y in zip(xs, ys))
    return {"intercept": a, "slope": b, "r2": 1 - ss_res / ss_tot if ss_tot else 1.0}


def measure(n: int, work: Path, runs: int, seed: int) -> dict[str, Any]:
    spec = work / f"corpus-{n}"
    pages = synth_corpus.write(n, spec, seed)
    results = []
    for i in range(runs):
        out = work / f"out-{n}-{i}"
        results.append(run(mdcodegen("generate", str(spec), "-o", str(out), "--package",
                                     PACKAGE, "--no-cache", "-q")))
    counts = count_output(out / PACKAGE)
    wall = statistics.median(r["wall_s"] for r in results)
    cpu = statistics.median(r["cpu_s"] for r in results)
    rss = max(r["maxrss_mib"] for r in results)
    shutil.rmtree(spec)
    for i in range(runs):
        shutil.rmtree(work / f"out-{n}-{i}", ignore_errors=True)
    return {
        "pages": len(pages),
        "fields": sum(len(p.fields) for p in pages),
        "wall_s": wall,
        "wall_s_all": [r["wall_s"] for r in results],
        "cpu_s": cpu,
        "peak_rss_mib": rss,
        "ms_per_page": 1000 * wall / len(pages),
        "cpu_ms_per_page": 1000 * cpu / len(pages),
        "kib_per_page": 1024 * rss / len(pages),
        **counts,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Generation time and memory against corpus size.")
    ap.add_argument("--sizes", default="1000,2500,5000,10000",
                    help="comma-separated page counts (default 1000,2500,5000,10000)")
    ap.add_argument("--runs", type=int, default=1, help="runs per size (median)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]

    work = Path(tempfile.mkdtemp(prefix="mdcodegen-scaling-"))
    rows = []
    try:
        for n in sizes:
            print(f"  {n} pages ...", file=sys.stderr)
            rows.append(measure(n, work, args.runs, args.seed))
            r = rows[-1]
            print(f"  {n} pages: {r['wall_s']:.1f} s, {r['peak_rss_mib']:.0f} MiB",
                  file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    time_fit = fit([r["pages"] for r in rows], [r["wall_s"] for r in rows])
    cpu_fit = fit([r["pages"] for r in rows], [r["cpu_s"] for r in rows])
    rss_fit = fit([r["pages"] for r in rows], [r["peak_rss_mib"] for r in rows])
    base = rows[0]
    table_rows = [
        [f"{r['pages']:,}", f"{r['fields']:,}", f"{r['wall_s']:.1f}", f"{r['cpu_s']:.1f}",
         f"{r['ms_per_page']:.2f}", f"{r['ms_per_page'] / base['ms_per_page']:.2f}",
         f"{r['cpu_ms_per_page']:.2f}",
         f"{r['peak_rss_mib']:.0f}", f"{r['kib_per_page']:.0f}", f"{r['lines']:,}"]
        for r in rows
    ]
    print()
    print(c.table(["pages", "fields", "wall s", "cpu s", "ms/page", "vs smallest", "cpu ms/page",
                   "peak MiB", "KiB/page", "lines out"], table_rows))
    print(f"\ntime: {time_fit['slope'] * 1000:.2f} ms per page + {time_fit['intercept']:.2f} s,"
          f" R² {time_fit['r2']:.4f}")
    print(f"cpu:  {cpu_fit['slope'] * 1000:.2f} ms per page + {cpu_fit['intercept']:.2f} s,"
          f" R² {cpu_fit['r2']:.4f}  (steadier than wall on a shared machine)")
    print(f"peak RSS: {rss_fit['slope'] * 1024:.0f} KiB per page + "
          f"{rss_fit['intercept']:.0f} MiB, R² {rss_fit['r2']:.4f}")
    res = {"benchmark": "scaling", "machine": c.machine(), "seed": args.seed,
           "runs_per_size": args.runs, "sizes": rows,
           "fit_wall_s": time_fit, "fit_cpu_s": cpu_fit, "fit_peak_rss_mib": rss_fit}
    path = c.write_results("scaling.json", res)
    print(f"figures written to {path.relative_to(c.ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
