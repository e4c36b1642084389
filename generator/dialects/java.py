"""Speakeasy's Java docs (`*Optional\\<String>*`, `List\\<[X](...)>`, `Map\\<String, T>`).

Scanned over the java-formance sample.  What the notation says, and what we read it as:

* `Optional<T>` on an optional field may be absent and is not nullable; with a
  check mark (a required field) it is "required and nullable" (Go's pointer for the
  same fields agrees): ``Dialect.optional_wrapper = "nullable"``;
* `JsonNullable<T>` may be absent and may be null;
* `<` is escaped once in a cell (`\\<`) and twice when nested (`Map\\<String,
  Map\\\\<String, T>>`): markdown leaves a backslash in front of the inner ones,
  which the lexer ignores;
* `[OffsetDateTime](...)` never carries `Optional` or `JsonNullable`, even where
  Go's docs for the same field have a pointer: its nullability is lost, so it is a
  :class:`Temporal` (unknown nullability, format decided from the page's
  evidence, date-time when there is none);
* `BigInteger` is an integer, `BigDecimal` a number, `Object` any JSON value,
  `byte[]` a raw request body (Any); `HttpResponse<InputStream>` is the SDK's raw
  response, not a model: Any, with a warning;
* union pages are only a `# Title`: members come from references (none name them in
  Java, so such unions are Any, W101);
* field names are camelCase, Java keywords escaped with a trailing `_` (`default_`).
"""

from __future__ import annotations

import re

from ..ir import Primitive
from .base import SPEAKEASY_SDK_PAGES, Dialect, trailing_underscore_escape
from .grammar import Ctor, TypeGrammar

_INT = Primitive("integer")
_NUM = Primitive("number")

GRAMMAR = TypeGrammar(
    primitives={
        "String": Primitive("string"),
        **{
            t: _INT
            for t in ("int", "Integer", "long", "Long", "short", "Short", "BigInteger")
        },
        **{t: _NUM for t in ("double", "Double", "float", "Float", "BigDecimal")},
        "boolean": Primitive("boolean"),
        "Boolean": Primitive("boolean"),
        "Object": Primitive("any"),
        "LocalDate": Primitive("date"),
    },
    constructors={
        "Optional": Ctor("optional"),
        "JsonNullable": Ctor("optional_nullable"),
        "List": Ctor("list"),
        "Map": Ctor("map", 2, 2),
        "HttpResponse": Ctor("external"),
    },
    brackets="<",
    postfix_array=True,
    ignore_chars="\\",
    # `byte[]` is a body of raw bytes, not a list of small integers.
    rewrites=((re.compile(r"\bbyte\s*\[\s*\]"), "ByteArray"),),
    temporal_labels={"OffsetDateTime": "OffsetDateTime"},
    external_names=("InputStream", "ByteArray"),
    model_name=re.compile(r"[A-Z]\w*"),
)

DIALECT = Dialect(
    name="speakeasy-java",
    grammar=GRAMMAR,
    open_enum=re.compile(r"open enum", re.IGNORECASE),
    optional_wrapper="nullable",
    wire_name=trailing_underscore_escape,
    field_case="camel",
    extra_rows=("additionalProperties",),
    sdk_pages=SPEAKEASY_SDK_PAGES,
    markers=(
        (re.compile(r"(?:Optional|JsonNullable|List|Map)\\<"), 3),
        (re.compile(r"\*(?:String|Long|Boolean|BigInteger)\*|\[OffsetDateTime\]"), 2),
        (re.compile(r"```java"), 1),
    ),
)
