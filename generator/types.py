"""Small functions over IR type expressions, shared by the stages.

Types are at most ``interpret.MAX_TYPE_DEPTH`` deep once a page is read, so plain
recursion is safe here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

from .ir import (
    External,
    ListOf,
    Literal,
    MapOf,
    Named,
    Nullable,
    Primitive,
    Ref,
    Temporal,
    TypeExpr,
    UnionOf,
)


def transform(t: TypeExpr, fn: Callable[[TypeExpr], TypeExpr]) -> TypeExpr:
    """Rebuild ``t`` bottom-up, applying ``fn`` to every node; a node none of whose
    parts changed is kept as is (callers compare by identity to skip work)."""
    if isinstance(t, Nullable):
        inner = transform(t.inner, fn)
        t = t if inner is t.inner else Nullable(inner)
    elif isinstance(t, ListOf):
        item = transform(t.item, fn)
        t = t if item is t.item else ListOf(item)
    elif isinstance(t, MapOf):
        value = transform(t.value, fn)
        t = t if value is t.value else MapOf(value)
    elif isinstance(t, UnionOf):
        members = tuple(transform(m, fn) for m in t.members)
        if any(a is not b for a, b in zip(members, t.members)):
            t = UnionOf(members, t.page)
    return fn(t)


def walk(t: TypeExpr) -> Iterator[TypeExpr]:
    """Every node of ``t``, parents first."""
    todo = [t]
    while todo:
        node = todo.pop()
        yield node
        if isinstance(node, Nullable):
            todo.append(node.inner)
        elif isinstance(node, ListOf):
            todo.append(node.item)
        elif isinstance(node, MapOf):
            todo.append(node.value)
        elif isinstance(node, UnionOf):
            todo.extend(reversed(node.members))


def refs(t: TypeExpr) -> list[str]:
    return [n.page for n in walk(t) if isinstance(n, Ref)]


def strip_nullable(t: TypeExpr) -> tuple[TypeExpr, bool]:
    if isinstance(t, Nullable):
        return t.inner, True
    return t, False


def spell(t: TypeExpr) -> str:
    """A canonical one-line spelling, used in the IR JSON, reports and messages."""
    if isinstance(t, Primitive):
        return t.kind
    if isinstance(t, Temporal):
        return f"temporal<{t.label}>"
    if isinstance(t, Named):
        return f"named<{t.name}>"
    if isinstance(t, Ref):
        return f"ref<{t.page}>"
    if isinstance(t, External):
        return f"external<{t.name}>"
    if isinstance(t, Literal):
        import json

        return f"const<{json.dumps(t.value)}>"
    if isinstance(t, ListOf):
        return f"list<{spell(t.item)}>"
    if isinstance(t, MapOf):
        return f"map<{spell(t.value)}>"
    if isinstance(t, Nullable):
        return f"nullable<{spell(t.inner)}>"
    if isinstance(t, UnionOf):
        inner = ", ".join(spell(m) for m in t.members)
        return f"union<{inner}>" + (f"@{t.page}" if t.page else "")
    raise TypeError(t)


class SpellingError(ValueError):
    pass


def is_const_value(value: object) -> bool:
    """What a `Literal` can hold: JSON scalars a payload can equal.  Infinity and
    NaN are refused: `1e999` reads as inf, which no JSON payload can carry and no
    Python literal can spell."""
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, (str, int, bool))


def parse_spelled(text: str, pages_by_name: dict[str, str]) -> TypeExpr:
    """The inverse of :func:`spell`, for types written in the overrides file:
    `list<date>`, `map<any>`, `nullable<string>`, `union<string, ref<Pet>>`,
    `const<"TEXT">`; `ref<...>` takes a page heading or a page path."""
    import json

    pos = 0

    def skip() -> None:
        nonlocal pos
        while pos < len(text) and text[pos] == " ":
            pos += 1

    def word() -> str:
        nonlocal pos
        skip()
        start = pos
        while pos < len(text) and (text[pos].isalnum() or text[pos] in "_"):
            pos += 1
        return text[start:pos]

    def expect(ch: str) -> None:
        nonlocal pos
        skip()
        if not text.startswith(ch, pos):
            raise SpellingError(f"expected {ch!r} at column {pos + 1} of {text!r}")
        pos += 1

    def until_close() -> str:
        nonlocal pos
        depth = 1
        start = pos
        while pos < len(text):
            if text[pos] == "<":
                depth += 1
            elif text[pos] == ">":
                depth -= 1
                if depth == 0:
                    return text[start:pos]
            pos += 1
        raise SpellingError(f"unclosed `<` in {text!r}")

    def one(level: int) -> TypeExpr:
        nonlocal pos
        if level > 16:
            raise SpellingError(f"{text!r} is nested too deeply")
        name = word()
        if name in (
            "string",
            "integer",
            "number",
            "boolean",
            "date",
            "datetime",
            "any",
        ):
            return Primitive(name)
        expect("<")
        if name == "const":
            raw = until_close().strip()
            pos += 1
            try:
                value = json.loads(raw)
            except (ValueError, RecursionError):
                raise SpellingError(f"const<{raw}>: not a JSON value") from None
            if not is_const_value(value):
                raise SpellingError(
                    f"const<{raw}>: must be a string, a finite number or a boolean"
                )
            return Literal(value)
        if name == "ref":
            target = until_close().strip()
            pos += 1
            page = pages_by_name.get(target) or (
                target if target in pages_by_name.values() else None
            )
            if page is None:
                raise SpellingError(f"ref<{target}>: no model of that name")
            return Ref(page)
        if name in ("list", "map", "nullable"):
            inner = one(level + 1)
            expect(">")
            wrap: dict[str, Callable[[TypeExpr], TypeExpr]] = {
                "list": ListOf,
                "map": MapOf,
                "nullable": Nullable,
            }
            return wrap[name](inner)
        if name == "union":
            members = [one(level + 1)]
            skip()
            while text.startswith(",", pos):
                pos += 1
                members.append(one(level + 1))
                skip()
            expect(">")
            return UnionOf(tuple(members))
        raise SpellingError(f"unknown type {name!r} in {text!r}")

    result = one(0)
    skip()
    if pos != len(text):
        raise SpellingError(f"unexpected {text[pos:]!r} in {text!r}")
    return result
