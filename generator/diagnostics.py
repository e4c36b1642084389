"""Diagnostics: one record type, one table of codes, one output format.

Every stage reports through a :class:`Reporter` instead of raising, so that one run
shows every problem of a spec at once (like ruff), and the CLI decides the exit code
from the severities.  The format is `path:line:col: error|warning: message [CODE]`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Code:
    code: str
    severity: str
    slug: str
    summary: str


# The single table of codes.  E* are errors by default, W* warnings; both can be
# re-graded or ignored per code in config.
CODES: dict[str, Code] = {
    c.code: c
    for c in (
        Code("E001", ERROR, "unreadable-page", "a page cannot be read"),
        Code("E002", ERROR, "not-utf8", "a page is not valid UTF-8"),
        Code(
            "E003",
            ERROR,
            "outside-spec",
            "a path leaves the spec folder or is a symlink",
        ),
        Code(
            "E010",
            ERROR,
            "malformed-table",
            "a table does not have the expected columns",
        ),
        Code("E011", ERROR, "missing-heading", "a page has no `# Name` heading"),
        Code(
            "E012",
            ERROR,
            "unknown-page-kind",
            "a page is neither object, enum nor union",
        ),
        Code("E013", ERROR, "bad-enum-value", "an enum value cannot be read"),
        Code("E014", ERROR, "no-models", "the spec folder holds no model page"),
        Code(
            "E020",
            ERROR,
            "unknown-notation",
            "a type cell uses a notation the dialect does not know",
        ),
        Code("E030", ERROR, "dangling-link", "a link names no page of the spec"),
        Code(
            "E031",
            ERROR,
            "duplicate-model",
            "two pages of one namespace share a heading",
        ),
        Code(
            "E032",
            ERROR,
            "ambiguous-link",
            "a link matches several pages and the namespace cannot decide",
        ),
        Code("E033", ERROR, "not-a-type", "a link names a page that is not a model"),
        Code("E040", ERROR, "bad-override", "an overrides entry cannot be applied"),
        Code("E050", ERROR, "config", "a configuration value is invalid"),
        Code("W101", WARNING, "empty-union", "a union page lists no members"),
        Code("W102", WARNING, "lossy-date", "a date field shows no nullability marker"),
        Code(
            "W103",
            WARNING,
            "external-type",
            "an SDK type that is not a model maps to Any",
        ),
        Code("W104", WARNING, "mojibake", "text was repaired"),
        Code("W105", WARNING, "suffix-link", "a link was resolved by its path suffix"),
        Code(
            "W106",
            WARNING,
            "guessed-wire-name",
            "a JSON name was recovered by a rule, not evidence",
        ),
        Code(
            "W107",
            WARNING,
            "ambiguous-union",
            "a union's members cannot always be told apart",
        ),
        Code(
            "W108",
            WARNING,
            "deprecated-reference",
            "a deprecated model is still referenced",
        ),
        Code(
            "W109",
            WARNING,
            "evidence-conflict",
            "evidence disagrees with the docs or itself",
        ),
        Code(
            "W110",
            WARNING,
            "renamed",
            "a name was changed to be a valid Python identifier",
        ),
        Code(
            "W111",
            WARNING,
            "date-decision",
            "a date type's wire format was decided from evidence",
        ),
        Code(
            "W112",
            WARNING,
            "union-conflict",
            "two links give one union page different members",
        ),
        Code(
            "W113", WARNING, "skipped-path", "a path under the spec folder was skipped"
        ),
        Code("W114", WARNING, "dialect", "how the dialect was chosen"),
        Code("W115", WARNING, "override-applied", "an overrides entry changed a field"),
    )
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    col: int
    code: str
    message: str
    severity: str = ""

    def render(self, cwd: str | None = None) -> str:
        return (
            f"{display_path(self.path, cwd)}:{self.line}:{self.col}: "
            f"{self.severity}: {self.message} [{self.code}]"
        )

    def as_json(self, cwd: str | None = None) -> dict[str, object]:
        return {
            "path": display_path(self.path, cwd),
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "code": self.code,
            "name": CODES[self.code].slug if self.code in CODES else "",
            "message": self.message,
        }


def display_path(path: str, cwd: str | None = None) -> str:
    """Paths relative to the current directory, as the contract asks."""
    if not path or not os.path.isabs(path):
        return path
    try:
        return os.path.relpath(path, cwd or os.getcwd())
    except ValueError:  # another drive on Windows
        return path


@dataclass
class Policy:
    """Per-code severity changes and ignores, from config and flags."""

    severity: dict[str, str] = field(default_factory=dict)
    ignore: frozenset[str] = frozenset()
    warnings_as_errors: bool = False

    def grade(self, code: str) -> str | None:
        if code in self.ignore or "*" in self.ignore:
            return None
        sev = self.severity.get(code) or CODES[code].severity
        if sev == "ignore":
            return None
        if sev == WARNING and self.warnings_as_errors:
            return ERROR
        return sev


class Reporter:
    """Collects diagnostics; stages call :meth:`report` with a location."""

    def __init__(self, root: str = "", policy: Policy | None = None) -> None:
        self.root = root  # absolute spec root; diagnostics store absolute paths
        self.policy = policy or Policy()
        self._seen: set[Diagnostic] = set()
        self.items: list[Diagnostic] = []

    def report(
        self, code: str, message: str, path: str = "", line: int = 1, col: int = 1
    ) -> None:
        severity = self.policy.grade(code)
        if severity is None:
            return
        full = os.path.join(self.root, path) if path else self.root
        diag = Diagnostic(full, line, col, code, message, severity)
        if diag not in self._seen:
            self._seen.add(diag)
            self.items.append(diag)

    def extend(self, diags: Iterable[Diagnostic]) -> None:
        for d in diags:
            if d not in self._seen:
                self._seen.add(d)
                self.items.append(d)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == ERROR]

    @property
    def has_errors(self) -> bool:
        return any(d.severity == ERROR for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items)


def render_json(diags: Iterable[Diagnostic], cwd: str | None = None) -> str:
    return json.dumps([d.as_json(cwd) for d in diags], indent=2, ensure_ascii=False)
