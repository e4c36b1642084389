"""`generate` from settings to files on disk: build, check, diff, write, report."""

from __future__ import annotations

import os
import re
import sys
import time

import click

from . import __version__
from .config import Settings
from .output.writer import Lock, WriteError, make_plan, recover, write
from .pipeline import build_ir, format_package, render_package


def default_package(spec: str) -> str:
    base = re.sub(r"\W+", "_", os.path.basename(os.path.abspath(spec))).strip("_").lower()
    name = f"{base}_models" if base else "models_pkg"
    return "m_" + name if name[0].isdigit() else name


def run_generate(
    settings: Settings,
    *,
    check: bool = False,
    show_diff: bool = False,
    force: bool = False,
    quiet: bool = False,
    verbose: bool = False,
    report_file: str | None = None,
) -> int:
    from .cli import EXIT_CHANGED, EXIT_INVALID, EXIT_OK, EXIT_USAGE, _diff, _print_diagnostics

    assert settings.spec is not None
    from dataclasses import replace

    if settings.package is None:
        settings = replace(settings, package=default_package(settings.spec))
    if settings.output is None:
        settings = replace(settings, output=os.path.abspath("generated"))
    assert settings.package is not None and settings.output is not None
    if not settings.package.isidentifier():
        raise click.UsageError(f"--package {settings.package!r} is not a Python identifier")
    progress = not quiet and sys.stderr.isatty()
    t0 = time.perf_counter()
    result = build_ir(settings)
    _print_diagnostics(result.reporter)
    if result.reporter.has_errors:
        n = len(result.reporter.errors)
        click.echo(f"{n} error(s): nothing written", err=True)
        return EXIT_INVALID
    if verbose:
        click.echo(f"read {len(result.models)} models ({result.dialect.name}) in {time.perf_counter() - t0:.2f} s", err=True)
    # Named by its folder name only: the header must not depend on where the
    # output goes or on the machine's paths.
    source = os.path.basename(os.path.normpath(settings.spec)) + "/"
    files = render_package(result.models, settings, source)
    if progress:
        click.echo(f"formatting {len(files)} files...", err=True)
    files = format_package(files, settings)
    if verbose:
        click.echo(f"rendered and formatted {len(files)} files in {time.perf_counter() - t0:.2f} s", err=True)
    target = os.path.join(settings.output, settings.package)
    data = {rel: text.encode("utf-8") for rel, text in files.items()}
    plan = make_plan(target, data, __version__)
    if check or show_diff:
        if show_diff:
            click.echo(_diff(plan), nl=False)
        if plan.up_to_date:
            if not quiet:
                click.echo(f"{target}: up to date", err=True)
            return EXIT_OK
        if not quiet:
            for rel in plan.added:
                click.echo(f"would add {rel}", err=True)
            for rel in plan.changed:
                click.echo(f"would change {rel}", err=True)
            for rel in plan.removed:
                click.echo(f"would remove {rel}", err=True)
        return EXIT_CHANGED if check else EXIT_OK
    if plan.up_to_date:
        if not quiet:
            click.echo(f"{target}: up to date ({len(result.models)} models)", err=True)
        return EXIT_OK
    try:
        with Lock(target):
            recover(target)
            # Plan again under the lock: another run may have written meanwhile.
            plan = make_plan(target, data, __version__)
            if not plan.up_to_date:
                write(plan, force=force)
    except WriteError as exc:
        click.echo(f"error: {exc}", err=True)
        return EXIT_USAGE
    except OSError as exc:
        click.echo(f"error: cannot write {target}: {exc.strerror or exc}; the previous output is unchanged", err=True)
        return EXIT_USAGE
    if not quiet:
        click.echo(
            f"{target}: {len(plan.added)} added, {len(plan.changed)} changed, "
            f"{len(plan.removed)} removed ({len(result.models)} models, "
            f"{time.perf_counter() - t0:.1f} s)",
            err=True,
        )
    return EXIT_OK
