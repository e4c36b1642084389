"""Small functions over IR type expressions, shared by the stages.

Types are at most ``interpret.MAX_TYPE_DEPTH`` deep once a page is read, so plain
recursion is safe here.
"""

from __future__ import annotations

from typing import Callable, Iterator

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
    """Rebuild ``t`` bottom-up, applying ``fn`` to every node."""
    if isinstance(t, Nullable):
        t = Nullable(transform(t.inner, fn))
    elif isinstance(t, ListOf):
        t = ListOf(transform(t.item, fn))
    elif isinstance(t, MapOf):
        t = MapOf(transform(t.value, fn))
    elif isinstance(t, UnionOf):
        t = UnionOf(tuple(transform(m, fn) for m in t.members), t.page)
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
