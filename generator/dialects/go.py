"""Speakeasy's Go docs (`` `*string` ``, `[]components.X`, `map[string]T`).

Scanned over the go-formance sample.  What the notation says, and what we read it as:

* a pointer `*T` may be nil: on a required field that is "required and nullable"
  (Java's docs for the same API agree), on an optional one it cannot tell null from
  absent and reads as both, like Ruby's `T.nilable`;
* `*big.Int` is always a pointer, required or not (Java's docs say `BigInteger`
  without `Optional`), so its `*` says nothing: it is rewritten away;
* `time.Time` is date-time (dates are Speakeasy's `types.Date`) and its pointer
  says nullability: reliable, so no :class:`Temporal`;
* `*http.Response` (the SDK's raw response) is not a model: Any, with a warning;
* field names are PascalCase (`PoolID`), which loses the JSON spelling: the
  wire-name stage recovers it from example payloads or guesses (W106);
* union pages name a member in the `###` heading, or only in the code sample
  (`CreateV2TargetIDStr(string{...})`) when the heading is empty;
* an `AdditionalProperties` row holds the keys the table does not list (Speakeasy's
  Go structs keep them there, `json:"-"`).
"""

from __future__ import annotations

import re

from ..ir import Primitive
from .base import SPEAKEASY_SDK_PAGES, Dialect, pascal_case_guess
from .grammar import Ctor, TypeGrammar

_INT = Primitive("integer")
_NUM = Primitive("number")

GRAMMAR = TypeGrammar(
    primitives={
        "string": Primitive("string"),
        **{
            t: _INT
            for t in (
                "int",
                "int8",
                "int16",
                "int32",
                "int64",
                "uint",
                "uint8",
                "uint16",
                "uint32",
                "uint64",
            )
        },
        "float32": _NUM,
        "float64": _NUM,
        "bool": Primitive("boolean"),
        "any": Primitive("any"),
        "big.Int": _INT,
        "big.Float": _NUM,
        "decimal.Big": _NUM,
        "time.Time": Primitive("datetime"),
        "types.Date": Primitive("date"),
    },
    constructors={"map": Ctor("map", 1, 1, trailing=True)},
    brackets="[",
    prefix_ops={"*": "nullable", "[]": "list"},
    rewrites=((re.compile(r"\*\s*(?=big\.(?:Int|Float)\b)"), ""),),
    external_names=("http.Response",),
    # Union headings name members bare (`AdyenConfig`) or qualified (`shared.X`).
    model_name=re.compile(r"(?:[a-z]\w*\.)?[A-Z]\w*"),
)

DIALECT = Dialect(
    name="speakeasy-go",
    grammar=GRAMMAR,
    union_readers=("heading", "code"),
    union_code_type=re.compile(r"\bCreate\w*\(\s*(\*?[\w.]+)\s*\{"),
    open_enum=re.compile(r"open enum", re.IGNORECASE),
    wire_name=pascal_case_guess,
    field_case="pascal",
    extra_rows=("AdditionalProperties",),
    sdk_pages=SPEAKEASY_SDK_PAGES,
    markers=(
        (re.compile(r"`\*?(?:string|int64|bool|int|float64|any)`"), 3),
        # `[components.X](...)` is TypeScript's spelling too: only Go's own forms count.
        (
            re.compile(
                r"map\[string\]|\[\]\[|\[\*(?:shared|components|operations)\.[A-Z]"
            ),
            3,
        ),
        (re.compile(r"pkg\.go\.dev|```go"), 1),
    ),
)
