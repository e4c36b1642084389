"""Reading a parsed page as a model, through a dialect's conventions.

A page is an object model when it has a fields section, an enum when it has a
values section, a union when it has a supported-types section; a page with none
of them (Speakeasy's Ruby union pages are a bare heading) becomes a union whose
members the pages that link to it name (see ``generator.resolve``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from .diagnostics import Reporter
from .dialects.base import Dialect
from .dialects.grammar import NotationError, OptionalMark, depth, parse_type
from .ir import (
    EnumModel,
    EnumValue,
    Field,
    Location,
    MapOf,
    Model,
    Nullable,
    ObjectModel,
    Primitive,
    Temporal,
    TypeExpr,
    UnionModel,
)
from .parse.page import (
    BulletList,
    Cell,
    Code,
    Paragraph,
    RawPage,
    Section,
    Table,
    cell_text,
    is_struck,
    plain_text,
)
from .parse.text import normalise_description, repair_reporting
from .types import transform, walk

# Deeper types are legal notation but no API needs them, and Python's parser
# refuses expressions nested beyond 200 brackets: reject with a location instead.
MAX_TYPE_DEPTH = 32


class PageContext:
    """What every reader of one page shares: the page, its dialect, the reporter."""

    def __init__(self, raw: RawPage, dialect: Dialect, reporter: Reporter) -> None:
        self.raw = raw
        self.dialect = dialect
        self.reporter = reporter

    def loc(self, line: int, col: int = 1) -> Location:
        return Location(self.raw.path, line, col)

    def report(self, code: str, message: str, line: int, col: int = 1) -> None:
        self.reporter.report(code, message, self.raw.path, line, col)

    def text(self, raw_text: str, line: int, col: int = 1) -> str:
        fixed, changed = repair_reporting(raw_text)
        if changed:
            self.report("W104", "repaired mojibake in the text (ftfy)", line, col)
        return fixed


# --- tables ------------------------------------------------------------------------


def _column_index(table: Table, names: tuple[str, ...]) -> int | None:
    wanted = [n.lower() for n in names]
    for i, h in enumerate(table.header):
        if h.strip().lower() in wanted:
            return i
    return None


def _check_ragged(ctx: PageContext, table: Table, needed: int | None = None) -> bool:
    """Rows with more cells than the header lose text: an error.  A shorter row is
    padded with empty cells (GFM), which is harmless when the cells it leaves out
    are ones the reader can do without (``needed``: how many leading cells it
    must have; OpenAPI Generator ends a row with an empty Notes cell as `desc | `)."""
    bad = [
        (line, found)
        for line, found in table.ragged
        if needed is None or found > len(table.header) or found < needed
    ]
    for line, found in bad:
        ctx.report(
            "E010",
            f"table row has {found} cells, the header has {len(table.header)}",
            line,
        )
    return not bad


def _first_table(section: Section) -> Table | None:
    for block in section.blocks:
        if isinstance(block, Table):
            return block
    return None


# --- fields ------------------------------------------------------------------------


def _field_name(cell: Cell) -> str:
    return plain_text(cell.inline).strip("`").strip()


def _read_type(ctx: PageContext, cell: Cell) -> TypeExpr | OptionalMark | None:
    try:
        t = parse_type(ctx.dialect.grammar, cell.inline)
    except NotationError as exc:
        shown = cell.text.strip()
        if (
            len(shown) > 200
        ):  # a hostile cell can be megabytes (issue 6): keep one readable line
            shown = shown[:200] + "..."
        ctx.report(
            "E020",
            f"unknown type notation `{shown}`: {exc} " f"(dialect {ctx.dialect.name})",
            cell.line,
            cell.col,
        )
        return None
    if depth(t) > MAX_TYPE_DEPTH:
        ctx.report(
            "E020",
            f"type nested deeper than {MAX_TYPE_DEPTH} levels",
            cell.line,
            cell.col,
        )
        return None
    return t


def _nullability(
    ctx: PageContext, t: TypeExpr | OptionalMark, required: bool
) -> tuple[TypeExpr, bool | None]:
    """Split the top-level nullability off a field's type.

    Returns the bare type and True / False, or None where the notation cannot say
    (date types: no dialect we know writes their nullability).
    """
    if isinstance(t, OptionalMark):
        inner = t.inner
        if (
            ctx.dialect.optional_wrapper == "nullable"
            and required
            and not isinstance(inner, Nullable)
        ):
            inner = Nullable(inner)
        t = inner
    if isinstance(t, Nullable):
        return t.inner, True
    if isinstance(t, Temporal) or not ctx.dialect.nullable_notation:
        return t, None
    return t, False


def _examples(cell: Cell | None) -> tuple[str, ...]:
    if cell is None:
        return ()
    text = cell_text(cell.text)
    return (text,) if text else ()


def _read_fields(
    ctx: PageContext, section: Section
) -> tuple[tuple[Field, ...], TypeExpr | None] | None:
    table = _first_table(section)
    if table is None:
        ctx.report("E010", f"section `{section.title}` has no table", section.line)
        return None
    cols = ctx.dialect.columns
    idx = {
        key: _column_index(table, names)
        for key, names in (
            ("field", cols.field),
            ("type", cols.type),
            ("required", cols.required),
            ("description", cols.description),
            ("example", cols.example),
            ("notes", cols.notes),
        )
    }
    # OpenAPI Generator says `[optional]` in a Notes column instead of a Required one.
    by_notes = ctx.dialect.optional_note is not None
    needed = ("field", "type") if by_notes else ("field", "type", "required")
    missing = [k for k in needed if idx[k] is None]
    if missing:
        ctx.report(
            "E010",
            f"fields table needs columns {', '.join(repr(getattr(cols, k)[0]) for k in missing)}; "
            f"found {', '.join(repr(h) for h in table.header) or 'none'}",
            table.line,
        )
        return None
    if not _check_ragged(
        ctx, table, 1 + max(i for k in needed if (i := idx[k]) is not None)
    ):
        return None
    fields: list[Field] = []
    additional: TypeExpr | None = None
    for row in table.rows:

        def cell(key: str) -> Cell | None:
            i = idx[key]
            return row[i] if i is not None and i < len(row) else None

        name_cell, type_cell, req_cell = cell("field"), cell("type"), cell("required")
        assert name_cell and type_cell
        name = _field_name(name_cell)
        if not name:
            ctx.report(
                "E010", "field name cell is empty", name_cell.line, name_cell.col
            )
            continue
        t = _read_type(ctx, type_cell)
        req_text = plain_text(req_cell.inline) if req_cell is not None else ""
        if req_cell is None:
            # No Required column: only with `optional_note` (checked above).
            notes_cell = cell("notes")
            notes = plain_text(notes_cell.inline) if notes_cell is not None else ""
            required = not (
                ctx.dialect.optional_note and ctx.dialect.optional_note.search(notes)
            )
        elif req_text in ctx.dialect.required_marks:
            required = True
        elif req_text in ctx.dialect.optional_marks:
            required = False
        else:
            ctx.report(
                "E010",
                f"Required cell {req_text!r} is neither "
                f"{ctx.dialect.required_marks[0]!r} nor {ctx.dialect.optional_marks[0]!r}",
                req_cell.line,
                req_cell.col,
            )
            continue
        if t is None:
            continue
        bare, nullable = _nullability(ctx, t, required)
        if name in ctx.dialect.extra_rows:
            # The row's type is the map of extra keys; `additional` is one value's type.
            additional = bare.value if isinstance(bare, MapOf) else bare
            continue
        desc_cell = cell("description")
        description = ""
        if desc_cell is not None:
            description = normalise_description(
                ctx.text(cell_text(desc_cell.text), desc_cell.line, desc_cell.col)
            )
        wire, guessed = ctx.dialect.wire_name(name)
        fields.append(
            Field(
                name=name,
                wire_name=wire,
                type=bare,
                required=required,
                nullable=nullable,
                loc=ctx.loc(name_cell.line, name_cell.col),
                description=description,
                deprecated=is_struck(name_cell.inline),
                examples=_examples(cell("example")),
                wire_name_guessed=guessed,
            )
        )
    return tuple(fields), additional


# --- enums -------------------------------------------------------------------------

_INT = re.compile(r"-?\d+")


def _enum_values_from_table(
    ctx: PageContext, section: Section
) -> list[EnumValue] | None:
    table = _first_table(section)
    if table is None:
        return None
    name_i = _column_index(table, ("Name",))
    value_i = _column_index(table, ("Value",))
    if name_i is None or value_i is None:
        ctx.report(
            "E010", "enum values table needs `Name` and `Value` columns", table.line
        )
        return []
    if not _check_ragged(ctx, table):
        return []
    out = []
    for row in table.rows:
        name = plain_text(row[name_i].inline).strip("`").strip()
        value = plain_text(row[value_i].inline).strip("`")
        if not name and not value:
            continue
        out.append(
            EnumValue(name or value, value, ctx.loc(row[name_i].line, row[name_i].col))
        )
    # A table cannot quote its values: all-integer values make an int enum.
    if out and all(_INT.fullmatch(str(v.value)) for v in out):
        try:
            out = [EnumValue(v.name, _integer(str(v.value)), v.loc) for v in out]
        except _BadEnumValue as exc:
            bad = next(v for v in out if str(v.value) == exc.text)
            ctx.report("E013", str(exc), bad.loc.line, bad.loc.col)
            return []
    return out


def _enum_values_from_code(
    ctx: PageContext, section: Section
) -> list[EnumValue] | None:
    """TypeScript: ```"A" | "B" | Unrecognized<string>``` in a fenced block."""
    for block in section.blocks:
        if isinstance(block, Code):
            out = []
            for m in re.finditer(
                r'"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?)', block.content
            ):
                raw = m.group(1) if m.group(1) is not None else m.group(2)
                try:
                    value = _enum_literal(f'"{raw}"' if m.group(1) is not None else raw)
                except _BadEnumValue as exc:
                    ctx.report("E013", str(exc), block.line + 1)
                    continue
                out.append(EnumValue(str(value), value, ctx.loc(block.line + 1)))
            return out
    return None


# The name ends, and the value starts, at a non-space: each split is unique, so
# a long run of spaces is not retried at every position (issue 6: quadratic).
_BULLET_NAMED = re.compile(r"(?P<name>.*?\S)\s*\(value:\s*(?P<value>\S.*)\)", re.DOTALL)


class _BadEnumValue(ValueError):
    """An enum value that cannot be a JSON value in Python (reported as E013)."""

    def __init__(self, text: str, message: str) -> None:
        super().__init__(message)
        self.text = text


def _integer(text: str) -> int:
    """int(text), or _BadEnumValue where it has more digits than int() converts
    (sys.get_int_max_str_digits; issue 6: a ValueError traceback before)."""
    try:
        return int(text)
    except ValueError:
        raise _BadEnumValue(
            text, f"integer value of {len(text)} characters is longer than Python reads"
        ) from None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _enum_literal(text: str) -> str | int:
    """A value as an enum list writes it: quoted text is a string even when it
    looks like a number (`"1"`); a bare integer is an integer."""
    text = text.strip().strip("`").strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        body = text[1:-1]
        if text[0] == '"':
            try:
                loaded = json.loads(text)
            except (ValueError, RecursionError):
                return body
            if isinstance(loaded, str) and not _encodable(loaded):
                # `"\ud800"`: a lone surrogate, which no UTF-8 manifest or payload
                # can hold (issue 6: a UnicodeEncodeError traceback).
                raise _BadEnumValue(
                    text,
                    f"enum value {text[:40]} is not valid Unicode (a lone surrogate)",
                )
            return loaded if isinstance(loaded, str) else body
        return re.sub(r"\\(.)", r"\1", body)
    return _integer(text) if _INT.fullmatch(text) else text


def _enum_values_from_bullets(
    ctx: PageContext, section: Section
) -> list[EnumValue] | None:
    """Bullet items: `- `"VALUE"`` (Speakeasy Python) or `* `NAME` (value: `'v'`)`
    (OpenAPI Generator)."""
    for block in section.blocks:
        if isinstance(block, BulletList):
            out = []
            for item in block.items:
                text = plain_text(item.inline).strip()
                named = _BULLET_NAMED.fullmatch(text)
                try:
                    value = _enum_literal(named.group("value") if named else text)
                except _BadEnumValue as exc:
                    ctx.report("E013", str(exc), item.line)
                    continue
                if named:
                    name = str(named.group("name")).strip().strip("`")
                else:
                    name = str(value)
                if text:
                    out.append(EnumValue(name, value, ctx.loc(item.line)))
            return out
    return None


ENUM_READERS: dict[str, Callable[[PageContext, Section], list[EnumValue] | None]] = {
    "name_value_table": _enum_values_from_table,
    "code_union": _enum_values_from_code,
    "bullets": _enum_values_from_bullets,
}


def _typed_enum_values(values: list[EnumValue]) -> tuple[EnumValue, ...]:
    """Integer values (as the readers typed them) make an int enum; anything else,
    a mix included, stays text."""
    if values and all(isinstance(v.value, int) for v in values):
        return tuple(values)
    return tuple(EnumValue(v.name, str(v.value), v.loc) for v in values)


# --- unions ------------------------------------------------------------------------


def _member_from_heading(
    ctx: PageContext, sec: Section
) -> TypeExpr | OptionalMark | None:
    """The `### Name` heading names the member (empty in some Go pages)."""
    text = plain_text(sec.inline)
    if not text:
        return None
    named = ctx.dialect.union_heading_types.get(text)
    if named is not None:
        return named
    return _read_type(ctx, Cell(sec.title, sec.inline, sec.line, 1))


def _member_from_code(ctx: PageContext, sec: Section) -> TypeExpr | OptionalMark | None:
    """The member's code sample names its type (`@var array<string>` in PHP, the
    argument of Go's `CreateX(T{...})`): more precise than the heading when both
    exist (`### array` is `array<string>`), and the only name when the heading is empty.
    """
    pattern = ctx.dialect.union_code_type
    if pattern is None:
        return None
    for block in sec.blocks:
        if isinstance(block, Code):
            m = pattern.search(block.content)
            if m:
                line = block.line + 1 + block.content.count("\n", 0, m.start(1))
                cell = Cell(m.group(1), (("text", m.group(1), ""),), line, 1)
                return _read_type(ctx, cell)
    return None


UNION_READERS: dict[
    str, Callable[[PageContext, Section], TypeExpr | OptionalMark | None]
] = {
    "heading": _member_from_heading,
    "code": _member_from_code,
}

_DATETIME_SAMPLE = re.compile(r"\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d")
_DATE_SAMPLE = re.compile(r"\d{4}-\d\d-\d\d")


def _settle_member_temporal(ctx: PageContext, t: TypeExpr, sec: Section) -> TypeExpr:
    """A union member written with a date label (`### `Date``): its code sample is
    the only evidence on the page; with none it is a date-time, as for fields."""
    if not any(isinstance(n, Temporal) for n in walk(t)):
        return t
    code = "\n".join(b.content for b in sec.blocks if isinstance(b, Code))
    if _DATETIME_SAMPLE.search(code):
        kind, why = "datetime", "from its code sample"
    elif _DATE_SAMPLE.search(code):
        kind, why = "date", "from its code sample"
    else:
        kind, why = "datetime", "no evidence on the page; assumed date-time"
    ctx.report(
        "W111",
        f"union member `{sec.title}` is a {kind.replace('datetime', 'date-time')} ({why})",
        sec.line,
    )
    return transform(t, lambda n: Primitive(kind) if isinstance(n, Temporal) else n)


def _union_members(ctx: PageContext, start: int) -> list[TypeExpr]:
    """Each `###` section after `## Supported Types` is one member, read by the
    dialect's union readers in order of preference."""
    members: list[TypeExpr] = []
    for sec in ctx.raw.sections[start + 1 :]:
        if sec.level <= 2:
            break
        t: TypeExpr | OptionalMark | None = None
        for reader in ctx.dialect.union_readers:
            t = UNION_READERS[reader](ctx, sec)
            if t is not None:
                break
        if isinstance(t, OptionalMark):
            t = t.inner
        if t is not None:
            members.append(_settle_member_temporal(ctx, t, sec))
    return members


# --- pages -------------------------------------------------------------------------


def _example(raw: RawPage) -> str:
    sec = raw.section("Example Usage")
    if sec is None:
        return ""
    for block in sec.blocks:
        if isinstance(block, Code):
            return block.content
    return ""


def _is_open(ctx: PageContext, example: str, values_section: Section) -> bool:
    pattern = ctx.dialect.open_enum
    if pattern is None:
        return False
    haystacks = [example, ctx.raw.description]
    for block in values_section.blocks:
        # Python says so in a paragraph ("This is an open enum."), TypeScript in the code.
        if isinstance(block, (Code, Paragraph)):
            haystacks.append(block.content if isinstance(block, Code) else block.text)
    return any(pattern.search(h) for h in haystacks if h)


def interpret(raw: RawPage, dialect: Dialect, reporter: Reporter) -> Model | None:
    ctx = PageContext(raw, dialect, reporter)
    if any(p.search(raw.path) for p in dialect.sdk_pages):
        ctx.report(
            "W113",
            f"page documents the SDK, not the API ({dialect.name} convention); skipped",
            1,
        )
        return None
    if not raw.title:
        ctx.report("E011", "page has no `# Name` heading", 1)
        return None
    loc = ctx.loc(raw.title_line)
    description = ctx.text(raw.description, raw.description_line)
    example = _example(raw)
    common = dict(
        name=raw.title,
        page=raw.path,
        loc=loc,
        description=description,
        deprecated=raw.deprecated,
        dialect=dialect.name,
        example=example,
    )
    fields_sec = raw.section(*dialect.field_sections)
    if fields_sec is not None:
        result = _read_fields(ctx, fields_sec)
        if result is None:
            return None
        fields, additional = result
        return ObjectModel(fields=fields, additional=additional, **common)  # type: ignore[arg-type]

    values_sec = raw.section(*dialect.enum_sections)
    if values_sec is not None:
        values: list[EnumValue] | None = None
        for reader in dialect.enum_readers:
            values = ENUM_READERS[reader](ctx, values_sec)
            if values is not None:
                break
        if values is None:
            ctx.report("E013", "values section lists no values", values_sec.line)
            return None
        return EnumModel(
            values=_typed_enum_values(values),
            open=_is_open(ctx, example, values_sec),
            **common,  # type: ignore[arg-type]
        )

    for i, sec in enumerate(raw.sections):
        if sec.title.lower() in {t.lower() for t in dialect.union_sections}:
            members = _union_members(ctx, i)
            return UnionModel(members=tuple(members), members_known=bool(members), **common)  # type: ignore[arg-type]

    # A bare heading: the members are named where the union is referenced.
    return UnionModel(members=(), members_known=False, **common)  # type: ignore[arg-type]
