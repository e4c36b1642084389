"""Speakeasy's Ruby docs in its 2026 Crystalline notation
(`Crystalline::Nilable.new(::String)`, `Crystalline::Array<X>`).

No public sample exists yet: the notation is read as described by the generator's
release notes, with the test pages in ``tests/dialect_pages/ruby-crystalline``.
Both spellings of the constructors are accepted, generic brackets
(`Crystalline::Array<X>`, `Crystalline::Hash[Symbol, X]`) and calls
(`Crystalline::Array.new(X)`).  Everything else is the Sorbet dialect's, and so are
its notes: `Nilable` on an optional field reads as both null and absent; `[Date](...)`
is a :class:`Temporal`; field names are snake_case and may have lost a camelCase
JSON spelling.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..ir import Primitive
from . import ruby_sorbet
from .grammar import Ctor

_CTORS = {
    "Crystalline::Nilable": Ctor("nullable"),
    "Crystalline::Array": Ctor("list"),
    "Crystalline::Hash": Ctor("map", 2, 2),
    "Crystalline::Union": Ctor("union", 1, 64),
}

GRAMMAR = replace(
    ruby_sorbet.GRAMMAR,
    primitives={
        **ruby_sorbet.GRAMMAR.primitives,
        "Crystalline::Boolean.new": Primitive("boolean"),
        "Crystalline::Boolean": Primitive("boolean"),
    },
    constructors={
        **ruby_sorbet.GRAMMAR.constructors,
        **_CTORS,
        **{f"{name}.new": ctor for name, ctor in _CTORS.items()},
    },
)

DIALECT = replace(
    ruby_sorbet.DIALECT,
    name="ruby-crystalline",
    grammar=GRAMMAR,
    markers=(
        (re.compile(r"Crystalline::(?:Nilable|Array|Hash|Union|Boolean)"), 3),
        (ruby_sorbet.RUBY_NAMES, 1),
    ),
)
