"""Issue 6, fuzzing by mutation: real pages, broken in every way a file can break.

Seeds are small closed sets of real pages (a page and the pages its links and
namespaced names reach, at most 12) from ``specs/`` and every sample corpus in
``../shared/corpus/samples``, each read in its own dialect.  A case applies one
to three mutations to one page of a seed -- drop or duplicate cells and pipes,
break links, truncate at a random byte, swap tables, huge cells, many rows,
types nested hundreds deep, random bytes, CRLF, CR, BOM, lines dropped,
duplicated or swapped, hostile text, markdown structure -- and runs the whole
pipeline in process under an alarm.  Acceptable: valid code (AST whitelist;
black on a sample) or located diagnostics (tests/tools/fuzzrun.py).

Every case is deterministic (its number seeds its random generator): a failure
names the case and saves the input; fixed inputs go to ``tests/regressions/``.

The extremes the issue names are deterministic tests below: 1 MB cells, a
10,000-row table, types 1,000 deep, pages of random bytes, a page truncated at
every 16th byte.
"""

from __future__ import annotations

import functools
import os
import posixpath
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import CORPUS, ROOT
from tests.tools import hostile
from tests.tools.fuzzrun import Failure, budget, run_case

SHARDS = 4
CASES = 240  # in CI, over all shards


@dataclass(frozen=True)
class Corpus:
    name: str
    root: Path  # paths of pages are relative to this
    dialect: str


CORPORA = [
    Corpus("kombo-ruby", ROOT / "specs", "ruby-sorbet"),
    Corpus("python-unstructured", CORPUS / "samples" / "python-unstructured", "speakeasy-python"),
    Corpus("typescript-glean", CORPUS / "samples" / "typescript-glean", "speakeasy-typescript"),
    Corpus("go-formance", CORPUS / "samples" / "go-formance", "speakeasy-go"),
    Corpus("java-formance", CORPUS / "samples" / "java-formance", "speakeasy-java"),
    Corpus("csharp-fastpix", CORPUS / "samples" / "csharp-fastpix", "speakeasy-csharp"),
    Corpus("php-dub", CORPUS / "samples" / "php-dub", "speakeasy-php"),
    Corpus("ruby-fastpix", CORPUS / "samples" / "ruby-fastpix", "ruby-sorbet"),
    Corpus("openapi-python-airflow", CORPUS / "samples" / "openapi-python-airflow", "openapi-python"),
]
AVAILABLE = [c for c in CORPORA if c.root.is_dir()]


@functools.lru_cache(maxsize=None)
def index(corpus: Corpus) -> tuple[str, ...]:
    out = []
    for dirpath, _, files in os.walk(corpus.root):
        for f in files:
            if f.endswith(".md"):
                out.append(os.path.relpath(os.path.join(dirpath, f), corpus.root).replace(os.sep, "/"))
    return tuple(sorted(out))


@functools.lru_cache(maxsize=4096)
def read(corpus: Corpus, rel: str) -> bytes:
    return (corpus.root / rel).read_bytes()


_LINK = re.compile(rb"\]\(([^)\s]+)\)")
_NAMESPACED = re.compile(rb"(?:Models|Components|Shared|Operations|components|shared|operations)(?:::|\.|\\)(\w+)")


@functools.lru_cache(maxsize=None)
def by_stem(corpus: Corpus) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for rel in index(corpus):
        out.setdefault(posixpath.basename(rel)[:-3].lower(), []).append(rel)
    return out


def closure(corpus: Corpus, start: str, limit: int = 12) -> list[str]:
    pages = set(index(corpus))
    stems = by_stem(corpus)
    seen = [start]
    todo = [start]
    while todo and len(seen) < limit:
        rel = todo.pop(0)
        text = read(corpus, rel)
        found = []
        for m in _LINK.finditer(text):
            target = m.group(1).decode("utf-8", "replace").split("#")[0]
            found.append(posixpath.normpath(posixpath.join(posixpath.dirname(rel), target)))
        for m in _NAMESPACED.finditer(text):
            found.extend(stems.get(m.group(1).decode().lower(), [])[:1])
        for rel2 in found:
            if rel2 in pages and rel2 not in seen and len(seen) < limit:
                seen.append(rel2)
                todo.append(rel2)
    return seen


# --- mutations: bytes -> bytes ------------------------------------------------------------

Mutation = Callable[[random.Random, bytes], bytes]


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _table_rows(lines: list[bytes]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.lstrip().startswith(b"|")]


def _cells(line: bytes) -> list[bytes]:
    return re.split(rb"(?<!\\)\|", line)


def drop_cell(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    rows = _table_rows(lines)
    if not rows:
        return data
    i = rng.choice(rows)
    cells = _cells(lines[i])
    if len(cells) > 2:
        del cells[rng.randrange(1, len(cells) - 1)]
    lines[i] = b"|".join(cells)
    return b"\n".join(lines)


def dup_cell(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    rows = _table_rows(lines)
    if not rows:
        return data
    i = rng.choice(rows)
    cells = _cells(lines[i])
    j = rng.randrange(len(cells))
    cells.insert(j, cells[j])
    lines[i] = b"|".join(cells)
    return b"\n".join(lines)


def drop_or_dup_pipe(rng: random.Random, data: bytes) -> bytes:
    pipes = [m.start() for m in re.finditer(rb"\|", data)]
    if not pipes:
        return data
    at = rng.choice(pipes)
    return data[:at] + (b"" if rng.random() < 0.5 else b"||") + data[at + 1 :]


BAD_TARGETS = [b"", b"missing.md", b"../../../../etc/passwd", b"/etc/passwd", b"../" * 40 + b"x.md",
               b"http://example.com/x.md", b"file:///etc/passwd", b"#frag", b"%2e%2e/x.md", b"x.md?q=1",
               b"../../models/shared/" + b"a" * 300 + b".md", b"C:\\Windows\\x.md", b"con.md", b"./././x.md"]  # fmt: skip


def break_link(rng: random.Random, data: bytes) -> bytes:
    links = list(_LINK.finditer(data))
    if not links:
        return data
    m = rng.choice(links)
    how = rng.randrange(4)
    if how == 0:
        return data[: m.start(1)] + rng.choice(BAD_TARGETS) + data[m.end(1) :]
    if how == 1:
        return data[: m.end() - 1] + data[m.end() :]  # no closing parenthesis
    if how == 2:
        return data[: m.start()] + data[m.start() + 1 :]  # no closing bracket
    return data[: m.start(1)] + m.group(1)[::-1] + data[m.end(1) :]


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def swap_tables(rng: random.Random, data: bytes) -> bytes:
    blocks = re.split(rb"(\n\s*\n)", data)
    tables = [i for i, b in enumerate(blocks) if b.lstrip().startswith(b"|")]
    if len(tables) >= 2:
        a, b = rng.sample(tables, 2)
        blocks[a], blocks[b] = blocks[b], blocks[a]
    elif tables:
        i = tables[0]
        j = rng.randrange(len(blocks))
        blocks[i], blocks[j] = blocks[j], blocks[i]
    return b"".join(blocks)


FILLERS = [b" ", b"\t", b"x", b"T.any(", b"[", b"*", b"`", b"-", b"|", b"\\", b"<br/>", b"A", b"::", b"(", b"\xf0\x9f\x98\x80", b"\"\"\""]


def huge_cell(rng: random.Random, data: bytes, size: int | None = None) -> bytes:
    lines = _lines(data)
    rows = _table_rows(lines)
    if not rows:
        return data + b"\n" + rng.choice(FILLERS) * (size or 1000)
    i = rng.choice(rows)
    cells = _cells(lines[i])
    j = rng.randrange(1, max(2, len(cells) - 1))
    filler = rng.choice(FILLERS)
    cells[min(j, len(cells) - 1)] = b" " + filler * ((size or rng.choice([1000, 10_000, 60_000])) // len(filler)) + b" "
    lines[i] = b"|".join(cells)
    return b"\n".join(lines)


def many_rows(rng: random.Random, data: bytes, n: int | None = None) -> bytes:
    lines = _lines(data)
    rows = _table_rows(lines)
    if len(rows) < 3:
        return data
    i = rows[-1]
    n = n or rng.choice([50, 500, 2000])
    new = []
    for k in range(n):
        cells = _cells(lines[i])
        if len(cells) > 2:
            cells[1] = cells[1].replace(b"`", b"") + b"_%d" % k if rng.random() < 0.9 else cells[1]
        new.append(b"|".join(cells))
    return b"\n".join(lines[: i + 1] + new + lines[i + 1 :])


NESTERS = [(b"T.any(::String, ", b")"), (b"T::Array<", b">"), (b"T.nilable(", b")"), (b"T::Hash[Symbol, ", b"]"),
           (b"Optional[", b"]"), (b"List[", b"]"), (b"Array<", b">"), (b"[]", b""), (b"map[string]", b""),
           (b"List<", b">"), (b"Map<String, ", b">"), (b"array<", b">"), (b"?", b""), (b"(", b")"), (b"[", b"](x.md)")]  # fmt: skip


def deep_type(rng: random.Random, data: bytes, depth: int | None = None) -> bytes:
    lines = _lines(data)
    rows = _table_rows(lines)
    if not rows:
        return data
    i = rng.choice(rows)
    cells = _cells(lines[i])
    if len(cells) < 4:
        return data
    open_, close = rng.choice(NESTERS)
    d = depth or rng.choice([5, 33, 200, 1000])
    cells[2] = b" " + open_ * d + cells[2].strip() + close * d + b" "
    lines[i] = b"|".join(cells)
    return b"\n".join(lines)


def random_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        at = rng.randrange(len(out) + 1)
        out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 4)))
    return bytes(out)


def line_endings(rng: random.Random, data: bytes) -> bytes:
    how = rng.randrange(4)
    if how == 0:
        return data.replace(b"\n", b"\r\n")
    if how == 1:
        return data.replace(b"\n", b"\r")
    if how == 2:
        return b"\xef\xbb\xbf" + data
    return b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")


def shuffle_lines(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    if len(lines) < 2:
        return data
    how = rng.randrange(3)
    i = rng.randrange(len(lines))
    if how == 0:
        del lines[i]
    elif how == 1:
        lines.insert(i, lines[i])
    else:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


def hostile_text(rng: random.Random, data: bytes) -> bytes:
    text = rng.choice(hostile.payloads("/nonexistent/sentinel") + hostile.FIELD_NAMES + hostile.HEADINGS)
    at = rng.randrange(len(data) + 1)
    return data[:at] + text.encode("utf-8") + data[at:]


STRUCTURE = [b"```", b"```ruby", b"<br/>", b"<!--", b"-->", b"> ", b"- ", b"1. ", b"# ", b"## Fields", b"## Values",
             b"## Supported Types", b"### ", b"***", b"[x]: y", b"<details>", b"| --- |", b"\n\n", b"~~", b"&#0;",
             b"&amp;", b"\\", b"    "]  # fmt: skip


def structure(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    i = rng.randrange(len(lines) + 1)
    token = rng.choice(STRUCTURE)
    if rng.random() < 0.5 and i < len(lines):
        lines[i] = token + lines[i]
    else:
        lines.insert(i, token)
    return b"\n".join(lines)


MUTATIONS: list[tuple[Mutation, int]] = [
    (drop_cell, 4), (dup_cell, 4), (drop_or_dup_pipe, 4), (break_link, 4), (truncate, 3), (swap_tables, 2),
    (huge_cell, 1), (many_rows, 1), (deep_type, 2), (random_bytes, 3), (line_endings, 2), (shuffle_lines, 3),
    (hostile_text, 3), (structure, 4),
]  # fmt: skip


def make_case(n: int) -> tuple[Corpus, dict[str, bytes], str, list[str]]:
    """Case ``n``: (corpus, pages, dialect, what was done)."""
    rng = random.Random(0x6D64 * 1_000_003 + n)
    corpus = AVAILABLE[n % len(AVAILABLE)]
    start = rng.choice(index(corpus))
    rels = closure(corpus, start)
    pages = {rel: read(corpus, rel) for rel in rels}
    target = rng.choice(rels) if rng.random() < 0.3 else start
    done = []
    ops, weights = zip(*MUTATIONS)
    for op in rng.choices(ops, weights, k=rng.choice([1, 1, 2, 3])):
        pages[target] = op(rng, pages[target])
        done.append(op.__name__)
    dialect = corpus.dialect if rng.random() < 0.8 else "auto"
    return corpus, pages, dialect, [f"{corpus.name}:{target}"] + done


@pytest.mark.skipif(len(AVAILABLE) < 2, reason="the sample corpora are not available")
@pytest.mark.parametrize("shard", range(SHARDS))
def test_mutated_corpus_pages(shard: int, tmp_path: Path) -> None:
    total = budget(CASES)
    kinds = {"ok": 0, "diagnostics": 0}
    failures = []
    for n in range(shard, total, SHARDS):
        corpus, pages, dialect, what = make_case(n)
        try:
            outcome = run_case(pages, dialect=dialect, black=n % 25 == 0, save_to=tmp_path)
        except Failure as exc:
            failures.append(f"case {n} ({', '.join(what)}): {exc}")
            if len(failures) >= 3:
                break
            continue
        kinds[outcome.kind] += 1
    assert not failures, "\n\n".join(failures)
    # Both outcomes occur: the mutations are neither all harmless nor all fatal.
    if total // SHARDS >= 40:
        assert kinds["ok"] and kinds["diagnostics"], kinds


def test_seeds_generate_before_mutation() -> None:
    """The oracle's baseline: unmutated seeds mostly generate cleanly, so that
    mutations start from working input (a seed with dangling links is still a
    valid case: located E030 diagnostics)."""
    ok = 0
    n = 0
    for corpus in AVAILABLE:
        rng = random.Random(corpus.name)
        for start in rng.sample(index(corpus), 2):
            pages = {rel: read(corpus, rel) for rel in closure(corpus, start)}
            outcome = run_case(pages, dialect=corpus.dialect)
            n += 1
            ok += outcome.kind == "ok"
    assert ok >= n // 2, (ok, n)


# --- the extremes the issue names, deterministic ---------------------------------------------

SEED_PAGE = ROOT / "specs" / "models" / "shared" / "getatsapplicationspositiveresponseresult.md"


def _seed() -> tuple[str, dict[str, bytes]]:
    corpus = CORPORA[0]
    rel = SEED_PAGE.relative_to(ROOT / "specs").as_posix()
    return rel, {r: read(corpus, r) for r in closure(corpus, rel)}


EXTREMES: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "1 MB description cell": lambda rng, d: huge_cell(random.Random(1), d, 1_000_000),
    "1 MB of spaces in a cell": lambda rng, d: _fill_column(d, 3, b" " * 1_000_000),
    "1 MB of tabs in a delimiter row": lambda rng, d: d.replace(b"| --- |", b"|" + b"\t" * 1_000_000 + b"--- |", 1),
    "1 MB type cell": lambda rng, d: _fill_column(d, 2, b"T.any(::String, " * 60_000),
    "1 MB name cell of capitals": lambda rng, d: _fill_column(d, 1, b"`" + b"A" * 1_000_000 + b"`"),
    "10,000-row table": lambda rng, d: many_rows(random.Random(2), d, 10_000),
    "T.any 1,000 deep": lambda rng, d: _nest(d, b"T.any(::String, ", b")", 1000),
    "T::Array 1,000 deep": lambda rng, d: _nest(d, b"T::Array<", b">", 1000),
    "T.nilable 1,000 deep": lambda rng, d: _nest(d, b"T.nilable(", b")", 1000),
    "T::Hash 1,000 deep": lambda rng, d: _nest(d, b"T::Hash[Symbol, ", b"]", 1000),
    "links 1,000 deep": lambda rng, d: _nest(d, b"[", b"](x.md)", 1000),
    "parentheses 100,000 deep": lambda rng, d: _nest(d, b"(", b")", 100_000),
    "random bytes": lambda rng, d: bytes(random.Random(4).randrange(256) for _ in range(4096)),
    "NUL bytes": lambda rng, d: d.replace(b"|", b"|\x00"),
    "CRLF and BOM": lambda rng, d: b"\xef\xbb\xbf" + d.replace(b"\n", b"\r\n"),
    "CR only": lambda rng, d: d.replace(b"\n", b"\r"),
    "one 2 MB line": lambda rng, d: b"# A\n\n" + b"x | " * 500_000,
    "blockquotes 100,000 deep": lambda rng, d: d + b"\n\n" + b">" * 100_000 + b" x\n",
    "lists 500 deep": lambda rng, d: d + b"\n\n" + b"".join(b"  " * i + b"- x\n" for i in range(500)),
    "emphasis 100,000 openers": lambda rng, d: d.replace(b"N/A", b"*a _b " * 50_000, 1),
}


def _fill_column(data: bytes, col: int, text: bytes) -> bytes:
    lines = _lines(data)
    rows = _table_rows(lines)
    i = rows[2]  # the first body row
    cells = _cells(lines[i])
    cells[col] = b" " + text + b" "
    lines[i] = b"|".join(cells)
    return b"\n".join(lines)


def _nest(data: bytes, open_: bytes, close: bytes, depth: int) -> bytes:
    lines = _lines(data)
    i = _table_rows(lines)[2]
    cells = _cells(lines[i])
    cells[2] = b" " + open_ * depth + b"::String" + close * depth + b" "
    lines[i] = b"|".join(cells)
    return b"\n".join(lines)


@pytest.mark.parametrize("name", sorted(EXTREMES))
def test_extreme_input_is_bounded(name: str, tmp_path: Path) -> None:
    rel, pages = _seed()
    pages[rel] = EXTREMES[name](random.Random(0), pages[rel])
    outcome = run_case(pages, dialect="ruby-sorbet", seconds=60, save_to=tmp_path)
    assert outcome.seconds < 60
    if name in ("T::Array 1,000 deep", "T::Hash 1,000 deep"):  # deeper than MAX_TYPE_DEPTH
        assert outcome.kind == "diagnostics" and any("[E020]" in e for e in outcome.errors), outcome.errors[:3]


@pytest.mark.parametrize("corpus", [c.name for c in AVAILABLE])
def test_truncated_at_every_16th_byte(corpus: str, tmp_path: Path) -> None:
    c = next(c for c in AVAILABLE if c.name == corpus)
    rng = random.Random(corpus)
    start = rng.choice([r for r in index(c) if 300 < len(read(c, r)) < 3000] or list(index(c)))
    pages = {rel: read(c, rel) for rel in closure(c, start, limit=4)}
    data = pages[start]
    step = max(16, len(data) // max(1, budget(60)))
    for cut in range(0, len(data), step):
        run_case({**pages, start: data[:cut]}, dialect=c.dialect, save_to=tmp_path)
