"""What a dialect is: a type grammar plus the conventions of its pages.

A dialect module under ``generator/dialects/`` builds one :class:`Dialect` value;
``generator.interpret`` reads pages through it and no other stage looks at dialect
details.  Adding a dialect means adding a module and registering it in
``generator.dialects.registry``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Mapping

from .grammar import TypeGrammar


def no_escape(name: str) -> tuple[str, bool]:
    """The doc's field name is the wire name."""
    return name, False


def trailing_underscore_escape(name: str) -> tuple[str, bool]:
    """Speakeasy escapes names that clash with the SDK's own methods or keywords by
    appending `_` (Ruby `fields_`, Python `date_`).  JSON names seldom end in `_`,
    so the rule strips one; it is a guess, reported unless evidence confirms it."""
    if len(name) > 1 and name.endswith("_") and not name.endswith("__"):
        return name[:-1], True
    return name, False


def last_namespace_segment(name: str) -> str:
    """`Models::Shared::X` -> `shared`, `components.X` -> `components`: the folder a
    namespaced name most likely lives in, used to pick between same-named pages."""
    parts = re.split(r"::|\.|\\", name)
    return parts[-2].lower() if len(parts) >= 2 else ""


@dataclass(frozen=True)
class Columns:
    field: tuple[str, ...] = ("Field",)
    type: tuple[str, ...] = ("Type",)
    required: tuple[str, ...] = ("Required",)
    description: tuple[str, ...] = ("Description",)
    example: tuple[str, ...] = ("Example",)
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dialect:
    name: str
    grammar: TypeGrammar
    field_sections: tuple[str, ...] = ("Fields",)
    columns: Columns = Columns()
    required_marks: tuple[str, ...] = (":heavy_check_mark:", "✔️", "✔")
    optional_marks: tuple[str, ...] = (":heavy_minus_sign:", "➖", "")
    enum_sections: tuple[str, ...] = ("Values",)
    # How enum values are written; names of readers in generator.interpret.
    enum_readers: tuple[str, ...] = ("name_value_table",)
    union_sections: tuple[str, ...] = ("Supported Types",)
    union_readers: tuple[str, ...] = ()
    # Where the page says an enum is open (accepts values it does not list).
    open_enum: re.Pattern[str] | None = None
    # What `Optional[...]` means: "absent" (may be left out; the Required column
    # already says so) or "nullable" (Java: with a check mark, required and nullable).
    optional_wrapper: str = "absent"
    wire_name: Callable[[str], tuple[str, bool]] = no_escape
    namespace: Callable[[str], str] = last_namespace_segment
    # Rows of the fields table that stand for additional properties, not a field.
    extra_rows: tuple[str, ...] = ()
    # Notations that identify the dialect when it is detected: (pattern, weight).
    markers: tuple[tuple[re.Pattern[str], int], ...] = ()
    # Folders whose pages keep the plain heading name when another folder has a
    # page of the same heading.
    primary_folders: tuple[str, ...] = ("shared", "components")
    notes: Mapping[str, str] = field(default_factory=dict)
