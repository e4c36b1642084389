"""What example payloads show about each model and field of the IR.

Every example is walked down the model graph (an explicit stack: payloads can be
deep) and each field records what values it was seen with: null, date-times,
plain dates, and, for enums, values the docs do not list.  Objects record the
keys that were present, absent, and undocumented.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..ir import (
    EnumModel,
    Field,
    ListOf,
    Model,
    Nullable,
    ObjectModel,
    Ref,
    TypeExpr,
)
from .payloads import Example
from .walk import objects

_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MAX_DEPTH = 64


@dataclass
class FieldSeen:
    values: int = 0
    nulls: list[str] = field(default_factory=list)  # sources
    datetimes: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    absent: list[str] = field(
        default_factory=list
    )  # sources of objects without the key


@dataclass
class ModelSeen:
    objects: int = 0
    extra_keys: Counter[str] = field(default_factory=Counter)
    unknown_values: dict[str, str] = field(default_factory=dict)  # enum value -> source


@dataclass
class Observations:
    fields: dict[tuple[str, str], FieldSeen] = field(
        default_factory=lambda: defaultdict(FieldSeen)
    )
    models: dict[str, ModelSeen] = field(default_factory=lambda: defaultdict(ModelSeen))
    examples: int = 0
    unmatched: list[str] = field(default_factory=list)  # examples of no known model


def _overlaps(m: ObjectModel, v: dict[str, Any]) -> bool:
    """Most of the object's keys are fields of ``m``: an example matched to ``m``
    only by its page heading may belong to another model of the same name (SDKs
    name their own wrappers after operations)."""
    wires = {f.wire_name for f in m.fields}
    return not v or 2 * sum(1 for k in v if k in wires) >= len(v)


def _fits(m: ObjectModel, v: dict[str, Any]) -> bool:
    """Whether an object plausibly is an instance of ``m`` when ``m`` is one of a
    union's members: its required keys are there and most of its keys are fields.
    (Where the docs name one model, the example is that model's, whatever it holds.)"""
    wires = {f.wire_name for f in m.fields}
    if any(f.required and f.wire_name not in v for f in m.fields):
        return False
    known = sum(1 for k in v if k in wires)
    return not v or 2 * known >= len(v)


def observe(models: list[Model], examples: list[Example]) -> Observations:
    by_page = {m.page: m for m in models}
    by_name: dict[str, list[Model]] = defaultdict(list)
    for m in models:
        by_name[m.name].append(m)
    obs = Observations()
    for ex in examples:
        if ex.type is not None:
            start: TypeExpr = ex.type
        else:
            candidates = by_name.get(ex.model)
            if not candidates:
                obs.unmatched.append(f"{ex.source} ({ex.model})")
                continue
            start = Ref(candidates[0].page)
        if isinstance(start, Ref) and isinstance(ex.value, dict):
            target = by_page[start.page]
            if isinstance(target, ObjectModel) and not _overlaps(target, ex.value):
                obs.unmatched.append(
                    f"{ex.source} ({ex.model}: other keys than this spec's model)"
                )
                continue
        obs.examples += 1
        _walk(start, ex.value, ex.source, by_page, obs)
    return obs


def _walk(
    start: TypeExpr,
    value: Any,
    source: str,
    by_page: dict[str, Model],
    obs: Observations,
) -> None:
    wires = {
        m.page: {f.wire_name: f for f in m.fields}
        for m in by_page.values()
        if isinstance(m, ObjectModel)
    }

    def field_of(m: ObjectModel, key: str) -> Field | None:
        return wires[m.page].get(key)

    for m, v in objects(start, value, by_page, field_of, _fits):
        _record_object(m, v, source, obs)
    _record_enums(start, value, source, by_page, wires, obs)


def _record_object(
    m: ObjectModel, v: dict[str, Any], source: str, obs: Observations
) -> None:
    seen = obs.models[m.page]
    seen.objects += 1
    for f in m.fields:
        fs = obs.fields[(m.page, f.wire_name)]
        if f.wire_name not in v:
            fs.absent.append(source)
            continue
        x = v[f.wire_name]
        fs.values += 1
        if x is None:
            fs.nulls.append(source)
        elif isinstance(x, str):
            if _DATETIME.match(x):
                fs.datetimes.append(source)
            elif _DATE.fullmatch(x):
                fs.dates.append(source)
    seen.extra_keys.update(k for k in v if k not in {f.wire_name for f in m.fields})


def _record_enums(
    start: TypeExpr,
    value: Any,
    source: str,
    by_page: dict[str, Model],
    wires: dict[str, dict[str, Field]],
    obs: Observations,
) -> None:
    """Enum values the docs do not list, wherever an enum-typed field holds one."""

    def field_of(m: ObjectModel, key: str) -> Field | None:
        return wires[m.page].get(key)

    pairs: list[tuple[TypeExpr, Any]] = [(start, value)]
    for m, v in objects(start, value, by_page, field_of, _fits):
        pairs.extend((f.type, v[f.wire_name]) for f in m.fields if f.wire_name in v)
    for t, x in pairs:
        for node in _enum_refs(t):
            target = by_page.get(node.page)
            if isinstance(target, EnumModel) and _scalar(x):
                listed = {ev.value for ev in target.values}
                for item in _scalars_in(x):
                    if item not in listed:
                        obs.models[target.page].unknown_values.setdefault(
                            str(item), source
                        )


def _enum_refs(t: TypeExpr) -> list[Ref]:
    out = []
    todo = [t]
    while todo:
        node = todo.pop()
        if isinstance(node, Ref):
            out.append(node)
        elif isinstance(node, Nullable):
            todo.append(node.inner)
        elif isinstance(node, ListOf):
            todo.append(node.item)
    return out


def _scalar(x: Any) -> bool:
    return isinstance(x, (str, int, list)) and not isinstance(x, bool)


def _scalars_in(x: Any) -> list[Any]:
    if isinstance(x, list):
        return [y for y in x if isinstance(y, (str, int)) and not isinstance(y, bool)]
    return [x]
