"""Jinja2 rendering of the generated package.

Templates live in the repository's top-level ``templates/`` folder and ship inside
the wheel as ``generator/templates``.  The environment prints nothing but
:class:`~generator.emit.literals.Code` values: a template that tried to print raw
spec text would fail at generation time instead of emitting it.
"""

from __future__ import annotations

import functools
import os
from typing import Any

import jinja2

from .literals import Code
from .templates_dir import templates_dir as _templates_dir


def _only_code(value: Any) -> Any:
    if isinstance(value, (Code, bool)) or type(value) is int:
        return value
    raise TypeError(
        f"template printed a {type(value).__name__} that did not go through "
        f"generator.emit.literals: {str(value)[:60]!r}"
    )


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(_templates_dir()),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        finalize=_only_code,
    )


def render(template: str, context: dict[str, object]) -> str:
    return environment().get_template(template).render(**context)


def template_digest() -> str:
    """A digest of every template, part of the cache key of rendered output."""
    import hashlib

    h = hashlib.sha256()
    root = _templates_dir()
    for name in sorted(os.listdir(root)):
        if name.endswith(".j2"):
            h.update(name.encode())
            with open(os.path.join(root, name), "rb") as fh:
                h.update(fh.read())
    return h.hexdigest()
