"""What a dialect is: a type grammar plus the conventions of its pages.

A dialect module under ``generator/dialects/`` builds one :class:`Dialect` value;
``generator.interpret`` reads pages through it and no other stage looks at dialect
details.  Adding a dialect means adding a module and registering it in
``generator.dialects.registry``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..ir import TypeExpr
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


def var_prefix_escape(name: str) -> tuple[str, bool]:
    """OpenAPI Generator (python) renames properties that clash with the model's
    own attributes by prefixing `var_` (`schema` -> `var_schema`); a guess, like
    the trailing underscore."""
    if name.startswith("var_") and len(name) > 4:
        return name[4:], True
    return name, False


def words(name: str) -> list[str]:
    """`PoolID` -> [Pool, ID], `APIKey` -> [API, Key], `media_policy` -> [media, policy]."""
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    return [w for w in re.split(r"[^A-Za-z0-9]+", text) if w]


def camel_case(name: str) -> str:
    ws = words(name)
    return "".join(
        w.lower() if i == 0 else w[:1].upper() + w[1:].lower() for i, w in enumerate(ws)
    )


def snake_case(name: str) -> str:
    return "_".join(w.lower() for w in words(name))


def lower_first_word(name: str) -> str:
    """`PoolID` -> `poolID`, `APIKey` -> `apiKey`, `ID` -> `id`: the smallest change
    that makes a PascalCase name camelCase."""
    ws = words(name)
    if not ws:
        return name
    return ws[0].lower() + "".join(ws[1:])


def pascal_case_guess(name: str) -> tuple[str, bool]:
    """Go and C# SDKs write JSON names in PascalCase (`PoolID`, `CreatedAt`), which
    loses the JSON spelling: `poolId`, `pool_id` and `poolID` all become `PoolID`.
    The first guess changes the least: the first word lower-cased (`poolID`; the Go
    and Java docs of one API agree on 95% of such names this way, against 15% for
    `poolId`).  The wire-name stage (``generator.dialects.wirenames``) replaces it
    with what example payloads show, or with the spec's own convention, and reports
    what stays a guess (W106)."""
    return lower_first_word(name), True


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
    # How each `###` member section of a union page names its type, in order of
    # preference; names of readers in generator.interpret (UNION_READERS).
    union_readers: tuple[str, ...] = ("heading",)
    # For the "code" union reader: group 1 is the member's type in its code sample
    # (PHP `@var array<string>`, Go `CreateX(shared.Y{...})`).
    union_code_type: re.Pattern[str] | None = None
    # Member headings that name a primitive rather than a type (C# `### Str`).
    union_heading_types: Mapping[str, TypeExpr] = field(default_factory=dict)
    # False when the notation never says whether a field may be null (TypeScript,
    # C#, OpenAPI Generator): a field without a nullable wrapper then has unknown
    # nullability, which the lossy stage settles and reports (W102).
    nullable_notation: bool = True
    # OpenAPI Generator has no Required column; the Notes column says `[optional]`.
    # When set, a field is optional exactly when its notes match.
    optional_note: re.Pattern[str] | None = None
    # Pages that document the SDK rather than the API (retry settings, client
    # options), by path: skipped with W113.
    sdk_pages: tuple[re.Pattern[str], ...] = ()
    # How the doc's field names relate to the JSON names: "wire" (as sent), "snake"
    # (the SDK snake_cases them: Ruby, Python), "camel" (Java, PHP, TypeScript),
    # "pascal" (Go, C#).  Anything but "wire" lets example payloads and the spec's
    # key convention correct them (generator.dialects.wirenames).
    field_case: str = "wire"
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


# Speakeasy documents its SDK's own settings next to the models (the retry
# configuration; Go's client options): pages with no API model.
SPEAKEASY_SDK_PAGES: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?:^|/)utils/retryconfig\.md$"),
    re.compile(r"(?:^|/)operations/options?\.md$"),
)
