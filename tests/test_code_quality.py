"""The generator's own code passes the checks its pyproject.toml configures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_generator_is_mypy_strict_clean(tmp_path: Path) -> None:
    # [tool.mypy] in pyproject.toml: strict, Python 3.10, files = generator/
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy")],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-3000:]
