"""The intermediate model every stage passes along.

Plain frozen dataclasses, nothing else: parse builds them, resolve and naming return
new copies (``dataclasses.replace``), emit only reads them.  Every node that came
from a page carries a :class:`Location` so that any later stage can point at the
line that caused a problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, TypeVar, Union

SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True, order=True)
class Location:
    path: str  # posix path relative to the spec root
    line: int  # 1-based
    col: int = 1


# --- type expressions -------------------------------------------------------------
# The dialect grammars build these from a Type cell; resolve replaces every
# unresolved node (Named, Temporal) by a resolved one (Ref, Primitive).

PRIMITIVE_KINDS = ("string", "integer", "number", "boolean", "date", "datetime", "any")


@dataclass(frozen=True, slots=True)
class Primitive:
    kind: str  # one of PRIMITIVE_KINDS


@dataclass(frozen=True, slots=True)
class Temporal:
    """A date-like type whose wire format (date or date-time) the notation does not say.

    Several dialects write one label for both (Ruby links `Date` for either); the
    resolve stage decides from evidence on the page and records why.
    """

    label: str


@dataclass(frozen=True, slots=True)
class Named:
    """A reference to another page, not yet resolved.

    ``target`` is the link target as written (empty when the notation names a model
    without a link); ``name`` is the model name as written, namespace included.
    """

    name: str
    target: str = ""


@dataclass(frozen=True, slots=True)
class Ref:
    """A resolved reference: the page id (posix path of the page) of an exported model."""

    page: str


@dataclass(frozen=True, slots=True)
class External:
    """A type from the SDK's own language that no page of the spec describes."""

    name: str


@dataclass(frozen=True, slots=True)
class Literal:
    """A constant: the only value the field can take."""

    value: str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class ListOf:
    item: TypeExpr


@dataclass(frozen=True, slots=True)
class MapOf:
    """A JSON object used as a map; keys are always strings on the wire."""

    value: TypeExpr


@dataclass(frozen=True, slots=True)
class Nullable:
    inner: TypeExpr


@dataclass(frozen=True, slots=True)
class UnionOf:
    """Members in the order the doc lists them.

    ``page`` is the union page the link pointed at (Ruby writes the member list in
    the link text and links the union's own, empty, page).
    """

    members: tuple[TypeExpr, ...]
    page: str = ""


TypeExpr = Union[
    Primitive, Temporal, Named, Ref, External, Literal, ListOf, MapOf, Nullable, UnionOf
]


# --- models -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # as the doc writes it (the SDK's attribute name)
    wire_name: str  # the JSON key
    type: TypeExpr
    required: bool
    # True / False when the notation says; None when the dialect cannot express it.
    nullable: bool | None
    loc: Location
    description: str = ""
    deprecated: bool = False
    examples: tuple[str, ...] = ()  # JSON texts from the page's Example column
    wire_name_guessed: bool = False
    attr: str = ""  # Python attribute name, set by the naming stage


@dataclass(frozen=True, slots=True)
class EnumValue:
    name: str
    value: str | int
    loc: Location


@dataclass(frozen=True, slots=True)
class ObjectModel:
    name: str  # page heading
    page: str  # page id
    loc: Location
    fields: tuple[Field, ...]
    description: str = ""
    deprecated: bool = False
    dialect: str = ""
    example: str = ""  # the Example Usage code block, as written
    # The type of keys the page does not list, when the doc says there may be some
    # (Python's `__pydantic_extra__` row); None when it says nothing.
    additional: TypeExpr | None = None
    py_name: str = ""  # set by the naming stage
    module: str = ""  # set by the naming stage


@dataclass(frozen=True, slots=True)
class EnumModel:
    name: str
    page: str
    loc: Location
    values: tuple[EnumValue, ...]
    open: bool = False  # unknown values are kept rather than rejected
    description: str = ""
    deprecated: bool = False
    dialect: str = ""
    example: str = ""
    py_name: str = ""
    module: str = ""


@dataclass(frozen=True, slots=True)
class UnionModel:
    name: str
    page: str
    loc: Location
    members: tuple[TypeExpr, ...]
    description: str = ""
    deprecated: bool = False
    dialect: str = ""
    example: str = ""
    # False for a union page whose members no page names (an empty Ruby union page
    # that nothing links): it is exported as an alias of Any.
    members_known: bool = True
    py_name: str = ""
    module: str = ""


Model = Union[ObjectModel, EnumModel, UnionModel]


@dataclass(frozen=True, slots=True)
class Spec:
    """Every model of a spec folder, sorted by page id."""

    models: tuple[Model, ...] = field(default_factory=tuple)

    def by_page(self) -> dict[str, Model]:
        return {m.page: m for m in self.models}


_T = TypeVar("_T")
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def evolve(obj: _T, **changes: Any) -> _T:
    """``dataclasses.replace`` for the IR, without re-running ``__init__``: the
    stages copy thousands of fields and replace() dominated their time."""
    cls = type(obj)
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    new = object.__new__(cls)
    for name in names:
        object.__setattr__(
            new, name, changes[name] if name in changes else getattr(obj, name)
        )
    return new
