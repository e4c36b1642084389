"""Running one fuzz case through the generator, and judging the outcome.

The only acceptable outcomes (issue 6):

* success: every generated file compiles, and passes ``codecheck`` (the AST
  whitelist); on a sample, black formats it and it still compiles;
* diagnostics: at least one error, and every diagnostic names a page of the
  spec (or the spec folder) with a line and column >= 1.

Anything else -- an exception, a case that outlives its time budget -- is a
:class:`Failure` carrying the input, saved under ``MDCODEGEN_FUZZ_SAVE`` (or
pytest's temporary folder) so that it can become a regression case
(``tests/regressions/``).

Budgets: ``MDCODEGEN_FUZZ_SCALE`` multiplies the number of cases every fuzz
test runs (1 in CI; e.g. 50 for a long campaign, see README "Fuzzing").
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import tempfile
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.config import Settings
from generator.emit.format import black_format
from generator.pipeline import build_ir, format_package, render_package
from tests.tools.codecheck import package_problems

SCALE = float(os.environ.get("MDCODEGEN_FUZZ_SCALE", "1"))
CASE_SECONDS = float(os.environ.get("MDCODEGEN_FUZZ_CASE_SECONDS", "30"))


# black takes minutes on multi-megabyte modules (a page of 4,000 fields with
# 130-character names: 150 s); that cost is the scale tests' subject
# (tests/test_scale.py), not the fuzzers', so big cases are checked unformatted.
BLACK_MAX_CHARS = 400_000


def budget(ci_cases: int) -> int:
    return max(1, int(ci_cases * SCALE))


class TookTooLong(BaseException):
    """Raised by the alarm; a BaseException so that no `except Exception` in
    the code under test swallows it."""


@contextlib.contextmanager
def alarm(seconds: float) -> Iterator[None]:
    def fire(signum: int, frame: Any) -> None:
        raise TookTooLong(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@dataclass
class Outcome:
    kind: str  # ok | diagnostics
    seconds: float
    files: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    models: list[Any] = field(default_factory=list)


class Failure(AssertionError):
    pass


def save(pages: dict[str, bytes], what: str, where: Path | None = None) -> Path:
    base = Path(os.environ.get("MDCODEGEN_FUZZ_SAVE", "") or (where or tempfile.gettempdir()))
    key = hashlib.sha256(repr(sorted(pages.items())).encode()).hexdigest()[:12]
    case = base / f"fuzz-failure-{key}"
    for rel, data in pages.items():
        path = case / "spec" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (case / "WHAT.txt").write_text(what, encoding="utf-8")
    return case


def write_pages(root: Path, pages: dict[str, bytes]) -> None:
    for rel, data in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def run_case(
    pages: dict[str, bytes],
    *,
    dialect: str = "auto",
    black: bool = False,
    seconds: float | None = None,
    save_to: Path | None = None,
) -> Outcome:
    """Generate ``pages`` in process (nothing is written but the spec itself)."""
    tmp = Path(tempfile.mkdtemp(prefix="mdcodegen-fuzz-"))
    spec = tmp / "spec"
    try:
        write_pages(spec, pages)
        t0 = time.perf_counter()
        try:
            with alarm(seconds or CASE_SECONDS):
                outcome = _generate(spec, dialect, black, _width(pages))
        except BaseException as exc:  # noqa: BLE001 - every escape is the finding
            if isinstance(exc, KeyboardInterrupt):
                raise
            if isinstance(exc, Failure):
                what = str(exc)
            else:
                what = "".join(traceback.format_exception(exc)[-12:])
            case = save(pages, f"dialect={dialect}\n{what}", save_to)
            raise Failure(f"{type(exc).__name__}: {str(exc)[:2000]} (input saved in {case})\n{what[-3000:]}") from None
        outcome.seconds = time.perf_counter() - t0
        return outcome
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _width(pages: dict[str, bytes]) -> int:
    """The line length a case generates at: mostly black's default, sometimes
    another (the layout and is_final follow the setting), fixed per input."""
    key = hashlib.sha256(repr(sorted(pages.items())).encode()).digest()[0]
    return (88, 88, 88, 79, 100, 120)[key % 6]


def _generate(spec: Path, dialect: str, black: bool, width: int = 88) -> Outcome:
    settings = Settings(
        spec=str(spec), output=str(spec.parent / "out"), package="fuzzpkg", dialect=dialect, jobs=1, line_length=width
    )
    result = build_ir(settings)
    reporter = result.reporter
    root = os.path.abspath(str(spec))
    bad = []
    for d in reporter.items:
        inside = d.path == root or d.path.startswith(root + os.sep)
        if not inside or d.line < 1 or d.col < 1:
            bad.append(d.render())
    if bad:
        raise Failure("diagnostics without a location in the spec: " + "; ".join(bad[:5]))
    if reporter.has_errors:
        return Outcome("diagnostics", 0.0, errors=[d.render() for d in reporter.errors], models=result.models)
    files = render_package(result.models, settings, "spec")
    # A package with no model is formatted whatever the flag: black once refused it.
    if (black or not result.models) and sum(map(len, files.values())) < BLACK_MAX_CHARS:
        files = format_package(files, settings)
        # format_package skips black where emit.format.is_final says black would
        # change nothing: black itself must agree, on every module.
        unclean = [rel for rel, text in files.items() if rel.endswith(".py") and black_format(text, width) != text]
        if unclean:
            raise Failure("not black-clean after formatting (is_final was wrong?): " + ", ".join(unclean[:5]))
    problems = package_problems(files)
    if problems:
        raise Failure("generated code outside the whitelist:\n" + "\n".join(problems[:10]))
    return Outcome("ok", 0.0, files=files, models=result.models)


def encode_pages(pages: dict[str, str]) -> dict[str, bytes]:
    return {rel: text.encode("utf-8", "surrogatepass") for rel, text in pages.items()}
