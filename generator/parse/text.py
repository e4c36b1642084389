"""Repairing the text of descriptions.

Docs pass through several tools on their way to a repository and some pages come
out double-encoded (`arenâ€™t` for `aren’t`).  ftfy is made for exactly this;
it is configured to undo mojibake only: typographic quotes, ligatures, widths and
Unicode normalisation are the author's choices and stay as written.
"""

from __future__ import annotations

import functools
from typing import Any


@functools.lru_cache(maxsize=1)
def _ftfy() -> tuple[Any, Any]:
    # Imported on first use: most pages are ASCII and never need it.
    import ftfy

    config = ftfy.TextFixerConfig(
        uncurl_quotes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        fix_line_breaks=False,
        normalization=None,
        explain=False,
    )
    return ftfy.fix_text, config


def repair(text: str) -> str:
    """The text with mojibake undone; ASCII text is returned as is, without a call."""
    if text.isascii():
        return text
    fix_text, config = _ftfy()
    return str(fix_text(text, config))


def repair_reporting(text: str) -> tuple[str, bool]:
    fixed = repair(text)
    return fixed, fixed != text


def normalise_description(text: str) -> str:
    """Speakeasy writes `N/A` for a field without a description."""
    stripped = text.strip()
    return "" if stripped in ("N/A", "-") else stripped
