"""Hypothesis strategies for valid JSON payloads of every model in the IR.

``Strategies(schema).for_model(name)`` draws JSON values (dicts, lists, str,
int, float, bool, None) that ``Schema.check`` accepts.  Strings for date-time
fields come in every RFC 3339 spelling the contract allows (``T``/``t``/space,
``Z``/``z``/offsets, 0 to 9 fraction digits); integers include values far past
64 bits; ``any`` draws nested JSON.  References go through ``st.deferred`` so
self-referencing models (the Schema1/Schema2 form trees) generate finite trees.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from .ir_oracle import Schema

MAX_ITEMS = 2

# JSON text: any code point but lone surrogates (JSON text is UTF-8)
TEXT = st.text(st.characters(codec="utf-8"), max_size=8)
KEYS = st.text(st.characters(codec="utf-8"), max_size=6)
INTEGERS = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**64),
    st.integers(min_value=2**64, max_value=2**300),
    st.integers(max_value=-(2**64), min_value=-(2**300)),
)
FLOATS = st.floats(allow_nan=False, allow_infinity=False)
JSON_SCALARS = st.one_of(st.none(), st.booleans(), INTEGERS, FLOATS, TEXT)
ANY_JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=MAX_ITEMS + 1),
        st.dictionaries(KEYS, inner, max_size=MAX_ITEMS + 1),
    ),
    max_leaves=6,
)
DATES = st.dates().map(lambda d: d.isoformat())


@st.composite
def rfc3339_datetimes(draw: st.DrawFn) -> str:
    dt = draw(st.datetimes())
    sep = draw(st.sampled_from("TTt "))
    digits = draw(st.integers(0, 9))
    frac = f"{dt.microsecond:06d}" + "".join(
        draw(st.lists(st.sampled_from("0123456789"), min_size=3, max_size=3))
    )
    fraction = "." + frac[:digits] if digits else ""
    offset_minutes = draw(st.one_of(st.just(0), st.integers(-(23 * 60 + 59), 23 * 60 + 59)))
    if offset_minutes == 0:
        zone = draw(st.sampled_from(["Z", "z", "+00:00", "-00:00"]))
    else:
        sign = "-" if offset_minutes < 0 else "+"
        h, m = divmod(abs(offset_minutes), 60)
        zone = f"{sign}{h:02d}:{m:02d}"
    day = f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}"
    return f"{day}{sep}{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}{fraction}{zone}"


class Strategies:
    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self._by_page: dict[str, st.SearchStrategy[Any]] = {}

    def for_model(self, name: str) -> st.SearchStrategy[Any]:
        return self._ref(self.schema.models[name].page)

    def for_type(self, t: tuple[Any, ...]) -> st.SearchStrategy[Any]:
        k = t[0]
        if k == "string":
            return TEXT
        if k == "integer":
            return INTEGERS
        if k == "number":
            return st.one_of(FLOATS, INTEGERS)
        if k == "boolean":
            return st.booleans()
        if k == "date":
            return DATES
        if k == "datetime":
            return rfc3339_datetimes()
        if k in ("any", "external"):
            return ANY_JSON
        if k == "const":
            return st.just(t[1])
        if k == "nullable":
            return st.one_of(st.none(), self.for_type(t[1]))
        if k == "list":
            return st.lists(self.for_type(t[1]), max_size=MAX_ITEMS)
        if k == "map":
            return st.dictionaries(KEYS, self.for_type(t[1]), max_size=MAX_ITEMS)
        if k == "union":
            return self._union(t[1])
        if k == "ref":
            return self._ref(t[1])
        raise ValueError(f"unknown type {t!r}")

    def _union(self, members: tuple[tuple[Any, ...], ...]) -> st.SearchStrategy[Any]:
        if not members:
            return ANY_JSON
        # Members that cannot lead back to a model being drawn come first, so
        # that hypothesis shrinks towards them and recursive trees stay finite.
        order = sorted(members, key=self.schema._leads_back)
        return st.one_of(*[self._deferred(m) for m in order])

    def _deferred(self, t: tuple[Any, ...]) -> st.SearchStrategy[Any]:
        return st.deferred(lambda: self.for_type(t))

    def _ref(self, page: str) -> st.SearchStrategy[Any]:
        s = self._by_page.get(page)
        if s is None:
            s = st.deferred(lambda: self._build(page))
            self._by_page[page] = s
        return s

    def _build(self, page: str) -> st.SearchStrategy[Any]:
        m = self.schema.by_page[page]
        if m.kind == "enum":
            listed = st.sampled_from(m.values) if m.values else st.nothing()
            return st.one_of(listed, TEXT) if m.open else listed
        if m.kind == "union":
            return self._union(tuple(self.schema.usable_members(m.page, m.members)))
        required: dict[str, st.SearchStrategy[Any]] = {}
        optional: dict[str, st.SearchStrategy[Any]] = {}
        for f in m.fields:
            s = self.for_type(f.type)
            if f.nullable:
                s = st.one_of(st.none(), s)
            (required if f.required else optional)[f.wire] = s
        return st.fixed_dictionaries(required, optional=optional)
