"""Evidence -> overrides: the policy, in one place.

Docs lose information (Ruby's date fields show no nullability, constants become
plain strings, open enums look closed).  `mdcodegen evidence` reads example
payloads (this spec's own and other docs') and other dialects' docs of the same
API, and writes what they prove into the overrides file, each entry with its
reason.  `generate` then reads only the spec folder and that file.

What counts as proof, strongest first:

* a value in an example payload: a `null` makes the field nullable; date-times
  where the docs say date (or dates where they say date-time) set the type,
  because the examples show what the API sends; an enum value the docs do not
  list makes the enum open;
* another dialect's notation, where it can say more: a constant (`"TEXT"`), an
  open enum, nullability, a reference where these docs only say "any";
* a required field that the other docs do not require and some example lacks:
  optional (the docs drifted apart between releases).

Nothing is derived from the absence of evidence; fields no example shows stay
as the docs say.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..ir import (
    EnumModel,
    Field,
    ListOf,
    Literal,
    MapOf,
    Model,
    Nullable,
    ObjectModel,
    Primitive,
    Ref,
    Temporal,
    TypeExpr,
    UnionModel,
    UnionOf,
)
from ..types import spell, walk
from .observe import Observations


@dataclass
class Entry:
    values: dict[str, Any] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)

    def set(self, key: str, value: Any, reason: str) -> None:
        self.values[key] = value
        if reason not in self.reasons:
            self.reasons.append(reason)


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _first(sources: list[str]) -> str:
    more = f" and {len(sources) - 1} more" if len(sources) > 1 else ""
    return f"{sources[0]}{more}"


def _scalars(t: TypeExpr) -> set[str]:
    """The scalar kinds in ``t``; an undecided date type is "temporal"."""
    return {
        n.kind if isinstance(n, Primitive) else "temporal"
        for n in walk(t)
        if isinstance(n, (Primitive, Temporal))
    }


def _is_vague(t: TypeExpr) -> bool:
    """`any`, or lists and maps of it: a type a reference would sharpen."""
    return not any(
        isinstance(n, (Ref, Literal, UnionOf)) for n in walk(t)
    ) and _scalars(t) <= {"any"}


def _translate(
    t: TypeExpr, theirs: dict[str, Model], ours_by_name: dict[str, Model]
) -> TypeExpr | None:
    """Their type in our pages' terms, or None when a model has no twin here."""
    if isinstance(t, Temporal):
        return None  # their date label is no better than ours
    if isinstance(t, Ref):
        m = theirs.get(t.page)
        twin = ours_by_name.get(_norm(m.name)) if m else None
        return Ref(twin.page) if twin else None
    if isinstance(t, (ListOf, MapOf, Nullable)):
        inner = (
            t.item
            if isinstance(t, ListOf)
            else t.value if isinstance(t, MapOf) else t.inner
        )
        got = _translate(inner, theirs, ours_by_name)
        if got is None:
            return None
        return type(t)(got)
    if isinstance(t, UnionOf):
        members = [_translate(m, theirs, ours_by_name) for m in t.members]
        if any(m is None for m in members):
            return None
        return UnionOf(tuple(m for m in members if m is not None))
    return t


def _spell_by_name(t: TypeExpr, ours: dict[str, Model]) -> str:
    """`spell`, with refs by heading so that the overrides file reads well."""
    text = spell(t)
    for page, m in ours.items():
        text = text.replace(f"ref<{page}>", f"ref<{m.name}>")
    return text


def derive(
    models: list[Model], obs: Observations, others: list[tuple[str, list[Model]]]
) -> dict[str, Entry]:
    entries: dict[str, Entry] = defaultdict(Entry)
    by_page = {m.page: m for m in models}
    ours_by_name = {_norm(m.name): m for m in models}

    for m in models:
        if isinstance(m, EnumModel) and not m.open:
            unknown = obs.models[m.page].unknown_values if m.page in obs.models else {}
            if unknown:
                value, source = sorted(unknown.items())[0]
                entries[m.name].set(
                    "open",
                    True,
                    f"example at {source} has the unlisted value {value!r}",
                )
        if not isinstance(m, ObjectModel):
            continue
        for f in m.fields:
            seen = obs.fields.get((m.page, f.wire_name))
            if seen is None:
                continue
            key = f"{m.name}.{f.wire_name}"
            if seen.nulls and f.nullable is not True:
                entries[key].set(
                    "nullable", True, f"example at {_first(seen.nulls)} is null"
                )
            kinds = _scalars(f.type)
            if kinds & {"date", "temporal"} and seen.datetimes:
                entries[key].set(
                    "type",
                    "datetime",
                    f"example at {_first(seen.datetimes)} is a date-time",
                )
            elif kinds & {"datetime", "temporal"} and seen.dates and not seen.datetimes:
                entries[key].set(
                    "type", "date", f"example at {_first(seen.dates)} is a plain date"
                )

    for label, theirs in others:
        their_pages = {m.page: m for m in theirs}
        for tm in theirs:
            ours = ours_by_name.get(_norm(tm.name))
            if ours is None:
                continue
            if isinstance(tm, EnumModel) and isinstance(ours, EnumModel):
                if tm.open and not ours.open:
                    entries[ours.name].set(
                        "open", True, f"the {label} docs mark this enum open"
                    )
                continue
            if isinstance(tm, UnionModel) and isinstance(ours, UnionModel):
                _compare_union(
                    ours, tm, label, entries, their_pages, ours_by_name, by_page
                )
                continue
            if not (isinstance(tm, ObjectModel) and isinstance(ours, ObjectModel)):
                continue
            their_fields = {_norm(f.wire_name): f for f in tm.fields}
            shared = sum(1 for f in ours.fields if _norm(f.wire_name) in their_fields)
            if 2 * shared < max(len(ours.fields), len(tm.fields)):
                continue  # the same name for another model (an SDK's own wrapper)
            for f in ours.fields:
                tf = their_fields.get(_norm(f.wire_name))
                key = f"{ours.name}.{f.wire_name}"
                seen = obs.fields.get((ours.page, f.wire_name))
                if tf is None or (not tf.required and f.required):
                    # Some payload without the key, and docs that do not require it:
                    # optional is the reading under which every payload decodes.
                    absent = bool(seen and seen.absent)
                    if f.required and absent:
                        why = "do not list it" if tf is None else "mark it optional"
                        entries[key].set(
                            "optional",
                            True,
                            f"the {label} docs {why} and the example at {_first(seen.absent)} omits it",  # type: ignore[union-attr]
                        )
                    if tf is None:
                        continue
                _compare_field(
                    f, tf, key, label, entries, their_pages, ours_by_name, by_page
                )
    return {k: v for k, v in sorted(entries.items()) if v.values}


def _compare_union(
    ours: UnionModel,
    tm: UnionModel,
    label: str,
    entries: dict[str, Entry],
    theirs: dict[str, Model],
    ours_by_name: dict[str, Model],
    by_page: dict[str, Model],
) -> None:
    """Members these docs flatten to "any" that the other docs name precisely (a
    union that contains itself, say) take the other docs' members."""
    if not tm.members_known or not any(_is_vague(m) for m in ours.members):
        return
    translated = [_translate(m, theirs, ours_by_name) for m in tm.members]
    if any(t is None for t in translated) or len(translated) < len(ours.members):
        return
    spelled = [_spell_by_name(t, by_page) for t in translated if t is not None]
    if spelled != [_spell_by_name(m, by_page) for m in ours.members]:
        entries[ours.name].set(
            "members", spelled, f"the {label} docs give the members precise types"
        )


def _compare_field(
    f: Field,
    tf: Field,
    key: str,
    label: str,
    entries: dict[str, Entry],
    theirs: dict[str, Model],
    ours_by_name: dict[str, Model],
    ours: dict[str, Model],
) -> None:
    if (
        isinstance(tf.type, Literal)
        and tf.type.value is not None
        and not isinstance(f.type, Literal)
    ):
        if _scalars(f.type) <= {"string", "integer", "number", "boolean", "any"}:
            entries[key].set(
                "const",
                tf.type.value,
                f"the {label} docs say it is always {tf.type.value!r}",
            )
            return
    if tf.nullable is True and f.nullable is False:
        entries[key].set("nullable", True, f"the {label} docs mark it nullable")
    if _is_vague(f.type) and not _is_vague(tf.type):
        translated = _translate(tf.type, theirs, ours_by_name)
        if translated is not None:
            entries[key].set(
                "type",
                _spell_by_name(translated, ours),
                f"the {label} docs give it a precise type where these docs say any",
            )


def render_toml(entries: dict[str, Entry], header: str) -> str:
    """The overrides file: one table per entry, reasons as comments and `reason`."""
    out = [header.rstrip(), ""]
    for key, entry in entries.items():
        out.append(f"[{_toml_key(key)}]")
        for name, value in entry.values.items():
            out.append(f"{name} = {_toml_value(value)}")
        out.append(f"reason = {_toml_value('; '.join(entry.reasons))}")
        out.append("")
    return "\n".join(out)


def _toml_key(key: str) -> str:
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _toml_value(value: Any) -> str:
    import json

    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    # A TOML basic string has JSON's escapes.
    return json.dumps(str(value), ensure_ascii=False)
