"""`mdcodegen evidence`: turn example payloads and other docs into overrides.

The file keeps entries someone wrote by hand (any entry whose `reason` does not
start with "evidence:"); derived entries are replaced on each run, and a hand
written entry wins over a derived one for the same key.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, replace

from ..config import Settings
from ..diagnostics import Policy, Reporter
from ..ir import Model
from ..pipeline import build_ir, overrides_path, read_pages
from .derive import Entry, derive, render_toml
from .observe import observe
from .payloads import Example, field_examples, page_examples

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PREFIX = "evidence: "
HEADER = """\
# Overrides for mdcodegen: corrections to what the docs in this folder say.
#
# Entries whose reason starts with "evidence:" were derived by `mdcodegen evidence`
# from example payloads and from other docs of the same API, and are rewritten by
# it; other entries are kept as written (and win over a derived entry).
# See `generator/evidence/derive.py` for what counts as evidence.
"""


@dataclass
class EvidenceResult:
    text: str
    entries: int
    examples: int
    unmatched: int
    derived: dict[str, Entry]


def _examples_of(
    settings: Settings, models: list[Model], label: str = ""
) -> list[Example]:
    """The examples of a docs folder; sources are prefixed with ``label`` (the
    folder's name) for another dialect's docs, so that reasons say where."""
    from ..parse.page import parse_page

    assert settings.spec is not None
    reporter = Reporter(
        os.path.abspath(settings.spec), Policy(ignore=frozenset({"*"}))
    )  # reported by lint
    out: list[Example] = []
    for page in read_pages(settings, reporter):
        for ex in page_examples(parse_page(page.path, page.text)):
            out.append(replace(ex, source=label + ex.source) if label else ex)
    out.extend(field_examples(models))
    return out


def _quiet(settings: Settings) -> Settings:
    return replace(settings, ignore=tuple(sorted(set(settings.ignore) | {"*"})))


def run_evidence(settings: Settings, sources: list[str]) -> EvidenceResult:
    assert settings.spec is not None
    # Both sides unsettled: what the notation says, not what lossy.py decided.
    ours = build_ir(_quiet(settings), apply_overrides=False, decide_lossy=False)
    examples = _examples_of(settings, ours.models)
    others: list[tuple[str, list[Model]]] = []
    for src in sources:
        other_settings = Settings(
            spec=os.path.abspath(src), dialect="auto", include=settings.include
        )
        other = build_ir(
            _quiet(other_settings), apply_overrides=False, decide_lossy=False
        )
        others.append(
            (
                f"{other.dialect.name} ({os.path.basename(os.path.normpath(src))})",
                other.models,
            )
        )
        # Their pages' examples are matched to our models by heading; their Example
        # column values are typed in their IR, not ours, and are left out.
        examples.extend(
            _examples_of(
                other_settings, [], os.path.basename(os.path.normpath(src)) + "/"
            )
        )
    obs = observe(ours.models, examples)
    derived = derive(ours.models, obs, others)
    for entry in derived.values():
        entry.reasons = [PREFIX + "; ".join(entry.reasons)]
    merged = _merge(overrides_path(settings), derived)
    return EvidenceResult(
        render_toml(merged, HEADER),
        len(merged),
        obs.examples,
        len(obs.unmatched),
        derived,
    )


def _merge(path: str, derived: dict[str, Entry]) -> dict[str, Entry]:
    manual: dict[str, Entry] = {}
    try:
        with open(path, "rb") as fh:
            existing = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        existing = {}
    for key, values in existing.items():
        if not isinstance(values, dict):
            continue
        reason = str(values.get("reason", ""))
        if reason.startswith(PREFIX):
            continue
        entry = Entry(
            {k: v for k, v in values.items() if k != "reason"},
            [reason] if reason else [],
        )
        manual[key] = entry
    out = dict(derived)
    out.update(manual)
    return dict(sorted(out.items()))
