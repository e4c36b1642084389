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

import re
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
from .literals import py_str, py_value

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
_FAST = {"number": "num", "date": "day", "datetime": "dt"}
_MEMBER = {
    "string": "str_",
    "integer": "int_",
    "number": "num",
    "boolean": "bool_",
    "any": "any_",
    "date": "day",
    "datetime": "dt",
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

    # --- fast decoders ----------------------------------------------------------
    # A decoded value is built by an expression in terms of a variable `v`:
    # `(check, result)`, where an empty check means the result itself fails (a
    # KeyError, an exception from a callee) on a wrong value.  Anything wrong
    # makes the fast path give up; _locate then finds the error and its path.

    def alias(self, page: str) -> str:
        """The module alias (`_m3`) another page's module is imported as; "" for
        this module."""
        return self.module_ref(page).rstrip(".")

    def conv(self, t: TypeExpr, v: str = "v") -> tuple[str, str]:
        """(check, result) decoding the value held by name ``v``."""
        if isinstance(t, Primitive):
            if t.kind in ("string", "integer", "boolean"):
                return f"type({v}) is {PRIMITIVE_ANNOTATION[t.kind]}", v
            if t.kind == "any":
                return "", v
            return "", f"_r.{_FAST[t.kind]}({v})"
        if isinstance(t, External):
            return "", v
        if isinstance(t, Literal):
            if t.value is None:
                return f"{v} is None", v
            lit = py_value(t.value)
            if isinstance(t.value, str):
                return f"{v} == {lit}", lit
            return f"{v} == {lit} and type({v}) is {type(t.value).__name__}", lit
        if isinstance(t, Ref):
            m = self.model(t.page)
            prefix = self.module_ref(t.page)
            if isinstance(m, EnumModel):
                base = _enum_base(m)
                if self.is_open(m):
                    return f"type({v}) is {base}", f"{prefix}_BY_VALUE.get({v}, {v})"
                if base == "int":
                    return f"type({v}) is int", f"{prefix}_BY_VALUE[{v}]"
                return "", f"{prefix}_BY_VALUE[{v}]"  # str keys match only strings
            return "", f"{prefix}_decode({v})"
        if isinstance(t, ListOf):
            if t.item == Primitive("string"):
                return "", f"_r.strs({v})"
            return f"type({v}) is list", f"[{self.item(t.item)} for y in {v}]"
        if isinstance(t, MapOf):
            if t.value in (Primitive("any"),) or isinstance(t.value, External):
                return "", f"_r.obj({v})"
            return (
                f"type({v}) is dict",
                f"{{k: {self.item(t.value)} for k, y in {v}.items()}}",
            )
        return "", f"{self.helper(t)}({v})"

    def item(self, t: TypeExpr) -> str:
        """An expression decoding `y`, an element of a list or map."""
        check, result = self.conv(t, "y")
        if "for y in" in result or "for k, y in" in result:
            return f"{self.helper(t)}(y)"  # nested comprehensions would shadow `y`
        if check:
            return f"{result} if {check} else _x()"
        return result

    def decode_expr(self, t: TypeExpr) -> str:
        """A standalone expression decoding `v` (a helper's or a member's body)."""
        check, result = self.conv(t)
        return f"{result} if {check} else _x()" if check else result

    def field_expr(self, t: TypeExpr, required: bool, nullable: bool, get: str) -> str:
        """The right-hand side that decodes one field from ``get`` (`d["k"]`)."""
        check, result = self.conv(t)
        absent = (["v is None"] if nullable else []) + (
            [] if required else ["v is UNSET"]
        )
        if result == "v" and not check:  # any value: null and absence included
            return get
        if result == "v":  # the value is kept as it is: widen the check
            conds = [check] + absent
            return f"v if {_bind(' or '.join(conds), get)} else _x()"
        if absent:
            value = f"{result} if {check} else _x()" if check else result
            return f"v if {_bind(' or '.join(absent), get)} else {value}"
        if check:
            return f"{result} if {_bind(check, get)} else _x()"
        return _VAR.sub(get.replace("\\", "\\\\"), result, count=1)

    def helper(self, t: TypeExpr) -> str:
        key = spell(t)
        existing = self.helpers.get(key)
        if existing is not None:
            return existing.name
        name = f"_d{len(self.helpers) + 1}"
        helper = Helper(name, "", [])
        self.helpers[key] = helper  # registered first: a type may contain itself
        ann = self.annotation(t)
        if isinstance(t, Nullable):
            body = [f"return None if v is None else {self.decode_expr(t.inner)}"]
        elif isinstance(t, UnionOf):
            table = f"_{name[1:]}_members"
            body = [
                f"if not {table}:",
                f"    {table}.extend([{', '.join(self.union_members(t.members))}])",
                f"return _r.decode_union(v, {table})",
            ]
            helper.prelude = f"{table}: list[_r.Member] = []"
            ann = "Any"
        else:
            body = [f"return {self.decode_expr(t)}"]
        helper.signature = f"def {name}(v: Any) -> {ann}:"
        helper.body = body
        self.typing_names.add("Any")
        return name

    def member_decoder(self, t: TypeExpr) -> str:
        """A callable decoding one union member (raising on anything else)."""
        if isinstance(t, Primitive):
            return f"_r.{_MEMBER[t.kind]}"
        if isinstance(t, External):
            return "_r.any_"
        if isinstance(t, Ref) and isinstance(self.model(t.page), ObjectModel):
            return self.module_ref(t.page) + "_decode"
        return self.helper(t)

    # --- the schema _locate reads ------------------------------------------------

    def schema_type(self, t: TypeExpr) -> object:
        if isinstance(t, Primitive):
            return t.kind
        if isinstance(t, External):
            return "any"
        if isinstance(t, Literal):
            return ["const", t.value] if t.value is not None else ["null", "any"]
        if isinstance(t, Ref):
            m = self.model(t.page)
            if (
                isinstance(m, UnionModel)
                and m.members_known
                and t.page != self.self_page
            ):
                pass  # resolved through the union's own module
            return ["ref", self.alias(t.page)]
        if isinstance(t, ListOf):
            return ["list", self.schema_type(t.item)]
        if isinstance(t, MapOf):
            return ["map", self.schema_type(t.value)]
        if isinstance(t, Nullable):
            return ["null", self.schema_type(t.inner)]
        if isinstance(t, UnionOf):
            return [
                "union",
                [self.schema_type(m) for m in self.flat_members(t.members)],
            ]
        raise TypeError(spell(t))

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
        dec = self.member_decoder(t)
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
                consts.append(
                    f"({py_str(f.wire_name)}, frozenset({{{', '.join(values)}}}))"
                )
        open_keys = m.additional is not None
        parts = [
            "(dict,)",
            dec,
            (
                f"frozenset({{{', '.join(py_str(k) for k in required)}}})"
                if required
                else "frozenset()"
            ),
            (
                "frozenset()"
                if open_keys or not known
                else f"frozenset({{{', '.join(py_str(k) for k in known)}}})"
            ),
        ]
        if consts:
            # A lone item needs its comma; more would make it black's magic
            # trailing comma, which explodes the tuple even where it fits.
            parts.append("(" + ", ".join(consts) + ("," if len(consts) == 1 else "") + ")")
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
        """Values of ``t`` are already plain JSON values.  Enum members are not:
        they are str/int subclasses, but `to_dict()` promises plain values, which
        `from_dict` (whose checks are `type(v) is str`) takes back."""
        if isinstance(t, Primitive):
            return t.kind not in ("date", "datetime")
        return isinstance(t, (External, Literal))

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
            if isinstance(m, EnumModel):
                # A member's plain value; an open enum may also hold a plain one.
                return (
                    f"_r.enum_value({expr})" if self.is_open(m) else f"{expr}._value_"
                )
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


_VAR = re.compile(r"\bv\b")


def _bind(expr: str, get: str) -> str:
    """``expr`` with its first `v` reading ``get`` into `v` (a walrus): the
    condition is evaluated first, so the later uses of `v` see the value."""
    m = _VAR.search(expr)
    assert m is not None
    inside_call = expr[: m.start()].endswith("(") and expr[m.end() : m.end() + 1] == ")"
    bound = f"v := {get}" if inside_call else f"(v := {get})"
    return expr[: m.start()] + bound + expr[m.end() :]


def _enum_base(m: EnumModel) -> str:
    return (
        "int" if m.values and all(isinstance(v.value, int) for v in m.values) else "str"
    )


def _json(value: object) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)
