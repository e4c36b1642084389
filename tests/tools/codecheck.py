"""What a generated package may contain, checked without trusting the generator.

The oracle of the hostile-input tests (``tests/test_injection.py``,
``tests/test_fuzz_*.py``): spec text must reach generated code only as data.

* :func:`source_problems`: the text itself -- no control, format (bidi),
  surrogate, private-use or line-separator characters, so what a reviewer sees
  is what Python runs; the first line is the one-line header comment.
* :func:`module_problems`: a model module's AST against a whitelist of what the
  templates emit -- top-level statements (imports of known modules, one class,
  `_decode`/`_encode`/`_dN` functions, the known assignments, `_r.bind(...)`),
  node types, callees, loaded names (machinery, the package's own classes and
  locals), stored names (never a dunder, never machinery).
* :func:`init_problems`: the same for the package's ``__init__.py``; its
  functions must be the template's, unchanged.
* :func:`package_problems`: every file of a package, plus file names (ASCII,
  no Windows reserved name, unique ignoring case), and the spec-independent
  files (``_runtime.py``, ``_locate.py``, ``models/__init__.py``) equal to a
  benign package's.

``tests/tools/import_probe.py`` is the dynamic half: it imports a package in a
fresh interpreter under an audit hook.
"""

from __future__ import annotations

import ast
import json
import keyword
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
FIXED_FILES = ("_runtime.py", "_locate.py", "models/__init__.py", "py.typed")
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)
MODULE_FILE = re.compile(r"models/([a-z_][a-z0-9_]*)\.py")

# Node types the templates produce in a model module (surveyed over the Kombo
# package and every sample corpus); anything else is not ours.
MODULE_NODES = frozenset(
    {
        "Module", "ImportFrom", "alias", "If", "Name", "Load", "Store", "ClassDef", "Call",
        "keyword", "Constant", "Attribute", "Expr", "AnnAssign", "BinOp", "BitOr", "Subscript",
        "Tuple", "FunctionDef", "arguments", "arg", "Assign", "Return", "IfExp", "BoolOp", "Or",
        "And", "Compare", "Is", "IsNot", "Eq", "NotEq", "NamedExpr", "ListComp", "DictComp",
        "comprehension", "Dict", "List", "Set", "Pass", "UnaryOp", "Not", "USub", "In", "NotIn",
    }
)  # fmt: skip
# Names a model module reads that are not its package's classes.
MACHINERY_LOADS = frozenset(
    {
        "field", "dataclass", "Any", "Literal", "TypeAlias", "TYPE_CHECKING", "date", "datetime",
        "Enum", "UNSET", "Unset", "_r", "_x", "str", "int", "float", "bool", "list", "dict",
        "type", "frozenset", "object", "d", "o", "r", "v", "y", "k", "m", "_decode", "_encode",
        "_BY_VALUE", "_MEMBERS", "_KNOWN", "__name__",
    }
)  # fmt: skip
# Names a class body reads while it runs (`field(default=UNSET, ...)`) or that
# mypy resolves in its annotations: an attribute with one of these names would
# shadow them for the lines after it (the package's class names too).
CLASS_BODY_NAMES = frozenset(
    {
        "field", "dataclass", "UNSET", "Unset", "Any", "Literal", "TypeAlias", "datetime", "date",
        "str", "int", "float", "bool", "list", "dict", "object", "type", "None", "True", "False",
        "from_dict", "to_dict", "from_json", "to_json",
    }
)  # fmt: skip
NUMBERED_LOAD = re.compile(r"_m\d+|_d\d+|_d\d+_members|x\d+|k\d+")
TOP_ASSIGNED = frozenset({"_SCHEMA", "_BY_VALUE", "_BASE", "_OPEN", "_KNOWN", "_MEMBERS"})
CALLEES = re.compile(
    r"field|dataclass|type|frozenset|dict|list|object\.__new__|_x|_decode|_encode|_d\d+"
    r"|_r\.[a-z_]\w*|_r\.Member|_m\d+\.(?:_decode|_encode|_BY_VALUE\.get)|_BY_VALUE\.get"
    r"|_MEMBERS\.extend|_d\d+_members\.extend|d\.get|v\.items|y\.items|x\d+\.items"
    r"|o\.[A-Za-z_]\w*\.items"
)
IMPORTS: dict[tuple[int, str], frozenset[str] | None] = {
    (0, "__future__"): frozenset({"annotations"}),
    (0, "dataclasses"): frozenset({"dataclass", "field"}),
    (0, "typing"): frozenset({"Any", "Literal", "TypeAlias", "TYPE_CHECKING"}),
    (0, "datetime"): frozenset({"date", "datetime"}),
    (0, "enum"): frozenset({"Enum"}),
    (2, "_runtime"): frozenset({"UNSET", "Unset", "miss as _x"}),
}


def dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return dotted(node.value) + "." + node.attr
    return f"<{type(node).__name__}>"




def source_problems(rel: str, src: str) -> list[str]:
    out = []
    bad = {ch for ch in set(src) if ch != "\n" and unicodedata.category(ch) in UNSAFE_CATEGORIES}
    if bad:
        i = min(src.index(ch) for ch in bad)
        line = src.count("\n", 0, i) + 1
        out.append(f"{rel}:{line}: raw {unicodedata.category(src[i])} character U+{ord(src[i]):04X} in the source")
    if rel.endswith(".py") and src:
        first = src.split("\n", 1)[0]
        if not first.startswith("# generated by mdcodegen "):
            out.append(f"{rel}:1: the first line is not the header comment: {first[:80]!r}")
    return out


def _sibling(a: ast.alias, modules: set[str]) -> bool:
    return a.name in modules and bool(a.asname and re.fullmatch(r"_m\d+", a.asname))


def _alias(a: ast.alias) -> str:
    return a.name + (f" as {a.asname}" if a.asname else "")


def module_problems(rel: str, src: str, classes: set[str], modules: set[str]) -> list[str]:
    """Problems of one model module; ``classes``/``modules``: the package's class
    and module names (what it may import from its siblings)."""
    try:
        tree = ast.parse(src)
    except SyntaxError as exc:
        return [f"{rel}: does not parse: {exc}"]
    bad: list[str] = []

    def problem(node: ast.AST, what: str) -> None:
        bad.append(f"{rel}:{getattr(node, 'lineno', 0)}: {what}")

    n_classes = 0
    allowed_globals: set[int] = set()  # the one `globals()` of the lazy imports
    for st in tree.body:
        if isinstance(st, ast.ImportFrom):
            key = (st.level, st.module or "")
            names = {_alias(a) for a in st.names}
            if key in IMPORTS:
                allowed = IMPORTS[key]
                if allowed is not None and not names <= allowed:
                    problem(st, f"imports {sorted(names - allowed)} from {key}")
            elif key == (2, ""):
                if names != {"_runtime as _r"}:
                    problem(st, f"imports {sorted(names)} from the package at run time")
            elif key == (1, ""):
                for a in st.names:
                    if not _sibling(a, modules):
                        problem(st, f"imports sibling {_alias(a)!r}")
            elif st.level == 1 and st.module in modules:
                for a in st.names:
                    if a.name not in classes or a.asname:
                        problem(st, f"imports {_alias(a)!r} from sibling {st.module}")
            else:
                problem(st, f"imports from {'.' * st.level}{st.module}")
        elif isinstance(st, ast.If):
            if not (isinstance(st.test, ast.Name) and st.test.id == "TYPE_CHECKING"):
                problem(st, "an `if` other than `if TYPE_CHECKING:`")
            for sub in st.body:
                if not (
                    isinstance(sub, ast.ImportFrom)
                    and sub.module is None
                    and (
                        (sub.level == 2 and all(a.name in classes and not a.asname for a in sub.names))
                        or (sub.level == 1 and all(_sibling(a, modules) for a in sub.names))
                    )
                ):
                    problem(sub, "`if TYPE_CHECKING:` holds more than imports of the package's classes")
            # `else: _r.lazy(globals(), {"_m1": "module", ...})`: siblings imported on first use
            for sub in st.orelse:
                call = sub.value if isinstance(sub, ast.Expr) else None
                if (
                    isinstance(call, ast.Call)
                    and dotted(call.func) == "_r.lazy"
                    and len(call.args) == 2
                    and not call.keywords
                    and isinstance(call.args[0], ast.Call)
                    and dotted(call.args[0].func) == "globals"
                    and not call.args[0].args
                    and isinstance(call.args[1], ast.Dict)
                    and all(
                        isinstance(k, ast.Constant) and re.fullmatch(r"_m\d+", str(k.value))
                        and isinstance(v, ast.Constant) and v.value in modules
                        for k, v in zip(call.args[1].keys, call.args[1].values)
                    )
                ):
                    allowed_globals.add(id(call.args[0]))
                    allowed_globals.add(id(call.args[0].func))
                else:
                    problem(sub, f"`else:` of `if TYPE_CHECKING:` holds {ast.unparse(sub)[:80]!r}")
        elif isinstance(st, ast.ClassDef):
            n_classes += 1
            bad.extend(_class_problems(rel, st, classes))
        elif isinstance(st, ast.FunctionDef):
            if not re.fullmatch(r"_decode|_encode|_d\d+", st.name) or st.decorator_list:
                problem(st, f"defines function {st.name!r}")
        elif isinstance(st, ast.Assign):
            targets = [dotted(t) for t in st.targets]
            if len(targets) != 1 or targets[0] not in TOP_ASSIGNED:
                problem(st, f"assigns {targets}")
        elif isinstance(st, ast.AnnAssign):
            target = dotted(st.target)
            if not (
                target in TOP_ASSIGNED
                or re.fullmatch(r"_d\d+_members", target)
                or (target in classes and dotted(st.annotation) == "TypeAlias")
            ):
                problem(st, f"annotated assignment to {target!r}")
        elif isinstance(st, ast.Expr):
            v = st.value
            if isinstance(v, ast.Constant) and isinstance(v.value, str):
                continue  # a union's docstring
            if not (isinstance(v, ast.Call) and dotted(v.func) == "_r.bind"):
                problem(st, f"top-level expression {ast.unparse(st)[:60]!r}")
        else:
            problem(st, f"top-level {type(st).__name__}")
    union_alias = any(
        isinstance(st, ast.AnnAssign) and dotted(st.annotation) == "TypeAlias" for st in tree.body
    )
    if n_classes + union_alias != 1:
        problem(tree, f"{n_classes} classes and {int(union_alias)} aliases (one model per module)")

    for node in ast.walk(tree):
        kind = type(node).__name__
        if kind not in MODULE_NODES:
            problem(node, f"node {kind} ({ast.unparse(node)[:60]!r})")
        if isinstance(node, ast.Call):
            name = dotted(node.func)
            if not CALLEES.fullmatch(name) and id(node) not in allowed_globals:
                problem(node, f"calls {name!r}")
        elif isinstance(node, ast.Name):
            if not (node.id.isascii() and node.id.isidentifier()):
                problem(node, f"non-ASCII name {node.id!r}")
            elif isinstance(node.ctx, ast.Load) and id(node) not in allowed_globals:
                if not (
                    node.id in MACHINERY_LOADS or node.id in classes or NUMBERED_LOAD.fullmatch(node.id)
                ):
                    problem(node, f"reads name {node.id!r}")
        elif isinstance(node, ast.Attribute):
            if not node.attr.isascii():
                problem(node, f"non-ASCII attribute {node.attr!r}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, float):
            if node.value != node.value or node.value in (float("inf"), float("-inf")):
                problem(node, "a non-finite float constant")
        elif isinstance(node, ast.FunctionDef):
            for a in node.args.args:
                if a.arg not in ("d", "o", "v"):
                    problem(node, f"parameter {a.arg!r}")
    return bad


def _class_problems(rel: str, cls: ast.ClassDef, classes: set[str]) -> list[str]:
    bad: list[str] = []

    def problem(node: ast.AST, what: str) -> None:
        bad.append(f"{rel}:{getattr(node, 'lineno', 0)}: class {cls.name}: {what}")

    decorators = [ast.unparse(d) for d in cls.decorator_list]
    bases = [ast.unparse(b) for b in cls.bases]
    if (decorators, bases) not in (
        (["dataclass(slots=True, kw_only=True)"], ["_r.Model"]),
        ([], ["str", "Enum"]),
        ([], ["int", "Enum"]),
    ) or cls.keywords:
        problem(cls, f"decorators {decorators}, bases {bases}")
    is_enum = not decorators
    for i, st in enumerate(cls.body):
        if isinstance(st, ast.Expr) and isinstance(st.value, ast.Constant) and isinstance(st.value.value, str):
            continue  # the class's or a field's docstring
        if isinstance(st, ast.Pass):
            continue
        if not is_enum and isinstance(st, ast.AnnAssign) and isinstance(st.target, ast.Name):
            name = st.target.id
            if st.value is not None and not (
                isinstance(st.value, ast.Call) and dotted(st.value.func) == "field"
            ):
                problem(st, f"field {name!r} has value {ast.unparse(st.value)[:60]!r}")
        elif is_enum and isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name):
            name = st.targets[0].id
            value = st.value
            if isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.USub):
                value = value.operand
            if not isinstance(value, ast.Constant) or not isinstance(value.value, (str, int)):
                problem(st, f"member {name!r} is not a literal")
            if not re.fullmatch(r"[A-Z][A-Z0-9_]*", name):
                problem(st, f"member name {name!r} (Enum reserves _sunder_ names)")
        else:
            problem(st, f"statement {ast.unparse(st)[:60]!r}")
            continue
        if re.fullmatch(r"__\w*[^_\W]\w*", name) or keyword.iskeyword(name):
            problem(st, f"defines {name!r}")
        elif not is_enum and (name in CLASS_BODY_NAMES or name in classes):
            problem(st, f"defines {name!r}")  # an enum's body reads no name: members may be `UNSET`
    return bad


INIT_ASSIGNED = frozenset({"__all__", "_MODULES", "_HEADINGS"})
INIT_FUNCTIONS = frozenset({"__getattr__", "__dir__", "_resolve_name"})


def init_problems(src: str, classes: set[str], modules: set[str], baseline: str | None) -> list[str]:
    rel = "__init__.py"
    try:
        tree = ast.parse(src)
    except SyntaxError as exc:
        return [f"{rel}: does not parse: {exc}"]
    bad: list[str] = []

    def problem(node: ast.AST, what: str) -> None:
        bad.append(f"{rel}:{getattr(node, 'lineno', 0)}: {what}")

    functions = {}
    for i, st in enumerate(tree.body):
        if i == 0 and isinstance(st, ast.Expr) and isinstance(st.value, ast.Constant):
            continue
        if isinstance(st, ast.Import):
            if [_alias(a) for a in st.names] != ["importlib"]:
                problem(st, f"imports {[_alias(a) for a in st.names]}")
        elif isinstance(st, ast.ImportFrom):
            ok = {
                (0, "__future__"): {"annotations"},
                (0, "typing"): {"TYPE_CHECKING", "Any"},
                (1, "_runtime"): {"UNSET", "DecodeError", "Unset", "decode", "encode"},
            }.get((st.level, st.module or ""))
            if ok is None or not {_alias(a) for a in st.names} <= ok:
                problem(st, f"imports from {'.' * st.level}{st.module}")
        elif isinstance(st, ast.If):
            if ast.unparse(st.test) != "TYPE_CHECKING" or st.orelse:
                problem(st, "an `if` other than `if TYPE_CHECKING:`")
            for sub in st.body:
                mod = (sub.module or "") if isinstance(sub, ast.ImportFrom) else ""
                if not (
                    isinstance(sub, ast.ImportFrom)
                    and sub.level == 1
                    and mod.startswith("models.")
                    and mod[7:] in modules
                    and all(a.name in classes and not a.asname for a in sub.names)
                ):
                    problem(sub, f"TYPE_CHECKING block statement {ast.unparse(sub)[:80]!r}")
        elif isinstance(st, (ast.Assign, ast.AnnAssign)):
            target = dotted(st.targets[0] if isinstance(st, ast.Assign) else st.target)
            if target not in INIT_ASSIGNED:
                problem(st, f"assigns {target!r}")
            value = st.value
            if isinstance(value, ast.List):
                if not all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts):
                    problem(st, f"{target} holds more than strings")
            elif isinstance(value, ast.Dict):
                if not all(
                    isinstance(e, ast.Constant) and isinstance(e.value, str)
                    for e in [*value.keys, *value.values]  # type: ignore[list-item]
                ):
                    problem(st, f"{target} holds more than strings")
            else:
                problem(st, f"{target} is {type(value).__name__}")
        elif isinstance(st, ast.FunctionDef):
            if st.name not in INIT_FUNCTIONS:
                problem(st, f"defines function {st.name!r}")
            functions[st.name] = ast.dump(st, include_attributes=False)
        else:
            problem(st, f"top-level {type(st).__name__}")
    if baseline is not None:
        base = {
            st.name: ast.dump(st, include_attributes=False)
            for st in ast.parse(baseline).body
            if isinstance(st, ast.FunctionDef)
        }
        if functions != base:
            problem(tree, "its functions differ from the template's")
    return bad


def names_of(files: dict[str, str]) -> tuple[set[str], set[str]]:
    """(class names, module names) of a package, read from its __init__."""
    modules = {m.group(1) for rel in files if (m := MODULE_FILE.fullmatch(rel)) and m.group(1) != "__init__"}
    classes: set[str] = set()
    init = files.get("__init__.py")
    if init is not None:
        for st in ast.parse(init).body:
            if isinstance(st, ast.AnnAssign) and dotted(st.target) == "_MODULES" and isinstance(st.value, ast.Dict):
                classes = {k.value for k in st.value.keys if isinstance(k, ast.Constant)}
    return classes, modules


def file_name_problems(rels: list[str]) -> list[str]:
    bad = []
    folded: dict[str, str] = {}
    for rel in rels:
        if rel in ("__init__.py", "_runtime.py", "_locate.py", "py.typed", ".mdcodegen-manifest.json"):
            continue
        m = MODULE_FILE.fullmatch(rel)
        if m is None:
            bad.append(f"unexpected file name {rel!r}")
            continue
        stem = m.group(1)
        if stem.split(".")[0] in WINDOWS_RESERVED:
            bad.append(f"{rel}: a name Windows reserves")
        if len(rel) > 120:
            bad.append(f"{rel}: {len(rel)} characters long")
        key = rel.casefold()
        if key in folded:
            bad.append(f"{rel} and {folded[key]} differ only in case")
        folded[key] = rel
    return bad


def package_problems(files: dict[str, str], baseline: dict[str, str] | None = None) -> list[str]:
    """Every problem of a package given as {relative path: text}."""
    classes, modules = names_of(files)
    bad = file_name_problems(sorted(files))
    for rel, src in sorted(files.items()):
        bad.extend(source_problems(rel, src))
        if rel == "__init__.py":
            bad.extend(init_problems(src, classes, modules, baseline.get(rel) if baseline else None))
        elif MODULE_FILE.fullmatch(rel) and rel != "models/__init__.py":
            bad.extend(module_problems(rel, src, classes, modules))
        elif baseline is not None and rel in FIXED_FILES and src != baseline.get(rel):
            bad.append(f"{rel} differs from a benign package's (it must not depend on the spec)")
        elif rel.endswith(".py"):
            try:
                compile(src, rel, "exec", dont_inherit=True)
            except SyntaxError as exc:
                bad.append(f"{rel}: does not compile: {exc}")
    for name in classes:
        if not (name.isascii() and name.isidentifier()) or keyword.iskeyword(name):
            bad.append(f"exported name {name!r} is not an ASCII identifier")
    return bad


def read_tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and p.name != ".mdcodegen-manifest.json"
    }


PROBE = Path(__file__).with_name("import_probe.py")


def probe(
    out: Path,
    package: str,
    payloads: dict[str, list[Any]] | None = None,
    warmup: tuple[Path, str] | None = None,
    timeout: float = 120,
) -> dict[str, Any]:
    """Import ``out/package`` in a fresh interpreter under an audit hook (see
    import_probe.py); decode and re-encode ``payloads`` (heading -> values)."""
    out = out.resolve()
    args = [sys.executable, "-I", "-B", str(PROBE), str(out), package, json.dumps(payloads or {})]
    if warmup is not None:
        args += [str(warmup[0].resolve()), warmup[1]]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    proc = subprocess.run(args, capture_output=True, text=True, timeout=timeout, cwd=out, env=env)
    if proc.returncode != 0:
        raise AssertionError(f"import probe failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return json.loads(proc.stdout)  # type: ignore[no-any-return]
