"""The command line as users and CI scripts see it: arguments, config, exit codes,
diagnostics, and what is (not) written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator import __version__
from tests.conftest import run_cli
from tests.helpers import OPT, REQ, enum_page, link, page, write_spec

DIAG = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): (?P<msg>.+) \[(?P<code>[EW]\d{3})\]$")


def small_spec(root: Path) -> Path:
    return write_spec(
        root,
        {
            "models/shared/pet.md": page(
                "Pet",
                [
                    ("id", "*::String*", REQ, "N/A"),
                    ("status", link("PetStatus", "petstatus"), OPT, "N/A"),
                ],
            ),
            "models/shared/petstatus.md": enum_page("PetStatus", ["A", "B"]),
        },
    )


def diagnostics(stderr: str) -> list[dict[str, str]]:
    return [m.groupdict() for line in stderr.splitlines() if (m := DIAG.match(line))]


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_version() -> None:
    proc = run_cli("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"mdcodegen {__version__}"


def test_help_has_examples() -> None:
    proc = run_cli("generate", "--help")
    assert proc.returncode == 0
    assert "--check" in proc.stdout and "Examples:" in proc.stdout


@pytest.mark.parametrize("command", ["generate", "ir", "lint"])
def test_missing_spec_dir_is_a_usage_error(command: str, tmp_path: Path) -> None:
    proc = run_cli(command, str(tmp_path / "nope"), cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_no_spec_anywhere_is_a_usage_error(tmp_path: Path) -> None:
    proc = run_cli("generate", cwd=tmp_path)
    assert proc.returncode == 2
    assert "SPEC_DIR" in proc.stderr


def test_generate_writes_the_package_and_is_idempotent(tmp_path: Path) -> None:
    spec = small_spec(tmp_path / "spec")
    out = tmp_path / "out"
    proc = run_cli("generate", str(spec), "-o", str(out), "--package", "petstore", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    pkg = out / "petstore"
    assert (pkg / "__init__.py").is_file() and (pkg / "py.typed").is_file()
    assert (pkg / ".mdcodegen-manifest.json").is_file()
    before = tree(pkg)
    again = run_cli("generate", str(spec), "-o", str(out), "--package", "petstore", cwd=tmp_path)
    assert again.returncode == 0 and "up to date" in again.stderr
    assert tree(pkg) == before


def test_check_and_diff(tmp_path: Path) -> None:
    spec = small_spec(tmp_path / "spec")
    args = ("generate", str(spec), "-o", str(tmp_path / "out"), "--package", "p")
    assert run_cli(*args, "--check", cwd=tmp_path).returncode == 1  # no output yet
    assert not (tmp_path / "out").exists()
    assert run_cli(*args, cwd=tmp_path).returncode == 0
    assert run_cli(*args, "--check", cwd=tmp_path).returncode == 0
    (spec / "models/shared/pet.md").write_text(page("Pet", [("id", "*::Integer*", REQ, "Now a number.")]))
    check = run_cli(*args, "--check", "--diff", cwd=tmp_path)
    assert check.returncode == 1
    assert "-    id: str" in check.stdout and "+    id: int" in check.stdout
    assert "would change models/pet.py" in check.stderr


def test_invalid_spec_exits_3_names_the_line_and_writes_nothing(tmp_path: Path) -> None:
    spec = small_spec(tmp_path / "spec")
    out = tmp_path / "out"
    args = ("generate", str(spec), "-o", str(out), "--package", "p")
    assert run_cli(*args, cwd=tmp_path).returncode == 0
    before = tree(out)
    (spec / "models/shared/pet.md").write_text(
        page("Pet", [("id", "*::String*", REQ, ""), ("bad", "T::Vector<::String>", REQ, "")])
    )
    proc = run_cli(*args, cwd=tmp_path)
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr
    errors = [d for d in diagnostics(proc.stderr) if d["sev"] == "error"]
    assert errors and errors[0]["code"] == "E020"
    assert errors[0]["path"] == str(Path("spec/models/shared/pet.md"))  # relative to cwd
    assert errors[0]["line"] == "10"
    assert "T::Vector" in errors[0]["msg"]
    assert tree(out) == before


@pytest.mark.parametrize(
    "pages, code",
    [
        ({"models/shared/a.md": page("A", [("x", link("Missing", "missing"), REQ, "")])}, "E030"),
        ({"models/shared/a.md": page("A", []), "models/shared/b.md": page("A", [])}, "E031"),
        ({"models/shared/a.md": "# A\n\n## Fields\n\n| Field | Type |\n| --- | --- |\n| `x` | *::String* |\n"}, "E010"),
        ({"models/shared/a.md": page("A", [("x", "*::String*", "maybe", "")])}, "E010"),
        ({"models/shared/a.md": "no heading here\n"}, "E011"),
    ],
)
def test_spec_errors(tmp_path: Path, pages: dict[str, str], code: str) -> None:
    spec = write_spec(tmp_path / "spec", pages)
    proc = run_cli("lint", str(spec), cwd=tmp_path)
    assert proc.returncode == 1
    found = diagnostics(proc.stdout)
    assert code in {d["code"] for d in found if d["sev"] == "error"}, proc.stdout
    gen = run_cli("generate", str(spec), "-o", str(tmp_path / "out"), "--package", "p", cwd=tmp_path)
    assert gen.returncode == 3
    assert not (tmp_path / "out").exists()


def test_non_utf8_page_is_a_diagnostic(tmp_path: Path) -> None:
    spec = small_spec(tmp_path / "spec")
    (spec / "models/shared/bad.md").write_bytes(b"# Bad\n\n\xff\xfe oops\n")
    proc = run_cli("lint", str(spec), cwd=tmp_path)
    assert proc.returncode == 1
    assert any(d["code"] == "E002" and d["line"] == "3" for d in diagnostics(proc.stdout))


def test_lint_json_and_warnings_exit_zero(tmp_path: Path) -> None:
    spec = write_spec(
        tmp_path / "spec",
        {"models/shared/a.md": page("A", [("at", "[Date](https://ruby-doc.org/Date.html)", REQ, "")])},
    )
    proc = run_cli("lint", str(spec), "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0
    items = json.loads(proc.stdout)
    codes = {i["code"] for i in items}
    assert {"W102", "W111", "W114"} <= codes
    assert all(i["severity"] == "warning" for i in items)
    strict = run_cli("lint", str(spec), "--warnings-as-errors", cwd=tmp_path)
    assert strict.returncode == 1


def test_ir_is_json_with_a_schema_version(tmp_path: Path) -> None:
    spec = small_spec(tmp_path / "spec")
    proc = run_cli("ir", str(spec), cwd=tmp_path)
    assert proc.returncode == 0
    doc = json.loads(proc.stdout)
    assert doc["schema_version"] >= 1
    models = {m["name"]: m for m in doc["models"]}
    assert models["Pet"]["fields"][1]["type"] == "ref<models/shared/petstatus.md>"
    assert models["PetStatus"]["values"][0]["value"] == "A"
    assert run_cli("ir", str(spec), cwd=tmp_path).stdout == proc.stdout  # stable


def test_config_from_pyproject_and_flags_win(tmp_path: Path) -> None:
    project = tmp_path / "project"
    small_spec(project / "docs")
    (project / "pyproject.toml").write_text(
        '[tool.mdcodegen]\nspec = "docs"\noutput = "src"\npackage = "from_config"\n'
    )
    sub = project / "deep" / "er"
    sub.mkdir(parents=True)
    proc = run_cli("generate", cwd=sub)  # found by walking up, paths relative to the file
    assert proc.returncode == 0, proc.stderr
    assert (project / "src" / "from_config" / "__init__.py").is_file()
    proc = run_cli("generate", "--package", "from_flag", cwd=sub)
    assert proc.returncode == 0
    assert (project / "src" / "from_flag" / "__init__.py").is_file()


def test_bad_config_is_a_usage_error(tmp_path: Path) -> None:
    small_spec(tmp_path / "docs")
    (tmp_path / "pyproject.toml").write_text('[tool.mdcodegen]\nspec = "docs"\nlien-length = 3\n')
    proc = run_cli("generate", cwd=tmp_path)
    assert proc.returncode == 2
    assert "lien-length" in proc.stderr


def test_required_version(tmp_path: Path) -> None:
    small_spec(tmp_path / "docs")
    (tmp_path / "pyproject.toml").write_text('[tool.mdcodegen]\nspec = "docs"\nrequired-version = "99"\n')
    proc = run_cli("generate", cwd=tmp_path)
    assert proc.returncode == 2
    assert "requires mdcodegen 99" in proc.stderr


def test_foreign_files_are_kept_and_unknown_folders_refused(tmp_path: Path) -> None:
    spec = small_spec(tmp_path / "spec")
    out = tmp_path / "out"
    args = ("generate", str(spec), "-o", str(out), "--package", "p")
    assert run_cli(*args, cwd=tmp_path).returncode == 0
    (out / "p" / "NOTES.txt").write_text("mine")
    (spec / "models/shared/pet.md").write_text(page("Pet", [("id", "*::Integer*", REQ, "")]))
    (spec / "models/shared/petstatus.md").unlink()
    assert run_cli(*args, cwd=tmp_path).returncode == 0
    assert (out / "p" / "NOTES.txt").read_text() == "mine"
    assert not (out / "p" / "models" / "pet_status.py").exists()  # ours, removed

    other = tmp_path / "other"
    (other / "p").mkdir(parents=True)
    (other / "p" / "keep.py").write_text("x = 1\n")
    refused = run_cli("generate", str(spec), "-o", str(other), "--package", "p", cwd=tmp_path)
    assert refused.returncode == 2 and "--force" in refused.stderr
    forced = run_cli("generate", str(spec), "-o", str(other), "--package", "p", "--force", cwd=tmp_path)
    assert forced.returncode == 0
    assert (other / "p" / "keep.py").read_text() == "x = 1\n"


def test_readme_lists_every_diagnostic_code() -> None:
    from generator.diagnostics import CODES

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for c in CODES.values():
        assert f"| {c.code} | {c.slug} | {c.severity} | {c.summary} |" in readme, c.code


def test_an_empty_spec_is_an_error_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "spec").mkdir()
    proc = run_cli("generate", "spec", "-o", "out", "--package", "p", cwd=tmp_path)
    assert proc.returncode == 3
    assert "[E014]" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()
