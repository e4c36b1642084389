"""Settings: `[tool.mdcodegen]` in the nearest pyproject.toml, then flags.

Like black, the project file is found by walking up from the working directory
(or from the spec folder given on the command line); paths in it are relative to
its folder.  Keys use dashes or underscores interchangeably.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, fields, replace
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class Settings:
    spec: str | None = None
    output: str | None = None
    package: str | None = None
    dialect: str = "auto"
    include: tuple[str, ...] = ("**/*.md",)
    exclude: tuple[str, ...] = ()
    overrides: str | None = (
        None  # path; default: mdcodegen-overrides.toml in the spec folder
    )
    open_enums: bool = False  # every enum admits values it does not list
    keep_unknown: bool = (
        False  # keep undocumented keys on instances and write them back
    )
    keep_wire_names: bool = (
        False  # attribute names = JSON names where valid identifiers
    )
    line_length: int = 88
    required_version: str | None = None
    severity: dict[str, str] = field(
        default_factory=dict
    )  # code -> error|warning|ignore
    ignore: tuple[str, ...] = ()
    warnings_as_errors: bool = False
    cache: bool = True
    jobs: int | None = None
    config_path: str | None = None  # the pyproject.toml these came from


_BOOL_KEYS = {
    "open_enums",
    "keep_unknown",
    "keep_wire_names",
    "warnings_as_errors",
    "cache",
}
_PATH_KEYS = {"spec", "output", "overrides"}
_LIST_KEYS = {"include", "exclude", "ignore"}


def find_project_file(start: str) -> str | None:
    """The nearest pyproject.toml at or above ``start`` that has [tool.mdcodegen]."""
    here = os.path.abspath(start)
    while True:
        candidate = os.path.join(here, "pyproject.toml")
        if os.path.isfile(candidate):
            try:
                with open(candidate, "rb") as fh:
                    data = tomllib.load(fh)
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(f"{candidate}: {exc}") from None
            if "mdcodegen" in data.get("tool", {}):
                return candidate
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def load(path: str) -> Settings:
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    raw = data.get("tool", {}).get("mdcodegen", {})
    base = os.path.dirname(os.path.abspath(path))
    known = {f.name for f in fields(Settings)} - {"config_path"}
    values: dict[str, Any] = {"config_path": path}
    for key, value in raw.items():
        name = key.replace("-", "_")
        if name not in known:
            raise ConfigError(f"{path}: unknown key {key!r} in [tool.mdcodegen]")
        values[name] = _coerce(path, key, name, value, base)
    return Settings(**values)


def _coerce(path: str, key: str, name: str, value: Any, base: str) -> Any:
    def bad(expected: str) -> ConfigError:
        return ConfigError(
            f"{path}: [tool.mdcodegen] {key} must be {expected}, not {value!r}"
        )

    if name in _BOOL_KEYS:
        if not isinstance(value, bool):
            raise bad("true or false")
        return value
    if name in _PATH_KEYS:
        if not isinstance(value, str):
            raise bad("a path")
        return os.path.normpath(os.path.join(base, value))
    if name in _LIST_KEYS:
        if isinstance(value, str):
            value = [value]
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise bad("a list of strings")
        return tuple(value)
    if name in ("line_length", "jobs"):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise bad("a positive integer")
        return value
    if name == "severity":
        if not isinstance(value, dict) or not all(
            isinstance(v, str) and v in ("error", "warning", "ignore")
            for v in value.values()
        ):
            raise bad('a table of CODE = "error" | "warning" | "ignore"')
        return dict(value)
    if not isinstance(value, str):
        raise bad("a string")
    return value


def resolve(cwd: str, overrides: dict[str, Any], start: str | None = None) -> Settings:
    """Settings from the nearest project file, then the non-None flag values."""
    project = find_project_file(start or cwd)
    settings = load(project) if project else Settings()
    given = {k: v for k, v in overrides.items() if v is not None and v != ()}
    for k in ("spec", "output", "overrides"):
        if k in given:
            given[k] = os.path.abspath(os.path.join(cwd, given[k]))
    if "severity" in given:  # per code: a flag re-grades a code, the others stay
        given["severity"] = {**settings.severity, **given["severity"]}
    return replace(settings, **given)
