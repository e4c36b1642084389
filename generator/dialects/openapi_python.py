"""OpenAPI Generator's Python model docs (`## Properties`, `**str**`, `[**List[X]**](X.md)`).

Scanned over the openapi-python-airflow sample (OpenAPI Generator 7.x `python`).
What the notation says, and what we read it as:

* there is no Required column: a field is optional when its Notes say
  `[optional]`; `[readonly]` and `[default to ...]` change nothing on the wire;
* nullability is never written (`**str**` for `Optional[str]` too): unknown, W102;
* `datetime` and `date` are the generator's own, reliable names (no :class:`Temporal`);
* `List[Optional[X]]` has nullable items; `object` is any JSON value, `UUID` a string;
* field names are the JSON names, except those that clash with the model class,
  which the generator prefixes with `var_` (`var_schema` is `schema`);
* enum pages list `* `NAME` (value: `'v'`)` bullets under `## Enum`.
"""

from __future__ import annotations

import re

from ..ir import Primitive
from .base import Columns, Dialect, var_prefix_escape
from .grammar import Ctor, TypeGrammar

GRAMMAR = TypeGrammar(
    primitives={
        "str": Primitive("string"),
        "UUID": Primitive("string"),
        "bytearray": Primitive("string"),
        "int": Primitive("integer"),
        "float": Primitive("number"),
        "Decimal": Primitive("number"),
        "bool": Primitive("boolean"),
        "object": Primitive("any"),
        "datetime": Primitive("datetime"),
        "date": Primitive("date"),
    },
    constructors={
        "List": Ctor("list"),
        "Dict": Ctor("map", 2, 2),
        "Optional": Ctor("nullable"),
        "Union": Ctor("union", 1, 64),
    },
    brackets="[",
    model_name=re.compile(r"[A-Z]\w*"),
)

DIALECT = Dialect(
    name="openapi-python",
    grammar=GRAMMAR,
    field_sections=("Properties",),
    columns=Columns(field=("Name",), notes=("Notes",)),
    optional_note=re.compile(r"\[optional\]"),
    enum_sections=("Enum",),
    enum_readers=("bullets",),
    nullable_notation=False,
    wire_name=var_prefix_escape,
    field_case="wire",
    markers=(
        (
            re.compile(
                r"^## Properties$|^Name \| Type \| Description \| Notes$", re.MULTILINE
            ),
            20,
        ),
        (re.compile(r"\| \[optional\]|\| \*\*(?:str|int|bool|datetime)\*\* \|"), 3),
    ),
)
