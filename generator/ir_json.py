"""The IR as JSON: `mdcodegen ir`'s output, sorted and stable.

Types are spelled on one line (``generator.types.spell``), which keeps the document
diffable and lets tools compare two specs model by model.
"""

from __future__ import annotations

from typing import Any

from .ir import SCHEMA_VERSION, EnumModel, Location, Model, ObjectModel, UnionModel
from .types import spell


def _loc(loc: Location) -> dict[str, Any]:
    return {"path": loc.path, "line": loc.line, "col": loc.col}


def model_to_json(m: Model) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": m.name,
        "export": m.py_name,
        "module": m.module,
        "page": m.page,
        "loc": _loc(m.loc),
        "dialect": m.dialect,
        "description": m.description,
        "deprecated": m.deprecated,
    }
    if isinstance(m, ObjectModel):
        out["kind"] = "object"
        out["fields"] = [
            {
                "name": f.name,
                "wire_name": f.wire_name,
                "wire_name_guessed": f.wire_name_guessed,
                "attribute": f.attr,
                "type": spell(f.type),
                "required": f.required,
                "nullable": f.nullable,
                "deprecated": f.deprecated,
                "description": f.description,
                "examples": list(f.examples),
                "loc": _loc(f.loc),
            }
            for f in m.fields
        ]
        out["additional"] = spell(m.additional) if m.additional is not None else None
    elif isinstance(m, EnumModel):
        out["kind"] = "enum"
        out["open"] = m.open
        out["values"] = [
            {"name": v.name, "value": v.value, "loc": _loc(v.loc)} for v in m.values
        ]
    elif isinstance(m, UnionModel):
        out["kind"] = "union"
        out["members"] = [spell(t) for t in m.members]
        out["members_known"] = m.members_known
    if m.example:
        out["example"] = m.example
    return out


def spec_to_json(models: list[Model], dialect: str) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "dialect": dialect,
        "models": [model_to_json(m) for m in sorted(models, key=lambda m: m.page)],
    }
