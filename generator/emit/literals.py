"""Spec text -> Python source fragments that cannot be anything but data.

Every piece of spec text that reaches a template goes through one of these
functions and comes out as a :class:`Code` value; the template environment refuses
to print anything else (see ``render.py``).  Control, format (bidi) and private-use
characters are always escaped, so that what a reviewer sees is what Python runs.
"""

from __future__ import annotations

import unicodedata


class Code(str):
    """Source text that is safe to paste into a module as is."""

    __slots__ = ()


_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_SIMPLE_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}


def _escape_char(ch: str) -> str:
    if ch in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[ch]
    cp = ord(ch)
    if cp < 0x100:
        return f"\\x{cp:02x}"
    if cp < 0x10000:
        return f"\\u{cp:04x}"
    return f"\\U{cp:08x}"


def _needs_escape(ch: str) -> bool:
    if ch in _SIMPLE_ESCAPES:
        return True
    if ch.isascii():
        return not ch.isprintable()
    return unicodedata.category(ch) in _UNSAFE_CATEGORIES


def _escape(text: str, quote: str | None) -> str:
    out = []
    for ch in text:
        if quote is not None and ch == quote:
            out.append("\\" + ch)
        elif _needs_escape(ch):
            out.append(_escape_char(ch))
        else:
            out.append(ch)
    return "".join(out)


def py_str(text: str) -> Code:
    """A string literal, quoted the way black would leave it."""
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return Code(f'"{text}"')  # nothing to escape: the common case, kept fast
    # black's choice: double quotes unless single ones need fewer escapes.
    quote = "'" if text.count('"') > text.count("'") else '"'
    return Code(quote + _escape(text, quote) + quote)


def py_value(value: object) -> Code:
    """A literal for a JSON scalar (enum values, constants)."""
    if value is None:
        return Code("None")
    if isinstance(value, bool):
        return Code("True" if value else "False")
    if isinstance(value, int):
        return Code(str(value))
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            # repr() would be `inf`/`nan`: a name, not a literal (issue 6).  JSON
            # has no such value; the stages before must have refused it.
            raise ValueError(f"not a JSON number: {value!r}")
        # black writes exponents without `+` (`1e16`, not repr's `1e+16`).
        return Code(repr(value).replace("e+", "e"))
    if isinstance(value, str):
        return py_str(value)
    raise TypeError(f"not a JSON scalar: {value!r}")


def docstring_body(text: str) -> Code:
    """Text for inside a triple-quoted docstring.

    Backslashes are escaped (so nothing is an escape sequence by accident), a `"`
    next to another `"` or at the very end is escaped (so no run of them can close
    the string), unsafe characters become escapes, and trailing spaces go, as
    black would remove them.
    """
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        lines.append(_escape(line.replace("\t", "    ").rstrip(), None))
    body = "\n".join(lines).strip()
    out = []
    for i, ch in enumerate(body):
        if ch == '"' and (
            i == 0  # `""""x`: black would pad it with a space
            or i == len(body) - 1
            or body[i + 1] == '"'
            or (i > 0 and body[i - 1] == '"')
        ):
            out.append('\\"')
        else:
            out.append(ch)
    if out and out[-1] == '\\"':
        out.append(" ")  # black pads a docstring that ends in a quote
    return Code("".join(out))


def comment_text(text: str) -> Code:
    """One comment line: no newline can end the comment early."""
    return Code(_escape(text, None))


def identifier(name: str) -> Code:
    """A name the naming stage produced; checked again here as a last line of defence."""
    if not (name.isascii() and name.isidentifier()):
        raise ValueError(f"not a safe identifier: {name!r}")
    return Code(name)
