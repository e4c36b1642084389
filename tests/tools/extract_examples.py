"""Extract the example payloads the SDK docs ship, as JSON test fixtures.

Two sources:

* the TypeScript SDK's pages (``kombo-typescript-*/models/**/*.md``): the value of
  every ``## Example Usage`` block (``let value: Type = {...};``) and, on union
  pages, every ``## Supported Types`` block (``const value: models.X = ...;``).
  These are JavaScript literals (unquoted keys, trailing commas, single or double
  quoted strings, ``new Date("...")``, comments), converted here by a small
  tokenizer and recursive-descent parser for exactly that subset -- nothing is
  evaluated.  ``new Date("s")`` becomes the string ``s`` as written (the docs'
  own text, not JavaScript's re-rendering of it).
* the Ruby pages' ``Example`` column (the 5th column of a Fields table): JSON
  whose lines are joined by ``<br/>``, or a bare word for an enum value.  Only
  fields whose Type cell links to exactly one model page are kept (an example of
  a plain string or number says nothing the decoders could get wrong); an array
  field gives one fixture per element.

Output, one file per example, each ``{"type": ..., "source": ..., "value": ...}``
with sorted keys and a trailing newline, so that re-running the script on the
same docs writes the same bytes:

* ``tests/fixtures/ts_examples/<Type>.json`` -- Example Usage;
* ``tests/fixtures/ts_examples/<Union>@<Member>.json`` -- a union page's
  Supported Types block (plus ``"member"``: the TypeScript type it shows);
* ``tests/fixtures/ts_examples_ruby/<Model>.<field>[.<n>].json`` -- the Ruby
  Example column, ``"type"`` being the linked model's page heading.

Files in those folders that the run does not produce are removed.  ``--check``
writes nothing and exits 1 when a fixture would change (for CI or review).

Usage::

    python tests/tools/extract_examples.py            # rewrite the fixtures
    python tests/tools/extract_examples.py --check    # verify they are current
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_TS = (ROOT / ".." / "shared" / "corpus" / "kombo-typescript-1.3.4").resolve()
DEFAULT_RUBY = ROOT / "specs"
DEFAULT_OUT = ROOT / "tests" / "fixtures" / "ts_examples"
DEFAULT_RUBY_OUT = ROOT / "tests" / "fixtures" / "ts_examples_ruby"


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
        if e in _SIMPLE_ESCAPES and not (e == "0" and j + 1 < len(src) and src[j + 1].isdigit()):
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
                if not re.fullmatch(r"[0-9a-fA-F]{1,6}", hexits) or int(hexits, 16) > 0x10FFFF:
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


# --- markdown -----------------------------------------------------------------------

_FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.M | re.S)
_H2 = re.compile(r"^## +(.+?)\s*$", re.M)
_H3 = re.compile(r"^### +(.+?)\s*$", re.M)


def _sections(text: str, heading: re.Pattern[str]) -> Iterator[tuple[str, str]]:
    marks = list(heading.finditer(text))
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        yield m.group(1), text[m.end() : end]


def page_heading(text: str) -> str:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip().strip("~").strip()
    return ""


def _filename_part(s: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", s).strip("_") or "value"


def _member_label(annotation: str) -> str:
    a = annotation.strip("` ")
    a = re.sub(r"\bmodels\.", "", a)
    a = a.replace("[]", "Array")
    return _filename_part(a)


@dataclass(frozen=True, slots=True)
class Fixture:
    filename: str
    data: dict[str, Any]


def ts_fixtures(corpus: Path) -> tuple[list[Fixture], list[str]]:
    """The TypeScript pages' examples, and a problem line for each page that has
    an Example Usage block this parser could not read."""
    fixtures: list[Fixture] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for page in sorted((corpus / "models").rglob("*.md")):
        rel = f"{corpus.name}/{page.relative_to(corpus).as_posix()}"
        text = page.read_text(encoding="utf-8")
        heading = page_heading(text)
        for title, body in _sections(text, _H2):
            if title == "Example Usage":
                for block in _FENCE.findall(body):
                    try:
                        decls = parse_declarations(block)
                    except JSLiteralError as e:
                        problems.append(f"{rel}: {e}")
                        continue
                    if not decls:
                        continue  # "// No examples available for this model"
                    if len(decls) > 1:
                        problems.append(f"{rel}: {len(decls)} declarations in one example")
                    d = decls[0]
                    name = d.type.removeprefix("models.") or heading
                    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                        name = heading
                    filename = f"{_filename_part(name)}.json"
                    if filename in seen:
                        problems.append(f"{rel}: {name} already extracted from {seen[filename]}")
                        continue
                    seen[filename] = rel
                    fixtures.append(
                        Fixture(filename, {"type": name, "source": rel, "value": d.value})
                    )
            elif title == "Supported Types":
                for k, (member, sub) in enumerate(_sections(body, _H3)):
                    for block in _FENCE.findall(sub)[:1]:
                        try:
                            decls = parse_declarations(block)
                        except JSLiteralError as e:
                            problems.append(f"{rel} ({member}): {e}")
                            continue
                        if not decls:
                            continue
                        label = _member_label(member)
                        filename = f"{_filename_part(heading)}@{k + 1:02d}-{label}.json"
                        fixtures.append(
                            Fixture(
                                filename,
                                {
                                    "type": heading,
                                    "member": member.strip("` "),
                                    "source": f"{rel}#{member.strip('` ')}",
                                    "value": decls[0].value,
                                },
                            )
                        )
    return fixtures, problems


# --- the Ruby pages' Example column -----------------------------------------------

_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+\.md)\)")


def _cells(row: str) -> list[str]:
    """A markdown table row's cells; ``\\|`` is a literal bar inside a cell."""
    body = row.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [c.replace("\\|", "|").strip() for c in re.split(r"(?<!\\)\|", body)]


def _example_values(cell: str) -> list[Any]:
    """The example(s) in an Example cell: JSON, or a bare word (an enum value)."""
    text = re.sub(r"<br\s*/?>", "\n", cell).strip()
    parts = re.split(r"\*\*Example \d+:\*\*", text)
    values: list[Any] = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        try:
            values.append(json.loads(part))
        except ValueError:
            if "\n" in part or part[:1] in "{[":
                raise
            values.append(part)  # a bare enum value such as OPEN
    return values


def ruby_fixtures(spec: Path) -> tuple[list[Fixture], list[str]]:
    fixtures: list[Fixture] = []
    problems: list[str] = []
    headings: dict[Path, str] = {}

    def heading_of(target: Path) -> str:
        if target not in headings:
            try:
                headings[target] = page_heading(target.read_text(encoding="utf-8"))
            except OSError:
                headings[target] = ""
        return headings[target]

    for page in sorted((spec / "models").rglob("*.md")):
        rel = f"{spec.name}/{page.relative_to(spec).as_posix()}"
        lines = page.read_text(encoding="utf-8").splitlines()
        model = page_heading("\n".join(lines))
        for i, line in enumerate(lines):
            header = _cells(line) if line.startswith("|") else []
            if len(header) < 5 or header[0] != "Field" or header[4] != "Example":
                continue
            for row in lines[i + 2 :]:
                if not row.startswith("|"):
                    break
                cells = _cells(row)
                if len(cells) < 5 or not cells[4]:
                    continue
                field = cells[0].strip("~").strip("`")
                links = _LINK.findall(cells[1])
                if len(links) != 1:
                    continue  # a scalar (or a union spelled inline): nothing to decode
                target = heading_of((page.parent / links[0][1]).resolve())
                if not target:
                    continue
                try:
                    values = _example_values(cells[4])
                except ValueError as e:
                    problems.append(f"{rel}: field {field}: example is not JSON ({e})")
                    continue
                is_array = cells[1].lstrip().startswith("T::Array<")
                for n, v in enumerate(values):
                    items = list(enumerate(v)) if is_array and isinstance(v, list) else [(None, v)]
                    for idx, item in items:
                        suffix = "" if len(values) == 1 else f".{n + 1}"
                        where = f"{rel}#{field}{suffix}"
                        if idx is not None:
                            suffix += f".{idx}"
                            where += f"[{idx}]"
                        fixtures.append(
                            Fixture(
                                f"{_filename_part(model)}.{_filename_part(field)}{suffix}.json",
                                {"type": target, "source": where, "value": item},
                            )
                        )
    return fixtures, problems


# --- writing ------------------------------------------------------------------------


def render(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def sync(out: Path, fixtures: list[Fixture], check: bool) -> list[str]:
    """Write ``fixtures`` to ``out`` (removing stale *.json); the changed names."""
    wanted = {f.filename: render(f.data) for f in fixtures}
    if len(wanted) != len(fixtures):
        raise SystemExit(f"duplicate fixture names in {out}")
    changed: list[str] = []
    existing = {p.name: p for p in out.glob("*.json")} if out.is_dir() else {}
    for name in sorted(set(existing) - set(wanted)):
        changed.append(f"remove {name}")
        if not check:
            existing[name].unlink()
    for name, text in sorted(wanted.items()):
        path = out / name
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old != text:
            changed.append(f"write {name}")
            if not check:
                out.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8", newline="\n")
    return changed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_TS, help="the TypeScript SDK docs")
    ap.add_argument("--spec", type=Path, default=DEFAULT_RUBY, help="the Ruby SDK docs")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--ruby-out", type=Path, default=DEFAULT_RUBY_OUT)
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    args = ap.parse_args(argv)

    ts, ts_problems = ts_fixtures(args.corpus)
    rb, rb_problems = ruby_fixtures(args.spec)
    for p in ts_problems + rb_problems:
        print(f"warning: {p}", file=sys.stderr)
    changed = sync(args.out, ts, args.check) + sync(args.ruby_out, rb, args.check)
    usage = sum(1 for f in ts if "member" not in f.data)
    print(
        f"{usage} Example Usage values, {len(ts) - usage} union member examples, "
        f"{len(rb)} Ruby Example-column values; {len(changed)} fixture file(s) "
        f"{'would change' if args.check else 'changed'}"
    )
    if args.check:
        for c in changed:
            print(f"  {c}")
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
