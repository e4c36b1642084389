"""Speakeasy's PHP docs (`*?string*`, `[?Components\\X](...)`, `array<string, T>`).

Scanned over the php-dub sample.  What the notation says, and what we read it as:

* `?T` marks every optional field (never a required one): PHP leaves an absent
  property null, so the notation cannot tell "may be null" from "may be absent"
  and reads as both, like Ruby's `T.nilable`;
* `array<T>` is a list, `array<string, T>` a map; a bare `array` (in union link
  texts) is any JSON value, `mixed` too;
* `[string\\|array\\|null](Union.md)`: the link text lists the members of the union
  page it links (the pipes are escaped because they sit in a table);
* union pages give each member a `### \\`type\\`` heading and a code sample whose
  `@var` names it more precisely (`### array` is `@var array<string>`);
* `\\DateTime` (date-time, and in some SDKs dates) is a :class:`Temporal`;
  `\\Brick\\DateTime\\LocalDate` a date;
* `\\Psr\\Http\\Message\\ResponseInterface` is the SDK's raw response: Any, with a warning;
* field names are camelCase (the JSON's own in Dub's API).
"""

from __future__ import annotations

import re

from ..ir import Literal, Primitive
from .base import SPEAKEASY_SDK_PAGES, Dialect, trailing_underscore_escape
from .grammar import Ctor, TypeGrammar

GRAMMAR = TypeGrammar(
    primitives={
        "string": Primitive("string"),
        "int": Primitive("integer"),
        "float": Primitive("number"),
        "bool": Primitive("boolean"),
        "mixed": Primitive("any"),
        "array": Primitive("any"),
        "null": Literal(None),
        "true": Literal(True),
        "false": Literal(False),
        "\\Brick\\DateTime\\LocalDate": Primitive("date"),
        "\\Brick\\Math\\BigInteger": Primitive("integer"),
        "\\Brick\\Math\\BigDecimal": Primitive("number"),
    },
    constructors={"array": Ctor("array", 1, 2)},
    brackets="<",
    prefix_ops={"?": "nullable"},
    infix_union=True,
    temporal_labels={"\\DateTime": "DateTime"},
    external_names=("\\Psr\\Http\\Message\\ResponseInterface",),
    # `Components\X`, `\Dub\Models\Components\X` (in code samples).
    model_name=re.compile(r"\\?(?:[A-Z]\w*\\)+[A-Z]\w*"),
)

DIALECT = Dialect(
    name="speakeasy-php",
    grammar=GRAMMAR,
    union_readers=("code", "heading"),
    union_code_type=re.compile(r"@var\s+(\S+)"),
    open_enum=re.compile(r"open enum", re.IGNORECASE),
    wire_name=trailing_underscore_escape,
    field_case="camel",
    sdk_pages=SPEAKEASY_SDK_PAGES,
    markers=(
        (re.compile(r"\*\?(?:string|float|bool|int)\*|\[\?[A-Z]\w*\\|array<"), 3),
        (re.compile(r"\[(?:Components|Operations|Errors)\\"), 2),
        (re.compile(r"```php"), 1),
    ),
)
