"""black, in process, on every generated module.

black costs about half a millisecond per line, far more than rendering, so a cold
run formats in parallel worker processes, and the cache (``generator.output.cache``)
keeps formatted text keyed by the digest of what was rendered.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
# Below this many lines the cost of starting workers (each imports black) is
# more than what they save.
PARALLEL_MIN_LINES = 6000


def _mode(line_length: int) -> object:
    import black

    return black.Mode(
        line_length=line_length,
        target_versions={black.TargetVersion.PY310},
    )


def format_source(src: str, line_length: int = 88) -> str:
    import black

    try:
        # fast=True skips black's AST comparison: the templates' output is checked
        # for equivalence and stability by the test suite instead.
        return black.format_file_contents(src, fast=True, mode=_mode(line_length))  # type: ignore[arg-type]
    except black.NothingChanged:
        return src


def _format_batch(args: tuple[list[str], int]) -> list[str]:
    sources, line_length = args
    return [format_source(s, line_length) for s in sources]


def format_many(sources: list[str], line_length: int = 88, jobs: int | None = None) -> list[str]:
    """Format ``sources`` in order; in parallel when there is enough work."""
    total_lines = sum(s.count("\n") for s in sources)
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers <= 1 or total_lines < PARALLEL_MIN_LINES or len(sources) < 2:
        return [format_source(s, line_length) for s in sources]
    batches = _balanced(sources, workers * 4)
    out: list[str | None] = [None] * len(sources)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = pool.map(_format_batch, [([sources[i] for i in b], line_length) for b in batches])
        for batch, formatted in zip(batches, results):
            for i, text in zip(batch, formatted):
                out[i] = text
    return [t for t in out if t is not None]


def _balanced(sources: list[str], n: int) -> list[list[int]]:
    """Split indices into ``n`` batches of similar line counts (largest first)."""
    order = sorted(range(len(sources)), key=lambda i: -len(sources[i]))
    batches: list[list[int]] = [[] for _ in range(min(n, len(sources)))]
    loads = [0] * len(batches)
    for i in order:
        k = loads.index(min(loads))
        batches[k].append(i)
        loads[k] += len(sources[i])
    return [b for b in batches if b]
