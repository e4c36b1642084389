"""Where the templates are, without importing Jinja2 (the cache asks on every run)."""

from __future__ import annotations

import os


def templates_dir() -> str:
    """`generator/templates` in an installed wheel; the repository's top-level
    `templates/` in a source checkout (editable installs included)."""
    package_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    installed = os.path.join(package_dir, "templates")
    if os.path.isdir(installed):
        return installed
    return os.path.join(os.path.dirname(package_dir), "templates")
