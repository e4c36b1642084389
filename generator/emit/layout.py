"""Laying out long statements the way black would, before black sees them.

black runs a second pass over any file its first pass changed, so a module that
comes out of the templates already black-clean costs half as much to format.
These helpers cover the few statement shapes the templates produce; when a
shape is outside what they know, they return it on one line and black does the
work.  Correctness never depends on them: black still formats every file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_OPEN = {"(": ")", "[": "]", "{": "}"}
_ATOM = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_CLOSE = {v: k for k, v in _OPEN.items()}


def _fits(text: str, width: int) -> bool:
    return len(text) <= width


def _tokens(text: str) -> Iterator[tuple[int, str, int]]:
    """(index, character, bracket depth before it) for every character outside
    string literals; a string literal is skipped whole."""
    depth = 0
    j = 0
    while j < len(text):
        ch = text[j]
        if ch in "\"'":
            k = j + 1
            while k < len(text) and text[k] != ch:
                k += 2 if text[k] == "\\" else 1
            j = k + 1
            continue
        yield j, ch, depth
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
        j += 1


def _last_bracket(expr: str) -> int | None:
    """Index of the opening bracket that matches ``expr``'s final closing bracket,
    ignoring brackets inside string literals (walked back from the end: what
    comes before may be unbalanced, as in `) = field(...)`)."""
    if not expr or expr[-1] not in _CLOSE:
        return None
    depth = 0
    for j, ch, _ in reversed(list(_tokens(expr))):
        if ch in _CLOSE:
            depth += 1
        elif ch in _OPEN:
            depth -= 1
            if depth == 0:
                return j
    return None


def _top_level(text: str, needle: str) -> int:
    """Index of ``needle`` outside brackets and strings, or -1."""
    if needle not in text:
        return -1
    for j, ch, depth in _tokens(text):
        if depth == 0 and ch == needle[0] and text.startswith(needle, j):
            return j
    return -1


def split_args(body: str) -> list[str]:
    """Top-level comma-separated parts of ``body``."""
    parts: list[str] = []
    start = 0
    for j, ch, depth in _tokens(body):
        if ch == "," and depth == 0:
            parts.append(body[start:j].strip())
            start = j + 1
    last = body[start:].strip()
    if last:
        parts.append(last)
    return parts


def statement(indent: int, text: str, width: int, suffix: str = "") -> str:
    """``text`` (one logical line ending in a bracket), split at its last bracket
    as black's right-hand split does: the bracket's contents on one line if they
    fit, else one item per line with a trailing comma."""
    # Text that carries its own indentation (a line of a block) is laid out at it.
    lead = len(text) - len(text.lstrip(" "))
    indent, text = indent + lead, text[lead:]
    pad = " " * indent
    one = pad + text + suffix
    if _fits(one, width):
        return one
    eq = _top_level(text, " = ")
    if eq != -1 and _top_level(text[eq + 3 :], " if ") != -1:
        return (
            _conditional(indent, text[: eq + 3], text[eq + 3 :], width, suffix) or one
        )
    if text.startswith("None if "):
        return one
    if eq != -1 and _ATOM.fullmatch(text[eq + 3 :]):
        # A plain name too long for the line: black wraps it in parentheses.
        inner = " " * (indent + 4) + text[eq + 3 :]
        return (
            f"{pad}{text[: eq + 3]}(\n{inner}\n{pad}){suffix}"
            if _fits(inner, width)
            else one
        )
    at = _last_bracket(text)
    if at is None:
        return one
    head, body, close = text[: at + 1], text[at + 1 : -1], text[-1]
    if not body:
        return one
    if not _fits(pad + head, width):
        # black splits there anyway when the head holds no other bracket to
        # split at and the arguments are plain names (`class VeryLong(Base):`).
        parts = split_args(body) or []
        if any(ch in "([{" for ch in head[:-1]) or not all(
            _ATOM.fullmatch(p) for p in parts
        ):
            return one
        inner = " " * (indent + 4)
        if _fits(inner + body, width):
            return f"{pad}{head}\n{inner}{body}\n{pad}{close}{suffix}"
        return one
    inner = " " * (indent + 4)
    if _fits(inner + body, width) and not body.rstrip().endswith(","):
        return f"{pad}{head}\n{inner}{body}\n{pad}{close}{suffix}"
    parts = split_args(body)
    if parts and len(parts) == 1 and _ATOM.fullmatch(parts[0]):
        # One name that does not fit even alone: black still gives it its line.
        return f"{pad}{head}\n{inner}{body}\n{pad}{close}{suffix}"
    if not parts or any(
        not _fits(inner + p + ",", width) and not _ATOM.fullmatch(p) for p in parts
    ):
        return one
    if any(" for " in p for p in parts):  # a comprehension's commas are not arguments
        return one
    lines = "".join(f"{inner}{p},\n" for p in parts)
    return f"{pad}{head}\n{lines}{pad}{close}{suffix}"


def exploded(indent: int, head: str, items: list[str], close: str, width: int) -> str:
    """``head`` + items + ``close`` on one line if it fits, else one item per line
    with a trailing comma (what black does for imports and collections)."""
    pad = " " * indent
    one = pad + head + ", ".join(items) + close
    if _fits(one, width):
        return one
    inner = " " * (indent + 4)
    return pad + head + "\n" + "".join(f"{inner}{i},\n" for i in items) + pad + close


def _conditional(
    indent: int, target: str, value: str, width: int, suffix: str
) -> str | None:
    """black wraps a long conditional expression in parentheses, and splits it at
    `if` and `else` when it still does not fit."""
    pad = " " * indent
    inner = " " * (indent + 4)
    if _fits(inner + value, width):
        return f"{pad}{target}(\n{inner}{value}\n{pad}){suffix}"
    cut_if = _top_level(value, " if ")
    cut_else = _top_level(value, " else ")
    if cut_if == -1 or cut_else == -1:
        return None
    parts = [value[:cut_if], value[cut_if + 1 : cut_else], value[cut_else + 1 :]]
    lines: list[str] = []
    for part in parts:
        if _fits(inner + part, width):
            lines.append(part)
            continue
        # Still too long: black splits at the boolean operators next.
        pieces = _split_top_level(part, " or ")
        if len(pieces) == 1 or not all(_fits(inner + p, width) for p in pieces):
            return None
        lines.extend(pieces)
    body = "\n".join(inner + p for p in lines)
    return f"{pad}{target}(\n{body}\n{pad}){suffix}"


def _split_top_level(text: str, op: str) -> list[str]:
    """``text`` cut before each top-level ``op`` (the operator starts the next piece)."""
    pieces = []
    rest = text
    while True:
        at = _top_level(rest, op)
        if at == -1:
            pieces.append(rest)
            return pieces
        pieces.append(rest[:at])
        rest = rest[at + 1 :]


def dict_entry(indent: int, key: str, value: str, width: int) -> str:
    """One `key: value,` line of an exploded dict literal."""
    pad = " " * indent
    one = f"{pad}{key}: {value},"
    if _fits(one, width):
        return one
    if _top_level(value, " if ") != -1:
        return _conditional(indent, f"{key}: ", value, width, ",") or one
    return statement(indent, f"{key}: {value}", width, ",")


def union_alias(name: str, members: list[str], width: int) -> str:
    one = f"{name}: TypeAlias = {' | '.join(members)}"
    if _fits(one, width):
        return one
    body = " | ".join(members)
    if _fits("    " + body, width):
        return f"{name}: TypeAlias = (\n    {body}\n)"
    return f"{name}: TypeAlias = (\n    " + "\n    | ".join(members) + "\n)"


def docstring_closing(indent: int, body: str, width: int) -> str:
    """black moves the closing quotes of a multi-line docstring to their own line
    when they would make its last line too long."""
    if "\n" in body:
        last = body.rsplit("\n", 1)[1]
        if len(last) + 3 > width:
            return body + "\n" + " " * indent
    return body


def list_call(indent: int, head: str, items: list[str], width: int) -> str:
    """`f([a, b])` with a list too long for one line: black gives the list its own
    lines inside the call, then each item its own line."""
    one = " " * indent + head + "[" + ", ".join(items) + "])"
    if _fits(one, width):
        return one
    pad = " " * indent
    item_lines = "".join(
        statement(indent + 8, item, width, ",") + "\n" for item in items
    )
    return f"{pad}{head}\n{pad}    [\n{item_lines}{pad}    ]\n{pad})"
