"""The real corpus: specs/ generates, generated/ is its exact output, and the
package imports, type-checks under mypy --strict, and is black-clean."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

pytestmark = pytest.mark.xdist_group("corpus")

GENERATED = ROOT / "generated"
PACKAGE = GENERATED / "kombo_models"


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture(scope="session")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """specs/ generated now, into a temporary folder, with the project's config."""
    out = tmp_path_factory.mktemp("fresh")
    proc = run_cli("generate", "-o", str(out), "-q", "--no-cache", cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out / "kombo_models"


def test_generated_is_the_output_of_specs(fresh: Path) -> None:
    expected = tree(fresh)
    committed = tree(PACKAGE)
    missing = sorted(set(expected) - set(committed))
    extra = sorted(set(committed) - set(expected))
    changed = sorted(k for k in expected if k in committed and expected[k] != committed[k])
    assert not (missing or extra or changed), (
        f"generated/ is stale: run `mdcodegen generate` "
        f"(missing {missing[:5]}, extra {extra[:5]}, changed {changed[:5]})"
    )


def test_check_passes_on_the_committed_output() -> None:
    proc = run_cli("generate", "--check", "--no-cache", cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_zero_unknown_notations_and_no_errors_over_specs() -> None:
    proc = run_cli("lint", "--format", "json", cwd=ROOT)
    import json

    items = json.loads(proc.stdout)
    assert proc.returncode == 0
    assert [i for i in items if i["code"] == "E020"] == []
    assert [i for i in items if i["severity"] == "error"] == []


def test_every_documented_model_is_exported() -> None:
    pages = list((ROOT / "specs").rglob("*.md"))
    sys.path.insert(0, str(GENERATED))
    try:
        pkg = importlib.import_module("kombo_models")
        models = [n for n in pkg.__all__ if n not in {"UNSET", "Unset", "DecodeError", "decode", "encode"}]
        assert len(models) == len(pages) > 1000
        for name in models:  # every module imports and binds its type
            value = getattr(pkg, name)
            assert pkg.decode is not None and value is not None
        assert sorted(dir(pkg)) == sorted(pkg.__all__)
    finally:
        sys.path.remove(str(GENERATED))


def test_mypy_strict_on_python_310() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--no-incremental", "kombo_models"],
        cwd=GENERATED,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-3000:]


def test_black_leaves_the_output_unchanged() -> None:
    import black

    mode = black.Mode(target_versions={black.TargetVersion.PY310})
    changed = []
    for path in sorted(PACKAGE.rglob("*.py")):
        src = path.read_text(encoding="utf-8")
        if black.format_str(src, mode=mode) != src:
            changed.append(path.name)
    assert changed == []


def test_output_at_a_wider_line_length_is_black_clean(tmp_path: Path) -> None:
    """At 120 columns black would join lines the templates split for 88: the
    layout follows the setting, and the hand-laid static modules go to black."""
    from generator.emit.format import black_format

    proc = run_cli("generate", "-o", str(tmp_path), "--package", "wide", "-q", "--no-cache",
                   "--line-length", "120", cwd=ROOT)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    changed = []
    for path in sorted((tmp_path / "wide").rglob("*.py")):
        src = path.read_text(encoding="utf-8")
        if black_format(src, 120) != src:
            changed.append(path.name)
    assert changed == []


def test_wheel_ships_templates_inside_the_package(tmp_path: Path) -> None:
    """A non-editable install: build the wheel offline, run the generator from it."""
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    wheel = next(tmp_path.glob("mdcodegen-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "generator/templates/object.py.j2" in names
    assert not [n for n in names if n.startswith("templates/")]
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    spec = tmp_path / "spec" / "models"
    spec.mkdir(parents=True)
    (spec / "a.md").write_text("# A\n\n## Fields\n\n| Field | Type | Required | Description |\n| - | - | - | - |\n| `x` | *::String* | :heavy_check_mark: | N/A |\n")
    env = dict(os.environ, PYTHONPATH=str(site))
    gen = subprocess.run(
        [sys.executable, "-c", "import generator, sys; assert 'site' in generator.__file__, generator.__file__; "
         "from generator.cli import main; sys.argv[0] = 'mdcodegen'; main()",
         "generate", str(tmp_path / "spec"), "-o", str(tmp_path / "out"), "--package", "wheelpkg", "-q"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600,
    )
    assert gen.returncode == 0, gen.stderr[-2000:]
    assert (tmp_path / "out" / "wheelpkg" / "models" / "a.py").is_file()
