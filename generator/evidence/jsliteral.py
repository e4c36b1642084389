"""JavaScript literals as JSON values: the example payloads in SDK docs.

TypeScript docs show examples as `let value: Type = {...};` (unquoted keys,
trailing commas, single or double quotes, `new Date("...")`, comments).  This is
a tokenizer and recursive-descent reader for exactly that subset; nothing is
evaluated.  `new Date("s")` becomes the string `s` as written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any


class JSLiteralError(ValueError):
    """The text is not in the JavaScript-literal subset this module reads."""


# --- tokenizer ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "punct", "string", "number", "ident", "eof"
    text: str  # the punctuation, the identifier, or the source text of a number
    value: Any  # the decoded string, or the number
    pos: int


_PUNCT = set("{}[](),:;=<>|.?&-+*/!")
_NUMBER = re.compile(
    r"(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+"
    r"|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?)n?"
)
_IDENT = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "0": "\0",
    "'": "'",
    '"': '"',
    "\\": "\\",
    "`": "`",
    "$": "$",
}


def _read_string(src: str, i: int) -> tuple[str, int]:
    """The string literal starting at ``src[i]`` (a quote); returns (value, end)."""
    quote = src[i]
    out: list[str] = []
    j = i + 1
    while True:
        if j >= len(src):
            raise JSLiteralError(f"unterminated string starting at offset {i}")
        c = src[j]
        if c == quote:
            return "".join(out), j + 1
        if quote == "`" and c == "$" and src.startswith("${", j):
            raise JSLiteralError(f"template literal with a substitution at offset {j}")
        if c == "\n" and quote != "`":
            raise JSLiteralError(f"line break inside a string at offset {j}")
        if c != "\\":
            out.append(c)
            j += 1
            continue
        j += 1
        if j >= len(src):
            raise JSLiteralError("a string ends in a backslash")
        e = src[j]
        if e in _SIMPLE_ESCAPES and not (
            e == "0" and j + 1 < len(src) and src[j + 1].isdigit()
        ):
            out.append(_SIMPLE_ESCAPES[e])
            j += 1
        elif e == "x":
            hexits = src[j + 1 : j + 3]
            if not re.fullmatch(r"[0-9a-fA-F]{2}", hexits):
                raise JSLiteralError(f"bad \\x escape at offset {j}")
            out.append(chr(int(hexits, 16)))
            j += 3
        elif e == "u":
            if src.startswith("{", j + 1):
                end = src.find("}", j + 2)
                hexits = src[j + 2 : end] if end != -1 else ""
                if (
                    not re.fullmatch(r"[0-9a-fA-F]{1,6}", hexits)
                    or int(hexits, 16) > 0x10FFFF
                ):
                    raise JSLiteralError(f"bad \\u{{...}} escape at offset {j}")
                out.append(chr(int(hexits, 16)))
                j = end + 1
            else:
                hexits = src[j + 1 : j + 5]
                if not re.fullmatch(r"[0-9a-fA-F]{4}", hexits):
                    raise JSLiteralError(f"bad \\u escape at offset {j}")
                out.append(chr(int(hexits, 16)))
                j += 5
        elif e == "\r":  # line continuation
            j += 2 if src.startswith("\r\n", j) else 1
        elif e in "\n\u2028\u2029":
            j += 1
        else:  # JavaScript keeps the character for an unknown escape
            out.append(e)
            j += 1
    # not reached


def tokenize(src: str) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c in " \t\r\n\ufeff\u00a0":
            i += 1
        elif src.startswith("//", i):
            end = src.find("\n", i)
            i = n if end == -1 else end + 1
        elif src.startswith("/*", i):
            end = src.find("*/", i + 2)
            if end == -1:
                raise JSLiteralError(f"unterminated comment at offset {i}")
            i = end + 2
        elif c in "\"'`":
            value, end = _read_string(src, i)
            tokens.append(Token("string", src[i:end], value, i))
            i = end
        elif c.isdigit() or (c == "." and i + 1 < n and src[i + 1].isdigit()):
            m = _NUMBER.match(src, i)
            if m is None:  # pragma: no cover - the pattern matches any digit
                raise JSLiteralError(f"bad number at offset {i}")
            tokens.append(Token("number", m.group(), _number(m.group()), i))
            i = m.end()
        elif _IDENT.match(src, i):
            m = _IDENT.match(src, i)
            assert m is not None
            tokens.append(Token("ident", m.group(), m.group(), i))
            i = m.end()
        elif c in _PUNCT:
            tokens.append(Token("punct", c, c, i))
            i += 1
        else:
            raise JSLiteralError(f"unexpected character {c!r} at offset {i}")
    tokens.append(Token("eof", "", None, n))
    return tokens


def _number(text: str) -> int | float:
    t = text.replace("_", "")
    if t.endswith("n"):  # a BigInt literal: an integer of any size
        t = t[:-1]
        return int(t, 0) if t[:2].lower() in ("0x", "0o", "0b") else int(t)
    low = t.lower()
    if low.startswith(("0x", "0o", "0b")):
        return int(t, 0)
    if "." in t or "e" in low:
        return float(t)
    return int(t)


# --- parser -------------------------------------------------------------------------


class _Parser:
    """A recursive-descent reader of JSON-like JavaScript literals.

    Nesting in the docs is shallow (under 20 levels); the recursion is bounded by
    Python's limit, and a deeper literal fails with JSLiteralError.
    """

    def __init__(self, tokens: list[Token], src: str) -> None:
        self.tokens = tokens
        self.src = src
        self.i = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def fail(self, what: str) -> JSLiteralError:
        t = self.tok
        line = self.src.count("\n", 0, t.pos) + 1
        found = t.text or "the end"
        return JSLiteralError(f"line {line}: expected {what}, found {found!r}")

    def take(self, kind: str, text: str | None = None) -> Token:
        t = self.tok
        if t.kind != kind or (text is not None and t.text != text):
            raise self.fail(repr(text) if text else kind)
        self.i += 1
        return t

    def at(self, kind: str, text: str | None = None) -> bool:
        t = self.tok
        return t.kind == kind and (text is None or t.text == text)

    def value(self) -> Any:
        t = self.tok
        if t.kind == "punct" and t.text == "{":
            return self.obj()
        if t.kind == "punct" and t.text == "[":
            return self.arr()
        if t.kind == "string":
            self.i += 1
            return t.value
        if t.kind == "number":
            self.i += 1
            return t.value
        if t.kind == "punct" and t.text in "-+":
            self.i += 1
            num = self.take("number")
            return -num.value if t.text == "-" else num.value
        if t.kind == "ident":
            if t.text in ("true", "false"):
                self.i += 1
                return t.text == "true"
            if t.text == "null":
                self.i += 1
                return None
            if t.text == "new":
                return self.constructor()
            if t.text == "BigInt":
                self.i += 1
                self.take("punct", "(")
                arg = self.value()
                self.take("punct", ")")
                return int(arg)
            if t.text in ("Infinity", "NaN", "undefined"):
                raise self.fail("a JSON value (no JSON form for this)")
        raise self.fail("a value")

    def constructor(self) -> Any:
        self.take("ident", "new")
        name = self.take("ident").text
        self.take("punct", "(")
        arg = self.value()
        self.take("punct", ")")
        if name in ("Date", "RFCDate") and isinstance(arg, str):
            return arg
        raise JSLiteralError(f"unsupported constructor new {name}({json.dumps(arg)})")

    def obj(self) -> dict[str, Any]:
        self.take("punct", "{")
        out: dict[str, Any] = {}
        while not self.at("punct", "}"):
            t = self.tok
            if t.kind in ("ident", "string"):
                key = t.value
            elif t.kind == "number":
                key = t.text if isinstance(t.value, float) else str(t.value)
            else:
                raise self.fail("a property name")
            self.i += 1
            self.take("punct", ":")
            out[key] = self.value()  # a repeated key: the last one wins, as in JS
            if not self.at("punct", "}"):
                self.take("punct", ",")
        self.take("punct", "}")
        return out

    def arr(self) -> list[Any]:
        self.take("punct", "[")
        out: list[Any] = []
        while not self.at("punct", "]"):
            if self.at("punct", ","):
                raise self.fail("a value (holes in arrays have no JSON form)")
            out.append(self.value())
            if not self.at("punct", "]"):
                self.take("punct", ",")
        self.take("punct", "]")
        return out


def parse_js_value(src: str) -> Any:
    """One JavaScript literal (the whole of ``src``) as a JSON-compatible value."""
    p = _Parser(tokenize(src), src)
    try:
        v = p.value()
    except RecursionError:
        raise JSLiteralError("literal nested too deeply") from None
    if p.at("punct", ";"):
        p.i += 1
    if not p.at("eof"):
        raise p.fail("the end of the literal")
    return v


@dataclass(frozen=True, slots=True)
class Declaration:
    keyword: str  # "let" or "const"
    type: str  # the annotation as written, e.g. "models.AttributeText", "string[]"
    value: Any


def parse_declarations(src: str) -> list[Declaration]:
    """Every ``let|const value: T = <literal>;`` in a code block, in order."""
    tokens = tokenize(src)
    p = _Parser(tokens, src)
    out: list[Declaration] = []
    while not p.at("eof"):
        t = p.tok
        if t.kind == "ident" and t.text in ("let", "const", "var"):
            p.i += 1
            if not p.at("ident"):
                continue
            p.i += 1  # the variable name
            annotation = ""
            if p.at("punct", ":"):
                p.i += 1
                start = p.tok.pos
                depth = 0
                # the annotation runs to the `=` outside any brackets
                while not (depth == 0 and p.at("punct", "=")):
                    if p.at("eof"):
                        raise p.fail("'=' after the type annotation")
                    if p.tok.kind == "punct" and p.tok.text in "{[(<":
                        depth += 1
                    elif p.tok.kind == "punct" and p.tok.text in "}])>":
                        depth -= 1
                    p.i += 1
                annotation = " ".join(src[start : p.tok.pos].split())
            p.take("punct", "=")
            try:
                value = p.value()
            except RecursionError:
                raise JSLiteralError("literal nested too deeply") from None
            if p.at("punct", ";"):
                p.i += 1
            out.append(Declaration(t.text, annotation, value))
        else:
            p.i += 1  # imports, comments already dropped, anything else
    return out
