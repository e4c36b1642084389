"""Decisions where the docs lose information, each recorded as a diagnostic.

* Date types (:class:`~generator.ir.Temporal`): the notation does not say date or
  date-time.  The evidence on the page decides, strongest first: the field's
  example values; then formats in its description (`YYYY-MM-DDTHH:mm...` or
  "date-time" for date-time, `YYYY-MM-DD` alone for date).  When they disagree,
  the examples win, because they show what the API sends, and the conflict is
  reported.  With no evidence the field is a date-time: SDK generators reach for
  their date label for both formats, and date-times are far more common in APIs.
* Unknown nullability (`nullable is None`, date fields in every dialect we know):
  read as nullable, so that the real payloads, which do send `null` for such
  fields, decode.  An overrides entry makes a field strict again.
"""

from __future__ import annotations

import json
import re

from .diagnostics import Reporter
from .ir import Field, Model, ObjectModel, Primitive, Temporal, TypeExpr, evolve
from .types import transform, walk

_DATETIME_VALUE = re.compile(r"\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d")
_DATE_VALUE = re.compile(r"\d{4}-\d\d-\d\d")
_DATETIME_TEXT = re.compile(
    r"YYYY-MM-DD[T ]HH|yyyy-MM-dd'?T|date-time|datetime|timestamp|ISO[ -]?8601 (?:date[- ])?time",
    re.IGNORECASE,
)
_DATE_TEXT = re.compile(r"\bYYYY-MM-DD\b(?![T ]HH)|\byyyy-MM-dd\b(?!'?T)")


def _strings(example: str) -> list[str]:
    """Every string value in an example cell (JSON, or a bare value)."""
    try:
        value = json.loads(example)
    except (ValueError, RecursionError):  # too deep to read: no evidence
        return [example.strip()]
    out: list[str] = []
    todo = [value]
    while todo:
        v = todo.pop()
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, list):
            todo.extend(v)
        elif isinstance(v, dict):
            todo.extend(v.values())
    return out


def decide_temporal(f: Field) -> tuple[str, str, bool]:
    """(kind, why, conflict) for a field whose type holds a Temporal."""
    values = [s for e in f.examples for s in _strings(e)]
    from_examples = None
    if any(_DATETIME_VALUE.match(v) for v in values):
        from_examples = "datetime"
    elif any(_DATE_VALUE.fullmatch(v) for v in values):
        from_examples = "date"
    from_text = None
    if _DATETIME_TEXT.search(f.description):
        from_text = "datetime"
    elif _DATE_TEXT.search(f.description):
        from_text = "date"
    if from_examples and from_text and from_examples != from_text:
        return (
            from_examples,
            f"the examples show {from_examples} values, the description a {from_text} format",
            True,
        )
    if from_examples:
        return from_examples, "from the example values", False
    if from_text:
        return from_text, "from the format in the description", False
    return "datetime", "no evidence on the page; assumed date-time", False


def _settle_field(f: Field, reporter: Reporter) -> Field:
    loc = f.loc
    if any(isinstance(n, Temporal) for n in walk(f.type)):
        kind, why, conflict = decide_temporal(f)
        if conflict:
            reporter.report(
                "W109",
                f"field {f.name!r}: {why}; using {kind}",
                loc.path,
                loc.line,
                loc.col,
            )
        else:
            reporter.report(
                "W111",
                f"field {f.name!r} is a {kind.replace('datetime', 'date-time')} ({why})",
                loc.path,
                loc.line,
                loc.col,
            )

        def settle(t: TypeExpr) -> TypeExpr:
            return Primitive(kind) if isinstance(t, Temporal) else t

        f = evolve(f, type=transform(f.type, settle))
    if f.nullable is None:
        reporter.report(
            "W102",
            f"field {f.name!r}: the notation shows no nullability for this type; "
            f"decoded as nullable (set `nullable = false` in the overrides to be strict)",
            loc.path,
            loc.line,
            loc.col,
        )
        f = evolve(f, nullable=True)
    return f


def settle(models: list[Model], reporter: Reporter) -> list[Model]:
    out: list[Model] = []
    for m in models:
        if isinstance(m, ObjectModel):
            m = evolve(m, fields=tuple(_settle_field(f, reporter) for f in m.fields))
        out.append(m)
    return out
