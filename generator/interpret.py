"""Reading a parsed page as a model, through a dialect's conventions.

A page is an object model when it has a fields section, an enum when it has a
values section, a union when it has a supported-types section; a page with none
of them (Speakeasy's Ruby union pages are a bare heading) becomes a union whose
members the pages that link to it name (see ``generator.resolve``).
"""

from __future__ import annotations

import json
import re
from typing import Callable

from .diagnostics import Reporter
from .dialects.base import Dialect
from .dialects.grammar import NotationError, OptionalMark, depth, parse_type
from .ir import (
    EnumModel,
    EnumValue,
    Field,
    Location,
    Model,
    Nullable,
    ObjectModel,
    Temporal,
    TypeExpr,
    UnionModel,
)
from .parse.page import (
    BulletList,
    Cell,
    Code,
    RawPage,
    Section,
    Table,
    cell_text,
    is_struck,
    plain_text,
)
from .parse.text import normalise_description, repair_reporting

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

    def text(self, raw_text: str, line: int) -> str:
        fixed, changed = repair_reporting(raw_text)
        if changed:
            self.report("W104", "repaired mojibake in the text (ftfy)", line)
        return fixed


# --- tables ------------------------------------------------------------------------


def _column_index(table: Table, names: tuple[str, ...]) -> int | None:
    wanted = [n.lower() for n in names]
    for i, h in enumerate(table.header):
        if h.strip().lower() in wanted:
            return i
    return None


def _check_ragged(ctx: PageContext, table: Table) -> bool:
    for line, found in table.ragged:
        ctx.report(
            "E010",
            f"table row has {found} cells, the header has {len(table.header)}",
            line,
        )
    return not table.ragged


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
        ctx.report(
            "E020",
            f"unknown type notation `{cell.text.strip()}`: {exc} "
            f"(dialect {ctx.dialect.name})",
            cell.line,
            cell.col,
        )
        return None
    if depth(t) > MAX_TYPE_DEPTH:
        ctx.report("E020", f"type nested deeper than {MAX_TYPE_DEPTH} levels", cell.line, cell.col)
        return None
    return t


def _nullability(ctx: PageContext, t: TypeExpr | OptionalMark, required: bool) -> tuple[TypeExpr, bool | None]:
    """Split the top-level nullability off a field's type.

    Returns the bare type and True / False, or None where the notation cannot say
    (date types: no dialect we know writes their nullability).
    """
    if isinstance(t, OptionalMark):
        inner = t.inner
        if ctx.dialect.optional_wrapper == "nullable" and required and not isinstance(inner, Nullable):
            inner = Nullable(inner)
        t = inner
    if isinstance(t, Nullable):
        return t.inner, True
    if isinstance(t, Temporal):
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
        )
    }
    missing = [k for k in ("field", "type", "required") if idx[k] is None]
    if missing:
        ctx.report(
            "E010",
            f"fields table needs columns {', '.join(repr(getattr(cols, k)[0]) for k in missing)}; "
            f"found {', '.join(repr(h) for h in table.header) or 'none'}",
            table.line,
        )
        return None
    if not _check_ragged(ctx, table):
        return None
    fields: list[Field] = []
    additional: TypeExpr | None = None
    for row in table.rows:
        def cell(key: str) -> Cell | None:
            i = idx[key]
            return row[i] if i is not None and i < len(row) else None

        name_cell, type_cell, req_cell = cell("field"), cell("type"), cell("required")
        assert name_cell and type_cell and req_cell
        name = _field_name(name_cell)
        if not name:
            ctx.report("E010", "field name cell is empty", name_cell.line, name_cell.col)
            continue
        t = _read_type(ctx, type_cell)
        req_text = plain_text(req_cell.inline)
        if req_text in ctx.dialect.required_marks:
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
            additional = bare
            continue
        desc_cell = cell("description")
        description = ""
        if desc_cell is not None:
            description = normalise_description(ctx.text(cell_text(desc_cell.text), desc_cell.line))
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


def _enum_values_from_table(ctx: PageContext, section: Section) -> list[EnumValue] | None:
    table = _first_table(section)
    if table is None:
        return None
    name_i = _column_index(table, ("Name",))
    value_i = _column_index(table, ("Value",))
    if name_i is None or value_i is None:
        ctx.report("E010", "enum values table needs `Name` and `Value` columns", table.line)
        return []
    if not _check_ragged(ctx, table):
        return []
    out = []
    for row in table.rows:
        name = plain_text(row[name_i].inline).strip("`").strip()
        value = plain_text(row[value_i].inline).strip("`")
        if not name and not value:
            continue
        out.append(EnumValue(name or value, value, ctx.loc(row[name_i].line, row[name_i].col)))
    return out


def _enum_values_from_code(ctx: PageContext, section: Section) -> list[EnumValue] | None:
    """TypeScript: ```"A" | "B" | Unrecognized<string>``` in a fenced block."""
    for block in section.blocks:
        if isinstance(block, Code):
            out = []
            for m in re.finditer(r'"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?)', block.content):
                raw = m.group(1) if m.group(1) is not None else m.group(2)
                value = json.loads(f'"{raw}"') if m.group(1) is not None else raw
                out.append(EnumValue(value, value, ctx.loc(block.line + 1)))
            return out
    return None


def _enum_values_from_bullets(ctx: PageContext, section: Section) -> list[EnumValue] | None:
    """`- `VALUE`` bullet items (Python's open enums)."""
    for block in section.blocks:
        if isinstance(block, BulletList):
            out = []
            for item in block.items:
                value = plain_text(item.inline).strip("`").strip()
                if value:
                    out.append(EnumValue(value, value, ctx.loc(item.line)))
            return out
    return None


ENUM_READERS: dict[str, Callable[[PageContext, Section], list[EnumValue] | None]] = {
    "name_value_table": _enum_values_from_table,
    "code_union": _enum_values_from_code,
    "bullets": _enum_values_from_bullets,
}


def _typed_enum_values(values: list[EnumValue]) -> tuple[EnumValue, ...]:
    """All-integer values make an int enum; anything else stays text."""
    if values and all(isinstance(v.value, str) and _INT.fullmatch(v.value) for v in values):
        return tuple(EnumValue(v.name, int(v.value), v.loc) for v in values)
    return tuple(EnumValue(v.name, str(v.value), v.loc) for v in values)


# --- unions ------------------------------------------------------------------------


def _union_members_from_headings(ctx: PageContext, start: int) -> list[TypeExpr]:
    """Each `###` heading after `## Supported Types` names one member."""
    members: list[TypeExpr] = []
    for sec in ctx.raw.sections[start + 1 :]:
        if sec.level <= 2:
            break
        if not sec.inline or not plain_text(sec.inline):
            continue
        cell = Cell(sec.title, sec.inline, sec.line, 1)
        t = _read_type(ctx, cell)
        if isinstance(t, OptionalMark):
            t = t.inner
        if t is not None:
            members.append(t)
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
        if isinstance(block, Code):
            haystacks.append(block.content)
    return any(pattern.search(h) for h in haystacks if h)


def interpret(raw: RawPage, dialect: Dialect, reporter: Reporter) -> Model | None:
    ctx = PageContext(raw, dialect, reporter)
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
            members = _union_members_from_headings(ctx, i)
            return UnionModel(members=tuple(members), members_known=bool(members), **common)  # type: ignore[arg-type]

    # A bare heading: the members are named where the union is referenced.
    return UnionModel(members=(), members_known=False, **common)  # type: ignore[arg-type]
