"""A reference reading of the IR, independent of the generated code.

The tests use it as an oracle: given the IR (``mdcodegen ir``'s JSON), it says
whether a JSON value is a valid payload of a model, and when it is not, which
JSON paths point at a bad value.  It also builds deterministic example payloads
and enumerates the places where a payload can be broken.  Nothing here imports
the generated package: the point is to check the generated decoders against a
second, much simpler, implementation of the same contract.

The semantics (what the contract and the README promise, written down once):

* ``string`` a JSON string; ``integer`` a JSON number without fraction or
  exponent, of any size (``1.0`` is *not* an integer: it arrives as a float);
  ``number`` any finite JSON number, integers included, booleans excluded;
  ``boolean`` ``true``/``false``; ``any`` (and ``external<...>``) any JSON value.
* ``date``: ``YYYY-MM-DD`` in ASCII digits, a real calendar date.
* ``datetime``: RFC 3339 ``YYYY-MM-DD(T|t| )hh:mm:ss[.fraction](Z|z|+hh:mm|-hh:mm)``,
  ASCII digits, real date, hour < 24, minute < 60, second < 60 (no leap second),
  offset hour < 24 and offset minute < 60.  A missing offset is accepted (the
  runtime reads it as a naive date-time; the contract does not forbid it).
* ``const<X>``: exactly X (same JSON type).
* objects: a JSON object; a required key must be present; ``null`` only where the
  field is nullable; keys the docs do not list are ignored unless the model has
  an ``additional`` type.  Enums: a closed enum takes only its values; an open
  enum takes any value of its base type (a string).
* unions: valid when any member is valid.  A union with no known member is ``any``.

Paths are in the runtime's JSON-path form: ``$``, ``.key`` for keys that are
ASCII identifiers, ``["key"]`` (``json.dumps``, non-ASCII kept) otherwise, ``[3]``.
"""

from __future__ import annotations

import copy
import fcntl
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parents[2]

# --- loading the IR -----------------------------------------------------------------


def _fingerprint(settings: Any) -> str:
    """A hash of everything the IR depends on: the spec, the generator, the config."""
    h = hashlib.sha256()
    roots = [Path(settings.spec), ROOT / "generator", ROOT / "templates"]
    for base in roots:
        if not base.exists():
            continue
        for p in sorted(base.rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts:
                h.update(str(p.relative_to(base)).encode())
                h.update(b"\0")
                h.update(p.read_bytes())
                h.update(b"\0")
    if settings.config_path:
        h.update(Path(settings.config_path).read_bytes())
    return h.hexdigest()[:32]


def settings_for_root() -> Any:
    """The generator's settings as `mdcodegen` would resolve them in the repository."""
    from generator.config import resolve

    return resolve(str(ROOT), {}, start=str(ROOT))


def cache_dir_for(config: Any) -> Path:
    """Where to cache the IR: pytest's cache folder when ``config`` has one."""
    cache = getattr(config, "cache", None)
    if cache is not None:
        return Path(cache.mkdir("mdcodegen_ir"))
    return Path(tempfile.gettempdir()) / f"mdcodegen-ir-{os.getuid()}"


def load_ir(cache_dir: Path | None = None) -> dict[str, Any]:
    """``mdcodegen ir``'s document for the repository's spec, plus a ``"settings"``
    key (``open_enums``, ``keep_unknown``, ``package``).

    Built in process with ``generator.pipeline.build_ir`` (about 4 s); with
    ``cache_dir`` the result is cached under a hash of the spec, the generator
    sources and pyproject.toml, and parallel workers wait for one builder.
    """
    settings = settings_for_root()
    if cache_dir is None:
        return _build(settings)
    cached = cache_dir / f"ir-{_fingerprint(settings)}.json"
    cache_dir.mkdir(parents=True, exist_ok=True)
    with open(cache_dir / "ir.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if cached.exists():
                return json.loads(cached.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
            doc = _build(settings)
            tmp = cached.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(doc), encoding="utf-8")
            os.replace(tmp, cached)
            for old in cache_dir.glob("ir-*.json"):
                if old != cached:
                    old.unlink(missing_ok=True)
            return doc
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _build(settings: Any) -> dict[str, Any]:
    from generator.ir_json import spec_to_json
    from generator.pipeline import build_ir

    result = build_ir(settings)
    errors = [
        d
        for d in getattr(result.reporter, "items", [])
        if str(getattr(d, "severity", "")) == "error"
    ]
    if errors:
        raise RuntimeError(f"the spec has errors: {errors[:3]}")
    doc = spec_to_json(result.models, result.dialect.name)
    doc["settings"] = {
        "open_enums": bool(settings.open_enums),
        "keep_unknown": bool(settings.keep_unknown),
        "package": settings.package,
    }
    return doc


# --- type spellings -----------------------------------------------------------------
# ``generator.types.spell``: string, integer, ..., ref<page>, external<Name>,
# const<json>, list<T>, map<T>, nullable<T>, union<T, U>@page


class TypeSpellingError(ValueError):
    pass


_PRIMS = {"string", "integer", "number", "boolean", "date", "datetime", "any"}


def parse_type(text: str) -> tuple[Any, ...]:
    node, i = _parse(text, 0)
    if i != len(text):
        raise TypeSpellingError(f"trailing text in {text!r} at {i}")
    return node


def _parse(s: str, i: int) -> tuple[tuple[Any, ...], int]:
    m = re.compile(r"[a-z_]+").match(s, i)
    if m is None:
        raise TypeSpellingError(f"expected a type in {s!r} at {i}")
    word, i = m.group(), m.end()
    if word in _PRIMS and not s.startswith("<", i):
        return (word,), i
    if not s.startswith("<", i):
        raise TypeSpellingError(f"unknown type {word!r} in {s!r}")
    i += 1
    if word in ("ref", "external", "named", "temporal"):
        end = s.index(">", i)
        node: tuple[Any, ...] = (word, s[i:end])
        i = end + 1
    elif word == "const":
        value, i = json.JSONDecoder().raw_decode(s, i)
        if not s.startswith(">", i):
            raise TypeSpellingError(f"bad const in {s!r}")
        node, i = ("const", value), i + 1
    elif word in ("list", "map", "nullable"):
        inner, i = _parse(s, i)
        if not s.startswith(">", i):
            raise TypeSpellingError(f"expected '>' in {s!r} at {i}")
        node, i = (word, inner), i + 1
    elif word == "union":
        members: list[tuple[Any, ...]] = []
        while True:
            t, i = _parse(s, i)
            members.append(t)
            if s.startswith(", ", i):
                i += 2
            elif s.startswith(">", i):
                i += 1
                break
            else:
                raise TypeSpellingError(f"expected ',' or '>' in {s!r} at {i}")
        if s.startswith("@", i):  # the union page, informative only
            m2 = re.compile(r"@[^,>]*").match(s, i)
            assert m2 is not None
            i = m2.end()
        node = ("union", tuple(members))
    else:
        raise TypeSpellingError(f"unknown type constructor {word!r} in {s!r}")
    if node[0] in ("named", "temporal"):
        raise TypeSpellingError(f"unresolved type {s!r} in the IR")
    return node, i


# --- paths --------------------------------------------------------------------------

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

Segs = tuple[Any, ...]  # str keys and int indexes, outermost first


def fmt_path(segs: Segs) -> str:
    out = ["$"]
    for s in segs:
        if isinstance(s, int):
            out.append(f"[{s}]")
        elif _IDENT.fullmatch(s):
            out.append(f".{s}")
        else:
            out.append(f"[{json.dumps(s, ensure_ascii=False)}]")
    return "".join(out)


# --- scalar checks ------------------------------------------------------------------

_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DATETIME_RE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})?"
)


def valid_date(v: Any) -> bool:
    if type(v) is not str:
        return False
    m = _DATE_RE.fullmatch(v)
    if m is None:
        return False
    try:
        date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return False
    return True


def valid_datetime(v: Any) -> bool:
    if type(v) is not str:
        return False
    m = _DATETIME_RE.fullmatch(v)
    if m is None:
        return False
    try:
        date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return False
    if int(m[4]) > 23 or int(m[5]) > 59 or int(m[6]) > 59:
        return False
    tz = m[8]
    if tz and tz not in "Zz":
        if int(tz[1:3]) > 23 or int(tz[4:6]) > 59:
            return False
    return True


def instant(v: str) -> tuple[str, int] | None:
    """An RFC 3339 date-time as ("utc"|"local", microseconds since 0001-01-01),
    truncated to microseconds; None when ``v`` is not one."""
    if not valid_datetime(v):
        return None
    m = _DATETIME_RE.fullmatch(v)
    assert m is not None
    days = date(int(m[1]), int(m[2]), int(m[3])).toordinal()
    frac = (m[7] or ".")[1:7].ljust(6, "0")
    us = ((days * 24 + int(m[4])) * 60 + int(m[5])) * 60 + int(m[6])
    us = us * 1_000_000 + int(frac)
    tz = m[8]
    if not tz:
        return ("local", us)
    if tz not in "Zz":
        sign = -1 if tz[0] == "-" else 1
        us -= sign * (int(tz[1:3]) * 60 + int(tz[4:6])) * 60_000_000
    return ("utc", us)


class Instant:
    """An RFC 3339 date-time string as the moment it names (see ``normalise``)."""

    __slots__ = ("key", "text")

    def __init__(self, key: tuple[str, int], text: str) -> None:
        self.key = key
        self.text = text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Instant) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        return f"{self.text!r} (as an instant)"


def normalise(doc: Any) -> Any:
    """The comparison form of a JSON document: every string that is an RFC 3339
    date-time becomes its instant (UTC, microseconds; digits past the sixth are
    dropped, as the runtime keeps microseconds), so ``...+02:00`` and the same
    moment in ``Z`` compare equal.  Dates, other strings, keys are left alone."""
    if isinstance(doc, dict):
        return {k: normalise(v) for k, v in doc.items()}
    if isinstance(doc, list):
        return [normalise(v) for v in doc]
    if isinstance(doc, str):
        i = instant(doc)
        return doc if i is None else Instant(i, doc)
    return doc


def first_difference(expected: Any, found: Any, segs: Segs = ()) -> tuple[str, Any, Any] | None:
    """(path, expected, found) at the first place two JSON documents differ, or
    None.  Numbers compare by value (``1`` equals ``1.0``), never equal to booleans;
    datetimes compare as instants (see ``normalise``); key order is ignored."""
    return _diff(normalise(expected), normalise(found), segs)


_ABSENT = "<absent>"


def _diff(a: Any, b: Any, segs: Segs) -> tuple[str, Any, Any] | None:
    num = (int, float)
    a_num = type(a) in num
    b_num = type(b) in num
    if a_num and b_num:
        return None if a == b else (fmt_path(segs), a, b)
    if type(a) is not type(b):
        return (fmt_path(segs), _show(a), _show(b))
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in b:
                return (fmt_path(segs + (k,)), _show(a[k]), _ABSENT)
            if k not in a:
                return (fmt_path(segs + (k,)), _ABSENT, _show(b[k]))
            r = _diff(a[k], b[k], segs + (k,))
            if r:
                return r
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            r = _diff(x, y, segs + (i,))
            if r:
                return r
        if len(a) != len(b):
            return (fmt_path(segs), f"{len(a)} items", f"{len(b)} items")
        return None
    return None if a == b else (fmt_path(segs), _show(a), _show(b))


def _show(v: Any) -> Any:
    if isinstance(v, Instant):
        return v.text
    if isinstance(v, (dict, list)):
        text = json.dumps(v, sort_keys=True, default=str)
        return text if len(text) <= 80 else text[:77] + "..."
    return v


# --- the schema ---------------------------------------------------------------------


@dataclass(frozen=True)
class FieldInfo:
    wire: str
    type: tuple[Any, ...]
    required: bool
    nullable: bool


@dataclass(frozen=True)
class ModelInfo:
    name: str  # the page heading; what `decode` accepts
    export: str  # the Python name in the package
    page: str
    kind: str  # object | enum | union
    fields: tuple[FieldInfo, ...] = ()
    additional: tuple[Any, ...] | None = None
    values: tuple[Any, ...] = ()
    open: bool = False
    members: tuple[tuple[Any, ...], ...] = ()


class Schema:
    def __init__(self, ir: dict[str, Any]) -> None:
        st = ir.get("settings", {})
        self.open_enums = bool(st.get("open_enums", False))
        self.keep_unknown = bool(st.get("keep_unknown", False))
        self.package = st.get("package", "kombo_models")
        self.models: dict[str, ModelInfo] = {}
        self.by_page: dict[str, ModelInfo] = {}
        for m in ir["models"]:
            kind = m["kind"]
            if kind == "object":
                info = ModelInfo(
                    m["name"],
                    m["export"],
                    m["page"],
                    kind,
                    fields=tuple(
                        FieldInfo(
                            f["wire_name"],
                            parse_type(f["type"]),
                            bool(f["required"]),
                            # None: the notation cannot say; the lossy stage decodes as nullable
                            f["nullable"] is not False,
                        )
                        for f in m["fields"]
                    ),
                    additional=parse_type(m["additional"]) if m.get("additional") else None,
                )
            elif kind == "enum":
                info = ModelInfo(
                    m["name"],
                    m["export"],
                    m["page"],
                    kind,
                    values=tuple(v["value"] for v in m["values"]),
                    open=bool(m["open"]) or self.open_enums,
                )
            elif kind == "union":
                info = ModelInfo(
                    m["name"],
                    m["export"],
                    m["page"],
                    kind,
                    members=tuple(parse_type(t) for t in m["members"]),
                )
            else:
                raise ValueError(f"unknown model kind {kind!r}")
            self.models[info.name] = info
            self.by_page[info.page] = info
        self.recursive = self._find_recursive()
        # union page -> 0-based member indexes not to use inside other values
        # (known-lossy members, see ts_examples_known_failures.json "models")
        self.avoid_members: dict[str, frozenset[int]] = {}

    def avoid(self, name: str, members_1_based: list[int]) -> None:
        m = self.models[name]
        self.avoid_members[m.page] = frozenset(i - 1 for i in members_1_based)

    def usable_members(
        self, page: str | None, members: tuple[tuple[Any, ...], ...]
    ) -> list[tuple[Any, ...]]:
        avoid = self.avoid_members.get(page or "", frozenset())
        kept = [mt for i, mt in enumerate(members) if i not in avoid]
        return kept or list(members)

    def ref(self, page: str) -> ModelInfo:
        return self.by_page[page]

    # --- validity -----------------------------------------------------------------

    def check_model(self, name: str, v: Any) -> frozenset[str] | None:
        return self.check(("ref", self.models[name].page), v, ())

    def check(self, t: tuple[Any, ...], v: Any, segs: Segs) -> frozenset[str] | None:
        """None when ``v`` is a valid ``t``; else the JSON paths that may be named
        as the bad value (a decoder must name one of them)."""
        here = frozenset([fmt_path(segs)])
        k = t[0]
        if k == "string":
            return None if type(v) is str else here
        if k == "integer":
            return None if type(v) is int else here
        if k == "number":
            ok = type(v) is int or (
                type(v) is float and v == v and v not in (float("inf"), float("-inf"))
            )
            return None if ok else here
        if k == "boolean":
            return None if type(v) is bool else here
        if k == "date":
            return None if valid_date(v) else here
        if k == "datetime":
            return None if valid_datetime(v) else here
        if k in ("any", "external"):
            return None
        if k == "const":
            return None if (type(v) is type(t[1]) and v == t[1]) else here
        if k == "nullable":
            return None if v is None else self.check(t[1], v, segs)
        if k == "list":
            if type(v) is not list:
                return here
            bad: set[str] = set()
            for i, x in enumerate(v):
                bad |= self.check(t[1], x, segs + (i,)) or set()
            return frozenset(bad) or None
        if k == "map":
            if type(v) is not dict:
                return here
            bad = set()
            for key, x in v.items():
                bad |= self.check(t[1], x, segs + (key,)) or set()
            return frozenset(bad) or None
        if k == "union":
            return self._check_union(t[1], v, segs)
        if k == "ref":
            m = self.ref(t[1])
            if m.kind == "enum":
                if m.open:
                    base = type(m.values[0]) if m.values else str
                    return None if type(v) is base else here
                return None if any(type(v) is type(x) and v == x for x in m.values) else here
            if m.kind == "union":
                return self._check_union(m.members, v, segs)
            return self._check_object(m, v, segs)
        raise ValueError(f"unknown type {t!r}")

    def _check_union(
        self, members: tuple[tuple[Any, ...], ...], v: Any, segs: Segs
    ) -> frozenset[str] | None:
        if not members:
            return None
        bad: set[str] = {fmt_path(segs)}
        for mt in members:
            r = self.check(mt, v, segs)
            if r is None:
                return None
            bad |= r
        return frozenset(bad)

    def _check_object(self, m: ModelInfo, v: Any, segs: Segs) -> frozenset[str] | None:
        if type(v) is not dict:
            return frozenset([fmt_path(segs)])
        bad: set[str] = set()
        for f in m.fields:
            if f.wire not in v:
                if f.required:
                    bad.add(fmt_path(segs + (f.wire,)))
                continue
            x = v[f.wire]
            if x is None and f.nullable:
                continue
            bad |= self.check(f.type, x, segs + (f.wire,)) or set()
        if m.additional is not None:
            known = {f.wire for f in m.fields}
            for key, x in v.items():
                if key not in known:
                    bad |= self.check(m.additional, x, segs + (key,)) or set()
        return frozenset(bad) or None

    # --- recursion ------------------------------------------------------------------

    def _find_recursive(self) -> frozenset[str]:
        """Pages that can reach themselves through references."""
        graph = {p: set(self._refs_of(m)) for p, m in self.by_page.items()}
        out = set()
        for start in graph:
            seen: set[str] = set()
            todo = list(graph[start])
            while todo:
                p = todo.pop()
                if p == start:
                    out.add(start)
                    break
                if p in seen or p not in graph:
                    continue
                seen.add(p)
                todo.extend(graph[p])
        return frozenset(out)

    def _refs_of(self, m: ModelInfo) -> Iterator[str]:
        types = [f.type for f in m.fields] + list(m.members)
        if m.additional is not None:
            types.append(m.additional)
        for t in types:
            yield from type_refs(t)

    # --- deterministic examples ---------------------------------------------------

    def example(self, t: tuple[Any, ...], full: bool, depth: int = 0, variant: int = 0) -> Any:
        """A valid value of ``t``: ``full`` sets every optional field and fills one
        item into lists and maps; past depth 8 the smallest value is used, and a
        union picks a member that does not lead back to a model being built."""
        k = t[0]
        if depth > 8:
            full = False
        if k == "string":
            return ["s", "ünïcödé ✓", 'with "quotes" and \\'][variant % 3]
        if k == "integer":
            return [7, -(2**70), 0][variant % 3]
        if k == "number":
            return [1.5, 3, -0.25][variant % 3]
        if k == "boolean":
            return [True, False][variant % 2]
        if k == "date":
            return ["2021-03-04", "1999-12-31", "2024-02-29"][variant % 3]
        if k == "datetime":
            return [
                "2022-08-07T14:01:29.196Z",
                "2022-08-07T14:01:29.123456789+05:30",
                "1999-12-31T23:59:59-08:00",
            ][variant % 3]
        if k in ("any", "external"):
            return {"k": [1, "x", None, 2.5, True]} if full else None
        if k == "const":
            return t[1]
        if k == "nullable":
            return None if not full else self.example(t[1], full, depth, variant)
        if k == "list":
            return [self.example(t[1], full, depth + 1, variant)] if full else []
        if k == "map":
            return {"key-1 ü": self.example(t[1], full, depth + 1, variant)} if full else {}
        if k == "union":
            return self._union_example(t[1], full, depth, variant)
        if k == "ref":
            m = self.ref(t[1])
            if m.kind == "enum":
                return m.values[variant % len(m.values)] if m.values else "X"
            if m.kind == "union":
                return self._union_example(
                    tuple(self.usable_members(m.page, m.members)), full, depth, variant
                )
            return self.object_example(m, full, depth, variant)
        raise ValueError(f"unknown type {t!r}")

    def _union_example(
        self, members: tuple[tuple[Any, ...], ...], full: bool, depth: int, variant: int
    ) -> Any:
        if not members:
            return {"anything": [1, 2]}
        order = sorted(
            range(len(members)), key=lambda i: (self._leads_back(members[i]) and depth > 2, i)
        )
        return self.example(
            members[order[variant % len(order)] if depth <= 2 else order[0]],
            full,
            depth + 1,
            variant,
        )

    def _leads_back(self, t: tuple[Any, ...]) -> bool:
        return any(p in self.recursive for p in type_refs(t))

    def object_example(
        self, m: ModelInfo, full: bool, depth: int = 0, variant: int = 0
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for i, f in enumerate(m.fields):
            if not f.required and not full:
                continue
            if f.nullable and not full:
                out[f.wire] = None
                continue
            out[f.wire] = self.example(f.type, full, depth + 1, variant + i)
        return out

    def examples_of(self, name: str) -> list[tuple[str, Any]]:
        """Deterministic valid payloads of a model, labelled: the smallest, the
        fullest, and for a union one per member."""
        m = self.models[name]
        if m.kind == "object":
            return [
                ("minimal", self.object_example(m, False)),
                ("full", self.object_example(m, True)),
            ]
        if m.kind == "enum":
            return [(f"value {v!r}", v) for v in m.values] + (
                [("unlisted value", "NOT_A_LISTED_VALUE")] if m.open else []
            )
        if not m.members:
            return [("anything", {"anything": [1, 2]})]
        out: list[tuple[str, Any]] = []
        for i, mt in enumerate(m.members):
            out.append((f"member {i + 1} {spell(mt)} minimal", self.example(mt, False, 1)))
            out.append((f"member {i + 1} {spell(mt)} full", self.example(mt, True, 1)))
        return out

    # --- breaking payloads ------------------------------------------------------------

    def sites(
        self, t: tuple[Any, ...], v: Any, segs: Segs = (), nullable: bool = False
    ) -> Iterator["Site"]:
        """Every place of a valid value ``v`` of ``t`` where a mutation can go,
        with the declared type there (the first valid member, inside a union)."""
        yield Site(segs, t, nullable, None)
        k = t[0]
        if k == "nullable":
            if v is not None:
                yield from _skip_first(self.sites(t[1], v, segs, True))
            return
        if k == "list" and type(v) is list:
            for i, x in enumerate(v):
                yield from self.sites(t[1], x, segs + (i,))
        elif k == "map" and type(v) is dict:
            for key, x in v.items():
                yield from self.sites(t[1], x, segs + (key,))
        elif k == "union":
            for mt in t[1]:
                if self.check(mt, v, segs) is None:
                    yield from _skip_first(self.sites(mt, v, segs, nullable))
                    break
        elif k == "ref":
            m = self.ref(t[1])
            if m.kind == "union":
                yield from _skip_first(self.sites(("union", m.members), v, segs, nullable))
            elif m.kind == "object" and type(v) is dict:
                for f in m.fields:
                    if f.wire in v:
                        yield from self.sites(f.type, v[f.wire], segs + (f.wire,), f.nullable)
                        if f.required:
                            yield Site(segs + (f.wire,), f.type, f.nullable, "missing")
                    else:
                        yield Site(segs + (f.wire,), f.type, f.nullable, "absent")

    def bad_values(self, site: "Site") -> list[tuple[str, Any]]:
        """Replacement values that do not fit the declared type at ``site``
        (labelled).  Whether the whole payload becomes invalid is for ``check``
        to say: inside a union, another member may accept it."""
        t = site.type
        if t[0] == "nullable":
            t = t[1]
        out: list[tuple[str, Any]] = []
        if not site.nullable:
            out.append(("null in a non-nullable field", None))
        k = t[0]
        if k == "ref":
            m = self.ref(t[1])
            if m.kind == "enum":
                out.append(("a number for an enum", 1))
                out.append(("an array for an enum", ["x"]))
                out.append(("an object for an enum", {}))
                if not m.open:
                    out.append(("a value the closed enum does not list", "NOT_A_LISTED_VALUE"))
                    out.append(
                        (
                            "an enum value in the wrong case",
                            str(m.values[0]).lower() + "_x" if m.values else "x",
                        )
                    )
                return out
            if m.kind == "object":
                return out + [
                    ("an array for an object", []),
                    ("a string for an object", "x"),
                    ("a number for an object", 0),
                ]
            return out + [
                ("an array of garbage for a union", [{"garbage": True}]),
                ("a float for a union", 0.5),
            ]
        if k == "string":
            return out + [
                ("a number for a string", 0),
                ("a boolean for a string", True),
                ("an object for a string", {}),
            ]
        if k == "integer":
            return out + [
                ("a float for an integer", 1.5),
                ("a string for an integer", "1"),
                ("a boolean for an integer", False),
            ]
        if k == "number":
            return out + [
                ("a string for a number", "1.5"),
                ("a boolean for a number", True),
                ("an array for a number", [1]),
            ]
        if k == "boolean":
            return out + [("a number for a boolean", 0), ("a string for a boolean", "true")]
        if k == "date":
            return out + [
                ("an impossible date", "2021-02-30"),
                ("a date-time for a date", "2021-01-01T00:00:00Z"),
                ("a number for a date", 20210101),
                ("a date without zero padding", "2021-1-1"),
            ]
        if k == "datetime":
            return out + [
                ("an impossible date-time", "2021-02-30T00:00:00Z"),
                ("a date for a date-time", "2021-01-01"),
                ("hour 25", "2021-01-01T25:00:00Z"),
                ("a number for a date-time", 1640995200),
                ("words for a date-time", "yesterday"),
            ]
        if k == "const":
            return out + [
                (
                    ("another value for a constant", f"{t[1]}_NOT")
                    if isinstance(t[1], str)
                    else ("another value for a constant", [t[1]])
                )
            ]
        if k == "list":
            return out + [("an object for an array", {}), ("a string for an array", "[]")]
        if k == "map":
            return out + [("an array for an object", []), ("a string for an object", "{}")]
        if k == "union":
            return out + [("an array of garbage for a union", [{"garbage": True}])]
        return out  # any: nothing is wrong


@dataclass(frozen=True)
class Site:
    segs: Segs
    type: tuple[Any, ...]
    nullable: bool
    key_state: str | None  # None: a value; "missing": a required key that can be deleted; "absent"


def _skip_first(it: Iterator[Site]) -> Iterator[Site]:
    next(it, None)
    yield from it


def type_refs(t: tuple[Any, ...]) -> Iterator[str]:
    k = t[0]
    if k == "ref":
        yield t[1]
    elif k in ("list", "map", "nullable"):
        yield from type_refs(t[1])
    elif k == "union":
        for m in t[1]:
            yield from type_refs(m)


def spell(t: tuple[Any, ...]) -> str:
    k: str = t[0]
    if len(t) == 1:
        return k
    if k in ("ref", "external"):
        return f"{k}<{t[1]}>"
    if k == "const":
        return f"const<{json.dumps(t[1])}>"
    if k == "union":
        return "union<" + ", ".join(spell(m) for m in t[1]) + ">"
    return f"{k}<{spell(t[1])}>"


def replace_at(doc: Any, segs: Segs, value: Any) -> Any:
    """A deep copy of ``doc`` with the value at ``segs`` replaced."""
    out = copy.deepcopy(doc)
    if not segs:
        return value
    node = out
    for s in segs[:-1]:
        node = node[s]
    node[segs[-1]] = value
    return out


def delete_at(doc: Any, segs: Segs) -> Any:
    out = copy.deepcopy(doc)
    node = out
    for s in segs[:-1]:
        node = node[s]
    del node[segs[-1]]
    return out
