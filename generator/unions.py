"""Which unions the decoder cannot always tell apart, reported at generation time.

The runtime picks a union member by JSON type, then by required keys and
constant fields, then by which member accounts for every key present.  Members
that agree on all of that can only be told apart by trying them in order: the
payload decodes, but which member it becomes depends on the order of the docs.
Each such union is a warning (W107), so that someone adds the constant that
decides (an override, or `mdcodegen evidence` from docs that have it).
"""

from __future__ import annotations

from .diagnostics import Reporter
from .ir import (
    EnumModel,
    External,
    Field,
    ListOf,
    Literal,
    Location,
    MapOf,
    Model,
    Nullable,
    ObjectModel,
    Primitive,
    Ref,
    TypeExpr,
    UnionModel,
    UnionOf,
)

_SCALAR_KIND = {
    "string": "string",
    "date": "string",
    "datetime": "string",
    "integer": "number",
    "number": "number",
    "boolean": "boolean",
    "any": "any",
}


def _flatten(
    members: tuple[TypeExpr, ...], models: dict[str, Model]
) -> list[tuple[TypeExpr, str]]:
    """The leaf members, each with the top-level union page it came through
    (`""` for a direct member): pairs inside one nested union page are that
    page's own report, so a chain of N nested unions costs O(N^2), not O(N^3)."""
    out: list[tuple[TypeExpr, str]] = []
    seen: set[str] = set()
    todo: list[tuple[TypeExpr, str]] = [(t, "") for t in reversed(members)]
    while todo:
        t, via = todo.pop()
        if isinstance(t, Nullable):
            t = t.inner
        if isinstance(t, UnionOf):
            todo.extend((x, via) for x in reversed(t.members))
            continue
        if isinstance(t, Ref):
            m = models.get(t.page)
            if isinstance(m, UnionModel) and m.page not in seen:
                seen.add(m.page)
                own = (
                    m.page if m.members_known else ""
                )  # only a known union is reported on its own
                todo.extend((x, via or own) for x in reversed(m.members))
                continue
        out.append((t, via))
    return out


def _kind(t: TypeExpr, models: dict[str, Model]) -> str:
    if isinstance(t, Primitive):
        return _SCALAR_KIND[t.kind]
    if isinstance(t, External):
        return "any"
    if isinstance(t, Literal):
        return "const"
    if isinstance(t, ListOf):
        return "array"
    if isinstance(t, MapOf):
        return "object"
    if isinstance(t, Ref):
        m = models.get(t.page)
        if isinstance(m, EnumModel):
            return "enum"
        if isinstance(m, ObjectModel):
            return "object"
    return "any"


def _consts(f: Field, models: dict[str, Model]) -> frozenset[object] | None:
    if isinstance(f.type, Literal):
        return frozenset([f.type.value])
    if isinstance(f.type, Ref):
        m = models.get(f.type.page)
        if isinstance(m, EnumModel) and not m.open:
            return frozenset(v.value for v in m.values)
    return None


def _apart(a: ObjectModel, b: ObjectModel, models: dict[str, Model]) -> bool:
    """Whether a payload of one can never be taken for the other."""
    req_a = {f.wire_name for f in a.fields if f.required}
    req_b = {f.wire_name for f in b.fields if f.required}
    if req_a != req_b:
        return True  # a required key one lacks tells them apart
    consts_b = {f.wire_name: _consts(f, models) for f in b.fields if f.required}
    for f in a.fields:
        mine = _consts(f, models)
        theirs = consts_b.get(f.wire_name)
        if (
            f.required
            and mine is not None
            and theirs is not None
            and not (mine & theirs)
        ):
            return True
    known_a = {f.wire_name for f in a.fields}
    known_b = {f.wire_name for f in b.fields}
    return known_a != known_b and bool(known_a - known_b) and bool(known_b - known_a)


def _name(t: TypeExpr, models: dict[str, Model]) -> str:
    if isinstance(t, Ref) and t.page in models:
        return models[t.page].name
    from .types import spell

    return spell(t)


def ambiguous_pairs(
    members: tuple[TypeExpr, ...], models: dict[str, Model]
) -> list[tuple[str, str]]:
    flat = _flatten(members, models)
    pairs: list[tuple[str, str]] = []
    for i, (a, via_a) in enumerate(flat):
        for b, via_b in flat[i + 1 :]:
            if via_a and via_a == via_b:
                continue  # both inside one nested union page: reported there
            ka, kb = _kind(a, models), _kind(b, models)
            if "any" in (ka, kb):
                clash = True
            elif ka != kb and {ka, kb} not in (
                {"string", "enum"},
                {"string", "const"},
                {"enum", "const"},
            ):
                clash = False
            elif ka == "object" and isinstance(a, Ref) and isinstance(b, Ref):
                ma, mb = models[a.page], models[b.page]
                clash = not (
                    isinstance(ma, ObjectModel)
                    and isinstance(mb, ObjectModel)
                    and _apart(ma, mb, models)
                )
            elif (
                ka == kb == "const"
                and isinstance(a, Literal)
                and isinstance(b, Literal)
            ):
                clash = a.value == b.value
            else:
                clash = True
            if clash:
                pairs.append((_name(a, models), _name(b, models)))
    return pairs


def report_ambiguous(models: list[Model], reporter: Reporter) -> None:
    by_page = {m.page: m for m in models}

    def report(where: Location, what: str, members: tuple[TypeExpr, ...]) -> None:
        pairs = ambiguous_pairs(members, by_page)
        if not pairs:
            return
        shown = "; ".join(f"{a} and {b}" for a, b in pairs[:3])
        more = f" (and {len(pairs) - 3} more pairs)" if len(pairs) > 3 else ""
        reporter.report(
            "W107",
            f"{what}: members {shown}{more} cannot be told apart by JSON type, keys or "
            f"constants; a payload becomes the first that decodes it",
            where.path,
            where.line,
            where.col,
        )

    for m in models:
        if isinstance(m, UnionModel) and m.members_known:
            report(m.loc, f"union {m.name!r}", m.members)
        elif isinstance(m, ObjectModel):
            for f in m.fields:
                for node in _inline_unions(f.type):
                    report(f.loc, f"the union in field {f.name!r}", node.members)


def _inline_unions(t: TypeExpr) -> list[UnionOf]:
    from .types import walk

    return [n for n in walk(t) if isinstance(n, UnionOf)]
