"""Maintainer workflow: the cache, the change report, minimal churn across a docs
release, and writes that survive being killed at any moment."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import CORPUS, ROOT, run_cli
from tests.helpers import OPT, REQ, enum_page, link, page, write_spec


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_cached_run_replays_diagnostics_and_does_no_work(tmp_path: Path) -> None:
    spec = write_spec(
        tmp_path / "spec",
        {"models/shared/a.md": page("A", [("at", "[Date](https://ruby-doc.org/Date.html)", REQ, "")])},
    )
    env_args = ("generate", str(spec), "-o", str(tmp_path / "out"), "--package", "p", "-v")
    first = run_cli(*env_args, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    second = run_cli(*env_args, cwd=tmp_path)
    assert second.returncode == 0
    assert "up to date" in second.stderr
    warnings = [line for line in first.stderr.splitlines() if "[W1" in line]
    assert warnings and all(w in second.stderr for w in warnings)  # replayed, not lost
    assert "rendered" not in second.stderr  # no stage ran


def test_change_report(tmp_path: Path) -> None:
    spec = write_spec(
        tmp_path / "spec",
        {
            "models/shared/a.md": page("A", [("x", "*::String*", REQ, ""), ("y", "*::String*", OPT, "")]),
            "models/shared/answer1.md": page("Answer1", [("text", "*::String*", REQ, "")]),
            "models/shared/e.md": enum_page("E", ["ONE", "TWO"]),
        },
    )
    args = ("generate", str(spec), "-o", str(tmp_path / "out"), "--package", "p")
    assert run_cli(*args, cwd=tmp_path).returncode == 0
    write_spec(
        spec,
        {
            "models/shared/a.md": page("A", [("x", "*::Integer*", REQ, ""), ("z", "*::String*", REQ, "")]),
            "models/shared/e.md": enum_page("E", ["ONE", "THREE"]),
        },
    )
    (spec / "models/shared/answer1.md").unlink()
    write_spec(spec, {"models/shared/answer2.md": page("Answer2", [("text", "*::String*", REQ, "")])})
    report = tmp_path / "report.json"
    proc = run_cli(*args, "--report", str(report), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(report.read_text())
    found = {(c["model"], c["what"], c["detail"], c["breaking"]) for c in data["changes"]}
    assert ("A", "changed", "field 'y' removed", True) in found
    assert ("A", "changed", "field 'z' added (str)", True) in found
    assert ("A", "changed", "field 'x': str -> int", True) in found
    assert ("Answer1", "renamed", "now Answer2", True) in found
    assert ("E", "changed", "values removed: ['TWO']", True) in found
    assert ("E", "changed", "values added: ['THREE']", False) in found
    assert data["breaking"] == 5
    assert "BREAKING renamed: Answer1: now Answer2" in proc.stderr


@pytest.mark.xdist_group("releases")
def test_minimal_churn_across_a_docs_release(tmp_path: Path) -> None:
    old, new = CORPUS / "kombo-ruby-1.2.7", CORPUS / "kombo-ruby-1.2.8"
    spec = tmp_path / "spec"
    shutil.copytree(old, spec)
    out = tmp_path / "out"
    args = ("generate", str(spec), "-o", str(out), "--package", "kombo", "-q")
    assert run_cli(*args, cwd=tmp_path).returncode == 0
    before = tree(out / "kombo")
    shutil.rmtree(spec)
    shutil.copytree(new, spec)
    assert run_cli(*args, cwd=tmp_path).returncode == 0
    after = tree(out / "kombo")

    changed_pages = set()
    for path in (old / "models").rglob("*.md"):
        twin = new / path.relative_to(old)
        if not twin.exists() or twin.read_bytes() != path.read_bytes():
            changed_pages.add(str(path.relative_to(old)))
    for path in (new / "models").rglob("*.md"):
        if not (old / path.relative_to(new)).exists():
            changed_pages.add(str(path.relative_to(new)))
    manifest = json.loads((out / "kombo" / ".mdcodegen-manifest.json").read_text())
    old_manifest = json.loads(before[".mdcodegen-manifest.json"])
    module_of = {e["page"]: f"models/{n}" for api in (manifest["api"], old_manifest["api"]) for n, e in api.items()}
    # Module file names come from export names: map through the manifests.
    expected = {".mdcodegen-manifest.json", "__init__.py"}
    for page_path in changed_pages:
        for api in (manifest["api"], old_manifest["api"]):
            for name, entry in api.items():
                if entry["page"] == page_path:
                    expected |= {f for f in set(before) | set(after) if f.startswith("models/") and _module_file(f) == _snake(name)}
    changed = {f for f in set(before) | set(after) if before.get(f) != after.get(f)}
    assert changed == expected, (sorted(changed - expected), sorted(expected - changed))
    assert len(changed_pages) >= 5 and module_of


def _module_file(path: str) -> str:
    return path.rsplit("/", 1)[1][:-3]


def _snake(name: str) -> str:
    from generator.naming import module_name

    return module_name(name)


def _kill_run(args: list[str], delay: float, cwd: Path) -> int:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    return proc.wait()


@pytest.mark.xdist_group("releases")
def test_kill_at_any_moment_leaves_old_or_new(tmp_path: Path) -> None:
    """kill -9 at random points of a run: the package is always the old one or the
    new one, never a mix, and the next run completes."""
    pages = {}
    for i in range(120):
        rows = [(f"f{j}", "*::String*", REQ if j % 2 else OPT, f"Field {j}.") for j in range(8)]
        rows.append(("next", link(f"M{(i + 1) % 120}", f"m{(i + 1) % 120}"), OPT, ""))
        pages[f"models/shared/m{i}.md"] = page(f"M{i}", rows)
    spec = write_spec(tmp_path / "spec", pages)
    out = tmp_path / "out"
    args = ["generate", str(spec), "-o", str(out), "--package", "p", "--no-cache", "-q"]
    assert run_cli(*args, cwd=tmp_path).returncode == 0
    old = tree(out / "p")
    for i in range(0, 120, 3):
        pages[f"models/shared/m{i}.md"] = pages[f"models/shared/m{i}.md"].replace("Field 1.", "Field one.")
    write_spec(spec, pages)
    shadow = tmp_path / "shadow"
    assert run_cli("generate", str(spec), "-o", str(shadow), "--package", "p", "--no-cache", "-q", cwd=tmp_path).returncode == 0
    new = tree(shadow / "p")
    assert new != old
    t0 = time.perf_counter()
    assert run_cli(*args, "--check", cwd=tmp_path).returncode == 1
    duration = max(time.perf_counter() - t0, 1.0)
    rng = random.Random(1234)
    outcomes = set()
    for _ in range(8):
        _kill_run(args, rng.uniform(0.1, duration * 1.2), tmp_path)
        state = tree(out / "p")
        assert state in (old, new), "a killed run left a mix of old and new files"
        outcomes.add("new" if state == new else "old")
        leftovers = [p.name for p in out.iterdir() if p.name != "p"]
        if state == new:
            break
    assert run_cli(*args, cwd=tmp_path).returncode == 0
    assert tree(out / "p") == new
    assert [p.name for p in out.iterdir()] == ["p"], leftovers  # scratch folders cleaned up
    assert outcomes
