"""JSON names that the docs' field names lost, recovered from example payloads.

SDK docs list a field under the SDK's attribute name: Go and C# write PascalCase
(`PoolID`), Ruby and Python snake_case (`media_policy`), Java, PHP and TypeScript
camelCase.  When the API's JSON uses another convention, the doc's name is not the
JSON name (FastPix's Ruby docs say `media_policy`, its payloads `mediaPolicy`).
``Dialect.field_case`` says which convention the dialect's names follow; in "wire"
dialects (OpenAPI Generator) the name is the JSON name, and only an escape such as
`var_schema` is a guess that an example may confirm.

Evidence, strongest first:

1. the field's own key in an example payload: the Example cell of any field whose
   type is (a list, map or union of) this model shows the object's keys;
2. the convention (camelCase or snake_case) of the keys that payloads show for the
   same model, then of every payload key of the spec;
3. the dialect's first guess (camelCase for PascalCase docs; the doc name otherwise).

A name chosen by 2 or 3 that differs from the doc's, or that a lossy notation
produced (PascalCase, an escaped `date_`), is reported as W106; a doc name that an
example contradicts is replaced and reported as W109.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter, defaultdict
from typing import Any

from ..diagnostics import Reporter
from ..evidence.walk import objects
from ..ir import (
    Field,
    Model,
    ObjectModel,
    evolve,
)
from .base import Dialect, camel_case, snake_case

_CAMEL = re.compile(r"[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+")
_SNAKE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+")


_NOT_ALNUM = re.compile(r"[^a-z0-9]")


@functools.cache
def _norm(name: str) -> str:
    return _NOT_ALNUM.sub("", name.lower())


def convention(keys: set[str] | list[str]) -> str | None:
    """ "camel" or "snake" when multi-word keys mostly follow one; None otherwise."""
    count: Counter[str] = Counter()
    for k in keys:
        if _CAMEL.fullmatch(k):
            count["camel"] += 1
        elif _SNAKE.fullmatch(k):
            count["snake"] += 1
    if count["camel"] == count["snake"]:
        return None
    return "camel" if count["camel"] > count["snake"] else "snake"


def _parse(example: str) -> Any:
    try:
        return json.loads(example)
    except (ValueError, RecursionError):  # 1,000-deep brackets: no evidence
        return None


def collect_keys(models: dict[str, Model]) -> dict[str, set[str]]:
    """Page -> the object keys example payloads show for that model.

    Type-directed: a payload is matched against the field's type, so keys of a map
    (`{"USD": ...}`) never count as field names, and nested objects give their keys
    to the model their parent field names.
    """
    keys: dict[str, set[str]] = defaultdict(set)
    by_norm: dict[str, dict[str, Field]] = {}
    for m in models.values():
        if isinstance(m, ObjectModel):
            table: dict[str, Field] = {}
            for f in m.fields:
                table.setdefault(_norm(f.wire_name), f)
                table.setdefault(_norm(f.name), f)
            by_norm[m.page] = table

    def field_of(m: ObjectModel, key: str) -> Field | None:
        return by_norm[m.page].get(_norm(key))

    def fits(m: ObjectModel, v: dict[str, Any]) -> bool:
        # Only a payload that fits the model counts (a union tries every
        # member): most of its keys must be fields.
        known = sum(1 for k in v if _norm(k) in by_norm[m.page])
        return bool(v) and 2 * known >= len(v)

    for m in models.values():
        if not isinstance(m, ObjectModel):
            continue
        for f in m.fields:
            for example in f.examples:
                value = _parse(example)
                if value is None:
                    continue
                for target, v in objects(f.type, value, models, field_of, fits):
                    keys[target.page].update(v)
    return keys


def recover_wire_names(
    models: list[Model], dialect: Dialect, reporter: Reporter
) -> list[Model]:
    by_page = {m.page: m for m in models}
    keys = collect_keys(by_page)
    spec_conv = convention([k for ks in keys.values() for k in ks])
    out: list[Model] = []
    for m in models:
        if isinstance(m, ObjectModel):
            model_conv = convention(keys.get(m.page, set()))
            fields = tuple(
                _recover(
                    f, keys.get(m.page, set()), model_conv, spec_conv, dialect, reporter
                )
                for f in m.fields
            )
            m = evolve(m, fields=fields)
        out.append(m)
    return out


def _recover(
    f: Field,
    seen: set[str],
    model_conv: str | None,
    spec_conv: str | None,
    dialect: Dialect,
    reporter: Reporter,
) -> Field:
    loc = f.loc

    def report(code: str, message: str) -> None:
        reporter.report(code, message, loc.path, loc.line, loc.col)

    wanted = {_norm(f.wire_name), _norm(f.name)}
    matches = sorted(k for k in seen if _norm(k) in wanted)
    if f.wire_name in matches or f.name in matches:
        # An exact key confirms the name (an escaped `date_` as much as a plain one).
        wire = f.wire_name if f.wire_name in matches else f.name
        if wire == f.wire_name and not f.wire_name_guessed:
            return f
        return evolve(f, wire_name=wire, wire_name_guessed=False)
    if len(matches) == 1 and dialect.field_case != "wire":
        if not f.wire_name_guessed:
            report(
                "W109",
                f"field {f.name!r}: example payloads write its key as {matches[0]!r}; "
                f"using that as its JSON name",
            )
        return evolve(f, wire_name=matches[0], wire_name_guessed=False)
    conv, where = (
        (model_conv, "this model's") if model_conv else (spec_conv, "the spec's")
    )
    label = {"camel": "camelCase", "snake": "snake_case"}
    base = f.wire_name
    if dialect.field_case == "pascal":
        # The doc's spelling is never the JSON one: the dialect's camelCase guess
        # unless payloads say snake_case.
        wire = snake_case(f.name) if conv == "snake" else base
        why = (
            f"{label[conv]}, like {where} example keys"
            if conv
            else "camelCase; no example key shows the spec's convention"
        )
    elif dialect.field_case == "snake" and conv == "camel" and "_" in base.strip("_"):
        wire, why = camel_case(base), f"camelCase, like {where} example keys"
    elif dialect.field_case == "camel" and conv == "snake" and base != base.lower():
        wire, why = snake_case(base), f"snake_case, like {where} example keys"
    else:
        wire, why = base, "the SDK's escaping rule undone"
    if wire != f.name or f.wire_name_guessed:
        report(
            "W106",
            f"JSON name of field {f.name!r} guessed as {wire!r} ({why}); no example payload shows it",
        )
        return evolve(f, wire_name=wire, wire_name_guessed=True)
    return f
