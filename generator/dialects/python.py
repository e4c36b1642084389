"""Speakeasy's Python docs (`*Optional[str]*`, `List[[models.X](...)]`).

Scanned over the Kombo 1.3.4 Python corpus and the python-unstructured sample.
What the notation says, and what we read it as:

* `Optional[T]` may be absent and is not nullable; `Nullable[T]` is required and
  may be null; `OptionalNullable[T]` both (pydantic's own meanings, so reliable);
* `[date](https://docs.python.org/...#date-objects)` is written for date-time
  fields too (Kombo's `tracked_at`, documented `YYYY-MM-DDTHH:mm:ss.sssZ`), and never
  carries `Nullable`: a :class:`Temporal` that the lossy stage decides from the
  page's evidence, with unknown nullability.  `datetime` is read the same way;
* a `__pydantic_extra__` row is not a field: its type is that of the keys the
  table does not list (``ObjectModel.additional``);
* field names are the SDK's snake_case attributes, escaped with a trailing `_`
  when they clash with a keyword or a pydantic name (`date_`, `format_`);
* file bodies (`Union[bytes, IO[bytes], io.BufferedReader]`) and the SDK's own
  `httpx.Response` are not JSON models: Any, with a warning.
"""

from __future__ import annotations

import re

from ..ir import Literal, Primitive
from .base import SPEAKEASY_SDK_PAGES, Dialect, trailing_underscore_escape
from .grammar import Ctor, TypeGrammar

GRAMMAR = TypeGrammar(
    primitives={
        "str": Primitive("string"),
        "int": Primitive("integer"),
        "float": Primitive("number"),
        "Decimal": Primitive("number"),
        "bool": Primitive("boolean"),
        "Any": Primitive("any"),
        "None": Literal(None),
        "True": Literal(True),
        "False": Literal(False),
    },
    constructors={
        "Optional": Ctor("optional"),
        "Nullable": Ctor("nullable"),
        "OptionalNullable": Ctor("optional_nullable"),
        "List": Ctor("list"),
        "Dict": Ctor("map", 2, 2),
        "Union": Ctor("union", 1, 64),
        "Literal": Ctor("literal", 1, 64),
        "IO": Ctor("external"),
    },
    brackets="[",
    # `*int*` inside backticks is emphasis markdown does not see.
    ignore_chars="*",
    temporal_labels={"date": "date", "datetime": "datetime"},
    external_names=("bytes", "io.BufferedReader", "httpx.Response"),
    # `models.X`, `shared.X`, `errors.X`: union headings and code name models unlinked.
    model_name=re.compile(r"(?:[a-z_][a-z0-9_]*\.)+[A-Z]\w*"),
)

DIALECT = Dialect(
    name="speakeasy-python",
    grammar=GRAMMAR,
    enum_readers=("bullets", "name_value_table"),
    union_readers=("heading",),
    open_enum=re.compile(r"open enum", re.IGNORECASE),
    wire_name=trailing_underscore_escape,
    field_case="snake",
    extra_rows=("__pydantic_extra__",),
    sdk_pages=SPEAKEASY_SDK_PAGES,
    markers=(
        (
            re.compile(
                r"\*(?:Optional|Nullable|OptionalNullable)\[|\bList\[\[|\*Literal\["
            ),
            3,
        ),
        (
            re.compile(
                r"\[(?:Optional|Nullable|OptionalNullable)\[(?:models|shared|components)\."
            ),
            3,
        ),
        # `*bool*` is C#'s spelling too.
        (re.compile(r"\*(?:str|int|float)\*"), 2),
        (re.compile(r"docs\.python\.org|```python"), 1),
    ),
)
