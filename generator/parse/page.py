"""A page's structure from markdown-it-py's token stream.

The result, :class:`RawPage`, knows headings, paragraphs, tables, lists and code
blocks with their source lines, and nothing about models: what a `## Fields` or a
`## Values` section means is the dialect's business (see ``generator.interpret``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

from markdown_it import MarkdownIt
from markdown_it.token import Token

_md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
# No spec should need more nesting than this; markdown-it recurses per level and a
# hostile page of 100,000 `>` would otherwise exhaust the stack.
_md.options["maxNesting"] = 40

# One inline token of a cell, reduced to what the grammars read.
# kind: text | code | link_open | link_close | em | strong | s | html | softbreak
Inline = tuple[str, str, str]  # (kind, content, href)


@dataclass(frozen=True)
class Cell:
    text: str  # the cell's markdown source, `\|` already unescaped
    inline: tuple[Inline, ...]
    line: int
    col: int


@dataclass(frozen=True)
class Table:
    line: int
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    # Rows whose source has a different number of cells than the header, as
    # (line, cells found): markdown-it pads and truncates them silently.
    ragged: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Code:
    line: int
    info: str
    content: str


@dataclass(frozen=True)
class Paragraph:
    line: int
    text: str
    inline: tuple[Inline, ...] = ()


@dataclass(frozen=True)
class BulletList:
    line: int
    items: tuple[Paragraph, ...]


Block = Union[Paragraph, Table, Code, BulletList]


@dataclass(frozen=True)
class Section:
    level: int
    title: str
    line: int
    blocks: tuple[Block, ...]
    inline: tuple[Inline, ...] = ()


@dataclass(frozen=True)
class RawPage:
    path: str
    title: str  # the `# Heading` text without markup, "" when missing
    title_line: int
    deprecated: bool
    description: str  # markdown source between the heading and the first section
    description_line: int
    sections: tuple[Section, ...]  # every `##` and deeper heading, in order

    def section(self, *titles: str) -> Section | None:
        wanted = {t.lower() for t in titles}
        for s in self.sections:
            if s.title.lower() in wanted:
                return s
        return None


_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _reduce_inline(children: list[Token] | None) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for t in children or ():
        kind = t.type
        if kind == "text":
            out.append(("text", t.content, ""))
        elif kind == "code_inline":
            out.append(("code", t.content, ""))
        elif kind == "link_open":
            out.append(("link_open", "", str(t.attrs.get("href", ""))))
        elif kind == "link_close":
            out.append(("link_close", "", ""))
        elif kind in (
            "em_open",
            "em_close",
            "strong_open",
            "strong_close",
            "s_open",
            "s_close",
        ):
            out.append(
                (kind.split("_")[0], kind.endswith("open") and "open" or "close", "")
            )
        elif kind == "html_inline":
            out.append(("html", t.content, ""))
        elif kind in ("softbreak", "hardbreak"):
            out.append(("softbreak", "\n", ""))
        elif kind == "image":
            out.append(("text", t.content, ""))
        else:  # autolinks and anything newer: keep the source text
            out.append(("text", t.content, ""))
    return tuple(out)


def plain_text(inline: tuple[Inline, ...]) -> str:
    """The visible text of inline tokens (no markup, links reduced to their text)."""
    parts = []
    for kind, content, _ in inline:
        if kind in ("text", "code", "softbreak"):
            parts.append(content)
        elif kind == "html" and _BR.fullmatch(content.strip()):
            parts.append("\n")
    return "".join(parts).strip()


def is_struck(inline: tuple[Inline, ...]) -> bool:
    return any(kind == "s" for kind, _, _ in inline)


def cell_text(raw: str) -> str:
    """A description cell as multi-line markdown: `<br/>` are the doc's line breaks."""
    return _BR.sub("\n", raw).strip()


_PIPE_OR_ESCAPE = re.compile(r"\\.|\|")


def _pipe_offsets(line: str) -> list[int]:
    """Offsets of the unescaped `|` of a table row's source line."""
    return [m.start() for m in _PIPE_OR_ESCAPE.finditer(line) if m.group() == "|"]


# Speakeasy pads every cell to the widest one, so table lines run to thousands of
# characters and markdown-it's table rule (pure Python, per character) spends most
# of a page's time on spaces.  Padding before a pipe and long delimiter dashes
# carry no meaning: they are squeezed before parsing.  Columns in diagnostics
# come from the original lines.
# `(?<! )`: a run of spaces is tried once, from its start; without it every
# position of a run was a new attempt, quadratic in the run (issue 6: a line of
# 16,000 spaces took 2 s, a 1 MB one would take hours).
_PADDING = re.compile(r"(?<! ) {2,}(?=\|)")
# Whitespace after a pipe belongs to the next cell only when one follows
# (`(?=[:-])`): the same rows as `^[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+...`, but with
# one way to match each, so a line of 100,000 tabs is linear, not quadratic (issue 6).
_DELIMITER_ROW = re.compile(
    r"^[ \t]*(?:\|(?:[ \t]+(?=[:-]))?)?(?::?-+:?[ \t]*\|(?:[ \t]+(?=[:-]))?)+(?::?-+:?[ \t]*)?$",
    re.MULTILINE,
)


def _squeeze_tables(text: str) -> str:
    if "|" not in text:
        return text
    text = _DELIMITER_ROW.sub(lambda m: re.sub(r"-{3,}", "---", m.group()), text)
    return _PADDING.sub(" ", text)


def _cell_columns(line: str) -> list[int]:
    """1-based column of each cell's content start in a row's source line."""
    offs = _pipe_offsets(line)
    stripped = line.strip()
    if not stripped.startswith("|"):
        offs = [-1] + offs
    cols = []
    for a, b in zip(offs, offs[1:] + [len(line)]):
        start = a + 1
        while start < b and line[start] == " ":
            start += 1
        cols.append(start + 1)
    return cols


def _count_cells(line: str) -> int:
    s = line.strip()
    n = len(_pipe_offsets(s)) + 1
    if s.startswith("|"):
        n -= 1
    if s.endswith("|") and not s.endswith("\\|"):
        n -= 1
    return n


class _Walker:
    """Consumes the flat token list; one method per block kind."""

    def __init__(self, tokens: list[Token], lines: list[str]) -> None:
        self.tokens = tokens
        self.lines = lines
        self.i = 0

    def line_of(self, tok: Token) -> int:
        return tok.map[0] + 1 if tok.map else 1

    def table(self) -> Table:
        open_tok = self.tokens[self.i]
        header: list[str] = []
        rows: list[tuple[Cell, ...]] = []
        ragged: list[tuple[int, int]] = []
        row: list[Cell] = []
        row_line = 0
        cols: list[int] = []
        in_head = False
        while True:
            tok = self.tokens[self.i]
            self.i += 1
            if tok.type == "table_close":
                break
            if tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type == "tr_open":
                row = []
                row_line = self.line_of(tok)
                src = self.lines[row_line - 1] if row_line - 1 < len(self.lines) else ""
                cols = _cell_columns(src)
            elif tok.type == "inline":
                col = cols[len(row)] if len(row) < len(cols) else 1
                row.append(
                    Cell(tok.content, _reduce_inline(tok.children), row_line, col)
                )
            elif tok.type == "tr_close":
                if in_head:
                    header = [plain_text(c.inline) for c in row]
                else:
                    src = (
                        self.lines[row_line - 1]
                        if row_line - 1 < len(self.lines)
                        else ""
                    )
                    found = _count_cells(src)
                    if found != len(header):
                        ragged.append((row_line, found))
                    rows.append(tuple(row))
        return Table(self.line_of(open_tok), tuple(header), tuple(rows), tuple(ragged))

    def bullet_list(self) -> BulletList:
        open_tok = self.tokens[self.i]
        depth = 0
        items: list[Paragraph] = []
        while True:
            tok = self.tokens[self.i]
            self.i += 1
            if tok.type == "bullet_list_open":
                depth += 1
            elif tok.type == "bullet_list_close":
                depth -= 1
                if depth == 0:
                    break
            elif tok.type == "inline" and depth == 1:
                items.append(
                    Paragraph(
                        self.line_of(tok), tok.content, _reduce_inline(tok.children)
                    )
                )
        return BulletList(self.line_of(open_tok), tuple(items))

    def skip_block(self) -> None:
        """Skip a container (ordered list, quote, html) we do not interpret."""
        open_type = self.tokens[self.i].type
        close_type = open_type.replace("_open", "_close")
        depth = 0
        while self.i < len(self.tokens):
            tok = self.tokens[self.i]
            self.i += 1
            if tok.type == open_type:
                depth += 1
            elif tok.type == close_type:
                depth -= 1
                if depth == 0:
                    return


def parse_page(path: str, text: str) -> RawPage:
    tokens = _md.parse(_squeeze_tables(text))
    lines = text.split("\n")
    w = _Walker(tokens, lines)
    title = ""
    title_line = 0
    deprecated = False
    desc_start: int | None = None
    desc_end: int | None = None
    sections: list[Section] = []
    current: tuple[int, str, int, tuple[Inline, ...]] | None = None
    blocks: list[Block] = []

    def close_section() -> None:
        if current is not None:
            level, stitle, sline, sinline = current
            sections.append(Section(level, stitle, sline, tuple(blocks), sinline))

    while w.i < len(tokens):
        tok = tokens[w.i]
        if tok.type == "heading_open":
            level = int(tok.tag[1:])
            inline = _reduce_inline(tokens[w.i + 1].children)
            line = w.line_of(tok)
            w.i += 3
            if level == 1 and not title and current is None:
                title = plain_text(inline)
                title_line = line
                deprecated = is_struck(inline)
                desc_start = tok.map[1] if tok.map else line
                continue
            if current is None and desc_start is not None:
                desc_end = line - 1
            close_section()
            current = (level, plain_text(inline), line, inline)
            blocks = []
            continue
        if tok.type == "table_open":
            blocks.append(w.table())
        elif tok.type == "bullet_list_open":
            blocks.append(w.bullet_list())
        elif tok.type == "paragraph_open":
            inline_tok = tokens[w.i + 1]
            blocks.append(
                Paragraph(
                    w.line_of(tok),
                    inline_tok.content,
                    _reduce_inline(inline_tok.children),
                )
            )
            w.i += 3
        elif tok.type in ("fence", "code_block"):
            blocks.append(Code(w.line_of(tok), tok.info.strip(), tok.content))
            w.i += 1
        elif tok.type.endswith("_open"):
            w.skip_block()
        else:
            w.i += 1
    close_section()

    description = ""
    if desc_start is not None:
        end = desc_end if desc_end is not None else len(lines)
        description = "\n".join(lines[desc_start:end]).strip()
    return RawPage(
        path=path,
        title=title,
        title_line=title_line,
        deprecated=deprecated,
        description=description,
        description_line=(desc_start or 0) + 1,
        sections=tuple(sections),
    )
