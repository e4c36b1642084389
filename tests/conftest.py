"""Shared fixtures: the generated corpus package is built once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = (ROOT / ".." / "shared").resolve()
CORPUS = SHARED / "corpus"

# Every test process gets a cache of its own: tests never see the user's cache,
# and never each other's.
os.environ.setdefault("MDCODEGEN_CACHE_DIR", tempfile.mkdtemp(prefix="mdcodegen-test-cache-"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def run_cli(*args: str, cwd: Path | str | None = None, check: bool = False) -> subprocess.CompletedProcess[str]:
    """Run `python -m generator ...` as a user would; returns the finished process."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd or ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture()
def cli():
    return run_cli
