"""Issue 4: how fast mdcodegen generates, and how fast its output imports.

    .venv-bench/bin/python bench/generation.py [--runs N] [--import-runs N] [--quick]

In one run:

1. **Cold generation** of /work/main/specs, against datamodel-code-generator
   (``--output-model-type dataclasses.dataclass``) fed the OpenAPI document that
   bench/ir_to_openapi.py makes of the same specs.  Each tool runs in a fresh
   process into a fresh folder; mdcodegen with ``--no-cache``.  Reported: wall
   and CPU seconds (the process and its children), peak RSS, emitted classes and
   lines, and time per class and per line.  The ratio is mdcodegen over
   datamodel-codegen, per class and per line (target <= 1.5x, hope 1.0x).
   mdcodegen emits codecs too, so per line is the fairer of the two.
2. **Warm** runs, with the cache (whatever the working tree implements):
   ``generate --check`` with nothing changed (target < 0.5 s), and ``generate``
   after one page changed (target < 1 s).
3. **Imports** of the freshly generated package, byte-compiled as pip would
   install it, each in a fresh interpreter: ``import kombo_models`` (target <
   50 ms), one model on top of that (< 30 ms), every model; and every model of
   the published ``kombo`` SDK (target: ours <= 0.75x of it).

Figures go to bench/results/generation.json.  Never writes into generated/.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import _common as c
from ir_to_openapi import ir_to_openapi

PACKAGE = "kombo_models"
ONE_MODEL = "GetHrisEmployeesPositiveResponse"
TARGETS = {
    "cold_ratio_per_line": 1.5,
    "warm_check_s": 0.5,
    "one_page_changed_s": 1.0,
    "import_package_ms": 50.0,
    "import_one_model_ms": 30.0,
    "import_all_ratio": 0.75,
}


# --- running a tool -----------------------------------------------------------------


def run(cmd: list[str], cwd: Path | None = None, ok: tuple[int, ...] = (0,),
        env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``cmd`` to completion: wall and CPU seconds and peak RSS of that process
    (its waited-for children included, as wait4 reports them)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if proc.returncode not in ok:
        sys.stderr.write(stdout[-2000:] + stderr[-4000:])
        raise SystemExit(f"{' '.join(cmd[:4])} ... exited with {proc.returncode}")
    return {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "maxrss_mib": usage.ru_maxrss / 1024,  # KiB on Linux
        "returncode": proc.returncode,
        "stdout": stdout,
        "stderr": stderr,
    }


def mdcodegen(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator", *args]


def datamodel_codegen() -> list[str]:
    exe = Path(sys.executable).with_name("datamodel-codegen")
    return [str(exe)] if exe.exists() else ["datamodel-codegen"]


_CLASS = re.compile(r"^class \w", re.MULTILINE)


def count_output(path: Path) -> dict[str, int]:
    """Classes, lines and files of the Python code under ``path`` (file or folder)."""
    files = [path] if path.is_file() else sorted(path.rglob("*.py"))
    classes = lines = 0
    for f in files:
        text = f.read_text(encoding="utf-8")
        classes += len(_CLASS.findall(text))
        lines += text.count("\n")
    return {"classes": classes, "lines": lines, "files": len(files)}


def median_of(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


# --- 1. cold generation ---------------------------------------------------------------


def openapi_for(spec: Path, dest: Path) -> Path:
    proc = subprocess.run(mdcodegen("ir", str(spec)), capture_output=True, text=True,
                          check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit(f"mdcodegen ir {spec} exited with {proc.returncode}")
    doc = ir_to_openapi(json.loads(proc.stdout), title="Kombo models", version="bench")
    dest.write_text(json.dumps(doc, indent=2, ensure_ascii=False), encoding="utf-8")
    return dest


def cold(spec: Path, work: Path, runs: int) -> dict[str, Any]:
    openapi = openapi_for(spec, work / "openapi.json")
    dmc_runs, mdc_runs = [], []
    for i in range(runs):  # interleaved, so a slow spell of the machine hits both
        out = work / f"dmc{i}"
        out.mkdir()
        dmc_runs.append(run([*datamodel_codegen(), "--input", str(openapi),
                             "--input-file-type", "openapi",
                             "--output-model-type", "dataclasses.dataclass",
                             "--formatters", "black", "isort",
                             "--output", str(out / "models.py")]))
        dmc_out = out / "models.py"
        out = work / f"mdc{i}"
        mdc_runs.append(run(mdcodegen("generate", str(spec), "-o", str(out),
                                      "--package", PACKAGE, "--no-cache", "-q")))
        mdc_out = out / PACKAGE
        print(f"  cold run {i + 1}/{runs}: datamodel-codegen {dmc_runs[-1]['wall_s']:.2f} s, "
              f"mdcodegen {mdc_runs[-1]['wall_s']:.2f} s", file=sys.stderr)
    result: dict[str, Any] = {}
    for name, rs, path in (("datamodel-codegen", dmc_runs, dmc_out),
                           ("mdcodegen", mdc_runs, mdc_out)):
        counts = count_output(path)
        wall = median_of(rs, "wall_s")
        result[name] = {
            "wall_s": wall,
            "wall_s_all": [r["wall_s"] for r in rs],
            "cpu_s": median_of(rs, "cpu_s"),
            "peak_rss_mib": max(r["maxrss_mib"] for r in rs),
            **counts,
            "ms_per_class": 1000 * wall / max(counts["classes"], 1),
            "us_per_line": 1e6 * wall / max(counts["lines"], 1),
        }
    d, m = result["datamodel-codegen"], result["mdcodegen"]
    result["ratio"] = {
        "per_class": m["ms_per_class"] / d["ms_per_class"],
        "per_line": m["us_per_line"] / d["us_per_line"],
        "wall": m["wall_s"] / d["wall_s"],
        "cpu": m["cpu_s"] / d["cpu_s"],
    }
    result["pages"] = sum(1 for _ in spec.rglob("*.md"))
    result["output"] = str(mdc_out)
    return result


# --- 2. warm runs (the cache) ------------------------------------------------------------


def _repeat(cmd: list[str], runs: int, limit: float, ok: tuple[int, ...] = (0,),
            before: Any = None) -> list[dict[str, Any]]:
    """Up to ``runs`` runs of ``cmd``; one only when it is far over ``limit`` (no
    cache yet: repeating a full regeneration would only cost minutes)."""
    out = []
    for i in range(runs):
        if before is not None:
            before(i)
        out.append(run(cmd, ok=ok))
        if out[-1]["wall_s"] > 10 * limit:
            break
    return out


def warm(spec: Path, work: Path, runs: int) -> dict[str, Any]:
    """--check with nothing changed, and a regeneration after one page changed."""
    specs = work / "warm-specs"
    shutil.copytree(spec, specs)
    out = work / "warm-out"
    gen = mdcodegen("generate", str(specs), "-o", str(out), "--package", PACKAGE, "-q")
    first = run(gen)
    check_runs = _repeat([*gen, "--check"], runs, TARGETS["warm_check_s"], ok=(0, 1))
    page = specs / "models" / "shared" / "getintegrationsintegrationidpositiveresponsetool.md"
    original = page.read_text(encoding="utf-8")

    def edit(i: int) -> None:
        # A description edit: one model's docstring changes, nothing else.
        page.write_text(original.replace("The ID of the connected tool",
                                         f"The ID (edit {i}) of the connected tool"),
                        encoding="utf-8")

    changed_runs = _repeat(gen, runs, TARGETS["one_page_changed_s"], before=edit)
    page.write_text(original, encoding="utf-8")
    return {
        "first_generate_s": first["wall_s"],
        "check_unchanged_s": median_of(check_runs, "wall_s"),
        "check_unchanged_s_all": [r["wall_s"] for r in check_runs],
        "check_exit_codes": sorted({r["returncode"] for r in check_runs}),
        "one_page_changed_s": median_of(changed_runs, "wall_s"),
        "one_page_changed_s_all": [r["wall_s"] for r in changed_runs],
        "note": "measures the cache as the working tree implements it at the time of the run",
    }


# --- 3. imports ------------------------------------------------------------------------

_IMPORT_PROBE = r"""
import importlib, json, sys, time
mode, package = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
pkg = importlib.import_module(package)
t1 = time.perf_counter()
if mode == "one":
    getattr(pkg, sys.argv[3])
elif mode == "all":
    for name in pkg.__all__:
        getattr(pkg, name)
t2 = time.perf_counter()
print(json.dumps({"package_ms": (t1 - t0) * 1e3, "then_ms": (t2 - t1) * 1e3,
                  "total_ms": (t2 - t0) * 1e3, "modules": len(sys.modules)}))
"""


def probe(mode: str, package: str, extra: list[str], path: Path | None, runs: int,
          compiled: bool = True) -> dict[str, Any]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if path is not None:
        env["PYTHONPATH"] = str(path)
    if not compiled:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    samples = []
    for _ in range(runs):
        proc = subprocess.run([sys.executable, "-c", _IMPORT_PROBE, mode, package, *extra],
                              capture_output=True, text=True, env=env, check=False)
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr[-3000:])
            raise SystemExit(f"import probe {mode} {package} failed")
        samples.append(json.loads(proc.stdout))
    out = {k: statistics.median(s[k] for s in samples)
           for k in ("package_ms", "then_ms", "total_ms")}
    out["modules"] = samples[-1]["modules"]
    out["runs"] = runs
    return out


def imports(generated_root: Path, runs: int) -> dict[str, Any]:
    # Byte-compile as pip does on install; imports below read the .pyc files.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(generated_root / PACKAGE)],
                   check=True)
    ours_pkg = probe("package", PACKAGE, [], generated_root, runs)
    ours_one = probe("one", PACKAGE, [ONE_MODEL], generated_root, runs)
    # Every model takes seconds: fewer runs.
    all_runs = max(1, runs // 3)
    ours_all = probe("all", PACKAGE, [], generated_root, all_runs)
    kombo_all = probe("all", "kombo.models", [], None, all_runs)
    kombo_pkg = probe("package", "kombo.models", [], None, runs)
    return {
        "package": ours_pkg,
        "one_model": {**ours_one, "model": ONE_MODEL},
        "all_models": ours_all,
        "kombo_sdk_package": kombo_pkg,
        "kombo_sdk_all_models": kombo_all,
        "ratio_all_models": ours_all["total_ms"] / kombo_all["total_ms"],
        "note": "medians over fresh interpreters; .pyc files present for both packages",
    }


# --- report ----------------------------------------------------------------------------


def verdict(value: float, limit: float) -> str:
    return "ok" if value <= limit else "MISSED"


def report(res: dict[str, Any]) -> str:
    out: list[str] = []
    if "cold" in res:
        out.extend(report_cold(res["cold"]))
    out.extend(report_rest(res))
    return "\n".join(out)


def report_cold(cd: dict[str, Any]) -> list[str]:
    out = []
    d, m = cd["datamodel-codegen"], cd["mdcodegen"]
    rows = [
        [name, f"{x['wall_s']:.2f}", f"{x['cpu_s']:.2f}", f"{x['peak_rss_mib']:.0f}",
         f"{x['classes']:,}", f"{x['lines']:,}", f"{x['files']:,}",
         f"{x['ms_per_class']:.2f}", f"{x['us_per_line']:.1f}"]
        for name, x in (("datamodel-codegen", d), ("mdcodegen --no-cache", m))
    ]
    r = cd["ratio"]
    rows.append(["ratio mdcodegen/dmc", f"{r['wall']:.2f}x", f"{r['cpu']:.2f}x", "", "", "", "",
                 f"{r['per_class']:.2f}x", f"{r['per_line']:.2f}x"])
    out.append(f"cold generation of {cd['pages']} pages (median of {len(d['wall_s_all'])} runs)")
    out.append(c.table(["", "wall s", "cpu s", "peak MiB", "classes", "lines", "files",
                        "ms/class", "µs/line"], rows))
    out.append(f"per-line ratio {r['per_line']:.2f}x: target ≤{TARGETS['cold_ratio_per_line']}x "
               f"{verdict(r['per_line'], TARGETS['cold_ratio_per_line'])}; "
               f"per-class ratio {r['per_class']:.2f}x "
               f"{verdict(r['per_class'], TARGETS['cold_ratio_per_line'])}")
    return out


def report_rest(res: dict[str, Any]) -> list[str]:
    out: list[str] = []
    w = res.get("warm")
    if w:
        out.append("")
        out.append(c.table(["warm (with whatever cache exists)", "median s", "target"], [
            ["generate --check, nothing changed", f"{w['check_unchanged_s']:.2f}",
             f"<{TARGETS['warm_check_s']} {verdict(w['check_unchanged_s'], TARGETS['warm_check_s'])}"],
            ["generate, one page changed", f"{w['one_page_changed_s']:.2f}",
             (f"<{TARGETS['one_page_changed_s']} "
              f"{verdict(w['one_page_changed_s'], TARGETS['one_page_changed_s'])}")],
        ]))
        if w["check_exit_codes"] != [0]:
            out.append(f"note: --check right after generate exited {w['check_exit_codes']} "
                       "(0 expected: nothing changed)")
    im = res.get("imports")
    if im:
        out.append("")
        rows = [
            ["import kombo_models", f"{im['package']['package_ms']:.1f}",
             str(im["package"]["modules"]),
             (f"<{TARGETS['import_package_ms']:.0f} "
              f"{verdict(im['package']['package_ms'], TARGETS['import_package_ms'])}")],
            [f"then one model ({ONE_MODEL})", f"{im['one_model']['then_ms']:.1f}",
             str(im["one_model"]["modules"]),
             (f"<{TARGETS['import_one_model_ms']:.0f} "
              f"{verdict(im['one_model']['then_ms'], TARGETS['import_one_model_ms'])}")],
            ["kombo_models, every model", f"{im['all_models']['total_ms']:.1f}",
             str(im["all_models"]["modules"]), ""],
            ["kombo.models (SDK), every model", f"{im['kombo_sdk_all_models']['total_ms']:.1f}",
             str(im["kombo_sdk_all_models"]["modules"]), ""],
            ["ratio every model ours/SDK", f"{im['ratio_all_models']:.2f}x", "",
             (f"≤{TARGETS['import_all_ratio']} "
              f"{verdict(im['ratio_all_models'], TARGETS['import_all_ratio'])}")],
        ]
        out.append(c.table(["import, fresh interpreter (median)", "ms", "sys.modules", "target"],
                           rows))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Generation and import benchmarks (issue 4).")
    ap.add_argument("--spec", type=Path, default=c.SPECS)
    ap.add_argument("--runs", type=int, default=3, help="cold runs of each generator")
    ap.add_argument("--warm-runs", type=int, default=5)
    ap.add_argument("--import-runs", type=int, default=15)
    ap.add_argument("--skip", action="append", default=[], choices=["cold", "warm", "imports"])
    ap.add_argument("--quick", action="store_true", help="1 cold run, 2 warm, 3 imports")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args(argv)
    if args.quick:
        args.runs, args.warm_runs, args.import_runs = 1, 2, 3

    work = Path(tempfile.mkdtemp(prefix="mdcodegen-bench-"))
    res: dict[str, Any] = {"benchmark": "generation", "machine": c.machine(),
                           "targets": TARGETS, "spec": str(args.spec)}
    try:
        if "cold" not in args.skip or "imports" not in args.skip:
            print("cold generation ...", file=sys.stderr)
            res["cold"] = cold(args.spec, work, args.runs)
        if "warm" not in args.skip:
            print("warm runs ...", file=sys.stderr)
            res["warm"] = warm(args.spec, work, args.warm_runs)
        if "imports" not in args.skip:
            print("imports ...", file=sys.stderr)
            res["imports"] = imports(Path(res["cold"]["output"]).parent, args.import_runs)
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    if "cold" in res:
        res["cold"].pop("output", None)
        if "cold" in args.skip:  # run only to have a package to import
            del res["cold"]
    print()
    print(report(res))
    if not args.quick:
        # A partial run (--skip) updates its sections of the previous figures.
        previous = c.RESULTS / "generation.json"
        if args.skip and previous.exists():
            res = {**json.loads(previous.read_text(encoding="utf-8")), **res}
        path = c.write_results("generation.json", res)
        print(f"\nfigures written to {path.relative_to(c.ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
