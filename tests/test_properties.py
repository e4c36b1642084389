"""Property tests over every generated model, driven by the IR.

The IR (``mdcodegen ir``'s document, built in process from ``specs/`` and cached
under pytest's cache folder by a hash of the spec, the generator and the config)
is read by ``tests/tools/ir_oracle.py``: an independent, deliberately simple
statement of what is a valid payload of each model and which JSON paths point at
the bad value of an invalid one.  ``tests/tools/ir_strategies.py`` turns it into
hypothesis strategies.  The generated package under test is the committed
``generated/kombo_models``; ``test_every_ir_model_is_in_the_package`` fails first
when it is stale.

Properties
  (a) a valid payload decodes; ``to_dict(from_dict(d))`` is ``d`` again and
      ``from_json(to_json(x)) == x``; ``to_json`` is strict JSON (no NaN), valid
      UTF-8.  Documents are compared by ``ir_oracle.first_difference``: RFC 3339
      date-times as instants (to the microsecond), numbers by value, key order
      ignored.  Unions: which member was chosen does not matter, only that the
      JSON comes back.
  (b) an invalid payload (a wrong-typed value, a missing required key, a value a
      closed enum does not list, null in a non-nullable field, garbage at the
      root) raises ``DecodeError`` -- never anything else, and never the
      runtime's safety net (a ``KeyError``/``TypeError``/... re-raised as
      "cannot decode (...)" at ``$``) -- and its ``.path`` is one of the paths
      the oracle names for the bad value.  Whether a mutation made the payload
      invalid is the oracle's call: inside a union another member may accept it.

Deterministic tests run every model once (parametrized by model, so the run
counts them); hypothesis tests sample models with ``st.sampled_from`` in
``SHARDS`` groups that xdist spreads over workers.  Budgets: ``VALID_EXAMPLES``
and ``INVALID_EXAMPLES`` per shard, scaled by the ``MDCODEGEN_PROPERTY_SCALE``
environment variable (e.g. 20 for a long local run).

Known failures: unions listed under ``"models"`` in
``tests/fixtures/ts_examples_known_failures.json`` are strict xfail in the
deterministic round-trip test, and their ``lossy_members`` are not drawn inside
other models (so one known bug does not fail every model that contains it).
Runtime bugs these properties found have their own strict-xfail tests in
``tests/test_runtime_edges.py``; the one signature they can produce here
(``KNOWN_BUG_SIGNATURES``) is tolerated only while that test still fails.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import os
import random
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "generated"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import kombo_models as km  # noqa: E402

from tests.tools.ir_oracle import (  # noqa: E402
    Schema,
    Site,
    cache_dir_for,
    delete_at,
    first_difference,
    fmt_path,
    instant,
    load_ir,
    normalise,
    replace_at,
)
from tests.tools.ir_strategies import ANY_JSON, Strategies  # noqa: E402

SCALE = float(os.environ.get("MDCODEGEN_PROPERTY_SCALE", "1"))
SHARDS = 6
VALID_EXAMPLES = max(1, int(100 * SCALE))  # per shard: 600 payloads in all
INVALID_EXAMPLES = max(1, int(120 * SCALE))  # per shard: 720 mutations in all
MUTATIONS_PER_MODEL = 24  # deterministic test: mutations tried on each model's full example

KNOWN_FAILURES = json.loads(
    (ROOT / "tests" / "fixtures" / "ts_examples_known_failures.json").read_text(encoding="utf-8")
)["models"]

# Bugs with a dedicated strict-xfail test in test_runtime_edges.py that random
# mutations can also hit.  Tolerated here only by this exact signature.
KNOWN_BUG_SIGNATURES = {
    # test_runtime_edges.py::test_union_constant_prefilter_with_unhashable_value
    "cannot decode (TypeError: unhashable type",
}

PROPERTY_SETTINGS = settings(
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
)

# --- the schema, once per process (cached across processes) -------------------------

_SCHEMA: Schema | None = None


def get_schema(config: pytest.Config | None = None) -> Schema:
    global _SCHEMA
    if _SCHEMA is None:
        schema = Schema(load_ir(cache_dir_for(config)))
        for name, entry in KNOWN_FAILURES.items():
            if name in schema.models and entry.get("lossy_members"):
                schema.avoid(name, entry["lossy_members"])
        _SCHEMA = schema
    return _SCHEMA


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "model_name" not in metafunc.fixturenames:
        return
    schema = get_schema(metafunc.config)
    params = []
    for name in sorted(schema.models):
        marks = []
        entry = KNOWN_FAILURES.get(name)
        if entry and metafunc.function.__name__ == "test_model_round_trips":
            marks.append(
                pytest.mark.xfail(
                    strict=True,
                    raises=AssertionError,
                    reason=f"[{entry['category']}] {entry['reason']}",
                )
            )
        params.append(pytest.param(name, id=name, marks=marks))
    metafunc.parametrize("model_name", params)


@pytest.fixture(scope="session")
def schema(request: pytest.FixtureRequest) -> Schema:
    return get_schema(request.config)


@pytest.fixture(scope="session")
def strategies(schema: Schema) -> Strategies:
    return Strategies(schema)


def shard_names(schema: Schema, shard: int) -> list[str]:
    return sorted(schema.models)[shard::SHARDS]


# --- the checks ---------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def strict_json(text: str) -> Any:
    """json.loads that refuses NaN/Infinity, for text that must be RFC 8259 JSON."""
    text.encode("utf-8")  # JSON text is UTF-8: a lone surrogate cannot be written
    return json.loads(text, parse_constant=_reject_constant)


def assert_round_trip(schema: Schema, name: str, payload: Any) -> None:
    """Property (a) for one valid payload."""
    m = schema.models[name]
    assert schema.check_model(name, payload) is None, "test bug: the example itself is invalid"
    target = getattr(km, m.export)
    if m.kind == "object":
        x = target.from_dict(payload)
        assert type(x) is target
        d = x.to_dict()
        text = x.to_json()
        y = target.from_json(text)
        assert y == x, "from_json(to_json(x)) != x"
        z = target.from_json(json.dumps(payload))
        assert z == x, "from_json(text) differs from from_dict(dict)"
    else:
        x = km.decode(name, payload)
        d = km.encode(x)
        text = json.dumps(d, ensure_ascii=False, allow_nan=False)
        y = km.decode(name, json.loads(text))
        assert y == x, "decode(encode(x)) != x"
    doc = strict_json(text)
    diff = first_difference(payload, doc)
    assert diff is None, "re-encoded document differs at %s: expected %r, found %r" % diff
    # to_dict/encode give the same document as the text (plain JSON values only)
    diff = first_difference(doc, json.loads(json.dumps(d, allow_nan=False)))
    assert diff is None, "to_dict differs from to_json at %s: %r vs %r" % diff


def assert_decode_outcome(schema: Schema, name: str, payload: Any, what: str) -> str:
    """Property (b): decode ``payload`` as the oracle says.  Returns the outcome."""
    expected = schema.check_model(name, payload)
    m = schema.models[name]
    try:
        if m.kind == "object":
            getattr(km, m.export).from_dict(payload)
        else:
            km.decode(name, payload)
    except km.DecodeError as e:
        if any(e.message.startswith(sig) for sig in KNOWN_BUG_SIGNATURES):
            return "known-bug"
        assert not e.message.startswith(
            "cannot decode ("
        ), f"{what}: the runtime's safety net caught a crash in the generated decoder: {e}"
        assert expected is not None, f"{what}: a valid payload was rejected: {e}"
        assert (
            e.path in expected
        ), f"{what}: DecodeError at {e.path} ({e.message}); the bad value is at {sorted(expected)}"
        assert str(e).startswith(e.path), str(e)
        return "rejected"
    except Exception as e:  # noqa: BLE001 - the point: nothing but DecodeError
        raise AssertionError(f"{what}: {type(e).__name__} escaped decoding: {e}") from e
    assert expected is None, f"{what}: accepted although the value at {sorted(expected)} is invalid"
    return "accepted"


def mutations(schema: Schema, name: str, payload: Any) -> list[tuple[str, Any]]:
    """Every single-point break of ``payload`` the oracle knows, labelled."""
    root = ("ref", schema.models[name].page)
    out: list[tuple[str, Any]] = []
    for site in schema.sites(root, payload):
        where = fmt_path(site.segs)
        if site.key_state == "missing":
            out.append((f"delete required {where}", delete_at(payload, site.segs)))
            continue
        for label, bad in schema.bad_values(site):
            out.append((f"{label} at {where}", replace_at(payload, site.segs, bad)))
    for label, bad in GARBAGE:
        out.append((f"{label} at the root", bad))
    return out


GARBAGE = [
    ("an integer", 42),
    ("a string", "garbage"),
    ("an array", [1, 2]),
    ("null", None),
    ("true", True),
    ("a float", 0.5),
    ("an empty object", {}),
]


# --- the package matches the IR -----------------------------------------------------


def test_every_ir_model_is_in_the_package(schema: Schema) -> None:
    """Checked first: a stale generated/ makes every other test here meaningless."""
    exported = set(km.__all__)
    problems = []
    for name, m in sorted(schema.models.items()):
        if m.export not in exported:
            problems.append(f"{name}: not exported as {m.export}")
            continue
        target = getattr(km, m.export)
        if m.kind == "object":
            if not dataclasses.is_dataclass(target):
                problems.append(f"{name}: not a dataclass")
                continue
            wires = [f.metadata.get("json") for f in dataclasses.fields(target)]
            if sorted(w for w in wires if w is not None) != sorted(f.wire for f in m.fields):
                problems.append(f"{name}: fields {wires} != IR {[f.wire for f in m.fields]}")
        elif m.kind == "enum":
            if not (isinstance(target, type) and issubclass(target, enum.Enum)):
                problems.append(f"{name}: not an Enum")
            elif sorted(x.value for x in target) != sorted(m.values):
                problems.append(f"{name}: values differ from the IR")
    assert not problems, "generated/ does not match specs/ (regenerate?):\n" + "\n".join(
        problems[:20]
    )
    assert len(schema.models) >= 1000


def test_the_comparison_rule() -> None:
    """The documented comparison: date-times as instants, nothing else loosened."""
    assert instant("2022-08-07T16:01:29.1960+02:00") == instant("2022-08-07T14:01:29.196Z")
    assert instant("2022-08-07T14:01:29.123456789Z") == instant("2022-08-07T14:01:29.123456Z")
    assert instant("2022-08-07T14:01:29Z") != instant("2022-08-07T14:01:29")  # naive is not UTC
    assert first_difference({"a": "2022-08-07"}, {"a": "2022-8-7"}) is not None
    assert first_difference({"a": 1}, {"a": True}) is not None
    assert first_difference({"a": 1}, {"a": 1.0}) is None
    assert first_difference({"a": "x"}, {}) == ("$.a", "x", "<absent>")
    assert first_difference([{"k-1": [0, 1]}], [{"k-1": [0, 2]}]) == ('$[0]["k-1"][1]', 1, 2)
    assert normalise("not a date") == "not a date"
    assert normalise(["2022-08-07T14:01:29Z"]) == normalise(["2022-08-07T15:01:29+01:00"])


def test_the_oracle_points_at_the_mutation(schema: Schema) -> None:
    """The expected error paths are the mutated place (outside unions)."""
    name = "GetHrisEmployeesPositiveResponseResult"
    if name not in schema.models:
        pytest.skip(f"{name} is no longer in the spec")
    full = schema.object_example(schema.models[name], True)
    assert schema.check_model(name, full) is None
    assert schema.check_model(name, replace_at(full, ("id",), 0)) == frozenset({"$.id"})
    assert schema.check_model(name, delete_at(full, ("id",))) == frozenset({"$.id"})
    first = next(iter(full["employments"][0]))
    broken = replace_at(full, ("employments", 0, first), [])
    assert schema.check_model(name, broken) == frozenset({f"$.employments[0].{first}"})
    assert schema.check_model(name, 42) == frozenset({"$"})


# --- (a) and (b), every model once ----------------------------------------------------


def test_model_round_trips(schema: Schema, model_name: str) -> None:
    """Deterministic: the smallest and the fullest payload (each member of a
    union), and for objects an undocumented key, which must be tolerated."""
    for label, payload in schema.examples_of(model_name):
        try:
            assert_round_trip(schema, model_name, payload)
        except AssertionError as e:
            raise AssertionError(f"{label} example {json.dumps(payload)[:300]}: {e}") from None
    m = schema.models[model_name]
    if m.kind == "object" and m.additional is None:
        full = schema.object_example(m, True)
        key = "zz_undocumented_key"
        if key not in full:
            x = getattr(km, m.export).from_dict({**full, key: {"any": ["json"]}})
            expected = {**full, key: {"any": ["json"]}} if schema.keep_unknown else full
            diff = first_difference(expected, json.loads(x.to_json()))
            assert diff is None, (
                "with an undocumented key, re-encoded document differs at %s: %r vs %r" % diff
            )


def test_model_rejects_broken_payloads(schema: Schema, model_name: str) -> None:
    """Deterministic: garbage at the root, and MUTATIONS_PER_MODEL single-point
    breaks (drawn with a seed fixed per model) of the full example -- of every
    member's full example for a union."""
    m = schema.models[model_name]
    examples = [
        p
        for label, p in schema.examples_of(model_name)
        if m.kind != "union" or label.endswith("full")
    ]
    cases: list[tuple[str, Any]] = []
    for payload in examples[:1] if m.kind != "union" else examples:
        cases += [
            (w, p) for w, p in mutations(schema, model_name, payload) if not w.endswith("the root")
        ]
    rng = random.Random(model_name)
    cases = rng.sample(cases, min(MUTATIONS_PER_MODEL, len(cases)))
    cases += [(f"{label} at the root", bad) for label, bad in GARBAGE]
    outcomes = [assert_decode_outcome(schema, model_name, p, what) for what, p in cases]
    if m.kind == "object":
        assert "rejected" in outcomes  # garbage at the root, at least


# --- (a) and (b), random ----------------------------------------------------------------


@pytest.mark.parametrize("shard", range(SHARDS))
@settings(PROPERTY_SETTINGS, max_examples=VALID_EXAMPLES)
@given(data=st.data())
def test_random_valid_payloads_round_trip(
    schema: Schema, strategies: Strategies, shard: int, data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(shard_names(schema, shard)), label="model")
    payload = data.draw(strategies.for_model(name), label="payload")
    assert_round_trip(schema, name, payload)


@pytest.mark.parametrize("shard", range(SHARDS))
@settings(PROPERTY_SETTINGS, max_examples=INVALID_EXAMPLES)
@given(data=st.data())
def test_random_invalid_payloads_raise_decode_error_at_the_bad_value(
    schema: Schema, strategies: Strategies, shard: int, data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(shard_names(schema, shard)), label="model")
    if data.draw(st.integers(0, 9), label="garbage at the root?") == 0:
        payload = data.draw(ANY_JSON, label="garbage")
        assert_decode_outcome(
            schema, name, payload, f"garbage {json.dumps(payload)[:80]} for {name}"
        )
        return
    valid = data.draw(strategies.for_model(name), label="valid payload")
    root = ("ref", schema.models[name].page)
    sites = list(schema.sites(root, valid))
    site: Site = data.draw(st.sampled_from(sites), label="site")
    where = fmt_path(site.segs)
    if site.key_state == "missing":
        what, payload = f"delete required {where}", delete_at(valid, site.segs)
    else:
        choices = schema.bad_values(site)
        if not choices:  # `any`: nothing is wrong there; break the root instead
            choices = GARBAGE
            site = Site((), root, False, None)
            where = "$"
        label, bad = data.draw(st.sampled_from(choices), label="bad value")
        what, payload = f"{label} at {where}", replace_at(valid, site.segs, bad)
    note(f"{name}: {what}")
    assert_decode_outcome(schema, name, payload, f"{name}: {what}")
