"""`generate` from settings to files on disk: build, check, diff, write, report."""

from __future__ import annotations

import os
import re
import sys
import time
from dataclasses import replace
from typing import Any

import click

from . import __version__
from .config import Settings
from .diagnostics import Reporter
from .output.cache import Cache
from .output.writer import (
    MANIFEST,
    Lock,
    WriteError,
    digest,
    make_plan,
    read_manifest,
    recover,
    write,
)

EXIT_OK, EXIT_CHANGED, EXIT_USAGE, EXIT_INVALID = 0, 1, 2, 3


def default_package(spec: str) -> str:
    base = (
        re.sub(r"\W+", "_", os.path.basename(os.path.abspath(spec))).strip("_").lower()
    )
    name = f"{base}_models" if base else "models_pkg"
    return "m_" + name if name[0].isdigit() else name


def _print(reporter: Reporter) -> None:
    from .cli import terminal_safe  # spec text in diagnostics: escaped (issue 6)

    for d in reporter.sorted():
        click.echo(terminal_safe(d.render()), err=True)


def _on_disk_matches(target: str, manifest: dict[str, str]) -> bool:
    """The package on disk holds exactly these files with these digests."""
    if read_manifest(target) != manifest:
        return False
    for rel, want in manifest.items():
        try:
            with open(os.path.join(target, rel), "rb") as fh:
                if digest(fh.read()) != want:
                    return False
        except OSError:
            return False
    return True


class Progress:
    """Progress lines on a terminal only: quiet under -q, in CI and in pipes."""

    def __init__(self, quiet: bool, verbose: bool) -> None:
        self.enabled = not quiet and (verbose or sys.stderr.isatty())
        self.verbose = verbose
        self.t0 = time.perf_counter()

    def step(self, message: str) -> None:
        if self.enabled:
            click.echo(f"[{time.perf_counter() - self.t0:5.1f}s] {message}", err=True)


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
    from .pipeline import policy_for, read_pages, run_key

    assert settings.spec is not None
    if settings.package is None:
        settings = replace(settings, package=default_package(settings.spec))
    if settings.output is None:
        settings = replace(settings, output=os.path.abspath("generated"))
    assert (
        settings.package is not None
        and settings.output is not None
        and settings.spec is not None
    )
    if not settings.package.isidentifier():
        raise click.UsageError(
            f"--package {settings.package!r} is not a Python identifier"
        )
    progress = Progress(quiet, verbose)
    target = os.path.join(settings.output, settings.package)
    cache = Cache(enabled=settings.cache)
    reporter = Reporter(os.path.abspath(settings.spec), policy_for(settings))

    pages = read_pages(settings, reporter)
    key = run_key(settings, pages)
    last = cache.get_run(key)
    if (
        last is not None
        and not reporter.items
        and not show_diff
        and report_file is None
    ):
        # Nothing that the output depends on changed since a run that produced it.
        for call in last["diagnostics"]:
            reporter.report(*call)
        _print(reporter)
        if _on_disk_matches(target, last["manifest"]):
            if not quiet:
                click.echo(f"{target}: up to date ({last['models']} models)", err=True)
            return EXIT_OK
        reporter = Reporter(os.path.abspath(settings.spec), policy_for(settings))

    from .emit.format import Formatter
    from .pipeline import modules_bundle_key

    formatter = Formatter(settings.jobs)
    if not cache.has("modules", modules_bundle_key(settings)):
        formatter.warm()  # a cold run: where workers are spawned, they start now
    try:
        return _build_and_write(
            settings,
            reporter,
            cache,
            pages,
            key,
            formatter,
            progress,
            check=check,
            show_diff=show_diff,
            force=force,
            quiet=quiet,
            report_file=report_file,
        )
    finally:
        formatter.close()


def _build_and_write(
    settings: Settings,
    reporter: Reporter,
    cache: Cache,
    pages: Any,
    key: str,
    formatter: Any,
    progress: Progress,
    *,
    check: bool,
    show_diff: bool,
    force: bool,
    quiet: bool,
    report_file: str | None,
) -> int:
    from .pipeline import Recorder, build_ir, generate_files

    assert (
        settings.spec is not None
        and settings.output is not None
        and settings.package is not None
    )
    target = os.path.join(settings.output, settings.package)
    recorder = Recorder(reporter)
    result = build_ir(settings, recorder, cache, pages)
    progress.step(f"read {len(result.models)} models ({result.dialect.name})")
    _print(reporter)
    if reporter.has_errors:
        click.echo(f"{len(reporter.errors)} error(s): nothing written", err=True)
        return EXIT_INVALID
    source = os.path.basename(os.path.normpath(settings.spec)) + "/"
    files = generate_files(result.models, settings, source, cache, formatter)
    progress.step(
        f"rendered {len(files)} files (cache: {cache.hits} hits, {cache.misses} misses)"
    )
    from .report import api_summary, change_report, print_report, write_report

    api = api_summary(result.models, settings.open_enums)
    data = {rel: text.encode("utf-8") for rel, text in files.items()}
    plan = make_plan(target, data, __version__, api)
    manifest_entry = {
        "manifest": read_manifest_from(plan.files),
        "diagnostics": [list(c) for c in recorder.calls],
        "models": len(result.models),
    }
    report = change_report(plan, api)
    if report_file:
        write_report(report, report_file)

    if check or show_diff:
        if show_diff:
            from .cli import _diff

            click.echo(_diff(plan), nl=False)
        if plan.up_to_date:
            cache.put_run(key, manifest_entry)
            if not quiet:
                click.echo(f"{target}: up to date", err=True)
            return EXIT_OK
        if not quiet:
            for verb, rels in (
                ("add", plan.added),
                ("change", plan.changed),
                ("remove", plan.removed),
            ):
                for rel in rels:
                    click.echo(f"would {verb} {rel}", err=True)
        return EXIT_CHANGED if check else EXIT_OK
    if plan.up_to_date:
        cache.put_run(key, manifest_entry)
        if not quiet:
            click.echo(f"{target}: up to date ({len(result.models)} models)", err=True)
        return EXIT_OK
    try:
        with Lock(target):
            recover(target)
            # Plan again under the lock if another run wrote meanwhile (every run
            # rewrites the manifest, so an unchanged one means the plan stands).
            if _manifest_on_disk(target) != plan.old_files.get(MANIFEST):
                plan = make_plan(target, data, __version__, api)
            if not plan.up_to_date:
                write(plan, force=force)
    except WriteError as exc:
        click.echo(f"error: {exc}", err=True)
        return EXIT_USAGE
    except OSError as exc:
        click.echo(
            f"error: cannot write {target}: {exc.strerror or exc}; the previous output is unchanged",
            err=True,
        )
        return EXIT_USAGE
    cache.put_run(key, manifest_entry)
    if not quiet:
        print_report(report)
        click.echo(
            f"{target}: {len(plan.added)} added, {len(plan.changed)} changed, "
            f"{len(plan.removed)} removed ({len(result.models)} models, "
            f"{time.perf_counter() - progress.t0:.1f} s)",
            err=True,
        )
    return EXIT_OK


def _manifest_on_disk(target: str) -> bytes | None:
    try:
        with open(os.path.join(target, MANIFEST), "rb") as fh:
            return fh.read()
    except OSError:
        return None


def read_manifest_from(files: dict[str, bytes]) -> dict[str, str] | None:
    import json

    raw = files.get(MANIFEST)
    if raw is None:
        return None
    data: Any = json.loads(raw)
    return {str(k): str(v) for k, v in data.get("files", {}).items()}
