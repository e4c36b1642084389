"""Generate from pages written here, import the package, and use it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from tests.helpers import OPT, REQ, enum_page, generate, link, page


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("behaviour")
    pages = {
        "models/shared/pet.md": page(
            "Pet",
            [
                ("id", "*::String*", REQ, "The id."),
                ("name", "*T.nilable(::String)*", REQ, "May be null, never absent."),
                ("age", "*T.nilable(::Integer)*", OPT, "May be absent or null."),
                ("weight", "*::Float*", REQ, "A number."),
                ("tags", "T::Array<*::String*>", OPT, "Strings."),
                ("status", link("PetStatus", "petstatus"), REQ, "Closed enum."),
                ("kind", f"[T.nilable(Models::Shared::PetKind)](../../models/shared/petkind.md)", OPT, "Open enum."),
                ("owner", link("Owner", "owner"), OPT, "Nested."),
                ("born_at", "[Date](https://ruby-doc.org/x/Date.html)", REQ, "YYYY-MM-DDTHH:mm:ss.sssZ"),
                ("birthday", "[Date](https://ruby-doc.org/x/Date.html)", OPT, "In `YYYY-MM-DD` format."),
                ("extra", "T::Hash[Symbol, *::Object*]", OPT, "Anything."),
                ("fields_", "T::Array<" + link("Pet", "pet") + ">", OPT, "Self reference, escaped name."),
                ("type", "*::String*", OPT, "Shadows a builtin."),
                ("class", "*::String*", OPT, "A keyword."),
            ],
            body="A pet.",
        ),
        "models/shared/petstatus.md": enum_page("PetStatus", ["AVAILABLE", "SOLD"]),
        "models/shared/petkind.md": enum_page("PetKind", ["CAT", "DOG"], open_=True),
        "models/shared/owner.md": page(
            "Owner",
            [
                ("name", "*::String*", REQ, "N/A"),
                ("pets", "T::Array<" + link("Pet", "pet") + ">", OPT, "Mutual reference."),
            ],
        ),
    }
    return generate(tmp, pages)


def payload() -> dict:
    return {
        "id": "p1",
        "name": None,
        "weight": 3,
        "status": "SOLD",
        "kind": "HAMSTER",
        "owner": {"name": "Ann", "pets": [{"id": "p2", "name": "Rex", "weight": 1.5, "status": "AVAILABLE", "born_at": "2020-01-01T00:00:00Z"}]},
        "born_at": "2022-08-07T14:01:29.196Z",
        "birthday": "2019-05-04",
        "extra": {"a": [1, {"b": None}]},
        "fields": [{"id": "p3", "name": "x", "weight": 2.0, "status": "AVAILABLE", "born_at": "2021-01-01T10:00:00+02:00"}],
        "type": "cat",
        "class": "mammal",
    }


def test_exports_and_contract_names(pkg):
    assert set(pkg.__all__) == {"Pet", "PetStatus", "PetKind", "Owner", "UNSET", "Unset", "DecodeError", "decode", "encode"}
    assert issubclass(pkg.DecodeError, ValueError)
    assert isinstance(pkg.UNSET, pkg.Unset)
    assert not pkg.UNSET


def test_round_trip_is_exact(pkg):
    d = payload()
    pet = pkg.Pet.from_dict(d)
    assert pet.to_dict() == d
    assert pkg.Pet.from_json(json.dumps(d)).to_dict() == d
    assert json.loads(pet.to_json()) == d
    assert pkg.encode(pkg.decode("Pet", d)) == d


def test_three_states(pkg):
    d = payload()
    pet = pkg.Pet.from_dict(d)
    assert pet.name is None  # explicit null
    assert pet.age is pkg.UNSET  # absent
    assert "age" not in pet.to_dict()
    d["age"] = None
    assert pkg.Pet.from_dict(d).age is None
    assert pkg.Pet.from_dict(d).to_dict()["age"] is None


def test_attribute_names_and_wire_names(pkg):
    names = {f.name: f.metadata["json"] for f in dataclasses.fields(pkg.Pet)}
    assert names["fields"] == "fields"  # Ruby's `fields_` escape undone
    assert names["type_"] == "type"
    assert names["class_"] == "class"
    pet = pkg.Pet.from_dict(payload())
    assert pet.fields[0].id == "p3"
    assert pet.class_ == "mammal"


def test_values_have_the_documented_types(pkg):
    pet = pkg.Pet.from_dict(payload())
    assert pet.status is pkg.PetStatus.SOLD
    assert pet.kind == "HAMSTER" and not isinstance(pet.kind, pkg.PetKind)  # open enum keeps it
    assert pet.born_at == dt.datetime(2022, 8, 7, 14, 1, 29, 196000, tzinfo=dt.timezone.utc)
    assert pet.birthday == dt.date(2019, 5, 4)  # the description says YYYY-MM-DD
    assert isinstance(pet.owner, pkg.Owner) and isinstance(pet.owner.pets[0], pkg.Pet)
    assert pet.weight == 3  # an int is a number


def test_construct_with_keywords(pkg):
    pet = pkg.Pet(
        id="x",
        name="n",
        weight=1.0,
        status=pkg.PetStatus.AVAILABLE,
        born_at=dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc),
    )
    assert pet.age is pkg.UNSET
    assert pet.to_dict() == {
        "id": "x",
        "name": "n",
        "weight": 1.0,
        "status": "AVAILABLE",
        "born_at": "2020-01-01T00:00:00Z",
    }
    with pytest.raises(TypeError):
        pkg.Pet("x")  # keyword-only


@pytest.mark.parametrize(
    "mutate, path",
    [
        (lambda d: d.pop("id"), "$.id"),
        (lambda d: d.update(weight=True), "$.weight"),
        (lambda d: d.update(status="GONE"), "$.status"),
        (lambda d: d.update(kind=7), "$.kind"),
        (lambda d: d["owner"]["pets"][0].update(status=None), "$.owner.pets[0].status"),
        (lambda d: d["fields"].append("nope"), "$.fields[1]"),
        (lambda d: d.update(born_at="2022-02-30T00:00:00Z"), "$.born_at"),
        (lambda d: d.update(tags=["a", 1]), "$.tags[1]"),
        (lambda d: d.update(owner=[]), "$.owner"),
    ],
)
def test_decode_errors_name_the_path(pkg, mutate, path):
    d = payload()
    mutate(d)
    with pytest.raises(pkg.DecodeError) as info:
        pkg.Pet.from_dict(d)
    assert info.value.path == path
    assert str(info.value).startswith(path + ": expected") or "missing" in str(info.value)


@pytest.mark.parametrize("raw", ["", "[", "NaN", '{"id": NaN}', "1" * 5000, "[" * 5000 + "]" * 5000, b"\xff"])
def test_garbage_json_raises_decode_error(pkg, raw):
    with pytest.raises(pkg.DecodeError):
        pkg.Pet.from_json(raw)


def test_deep_self_reference_is_a_decode_error_not_a_crash(pkg):
    d = payload()
    node = d
    for _ in range(3000):
        child = {"id": "c", "name": None, "weight": 1, "status": "SOLD", "born_at": "2020-01-01T00:00:00Z"}
        node["fields"] = [child]
        node = child
    with pytest.raises(pkg.DecodeError):
        pkg.Pet.from_dict(d)


def test_enum_decode_and_encode(pkg):
    assert pkg.decode(pkg.PetStatus, "SOLD") is pkg.PetStatus.SOLD
    assert pkg.decode("PetKind", "NEW") == "NEW"
    with pytest.raises(pkg.DecodeError):
        pkg.decode("PetStatus", "NEW")
    assert pkg.encode(pkg.PetStatus.SOLD) == "SOLD"


def test_docstrings_come_from_the_docs(pkg):
    import inspect

    assert inspect.getdoc(pkg.Pet) == "A pet."
    src = inspect.getsource(inspect.getmodule(pkg.Pet))
    assert '"""Self reference, escaped name."""' in src


def test_import_is_lazy(tmp_path):
    mod = generate(
        tmp_path,
        {
            "models/shared/a.md": page("A", [("x", "*::String*", REQ, "")]),
            "models/shared/b.md": page("B", [("y", "*::String*", REQ, "")]),
        },
    )
    import sys

    assert f"{mod.__name__}.models.a" not in sys.modules
    assert mod.A.from_dict({"x": "1"}).x == "1"
    assert f"{mod.__name__}.models.a" in sys.modules
    assert f"{mod.__name__}.models.b" not in sys.modules
