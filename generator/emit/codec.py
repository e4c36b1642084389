"""IR types -> Python annotations, decoder callables and encoder expressions.

A :class:`Scope` is one generated module under construction: asking it for a
type's code also records what that code needs (imports, sibling modules, small
helper functions for nested types), so a template only prints what the scope
collected.

Decoders are callables `(value) -> T` raising DecodeError with a relative path;
fields use the runtime's `req`/`req_n`/`opt`/`opt_n` helpers around them, or the
per-kind variants (`req_str`, ...) for primitives, which inline the check.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..ir import (
    EnumModel,
    External,
    ListOf,
    Literal,
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
from ..types import spell
from .literals import Code, py_str, py_value

PRIMITIVE_ANNOTATION = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "any": "Any",
    "date": "date",
    "datetime": "datetime",
}
PRIMITIVE_KIND = {  # suffix of the runtime's per-kind helpers
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "any": "any",
    "date": "date",
    "datetime": "datetime",
}
PRIMITIVE_JSON_KINDS = {
    "string": "(str,)",
    "integer": "(int,)",
    "number": "(int, float)",
    "boolean": "(bool,)",
    "any": "(dict, list, str, int, float, bool, type(None))",
    "date": "(str,)",
    "datetime": "(str,)",
}


@dataclass
class Helper:
    name: str
    signature: str
    body: list[str]
    prelude: str = ""  # a module-level line the helper needs (a union's member table)


@dataclass
class Scope:
    models: dict[str, Model]  # page id -> model, for every model of the spec
    self_page: str
    open_enums: bool = False  # config: every enum admits unknown values
    typing_names: set[str] = field(default_factory=set)
    datetime_names: set[str] = field(default_factory=set)
    type_imports: dict[str, set[str]] = field(default_factory=dict)  # module -> names
    runtime_modules: dict[str, str] = field(default_factory=dict)  # module -> alias
    helpers: dict[str, Helper] = field(default_factory=dict)  # spelled type -> helper
    uses_unset: bool = False
    # In a union alias (evaluated at import time), other aliases and the union
    # itself are written as forward references; these are imported for mypy only.
    quote_aliases: bool = False
    alias_imports: dict[str, set[str]] = field(default_factory=dict)

    # --- what a reference needs -------------------------------------------------

    def model(self, page: str) -> Model:
        return self.models[page]

    def class_ref(self, page: str) -> str:
        """The class (or alias) name for annotations; imported for type checking."""
        m = self.model(page)
        if page != self.self_page:
            self.type_imports.setdefault(m.module, set()).add(m.py_name)
        return m.py_name

    def module_ref(self, page: str) -> str:
        """How this module reaches another model module's functions at run time."""
        if page == self.self_page:
            return ""
        m = self.model(page)
        alias = self.runtime_modules.get(m.module)
        if alias is None:
            # Short numbered aliases keep calls on one line; the import at the
            # bottom of the module says which module each one is.
            alias = f"_m{len(self.runtime_modules) + 1}"
            self.runtime_modules[m.module] = alias
        return alias + "."

    def is_open(self, m: EnumModel) -> bool:
        return m.open or self.open_enums

    # --- annotations ------------------------------------------------------------

    def annotation(self, t: TypeExpr) -> str:
        if isinstance(t, Primitive):
            ann = PRIMITIVE_ANNOTATION[t.kind]
            if ann == "Any":
                self.typing_names.add("Any")
            elif ann in ("date", "datetime"):
                self.datetime_names.add(ann)
            return ann
        if isinstance(t, External):
            self.typing_names.add("Any")
            return "Any"
        if isinstance(t, Literal):
            if t.value is None:
                return "None"
            self.typing_names.add("Literal")
            return f"Literal[{py_value(t.value)}]"
        if isinstance(t, Ref):
            m = self.model(t.page)
            if self.quote_aliases and isinstance(m, UnionModel):
                if t.page != self.self_page:
                    self.alias_imports.setdefault(m.module, set()).add(m.py_name)
                return f'"{m.py_name}"'
            name = self.class_ref(t.page)
            if isinstance(m, EnumModel) and self.is_open(m):
                return f"{name} | {_enum_base(m)}"
            return name
        if isinstance(t, ListOf):
            return f"list[{self.annotation(t.item)}]"
        if isinstance(t, MapOf):
            return f"dict[str, {self.annotation(t.value)}]"
        if isinstance(t, Nullable):
            return f"{self.annotation(t.inner)} | None"
        if isinstance(t, UnionOf):
            parts: list[str] = []
            for member in t.members:
                ann = self.annotation(member)
                if ann not in parts:
                    parts.append(ann)
            return " | ".join(parts)
        raise TypeError(f"unresolved type reached the emitter: {spell(t)}")

    # --- decoders ---------------------------------------------------------------

    def decoder(self, t: TypeExpr) -> str:
        """The name of a one-argument callable that decodes a value of ``t``."""
        if isinstance(t, Primitive):
            return f"_r.{PRIMITIVE_KIND[t.kind]}_"
        if isinstance(t, External):
            return "_r.any_"
        if isinstance(t, Ref):
            return self.module_ref(t.page) + "_decode"
        if isinstance(t, ListOf) and t.item == Primitive("string"):
            return "_r.list_str"
        if isinstance(t, MapOf) and isinstance(t.value, (Primitive, External)) and (
            isinstance(t.value, External) or t.value.kind == "any"
        ):
            return "_r.map_any"
        return self.helper(t)

    def helper(self, t: TypeExpr) -> str:
        key = spell(t)
        existing = self.helpers.get(key)
        if existing is not None:
            return existing.name
        name = f"_d{len(self.helpers) + 1}"
        helper = Helper(name, "", [])
        self.helpers[key] = helper  # registered first: a type may contain itself
        ann = self.annotation(t)
        if isinstance(t, ListOf):
            body = [f"return _r.list_of(v, {self.decoder(t.item)})"]
        elif isinstance(t, MapOf):
            body = [f"return _r.map_of(v, {self.decoder(t.value)})"]
        elif isinstance(t, Nullable):
            body = [f"return None if v is None else {self.decoder(t.inner)}(v)"]
        elif isinstance(t, Literal):
            body = [
                f"if v == {py_value(t.value)} and type(v) is {type(t.value).__name__}:",
                f"    return {py_value(t.value)}",
                f"raise _r.wrong({py_str(_json(t.value))}, v)",
            ]
        elif isinstance(t, UnionOf):
            table = f"_{name[1:]}_members"
            body = [
                f"if not {table}:",
                f"    {table}.extend([{', '.join(self.union_members(t.members))}])",
                f"return _r.decode_union(v, {table}, {py_str(self.annotation(t))})",
            ]
            helper.prelude = f"{table}: list[_r.Member] = []"
            ann = "Any"
        else:
            raise TypeError(f"no helper for {key}")
        helper.signature = f"def {name}(v: Any) -> {ann}:"
        helper.body = body
        self.typing_names.add("Any")
        return name

    # --- unions -----------------------------------------------------------------

    def flat_members(self, members: tuple[TypeExpr, ...]) -> list[TypeExpr]:
        """Members of nested union pages are members of this union."""
        out: list[TypeExpr] = []
        seen: set[str] = set()
        todo = list(reversed(members))
        while todo:
            t = todo.pop()
            if isinstance(t, Ref):
                m = self.model(t.page)
                if isinstance(m, UnionModel) and m.members_known and t.page not in seen:
                    seen.add(t.page)
                    todo.extend(reversed(m.members))
                    continue
            if isinstance(t, UnionOf):
                todo.extend(reversed(t.members))
                continue
            out.append(t)
        return out

    def union_members(self, members: tuple[TypeExpr, ...]) -> list[str]:
        """The `_r.Member(...)` items a union decoder tries, in the doc's order."""
        return [self.member(t) for t in self.flat_members(members)]

    def member(self, t: TypeExpr) -> str:
        dec = self.decoder(t)
        if isinstance(t, Primitive):
            return f"_r.Member({PRIMITIVE_JSON_KINDS[t.kind]}, {dec})"
        if isinstance(t, External):
            return f"_r.Member({PRIMITIVE_JSON_KINDS['any']}, {dec})"
        if isinstance(t, Literal):
            return f"_r.Member((type({py_value(t.value)}),), {dec})"
        if isinstance(t, Nullable):
            return f"_r.Member((type(None),), {dec})"
        if isinstance(t, ListOf):
            return f"_r.Member((list,), {dec})"
        if isinstance(t, MapOf):
            return f"_r.Member((dict,), {dec})"
        if isinstance(t, Ref):
            m = self.model(t.page)
            if isinstance(m, EnumModel):
                return f"_r.Member(({_enum_base(m)},), {dec})"
            if isinstance(m, ObjectModel):
                return self.object_member(m, dec)
            return f"_r.Member({PRIMITIVE_JSON_KINDS['any']}, {dec})"
        raise TypeError(spell(t))

    def object_member(self, m: ObjectModel, dec: str) -> str:
        required = sorted(f.wire_name for f in m.fields if f.required)
        known = sorted(f.wire_name for f in m.fields)
        consts = []
        for f in m.fields:
            values = self.constant_values(f.type)
            if f.required and values is not None:
                consts.append(f"({py_str(f.wire_name)}, frozenset({{{', '.join(values)}}}))")
        open_keys = m.additional is not None
        parts = [
            "(dict,)",
            dec,
            f"frozenset({{{', '.join(py_str(k) for k in required)}}})" if required else "frozenset()",
            "frozenset()" if open_keys or not known
            else f"frozenset({{{', '.join(py_str(k) for k in known)}}})",
        ]
        if consts:
            parts.append("(" + ", ".join(consts) + ",)")
        return "_r.Member(" + ", ".join(parts) + ")"

    def constant_values(self, t: TypeExpr) -> list[str] | None:
        """Literal values a field must hold, when it is a constant or a closed enum."""
        if isinstance(t, Literal) and t.value is not None:
            return [py_value(t.value)]
        if isinstance(t, Ref):
            m = self.model(t.page)
            if isinstance(m, EnumModel) and not self.is_open(m) and m.values:
                return [py_value(v.value) for v in m.values]
        return None

    # --- encoders ---------------------------------------------------------------

    def passthrough(self, t: TypeExpr) -> bool:
        """Values of ``t`` are already JSON values (enum members are str/int)."""
        if isinstance(t, Primitive):
            return t.kind not in ("date", "datetime")
        if isinstance(t, (External, Literal)):
            return True
        if isinstance(t, Ref):
            return isinstance(self.model(t.page), EnumModel)
        return False

    def encoder(self, t: TypeExpr, expr: str, depth: int = 0) -> str:
        """An expression that encodes the value of ``expr`` (of type ``t``)."""
        if self.passthrough(t):
            return expr
        if isinstance(t, Primitive):
            return f"_r.enc_{t.kind}({expr})"
        if isinstance(t, Ref):
            m = self.model(t.page)
            if isinstance(m, ObjectModel):
                return f"{self.module_ref(t.page)}_encode({expr})"
            return f"_r.encode_value({expr})"
        var = f"x{depth}"
        if isinstance(t, ListOf):
            if self.passthrough(t.item):
                return f"list({expr})"
            return f"[{self.encoder(t.item, var, depth + 1)} for {var} in {expr}]"
        if isinstance(t, MapOf):
            if self.passthrough(t.value):
                return f"dict({expr})"
            return f"{{k{depth}: {self.encoder(t.value, var, depth + 1)} for k{depth}, {var} in {expr}.items()}}"
        if isinstance(t, Nullable):
            inner = self.encoder(t.inner, expr, depth)
            return expr if inner == expr else f"None if {expr} is None else {inner}"
        if isinstance(t, UnionOf):
            return f"_r.encode_value({expr})"
        raise TypeError(spell(t))


def _enum_base(m: EnumModel) -> str:
    return "int" if m.values and all(isinstance(v.value, int) for v in m.values) else "str"


def _json(value: object) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def field_decoder(scope: Scope, t: TypeExpr, required: bool, nullable: bool, wire: Code) -> str:
    """The right-hand side that reads one field from the payload dict `d`."""
    presence = ("req" if required else "opt") + ("_n" if nullable else "")
    if isinstance(t, Primitive):
        return f"_r.{presence}_{PRIMITIVE_KIND[t.kind]}(d, {wire})"
    if isinstance(t, External):
        return f"_r.{presence}_any(d, {wire})"
    return f"_r.{presence}(d, {wire}, {scope.decoder(t)})"
