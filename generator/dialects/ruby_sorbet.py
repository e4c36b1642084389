"""Speakeasy's Ruby docs in Sorbet notation (`T.nilable(::String)`, `T::Array<X>`).

Scanned over the whole Kombo 1.2.8 corpus and the ruby-fastpix sample.  Notes on
what the notation cannot say, and what we read it as:

* every optional field is written `T.nilable(...)`, so for an optional field the
  notation cannot tell "may be null" from "may be absent": it reads as both;
* `[Date](https://ruby-doc.org/...)` stands for both date and date-time and never
  carries `T.nilable`: a :class:`Temporal` that the resolve stage decides;
* `::Object` and bare `Object` are any JSON value; `T::Hash[Symbol, X]` is a map
  whose keys are JSON object keys (Ruby symbols on the SDK side).
"""

from __future__ import annotations

import re

from ..ir import Literal, Primitive
from .base import Dialect, trailing_underscore_escape
from .grammar import Ctor, TypeGrammar

_ANY = Primitive("any")
RUBY_NAMES = re.compile(r"::(?:String|Integer|Float)\b|Models::\w+::")

GRAMMAR = TypeGrammar(
    primitives={
        "::String": Primitive("string"),
        "String": Primitive("string"),
        "::Integer": Primitive("integer"),
        "Integer": Primitive("integer"),
        "::Float": Primitive("number"),
        "Float": Primitive("number"),
        "::BigDecimal": Primitive("number"),
        "T::Boolean": Primitive("boolean"),
        "::Object": _ANY,
        "Object": _ANY,
        "T.untyped": _ANY,
        "::DateTime": Primitive("datetime"),
        "DateTime": Primitive("datetime"),
        "::Date": Primitive("date"),
        "Symbol": Primitive("string"),
        "::Symbol": Primitive("string"),
        "NilClass": Literal(None),
        "nil": Literal(None),
    },
    constructors={
        "T.nilable": Ctor("nullable"),
        "T::Array": Ctor("list"),
        "T::Hash": Ctor("map", 2, 2),
        "T.any": Ctor("union", 1, 64),
    },
    brackets="([<",
    ignore_chars="*",
    temporal_labels={"Date": "Date"},
    external_names=("Faraday::Response",),
    model_name=re.compile(r"(?:::)?Models::\w+::\w+"),
)

DIALECT = Dialect(
    name="ruby-sorbet",
    grammar=GRAMMAR,
    open_enum=re.compile(r"#\s*Open enum", re.IGNORECASE),
    wire_name=trailing_underscore_escape,
    # Speakeasy's Ruby SDKs snake_case JSON names (FastPix's `mediaPolicy` is
    # documented as `media_policy`): example payloads and the spec's key
    # convention correct them (generator.dialects.wirenames).
    field_case="snake",
    markers=(
        (re.compile(r"T\.nilable\(|T::Array[<\[]|T::Boolean|T\.any\(|T::Hash\["), 3),
        # Ruby, but Crystalline writes these too.
        (RUBY_NAMES, 1),
    ),
)
