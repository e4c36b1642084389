"""The stages in order: read -> parse -> interpret -> resolve -> settle -> name -> emit.

Each stage is a function over the IR; this module only wires them together (and
through the cache, see ``output/cache.py``) and is what the CLI, the tests and the
benchmarks call.  Heavy libraries (markdown-it, Jinja2, black) are imported only
by the stages that need them, so that an up-to-date check stays fast.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import __version__
from .config import Settings
from .diagnostics import Policy, Reporter
from .dialects import DIALECTS, Dialect, detect
from .ir import Model
from .output.cache import Cache, digest
from .sources import SourcePage, read_spec


@dataclass
class IRResult:
    models: list[Model]
    dialect: Dialect
    reporter: Reporter
    detection: str = ""
    pages: list[SourcePage] = field(default_factory=list)


class Recorder(Reporter):
    """Forwards to a reporter and keeps the calls, so a cached page replays them."""

    def __init__(self, target: Reporter) -> None:
        super().__init__(target.root, target.policy)
        self.target = target
        self.calls: list[tuple[str, str, str, int, int]] = []

    def report(
        self, code: str, message: str, path: str = "", line: int = 1, col: int = 1
    ) -> None:
        self.calls.append((code, message, path, line, col))
        self.target.report(code, message, path, line, col)


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the generator's own code and templates (names, sizes and
    modification times): any change to either invalidates the cache, released or
    not, without reading the files on every run."""
    from .emit.templates_dir import templates_dir

    here = os.path.dirname(os.path.abspath(__file__))
    parts: list[str] = [__version__]
    for base in (here, templates_dir()):
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(filenames):
                if name.endswith((".py", ".j2")):
                    st = os.stat(os.path.join(dirpath, name))
                    parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
    try:  # black's version decides its output; its own tiny module says it
        import _black_version

        parts.append(str(_black_version.version))
    except ImportError:  # pragma: no cover
        pass
    return digest(*parts)


def policy_for(settings: Settings) -> Policy:
    return Policy(
        severity=dict(settings.severity),
        ignore=frozenset(settings.ignore),
        warnings_as_errors=settings.warnings_as_errors,
    )


def choose_dialect(settings: Settings, texts: list[str]) -> tuple[Dialect, str]:
    if settings.dialect and settings.dialect != "auto":
        return (
            DIALECTS[settings.dialect],
            f"dialect {settings.dialect!r} chosen by configuration",
        )
    found = detect(texts)
    return found.dialect, found.explanation


def _cached_choice(
    settings: Settings, pages: list[SourcePage], cache: Cache | None
) -> tuple[Dialect, str]:
    """choose_dialect, remembered by the digests of the pages detection samples:
    a warm run after an edit elsewhere skips it (70 ms on 1,000 pages)."""
    if cache is None or (settings.dialect and settings.dialect != "auto"):
        return choose_dialect(settings, [p.text for p in pages])
    from .dialects.registry import sample

    key = digest("dialect", code_digest(), *(p.digest for p in sample(pages)))
    hit = cache.get("dialect", key)
    if isinstance(hit, tuple) and len(hit) == 2 and hit[0] in DIALECTS:
        return DIALECTS[hit[0]], str(hit[1])
    dialect, why = choose_dialect(settings, [p.text for p in pages])
    cache.put("dialect", key, (dialect.name, why))
    return dialect, why


def overrides_path(settings: Settings) -> str:
    assert settings.spec is not None
    return settings.overrides or os.path.join(
        os.path.abspath(settings.spec), "mdcodegen-overrides.toml"
    )


def read_pages(settings: Settings, reporter: Reporter) -> list[SourcePage]:
    assert settings.spec is not None
    root = os.path.abspath(settings.spec)
    return read_spec(root, reporter, settings.include, settings.exclude)


def _interpret_pages(
    pages: list[SourcePage],
    dialect: Dialect,
    reporter: Reporter,
    cache: Cache | None,
    root: str,
) -> list[Model]:
    bundle_key = digest("pages", code_digest(), dialect.name, root)
    bundle = cache.get_bundle("pages", bundle_key) if cache else {}
    fresh: dict[str, Any] = {}
    models: list[Model] = []
    for page in pages:
        hit = bundle.get(page.path)
        if hit is not None and hit[0] == page.digest:
            _, model, calls = hit
            for call in calls:
                reporter.report(*call)
        else:
            from .interpret import interpret
            from .parse.page import parse_page

            recorder = Recorder(reporter)
            model = interpret(parse_page(page.path, page.text), dialect, recorder)
            hit = (page.digest, model, recorder.calls)
        fresh[page.path] = hit
        if model is not None:
            models.append(model)
    if cache and fresh != bundle:
        cache.put_bundle("pages", bundle_key, fresh)
    return models


def build_ir(
    settings: Settings,
    reporter: Reporter | None = None,
    cache: Cache | None = None,
    pages: list[SourcePage] | None = None,
    apply_overrides: bool = True,
    decide_lossy: bool = True,
) -> IRResult:
    """Read and understand every page; errors are in the reporter, not raised."""
    from .lossy import settle
    from .naming import name_models
    from .overrides import apply_overrides as apply_all
    from .overrides import load_overrides
    from .resolve import resolve

    assert settings.spec is not None
    root = os.path.abspath(settings.spec)
    reporter = reporter or Reporter(root, policy_for(settings))
    if pages is None:
        pages = read_pages(settings, reporter)
    dialect, why = _cached_choice(settings, pages, cache)
    models = _interpret_pages(pages, dialect, reporter, cache, root)
    if not models and not reporter.has_errors:
        # An empty package is never what was meant (a wrong path or glob), and
        # writing one would remove every model file of the previous output.
        reporter.report(
            "E014",
            "no model page found (check the spec path and the include/exclude globs)",
            root,
        )
    models = resolve(models, dialect, reporter)
    if apply_overrides:
        overrides = load_overrides(overrides_path(settings), root, reporter)
        models = apply_all(models, overrides, reporter)
    if decide_lossy:
        models = settle(models, reporter)
        from .unions import report_ambiguous

        report_ambiguous(models, reporter)
    models = name_models(
        models, reporter, dialect.primary_folders, settings.keep_wire_names
    )
    return IRResult(models, dialect, reporter, why, pages)


def emit_options(settings: Settings) -> Any:
    from .emit import views

    assert settings.package is not None
    return views.EmitOptions(
        version=__version__,
        package=settings.package,
        open_enums=settings.open_enums,
        keep_unknown=settings.keep_unknown,
        line_length=settings.line_length,
    )


def model_digests(models: list[Model]) -> dict[str, str]:
    return {m.page: digest(repr(m)) for m in models}


def interface_digests(models: list[Model]) -> dict[str, str]:
    """What other modules read of a model (names, kind, and what decides how a
    reference or a union member is decoded), not its docs: a description change
    re-renders only the model's own module."""
    from .ir import EnumModel, ObjectModel, UnionModel

    out = {}
    for m in models:
        if isinstance(m, ObjectModel):
            shape: object = [
                (f.wire_name, f.required, repr(f.type)) for f in m.fields
            ] + [m.additional is None]
        elif isinstance(m, EnumModel):
            shape = (m.open, [v.value for v in m.values])
        elif isinstance(m, UnionModel):
            shape = (m.members_known, [repr(t) for t in m.members])
        else:  # pragma: no cover
            shape = repr(m)
        out[m.page] = digest(type(m).__name__, m.py_name, m.module, repr(shape))
    return out


# Package files rendered from templates without model data (path -> template).
STATIC_MODULES = {
    "_runtime.py": "_runtime.py.j2",
    "_locate.py": "_locate.py.j2",
    "models/__init__.py": "models_init.py.j2",
}


def package_templates(
    models: list[Model], opts: Any, source: str
) -> dict[str, tuple[str, Callable[[], str]]]:
    """The package-level files: path -> (what the text depends on beyond the
    generator, how to render it)."""
    from .emit import views
    from .emit.render import render

    header: dict[str, object] = {"header": views.header(__version__, "its templates")}
    out: dict[str, tuple[str, Callable[[], str]]] = {
        path: ("", functools.partial(render, template, header))
        for path, template in STATIC_MODULES.items()
    }
    exports = repr(sorted((m.name, m.py_name, m.module) for m in models))
    out["__init__.py"] = (
        exports + source,
        lambda: render("__init__.py.j2", views.package_view(models, opts, source)),
    )
    return out


def generate_files(
    models: list[Model],
    settings: Settings,
    source: str,
    cache: Cache | None = None,
    formatter: Any = None,
) -> dict[str, str]:
    """Every file of the package, formatted, by path relative to the package.

    A model's module is reused from the cache when the model and every model its
    rendering looked at are unchanged; the others are rendered and formatted,
    in parallel worker processes when there are many (``emit.format``).
    """
    from .emit.format import Formatter

    opts = emit_options(settings)
    digests = model_digests(models)
    interfaces = interface_digests(models)
    prefix = digest("module", code_digest(), repr(opts))
    bundle_key = modules_bundle_key(settings)
    bundle = cache.get_bundle("modules", bundle_key) if cache else {}
    fresh: dict[str, Any] = {}
    files: dict[str, str] = {}
    todo: list[Model] = []
    for m in models:
        key = digest(prefix, digests[m.page])
        hit = bundle.get(key)
        if hit is not None and all(interfaces.get(p) == d for p, d in hit[0].items()):
            files[f"models/{m.module}.py"] = hit[1]
            fresh[key] = hit
        else:
            todo.append(m)
    formatter = formatter or Formatter(settings.jobs)
    for m, text, deps in formatter.render_models(
        todo, models, opts, settings.line_length
    ):
        files[f"models/{m.module}.py"] = text
        deps_seen = {p: interfaces[p] for p in sorted(deps) if p != m.page}
        fresh[digest(prefix, digests[m.page])] = (deps_seen, text)

    # Package-level files depend on the set of models only; keyed by their inputs.
    to_format: dict[str, str] = {}
    text_keys: dict[str, str] = {}
    for path, (inputs, make) in package_templates(models, opts, source).items():
        key = digest("text", prefix, path, inputs)
        text_keys[path] = key
        hit = bundle.get(key)
        if hit is not None:
            files[path] = hit
            fresh[key] = hit
        else:
            to_format[path] = make()
    for path, text in _format(to_format, settings, formatter).items():
        files[path] = text
        fresh[text_keys[path]] = text
    if cache and fresh.keys() != bundle.keys():
        cache.put_bundle("modules", bundle_key, fresh)
    files["py.typed"] = ""
    return dict(sorted(files.items()))


def _format(
    sources: dict[str, str], settings: Settings, formatter: Any = None
) -> dict[str, str]:
    from .emit.format import BLACK_DEFAULT_WIDTH, black_format, format_many

    out: dict[str, str] = {}
    if settings.line_length != BLACK_DEFAULT_WIDTH:
        # The static modules are laid out by hand for black's default width; at
        # a wider one black joins their lines, which is_final cannot see.
        for name in STATIC_MODULES.keys() & sources.keys():
            out[name] = black_format(sources[name], settings.line_length)
    names = sorted(set(sources) - set(out))
    texts = [sources[n] for n in names]
    if formatter is not None:
        formatted = formatter.format_many(texts, settings.line_length)
    else:
        formatted = format_many(texts, settings.line_length, settings.jobs)
    out.update(zip(names, formatted))
    return out


def modules_bundle_key(settings: Settings) -> str:
    return digest(
        "modules",
        code_digest(),
        repr(emit_options(settings)),
        os.path.abspath(settings.spec or ""),
    )


# --- kept for callers that render and format separately (tests, benchmarks) -------


def render_package(
    models: list[Model], settings: Settings, source: str
) -> dict[str, str]:
    """Every file of the package, unformatted."""
    from .emit import views
    from .emit.render import render

    opts = emit_options(settings)
    by_page = {m.page: m for m in models}
    files: dict[str, str] = {}
    for m in models:
        template, context, _ = views.view_for(m, by_page, opts)
        files[f"models/{m.module}.py"] = render(template, context)
    for path, (_, make) in package_templates(models, opts, source).items():
        files[path] = make()
    return files


def format_package(files: dict[str, str], settings: Settings) -> dict[str, str]:
    out = dict(files)
    out.update(_format({n: t for n, t in files.items() if n.endswith(".py")}, settings))
    out["py.typed"] = ""
    return out


def run_key(settings: Settings, pages: list[SourcePage]) -> str:
    """Everything a run's output depends on, for the up-to-date fast path."""
    overrides = b""
    try:
        with open(overrides_path(settings), "rb") as fh:
            overrides = fh.read()
    except OSError:
        pass
    relevant = repr(
        (
            settings.package, settings.dialect, settings.include, settings.exclude,
            settings.open_enums, settings.keep_unknown, settings.keep_wire_names,
            settings.line_length, sorted(settings.severity.items()), settings.ignore,
            settings.warnings_as_errors, os.path.basename(os.path.normpath(settings.spec or "")),
        )
    )  # fmt: skip
    parts: list[str | bytes] = [code_digest(), relevant, overrides]
    for p in pages:
        parts.extend((p.path, p.digest))
    return digest(*parts)
