"""Where the generated codecs spend their time, and what would make them faster.

    .venv-bench/bin/python bench/profile_generated.py [--top N]

Three parts, printed and written to bench/results/profile.json:

1. cProfile of ``from_dict``, ``to_dict``, ``from_json`` and ``to_json`` of the
   generated models on the two payloads of bench/serializers.py: the functions
   with the most time of their own (cProfile inflates call-heavy code, so read
   these as shares, and part 2 for absolute costs).
2. The cost of each runtime helper the generated code calls, per call, beside the
   cheaper spelling that would do the same job (timeit, min of repeats).
3. Sketches, measured on the real payloads against today's generated code:
   the fast-path decoder of bench/experiments/fastpath.py; and the date-time
   parse and format alternatives of part 2 applied to the employees payload.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import re
import sys
import timeit
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import _common as c
import payloads

sys.path.insert(0, str(c.GENERATED))

import kombo_models as km
import orjson
from experiments.fastpath import decode_integration
from kombo_models import _runtime as r


def best(fn: Callable[[], Any], number: int = 0, repeat: int = 7) -> float:
    """Seconds per call: the minimum over ``repeat`` timeit runs."""
    if not number:
        number = c.calibrate(fn, 0.02)
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


# --- 1. cProfile -------------------------------------------------------------------


def profile(fn: Callable[[], Any], calls: int, top: int) -> list[dict[str, Any]]:
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(calls):
        fn()
    prof.disable()
    stats = pstats.Stats(prof, stream=io.StringIO())
    total = sum(v[2] for v in stats.stats.values())  # type: ignore[attr-defined]
    rows = []
    for (path, line, func), (cc, nc, tt, ct, _) in stats.stats.items():  # type: ignore[attr-defined]
        where = re.sub(r".*/kombo_models/", "", path)
        if where == "~":
            where = ""
        rows.append({"function": f"{where}:{line}({func})" if where else func,
                     "calls_per_op": nc / calls, "own_share": tt / total if total else 0.0,
                     "own_us_per_op": tt / calls * 1e6})
    rows.sort(key=lambda x: -x["own_share"])
    return rows[:top]


# --- 2. helper costs ----------------------------------------------------------------

_DT_TEXT = "2022-08-07T14:01:29.196Z"
_DT = r.parse_datetime(_DT_TEXT)
assert _DT is not None


def parse_datetime_fromiso(v: Any, _m: Any = r._DATETIME.fullmatch,
                           _f: Any = datetime.fromisoformat) -> datetime | None:
    """Same acceptance and results as today (the regex decides), but the datetime
    is built by C: Python 3.11+'s fromisoformat (which, like today's code, keeps
    fraction digits to microseconds); anything it refuses (`z`, `t`, 30 February)
    goes to today's code."""
    if type(v) is str and _m(v) is not None:
        try:
            return _f(v)  # type: ignore[no-any-return]
        except ValueError:
            return r.parse_datetime(v)
    return None


_PARSE_CACHE: dict[str, datetime | None] = {}


def parse_datetime_cached(v: Any) -> datetime | None:
    """Today's parse behind a bounded cache: API payloads repeat timestamps."""
    try:
        return _PARSE_CACHE[v]
    except KeyError:
        if len(_PARSE_CACHE) > 4096:
            _PARSE_CACHE.clear()
        out = _PARSE_CACHE[v] = r.parse_datetime(v)
        return out
    except TypeError:  # unhashable: not a string anyway
        return None


_FMT = "%04d-%02d-%02dT%02d:%02d:%02d"


def enc_datetime_fast(v: datetime) -> str:
    """Today's output, formatted without isoformat() on an aware datetime (whose
    UTC-offset rendering is most of its cost)."""
    if v.tzinfo is timezone.utc:
        text = _FMT % (v.year, v.month, v.day, v.hour, v.minute, v.second)
        us = v.microsecond
        if us:
            text += ".%03d" % (us // 1000) if us % 1000 == 0 else ".%06d" % us  # noqa: UP031
        return text + "Z"
    return r.enc_datetime(v)


def helper_costs() -> list[dict[str, Any]]:
    """Statements timed as written (no wrapper call), in the generated modules' terms."""
    enum_mod = sys.modules[
        km.GetIntegrationsIntegrationIdPositiveResponseReadModelFieldCoverageStatus.__module__
    ]
    env = {
        "r": r, "d": {"s": "x", "n": None, "b": True, "e": "SUPPORTED"},
        "E": enum_mod, "BY_VALUE": enum_mod._BY_VALUE, "UNSET": r.UNSET,
        "Model": r.Model, "new": object.__new__, "dt": _DT, "text": _DT_TEXT,
        "fromiso": parse_datetime_fromiso, "cached": parse_datetime_cached,
        "fmt": enc_datetime_fast, "orjson": orjson,
        "raw": json.dumps(payloads.integration()).encode(),
    }
    pairs = [
        ("date-time parse", "r.parse_datetime(text)", "fromiso(text)",
         "regex check, then datetime.fromisoformat (3.11+)"),
        ("date-time parse", "r.parse_datetime(text)", "cached(text)",
         "a bounded dict cache in front of it (hit)"),
        ("date-time format", "r.enc_datetime(dt)", "fmt(dt)",
         "%-format when tzinfo is timezone.utc"),
        ("enum field", 'x = r.req(d, "e", E._decode)', 'x = BY_VALUE[d["e"]]',
         "table lookup inline (misses handled by a fallback)"),
        ("string field", 'x = r.req_str(d, "s")',
         'x = d["s"]\nif type(x) is not str: raise TypeError', "check inline"),
        ("optional field", 'x = r.opt_n_str(d, "s")',
         ('x = d.get("s", UNSET)\nif type(x) is not str and x is not None and x is not UNSET:'
          ' raise TypeError'), "check inline"),
        ("instance", "o = r.new(Model, d)", "o = new(Model)",
         "object.__new__ bound once; the dict check folded into the fields' reads"),
        ("from_json, 22 KB", "r._BIG_NUMBER.search(raw)", "orjson.loads(raw)",
         "(for scale: the parse itself)"),
    ]
    out = []
    for what, today, instead, how in pairs:
        a = best_stmt(today, env)
        b = best_stmt(instead, env)
        out.append({"what": what, "today": today.split("\n")[0], "today_ns": a * 1e9,
                    "instead": how, "instead_code": instead, "instead_ns": b * 1e9})
    return out


def best_stmt(stmt: str, env: dict[str, Any], repeat: int = 7) -> float:
    timer = timeit.Timer(stmt, globals=env)
    number = c.calibrate(lambda: timer.timeit(1), 0.02)
    return min(timer.repeat(repeat=repeat, number=number)) / number


# --- 3. sketches on the payloads ----------------------------------------------------


def sketches() -> dict[str, Any]:
    out: dict[str, Any] = {}
    integ = payloads.integration()
    K = km.GetIntegrationsIntegrationIdPositiveResponse
    assert decode_integration(integ) == K.from_dict(integ)
    out["fastpath_integration_decode"] = {
        "today_us": best(lambda: K.from_dict(integ)) * 1e6,
        "sketch_us": best(lambda: decode_integration(integ)) * 1e6,
    }

    emp = payloads.employees()
    E = km.GetHrisEmployeesPositiveResponse
    obj = E.from_dict(emp)
    raw = json.dumps(emp, separators=(",", ":")).encode()
    today_dec = best(lambda: E.from_dict(emp))
    today_enc = best(lambda: obj.to_dict())
    today_loads = best(lambda: E.from_json(raw))
    # The same runs with the runtime's date-time helpers swapped (monkeypatched
    # for the measurement only, then restored).
    saved = r.parse_datetime, r.enc_datetime
    try:
        r.parse_datetime = parse_datetime_fromiso  # type: ignore[assignment]
        r.enc_datetime = enc_datetime_fast  # type: ignore[assignment]
        assert E.from_dict(emp) == obj and obj.to_dict() == E.from_dict(emp).to_dict()
        iso_dec = best(lambda: E.from_dict(emp))
        fast_enc = best(lambda: obj.to_dict())
    finally:
        r.parse_datetime, r.enc_datetime = saved
    # from_json without the big-number scan (orjson straight away).
    direct_loads = best(lambda: r._entry(r._decoder_of(E), orjson.loads(raw)))
    out["employees_datetimes"] = {
        "datetimes_per_payload": sum(
            1 for m in re.finditer(rb'"\d{4}-\d\d-\d\dT', raw)),
        "decode_today_us": today_dec * 1e6,
        "decode_fromisoformat_us": iso_dec * 1e6,
        "encode_today_us": today_enc * 1e6,
        "encode_fast_format_us": fast_enc * 1e6,
    }
    out["employees_from_json"] = {
        "today_us": today_loads * 1e6,
        "orjson_without_scan_us": direct_loads * 1e6,
        "scan_matches_a_string": r._BIG_NUMBER.search(raw) is not None,
        "note": "the IBAN \"DE12345678901234567890\" is a 20-digit run inside a string:"
                " today it sends the whole document to the json module",
    }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Profile the generated codecs.")
    ap.add_argument("--top", type=int, default=8)
    args = ap.parse_args(argv)
    res: dict[str, Any] = {"benchmark": "profile", "machine": c.machine(), "cprofile": {}}

    for name, build, K, calls in (
        ("integration", payloads.integration, km.GetIntegrationsIntegrationIdPositiveResponse, 200),
        ("employees", payloads.employees, km.GetHrisEmployeesPositiveResponse, 10),
    ):
        data = build()
        raw = json.dumps(data, separators=(",", ":")).encode()
        obj = K.from_dict(data)
        ops = {"from_dict": lambda K=K, data=data: K.from_dict(data),
               "to_dict": lambda obj=obj: obj.to_dict(),
               "from_json": lambda K=K, raw=raw: K.from_json(raw),
               "to_json": lambda obj=obj: obj.to_json()}
        res["cprofile"][name] = {}
        for op, fn in ops.items():
            rows = profile(fn, calls, args.top)
            res["cprofile"][name][op] = rows
            print(f"\n{name} {op}: functions by own time (cProfile)")
            print(c.table(["function", "calls/op", "share", "µs/op"], [
                [x["function"][:95], f"{x['calls_per_op']:.0f}", f"{x['own_share']:.0%}",
                 f"{x['own_us_per_op']:.0f}"] for x in rows]))

    print("\nruntime helpers: today and a cheaper spelling (ns per call, min of 7)")
    res["helpers"] = helper_costs()
    print(c.table(["what", "today", "ns", "instead", "ns"], [
        [h["what"], h["today"], f"{h['today_ns']:,.0f}", h["instead"],
         f"{h['instead_ns']:,.0f}"] for h in res["helpers"]]))

    print("\nsketches on the payloads (µs per call, min of 7)")
    res["sketches"] = s = sketches()
    f = s["fastpath_integration_decode"]
    e = s["employees_datetimes"]
    j = s["employees_from_json"]
    print(c.table(["sketch", "today µs", "sketch µs", "ratio"], [
        ["integration from_dict, fast-path decoder", f"{f['today_us']:.0f}",
         f"{f['sketch_us']:.0f}", f"{f['sketch_us'] / f['today_us']:.2f}"],
        [f"employees from_dict, fromisoformat ({e['datetimes_per_payload']} date-times)",
         f"{e['decode_today_us']:,.0f}", f"{e['decode_fromisoformat_us']:,.0f}",
         f"{e['decode_fromisoformat_us'] / e['decode_today_us']:.2f}"],
        ["employees to_dict, %-format date-times", f"{e['encode_today_us']:,.0f}",
         f"{e['encode_fast_format_us']:,.0f}",
         f"{e['encode_fast_format_us'] / e['encode_today_us']:.2f}"],
        ["employees from_json, orjson without the digit scan", f"{j['today_us']:,.0f}",
         f"{j['orjson_without_scan_us']:,.0f}",
         f"{j['orjson_without_scan_us'] / j['today_us']:.2f}"],
    ]))
    path = c.write_results("profile.json", res)
    print(f"\nfigures written to {path.relative_to(c.ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
