"""What a regeneration changed in the package's API, and what of it breaks users.

The manifest of each generated package records the API (every export: its kind,
and its fields with their Python types, enum values or union members).  Comparing
the manifest on disk with the new one gives the report, without reading any code.

Breaking: a model or field removed, a field made required or added as required,
a field's type changed other than by widening it, an enum value removed, and a
model renamed (Speakeasy's numbered names, `Answer1..7`, shift between releases:
a removed model whose shape reappears under another name is reported as a rename).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import click

from .ir import EnumModel, Model, ObjectModel, UnionModel
from .output.writer import MANIFEST, Plan

API_KEY = "api"


def api_summary(
    models: list[Model], open_enums: bool = False
) -> dict[str, dict[str, Any]]:
    from .emit.codec import Scope

    by_page = {m.page: m for m in models}
    out: dict[str, dict[str, Any]] = {}
    for m in models:
        scope = Scope(by_page, m.page, open_enums=open_enums)
        if isinstance(m, ObjectModel):
            fields = {}
            for f in m.fields:
                ann = scope.annotation(f.type)
                if f.nullable:
                    ann += " | None"
                if not f.required:
                    ann += " | Unset"
                fields[f.attr] = ann
            out[m.py_name] = {"kind": "object", "page": m.page, "fields": fields}
        elif isinstance(m, EnumModel):
            out[m.py_name] = {
                "kind": "enum",
                "page": m.page,
                "values": [v.value for v in m.values],
            }
        elif isinstance(m, UnionModel):
            members = (
                [scope.annotation(t) for t in m.members] if m.members_known else ["Any"]
            )
            out[m.py_name] = {"kind": "union", "page": m.page, "members": members}
    return dict(sorted(out.items()))


@dataclass
class Change:
    model: str
    what: str  # added | removed | renamed | changed
    detail: str
    breaking: bool


@dataclass
class Report:
    changes: list[Change] = field(default_factory=list)

    @property
    def breaking(self) -> list[Change]:
        return [c for c in self.changes if c.breaking]

    def as_json(self) -> dict[str, Any]:
        return {
            "breaking": len(self.breaking),
            "changes": [c.__dict__ for c in self.changes],
        }


def _parts(annotation: str) -> set[str]:
    return {p.strip() for p in annotation.split("|")}


def _compare_fields(
    name: str, old: dict[str, str], new: dict[str, str]
) -> list[Change]:
    out = []
    for attr in sorted(set(old) - set(new)):
        out.append(Change(name, "changed", f"field {attr!r} removed", True))
    for attr in sorted(set(new) - set(old)):
        required = "Unset" not in _parts(new[attr])
        out.append(
            Change(name, "changed", f"field {attr!r} added ({new[attr]})", required)
        )
    for attr in sorted(set(old) & set(new)):
        if old[attr] != new[attr]:
            widened = _parts(old[attr]) < _parts(new[attr])
            out.append(
                Change(
                    name,
                    "changed",
                    f"field {attr!r}: {old[attr]} -> {new[attr]}"
                    + (" (widened)" if widened else ""),
                    not widened,
                )
            )
    return out


def _shape(entry: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in entry.items() if k != "page"}, sort_keys=True)


def compare(old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> Report:
    report = Report()
    removed = sorted(set(old) - set(new))
    added = sorted(set(new) - set(old))
    added_by_shape: dict[str, list[str]] = {}
    for name in added:
        added_by_shape.setdefault(_shape(new[name]), []).append(name)
    renamed_to: dict[str, str] = {}
    for name in removed:
        candidates = added_by_shape.get(_shape(old[name]), [])
        if candidates:
            renamed_to[name] = candidates.pop(0)
    for name in removed:
        if name in renamed_to:
            report.changes.append(
                Change(name, "renamed", f"now {renamed_to[name]}", True)
            )
        else:
            report.changes.append(
                Change(name, "removed", f"{old[name]['kind']} removed", True)
            )
    for name in added:
        if name not in renamed_to.values():
            report.changes.append(
                Change(name, "added", f"new {new[name]['kind']}", False)
            )
    for name in sorted(set(old) & set(new)):
        o, n = old[name], new[name]
        if o == n:
            continue
        if o["kind"] != n["kind"]:
            report.changes.append(
                Change(name, "changed", f"{o['kind']} -> {n['kind']}", True)
            )
        elif o["kind"] == "object":
            report.changes.extend(_compare_fields(name, o["fields"], n["fields"]))
        elif o["kind"] == "enum":
            gone = [v for v in o["values"] if v not in n["values"]]
            new_values = [v for v in n["values"] if v not in o["values"]]
            if gone:
                report.changes.append(
                    Change(name, "changed", f"values removed: {gone}", True)
                )
            if new_values:
                report.changes.append(
                    Change(name, "changed", f"values added: {new_values}", False)
                )
        elif o["members"] != n["members"]:
            widened = set(o["members"]) < set(n["members"])
            report.changes.append(
                Change(
                    name,
                    "changed",
                    f"members {o['members']} -> {n['members']}",
                    not widened,
                )
            )
    return report


def change_report(plan: Plan, new_api: dict[str, dict[str, Any]]) -> Report | None:
    """The report for a plan, or None when the old package has no API record."""
    raw = plan.old_files.get(MANIFEST)
    if raw is None:
        return None
    try:
        old_api = json.loads(raw).get(API_KEY)
    except (ValueError, RecursionError):
        return None
    if not isinstance(old_api, dict):
        return None
    return compare(old_api, new_api)


def print_report(report: Report | None) -> None:
    if report is None or not report.changes:
        return
    for c in report.changes:
        mark = "BREAKING " if c.breaking else ""
        click.echo(f"  {mark}{c.what}: {c.model}: {c.detail}", err=True)
    click.echo(
        f"{len(report.changes)} API change(s), {len(report.breaking)} breaking",
        err=True,
    )


def write_report(report: Report | None, path: str) -> None:
    data = (
        report.as_json()
        if report is not None
        else {"breaking": 0, "changes": [], "note": "no previous package"}
    )
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2, ensure_ascii=False)
        fh.write("\n")
