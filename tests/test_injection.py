"""Issue 6, injection: spec text reaches the generated package only as data.

A spec whose headings, field names, descriptions, enum names and values,
Example cells, link targets and file names carry every trick in
``tests/tools/hostile.py`` is generated through the command line, then:

* nothing ran: the payloads' sentinel file never appears (during generation,
  import, decoding);
* the output folder holds the package and nothing else, and its file names are
  ASCII, never a Windows device name, unique ignoring case;
* every module's AST is what the templates emit (``tests/tools/codecheck.py``:
  top-level statements, node types, callees, names), and the spec-independent
  files equal a benign package's byte for byte;
* the text is kept, not mangled: docstrings are the IR's descriptions, the
  `metadata={"json": ...}` keys the IR's wire names, enum members the IR's
  values;
* the package imports in a fresh interpreter under an audit hook that records
  any file, process, network or import side effect, and every model decodes
  and re-encodes example payloads (by its page heading, however hostile);
* mypy --strict accepts it.

The spec problems among these tricks (links out of the spec, duplicate
headings, undecodable names, unreadable numbers...) end in diagnostics with a
location and exit code 3, printed so that no spec text can break the
`path:line:col:` format or reach the terminal as control characters.
"""

from __future__ import annotations

import ast
import inspect
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.config import Settings
from generator.ir import EnumModel, ObjectModel, UnionModel
from generator.ir_json import spec_to_json
from generator.pipeline import build_ir
from tests.conftest import run_cli
from tests.tools import hostile
from tests.tools.codecheck import package_problems, probe, read_tree
from tests.tools.ir_oracle import Schema, first_difference, normalise

DIAG = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): (?P<msg>.+) \[(?P<code>[EW]\d{3})\]$")


def write(root: Path, pages: dict[str, str | bytes]) -> Path:
    for rel, text in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, str):
            path.write_text(text, encoding="utf-8")
        else:
            path.write_bytes(text)
    return root


def all_files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() or p.is_symlink()}


@pytest.fixture(scope="module")
def benign(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    tmp = tmp_path_factory.mktemp("benign")
    spec = write(tmp / "spec", dict(hostile.BENIGN))
    proc = run_cli("generate", str(spec), "-o", str(tmp / "out"), "--package", "benign_pkg", "-q", cwd=tmp)
    assert proc.returncode == 0, proc.stderr
    return tmp / "out", read_tree(tmp / "out" / "benign_pkg")


class Hostile:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.sentinel = tmp / "sentinel" / "pwned"
        self.sentinel.parent.mkdir()
        self.spec = write(tmp / "spec", dict(hostile.hostile_spec(str(self.sentinel))))
        self.out = tmp / "out"
        self.before = all_files(tmp)
        self.proc = run_cli("generate", str(self.spec), "-o", str(self.out), "--package", "p", cwd=tmp)
        self.pkg = self.out / "p"
        self.files = read_tree(self.pkg) if self.pkg.is_dir() else {}
        settings = Settings(spec=str(self.spec), output=str(self.out), package="p")
        result = build_ir(settings)
        self.models = result.models
        self.ir = spec_to_json(result.models, result.dialect.name)
        self.ir["settings"] = {"open_enums": False, "keep_unknown": False, "package": "p"}


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    return Hostile(tmp_path_factory.mktemp("hostile"))


def test_hostile_spec_generates_and_nothing_runs(hostile_run: Hostile) -> None:
    h = hostile_run
    assert h.proc.returncode == 0, h.proc.stderr[-3000:]
    assert "Traceback" not in h.proc.stderr
    assert not h.sentinel.exists()
    assert list(h.sentinel.parent.iterdir()) == []
    # The run added the package and nothing else anywhere under its folders.
    added = all_files(h.tmp) - h.before
    assert added and all(rel.startswith("out/p/") for rel in added), sorted(added)[:10]
    assert [p.name for p in h.out.iterdir()] == ["p"]
    for path in h.pkg.rglob("*"):
        assert not path.is_symlink()
        assert os.path.realpath(path).startswith(os.path.realpath(h.pkg) + os.sep)
    assert len(h.models) == len(hostile.HEADINGS) + len(hostile.FILE_NAMES) + 4


def test_every_module_is_only_what_the_templates_emit(
    hostile_run: Hostile, benign: tuple[Path, dict[str, str]]
) -> None:
    files = hostile_run.files
    assert files
    problems = package_problems(files, baseline=benign[1])
    assert not problems, "\n".join(problems[:40])


def test_the_checker_catches_injected_code(benign: tuple[Path, dict[str, str]]) -> None:
    """The oracle must be able to fail: each of these edits of a benign package
    is what an escaped string would produce."""
    files = benign[1]
    module = next(rel for rel in files if rel.endswith("/pet.py"))
    src = files[module]
    for bad in (
        src.replace('"""A pet."""', '"""A pet."""\n    __import__("os").system("true")'),
        src + "\nimport os\n",
        src.replace('"""A pet."""', '"""A pet."""\n    __slots__ = ()'),
        src + "\nx = eval('1')\n",
        src.replace('"""A pet."""', '"""A pet.\u202e"""'),
        src.replace("o = object.__new__(Pet)", "o = object.__new__(Pet); open('/tmp/x', 'w')"),
        src.replace('{"json": "s"}', '{"json": inf}'),
        src + "\n_r.bind(Pet, __name__, _decode, lambda o: o)\n",
        src.replace("_r.lazy(globals(), {", '_r.lazy(globals(), {"_m9": "os", '),
        src + "\nglobals()['Pet'] = None\n",
        src.replace("if TYPE_CHECKING:", "if not TYPE_CHECKING:"),
    ):
        assert bad != src
        assert package_problems({**files, module: bad}, baseline=files), bad[-200:]
    init = files["__init__.py"]
    for bad in (init + "\nimport os\n", init.replace("return list(__all__)", "return []")):
        assert package_problems({**files, "__init__.py": bad}, baseline=files)
    assert package_problems({**files, "_runtime.py": files["_runtime.py"] + "\n"}, baseline=files)


def expected_doc(text: str, deprecated: bool, what: str) -> str | None:
    """What a docstring must read as (inspect.cleandoc'ed): the IR's text, with
    the generator's documented changes (tabs as spaces, trailing spaces gone)."""
    if deprecated:
        note = f"Deprecated: the docs mark this {what} as deprecated."
        text = f"{note}\n\n{text}" if text else note
    lines = [line.replace("\t", "    ").rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    body = "\n".join(lines).strip()
    return inspect.cleandoc(body) if body else None


def same_doc(found: str | None, want: str | None) -> bool:
    """black puts a space between a docstring's last `"` and its closing quotes."""
    return found == want or (found is not None and want is not None and want.endswith('"') and found == want + " ")


def docstring_after(body: list[ast.stmt], i: int) -> str | None:
    if i + 1 < len(body):
        nxt = body[i + 1]
        if isinstance(nxt, ast.Expr) and isinstance(nxt.value, ast.Constant) and isinstance(nxt.value.value, str):
            return inspect.cleandoc(nxt.value.value)
    return None


def test_text_is_kept_exactly(hostile_run: Hostile) -> None:
    """Escaping changes how text is written, never what it says."""
    h = hostile_run
    checked = {"docstrings": 0, "wire names": 0, "enum values": 0}
    problems: list[str] = []
    for m in h.models:
        tree = ast.parse(h.files[f"models/{m.module}.py"])
        if isinstance(m, UnionModel):
            docs = [
                inspect.cleandoc(st.value.value)
                for st in tree.body
                if isinstance(st, ast.Expr) and isinstance(st.value, ast.Constant) and isinstance(st.value.value, str)
            ]
            want = expected_doc(m.description, m.deprecated, "union")
            if len(docs) != (1 if want else 0) or (want and not same_doc(docs[0], want)):
                problems.append(f"{m.page}: union docstring {docs!r} != {want!r}")
            checked["docstrings"] += 1
            continue
        cls = next(st for st in tree.body if isinstance(st, ast.ClassDef))
        assert cls.name == m.py_name
        doc = ast.get_docstring(cls, clean=True)
        want = expected_doc(m.description, m.deprecated, "model" if isinstance(m, ObjectModel) else "enum")
        if not same_doc(doc, want):
            problems.append(f"{m.page}: class docstring {doc!r} != {want!r}")
        checked["docstrings"] += 1
        if isinstance(m, ObjectModel):
            body = cls.body
            anns = [(i, st) for i, st in enumerate(body) if isinstance(st, ast.AnnAssign)]
            assert [st.target.id for _, st in anns] == [f.attr for f in m.fields]  # type: ignore[union-attr]
            for (i, st), f in zip(anns, m.fields):
                call = st.value
                assert isinstance(call, ast.Call)
                meta = next(k.value for k in call.keywords if k.arg == "metadata")
                wire = ast.literal_eval(meta)["json"]
                if wire != f.wire_name:
                    problems.append(f"{m.page}: {f.attr} json {wire!r} != {f.wire_name!r}")
                doc = docstring_after(body, i)
                want = expected_doc(f.description, f.deprecated, "field")
                if not same_doc(doc, want):
                    problems.append(f"{m.page}: {f.attr} docstring {doc!r} != {want!r}")
                checked["wire names"] += 1
                checked["docstrings"] += 1
        elif isinstance(m, EnumModel):
            members = [
                (st.targets[0].id, ast.literal_eval(st.value))  # type: ignore[attr-defined]
                for st in cls.body
                if isinstance(st, ast.Assign)
            ]
            want_members = [(v.name, v.value) for v in m.values]
            if members != want_members:
                problems.append(f"{m.page}: members {members!r} != {want_members!r}")
            checked["enum values"] += len(members)
    assert not problems, "\n".join(problems[:20])
    # The hostile strings did reach the code: the checks above were about them.
    assert checked["wire names"] >= len(hostile.FIELD_NAMES) and checked["enum values"] >= 20
    evil = next(m for m in h.models if m.page == "models/shared/evil.md")
    assert isinstance(evil, ObjectModel)
    assert "\u202e" in evil.name and '"""' in evil.description and "{{" in evil.description
    assert {'a"b', "__class__", "\U0001f600", "\u202eevil"} <= {f.wire_name for f in evil.fields}


def test_package_imports_without_side_effects_and_decodes(
    hostile_run: Hostile, benign: tuple[Path, dict[str, str]]
) -> None:
    h = hostile_run
    schema = Schema(h.ir)
    payloads: dict[str, list[Any]] = {}
    for name in schema.models:
        payloads[name] = [value for _, value in schema.examples_of(name)]
    assert any("\u202e" in name for name in payloads) and "__init__" in payloads and "str" in payloads
    report = probe(h.out, "p", payloads, warmup=(benign[0], "benign_pkg"))
    assert report["events"] == [], report["events"][:10]
    assert report["new_modules"] == []
    assert not h.sentinel.exists()
    problems = []
    for name, results in report["results"].items():
        for value, (status, encoded) in zip(payloads[name], results):
            if status != "ok":
                problems.append(f"{name!r}: {status}: {encoded} (payload {json.dumps(value)[:200]})")
            elif (diff := first_difference(normalise(value), normalise(encoded))) is not None:
                problems.append(f"{name!r}: round trip differs at {diff}")
    assert not problems, "\n".join(problems[:20])
    assert sum(len(v) for v in report["results"].values()) >= 2 * len(h.models)
    exports = set(report["exports"])
    assert {m.py_name for m in h.models} <= exports


def test_hostile_package_is_mypy_strict_clean(hostile_run: Hostile, tmp_path: Path) -> None:
    h = hostile_run
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--no-incremental",
         "--cache-dir", str(tmp_path / "mypy"), "-p", "p"],
        cwd=h.out, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-4000:]


# --- names ---------------------------------------------------------------------------


def test_colliding_names_stay_distinct_and_round_trip(hostile_run: Hostile) -> None:
    by_heading = {m.name: m for m in hostile_run.models}
    names = [by_heading[h].py_name for h in ("foo-bar", "foo_bar", "FooBar", "Foo", "foo")]
    assert len(set(names)) == 5
    modules = [by_heading[h].module for h in ("foo-bar", "foo_bar", "FooBar", "Foo", "foo", "con", "CON")]
    assert len({m.casefold() for m in modules}) == len(modules)
    evil = by_heading[next(n for n in by_heading if n.startswith("Evil "))]
    assert isinstance(evil, ObjectModel)
    attrs = [f.attr for f in evil.fields]
    assert len(set(attrs)) == len(attrs)
    wires = {f.wire_name: f.attr for f in evil.fields}
    assert len({wires["foo-bar"], wires["foo_bar"], wires["Foo"], wires["foo"], wires["FOO"]}) == 5
    # Names the generated code itself uses are never taken by a model.
    for heading in ("str", "dict", "list", "type", "object", "d", "o", "v", "x0", "Any", "importlib", "field"):
        assert by_heading[heading].py_name != heading
    diags = [line for line in hostile_run.proc.stderr.splitlines() if "[W110]" in line]
    assert any("'str' is exported as 'Str'" in line for line in diags)


def test_module_file_names_avoid_reserved_and_case_clashes(hostile_run: Hostile) -> None:
    names = [p.name for p in (hostile_run.pkg / "models").iterdir()]
    stems = [n[:-3] for n in names if n.endswith(".py")]
    assert all(re.fullmatch(r"[a-z_][a-z0-9_]*", s) for s in stems), stems
    reserved = {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
    assert not reserved & set(stems)
    assert len({s.casefold() for s in stems}) == len(stems)


# --- spec problems: a diagnostic with a location, exit 3, nothing written ------------

OUTSIDE_PAGE = "# Secret\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `x` | *::String* | :heavy_check_mark: | secret |\n"


def one_field(type_cell: str) -> str:
    return hostile.object_page("A", [("x", type_cell, hostile.REQ, "", "")])


def _cases(outside: Path) -> dict[str, tuple[dict[str, str | bytes], str, str]]:
    big = "9" * 5000
    return {
        "link up and out of the spec": (
            {"models/shared/a.md": one_field(hostile.link("../../../outside/secret.md"))},
            "E030", "models/shared/a.md:9:",
        ),
        "absolute link to a page outside": (
            {"models/shared/a.md": one_field(hostile.link(str(outside / "secret.md")))},
            "E030", "models/shared/a.md:9:",
        ),
        "duplicate headings": (
            {"models/shared/a.md": one_field("*::String*"), "models/shared/b.md": one_field("*::String*")},
            "E031", "models/shared/a.md:1:",
        ),
        "no heading": ({"models/shared/a.md": "just text\n"}, "E011", "models/shared/a.md:1:"),
        "code in a type cell": (
            {"models/shared/a.md": one_field("*::String*; __import__('os').system('x')")},
            "E020", "models/shared/a.md:9:",
        ),
        "integer enum value beyond int()": (
            {"models/shared/e.md": hostile.enum_page("E", [("A", big), ("B", "1")])},
            "E013", "models/shared/e.md:9:",
        ),
        "integer literal beyond int()": (
            {"models/a.md": "# A\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n"
             f"| `x` | *Literal[{big}]* | :heavy_check_mark: | d |\n| `y` | *Optional[str]* | :heavy_minus_sign: | d |\n"},
            "E020", "models/a.md:7:",
        ),
        "float literal that overflows to inf": (
            {"models/a.md": "# A\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n"
             f"| `x` | *Literal[1{'0' * 400}.5]* | :heavy_check_mark: | d |\n| `y` | *Optional[str]* | :heavy_minus_sign: | d |\n"},
            "E020", "models/a.md:7:",
        ),
        "page that is not UTF-8": ({"models/shared/a.md": b"# A\n\n\xff\xfe\n"}, "E002", "models/shared/a.md:3:"),
    }  # fmt: skip


@pytest.mark.parametrize(
    "case",
    [
        "link up and out of the spec", "absolute link to a page outside", "duplicate headings",
        "no heading", "code in a type cell", "integer enum value beyond int()", "integer literal beyond int()",
        "float literal that overflows to inf", "page that is not UTF-8",
    ],
)  # fmt: skip
def test_spec_problems_are_located_diagnostics(tmp_path: Path, case: str) -> None:
    outside = write(tmp_path / "outside", {"secret.md": OUTSIDE_PAGE})
    pages, code, where = _cases(outside)[case]
    spec = write(tmp_path / "spec", pages)
    out = tmp_path / "out"
    proc = run_cli("generate", str(spec), "-o", str(out), "--package", "p", cwd=tmp_path)
    assert proc.returncode == 3, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    errors = [m.groupdict() for line in proc.stderr.splitlines() if (m := DIAG.match(line)) and m["sev"] == "error"]
    assert any(e["code"] == code for e in errors), proc.stderr[-2000:]
    assert any(
        f"{e['path']}:{e['line']}:".replace(os.sep, "/").startswith("spec/" + where) for e in errors if e["code"] == code
    ), (where, errors)
    assert all(len(line) < 600 for line in proc.stderr.splitlines())  # huge cells are cut short
    assert not out.exists()
    lint = run_cli("lint", str(spec), cwd=tmp_path)
    assert lint.returncode == 1 and f"[{code}]" in lint.stdout


def test_nothing_outside_the_spec_is_read(tmp_path: Path) -> None:
    """Links to an existing page outside the spec never resolve to it, whatever
    their spelling; its content never reaches the output."""
    outside = write(tmp_path / "outside", {"secret.md": OUTSIDE_PAGE.replace("secret", "TOPSECRET")})
    targets = ["../../../outside/secret.md", str(outside / "secret.md"), f"file://{outside}/secret.md",
               "..%2F..%2F..%2Foutside%2Fsecret.md", "../../../outside/secret.md#x"]  # fmt: skip
    for target in targets:
        spec = write(tmp_path / "spec", {"models/shared/a.md": one_field(hostile.link(target))})
        result = build_ir(Settings(spec=str(spec), output=str(tmp_path / "o"), package="p"))
        assert all(m.page.startswith("models/") for m in result.models)
        assert "TOPSECRET" not in repr(result.models)
        codes = {d.code for d in result.reporter.items}
        # markdown-it does not link `file:` URLs at all: then the cell is bad notation.
        assert codes & {"E030", "W103", "E020"}, (target, codes)


def test_a_non_utf8_file_name_is_a_diagnostic(tmp_path: Path) -> None:
    spec = write(tmp_path / "spec", {"models/shared/a.md": one_field("*::String*")})
    bad = os.path.join(os.fsencode(spec / "models" / "shared"), b"b\xff.md")
    with open(bad, "wb") as fh:
        fh.write(one_field("*::Integer*").replace("# A", "# B").encode())
    for env in ({}, {"PYTHONIOENCODING": "utf-8:strict"}):
        proc = subprocess.run(
            [sys.executable, "-m", "generator", "generate", str(spec), "-o", str(tmp_path / "out"), "--package", "p"],
            cwd=tmp_path, capture_output=True, text=True, timeout=300,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent), **env},
        )  # fmt: skip
        assert proc.returncode == 3, proc.stderr[-2000:]
        assert "Traceback" not in proc.stderr
        assert "b\\xff.md:1:1: error: page name is not valid UTF-8 [E002]" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_diagnostics_cannot_break_lines_or_drive_the_terminal(tmp_path: Path) -> None:
    """File names, headings and cells in diagnostics are escaped: one diagnostic
    per line, no control or bidi character reaches the terminal, and the JSON
    format still gives back the real names."""
    pages = {
        "models/shared/a\nb\x1b[31m.md": one_field("*::Strin\x1b[2Jg*"),
        "models/shared/c\u202e.md": hostile.object_page("C\x1b]0;title\x07\u202e", [("x", "*::Nope*", hostile.REQ, "", "")]),
        "models/shared/d.md": hostile.object_page("D\u2028E", [("x\u2029", "*::String*", hostile.REQ, "", "")]),
    }
    spec = write(tmp_path / "spec", pages)
    for args in (("lint", str(spec)), ("generate", str(spec), "-o", str(tmp_path / "out"), "--package", "p")):
        proc = run_cli(*args, cwd=tmp_path)
        text = proc.stdout + proc.stderr
        assert proc.returncode in (1, 3) and "Traceback" not in text
        for ch in ("\x1b", "\x07", "\u202e", "\u2028", "\u2029", "\r"):
            assert ch not in text, (args[0], repr(ch))
        for line in text.splitlines():
            if ": error: " in line or ": warning: " in line:
                assert DIAG.match(line), line
        assert "a\\nb\\x1b[31m.md:" in text
    proc = run_cli("lint", str(spec), "--format", "json", cwd=tmp_path)
    paths = {d["path"] for d in json.loads(proc.stdout)}
    assert str(Path("spec/models/shared/a\nb\x1b[31m.md")) in paths
    assert "\x1b" not in proc.stdout and "\u202e" not in proc.stdout


def test_a_pyproject_inside_the_spec_folder_is_not_configuration(tmp_path: Path) -> None:
    """Docs may come with a pyproject.toml; its `output` or `overrides` must not
    send the output, or the reading, outside the user's folders."""
    escaped = tmp_path / "escaped"
    spec = write(
        tmp_path / "project" / "docs",
        {
            "models/shared/a.md": one_field("*::String*"),
            "pyproject.toml": f'[tool.mdcodegen]\noutput = "{escaped}"\npackage = "hijacked"\n'
            f'overrides = "{tmp_path / "private.toml"}"\n',
        },
    )
    (tmp_path / "private.toml").write_text('["A.x"]\nnullable = true\n')
    work = tmp_path / "project"
    proc = run_cli("generate", "docs", cwd=work)
    assert proc.returncode == 0, proc.stderr
    assert not escaped.exists()
    assert (work / "generated" / "docs_models" / "__init__.py").is_file()
    assert "W115" not in proc.stderr  # the private overrides were not read
    # Working inside the folder is trusting it: then it is the project's file.
    proc = run_cli("generate", ".", cwd=spec)
    assert proc.returncode == 0, proc.stderr
    assert (escaped / "hijacked" / "__init__.py").is_file()
    assert spec.is_dir()


@pytest.mark.parametrize("entry", ["const = inf", "const = nan", 'type = "const<1e999>"'])
def test_non_finite_constants_in_overrides_are_diagnostics(tmp_path: Path, entry: str) -> None:
    spec = write(
        tmp_path / "spec",
        {"models/shared/a.md": one_field("*::String*"), "mdcodegen-overrides.toml": f'["A.x"]\n{entry}\n'},
    )
    proc = run_cli("generate", str(spec), "-o", str(tmp_path / "out"), "--package", "p", cwd=tmp_path)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 3 and "[E040]" in proc.stderr


def test_a_deeply_nested_example_cell_is_not_a_crash(tmp_path: Path) -> None:
    spec = write(
        tmp_path / "spec",
        {"models/shared/a.md": hostile.object_page(
            "A", [("created_at", hostile.SCALARS[-1][0], hostile.REQ, "", "[" * 5_000),
                  ("fooBar", "*::String*", hostile.REQ, "", "[" * 5_000)])},
    )  # fmt: skip
    proc = run_cli("generate", str(spec), "-o", str(tmp_path / "out"), "--package", "p", cwd=tmp_path)
    assert "Traceback" not in proc.stderr
    assert proc.returncode in (0, 3)
