"""Example payloads that docs carry, as (model heading, JSON value, source) triples.

Three places hold them:

* `## Example Usage` code blocks: TypeScript/JavaScript literals
  (`let value: Type = {...};`) or JSON;
* a union page's `## Supported Types` subsections, one block per member: an
  example of the union;
* the `Example` column of a Fields table (already in the IR as field examples):
  an example of the field's type.

Blocks in a language that is not data (Ruby, Python constructor calls) are
skipped: they are code, and reading them as data would be guessing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..ir import Field, Model, ObjectModel, TypeExpr
from ..parse.page import Code, RawPage
from .jsliteral import JSLiteralError, parse_declarations

_JS = {"typescript", "ts", "javascript", "js", "tsx"}


@dataclass(frozen=True)
class Example:
    model: str  # page heading of the model the value is an example of ("" = see type)
    value: Any
    source: str  # path:line of where the example is written
    type: TypeExpr | None = None  # for field examples: the field's type


def _block_values(block: Code) -> list[Any]:
    info = block.info.lower().split()[0] if block.info else ""
    if info in _JS:
        try:
            return [d.value for d in parse_declarations(block.content)][:1]
        except JSLiteralError:
            return []
    if info == "json":
        try:
            return [json.loads(block.content)]
        except (ValueError, RecursionError):
            return []
    return []


def page_examples(raw: RawPage) -> Iterator[Example]:
    """Example Usage and Supported Types blocks of one page."""
    in_members = False
    for section in raw.sections:
        if section.level <= 2:
            in_members = section.title.lower() == "supported types"
            if section.title.lower() != "example usage" and not in_members:
                continue
        elif not in_members:
            continue
        for block in section.blocks:
            if isinstance(block, Code):
                for value in _block_values(block):
                    yield Example(raw.title, value, f"{raw.path}:{block.line}")


def field_examples(models: list[Model]) -> Iterator[Example]:
    """The Example column: each cell is JSON (lines joined by `<br/>`) or a bare word."""
    for m in models:
        if not isinstance(m, ObjectModel):
            continue
        for f in m.fields:
            for text in f.examples:
                yield from _field_example(f, text)


def _field_example(f: Field, text: str) -> Iterator[Example]:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        if "\n" in text or text[:1] in "{[":
            return  # broken JSON is no evidence
        value = text  # a bare word: an enum value or a plain string
    yield Example("", value, f"{f.loc.path}:{f.loc.line}", f.type)
