"""Speakeasy's C# docs (`*string*`, `List<[X](...)>`, `Dictionary<String, T>`).

Scanned over the csharp-fastpix sample.  What the notation cannot say, and what we
read it as:

* nullability: C# docs write `*string*` for `string?` too, so every field has
  unknown nullability (W102, decoded leniently);
* `[DateTime](...)` is written for date-time fields and, in Speakeasy's C#, may
  stand for dates: a :class:`Temporal` decided from the page's evidence;
* `long`/`int` are integers, `double`/`decimal` numbers, `object` any JSON value;
  `HttpRequestMessage`/`HttpResponseMessage` are the SDK's own: Any, with a warning;
* field names are PascalCase (`WorkspaceId`): the wire-name stage recovers the JSON
  name from example payloads, or guesses (W106);
* union pages name each member by a case name: a primitive (`### Str`,
  `### Integer`), a model (`### VideoTrack`), or a model relative to the union
  (`### Manual` in `CreatePlaylistRequest` is `CreatePlaylistRequestManual`,
  see ``generator.resolve``).
"""

from __future__ import annotations

import re

from ..ir import ListOf, Primitive, TypeExpr
from .base import SPEAKEASY_SDK_PAGES, Dialect, pascal_case_guess
from .grammar import Ctor, TypeGrammar

_INT = Primitive("integer")
_NUM = Primitive("number")
_STR = Primitive("string")
_BOOL = Primitive("boolean")

GRAMMAR = TypeGrammar(
    primitives={
        "string": _STR,
        "String": _STR,
        **{t: _INT for t in ("int", "long", "short", "BigInteger")},
        **{t: _NUM for t in ("double", "float", "decimal")},
        "bool": _BOOL,
        "object": Primitive("any"),
        "LocalDate": Primitive("date"),
    },
    constructors={
        "List": Ctor("list"),
        "Dictionary": Ctor("map", 2, 2),
    },
    brackets="<",
    postfix_array=True,
    temporal_labels={"DateTime": "DateTime"},
    external_names=("HttpRequestMessage", "HttpResponseMessage", "Stream"),
    model_name=re.compile(r"(?:[A-Z]\w*\.)*[A-Z]\w*"),
)

_CASES: dict[str, TypeExpr] = {
    "Str": _STR,
    "Integer": _INT,
    "Number": _NUM,
    "Boolean": _BOOL,
    "Any": Primitive("any"),
    "ArrayOfStr": ListOf(_STR),
    "ArrayOfInteger": ListOf(_INT),
    "ArrayOfNumber": ListOf(_NUM),
    "ArrayOfBoolean": ListOf(_BOOL),
}

DIALECT = Dialect(
    name="speakeasy-csharp",
    grammar=GRAMMAR,
    union_readers=("heading",),
    union_heading_types=_CASES,
    open_enum=re.compile(r"open enum", re.IGNORECASE),
    nullable_notation=False,
    wire_name=pascal_case_guess,
    field_case="pascal",
    extra_rows=("AdditionalProperties",),
    sdk_pages=SPEAKEASY_SDK_PAGES,
    markers=(
        (re.compile(r"Dictionary<String, |List<\*|List<\["), 3),
        (re.compile(r"\*(?:long|double|bool)\*|\[DateTime\]"), 2),
        (re.compile(r"```csharp|learn\.microsoft\.com"), 1),
    ),
)
