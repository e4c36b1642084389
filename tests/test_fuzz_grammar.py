"""Issue 6, fuzzing from the grammar: random pages in the Ruby/Sorbet notation.

* ``test_random_types_parse_to_what_they_say``: random nestings of
  `T.nilable`, `T::Array`, `T::Hash`, `T.any` and links to object and enum
  pages (the spec's own pages, cycles included), with markdown noise (`*`
  emphasis, spacing, bracket styles).  Each spec is valid, so it must generate;
  each field's IR type must be the one the notation spells (an independent
  reading: ``expected`` below), and the generated code must pass the AST
  whitelist.  Deeper than the generator's limit (32) must be E020 instead.
* ``test_random_text_generates_or_is_diagnosed``: random text (control, bidi,
  non-BMP characters, the hostile strings) in headings, names, descriptions,
  enum values and Type cells, and random table shapes: success with valid code,
  or located diagnostics -- never an exception, never a hang.
* ``test_a_sample_is_mypy_strict_clean``: a few random valid specs, black
  formatted, through ``mypy --strict``.

Budgets scale with MDCODEGEN_FUZZ_SCALE (see tests/tools/fuzzrun.py).
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from generator.ir import ListOf, MapOf, Nullable, Primitive, Ref, TypeExpr, UnionOf
from generator.types import spell
from tests.tools import hostile
from tests.tools.fuzzrun import SCALE, budget, encode_pages, run_case

# CI runs the same examples every time (no flaky CI); a campaign explores.
DERANDOMIZE = SCALE <= 1

MAX_DEPTH = 32  # generator/interpret.py MAX_TYPE_DEPTH

PRIMS: list[tuple[str, TypeExpr]] = [
    ("::String", Primitive("string")),
    ("String", Primitive("string")),
    ("::Integer", Primitive("integer")),
    ("::Float", Primitive("number")),
    ("::BigDecimal", Primitive("number")),
    ("T::Boolean", Primitive("boolean")),
    ("::Object", Primitive("any")),
    ("T.untyped", Primitive("any")),
    ("::DateTime", Primitive("datetime")),
    ("::Date", Primitive("date")),
    ("Symbol", Primitive("string")),
]
OBJECTS = ["Alpha", "Beta", "Gamma"]
ENUMS = ["Colour", "Size"]


def page_of(name: str) -> str:
    return f"models/shared/{name.lower()}.md"


# --- an independent reading of the notation --------------------------------------------


def union(members: list[TypeExpr]) -> TypeExpr:
    """`T.any(...)`: nested unions flatten, a nilable member makes it nullable."""
    flat: list[TypeExpr] = []
    nullable = False
    for m in members:
        if isinstance(m, Nullable):
            nullable, m = True, m.inner
        if isinstance(m, UnionOf):
            flat.extend(m.members)
        else:
            flat.append(m)
    core = flat[0] if len(flat) == 1 else UnionOf(tuple(flat))
    return Nullable(core) if nullable else core


def nilable(t: TypeExpr) -> TypeExpr:
    return t if isinstance(t, Nullable) else Nullable(t)


def depth(t: TypeExpr) -> int:
    if isinstance(t, Nullable):
        return 1 + depth(t.inner)
    if isinstance(t, ListOf):
        return 1 + depth(t.item)
    if isinstance(t, MapOf):
        return 1 + depth(t.value)
    if isinstance(t, UnionOf):
        return 1 + max(depth(m) for m in t.members)
    return 1


@dataclass(frozen=True)
class Cell:
    text: str  # the Type cell's markdown
    type: TypeExpr  # what it means


def _noise(draw: st.DrawFn, text: str) -> str:
    style = draw(st.sampled_from(["", "*", "emph", "space"]))
    if style == "*":
        return f"*{text}*"
    if style == "emph":
        return f"*{text}*" if " " not in text else text
    if style == "space":
        return f" {text} "
    return text


@st.composite
def leaves(draw: st.DrawFn) -> Cell:
    kind = draw(st.sampled_from(["prim", "prim", "object", "enum"]))
    if kind == "prim":
        text, t = draw(st.sampled_from(PRIMS))
        return Cell(_noise(draw, text), t)
    name = draw(st.sampled_from(OBJECTS if kind == "object" else ENUMS))
    link = f"[Models::Shared::{name}](../../models/shared/{name.lower()}.md)"
    return Cell(link, Ref(page_of(name)))


def extend(children: st.SearchStrategy[Cell]) -> st.SearchStrategy[Cell]:
    def nil(c: Cell) -> Cell:
        return Cell(f"T.nilable({c.text})", nilable(c.type))

    @st.composite
    def array(draw: st.DrawFn) -> Cell:
        c = draw(children)
        open_, close = draw(st.sampled_from([("<", ">"), ("[", "]"), ("(", ")")]))
        return Cell(f"T::Array{open_}{c.text}{close}", ListOf(c.type))

    @st.composite
    def hash_(draw: st.DrawFn) -> Cell:
        c = draw(children)
        key = draw(st.sampled_from(["Symbol", "::String", "::Symbol"]))
        return Cell(f"T::Hash[{key}, {c.text}]", MapOf(c.type))

    @st.composite
    def any_(draw: st.DrawFn) -> Cell:
        cs = draw(st.lists(children, min_size=2, max_size=4))
        sep = draw(st.sampled_from([", ", ",", " , "]))
        return Cell(f"T.any({sep.join(c.text for c in cs)})", union([c.type for c in cs]))

    return st.one_of(children.map(nil), array(), hash_(), any_())


TYPES = st.recursive(leaves(), extend, max_leaves=12)


@st.composite
def valid_specs(draw: st.DrawFn) -> tuple[dict[str, str], dict[str, list[tuple[str, Cell, bool]]]]:
    pages: dict[str, str] = {}
    fields: dict[str, list[tuple[str, Cell, bool]]] = {}
    for name in OBJECTS:
        cells = draw(st.lists(TYPES, min_size=1, max_size=5))
        rows = []
        for i, c in enumerate(cells):
            required = draw(st.booleans())
            rows.append((f"f_{i}", c, required))
        fields[name] = rows
        pages[page_of(name)] = hostile.object_page(
            name, [(f, c.text, hostile.REQ if r else hostile.OPT, f"Field {f}.", "") for f, c, r in rows]
        )
    for name in ENUMS:
        values = draw(st.lists(st.sampled_from(["RED", "GREEN", "BLUE", "S", "M", "L", "XL"]), min_size=1, max_size=4, unique=True))
        pages[page_of(name)] = hostile.enum_page(name, [(v, v.lower()) for v in values])
    return pages, fields


def expected_field(c: Cell, required: bool) -> tuple[str, bool]:
    """(spelling of the field's type, nullable) as the README defines them: a
    top-level nilable is the field's nullability."""
    t = c.type
    nullable = isinstance(t, Nullable)
    if nullable:
        t = t.inner  # type: ignore[union-attr]
    return spell(t), nullable


_counter = itertools.count()


@settings(
    max_examples=budget(60),
    deadline=None,
    derandomize=DERANDOMIZE,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
@given(valid_specs())
def test_random_types_parse_to_what_they_say(spec: tuple[dict[str, str], dict[str, list[tuple[str, Cell, bool]]]]) -> None:
    pages, fields = spec
    too_deep = any(depth(c.type) > MAX_DEPTH for rows in fields.values() for _, c, _ in rows)
    note(repr(pages))
    outcome = run_case(encode_pages(pages), dialect="ruby-sorbet", black=next(_counter) % 15 == 0)
    if too_deep:
        assert outcome.kind == "diagnostics" and any("[E020]" in e for e in outcome.errors)
        return
    assert outcome.kind == "ok", outcome.errors[:5]
    by_page = {m.page: m for m in outcome.models}
    for name, rows in fields.items():
        model = by_page[page_of(name)]
        got = {f.name: f for f in model.fields}  # type: ignore[attr-defined]
        for fname, c, required in rows:
            f = got[fname]
            want_type, want_nullable = expected_field(c, required)
            assert spell(f.type) == want_type, (c.text, spell(f.type), want_type)
            assert f.required == required
            assert bool(f.nullable) == want_nullable, (c.text, f.nullable)


# --- random text everywhere -------------------------------------------------------------

WEIRD = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "S", "Z", "Cc", "Cf", "Co", "M"),
)
TEXT = st.one_of(
    st.text(WEIRD, max_size=30),
    st.sampled_from(hostile.payloads("/nonexistent/sentinel")),
    st.sampled_from(hostile.FIELD_NAMES + hostile.HEADINGS),
)
TYPE_TEXT = st.one_of(
    TYPES.map(lambda c: c.text),
    st.lists(
        st.sampled_from(list("T.:<>[](),*| _`\\\"'") + ["::String", "T.any", "T::Array", "T.nilable", "[X](x.md)"]),
        max_size=40,
    ).map("".join),
    TEXT,
)


@st.composite
def random_specs(draw: st.DrawFn) -> dict[str, str]:
    pages: dict[str, str] = {}
    n = draw(st.integers(1, 4))
    for i in range(n):
        title = draw(TEXT)
        kind = draw(st.sampled_from(["object", "object", "enum", "union", "raw"]))
        body = draw(TEXT)
        if kind == "object":
            rows = draw(
                st.lists(st.tuples(TEXT, TYPE_TEXT, st.sampled_from([hostile.REQ, hostile.OPT, "", "yes"]), TEXT, TEXT), max_size=5)
            )
            pages[f"models/shared/p{i}.md"] = hostile.object_page(title, rows, body=body)
        elif kind == "enum":
            values = draw(st.lists(st.tuples(TEXT, TEXT), max_size=5))
            pages[f"models/shared/p{i}.md"] = hostile.enum_page(title, values, body=body)
        elif kind == "union":
            pages[f"models/shared/p{i}.md"] = f"# {title}\n\n{body}\n"
        else:
            lines = draw(st.lists(st.one_of(TEXT, st.sampled_from(["# A", "## Fields", "## Values", "| a | b |", "| --- | --- |", "```", "- x"])), max_size=12))
            pages[f"models/shared/p{i}.md"] = "\n".join(lines)
    return pages


@settings(
    max_examples=budget(80),
    deadline=None,
    derandomize=DERANDOMIZE,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
@given(random_specs(), st.sampled_from(["auto", "ruby-sorbet", "speakeasy-python", "speakeasy-typescript"]))
def test_random_text_generates_or_is_diagnosed(pages: dict[str, str], dialect: str) -> None:
    note(repr(pages))
    outcome = run_case(encode_pages(pages), dialect=dialect, black=next(_counter) % 20 == 0)
    assert outcome.kind in ("ok", "diagnostics")


# --- mypy on a sample -----------------------------------------------------------------


@settings(max_examples=budget(2), deadline=None, derandomize=DERANDOMIZE, suppress_health_check=list(HealthCheck))
@given(valid_specs())
def test_a_sample_is_mypy_strict_clean(spec: tuple[dict[str, str], dict[str, list[tuple[str, Cell, bool]]]]) -> None:
    import tempfile

    pages, fields = spec
    if any(depth(c.type) > MAX_DEPTH for rows in fields.values() for _, c, _ in rows):
        return
    outcome = run_case(encode_pages(pages), dialect="ruby-sorbet", black=True)
    assert outcome.kind == "ok"
    with tempfile.TemporaryDirectory() as tmp:
        for rel, text in outcome.files.items():
            path = Path(tmp) / "fuzzpkg" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--no-incremental",
             "--cache-dir", str(Path(tmp) / ".mypy"), "-p", "fuzzpkg"],
            cwd=tmp, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stdout[-3000:]
