"""Kombo equivalence: one API documented by three SDKs, read by three dialects.

The Ruby docs (`specs/`, SDK 1.2.8), the Python and the TypeScript docs (SDK 1.3.4)
describe the same Kombo API.  Their IRs (what `mdcodegen ir` prints for the docs
alone, without an overrides file: the point is what each dialect reads) are compared
model by model, names normalised (headings compared case-insensitively, references
by the heading they point at): same fields, same required / nullable where both
dialects can say it, same types, enum values and union members.

Every disagreement gets a reason from ``REASONS``: what a dialect cannot express,
what the SDKs document differently, or how the API changed between 1.2.8 and 1.3.4
(both 1.3.4 corpora agree against Ruby: two independent readers of one release
agree, so the docs changed, not the reader).  A disagreement no rule explains is a
bug and fails the test, as does any place where the Python IR is less specific than
the Ruby IR (Any where Ruby has a type, unknown nullability where Ruby knows it, a
lost constant or enum, or a union whose members it does not know).

Run with `-s` to see the counts and every disagreement.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.test_dialects import CORPORA, IRRun, ir_of

pytestmark = pytest.mark.xdist_group("dialects")

SIDES = ("kombo-ruby", "kombo-python", "kombo-typescript")
# Fields of the SDKs' own response envelopes, not of the API's payloads.
ENVELOPE = frozenset({"raw_response", "status_code", "content_type"})


@dataclass
class Side:
    """One corpus's IR, indexed for comparison."""

    name: str
    models: dict[str, dict[str, Any]]  # normalised name -> model
    kinds: dict[str, str]  # normalised name -> kind
    unknown: frozenset[tuple[str, int]]

    @classmethod
    def of(cls, name: str, run: IRRun) -> Side:
        pages = {m["page"]: m["name"].lower() for m in run.doc["models"]}

        def norm(t: str) -> str:
            return re.sub(
                r"ref<([^<>]*)>", lambda m: f"ref<{pages.get(m.group(1), m.group(1))}>", t
            )

        models = {}
        for m in run.doc["models"]:
            m = dict(m)
            if m["kind"] == "object":
                m["fields"] = {f["wire_name"]: {**f, "type": norm(f["type"])} for f in m["fields"]}
            elif m["kind"] == "union":
                m["members"] = [norm(t) for t in m["members"]]
            models[m["name"].lower()] = m
        return cls(name, models, {k: m["kind"] for k, m in models.items()}, run.unknown_nullability)

    def nullable(self, f: dict[str, Any]) -> bool | None:
        """True / False, or None where the notation did not say (W102)."""
        return None if (f["loc"]["path"], f["loc"]["line"]) in self.unknown else bool(f["nullable"])


@dataclass(frozen=True)
class Diff:
    model: str
    where: str  # field wire name, or "" for the model itself
    aspect: str  # model | field | type | required | nullable | values | open | members
    ruby: Any
    other: Any
    twin: Any = None  # the same aspect in the other 1.3.4 corpus (MISSING when absent)
    required: bool = False  # for nullability: whether the field is required
    redefined: bool = False  # for nullability: the field's type changed between releases
    operation: bool = (
        False  # the model is an SDK operation's request or response (Ruby's operations/)
    )


MISSING = "…absent"


# --- reasons: (aspect, predicate, reason); the first that matches explains -------------


def _same_release(d: Diff) -> bool:
    """Both 1.3.4 corpora agree with each other and not with Ruby 1.2.8."""
    return d.twin == d.other


def _const_of(d: Diff) -> bool:
    return (
        isinstance(d.other, str)
        and d.other.startswith("const<")
        and d.ruby in ("string", "boolean", "number", "integer")
    )


def _ts_number(d: Diff) -> bool:
    return isinstance(d.ruby, str) and d.ruby.replace("integer", "number") == d.other


def _recursion_cut(d: Diff) -> bool:
    """Ruby writes a recursive type as `::Object`: `ref<self>` became `map<any>`."""
    ruby = d.ruby if isinstance(d.ruby, list) else [d.ruby]
    other = d.other if isinstance(d.other, list) else [d.other]
    if not isinstance(ruby[0], str) or not isinstance(other[0], str):
        return False
    return [re.sub(rf"ref<{re.escape(d.model)}>", "map<any>", t) for t in other] == ruby


TS_NULLABILITY = "limitation: TypeScript docs never say whether a field may be null"
TS_NUMBERS = "limitation: TypeScript writes every number as `number`, integer or not"

Rule = tuple[str, Callable[[Diff], bool], str]
REASONS: list[Rule] = [
    ("model", lambda d: d.ruby == MISSING and d.model.endswith("globals"),
     "sdk: per-operation globals pages exist only in the 1.3.4 SDKs' docs"),
    ("model", lambda d: d.other == MISSING and d.ruby == "object-envelope",
     "sdk: the Ruby SDK's response envelope (raw HTTP response, status code)"),
    ("model", _same_release, "version: the API changed between 1.2.8 and 1.3.4 (both 1.3.4 corpora agree)"),
    ("field", lambda d: d.where in ENVELOPE, "sdk: a field of the Ruby SDK's response envelope"),
    ("field", lambda d: d.operation and _same_release(d),
     ("sdk: the 1.3.4 SDKs shape operation requests and responses differently "
      "(`integration_id` became a global, the body field is `result`; both 1.3.4 corpora agree)")),
    ("field", _same_release, "version: the model changed between 1.2.8 and 1.3.4 (both 1.3.4 corpora agree)"),
    ("type", _const_of, "limitation: Ruby writes a constant as its base type; Python and TypeScript write the literal"),
    ("type", _ts_number, TS_NUMBERS),
    ("type", _recursion_cut, "limitation: Ruby writes a recursive type as `::Object`"),
    ("type", _same_release, "version: the field's type changed between 1.2.8 and 1.3.4 (both 1.3.4 corpora agree)"),
    ("required", _same_release, "version: required-ness changed between 1.2.8 and 1.3.4 (both 1.3.4 corpora agree)"),
    ("nullable", lambda d: d.other is None, TS_NULLABILITY),
    ("nullable", lambda d: d.ruby is None, "limitation: Ruby's `[Date]` link carries no `T.nilable`"),
    ("nullable", lambda d: d.ruby is True and d.other is False and not d.required,
     ("limitation: Ruby writes `T.nilable` on every optional field, so it cannot tell absent from null; "
      "Python's `Optional[...]` says not nullable")),
    ("nullable", _same_release, "version: nullability changed between 1.2.8 and 1.3.4 (both 1.3.4 corpora agree)"),
    ("nullable", lambda d: d.redefined, "version: the field was redefined between 1.2.8 and 1.3.4 (its type too)"),
    ("members", lambda d: d.ruby == "unknown",
     "limitation: the Ruby union page is empty and no page names its members (W101)"),
    ("members", _recursion_cut, "limitation: Ruby writes a recursive type as `::Object`"),
    ("members", _same_release, "version: the union changed between 1.2.8 and 1.3.4 (both 1.3.4 corpora agree)"),
    ("values", _same_release, "version: the enum's values changed between 1.2.8 and 1.3.4 (both 1.3.4 corpora agree)"),
    ("open", _same_release, "version: the enum's openness changed between 1.2.8 and 1.3.4 (both 1.3.4 corpora agree)"),
]  # fmt: skip

UNEXPLAINED = "bug: no rule explains this disagreement"


def reason(d: Diff) -> str:
    for aspect, predicate, text in REASONS:
        if aspect == d.aspect and predicate(d):
            return text
    return UNEXPLAINED


# --- comparison ----------------------------------------------------------------------


@dataclass
class Report:
    other: str
    counts: Counter[str] = field(default_factory=Counter)
    diffs: list[tuple[Diff, str]] = field(default_factory=list)
    less_specific: list[str] = field(default_factory=list)

    def add(self, d: Diff) -> None:
        self.diffs.append((d, reason(d)))

    def render(self) -> str:
        lines = [f"Ruby (1.2.8) vs {self.other} (1.3.4):"]
        lines += [f"  {k}: {v}" for k, v in sorted(self.counts.items())]
        by_reason: dict[str, list[Diff]] = defaultdict(list)
        for d, why in self.diffs:
            by_reason[why].append(d)
        lines.append(f"  disagreements: {len(self.diffs)}")
        for why, ds in sorted(by_reason.items(), key=lambda kv: -len(kv[1])):
            lines.append(f"  [{len(ds)}] {why}")
            for d in ds:
                where = f"{d.model}.{d.where}" if d.where else d.model
                if isinstance(d.ruby, list) and isinstance(d.other, list) and d.aspect == "values":
                    gone, new = sorted(set(d.ruby) - set(d.other)), sorted(
                        set(d.other) - set(d.ruby)
                    )
                    lines.append(
                        f"      {where}: values only in ruby {gone}, only in {self.other} {new}"
                    )
                else:
                    lines.append(
                        f"      {where}: {d.aspect} ruby={d.ruby!r} {self.other}={d.other!r}"
                    )
        return "\n".join(lines)


def _envelope(m: dict[str, Any]) -> bool:
    return m["kind"] == "object" and bool(ENVELOPE & set(m["fields"]))


def compare(ruby: Side, other: Side, twin: Side) -> Report:
    rep = Report(other.name)
    c = rep.counts
    for name in sorted(ruby.models.keys() | other.models.keys()):
        rm, om, tm = ruby.models.get(name), other.models.get(name), twin.models.get(name)
        if rm is None or om is None:
            c["models only in one corpus"] += 1
            ruby_v = MISSING if rm is None else ("object-envelope" if _envelope(rm) else rm["kind"])
            twin_v = MISSING if tm is None else tm["kind"]
            rep.add(Diff(name, "", "model", ruby_v, MISSING if om is None else om["kind"], twin_v))
            continue
        c["models in both"] += 1
        before = len(rep.diffs)
        if rm["kind"] != om["kind"]:
            rep.add(Diff(name, "", "kind", rm["kind"], om["kind"], tm and tm["kind"]))
        elif rm["kind"] == "object":
            compare_fields(name, rm, om, tm, ruby, other, twin, rep)
        elif rm["kind"] == "enum":
            # As sets: the Python docs list one value elsewhere than the TypeScript docs.
            values = lambda m: sorted(v["value"] for v in m["values"])
            if values(rm) != values(om):
                rep.add(Diff(name, "", "values", values(rm), values(om), tm and values(tm)))
            if rm["open"] != om["open"]:
                rep.add(Diff(name, "", "open", rm["open"], om["open"], tm and tm["open"]))
        else:
            members = lambda m: m["members"] if m["members_known"] else "unknown"
            if members(rm) != members(om):
                rep.add(Diff(name, "", "members", members(rm), members(om), tm and members(tm)))
            if rm["members_known"] and not om["members_known"]:
                rep.less_specific.append(f"{name}: union members unknown, Ruby names them")
        if len(rep.diffs) == before:
            c["models that agree entirely"] += 1
    return rep


def compare_fields(
    name: str, rm: dict[str, Any], om: dict[str, Any], tm: dict[str, Any] | None,
    ruby: Side, other: Side, twin: Side, rep: Report,
) -> None:  # fmt: skip
    c = rep.counts
    tf = tm["fields"] if tm and tm["kind"] == "object" else {}
    for wire in sorted(rm["fields"].keys() | om["fields"].keys()):
        a, b, t = rm["fields"].get(wire), om["fields"].get(wire), tf.get(wire)
        if a is None or b is None:
            c["fields only in one corpus"] += 1
            rep.add(Diff(name, wire, "field", MISSING if a is None else "present",
                         MISSING if b is None else "present", MISSING if t is None else "present",
                         operation="/operations/" in f"/{rm['page']}"))  # fmt: skip
            continue
        c["fields in both"] += 1
        agree, redefined = True, False
        if a["type"] != b["type"]:
            agree = False
            diff = Diff(name, wire, "type", a["type"], b["type"], t and t["type"])
            redefined = reason(diff).startswith("version")
            rep.add(diff)
            check_specificity(name, wire, a["type"], b["type"], ruby, other, rep)
        if a["required"] != b["required"]:
            agree = False
            rep.add(Diff(name, wire, "required", a["required"], b["required"], t and t["required"]))
        na, nb = ruby.nullable(a), other.nullable(b)
        if na != nb:
            agree = False
            nt = twin.nullable(t) if t else MISSING
            rep.add(
                Diff(
                    name, wire, "nullable", na, nb, nt, required=a["required"], redefined=redefined
                )
            )
            if nb is None and na is not None:
                rep.less_specific.append(f"{name}.{wire}: nullability unknown, Ruby says {na}")
        if agree:
            c["fields that agree on type, required and nullable"] += 1


def check_specificity(
    name: str, wire: str, ruby_t: str, other_t: str, ruby: Side, other: Side, rep: Report
) -> None:
    """The 1.3.4 reader must not know less than the Ruby one about a field's type."""
    if re.search(r"\bany\b|external<", other_t) and not re.search(r"\bany\b|external<", ruby_t):
        rep.less_specific.append(f"{name}.{wire}: {other_t} where Ruby has {ruby_t}")
    for target in re.findall(r"ref<([^<>]*)>", ruby_t):
        if (
            ruby.kinds.get(target) == "enum"
            and f"ref<{target}>" not in other_t
            and "const<" not in other_t
        ):
            rep.less_specific.append(f"{name}.{wire}: lost the enum {target} ({other_t})")


@pytest.fixture(scope="module")
def sides() -> dict[str, Side]:
    out = {}
    for name in SIDES:
        spec, _ = CORPORA[name]
        if not spec.is_dir():
            pytest.skip(f"{spec} is not available")
        out[name] = Side.of(name, ir_of(spec))
    return out


@pytest.mark.parametrize("other", ["kombo-python", "kombo-typescript"])
def test_kombo_equivalence(sides: dict[str, Side], other: str) -> None:
    twin = "kombo-typescript" if other == "kombo-python" else "kombo-python"
    rep = compare(sides["kombo-ruby"], sides[other], sides[twin])
    print(rep.render())
    assert rep.counts["models in both"] > 900
    unexplained = [d for d, why in rep.diffs if why == UNEXPLAINED]
    assert unexplained == [], "\n".join(map(str, unexplained[:20]))
    if other == "kombo-python":
        # Python's notation says everything Ruby's says, and more.
        assert rep.less_specific == [], "\n".join(rep.less_specific[:20])


def test_no_dialect_limitation_hides_a_reader_bug(sides: dict[str, Side]) -> None:
    """The reasons are specific: what only TypeScript cannot say never explains a
    Python disagreement, and most fields agree outright."""
    rep = compare(sides["kombo-ruby"], sides["kombo-python"], sides["kombo-typescript"])
    reasons = Counter(why for _, why in rep.diffs)
    assert reasons[TS_NULLABILITY] == reasons[TS_NUMBERS] == 0
    assert (
        rep.counts["fields that agree on type, required and nullable"]
        > 0.7 * rep.counts["fields in both"]
    )
