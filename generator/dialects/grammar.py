"""One parser for every dialect's Type cells, driven by a :class:`TypeGrammar` table.

The cell arrives as markdown-it inline tokens (text, code, emphasis, links); the
lexer turns them into a flat list of :class:`Tok`, and an explicit-stack parser
(no Python recursion, so no limit on nesting depth) builds an IR type expression.

The notation every SDK dialect shares, written as a grammar:

    type    := alt ('|' alt)*                      -- when the dialect has infix unions
    alt     := PREFIX* atom ('[' ']')*             -- `?T`, `*T`, `[]T`; `T[]`
    atom    := NAME | NAME OPEN type (',' type)* CLOSE [type]   -- `T.any(A, B)`, `map[K]V`
             | STRING | NUMBER | '(' type ')'
             | LINK_OPEN type LINK_CLOSE           -- the link target names the page

What a NAME or a constructor means is the dialect's table; this module knows none.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..ir import (
    External,
    ListOf,
    Literal,
    MapOf,
    Named,
    Nullable,
    Primitive,
    Temporal,
    TypeExpr,
    UnionOf,
)

if TYPE_CHECKING:  # markdown-it is only needed to read pages, not to know their types
    from ..parse.page import Inline


class NotationError(Exception):
    def __init__(self, message: str, col: int = 0) -> None:
        super().__init__(message)
        self.col = col


@dataclass(frozen=True)
class OptionalMark:
    """`Optional[...]`-style wrappers: what they mean depends on the Required column,
    so the grammar only marks them and the page interpreter decides (see
    ``Dialect.optional_wrapper``)."""

    inner: TypeExpr


# --- builders: what a constructor or prefix does with its arguments ------------------


def _union(args: Sequence[TypeExpr]) -> TypeExpr:
    members: list[TypeExpr] = []
    nullable = False
    for a in args:
        if isinstance(a, Literal) and a.value is None:
            nullable = True
            continue
        if isinstance(a, Nullable):
            nullable = True
            a = a.inner
        if isinstance(a, UnionOf) and not a.page:
            members.extend(a.members)
        else:
            members.append(a)
    core: TypeExpr = members[0] if len(members) == 1 else UnionOf(tuple(members))
    return Nullable(core) if nullable else core


def _nullable(args: Sequence[TypeExpr]) -> TypeExpr:
    inner = args[0]
    return inner if isinstance(inner, Nullable) else Nullable(inner)


def _array(args: Sequence[TypeExpr]) -> TypeExpr:
    """PHP's `array<T>` is a list, `array<K, V>` a map (JSON keys are strings)."""
    return ListOf(args[0]) if len(args) == 1 else MapOf(args[-1])


BUILDERS: dict[str, Callable[[Sequence[TypeExpr]], TypeExpr]] = {
    "nullable": _nullable,
    "optional": lambda a: OptionalMark(a[0]),  # type: ignore[dict-item,return-value]
    "optional_nullable": lambda a: OptionalMark(_nullable(a)),  # type: ignore[dict-item,return-value]
    "list": lambda a: ListOf(a[-1]),
    "map": lambda a: MapOf(a[-1]),
    "union": _union,
    "literal": lambda a: _union(a),
    "identity": lambda a: a[-1],
    "any": lambda a: Primitive("any"),
    "array": _array,
    # An SDK type of the language itself (`IO[bytes]`, `HttpResponse<InputStream>`):
    # no page describes it, so it is typed as Any.  Built by ``_build``, which
    # knows the constructor's name.
    "external": lambda a: External(""),
}


@dataclass(frozen=True)
class Ctor:
    builder: str  # a key of BUILDERS
    min_args: int = 1
    max_args: int = 1
    # Go's `map[K]V`: after the bracketed arguments one more type follows.
    trailing: bool = False


def _build(name: str, ctor: Ctor, args: Sequence[TypeExpr]) -> TypeExpr:
    if ctor.builder == "external":
        return External(name)
    return BUILDERS[ctor.builder](args)


@dataclass(frozen=True)
class TypeGrammar:
    primitives: Mapping[str, TypeExpr]
    constructors: Mapping[str, Ctor] = field(default_factory=dict)
    brackets: str = "([<"
    prefix_ops: Mapping[str, str] = field(
        default_factory=dict
    )  # '?', '*', '[]' -> builder
    postfix_array: bool = False
    infix_union: bool = False
    # Characters that are markup noise in this dialect's cells (Ruby's `*` emphasis
    # that markdown-it leaves unbalanced, Python's `*int*` inside backticks).
    ignore_chars: str = ""
    # Link text naming a date type: the wire format is decided later from evidence.
    temporal_labels: Mapping[str, str] = field(default_factory=dict)
    # Link text naming an SDK type of its own language, whatever the link target.
    external_names: Sequence[str] = ()
    # Unlinked names that refer to a model of the spec (TypeScript `*components.X*`).
    model_name: re.Pattern[str] | None = None
    case_insensitive_primitives: bool = False
    # Text rewrites applied to a cell before lexing, for notations that are easier
    # to say as another one (TypeScript's `{ [k: string]: T }` is `Record<string, T>`).
    rewrites: Sequence[tuple[re.Pattern[str], str]] = ()


# --- lexer --------------------------------------------------------------------------


@dataclass(frozen=True)
class Tok:
    kind: str  # name | string | number | punct | link_open | link_close | end
    value: str
    href: str = ""
    pos: int = 0


_LEX = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<number>-?\d+(?:\.\d+)?(?![A-Za-z_]))
  | (?P<name>(?:::)?[A-Za-z_$\\][A-Za-z0-9_$]*(?:(?:::|\.|\\)[A-Za-z_$][A-Za-z0-9_$]*)*)
  | (?P<punct>[()\[\]<>,|?*&{}])
    """,
    re.VERBOSE,
)


def lex(
    inline: Sequence[Inline],
    ignore_chars: str = "",
    rewrites: Sequence[tuple[re.Pattern[str], str]] = (),
) -> list[Tok]:
    toks: list[Tok] = []
    pos = 0
    for kind, content, href in inline:
        if kind == "link_open":
            toks.append(Tok("link_open", "[", href, pos))
            continue
        if kind == "link_close":
            toks.append(Tok("link_close", "]", "", pos))
            continue
        if kind not in ("text", "code", "html"):
            continue  # emphasis and strikethrough are presentation only
        text = content
        for ch in ignore_chars:
            text = text.replace(ch, " ")
        for pattern, replacement in rewrites:
            text = pattern.sub(replacement, text)
        i = 0
        while i < len(text):
            m = _LEX.match(text, i)
            if m is None:
                raise NotationError(f"unexpected character {text[i]!r}", pos + i + 1)
            kind2 = m.lastgroup or ""
            if kind2 != "ws":
                toks.append(Tok(kind2, m.group(), "", pos + i + 1))
            i = m.end()
        pos += len(content)
    toks.append(Tok("end", "", "", pos + 1))
    return toks


# --- parser -------------------------------------------------------------------------

_CLOSE = {"(": ")", "[": "]", "<": ">"}


@dataclass
class _Frame:
    kind: str  # root | ctor | group | link | prefix
    name: str = ""  # constructor name, prefix op, or link href
    close: str = ""
    alts: list[TypeExpr] = field(
        default_factory=list
    )  # `A | B` of the current argument
    args: list[TypeExpr] = field(default_factory=list)
    single: bool = False  # the link names exactly one model: its target is that page
    trailing_args: list[TypeExpr] | None = None


def _describe(tok: Tok) -> str:
    return "end of cell" if tok.kind == "end" else repr(tok.value)


class _Parser:
    def __init__(self, g: TypeGrammar, toks: list[Tok]) -> None:
        self.g = g
        self.toks = toks
        self.i = 0
        self.stack: list[_Frame] = [_Frame("root")]
        self._prims = (
            {k.lower(): v for k, v in g.primitives.items()}
            if g.case_insensitive_primitives
            else dict(g.primitives)
        )

    def peek(self, k: int = 0) -> Tok:
        j = min(self.i + k, len(self.toks) - 1)
        return self.toks[j]

    def fail(self, expected: str) -> NotationError:
        tok = self.peek()
        return NotationError(f"expected {expected}, found {_describe(tok)}", tok.pos)

    def inside_link(self) -> _Frame | None:
        for fr in reversed(self.stack):
            if fr.kind == "link":
                return fr
        return None

    # A leaf name: a primitive, a date label, an SDK type, or a model reference.
    def leaf(self, tok: Tok) -> TypeExpr:
        g = self.g
        name = tok.value
        key = name.lower() if g.case_insensitive_primitives else name
        if key in self._prims:
            return self._prims[key]
        link = self.inside_link()
        if name in g.temporal_labels:
            return Temporal(g.temporal_labels[name])
        if name in g.external_names:
            # Linked or not: Python writes file bodies `*Union[bytes, IO[bytes]]*`.
            return External(name)
        if link is not None:
            href = link.name
            if _is_external_href(href):
                return External(name)
            return Named(name, href if link.single else "")
        if g.model_name is not None and g.model_name.fullmatch(name):
            return Named(name, "")
        raise NotationError(f"unknown type name {name!r}", tok.pos)

    def parse(self) -> TypeExpr:
        g = self.g
        expecting = True
        value: TypeExpr | None = None
        while True:
            tok = self.peek()
            if expecting:
                if tok.kind == "punct" and tok.value in g.prefix_ops:
                    self.i += 1
                    self.stack.append(_Frame("prefix", g.prefix_ops[tok.value]))
                    continue
                if (
                    tok.kind == "punct"
                    and tok.value == "["
                    and "[]" in g.prefix_ops
                    and self.peek(1).value == "]"
                ):
                    self.i += 2
                    self.stack.append(_Frame("prefix", g.prefix_ops["[]"]))
                    continue
                if tok.kind == "name":
                    nxt = self.peek(1)
                    ctor = g.constructors.get(tok.value)
                    if (
                        ctor is not None
                        and nxt.kind == "punct"
                        and nxt.value in g.brackets
                    ):
                        self.i += 2
                        self.stack.append(_Frame("ctor", tok.value, _CLOSE[nxt.value]))
                        continue
                    if ctor is not None and ctor.min_args == 0:
                        self.i += 1
                        value = _build(tok.value, ctor, ())
                        expecting = False
                        continue
                    self.i += 1
                    value = self.leaf(tok)
                    expecting = False
                    continue
                if tok.kind == "string":
                    self.i += 1
                    value = Literal(_unquote(tok.value))
                    expecting = False
                    continue
                if tok.kind == "number":
                    self.i += 1
                    value = Literal(_number(tok))
                    expecting = False
                    continue
                if tok.kind == "link_open":
                    single = _count_named(g, self.toks, self.i) == 1
                    self.i += 1
                    self.stack.append(_Frame("link", tok.href, single=single))
                    continue
                if tok.kind == "punct" and tok.value == "(":
                    self.i += 1
                    self.stack.append(_Frame("group", "", ")"))
                    continue
                raise self.fail("a type")

            # After a complete operand.
            assert value is not None
            if (
                g.postfix_array
                and tok.kind == "punct"
                and tok.value == "["
                and self.peek(1).value == "]"
            ):
                self.i += 2
                value = ListOf(value)
                continue
            value = self.reduce_prefixes(value)
            top = self.stack[-1]
            if top.trailing_args is not None:
                # `map[K]` consumed its bracketed keys; this operand is its value.
                self.stack.pop()
                ctor = g.constructors[top.name]
                value = _build(top.name, ctor, [*top.trailing_args, value])
                continue
            if tok.kind == "punct" and tok.value == "|" and g.infix_union:
                self.i += 1
                top.alts.append(value)
                value = None
                expecting = True
                continue
            if tok.kind == "punct" and tok.value == "," and top.kind == "ctor":
                self.i += 1
                top.args.append(self.finish_alts(top, value))
                value = None
                expecting = True
                continue
            if (
                tok.kind == "punct"
                and top.kind in ("ctor", "group")
                and tok.value == top.close
            ):
                self.i += 1
                self.stack.pop()
                inner = self.finish_alts(top, value)
                if top.kind == "group":
                    value = inner
                    continue
                args = [*top.args, inner]
                ctor = g.constructors[top.name]
                if not ctor.min_args <= len(args) <= ctor.max_args:
                    raise NotationError(
                        f"{top.name} takes {ctor.min_args}"
                        + (
                            f"..{ctor.max_args}"
                            if ctor.max_args != ctor.min_args
                            else ""
                        )
                        + f" argument(s), found {len(args)}",
                        tok.pos,
                    )
                if ctor.trailing:
                    self.stack.append(_Frame("ctor", top.name, trailing_args=args))
                    value = None
                    expecting = True
                    continue
                value = _build(top.name, ctor, args)
                continue
            if tok.kind == "link_close" and top.kind == "link":
                self.i += 1
                self.stack.pop()
                inner = self.finish_alts(top, value)
                value = _apply_link(inner, top.name)
                continue
            if tok.kind == "end" and top.kind == "root":
                return self.finish_alts(top, value)
            want = {
                "root": "end of cell",
                "ctor": f"',' or {top.close!r}",
                "group": "')'",
                "link": "end of link",
            }.get(top.kind, "more")
            raise self.fail(want)

    def reduce_prefixes(self, value: TypeExpr) -> TypeExpr:
        while self.stack[-1].kind == "prefix":
            fr = self.stack.pop()
            value = BUILDERS[fr.name]([value])
        return value

    @staticmethod
    def finish_alts(frame: _Frame, value: TypeExpr) -> TypeExpr:
        if not frame.alts:
            return value
        alts = [*frame.alts, value]
        frame.alts = []
        return _union(alts)


def _apply_link(inner: TypeExpr, href: str) -> TypeExpr:
    """A link around a union names the union's page.

    Ruby writes `[T.nilable(T.any(A, B))](union.md)`: the members are named by their
    namespaced names and the link target is the (often empty) page of the union.
    """
    wrappers: list[type] = []
    core: TypeExpr | OptionalMark = inner
    while isinstance(core, (Nullable, OptionalMark)):
        wrappers.append(type(core))
        core = core.inner
    if not isinstance(core, UnionOf) or _is_external_href(href):
        return inner
    out: TypeExpr | OptionalMark = UnionOf(core.members, href)
    for wrap in reversed(wrappers):
        out = wrap(out)
    return out  # type: ignore[return-value]


def _count_named(g: TypeGrammar, toks: list[Tok], start: int) -> int:
    """Model names inside the link that opens at ``toks[start]``.

    Decided before parsing the link text: with one name, the link target is that
    model's page; with several (a union), each is resolved by its own name.
    """
    level = 0
    count = 0
    union = False
    prims = (
        {k.lower() for k in g.primitives}
        if g.case_insensitive_primitives
        else g.primitives
    )
    for j in range(start, len(toks)):
        tok = toks[j]
        if tok.kind == "link_open":
            level += 1
        elif tok.kind == "link_close":
            level -= 1
            if level == 0:
                break
        elif tok.kind == "punct" and tok.value == "|" and g.infix_union:
            union = True
        elif tok.kind == "name" and level == 1:
            nxt = toks[j + 1] if j + 1 < len(toks) else tok
            ctor = g.constructors.get(tok.value)
            if ctor is not None and ctor.builder == "union" and nxt.value in g.brackets:
                union = True
            is_ctor = tok.value in g.constructors and (
                nxt.value in g.brackets or g.constructors[tok.value].min_args == 0
            )
            key = tok.value.lower() if g.case_insensitive_primitives else tok.value
            if not is_ctor and key not in prims and tok.value not in g.temporal_labels:
                count += 1
    # Inside a union the link names the union's page, never a member's.
    return 0 if union else count


def _is_external_href(href: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href)) or href.startswith("//")


def _number(tok: Tok) -> int | float:
    """A numeric literal, or a NotationError where Python cannot hold it as JSON
    does (issue 6: a 5,000-digit integer raised ValueError out of int(), and a
    400-digit decimal became `inf`, emitted as the undefined name `inf`)."""
    try:
        num = float(tok.value) if "." in tok.value else int(tok.value)
    except ValueError:  # more digits than sys.get_int_max_str_digits() allows
        raise NotationError(
            f"number literal of {len(tok.value)} characters is too long", tok.pos
        ) from None
    if isinstance(num, float) and not math.isfinite(num):
        raise NotationError(
            f"number literal {tok.value[:24]}... is out of range", tok.pos
        )
    return num


def _unquote(s: str) -> str:
    body = s[1:-1]
    return re.sub(r"\\(.)", r"\1", body)


def parse_type(grammar: TypeGrammar, inline: Sequence[Inline]) -> TypeExpr:
    """Parse one Type cell; raises :class:`NotationError` with a column."""
    toks = lex(inline, grammar.ignore_chars, grammar.rewrites)
    if len(toks) == 1:
        raise NotationError("empty type cell", 1)
    return _Parser(grammar, toks).parse()


def depth(t: TypeExpr | OptionalMark) -> int:
    """Nesting depth of a type, computed without recursion."""
    best = 0
    todo: list[tuple[object, int]] = [(t, 1)]
    while todo:
        node, d = todo.pop()
        best = max(best, d)
        if isinstance(node, (Nullable, OptionalMark)):
            todo.append((node.inner, d + 1))
        elif isinstance(node, ListOf):
            todo.append((node.item, d + 1))
        elif isinstance(node, MapOf):
            todo.append((node.value, d + 1))
        elif isinstance(node, UnionOf):
            todo.extend((m, d + 1) for m in node.members)
    return best
