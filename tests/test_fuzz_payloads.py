"""Fuzzing the generated decoders with the real example payloads (issue 6).

The seeds are the SDK docs' own example values (``tests/fixtures``, see
``tests/test_payloads.py``) that decode and round-trip today.  Each case breaks
one seed at one JSON path, in one of these ways:

    wrong type    a value of every other JSON type in its place
    null          ``null`` in its place
    missing       the key deleted;  extra: an undocumented key added
    huge int      10**40 and a 400-digit negative integer
    bad date      impossible dates and date-times, and non-dates
    deep          a 1,000-level nested array in its place
    10 MB         a 10-million-character string in its place (a few per run)
    NaN           ``NaN``/``Infinity`` tokens in the JSON text (``from_json``)
    duplicate     the key written twice in the JSON text, the last one a wrong
                  type (JSON parsers keep the last: so do we)

The only acceptable outcomes: a ``DecodeError`` whose path is the broken value,
one of its ancestors (a union or an object reporting it) or, when the new value
is itself an array or object, somewhere inside it; or a decode that re-encodes
to strict JSON (``to_json`` may refuse a NaN with ``ValueError``, never write it)
and decodes again to an equal instance.  Anything else -- KeyError, TypeError,
RecursionError, a wrong path, invalid JSON out -- fails with the case named.

Cases per run: ``CASES`` in CI over ``SHARDS`` shards, times
``MDCODEGEN_FUZZ_SCALE`` (README, "Fuzzing").
"""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import pytest

from tests.test_payloads import EXPORTED, FIX, KNOWN, check_example, kombo_models
from tests.tools.fuzzrun import budget
from tests.tools.ir_oracle import Segs, delete_at, fmt_path, replace_at

SHARDS = 4
CASES = 4000  # in CI, over all shards
BIG_STRINGS = 3  # 10 MB strings per run (each costs ~0.1 s)



def _seeds() -> list[tuple[str, str, Any]]:
    out = []
    for fid, fx in sorted(FIX.items()):
        if fx["type"] in EXPORTED and fid not in KNOWN:
            out.append((fid, fx["type"], fx["value"]))
    return out


SEEDS = _seeds()


def paths(value: Any) -> Iterator[Segs]:
    """Every path in ``value``, the root included (an explicit stack)."""
    todo: list[tuple[Segs, Any]] = [((), value)]
    while todo:
        path, v = todo.pop()
        yield path
        if isinstance(v, dict):
            todo.extend(((*path, k), x) for k, x in v.items())
        elif isinstance(v, list):
            todo.extend(((*path, i), x) for i, x in enumerate(v))


def get(value: Any, path: Segs) -> Any:
    for seg in path:
        value = value[seg]
    return value


def deep(n: int) -> Any:
    v: Any = []
    for _ in range(n):
        v = [v]
    return v


WRONG_TYPES: list[Any] = [[], {}, "x", 7, 7.5, True]
HUGE_INTS = [10**40, -int("9" * 400)]
BAD_DATES = ["2024-02-30", "2024-13-01T00:00:00Z", "2024-01-01T25:00:00Z", "yesterday", "2024-01-01T00:00:00+24:00"]


@dataclasses.dataclass
class Case:
    fid: str
    type: str
    what: str
    path: Segs  # where the seed was broken
    container: bool  # the new value is an array or object (errors may point inside)
    value: Any = None  # the payload, for decode()
    text: str | None = None  # or its JSON text, for from_json()


Make = Callable[[], Case]


def mutations(fid: str, tp: str, seed: Any) -> list[Make]:
    """Every (path, kind) mutation of one seed, each built only when drawn (a
    seed has thousands; the copies are the cost)."""
    out: list[Make] = []

    def case(what: str, path: Segs, container: bool, build: Callable[[], Any], text: bool = False) -> None:
        if text:
            out.append(lambda: Case(fid, tp, what, path, container, text=build()))
        else:
            out.append(lambda: Case(fid, tp, what, path, container, build()))

    for path in paths(seed):
        here = get(seed, path)
        for bad in WRONG_TYPES:
            if type(bad) is not type(here):
                case(f"{type(bad).__name__} {bad!r}", path, isinstance(bad, (list, dict)), partial(replace_at, seed, path, bad))
        case("null", path, False, partial(replace_at, seed, path, None))
        if isinstance(here, dict):
            case("extra key", path, True, partial(replace_at, seed, path, dict(here, zz_fuzz_extra={"a": [1]})))
            if here:
                case("duplicate key, last one wrong", path, True, partial(_duplicate_key_text, seed, path, here), True)
        if path and isinstance(get(seed, path[:-1]), dict):
            case("missing key", path, False, partial(delete_at, seed, path))  # the error names the key
        if isinstance(here, (int, float)) and not isinstance(here, bool):
            for n in HUGE_INTS:
                case(f"huge int {str(n)[:12]}", path, False, partial(replace_at, seed, path, n))
            for token in ("NaN", "Infinity", "-Infinity"):
                case(token, path, False, partial(_with_token, seed, path, token), True)
        if isinstance(here, str):
            for d in BAD_DATES:
                case(f"bad date {d!r}", path, False, partial(replace_at, seed, path, d))
        case("1,000 deep", path, True, partial(replace_at, seed, path, deep(1000)))
    return out


def _with_token(seed: Any, path: Segs, token: str) -> str:
    return json.dumps(replace_at(seed, path, "\x00MARK\x00")).replace('"\\u0000MARK\\u0000"', token)


def _duplicate_key_text(seed: Any, path: Segs, obj: dict[str, Any]) -> str:
    """The seed's JSON text with the object's first key written twice, the second
    time with a value of another type."""
    key = next(iter(obj))
    marker = {"\x00DUP\x00": 0}
    body = json.dumps(replace_at(seed, path, marker))
    wrong = [] if not isinstance(obj[key], list) else {}
    inner = json.dumps(obj)[1:-1]
    dup = f"{{{inner}, {json.dumps(key)}: {json.dumps(wrong)}}}"
    return body.replace(json.dumps(marker), dup, 1)


def _related(found: str, broken: str, container: bool) -> bool:
    """``found`` is ``broken``, an ancestor of it, or (container) inside it."""
    def within(inner: str, outer: str) -> bool:
        return inner == outer or inner.startswith((outer + ".", outer + "["))

    return within(broken, found) or (container and within(found, broken))


def _decode(case: Case) -> Any:
    if case.text is None:
        return kombo_models.decode(case.type, case.value)
    cls: Any = getattr(kombo_models, case.type, None) if case.type in EXPORTED else None
    if cls is not None and hasattr(cls, "from_json"):
        return cls.from_json(case.text)
    return kombo_models.decode(case.type, kombo_models._runtime.loads(case.text))


def check(case: Case) -> str | None:
    """None when the outcome is acceptable; else what went wrong."""
    broken = fmt_path(case.path)
    try:
        decoded = _decode(case)
    except kombo_models.DecodeError as e:
        if not e.message:
            return f"DecodeError without a message at {e.path}"
        if not _related(e.path, broken, case.container):
            return f"DecodeError at {e.path}, but the payload was broken at {broken}: {e.message[:200]}"
        return None
    except Exception as e:  # noqa: BLE001 - every other escape is the finding
        return f"{type(e).__name__} escaped the decoder: {str(e)[:300]}"
    try:
        encoded = kombo_models.encode(decoded)
        text = decoded.to_json() if dataclasses.is_dataclass(decoded) else kombo_models._runtime.dumps(encoded)
    except ValueError as e:
        return None if "NaN" in str(e) or "JSON" in str(e) else f"encode: {e}"  # refusing a NaN is allowed
    except Exception as e:  # noqa: BLE001
        return f"{type(e).__name__} escaped the encoder: {str(e)[:300]}"
    try:
        json.loads(text, parse_constant=_no_constants)
    except RecursionError:
        pass  # deeper than the stdlib parser goes (a 1,000-deep `any` value)
    except ValueError as e:
        return f"the JSON written is not strict JSON: {e}"
    # Compared as JSON text: == on instances recurses, and `any` values may be
    # 1,000 deep.
    dumps = kombo_models._runtime.dumps
    again = kombo_models.decode(case.type, encoded)
    if dumps(kombo_models.encode(again)) != dumps(encoded):
        return "decode(encode(x)) is not x again"
    return None


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} written")


def sample(shard: int) -> Iterator[Case]:
    """The shard's share of the run: seeds in turn, a random mutation of each."""
    total = budget(CASES)
    rng = random.Random(f"payload-fuzz-{shard}")
    pool: dict[str, list[Make]] = {}
    for n in range(shard, total, SHARDS):
        fid, tp, seed = SEEDS[n % len(SEEDS)]
        if fid not in pool:
            pool[fid] = mutations(fid, tp, seed)
            if len(pool) > 64:  # bounded memory: forget the oldest
                pool.pop(next(iter(pool)))
        yield rng.choice(pool[fid])()


@pytest.mark.parametrize("shard", range(SHARDS))
def test_mutated_real_payloads_decode_or_fail_at_the_path(shard: int) -> None:
    assert len(SEEDS) >= 500, len(SEEDS)
    failures: list[str] = []
    kinds: dict[str, int] = {}
    for case in sample(shard):
        kind = case.what.split(" ")[0]
        kinds[kind] = kinds.get(kind, 0) + 1
        problem = check(case)
        if problem:
            failures.append(f"{case.fid} ({case.type}), {case.what} at {fmt_path(case.path)}: {problem}")
            if len(failures) >= 5:
                break
    print(f"shard {shard}: {sum(kinds.values())} cases {sorted(kinds.items())}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("n", range(BIG_STRINGS))
def test_a_10_mb_string_anywhere_decodes_or_fails_at_the_path(n: int) -> None:
    rng = random.Random(f"big-{n}")
    fid, tp, seed = rng.choice([s for s in SEEDS if isinstance(s[2], dict) and s[2]])
    path = rng.choice([p for p in paths(seed) if p])
    case = Case(fid, tp, "10 MB string", path, False, replace_at(seed, path, "x" * 10_000_000))
    problem = check(case)
    assert problem is None, f"{fid}, 10 MB string at {fmt_path(path)}: {problem}"


def test_the_oracle_refuses_a_wrong_path() -> None:
    """The path check is not vacuous: an error elsewhere is a finding."""
    assert _related("$.a", "$.a.b", False) and _related("$.a.b", "$.a.b", False)
    assert not _related("$.c", "$.a.b", False) and not _related("$.a.b.c", "$.a.b", False)
    assert _related("$.a.b.c", "$.a.b", True) and not _related("$.ab", "$.a", True)


def test_every_seed_round_trips() -> None:
    """The seeds are sound: each decodes and round-trips unmutated."""
    bad = [fid for fid, _, _ in SEEDS[:: max(1, len(SEEDS) // 200)] if check_example(FIX[fid]) is not None]
    assert not bad, bad[:5]


