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


from generator.evidence.jsliteral import (  # noqa: E402  (the product's reader)
    Declaration,
    JSLiteralError,
    parse_declarations,
    parse_js_value,
    tokenize,
)


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
