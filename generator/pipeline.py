"""The stages in order: read -> parse -> interpret -> resolve -> settle -> name -> emit.

Each stage is a function over the IR; this module only wires them together and
is what the CLI, the tests and the benchmarks call.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from . import __version__
from .config import Settings
from .diagnostics import Policy, Reporter
from .dialects import DIALECTS, Dialect, detect
from .emit import views
from .emit.format import format_many
from .emit.render import render
from .interpret import interpret
from .ir import Model
from .lossy import settle
from .naming import name_models
from .overrides import apply_overrides, load_overrides
from .parse.page import parse_page
from .resolve import resolve
from .sources import read_spec


@dataclass
class IRResult:
    models: list[Model]
    dialect: Dialect
    reporter: Reporter
    detection: str = ""


def policy_for(settings: Settings) -> Policy:
    return Policy(
        severity=dict(settings.severity),
        ignore=frozenset(settings.ignore),
        warnings_as_errors=settings.warnings_as_errors,
    )


def choose_dialect(settings: Settings, texts: list[str]) -> tuple[Dialect, str]:
    if settings.dialect and settings.dialect != "auto":
        return DIALECTS[settings.dialect], f"dialect {settings.dialect!r} chosen by configuration"
    found = detect(texts)
    return found.dialect, found.explanation


def build_ir(settings: Settings, reporter: Reporter | None = None) -> IRResult:
    """Read and understand every page; errors are in the reporter, not raised."""
    assert settings.spec is not None
    root = os.path.abspath(settings.spec)
    reporter = reporter or Reporter(root, policy_for(settings))
    pages = read_spec(root, reporter, settings.include, settings.exclude)
    dialect, why = choose_dialect(settings, [p.text for p in pages])
    models: list[Model] = []
    for page in pages:
        raw = parse_page(page.path, page.text)
        model = interpret(raw, dialect, reporter)
        if model is not None:
            models.append(model)
    models = resolve(models, dialect, reporter)
    overrides_path = settings.overrides or os.path.join(root, "mdcodegen-overrides.toml")
    overrides = load_overrides(overrides_path, root, reporter)
    models = apply_overrides(models, overrides, reporter)
    models = settle(models, reporter)
    models = name_models(models, reporter, dialect.primary_folders, settings.keep_wire_names)
    return IRResult(models, dialect, reporter, why)


def emit_options(settings: Settings) -> views.EmitOptions:
    assert settings.package is not None
    return views.EmitOptions(
        version=__version__,
        package=settings.package,
        open_enums=settings.open_enums,
        keep_unknown=settings.keep_unknown,
        line_length=settings.line_length,
    )


RUNTIME_KINDS = [
    # name, annotation, check (or convert), expected, type-ignore for returning v
    {"name": "str", "annotation": "str", "check": "type(v) is str", "convert": "", "expected": '"a string"', "ignore": ""},
    {"name": "int", "annotation": "int", "check": "type(v) is int", "convert": "", "expected": '"an integer"', "ignore": ""},
    {
        "name": "float",
        "annotation": "float",
        "check": "type(v) is int or (type(v) is float and math.isfinite(v))",
        "convert": "",
        "expected": '"a finite number"',
        "ignore": "",
    },
    {"name": "bool", "annotation": "bool", "check": "type(v) is bool", "convert": "", "expected": '"a boolean"', "ignore": ""},
    {"name": "any", "annotation": "Any", "check": "True", "convert": "", "expected": '"a value"', "ignore": ""},
    {"name": "datetime", "annotation": "datetime", "check": "", "convert": "parse_datetime", "expected": '"an RFC 3339 date-time"', "ignore": ""},
    {"name": "date", "annotation": "date", "check": "", "convert": "parse_date", "expected": '"a date (YYYY-MM-DD)"', "ignore": ""},
]  # fmt: skip


def render_package(models: list[Model], settings: Settings, source: str) -> dict[str, str]:
    """Every file of the package, unformatted, by path relative to the package."""
    from .emit.literals import Code

    opts = emit_options(settings)
    by_page = {m.page: m for m in models}
    files: dict[str, str] = {}
    for m in models:
        template, context = views.view_for(m, by_page, opts)
        files[f"models/{m.module}.py"] = render(template, context)
    kinds = [{k: Code(v) for k, v in kind.items()} for kind in RUNTIME_KINDS]
    files["_runtime.py"] = render(
        "_runtime.py.j2", {"header": views.header(__version__, "its templates"), "kinds": kinds}
    )
    files["__init__.py"] = render("__init__.py.j2", views.package_view(models, opts, source))
    files["models/__init__.py"] = render(
        "models_init.py.j2", {"header": views.header(__version__, "its templates")}
    )
    return files


def format_package(files: dict[str, str], settings: Settings) -> dict[str, str]:
    names = sorted(n for n in files if n.endswith(".py"))
    formatted = format_many([files[n] for n in names], settings.line_length, settings.jobs)
    out = dict(files)
    out.update(zip(names, formatted))
    out["py.typed"] = ""
    return out
