"""Issue 6, portability: the same package whatever the file system and the
editor that wrote the docs.

* Module file names never differ only in case (macOS and Windows would merge
  them), also when two headings or two spec files differ only in case.
* CRLF, CR and a BOM (per file, or mixed within a file) give the same package,
  byte for byte, and the same diagnostics (lines and columns) as LF; generated
  files use LF.
* Long names: a 500-character heading or field name becomes a name of at most
  100 characters (distinct from its neighbours'); pages in folders 30 deep with
  long names, file names of 255 bytes, an output folder with spaces and
  non-ASCII characters; a folder that cannot be listed is a diagnostic, not a
  silent loss of its pages.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from generator.config import Settings
from generator.pipeline import build_ir, render_package
from tests.conftest import ROOT, run_cli
from tests.helpers import OPT, REQ, enum_page, generate, link, page, write_spec
from tests.tools.codecheck import file_name_problems


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def render(spec: Path) -> tuple[dict[str, str], list[str]]:
    result = build_ir(Settings(spec=str(spec), output=str(spec.parent / "out"), package="p"))
    diags = [f"{os.path.relpath(d.path, spec)}:{d.line}:{d.col}:{d.code}:{d.message}" for d in result.reporter.sorted()]
    if result.reporter.has_errors:
        return {}, diags
    return render_package(result.models, Settings(spec=str(spec), package="p"), "spec"), diags


# --- case ----------------------------------------------------------------------------


def test_module_names_never_differ_only_in_case(tmp_path: Path) -> None:
    headings = ["Foo", "foo", "FOO", "HTTPServer", "HttpServer", "http_server", "ABTest", "AbTest", "Con", "CON"]
    pages = {f"models/shared/p{i}.md": page(h, [("x", "*::String*", REQ, "")]) for i, h in enumerate(headings)}
    # two spec files whose names differ only in case (both exist on Linux)
    pages["models/shared/Pet.md"] = page("Pet", [("x", "*::String*", REQ, "")])
    pages["models/shared/pet.md"] = page("PET", [("y", "*::Integer*", REQ, "")])
    pkg = generate(tmp_path, pages)
    files = sorted(p.name for p in (Path(pkg.__file__).parent / "models").iterdir() if p.suffix == ".py")
    assert len({f.casefold() for f in files}) == len(files), files
    assert not file_name_problems([f"models/{f}" for f in files])
    assert len(files) == len(pages) + 1  # and models/__init__.py
    for h in headings + ["Pet", "PET"]:
        assert pkg.decode(h, {"x": "a"} if h != "PET" else {"y": 1}) is not None


def test_a_link_whose_case_differs_from_the_file(tmp_path: Path) -> None:
    """Docs written on a case-insensitive file system: resolved, with a warning."""
    spec = write_spec(
        tmp_path / "spec",
        {"models/shared/a.md": page("A", [("m", "[Models::Shared::MetaData](../../models/shared/MetaData.md)", REQ, "")]),
         "models/shared/metadata.md": page("MetaData", [("x", "*::String*", REQ, "")])},
    )  # fmt: skip
    files, diags = render(spec)
    assert files and any("W105" in d and "ignoring case" in d for d in diags), diags


# --- line endings and BOM ---------------------------------------------------------------

SOURCES = [ROOT / "specs" / "models" / "shared", ROOT.parent / "shared" / "corpus" / "samples" / "python-unstructured" / "docs" / "models" / "shared"]


def _sample(folder: Path, n: int, rng: random.Random) -> dict[str, bytes]:
    files = sorted(folder.glob("*.md"))
    return {f"models/shared/{p.name}": p.read_bytes() for p in rng.sample(files, min(n, len(files)))}


def _variants(data: bytes, rng: random.Random) -> dict[str, bytes]:
    lines = data.split(b"\n")
    # (a CR alone before an empty line would read as CRLF: one break, not two)
    mixed = b"".join(line + rng.choice([b"\n", b"\r\n"]) for line in lines[:-1]) + lines[-1]
    return {
        "CRLF": data.replace(b"\n", b"\r\n"),
        "CR": data.replace(b"\n", b"\r"),
        "BOM": b"\xef\xbb\xbf" + data,
        "BOM+CRLF": b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"),
        "mixed": mixed,
    }


@pytest.mark.parametrize("source", [0, 1], ids=["ruby-kombo", "python-unstructured"])
def test_line_endings_and_bom_change_nothing(tmp_path: Path, source: int) -> None:
    folder = SOURCES[source]
    if not folder.is_dir():
        pytest.skip("corpus not available")
    rng = random.Random(source)
    pages = _sample(folder, 40, rng)
    base = tmp_path / "lf"
    for rel, data in pages.items():
        (base / rel).parent.mkdir(parents=True, exist_ok=True)
        (base / rel).write_bytes(data)
    want_files, want_diags = render(base)
    assert want_files or want_diags
    for name in ("CRLF", "CR", "BOM", "BOM+CRLF", "mixed"):
        spec = tmp_path / name
        for rel, data in pages.items():
            (spec / rel).parent.mkdir(parents=True, exist_ok=True)
            (spec / rel).write_bytes(_variants(data, random.Random(rel))[name])
        files, diags = render(spec)
        assert diags == want_diags, name
        assert files == want_files, name
        assert not any("\r" in text for text in files.values())


def test_crlf_spec_generates_the_same_bytes(tmp_path: Path) -> None:
    pages = {
        "models/shared/pet.md": page("Pet", [("id", "*::String*", REQ, "The id.<br/>Second line."), ("kind", link("Kind", "kind"), OPT, "")],
                                     "A pet.\n\nWith two paragraphs."),
        "models/shared/kind.md": enum_page("Kind", ["CAT", "DOG"]),
    }  # fmt: skip
    lf = write_spec(tmp_path / "lf" / "spec", pages)  # the folder's name is in the package's header
    crlf = tmp_path / "crlf" / "spec"
    for p in lf.rglob("*.md"):
        target = crlf / p.relative_to(lf)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"\xef\xbb\xbf" + p.read_bytes().replace(b"\n", b"\r\n"))
    outs = []
    for spec in (lf, crlf):
        out = spec.parent / "out"
        proc = run_cli("generate", str(spec), "-o", str(out), "--package", "p", "--no-cache", cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        t = tree(out / "p")
        manifest = t.pop(".mdcodegen-manifest.json")
        assert b"\r" not in manifest
        outs.append(t)
    assert outs[0] == outs[1]
    assert all(b"\r" not in data for data in outs[0].values())


# --- long names and deep paths --------------------------------------------------------------


def test_500_character_headings_and_field_names(tmp_path: Path) -> None:
    long_a = "Very" + "Long" * 124  # 500 characters, an identifier
    long_b = long_a[:-1] + "X"  # the same first 100 characters
    spaced = " ".join(["word"] * 100)  # 499 characters, not an identifier
    field_a = "f" * 500
    field_b = "f" * 499 + "g"
    pages = {
        "models/shared/a.md": page(long_a, [(field_a, "*::String*", REQ, ""), (field_b, "*::String*", REQ, "")]),
        "models/shared/b.md": page(long_b, [("x", "*::String*", REQ, "")]),
        "models/shared/c.md": page(spaced, [("x", "*::String*", REQ, "")]),
    }
    pkg = generate(tmp_path, pages)
    exported = [n for n in pkg.__all__ if n.startswith(("Very", "Word"))]
    assert len(exported) == 3 and all(len(n) <= 110 for n in exported), [len(n) for n in exported]
    models = Path(pkg.__file__).parent / "models"
    assert all(len(p.name) <= 110 for p in models.iterdir())
    a = pkg.decode(long_a, {field_a: "1", field_b: "2"})
    assert a.to_dict() == {field_a: "1", field_b: "2"}
    assert pkg.decode(spaced, {"x": "y"}).to_dict() == {"x": "y"}


def test_deep_folders_long_file_names_and_odd_output_paths(tmp_path: Path) -> None:
    deep = Path("models", *[f"{'folder' * 10}{i:02d}" for i in range(30)])  # ~1,900 characters
    long_file = "p" * 252 + ".md"  # 255 bytes, the usual limit
    spec = write_spec(
        tmp_path / "spec",
        {f"{deep}/{long_file}": page("Deep", [("x", "*::String*", REQ, "")]),
         f"{deep}/shallow.md": page("Near", [("d", f"[Models::X::Deep](./{long_file})", REQ, "")])},
    )  # fmt: skip
    out = tmp_path / "out dir" / "ünïcödé" / ("o" * 200)
    proc = run_cli("generate", str(spec), "-o", str(out), "--package", "p", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    assert {p.name for p in (out / "p" / "models").iterdir()} >= {"deep.py", "near.py"}


def test_a_folder_that_cannot_be_listed_is_a_diagnostic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permissions, or a path beyond PATH_MAX: its pages must not vanish silently."""
    import errno

    spec = write_spec(
        tmp_path / "spec",
        {"models/shared/a.md": page("A", [("x", "*::String*", REQ, "")]),
         "models/hidden/b.md": page("B", [("x", "*::String*", REQ, "")])},
    )  # fmt: skip
    real = os.scandir
    blocked = str(spec / "models" / "hidden")

    def scandir(path: object = ".") -> object:
        if os.fspath(path) == blocked:  # type: ignore[arg-type]
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))  # type: ignore[arg-type]
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    result = build_ir(Settings(spec=str(spec), output=str(tmp_path / "out"), package="p"))
    errors = [d for d in result.reporter.errors if d.code == "E001"]
    assert errors and errors[0].path.endswith("models/hidden") and "Permission denied" in errors[0].message


def test_a_path_beyond_path_max_is_a_diagnostic(tmp_path: Path) -> None:
    spec = write_spec(tmp_path / "spec", {"models/shared/a.md": page("A", [("x", "*::String*", REQ, "")])})
    fd = os.open(spec / "models", os.O_RDONLY)
    try:
        for i in range(20):  # 20 levels of 250 characters: past Linux's 4,096
            name = f"{i:02d}" + "d" * 248
            os.mkdir(name, dir_fd=fd)
            nxt = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nxt
        with os.fdopen(os.open("deep.md", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as fh:
            fh.write(page("Deep", [("x", "*::String*", REQ, "")]))
    finally:
        os.close(fd)
    proc = run_cli("generate", str(spec), "-o", str(tmp_path / "out"), "--package", "p", cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 3, proc.stderr[-2000:]
    assert "[E001]" in proc.stderr
