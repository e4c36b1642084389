"""`mdcodegen evidence`: what example payloads and other docs prove becomes
overrides, and the generated code then decodes what the API sends."""

from __future__ import annotations

import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

import pytest

from tests.conftest import run_cli
from tests.helpers import OPT, REQ, enum_page, generate, link, page, write_spec

RUBY = {
    "models/shared/pet.md": page(
        "Pet",
        [
            ("kind", "*::String*", REQ, "N/A"),
            ("name", "*::String*", REQ, "N/A"),
            ("born", "[Date](https://ruby-doc.org/Date.html)", REQ, "Born on, `YYYY-MM-DD`."),
            ("legacy", "*::String*", REQ, "Gone from newer docs."),
            ("status", link("PetStatus", "petstatus"), OPT, "N/A"),
            ("owner", "*::String*", REQ, "N/A"),
        ],
    ),
    "models/shared/cat.md": page("Cat", [("kind", "*::String*", REQ, ""), ("lives", "*::Integer*", REQ, "")]),
    "models/shared/dog.md": page("Dog", [("kind", "*::String*", REQ, ""), ("lives", "*::Integer*", REQ, "")]),
    "models/shared/holder.md": page(
        "Holder",
        [("animal", "[T.any(Models::Shared::Cat, Models::Shared::Dog)](../../models/shared/animal.md)", REQ, "")],
    ),
    "models/shared/animal.md": "# Animal\n",
    "models/shared/petstatus.md": enum_page("PetStatus", ["AVAILABLE", "SOLD"]),
}

PYTHON_TABLE = "| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n"
PYTHON = {
    "models/pet.md": "# Pet\n\n## Fields\n\n" + PYTHON_TABLE
    + "| `kind` | *str* | :heavy_check_mark: | N/A |\n"
    + "| `name` | *str* | :heavy_check_mark: | N/A |\n"
    + "| `born` | [datetime](https://docs.python.org/3/library/datetime.html) | :heavy_check_mark: | N/A |\n"
    + "| `status` | [Optional[models.PetStatus]](../models/petstatus.md) | :heavy_minus_sign: | N/A |\n"
    + "| `owner` | *Nullable[str]* | :heavy_check_mark: | N/A |\n",
    "models/cat.md": "# Cat\n\n## Fields\n\n" + PYTHON_TABLE
    + '| `kind` | *Literal["cat"]* | :heavy_check_mark: | N/A |\n| `lives` | *int* | :heavy_check_mark: | N/A |\n',
    "models/dog.md": "# Dog\n\n## Fields\n\n" + PYTHON_TABLE
    + '| `kind` | *Literal["dog"]* | :heavy_check_mark: | N/A |\n| `lives` | *int* | :heavy_check_mark: | N/A |\n',
    "models/petstatus.md": "# PetStatus\n\nThis is an open enum.\n\n## Values\n\n| Name | Value |\n| --- | --- |\n"
    "| `AVAILABLE` | AVAILABLE |\n| `SOLD` | SOLD |\n",
}

TYPESCRIPT = {
    "models/pet.md": "# Pet\n\n## Example Usage\n\n```typescript\n"
    'let value: Pet = {\n  kind: "dog",\n  name: null,\n  born: new Date("2020-01-01T10:00:00Z"),\n'
    '  owner: "Ann",\n};\n```\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n'
    "| `kind` | *string* | :heavy_check_mark: | N/A |\n",
}


@pytest.fixture()
def docs(tmp_path: Path) -> tuple[Path, Path, Path]:
    return (
        write_spec(tmp_path / "ruby", RUBY),
        write_spec(tmp_path / "python", PYTHON),
        write_spec(tmp_path / "typescript", TYPESCRIPT),
    )


def test_evidence_writes_the_overrides_it_can_prove(docs: tuple[Path, Path, Path], tmp_path: Path) -> None:
    ruby, python, ts = docs
    proc = run_cli("evidence", str(ruby), "--from", str(python), "--from", str(ts), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = tomllib.loads((ruby / "mdcodegen-overrides.toml").read_text())
    assert data["Cat.kind"]["const"] == "cat" and data["Dog.kind"]["const"] == "dog"
    assert data["PetStatus"]["open"] is True
    assert data["Pet.name"]["nullable"] is True  # the example sends null
    assert data["Pet.owner"]["nullable"] is True  # the Python docs say Nullable
    assert data["Pet.born"]["type"] == "datetime"  # the description says a date
    assert data["Pet.legacy"]["optional"] is True  # not in the newer docs, not sent
    assert all(v["reason"].startswith("evidence: ") for v in data.values())
    # Stable: a second run changes nothing, and --check agrees.
    again = run_cli("evidence", str(ruby), "--from", str(python), "--from", str(ts), "--check", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    lint = run_cli("lint", str(ruby), cwd=tmp_path)
    assert "[W109]" in lint.stdout and "'born'" in lint.stdout  # the conflict is reported


def test_hand_written_entries_survive(docs: tuple[Path, Path, Path], tmp_path: Path) -> None:
    ruby, python, _ = docs
    (ruby / "mdcodegen-overrides.toml").write_text(
        '["Cat.kind"]\nconst = "kitty"\nreason = "checked with the API team"\n'
    )
    assert run_cli("evidence", str(ruby), "--from", str(python), cwd=tmp_path).returncode == 0
    data = tomllib.loads((ruby / "mdcodegen-overrides.toml").read_text())
    assert data["Cat.kind"] == {"const": "kitty", "reason": "checked with the API team"}
    assert data["Dog.kind"]["const"] == "dog"


def test_derived_overrides_change_what_decodes(docs: tuple[Path, Path, Path], tmp_path: Path) -> None:
    ruby, python, ts = docs
    assert run_cli("evidence", str(ruby), "--from", str(python), "--from", str(ts), cwd=tmp_path).returncode == 0
    pages = {str(p.relative_to(ruby)): p.read_text() for p in ruby.rglob("*") if p.is_file()}
    pkg = generate(tmp_path / "gen", pages)
    # The constants tell the union's members apart.
    held = pkg.Holder.from_dict({"animal": {"kind": "dog", "lives": 1}})
    assert type(held.animal).__name__ == "Dog"
    assert type(pkg.Holder.from_dict({"animal": {"kind": "cat", "lives": 9}}).animal).__name__ == "Cat"
    with pytest.raises(pkg.DecodeError) as info:
        pkg.Holder.from_dict({"animal": {"kind": "cow", "lives": 1}})
    assert info.value.path == "$.animal"
    # What the API sends decodes: null name, a date-time, no `legacy`, an unlisted status.
    pet = pkg.Pet.from_dict(
        {"kind": "dog", "name": None, "born": "2020-01-01T10:00:00Z", "owner": None, "status": "NEW"}
    )
    assert pet.status == "NEW" and pet.legacy is pkg.UNSET


def test_other_models_of_the_same_name_are_not_evidence(tmp_path: Path) -> None:
    ruby = write_spec(tmp_path / "ruby", {"models/shared/getpetsresponse.md": page(
        "GetPetsResponse", [("status_code", "*::Integer*", REQ, ""), ("content_type", "*::String*", REQ, "")]
    )})
    ts = write_spec(tmp_path / "ts", {"models/getpetsresponse.md": "# GetPetsResponse\n\n## Example Usage\n\n"
                                      "```typescript\nlet value: GetPetsResponse = { result: { pets: [] } };\n```\n"})
    assert run_cli("evidence", str(ruby), "--from", str(ts), cwd=tmp_path).returncode == 0
    text = (ruby / "mdcodegen-overrides.toml").read_text()
    assert "optional" not in text
