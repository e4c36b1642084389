"""The IR of a spec folder as an OpenAPI 3.1 document (``components/schemas``).

    python bench/ir_to_openapi.py SPEC_DIR [-o openapi.json]
    mdcodegen ir SPEC_DIR | python bench/ir_to_openapi.py - [-o openapi.json]
    python bench/ir_to_openapi.py ir.json

bench/generation.py feeds the result to datamodel-code-generator, so that both
generators start from the same models.  It is written to become a user-facing
command later: the conversion is a pure function, :func:`ir_to_openapi`, over the
JSON that ``mdcodegen ir`` prints (``schema_version`` 1), with no import of the
generator.

The mapping:

==========================  ==========================================================
IR                          OpenAPI 3.1 (JSON Schema 2020-12)
==========================  ==========================================================
object model                ``type: object``, ``properties`` by wire name, ``required``
                            (keys that must be present), ``additionalProperties``
                            from the model's ``additional`` type when it has one
field ``nullable``          ``type: [T, "null"]``, or ``anyOf: [..., {type: null}]``
                            around a ``$ref``, a union or an untyped schema
enum model                  ``enum`` of the values, typed when they share a type;
                            an open enum keeps ``x-mdcodegen-open-enum: true``
union model, ``union<>``    ``anyOf`` of the members (a union whose members the
                            docs never name: any value)
``ref<page>``               ``$ref: #/components/schemas/<export name>``
``list<T>``, ``map<T>``     ``type: array, items``; ``type: object,
                            additionalProperties``
``date``, ``datetime``      ``type: string`` with ``format: date`` / ``date-time``
``const<v>``                ``const: v``
``any``, ``external<N>``    ``{}`` (``x-mdcodegen-external: N`` for the latter)
==========================  ==========================================================

Schemas are named by each model's ``export`` name (the Python name mdcodegen
gives it, unique in a spec); the page heading is kept as ``title`` where it
differs, and the source page as ``x-mdcodegen-page``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

SUPPORTED_SCHEMA_VERSIONS = (1,)
REF_PREFIX = "#/components/schemas/"

Schema = dict[str, Any]


class IRError(ValueError):
    """The IR document cannot be converted (bad version, bad type spelling, ...)."""


# --- type spellings ------------------------------------------------------------------
# A type is spelled on one line by generator/types.py (`spell`):
#   string | integer | number | boolean | date | datetime | any
#   ref<PAGE> | external<NAME> | named<NAME> | temporal<LABEL> | const<JSON>
#   list<T> | map<T> | nullable<T> | union<T, T, ...>[@PAGE]
# A parsed type is a tuple: ("string",), ("ref", page), ("list", T),
# ("union", (T, ...), page), ("const", value) ...

TypeNode = tuple[Any, ...]

_PRIMITIVES = frozenset({"string", "integer", "number", "boolean", "date", "datetime", "any"})
_RAW_ARG = frozenset({"ref", "external", "named", "temporal"})
_ONE_ARG = frozenset({"list", "map", "nullable"})


class _TypeParser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def fail(self, message: str) -> IRError:
        return IRError(f"type {self.text!r}, at {self.pos}: {message}")

    def peek(self) -> str:
        return self.text[self.pos : self.pos + 1]

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise self.fail(f"expected {char!r}")
        self.pos += 1

    def skip_spaces(self) -> None:
        while self.peek() == " ":
            self.pos += 1

    def word(self) -> str:
        start = self.pos
        while self.pos < len(self.text) and (self.text[self.pos].isalnum()):
            self.pos += 1
        if start == self.pos:
            raise self.fail("expected a type name")
        return self.text[start : self.pos]

    def until(self, stops: str) -> str:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in stops:
            self.pos += 1
        return self.text[start : self.pos]

    def parse(self) -> TypeNode:
        node = self.type()
        if self.pos != len(self.text):
            raise self.fail("unexpected text after the type")
        return node

    def type(self) -> TypeNode:
        name = self.word()
        if name in _PRIMITIVES:
            return (name,)
        self.expect("<")
        if name in _RAW_ARG:
            arg = self.until(">")
            self.expect(">")
            return (name, arg)
        if name == "const":
            try:
                value, end = json.JSONDecoder().raw_decode(self.text, self.pos)
            except json.JSONDecodeError as e:
                raise self.fail(f"bad constant: {e.msg}") from None
            self.pos = end
            self.expect(">")
            return ("const", value)
        if name in _ONE_ARG:
            inner = self.type()
            self.expect(">")
            return (name, inner)
        if name == "union":
            members = [self.type()]
            while self.peek() == ",":
                self.pos += 1
                self.skip_spaces()
                members.append(self.type())
            self.expect(">")
            page = ""
            if self.peek() == "@":
                self.pos += 1
                page = self.until(",>")
            return ("union", tuple(members), page)
        raise self.fail(f"unknown type {name!r}")


def parse_type(text: str) -> TypeNode:
    """The parsed form of one IR type spelling; raises IRError."""
    return _TypeParser(text).parse()


# --- schemas ---------------------------------------------------------------------------


class Converter:
    """Turns the models of one IR document into component schemas."""

    def __init__(self, models: list[dict[str, Any]]) -> None:
        self.models = models
        self.by_page: dict[str, dict[str, Any]] = {m["page"]: m for m in models}
        self.names: dict[str, str] = {}
        taken: set[str] = set()
        for m in models:
            name = _schema_name(m.get("export") or m["name"])
            base, n = name, 2
            while name in taken:  # never expected: export names are unique
                name, n = f"{base}_{n}", n + 1
            taken.add(name)
            self.names[m["page"]] = name
        self.unresolved: list[str] = []

    # types
    def ref(self, page: str) -> Schema:
        name = self.names.get(page)
        if name is None:
            self.unresolved.append(page)
            return {"x-mdcodegen-unresolved": page}
        return {"$ref": REF_PREFIX + name}

    def schema(self, node: TypeNode) -> Schema:
        kind = node[0]
        if kind in ("string", "integer", "number", "boolean"):
            return {"type": kind}
        if kind == "date":
            return {"type": "string", "format": "date"}
        if kind == "datetime":
            return {"type": "string", "format": "date-time"}
        if kind == "any":
            return {}
        if kind == "ref":
            return self.ref(node[1])
        if kind == "external":
            return {"x-mdcodegen-external": node[1]}
        if kind == "named":  # resolve leaves none; keep the name if one slipped through
            return {"x-mdcodegen-unresolved": node[1]}
        if kind == "temporal":  # likewise: a date-like type whose format is unknown
            return {"type": "string"}
        if kind == "const":
            return _const(node[1])
        if kind == "list":
            return {"type": "array", "items": self.schema(node[1])}
        if kind == "map":
            value = self.schema(node[1])
            return {"type": "object", "additionalProperties": value if value else True}
        if kind == "nullable":
            return nullable(self.schema(node[1]))
        if kind == "union":
            members, page = node[1], node[2]
            target = self.by_page.get(page) if page else None
            if target is not None and target.get("kind") == "union":
                return self.ref(page)
            return _any_of(self.schema(m) for m in members)
        raise IRError(f"unknown type node {node!r}")

    def type_schema(self, spelling: str) -> Schema:
        return self.schema(parse_type(spelling))

    # models
    def model(self, m: dict[str, Any]) -> Schema:
        kind = m.get("kind")
        if kind == "object":
            out = self.object_model(m)
        elif kind == "enum":
            out = enum_model(m)
        elif kind == "union":
            out = self.union_model(m)
        else:
            raise IRError(f"{m.get('page')}: unknown model kind {kind!r}")
        return _annotate(out, m, self.names[m["page"]])

    def object_model(self, m: dict[str, Any]) -> Schema:
        properties: dict[str, Schema] = {}
        required: list[str] = []
        for f in m.get("fields", []):
            prop = self.type_schema(f["type"])
            # `nullable` is None where the notation cannot say; mdcodegen then
            # decodes leniently, and so does the schema.
            if f.get("nullable") is not False:
                prop = nullable(prop)
            prop = _describe(prop, f.get("description", ""))
            if f.get("deprecated"):
                prop = {**prop, "deprecated": True}
            examples = _examples(f.get("examples", ()))
            if examples:
                prop = {**prop, "examples": examples}
            properties[f["wire_name"]] = prop
            if f.get("required"):
                required.append(f["wire_name"])
        out: Schema = {"type": "object", "properties": properties}
        if required:
            out["required"] = required
        additional = m.get("additional")
        if additional:
            value = self.type_schema(additional)
            out["additionalProperties"] = value if value else True
        return out

    def union_model(self, m: dict[str, Any]) -> Schema:
        members = [self.type_schema(t) for t in m.get("members", [])]
        if not members:  # the docs name no member anywhere: any value
            return {"x-mdcodegen-members-unknown": True}
        return _any_of(members)

    def schemas(self) -> dict[str, Schema]:
        out = {}
        for m in sorted(self.models, key=lambda m: self.names[m["page"]]):
            out[self.names[m["page"]]] = self.model(m)
        return out


def nullable(schema: Schema) -> Schema:
    """``schema`` or null."""
    if not schema:
        return schema  # {} already admits null
    t = schema.get("type")
    if isinstance(t, str) and set(schema) <= {"type", "format", "items",
                                              "additionalProperties", "enum"}:
        out = {**schema, "type": [t, "null"]}
        if "enum" in out and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
        return out
    if isinstance(t, list):
        return schema if "null" in t else {**schema, "type": [*t, "null"]}
    if "anyOf" in schema and set(schema) == {"anyOf"}:
        if {"type": "null"} in schema["anyOf"]:
            return schema
        return {"anyOf": [*schema["anyOf"], {"type": "null"}]}
    return {"anyOf": [schema, {"type": "null"}]}


def enum_model(m: dict[str, Any]) -> Schema:
    values = [v["value"] for v in m.get("values", [])]
    out: Schema = {}
    kinds = {type(v) for v in values}
    if kinds == {str}:
        out["type"] = "string"
    elif kinds and kinds <= {int}:
        out["type"] = "integer"
    out["enum"] = values
    names = [v["name"] for v in m.get("values", [])]
    if names != values:
        out["x-enum-varnames"] = names
    if m.get("open"):
        out["x-mdcodegen-open-enum"] = True
    return out


def _const(value: Any) -> Schema:
    out: Schema = {"const": value}
    for py, name in ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string")):
        if isinstance(value, py):
            out = {"type": name, **out}
            break
    else:
        if value is None:
            out = {"type": "null", **out}
    return out


def _any_of(members: Iterable[Schema]) -> Schema:
    unique: list[Schema] = []
    for s in members:
        if s not in unique:
            unique.append(s)
    if len(unique) == 1:
        return unique[0]
    if any(not s for s in unique):
        return {}  # one member admits anything
    return {"anyOf": unique}


def _describe(schema: Schema, description: str) -> Schema:
    # OpenAPI 3.1 allows keywords beside $ref, so a referenced field keeps its text.
    return {**schema, "description": description} if description else schema


def _examples(texts: Iterable[str]) -> list[Any]:
    out = []
    for text in texts:
        try:
            out.append(json.loads(text))
        except (TypeError, ValueError):
            continue  # an example that is not JSON is prose; leave it out
    return out


def _schema_name(name: str) -> str:
    """A component name (``^[A-Za-z0-9._-]+$``)."""
    cleaned = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in name)
    return cleaned or "Model"


def _annotate(schema: Schema, m: dict[str, Any], name: str) -> Schema:
    head: Schema = {}
    if m.get("name") and m["name"] != name:
        head["title"] = m["name"]
    if m.get("description"):
        head["description"] = m["description"]
    out = {**head, **schema}
    if m.get("deprecated"):
        out["deprecated"] = True
    out["x-mdcodegen-page"] = m["page"]
    return out


# --- the document ---------------------------------------------------------------------


def ir_to_openapi(ir: dict[str, Any], title: str = "Models", version: str = "0.0.0") -> dict[str, Any]:
    """An OpenAPI 3.1 document whose ``components/schemas`` are the IR's models.

    Raises IRError for an IR it does not understand.  References to pages that
    are not models of the IR are kept as ``x-mdcodegen-unresolved`` schemas and
    listed under ``x-mdcodegen-unresolved`` at the top.
    """
    version_of_ir = ir.get("schema_version")
    if version_of_ir not in SUPPORTED_SCHEMA_VERSIONS:
        raise IRError(f"IR schema_version {version_of_ir!r} is not supported "
                      f"(supported: {', '.join(map(str, SUPPORTED_SCHEMA_VERSIONS))})")
    models = ir.get("models")
    if not isinstance(models, list):
        raise IRError("the IR has no list of models")
    conv = Converter(models)
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version},
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "paths": {},
        "components": {"schemas": conv.schemas()},
    }
    if ir.get("dialect"):
        doc["info"]["x-mdcodegen-dialect"] = ir["dialect"]
    if conv.unresolved:
        doc["x-mdcodegen-unresolved"] = sorted(set(conv.unresolved))
    return doc


def load_ir(source: str) -> dict[str, Any]:
    """The IR from a JSON file, ``-`` (stdin), or a spec folder (runs ``mdcodegen ir``)."""
    if source == "-":
        data: dict[str, Any] = json.load(sys.stdin)
        return data
    path = Path(source)
    if path.is_dir():
        proc = subprocess.run(
            [sys.executable, "-m", "generator", "ir", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr)
            raise IRError(f"`mdcodegen ir {path}` exited with {proc.returncode}")
        data = json.loads(proc.stdout)
        return data
    data = json.loads(path.read_text(encoding="utf-8"))
    return data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Convert mdcodegen's IR (or a spec folder) into an OpenAPI 3.1 document."
    )
    ap.add_argument("source", help="IR JSON file, '-' for stdin, or a spec folder")
    ap.add_argument("-o", "--output", help="write here instead of stdout")
    ap.add_argument("--title", default="Models", help="info.title (default: Models)")
    ap.add_argument("--version", default="0.0.0", help="info.version (default: 0.0.0)")
    args = ap.parse_args(argv)
    try:
        doc = ir_to_openapi(load_ir(args.source), args.title, args.version)
    except (IRError, OSError, json.JSONDecodeError) as e:
        print(f"ir_to_openapi: {e}", file=sys.stderr)
        return 2
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
