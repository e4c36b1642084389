"""black, in process, on the generated modules that need it.

The templates already write black's layout, so most modules are final as
rendered (``is_final``) and skip black.  The rest cost about half a millisecond
per line, far more than rendering, so a cold run formats them in parallel worker
processes, and the cache (``generator.output.cache``) keeps formatted text keyed
by the digest of what was rendered.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

# black's default line length; the static templates (_runtime, _locate) are laid
# out by hand for it.
BLACK_DEFAULT_WIDTH = 88

# Below this much work the cost of starting workers is more than they save.
PARALLEL_MIN_LINES = 6000
PARALLEL_MIN_MODULES = 60


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods() and sys.platform == "linux"


_T = TypeVar("_T")


def _model_weight(m: Any) -> int:
    return 3 + len(getattr(m, "fields", ()))


def _balanced(items: list[_T], n: int, weight: Callable[[_T], int]) -> list[list[_T]]:
    """``items`` in ``n`` batches of similar total weight, heaviest first."""
    batches: list[list[_T]] = [[] for _ in range(min(n, len(items)))]
    loads = [0] * len(batches)
    for item in sorted(items, key=weight, reverse=True):
        k = loads.index(min(loads))
        batches[k].append(item)
        loads[k] += weight(item)
    return [b for b in batches if b]


@functools.lru_cache(maxsize=4)
def _mode(line_length: int) -> Any:
    from black.mode import Mode, TargetVersion

    return Mode(line_length=line_length, target_versions={TargetVersion.PY310})


# Long lines black leaves as they are: a comment, a statement that is one string
# literal, or one assigned to a name when even wrapped in parentheses on a line
# of its own it would not fit (else black wraps it).  Anything else too long
# goes to black.
_UNSPLITTABLE = re.compile(
    r"""(?P<indent>\s*)(?:#.*|(?P<target>[A-Za-z_][A-Za-z_0-9]* = )?(?P<literal>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"))"""
)


def _unsplittable(line: str, line_length: int) -> bool:
    match = _UNSPLITTABLE.fullmatch(line)
    if match is None:
        return False
    if match["target"]:
        return len(match["indent"]) + 4 + len(match["literal"]) > line_length
    return True


def is_final(src: str, line_length: int = BLACK_DEFAULT_WIDTH) -> bool:
    """Whether black would leave ``src`` as it is, decided without black.

    The templates and ``emit.layout`` write black's layout themselves; what they
    cannot lay out they leave on one long line.  So a module is final when no
    line is too long except the kinds black does not split either: comments,
    single string literals, and lines inside multi-line strings (docstrings).
    black costs about 0.3 ms per line, nearly all of a cold run, and most
    modules skip it.  The fuzz tests and tests/test_corpus.py check that black
    agrees wherever this says final.
    """
    rest = [
        i
        for i, line in enumerate(src.split("\n"))
        if len(line) > line_length and not _unsplittable(line, line_length)
    ]
    if not rest:
        return True
    inside = _inside_multiline_strings(src)
    return inside is not None and all(i + 1 in inside for i in rest)


def _inside_multiline_strings(src: str) -> set[int] | None:
    """Line numbers (1-based) that a multi-line string literal starting a line
    covers, or None when ``src`` does not tokenize."""
    import io
    import tokenize

    covered: set[int] = set()
    try:
        for tok in tokenize.generate_tokens(io.StringIO(src).readline):
            multiline = tok.type == tokenize.STRING and tok.start[0] < tok.end[0]
            if multiline and not tok.line[: tok.start[1]].strip():
                covered.update(range(tok.start[0], tok.end[0] + 1))
    except (tokenize.TokenError, SyntaxError):
        return None
    return covered


def format_source(src: str, line_length: int = BLACK_DEFAULT_WIDTH) -> str:
    if is_final(src, line_length):
        return src
    return black_format(src, line_length)


def black_format(src: str, line_length: int = BLACK_DEFAULT_WIDTH) -> str:
    import black
    from black.report import NothingChanged

    try:
        # fast=True skips black's AST comparison: the templates' output is checked
        # for equivalence and stability by the test suite instead.
        return black.format_file_contents(src, fast=True, mode=_mode(line_length))
    except NothingChanged:
        return src


def _black_batch(args: tuple[list[str], int]) -> list[str]:
    sources, line_length = args
    return [black_format(s, line_length) for s in sources]


def _warm() -> None:
    import black  # noqa: F401  (a worker pays black's import while the pages are read)


def _exit_with(parent: int) -> None:
    """Worker initializer: end when the run that started us is gone.  A worker
    otherwise outlives a `kill -9` of its parent for ever, blocked on a pipe
    nobody will close; a thread polling the parent id works on every platform
    (Linux's PR_SET_PDEATHSIG is tied to the forking thread, not the process)."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=watch, name="mdcodegen-parent-watch", daemon=True).start()


def _pool(workers: int, ctx: Any = None) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=ctx,
        initializer=_exit_with,
        initargs=(os.getpid(),),
    )


# What forked workers render from: set before the pool starts, inherited by
# the children (fork), so the models are never pickled.
_JOB: tuple[dict[str, Any], Any, int] | None = None


def _render_batch(pages: list[str]) -> list[tuple[str, str, list[str]]]:
    from .render import render
    from .views import view_for

    assert _JOB is not None
    by_page, opts, line_length = _JOB
    out = []
    for page in pages:
        template, context, deps = view_for(by_page[page], by_page, opts)
        out.append(
            (page, format_source(render(template, context), line_length), sorted(deps))
        )
    return out


class Formatter:
    """Formatting (and rendering) worker processes, used only when there is
    enough work.  Where the platform can fork, workers render the modules too,
    from the models they inherit; elsewhere the main process renders and the
    workers (spawned early, see ``warm``) format."""

    def __init__(self, jobs: int | None = None) -> None:
        self.workers = jobs if jobs is not None else (os.cpu_count() or 1)
        self.pool: ProcessPoolExecutor | None = None

    def warm(self) -> None:
        """Start spawned workers now, so that their start-up overlaps with reading
        the pages (only where forking is not available)."""
        if self.workers > 1 and self.pool is None and not _can_fork():
            self.pool = _pool(self.workers)
            for _ in range(self.workers):
                self.pool.submit(_warm)

    def render_models(
        self, todo: list[Any], models: list[Any], opts: Any, line_length: int
    ) -> list[tuple[Any, str, list[str]]]:
        """(model, formatted module, pages it depends on) for every model in ``todo``."""
        global _JOB
        from .render import render
        from .views import view_for

        by_page = {m.page: m for m in models}
        if self.workers > 1 and len(todo) >= PARALLEL_MIN_MODULES and _can_fork():
            import multiprocessing

            import black  # noqa: F401  (imported once here, inherited by every worker)

            _JOB = (by_page, opts, line_length)
            try:
                batches = [
                    [m.page for m in b]
                    for b in _balanced(todo, self.workers * 4, _model_weight)
                ]
                ctx = multiprocessing.get_context("fork")
                with _pool(self.workers, ctx) as pool:
                    results = [
                        r for batch in pool.map(_render_batch, batches) for r in batch
                    ]
            finally:
                _JOB = None
            return [(by_page[page], text, deps) for page, text, deps in results]
        rendered = []
        for m in todo:
            template, context, deps = view_for(m, by_page, opts)
            rendered.append((m, render(template, context), sorted(deps)))
        texts = self.format_many([text for _, text, _ in rendered], line_length)
        return [(m, text, deps) for (m, _, deps), text in zip(rendered, texts)]

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None

    def format_many(
        self, sources: list[str], line_length: int = BLACK_DEFAULT_WIDTH
    ) -> list[str]:
        """Format ``sources`` in order; black in parallel when enough of them
        need it (decided on those only: final modules cost nothing)."""
        out = list(sources)
        todo = [i for i, s in enumerate(sources) if not is_final(s, line_length)]
        total_lines = sum(sources[i].count("\n") for i in todo)
        if self.workers <= 1 or total_lines < PARALLEL_MIN_LINES or len(todo) < 2:
            for i in todo:
                out[i] = black_format(sources[i], line_length)
            return out
        if self.pool is None:
            # warm() starts workers early only where it cannot fork; a single big
            # page reaches here on any platform.
            self.pool = _pool(self.workers)
        batches = _balanced(todo, self.workers * 4, lambda i: len(sources[i]))
        results = self.pool.map(
            _black_batch, [([sources[i] for i in b], line_length) for b in batches]
        )
        for batch, formatted in zip(batches, results):
            for i, text in zip(batch, formatted):
                out[i] = text
        return out


def format_many(
    sources: list[str], line_length: int = BLACK_DEFAULT_WIDTH, jobs: int | None = None
) -> list[str]:
    formatter = Formatter(jobs)
    try:
        return formatter.format_many(sources, line_length)
    finally:
        formatter.close()
