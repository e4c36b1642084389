"""Import a generated package in a fresh interpreter and report what it did.

    python -I -B import_probe.py OUT PACKAGE PAYLOADS_JSON [WARMUP_OUT WARMUP_PACKAGE]

A warm-up package (generated from a benign spec) is imported and exercised
first, so that the standard-library modules and audit events that any package
needs are already seen; then an audit hook records every event of the package
under test, which is imported, every model module loaded, every export read,
and every payload (``{"heading": [value, ...]}``) decoded with
``PACKAGE.decode`` and encoded again.

Prints one JSON object:
  events       audit events the warm-up did not raise, or that touch files
               outside the package (opens for writing anywhere)
  new_modules  modules that appeared in sys.modules and are not the package's
  results      {"heading": [["ok", encoded] | ["decode-error", message] |
               ["exception", "Type: message"], ...]}
  exports      the package's __all__
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from typing import Any

# Events that carry no side effect outside the interpreter (or that the import
# system raises for the package's own files, checked by path below).
QUIET = {"exec", "compile", "import", "object.__setattr__", "object.__getattr__", "sys._getframe",
         "marshal.loads", "os.listdir", "os.scandir", "open", "code.__new__", "function.__new__",
         "builtins.id", "object.__delattr__", "sys._getframemodulename"}


def exercise(pkg: Any, name: str, payloads: dict[str, list[Any]]) -> dict[str, Any]:
    models_dir = os.path.join(os.path.dirname(pkg.__file__), "models")
    for file in sorted(os.listdir(models_dir)):
        if file.endswith(".py") and file != "__init__.py":
            importlib.import_module(f"{name}.models.{file[:-3]}")
    for export in pkg.__all__:
        getattr(pkg, export)
    results: dict[str, list[Any]] = {}
    for heading, values in payloads.items():
        out = results.setdefault(heading, [])
        for value in values:
            try:
                decoded = pkg.decode(heading, value)
                out.append(["ok", pkg.encode(decoded)])
            except pkg.DecodeError as exc:
                out.append(["decode-error", str(exc)])
            except Exception as exc:  # noqa: BLE001 - reported, the test decides
                out.append(["exception", f"{type(exc).__name__}: {exc}"])
    return results


def main() -> None:
    out, name, payloads_json = sys.argv[1:4]
    payloads = json.loads(payloads_json)
    if len(sys.argv) > 4:
        warm_out, warm_name = sys.argv[4:6]
        sys.path.insert(0, warm_out)
        exercise(importlib.import_module(warm_name), warm_name, {})
        sys.path.remove(warm_out)
    else:
        import dataclasses, datetime, enum, json as _json, math, re, typing  # noqa: E401,F401
    before = set(sys.modules)
    seen: list[tuple[str, Any]] = []
    package_dir = os.path.realpath(os.path.join(out, name))

    def hook(event: str, args: Any) -> None:
        if event == "open":
            path, mode, flags = (list(args) + [None, None])[:3]
            writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
            )
            inside = isinstance(path, str) and os.path.realpath(path).startswith(package_dir + os.sep)
            if writes or not inside:
                seen.append((event, repr(args)[:200]))
        elif event not in QUIET:
            seen.append((event, repr(args)[:200]))

    sys.path.insert(0, out)
    sys.addaudithook(hook)
    pkg = importlib.import_module(name)
    results = exercise(pkg, name, payloads)
    new = sorted(m for m in set(sys.modules) - before if m != name and not m.startswith(name + "."))
    exports = list(pkg.__all__)
    sys.stdout.write(json.dumps({"events": seen, "new_modules": new, "results": results, "exports": exports}))


if __name__ == "__main__":
    main()
