"""Following an example payload down the model graph.

Type-directed: a value is matched against the type that holds it, so the keys of
a map (`{"USD": ...}`) never count as field names, and a nested object belongs to
the model its parent field names.  A union offers the value to every member; an
object offered that way counts only when it plausibly is that member (``fits``).
An explicit stack: payloads can be deep, and a union page may name itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..ir import (
    Field,
    ListOf,
    MapOf,
    Model,
    Nullable,
    ObjectModel,
    Ref,
    TypeExpr,
    UnionModel,
    UnionOf,
)

MAX_DEPTH = 64

# The field of a model a payload key stands for (or None).
FieldOf = Callable[[ObjectModel, str], "Field | None"]


def objects(
    start: TypeExpr,
    value: Any,
    models: dict[str, Model],
    field_of: FieldOf,
    fits: Callable[[ObjectModel, dict[str, Any]], bool],
) -> Iterator[tuple[ObjectModel, dict[str, Any]]]:
    """Every (object model, payload object) that ``value`` of type ``start`` holds."""
    todo: list[tuple[TypeExpr, Any, int, bool]] = [(start, value, 0, False)]
    while todo:
        t, v, depth, guess = todo.pop()
        if depth > MAX_DEPTH:
            continue
        if isinstance(t, Nullable):
            if v is not None:
                todo.append((t.inner, v, depth, guess))
        elif isinstance(t, ListOf):
            if isinstance(v, list):
                todo.extend((t.item, x, depth + 1, guess) for x in v)
        elif isinstance(t, MapOf):
            if isinstance(v, dict):
                todo.extend((t.value, x, depth + 1, guess) for x in v.values())
        elif isinstance(t, UnionOf):
            todo.extend((member, v, depth + 1, True) for member in t.members)
        elif isinstance(t, Ref):
            m = models.get(t.page)
            if isinstance(m, UnionModel):
                todo.extend((member, v, depth + 1, True) for member in m.members)
            elif (
                isinstance(m, ObjectModel)
                and isinstance(v, dict)
                and (not guess or fits(m, v))
            ):
                yield m, v
                for key, x in v.items():
                    f = field_of(m, key)
                    if f is not None:
                        todo.append((f.type, x, depth + 1, False))
