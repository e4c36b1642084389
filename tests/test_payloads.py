"""Every example payload the SDK docs ship decodes and re-encodes to the same document.

The fixtures are extracted by ``tests/tools/extract_examples.py`` (re-run it when
the corpus changes; ``test_fixtures_are_current`` fails when they are stale):

* ``tests/fixtures/ts_examples/*.json`` -- the TypeScript SDK's ``## Example Usage``
  values and its union pages' ``## Supported Types`` values (test ids ``ts:...``);
* ``tests/fixtures/ts_examples_ruby/*.json`` -- the Ruby pages' own ``Example``
  column, for fields that link a model (test ids ``ruby:...``).

For each example whose type is exported by ``kombo_models`` (``__all__``):
``kombo_models.decode(type, value)`` must succeed, and
``json.loads(json.dumps(kombo_models.encode(decoded)))`` must be the same document
as ``value``.  "The same document" (``tests.tools.ir_oracle.first_difference``):

* objects compare key by key (order ignored), arrays item by item;
* numbers compare by value (``37`` equals ``37.0``) and never equal a boolean;
* **date-times compare as instants**: every string that is an RFC 3339 date-time
  is replaced, on both sides, by its UTC instant in microseconds (fraction digits
  past the sixth are dropped, as the runtime keeps microseconds), so
  ``2022-08-07T16:01:29.1960+02:00`` equals ``2022-08-07T14:01:29.196Z``;
  date-only strings and every other string must match exactly.

For object models the JSON text entry points are checked too: ``from_json`` of the
example's text gives the same instance, and ``to_json`` is strict JSON for the
same document.  Examples whose type is not a model of the Ruby docs are skipped
with one shared reason, so the summary counts them.

Known failures (the Ruby docs lose information the TypeScript docs keep; the
API's own examples carry keys the docs don't list) are listed, with the reason,
in ``tests/fixtures/ts_examples_known_failures.json`` under ``"examples"`` and
marked ``xfail(strict=True)``: when the generator is fixed, the case XPASSes,
which fails the run -- remove its entry then.

``python tests/test_payloads.py`` prints the count and every failure as JSON
(ready to paste into the known-failures file).
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "generated"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import kombo_models  # noqa: E402

from tests.tools import extract_examples  # noqa: E402
from tests.tools.ir_oracle import first_difference  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
SOURCES = {"ts": FIXTURES / "ts_examples", "ruby": FIXTURES / "ts_examples_ruby"}
KNOWN_FAILURES_FILE = FIXTURES / "ts_examples_known_failures.json"
NOT_GENERATED = "not a model of the Ruby docs (a TypeScript-only type): nothing to decode it with"


def load_fixtures() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for prefix, folder in SOURCES.items():
        for path in sorted(folder.glob("*.json")):
            out[f"{prefix}:{path.stem}"] = json.loads(path.read_text(encoding="utf-8"))
    return out


def load_known_failures() -> dict[str, dict[str, Any]]:
    doc = json.loads(KNOWN_FAILURES_FILE.read_text(encoding="utf-8"))
    return doc.get("examples", {})  # type: ignore[no-any-return]


FIX = load_fixtures()
KNOWN = load_known_failures()
EXPORTED = set(kombo_models.__all__)


def check_example(fx: dict[str, Any]) -> str | None:
    """None when the example decodes and re-encodes to the same document; else
    what went wrong: the path, what the example has there and what came back."""
    name, value = fx["type"], fx["value"]
    try:
        decoded = kombo_models.decode(name, value)
    except kombo_models.DecodeError as e:
        return f"decode fails at {e.path}: {e.message}"
    encoded = kombo_models.encode(decoded)
    impure = _not_plain(encoded)
    if impure:
        return f"encode() gives a {impure} where a plain JSON value belongs"
    text = json.dumps(encoded, allow_nan=False)  # encode gives JSON values only
    document = json.loads(text)
    diff = first_difference(value, document)
    if diff is not None:
        path, expected, found = diff
        return f"re-encoded document differs at {path}: expected {expected!r}, found {found!r}"
    if dataclasses.is_dataclass(decoded):  # an object model, or the object member of a union
        model: Any = decoded
        again = type(model).from_json(json.dumps(value))
        if again != decoded:
            return f"{type(decoded).__name__}.from_json(the example's JSON text) differs from decode(dict)"
        try:
            if type(model).from_dict(model.to_dict()) != decoded:
                return f"{type(decoded).__name__}.from_dict(x.to_dict()) differs from x"
        except kombo_models.DecodeError as e:
            return f"{type(decoded).__name__}.from_dict(x.to_dict()) fails: {e}"
        out = json.loads(model.to_json(), parse_constant=_reject_constant)
        diff = first_difference(document, out)
        if diff is not None:
            return f"to_json differs from to_dict at {diff[0]}: {diff[1]!r} vs {diff[2]!r}"
    return None


_PLAIN = (dict, list, str, int, float, bool, type(None))


def _not_plain(value: Any) -> str | None:
    """The type name of the first value that is not exactly a JSON type (an enum
    member is a str subclass: json.dumps writes it, from_dict does not take it)."""
    todo = [value]
    while todo:
        v = todo.pop()
        if type(v) not in _PLAIN:
            return type(v).__name__
        if type(v) is dict:
            todo.extend(v.values())
        elif type(v) is list:
            todo.extend(v)
    return None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _params() -> list[Any]:
    params = []
    for fid, fx in FIX.items():
        marks: list[Any] = []
        if fx["type"] not in EXPORTED:
            marks.append(pytest.mark.skip(reason=NOT_GENERATED))
        elif fid in KNOWN:
            k = KNOWN[fid]
            marks.append(
                pytest.mark.xfail(
                    strict=True, raises=AssertionError, reason=f"[{k['category']}] {k['reason']}"
                )
            )
        params.append(pytest.param(fx, id=fid, marks=marks))
    return params


@pytest.mark.parametrize("fx", _params())
def test_example_decodes_and_round_trips(fx: dict[str, Any]) -> None:
    failure = check_example(fx)
    assert failure is None, f"{fx['type']} from {fx['source']}: {failure}"


def test_there_are_examples_to_check() -> None:
    # A broken extractor or a moved corpus must not turn the suite into zero tests.
    ts = [f for k, f in FIX.items() if k.startswith("ts:")]
    assert len(ts) >= 900, len(ts)
    assert sum(1 for f in ts if f["type"] in EXPORTED) >= 900
    assert sum(1 for k in FIX if k.startswith("ruby:")) >= 50


def test_known_failures_file_is_well_formed() -> None:
    doc = json.loads(KNOWN_FAILURES_FILE.read_text(encoding="utf-8"))
    stale = sorted(k for k in doc.get("examples", {}) if k not in FIX)
    assert not stale, f"entries for examples that no longer exist: {stale}"
    not_run = sorted(k for k in doc.get("examples", {}) if FIX[k]["type"] not in EXPORTED)
    assert not not_run, f"entries for examples that are skipped anyway: {not_run}"
    for k, v in doc.get("examples", {}).items():
        assert set(v) >= {"category", "reason"} and v["category"] in doc["categories"], k
    # sorted keys keep diffs small when entries are removed
    text = KNOWN_FAILURES_FILE.read_text(encoding="utf-8")
    assert text == json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.mark.skipif(
    not extract_examples.DEFAULT_TS.is_dir(), reason="the TypeScript corpus is not checked out"
)
def test_fixtures_are_current(tmp_path: Path) -> None:
    """The committed fixtures are exactly what the extractor writes today."""
    ts, problems = extract_examples.ts_fixtures(extract_examples.DEFAULT_TS)
    rb, rb_problems = extract_examples.ruby_fixtures(extract_examples.DEFAULT_RUBY)
    assert not problems + rb_problems
    changed = extract_examples.sync(SOURCES["ts"], ts, check=True)
    changed += extract_examples.sync(SOURCES["ruby"], rb, check=True)
    assert not changed, f"run `python tests/tools/extract_examples.py`: {changed[:10]}"


def report() -> dict[str, Any]:
    """Every example's outcome, for the lead: counts and the failures."""
    counts = {"extracted": len(FIX), "not_generated": 0, "checked": 0, "ok": 0, "failing": 0}
    failures: dict[str, dict[str, str]] = {}
    for fid, fx in FIX.items():
        if fx["type"] not in EXPORTED:
            counts["not_generated"] += 1
            continue
        counts["checked"] += 1
        failure = check_example(fx)
        if failure is None:
            counts["ok"] += 1
        else:
            counts["failing"] += 1
            known = KNOWN.get(fid, {})
            failures[fid] = {
                "category": known.get("category", "uncategorised"),
                "reason": failure,
                "source": fx["source"],
            }
    return {"counts": counts, "failures": failures}


if __name__ == "__main__":
    r = report()
    c = r["counts"]
    print(
        f"decoded and round-tripped {c['ok']}/{c['checked']} examples "
        f"({c['extracted']} extracted, {c['not_generated']} of types the Ruby docs lack)",
        file=sys.stderr,
    )
    print(json.dumps(r, indent=2, sort_keys=True, ensure_ascii=False))
