"""Speakeasy's TypeScript docs (`*string*`, `[components.X](...)[]`, `Record<string, T>`).

Scanned over the Kombo 1.3.4 TypeScript corpus and the typescript-glean sample.
What the notation cannot say, and what we read it as:

* nullability: TypeScript docs write `*string*` for a nullable field too, so every
  field without a `null` member has unknown nullability (W102, decoded leniently);
* integer or float: both are `*number*`, so every number is a float (the runtime's
  number check accepts integers);
* `[Date](https://developer.mozilla.org/...)` stands for date-time and, in some
  SDKs, date fields: a :class:`Temporal` decided from the page's evidence (the
  Example Usage blocks are no evidence: `new Date(...)` always prints a date-time).
  `[RFCDate](...)` is Speakeasy's own date-only class: a date;
* field names are the SDK's property names, camelCased in some SDKs (Glean's
  `ap.io.messages` is `apIoMessages`): example payloads and the spec's key
  convention correct them where they can;
* an `additionalProperties` row holds the keys the table does not list;
* enums are a fenced `"A" | "B"` block; `| Unrecognized<string>` makes them open.
"""

from __future__ import annotations

import re

from ..ir import Literal, Primitive
from .base import SPEAKEASY_SDK_PAGES, Dialect, no_escape
from .grammar import Ctor, TypeGrammar

GRAMMAR = TypeGrammar(
    primitives={
        "string": Primitive("string"),
        "number": Primitive("number"),
        "bigint": Primitive("integer"),
        "boolean": Primitive("boolean"),
        "any": Primitive("any"),
        "unknown": Primitive("any"),
        "object": Primitive("any"),
        "null": Literal(None),
        "true": Literal(True),
        "false": Literal(False),
        # Speakeasy's date-only class: the one date label that is reliable.
        "RFCDate": Primitive("date"),
    },
    constructors={
        "Record": Ctor("map", 2, 2),
        "Array": Ctor("list"),
        "ReadableStream": Ctor("external"),
    },
    brackets="<",
    postfix_array=True,
    infix_union=True,
    temporal_labels={"Date": "Date"},
    external_names=("Blob", "File", "Uint8Array", "ArrayBuffer", "Response"),
    model_name=re.compile(r"(?:[a-z_][A-Za-z0-9_]*\.)+[A-Z]\w*"),
    # `{ [k: string]: T }` (union headings) is `Record<string, T>`.
    rewrites=(
        (re.compile(r"\{\s*\[\s*\w+\s*:\s*string\s*\]\s*:"), "Record<string,"),
        (re.compile(r"\}"), ">"),
    ),
)

DIALECT = Dialect(
    name="speakeasy-typescript",
    grammar=GRAMMAR,
    enum_readers=("code_union", "name_value_table"),
    union_readers=("heading",),
    open_enum=re.compile(r"Unrecognized<|open enum", re.IGNORECASE),
    nullable_notation=False,
    wire_name=no_escape,
    field_case="camel",
    extra_rows=("additionalProperties",),
    sdk_pages=SPEAKEASY_SDK_PAGES,
    markers=(
        # `*string*` is C#'s spelling too: only what C# never writes counts.
        (re.compile(r"\*(?:boolean|number)\*|Record<string, "), 3),
        (re.compile(r"\]\([^)]*\)\[\]|\*string\*\[\]"), 2),
        (re.compile(r"developer\.mozilla\.org|```typescript"), 1),
    ),
)
