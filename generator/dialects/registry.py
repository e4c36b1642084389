"""The known dialects, and detection of a spec folder's dialect from its notations."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from . import (
    csharp,
    go,
    java,
    openapi_python,
    php,
    python,
    ruby_crystalline,
    ruby_sorbet,
    typescript,
)
from .base import Dialect

DIALECTS: dict[str, Dialect] = {
    d.name: d
    for d in (
        ruby_sorbet.DIALECT,
        ruby_crystalline.DIALECT,
        python.DIALECT,
        typescript.DIALECT,
        go.DIALECT,
        java.DIALECT,
        csharp.DIALECT,
        php.DIALECT,
        openapi_python.DIALECT,
    )
}


def register(dialect: Dialect) -> None:
    DIALECTS[dialect.name] = dialect


@dataclass(frozen=True)
class Detection:
    dialect: Dialect
    scores: dict[str, int]
    explanation: str


# Table padding is most of a page's bytes and no marker needs it.
_PADDING = re.compile(r"[ -]{2,}")
# Markers repeat on every page of a folder; a spread sample decides as well as
# all pages and keeps detection fast on large specs.
SAMPLE = 300


_T = TypeVar("_T")


def sample(items: list[_T]) -> list[_T]:
    """The pages detection reads: SAMPLE of them, spread evenly."""
    if len(items) <= SAMPLE:
        return items
    step = len(items) / SAMPLE
    return [items[int(i * step)] for i in range(SAMPLE)]


def detect(texts: Iterable[str]) -> Detection:
    """Score every dialect's marker patterns over the pages; the highest wins.

    Ties go to the dialect registered first, so the result never depends on the
    order in which pages were read.
    """
    scores = {name: 0 for name in DIALECTS}
    for text in sample(list(texts)):
        text = _PADDING.sub(" ", text)
        for name, dialect in DIALECTS.items():
            for pattern, weight in dialect.markers:
                scores[name] += weight * len(pattern.findall(text))
    order = list(DIALECTS)
    best = max(order, key=lambda n: (scores[n], -order.index(n)))
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], order.index(kv[0])))
    detail = ", ".join(f"{n}={s}" for n, s in ranked if s)
    explanation = (
        f"dialect {best!r} detected from the notations in the pages ({detail or 'no markers'}); "
        f"set `dialect` in [tool.mdcodegen] or pass --dialect to choose another"
    )
    return Detection(DIALECTS[best], scores, explanation)


def get(name: str) -> Dialect:
    return DIALECTS[name]
