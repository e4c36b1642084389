"""Every input that once broke the generator, kept and run again (issue 6).

``tests/regressions/<case>/`` holds ``spec/`` (the pages, as found or reduced)
and ``case.json``:

    what        what went wrong
    found_by    the test (fuzz target, injection test) or person that found it
    fixed_in    where it was fixed (null while it is open)
    dialect     the dialect to read the spec in
    expect      "ok" (valid code), "diagnostics" (errors with a location),
                or "any" (either; the case is about time or crashes)
    codes       diagnostic codes that must be among the errors
    max_seconds the time the case must finish in (default 30)
    import      also import the package in a fresh interpreter, under the audit
                hook, and round-trip example payloads of every model
    mypy        also run mypy --strict on it
    cli         also run `mdcodegen generate` on it: no traceback, documented exit
    xfail       set while the bug is open: the case is a strict xfail

Add a case: copy the saved input a fuzz failure names (``fuzz-failure-*/spec``)
here, reduce it, write ``case.json``.  Keep cases small: the folder's size is
checked below.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.config import Settings
from generator.ir_json import spec_to_json
from generator.pipeline import build_ir
from tests.conftest import run_cli
from tests.tools.codecheck import probe
from tests.tools.fuzzrun import run_case
from tests.tools.ir_oracle import Schema, first_difference, normalise

HERE = Path(__file__).parent / "regressions"
CASES = sorted(p.name for p in HERE.iterdir() if (p / "case.json").is_file())
MAX_FOLDER_BYTES = 1_000_000


def load(name: str) -> tuple[dict[str, Any], dict[str, bytes]]:
    meta = json.loads((HERE / name / "case.json").read_text(encoding="utf-8"))
    spec = HERE / name / "spec"
    pages = {p.relative_to(spec).as_posix(): p.read_bytes() for p in sorted(spec.rglob("*")) if p.is_file()}
    return meta, pages


def _params() -> list[Any]:
    out = []
    for name in CASES:
        meta, _ = load(name)
        marks = [pytest.mark.xfail(strict=True, reason=meta["xfail"])] if meta.get("xfail") else []
        out.append(pytest.param(name, marks=marks, id=name))
    return out


@pytest.mark.parametrize("name", _params())
def test_regression(name: str, tmp_path: Path) -> None:
    meta, pages = load(name)
    dialect = meta.get("dialect", "auto")
    seconds = float(meta.get("max_seconds", 30))
    if meta.get("cli"):
        _cli(tmp_path, name)
    outcome = run_case(pages, dialect=dialect, black=True, seconds=seconds, save_to=tmp_path)
    assert outcome.seconds < seconds
    expect = meta.get("expect", "any")
    if expect != "any":
        assert outcome.kind == expect, outcome.errors[:5]
    for code in meta.get("codes", []):
        assert any(f"[{code}]" in e for e in outcome.errors), (code, outcome.errors[:5])
    if meta.get("import") or meta.get("mypy"):
        out = tmp_path / "out"
        for rel, text in outcome.files.items():
            path = out / "fuzzpkg" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if meta.get("import"):
        _round_trip(tmp_path, out, dialect)
    if meta.get("mypy"):
        proc = subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--no-incremental",
             "--cache-dir", str(tmp_path / "mypy"), "-p", "fuzzpkg"],
            cwd=out, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stdout[-3000:]


def _cli(tmp_path: Path, name: str) -> None:
    out = tmp_path / "cli-out"
    proc = run_cli("generate", str(HERE / name / "spec"), "-o", str(out), "--package", "p", "--no-cache", cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode in (0, 3)


def _round_trip(tmp_path: Path, out: Path, dialect: str) -> None:
    spec = tmp_path / "spec"
    result = build_ir(Settings(spec=str(spec), output=str(out), package="fuzzpkg", dialect=dialect))
    doc = spec_to_json(result.models, result.dialect.name)
    doc["settings"] = {"open_enums": False, "keep_unknown": False, "package": "fuzzpkg"}
    schema = Schema(doc)
    payloads = {name: [v for _, v in schema.examples_of(name)] for name in schema.models}
    report = probe(out, "fuzzpkg", payloads)
    assert report["events"] == [] and report["new_modules"] == [], report
    for name, results in report["results"].items():
        for value, (status, encoded) in zip(payloads[name], results):
            assert status == "ok", (name, value, encoded)
            assert first_difference(normalise(value), normalise(encoded)) is None, (name, value, encoded)


@pytest.fixture(autouse=True)
def _spec_copy(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """A copy of the case's spec at tmp_path/spec (build_ir for the payloads)."""
    name = request.node.callspec.params.get("name") if hasattr(request.node, "callspec") else None
    if name:
        import shutil

        shutil.copytree(HERE / name / "spec", tmp_path / "spec")


def test_the_folder_stays_small() -> None:
    size = sum(p.stat().st_size for p in HERE.rglob("*") if p.is_file())
    assert size < MAX_FOLDER_BYTES, f"tests/regressions holds {size} bytes; reduce the new case"
    for name in CASES:
        meta, _ = load(name)
        assert meta.get("what") and meta.get("found_by") and "expect" in meta, name
        assert meta.get("fixed_in") or meta.get("xfail"), f"{name}: fixed_in or xfail"
