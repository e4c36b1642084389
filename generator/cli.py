"""The `mdcodegen` command (also `python -m generator`).

Exit codes (see CONTRACT.md): 0 written or up to date; 1 `--check` found files
that would change, or `lint` found errors; 2 usage error; 3 invalid spec.
"""

from __future__ import annotations

import difflib
import json
import os
import sys
from typing import Any

import click

from . import __version__
from .config import ConfigError, Settings, resolve
from .diagnostics import Reporter, render_json

EXIT_OK, EXIT_CHANGED, EXIT_USAGE, EXIT_INVALID = 0, 1, 2, 3

EPILOG = """\b
Examples:
  mdcodegen generate                      # [tool.mdcodegen] in pyproject.toml
  mdcodegen generate docs/models -o src --package acme_models
  mdcodegen generate --check --diff       # CI: fail when generated code is stale
  mdcodegen lint docs/models --format json
  mdcodegen ir docs/models > ir.json
  mdcodegen evidence docs/models --from ../sdk-typescript/docs/models
"""


def _severities(pairs: Any) -> dict[str, str] | None:
    if not pairs:
        return None
    out = {}
    for pair in pairs:
        code, _, level = pair.partition("=")
        if not code or level not in ("error", "warning", "ignore"):
            raise click.UsageError(
                f"--severity {pair!r}: expected CODE=error|warning|ignore"
            )
        out[code.strip()] = level
    return out


def _settings(ctx_args: dict[str, Any], spec: str | None) -> Settings:
    ctx_args = dict(ctx_args)
    if "severity" in ctx_args:
        ctx_args["severity"] = _severities(ctx_args["severity"])
    cwd = os.getcwd()
    start = cwd
    if spec and os.path.isdir(spec):
        # The project file is looked for from the spec folder up, as black does
        # from its sources -- but not inside the spec folder unless the user works
        # there: a pyproject.toml that came with downloaded docs is spec text, and
        # its `output` or `overrides` could point anywhere (issue 6).
        spec_abs = os.path.abspath(spec)
        inside = os.path.commonpath([cwd, spec_abs]) == spec_abs
        start = spec_abs if inside else os.path.dirname(spec_abs)
    try:
        settings = resolve(cwd, {**ctx_args, "spec": spec}, start=start)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    if settings.required_version and settings.required_version != __version__:
        wanted = settings.required_version
        if (
            not __version__.startswith(wanted.rstrip(".") + ".")
            and wanted != __version__
        ):
            raise click.UsageError(
                f"this project requires mdcodegen {wanted} ([tool.mdcodegen] required-version); "
                f"this is {__version__}"
            )
    if settings.spec is None:
        raise click.UsageError("no SPEC_DIR given and no `spec` in [tool.mdcodegen]")
    if not os.path.isdir(settings.spec):
        raise click.UsageError(f"spec folder {settings.spec!r} does not exist")
    from .dialects import DIALECTS

    if settings.dialect != "auto" and settings.dialect not in DIALECTS:
        raise click.UsageError(
            f"unknown dialect {settings.dialect!r}; known: auto, {', '.join(sorted(DIALECTS))}"
        )
    return settings


def terminal_safe(text: str, json_text: bool = False) -> str:
    """``text`` with every control, format (bidi), separator and surrogate
    character escaped: a diagnostic quotes spec text (file names, headings,
    cells), which must neither break the one-line `path:line:col:` format with a
    newline, nor drive the terminal with escape sequences, nor fail to encode
    (issue 6).  With ``json_text``, newlines stay (JSON's own layout; its strings
    escape theirs) and escapes are JSON's `\\uXXXX`."""
    if text.isascii() and text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable() or ch == " " or (json_text and ch == "\n"):
            out.append(ch)
        elif json_text:
            units = ch.encode("utf-16-le", "surrogatepass")
            out.extend(
                f"\\u{int.from_bytes(units[i:i + 2], 'little'):04x}"
                for i in range(0, len(units), 2)
            )
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)


def _print_diagnostics(reporter: Reporter) -> None:
    for d in reporter.sorted():
        click.echo(terminal_safe(d.render()), err=True)


def _progress(quiet: bool, message: str) -> None:
    if not quiet:
        click.echo(message, err=True)


common_options = [
    click.option(
        "--dialect",
        default=None,
        help="Notation of the docs: auto (default) or a dialect name.",
    ),
    click.option(
        "--include",
        multiple=True,
        help="Glob of pages to read (repeatable; default **/*.md).",
    ),
    click.option(
        "--exclude",
        multiple=True,
        help="Glob of pages or folders to skip (repeatable).",
    ),
    click.option(
        "--overrides",
        default=None,
        help="Overrides file (default: SPEC_DIR/mdcodegen-overrides.toml).",
    ),
    click.option(
        "--ignore", multiple=True, help="Diagnostic code to ignore (repeatable)."
    ),
    click.option(
        "--severity",
        multiple=True,
        metavar="CODE=LEVEL",
        help="Grade a diagnostic code error, warning or ignore (repeatable).",
    ),
    click.option(
        "--warnings-as-errors",
        is_flag=True,
        default=None,
        help="Treat warnings as errors.",
    ),
    click.option(
        "--required-version",
        default=None,
        help="Refuse to run unless mdcodegen is this version.",
    ),
]


def with_common(fn: Any) -> Any:
    for opt in reversed(common_options):
        fn = opt(fn)
    return fn


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, "--version", prog_name="mdcodegen", message="%(prog)s %(version)s"
)
def main() -> None:
    """Generate a typed, dependency-free Python package from SDK markdown model docs."""


@main.command(epilog=EPILOG)
@click.argument(
    "spec_dir", required=False, type=click.Path(exists=True, file_okay=False)
)
@click.option(
    "-o", "--output", "output", default=None, help="Folder that receives the package."
)
@click.option("--package", default=None, help="Package name (a Python identifier).")
@with_common
@click.option(
    "--check", is_flag=True, help="Write nothing; exit 1 if any file would change."
)
@click.option(
    "--diff",
    "show_diff",
    is_flag=True,
    help="Print a unified diff of what would change.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Generate into a non-empty folder that has no manifest.",
)
@click.option(
    "--open-enums",
    is_flag=True,
    default=None,
    help="Every enum admits values it does not list.",
)
@click.option(
    "--keep-unknown",
    is_flag=True,
    default=None,
    help="Keep undocumented keys and write them back.",
)
@click.option(
    "--keep-wire-names",
    is_flag=True,
    default=None,
    help="Use JSON names as attribute names where valid.",
)
@click.option(
    "--line-length", type=int, default=None, help="black's line length (default 88)."
)
@click.option("--no-cache", is_flag=True, help="Ignore and do not update the cache.")
@click.option(
    "--report",
    "report_file",
    default=None,
    help="Write the change report as JSON to this file.",
)
@click.option(
    "-j",
    "--jobs",
    type=int,
    default=None,
    help="Formatting processes (default: CPU count).",
)
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="No progress or summary (diagnostics still print).",
)
@click.option("-v", "--verbose", is_flag=True, help="Say what each stage did.")
def generate(
    spec_dir: str | None,
    check: bool,
    show_diff: bool,
    force: bool,
    quiet: bool,
    verbose: bool,
    no_cache: bool,
    report_file: str | None,
    **flags: Any,
) -> None:
    """Read every page under SPEC_DIR and write the package OUT_DIR/NAME/."""
    settings = _settings({**flags, "cache": False if no_cache else None}, spec_dir)
    if report_file is not None:
        report_file = os.path.abspath(report_file)
    from .workflow import run_generate

    code = run_generate(
        settings,
        check=check,
        show_diff=show_diff,
        force=force,
        quiet=quiet,
        verbose=verbose,
        report_file=report_file,
    )
    sys.exit(code)


@main.command()
@click.argument(
    "spec_dir", required=False, type=click.Path(exists=True, file_okay=False)
)
@with_common
def ir(spec_dir: str | None, **flags: Any) -> None:
    """Print the intermediate model of SPEC_DIR as JSON."""
    settings = _settings(flags, spec_dir)
    from .ir_json import spec_to_json
    from .pipeline import build_ir

    result = build_ir(settings)
    _print_diagnostics(result.reporter)
    if result.reporter.has_errors:
        sys.exit(EXIT_INVALID)
    click.echo(
        json.dumps(
            spec_to_json(result.models, result.dialect.name),
            indent=1,
            ensure_ascii=False,
            sort_keys=True,
        )
    )


@main.command()
@click.argument(
    "spec_dir", required=False, type=click.Path(exists=True, file_okay=False)
)
@with_common
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="Output format.",
)
def lint(spec_dir: str | None, fmt: str, **flags: Any) -> None:
    """Report every problem of SPEC_DIR's pages; exit 1 on errors."""
    settings = _settings(flags, spec_dir)
    from .pipeline import build_ir

    result = build_ir(settings)
    reporter = result.reporter
    reporter.report("W114", result.detection, "", 1, 1)
    diags = reporter.sorted()
    if fmt == "json":
        click.echo(terminal_safe(render_json(diags), json_text=True))
    else:
        for d in diags:
            click.echo(terminal_safe(d.render()))
        errors = len(reporter.errors)
        click.echo(
            f"{errors} error(s), {len(diags) - errors} warning(s) in {len(result.models)} models",
            err=True,
        )
    sys.exit(EXIT_CHANGED if reporter.has_errors else EXIT_OK)


@main.command()
@click.argument(
    "spec_dir", required=False, type=click.Path(exists=True, file_okay=False)
)
@click.option(
    "--from",
    "sources",
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help="Docs of the same API in another dialect: their notation and example payloads (repeatable).",
)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 if the overrides file would change.",
)
@click.option(
    "--overrides",
    default=None,
    help="Overrides file (default: SPEC_DIR/mdcodegen-overrides.toml).",
)
@click.option("-q", "--quiet", is_flag=True, help="No summary.")
def evidence(
    spec_dir: str | None,
    sources: tuple[str, ...],
    check: bool,
    overrides: str | None,
    quiet: bool,
) -> None:
    """Derive overrides from example payloads and other docs of the same API.

    \b
    Examples:
      mdcodegen evidence specs --from ../docs-typescript --from ../docs-python
      mdcodegen evidence --check        # CI: the overrides file is current
    """
    settings = _settings({"overrides": overrides}, spec_dir)
    from .evidence.command import run_evidence
    from .pipeline import overrides_path

    result = run_evidence(settings, list(sources))
    path = overrides_path(settings)
    try:
        with open(path, encoding="utf-8") as fh:
            current = fh.read()
    except OSError:
        current = None
    changed = current != result.text
    if not quiet:
        click.echo(
            f"{result.examples} example payloads, {result.unmatched} of no known model; "
            f"{len(result.derived)} derived entries, {result.entries} in all",
            err=True,
        )
    if check:
        if changed and not quiet:
            click.echo(f"{path} would change", err=True)
        sys.exit(EXIT_CHANGED if changed else EXIT_OK)
    if changed:
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(result.text)
        os.replace(tmp, path)
        if not quiet:
            click.echo(f"wrote {path}", err=True)


def _diff(plan: Any) -> str:
    out: list[str] = []
    for rel in plan.added + plan.changed + plan.removed:
        old = (
            plan.old_files.get(rel, b"")
            .decode("utf-8", "replace")
            .splitlines(keepends=True)
        )
        new = (
            plan.files.get(rel, b"")
            .decode("utf-8", "replace")
            .splitlines(keepends=True)
        )
        out.extend(difflib.unified_diff(old, new, f"a/{rel}", f"b/{rel}"))
    return "".join(out)


__all__ = [
    "EXIT_CHANGED",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "_diff",
    "_print_diagnostics",
    "_progress",
    "main",
    "terminal_safe",
]  # fmt: skip
