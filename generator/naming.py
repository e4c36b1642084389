"""Python names for models, modules, attributes and enum members.

Everything a spec names becomes an ASCII identifier here, before any code is
written, so that no later stage ever puts spec text into code as a name.  All
renames are deterministic: collisions are settled in page order, then field order.
"""

from __future__ import annotations

import functools
import keyword
import posixpath
import re
import unicodedata

from .diagnostics import Reporter
from .ir import EnumModel, EnumValue, Field, Model, ObjectModel, evolve

# Names the generated package itself defines at the top level.
PACKAGE_NAMES = frozenset(
    {"UNSET", "Unset", "DecodeError", "decode", "encode", "models"}
)
# Names a model module uses for its own machinery and annotations: an attribute
# with one of these names would shadow them inside the class body for mypy.
MODULE_NAMES = frozenset(
    {
        "Any", "Literal", "TypeAlias", "dataclass", "field", "datetime", "date", "enum",
        "Enum", "UNSET", "Unset", "str", "int", "float", "bool", "list", "dict", "type",
        "object", "bytes", "None", "True", "False",
    }
)  # fmt: skip
GENERATED_METHODS = frozenset({"from_dict", "to_dict", "from_json", "to_json"})
# Every other name generated code reads besides the package's classes: the
# builtins and imports of a model module, the package __init__'s imports, and
# the locals of `_decode`/`_encode`/helpers.  A class with one of these names
# shadows it (issue 6: a model headed `str` failed every string field, `dict`
# every map, `d` or `o` broke `_decode` itself, `Any` or `importlib` was hidden
# behind the __init__'s import of the same name).
CODE_NAMES = MODULE_NAMES | frozenset(
    {
        "frozenset",
        "TYPE_CHECKING",
        "annotations",
        "importlib",
        "d",
        "o",
        "r",
        "v",
        "y",
        "k",
        "m",
    }
)
_CODE_LOCAL = re.compile(r"[xk][0-9]+")
# Module file names that Windows refuses, whatever the extension.
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(10)}
    | {f"lpt{i}" for i in range(10)}
)
MODULE_RESERVED = frozenset({"__init__", "__main__", "_runtime"}) | WINDOWS_RESERVED
MAX_NAME = 100  # keeps file paths well under every platform's limit


@functools.cache
def ascii_fold(text: str) -> str:
    """`Café` -> `Cafe`; characters with no ASCII form are dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii")


# `(?<![A-Z])`: tried once per run of capitals, not at each of them (issue 6:
# quadratic, a 100,000-capital name took minutes); the same splits.
_ACRONYM_END = re.compile(r"(?<![A-Z])([A-Z]+)([A-Z][a-z])")
_HUMP = re.compile(r"([a-z0-9])([A-Z])")
_NON_ALNUM = re.compile(r"[^A-Za-z0-9]+")


def _words(text: str) -> list[str]:
    text = ascii_fold(text)
    # Split camelCase and PascalCase humps, keeping acronyms together (HTTPResponse).
    text = _ACRONYM_END.sub(r"\1_\2", text)
    text = _HUMP.sub(r"\1_\2", text)
    return [w for w in _NON_ALNUM.split(text) if w]


_SNAKE = re.compile(r"_?[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


@functools.cache
def snake_case(text: str) -> str:
    if _SNAKE.fullmatch(text):
        return text  # already snake_case: most JSON names
    lead = "_" if text.startswith("_") and not text.startswith("__") else ""
    return lead + "_".join(w.lower() for w in _words(text))


def is_safe_identifier(name: str) -> bool:
    return (
        name.isascii()
        and name.isidentifier()
        and not keyword.iskeyword(name)
        and not (name.startswith("__") and name.endswith("__"))
    )


@functools.cache
def class_name(heading: str) -> str:
    """A valid class name for a heading; the heading itself whenever it is one."""
    if (
        is_safe_identifier(heading)
        and heading not in PACKAGE_NAMES
        and not heading.startswith("_")
        and not _shadows_code(heading[:MAX_NAME])
    ):
        return heading[:MAX_NAME]
    words = _words(heading)
    name = "".join(w[:1].upper() + w[1:] for w in words) or "Model"
    if name[0].isdigit():
        name = "M" + name
    if (
        keyword.iskeyword(name)
        or name in PACKAGE_NAMES
        or _shadows_code(name[:MAX_NAME])
    ):
        name += "_"
    return name[:MAX_NAME]


def _shadows_code(name: str) -> bool:
    return name in CODE_NAMES or bool(_CODE_LOCAL.fullmatch(name))


@functools.cache
def attribute_name(name: str, keep_wire: bool = False) -> str:
    if keep_wire and is_safe_identifier(name) and not name.startswith("__"):
        base = name
    else:
        base = snake_case(name) or "field"
    if base[0].isdigit():
        base = "field_" + base
    if (
        keyword.iskeyword(base)
        or keyword.issoftkeyword(base)
        or base in MODULE_NAMES
        or base in GENERATED_METHODS
        or base.startswith("_mdc")
        or base in ("additional_properties",)
    ):
        base += "_"
    return base[:MAX_NAME]


@functools.cache
def enum_member_name(name: str) -> str:
    base = "_".join(w.upper() for w in _words(name)) or "EMPTY"
    if base[0].isdigit():
        base = "V_" + base
    return base[:MAX_NAME]


@functools.cache
def module_name(py_name: str) -> str:
    base = snake_case(py_name).lstrip("_") or "model"
    if base[0].isdigit():
        base = "m_" + base
    if keyword.iskeyword(base) or base in MODULE_RESERVED or base in PACKAGE_NAMES:
        base += "_"
    return base[:MAX_NAME]


def _unique(name: str, taken: set[str], fold: bool = False) -> str:
    """``name``, or ``name_2``, ``name_3``...: the first not in ``taken``.

    With ``fold``, names differing only in case collide (file names on macOS and
    Windows).
    """
    key = name.lower() if fold else name
    if key not in taken:
        taken.add(key)
        return name
    i = 2
    while True:
        candidate = f"{name}_{i}"
        key = candidate.lower() if fold else candidate
        if key not in taken:
            taken.add(key)
            return candidate
        i += 1


def _folder_prefix(page: str) -> str:
    folder = posixpath.basename(posixpath.dirname(page))
    return "".join(w[:1].upper() + w[1:] for w in _words(folder))


def name_models(
    models: list[Model],
    reporter: Reporter,
    primary_folders: tuple[str, ...],
    keep_wire: bool = False,
) -> list[Model]:
    """Assign ``py_name`` and ``module`` to every model, and attribute names to fields."""
    by_heading: dict[str, list[Model]] = {}
    for m in models:
        by_heading.setdefault(m.name, []).append(m)

    taken_classes: set[str] = set()
    taken_modules: set[str] = set()
    out: list[Model] = []
    for m in sorted(models, key=lambda m: m.page):
        base = class_name(m.name)
        twins = by_heading[m.name]
        folder = posixpath.basename(posixpath.dirname(m.page)).lower()
        if len(twins) > 1 and folder not in primary_folders:
            # Same heading in several folders: the primary folder's page keeps the
            # plain name, the others are prefixed with their folder.
            base = class_name(_folder_prefix(m.page) + base)
        py_name = _unique(base, taken_classes)
        if py_name != m.name:
            reporter.report(
                "W110",
                f"model {m.name!r} is exported as {py_name!r}"
                + (" (another page has the same heading)" if len(twins) > 1 else ""),
                m.loc.path,
                m.loc.line,
                m.loc.col,
            )
        module = _unique(module_name(py_name), taken_modules, fold=True)
        out.append(evolve(m, py_name=py_name, module=module))
    # Fields are named once every class name is known: annotations in a class
    # body are resolved in the class's scope, so an attribute named like a class
    # (`status: status`, `other: status` -- issue 6) hides that class from the
    # annotations after it (mypy: "not valid as a type").
    classes = frozenset(taken_classes)
    for i, m in enumerate(out):
        if isinstance(m, ObjectModel):
            out[i] = evolve(m, fields=_name_fields(m.fields, keep_wire, classes))
        elif isinstance(m, EnumModel):
            out[i] = evolve(m, values=_name_values(m.values))
    return out


def _name_fields(
    fields: tuple[Field, ...], keep_wire: bool, classes: frozenset[str] = frozenset()
) -> tuple[Field, ...]:
    taken: set[str] = set()
    out = []
    for f in fields:
        attr = attribute_name(f.wire_name, keep_wire)
        if attr in classes:
            attr += "_"
        out.append(evolve(f, attr=_unique(attr, taken)))
    return tuple(out)


def _name_values(values: tuple[EnumValue, ...]) -> tuple[EnumValue, ...]:
    taken: set[str] = set()
    out = []
    seen_values: set[object] = set()
    for v in values:
        if v.value in seen_values:
            continue  # a repeated value would make an alias, not a member
        seen_values.add(v.value)
        out.append(evolve(v, name=_unique(enum_member_name(v.name), taken)))
    return tuple(out)


__all__ = ["attribute_name", "class_name", "name_models", "snake_case"]
