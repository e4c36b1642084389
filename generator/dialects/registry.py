"""The known dialects, and detection of a spec folder's dialect from its notations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from . import ruby_sorbet
from .base import Dialect

DIALECTS: dict[str, Dialect] = {d.name: d for d in (ruby_sorbet.DIALECT,)}


def register(dialect: Dialect) -> None:
    DIALECTS[dialect.name] = dialect


@dataclass(frozen=True)
class Detection:
    dialect: Dialect
    scores: dict[str, int]
    explanation: str


def detect(texts: Iterable[str]) -> Detection:
    """Score every dialect's marker patterns over the pages; the highest wins.

    Ties go to the dialect registered first, so the result never depends on the
    order in which pages were read.
    """
    scores = {name: 0 for name in DIALECTS}
    for text in texts:
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
