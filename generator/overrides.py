"""The overrides file: corrections to what the docs say, per `Model.field`.

`generate` reads the spec folder and this one file, nothing else; the `evidence`
command writes it from example payloads (see ``generator.evidence``).  Format:

    ["GetIntegrationsIntegrationIdPositiveResponseData.data_expired_at"]
    nullable = true             # the API sends null
    ["Employee.start_date"]
    type = "date"               # a scalar keeps the shape (a list of dates stays a list)
    ["Schema.items"]
    type = "list<ref<Schema>>"  # or any type in `mdcodegen ir`'s spelling
    ["Answer.type"]
    const = "TEXT"              # the only value the field takes
    ["Model.field"]
    optional = true             # the key may be absent
    ["SomeEnum"]
    open = true                 # an enum that admits values it does not list
    ["SomeUnion"]
    members = ["string", "map<ref<SomeUnion>>"]   # a union's members

Keys name models by page heading and fields by their name in the docs (or JSON
name).  A key that names nothing is an error, so a stale file is noticed.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Any

from .diagnostics import Reporter
from .ir import (
    EnumModel,
    Field,
    Literal,
    Model,
    ObjectModel,
    Primitive,
    Temporal,
    TypeExpr,
    UnionModel,
    evolve,
)
from .types import SpellingError, is_const_value, parse_spelled, transform

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FIELD_KEYS = {"nullable", "optional", "const", "type", "reason"}
MODEL_KEYS = {"open", "members", "reason"}
TYPE_NAMES = {"date", "datetime", "string", "integer", "number", "boolean", "any"}


@dataclass(frozen=True)
class Override:
    key: str
    values: dict[str, Any]
    line: int


@dataclass(frozen=True)
class Overrides:
    path: str  # relative to the spec root, for diagnostics
    entries: tuple[Override, ...] = ()


def load_overrides(path: str, root: str, reporter: Reporter) -> Overrides:
    if not os.path.isfile(path):
        return Overrides(path)
    rel = os.path.relpath(path, root) if path.startswith(root) else path
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
        data = tomllib.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        reporter.report("E040", f"cannot read the overrides file: {exc}", rel)
        return Overrides(rel)
    lines = raw.decode("utf-8").split("\n")
    headers = [
        (i + 1, text) for i, text in enumerate(lines) if text.lstrip().startswith("[")
    ]
    # A table header's line by its key (`["A.b"]` or `[A]`); a substring search
    # over the headers for the rare spelling this misses.
    by_key: dict[str, int] = {}
    for number, text in headers:
        by_key.setdefault(text.strip().strip("[]").strip().strip("\"'"), number)
    entries = []
    for key, values in data.items():
        line = by_key.get(key) or next(
            (number for number, text in headers if key in text), 1
        )
        if not isinstance(values, dict):
            reporter.report("E040", f"entry {key!r} must be a table", rel, line)
            continue
        entries.append(Override(key, dict(values), line))
    return Overrides(rel, tuple(entries))


def _retype(t: TypeExpr, name: str) -> TypeExpr:
    """Replace the scalar at the core of ``t`` (through lists and maps)."""

    def step(node: TypeExpr) -> TypeExpr:
        if isinstance(node, (Primitive, Temporal)):
            return Primitive(name)
        return node

    return transform(t, step)


def _apply_field(
    f: Field,
    o: Override,
    where: tuple[str, int],
    reporter: Reporter,
    pages_by_name: dict[str, str],
) -> Field:
    path, line = where
    unknown = set(o.values) - FIELD_KEYS
    if unknown:
        reporter.report(
            "E040", f"{o.key}: unknown override keys {sorted(unknown)}", path, line
        )
        return f
    v = o.values
    if "nullable" in v:
        if not isinstance(v["nullable"], bool):
            reporter.report(
                "E040", f"{o.key}: nullable must be true or false", path, line
            )
        else:
            f = evolve(f, nullable=v["nullable"])
    if "optional" in v:
        if not isinstance(v["optional"], bool):
            reporter.report(
                "E040", f"{o.key}: optional must be true or false", path, line
            )
        else:
            f = evolve(f, required=not v["optional"])
    if "type" in v:
        spelled = v["type"]
        if not isinstance(spelled, str):
            reporter.report(
                "E040",
                f'{o.key}: type must be a string such as "date" or "list<any>"',
                path,
                line,
            )
        elif spelled in TYPE_NAMES:
            # A scalar name keeps the shape: `date` on a list of dates is list<date>.
            if spelled in ("date", "datetime"):
                _report_temporal_conflict(f, spelled, o, where, reporter)
            f = evolve(f, type=_retype(f.type, spelled))
        else:
            try:
                f = evolve(f, type=parse_spelled(spelled, pages_by_name))
            except SpellingError as exc:
                reporter.report("E040", f"{o.key}: {exc}", path, line)
    if "const" in v:
        value = v["const"]
        if not is_const_value(value):
            reporter.report(
                "E040",
                f"{o.key}: const must be a string, a finite number or a boolean",
                path,
                line,
            )
        else:
            f = evolve(f, type=Literal(value))
    return f


def _apply_model(
    m: Model,
    o: Override,
    where: tuple[str, int],
    reporter: Reporter,
    pages_by_name: dict[str, str],
) -> Model:
    """`open` for an enum, `members` (spelled types) for a union."""
    unknown = set(o.values) - MODEL_KEYS
    if unknown:
        reporter.report(
            "E040", f"{o.key}: unknown override keys {sorted(unknown)}", *where
        )
        return m
    if "open" in o.values:
        if isinstance(m, EnumModel) and isinstance(o.values["open"], bool):
            m = evolve(m, open=o.values["open"])
        else:
            reporter.report(
                "E040",
                f"override {o.key!r}: `open` applies to an enum, as true or false",
                *where,
            )
    if "members" in o.values:
        spelled = o.values["members"]
        if (
            not isinstance(m, UnionModel)
            or not isinstance(spelled, list)
            or not spelled
        ):
            reporter.report(
                "E040",
                f"override {o.key!r}: `members` applies to a union, as a list of types",
                *where,
            )
            return m
        try:
            members = tuple(parse_spelled(str(t), pages_by_name) for t in spelled)
        except SpellingError as exc:
            reporter.report("E040", f"{o.key}: {exc}", *where)
            return m
        m = evolve(m, members=members, members_known=True)
    return m


def _report_temporal_conflict(
    f: Field, kind: str, o: Override, where: tuple[str, int], reporter: Reporter
) -> None:
    """The docs' own evidence (description formats, examples) against the override:
    the override wins, as it comes from payloads, and lint says so."""
    from .lossy import decide_temporal

    from_docs, why, _ = decide_temporal(f)
    if from_docs != kind and "no evidence" not in why:
        reporter.report(
            "W109",
            f"evidence conflict for field {f.name!r}: the docs suggest {from_docs} ({why}), "
            f"the overrides say {kind}"
            + (f" ({o.values['reason']})" if "reason" in o.values else "")
            + f"; using {kind}",
            f.loc.path,
            f.loc.line,
            f.loc.col,
        )


def apply_overrides(
    models: list[Model], overrides: Overrides, reporter: Reporter
) -> list[Model]:
    if not overrides.entries:
        return models
    by_name: dict[str, list[int]] = {}
    for i, m in enumerate(models):
        by_name.setdefault(m.name, []).append(i)
    out = list(models)
    pages_by_name = {m.name: m.page for m in models}
    for o in overrides.entries:
        where = (overrides.path, o.line)
        model_name, _, field_name = o.key.partition(".")
        idx = by_name.get(model_name)
        if not idx:
            reporter.report(
                "E040", f"override {o.key!r}: no model named {model_name!r}", *where
            )
            continue
        for i in idx:
            m = out[i]
            if not field_name:
                out[i] = _apply_model(m, o, where, reporter, pages_by_name)
                continue
            if not isinstance(m, ObjectModel):
                reporter.report(
                    "E040", f"override {o.key!r}: {model_name!r} has no fields", *where
                )
                continue
            fields = list(m.fields)
            hit = [
                j for j, f in enumerate(fields) if field_name in (f.name, f.wire_name)
            ]
            if not hit:
                reporter.report(
                    "E040",
                    f"override {o.key!r}: {model_name!r} has no field {field_name!r}",
                    *where,
                )
                continue
            for j in hit:
                fields[j] = _apply_field(fields[j], o, where, reporter, pages_by_name)
            out[i] = evolve(m, fields=tuple(fields))
    return out


__all__ = ["Override", "Overrides", "apply_overrides", "load_overrides"]
