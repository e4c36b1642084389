"""Generate a package from pages written inline in a test, and import it.

In the manner of openapi-python-client's functional tests: the spec is a dict of
page path -> markdown, the generated package is imported under a unique name.
"""

from __future__ import annotations

import importlib
import itertools
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

from generator.config import Settings
from generator.diagnostics import Reporter
from generator.pipeline import build_ir, format_package, render_package

_counter = itertools.count()

FIELDS_HEADER = "| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n"
REQ = ":heavy_check_mark:"
OPT = ":heavy_minus_sign:"


def page(title: str, rows: list[tuple[str, str, str, str]] | None = None, body: str = "") -> str:
    """A Ruby-dialect object page: rows are (field, type, REQ|OPT, description)."""
    text = f"# {title}\n\n{body}\n\n"
    if rows is not None:
        text += "## Fields\n\n" + FIELDS_HEADER
        text += "".join(f"| `{f}` | {t} | {r} | {d} |\n" for f, t, r, d in rows)
    return text


def enum_page(title: str, values: list[str], open_: bool = False) -> str:
    text = f"# {title}\n\n"
    if open_:
        text += (
            "## Example Usage\n\n```ruby\nvalue = X::A\n\n"
            "# Open enum: use .deserialize() to create instances from custom string values\n```\n\n"
        )
    text += "## Values\n\n| Name | Value |\n| --- | --- |\n"
    text += "".join(f"| `{v}` | {v} |\n" for v in values)
    return text


def link(name: str, file: str, folder: str = "shared") -> str:
    return f"[Models::Shared::{name}](../../models/{folder}/{file}.md)"


def write_spec(root: Path, pages: dict[str, str]) -> Path:
    for rel, text in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def build(spec: Path, out: Path, package: str, **settings: Any) -> tuple[dict[str, str], Reporter]:
    """Run the pipeline in process; returns (files, reporter) without writing."""
    s = Settings(spec=str(spec), output=str(out), package=package, **settings)
    result = build_ir(s)
    if result.reporter.has_errors:
        return {}, result.reporter
    files = format_package(render_package(result.models, s, "spec"), s)
    return files, result.reporter


def generate(tmp_path: Path, pages: dict[str, str], **settings: Any) -> ModuleType:
    """Generate ``pages`` into tmp_path and import the package (a unique name)."""
    package = f"gen_{next(_counter)}_{abs(hash(str(tmp_path))) % 10**6}"
    spec = write_spec(tmp_path / "spec", pages)
    out = tmp_path / "out"
    files, reporter = build(spec, out, package, **settings)
    if reporter.has_errors:
        raise AssertionError("\n".join(d.render() for d in reporter.sorted()))
    for rel, text in files.items():
        path = out / package / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    sys.path.insert(0, str(out))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(out))
