"""Every SDK doc dialect: notations, hand-written pages, every sample corpus.

* ``tests/dialect_pages/<dialect>/`` are small specs written for each dialect (the
  Ruby Crystalline notation has no public sample): detection must pick the folder's
  dialect and the IR must say what the pages say;
* every corpus under ``../shared/corpus`` reads with no error and no unknown
  notation (E020), is detected as its dialect, and (slow) generates a package that
  imports and passes ``mypy --strict --python-version 3.10``.

The IR of a spec folder is built once per process (``ir_of``) and shared with
``test_dialects_equivalence.py``; both modules run on one xdist worker.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.config import Settings
from generator.dialects import DIALECTS, get
from generator.dialects.base import camel_case, lower_first_word, snake_case, words
from generator.dialects.grammar import NotationError, OptionalMark, parse_type
from generator.dialects.wirenames import convention
from generator.ir_json import spec_to_json
from generator.parse.page import Table, parse_page
from generator.pipeline import build_ir
from generator.types import spell
from tests.conftest import CORPUS, ROOT, run_cli

PAGES = Path(__file__).resolve().parent / "dialect_pages"
GROUP = pytest.mark.xdist_group("dialects")  # tests sharing ``ir_of``'s cache

# corpus name -> (spec folder, the dialect detection must pick)
CORPORA: dict[str, tuple[Path, str]] = {
    "kombo-ruby": (ROOT / "specs", "ruby-sorbet"),
    "kombo-python": (CORPUS / "kombo-python-1.3.4", "speakeasy-python"),
    "kombo-typescript": (CORPUS / "kombo-typescript-1.3.4", "speakeasy-typescript"),
    "python-unstructured": (CORPUS / "samples" / "python-unstructured", "speakeasy-python"),
    "typescript-glean": (CORPUS / "samples" / "typescript-glean", "speakeasy-typescript"),
    "go-formance": (CORPUS / "samples" / "go-formance", "speakeasy-go"),
    "java-formance": (CORPUS / "samples" / "java-formance", "speakeasy-java"),
    "csharp-fastpix": (CORPUS / "samples" / "csharp-fastpix", "speakeasy-csharp"),
    "php-dub": (CORPUS / "samples" / "php-dub", "speakeasy-php"),
    "ruby-fastpix": (CORPUS / "samples" / "ruby-fastpix", "ruby-sorbet"),
    "openapi-python-airflow": (CORPUS / "samples" / "openapi-python-airflow", "openapi-python"),
}


@dataclass
class IRRun:
    """What `mdcodegen ir` prints for a folder, plus its diagnostics."""

    doc: dict[str, Any]  # the IR JSON document
    dialect: str
    detection: str
    codes: Counter[str]
    errors: list[str]
    # (page, line) of fields whose nullability the notation does not show (W102):
    # the IR says nullable for them, as the generated code decodes them.
    unknown_nullability: frozenset[tuple[str, int]]
    pages: int


# A path with no file: the IR of the docs alone, without the folder's overrides
# (specs/ has some derived from the other dialects' docs; these tests are about
# what each dialect reads).
NO_OVERRIDES = str(PAGES / "no-such-overrides.toml")


@functools.cache
def ir_of(spec: Path) -> IRRun:
    """`mdcodegen ir SPEC --overrides <none>` in process (the calls the command makes)."""
    root = os.path.abspath(spec)
    result = build_ir(Settings(spec=root, dialect="auto", cache=False, overrides=NO_OVERRIDES))
    doc = json.loads(json.dumps(spec_to_json(result.models, result.dialect.name)))
    items = result.reporter.items
    unknown = frozenset(
        (os.path.relpath(d.path, root).replace(os.sep, "/"), d.line)
        for d in items
        if d.code == "W102"
    )
    return IRRun(
        doc=doc,
        dialect=result.dialect.name,
        detection=result.detection,
        codes=Counter(d.code for d in items),
        errors=[d.render() for d in items if d.severity == "error"],
        unknown_nullability=unknown,
        pages=len(result.pages),
    )


def models_by_name(run: IRRun) -> dict[str, dict[str, Any]]:
    return {m["name"]: m for m in run.doc["models"]}


def fields_of(run: IRRun, model: str) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in models_by_name(run)[model]["fields"]}


def short(t: str) -> str:
    """`ref<docs/models/shared/Volume.md>` -> `ref<Volume>`: readable expectations."""
    import re

    return re.sub(r"ref<(?:[^<>]*/)?([^/<>]+)\.md>", r"ref<\1>", t)


# --- the registry ------------------------------------------------------------------


def test_every_dialect_is_registered_with_markers_and_a_unique_name() -> None:
    expected = {
        "ruby-sorbet", "ruby-crystalline", "speakeasy-python", "speakeasy-typescript", "speakeasy-go",
        "speakeasy-java", "speakeasy-csharp", "speakeasy-php", "openapi-python",
    }  # fmt: skip
    assert set(DIALECTS) == expected
    for name, dialect in DIALECTS.items():
        assert dialect.name == name and dialect.markers, name
        assert dialect.field_case in ("wire", "snake", "camel", "pascal"), name


# --- Type cells, one notation at a time -----------------------------------------------

# (dialect, the cell as written in the table, the type it means); OptionalMark
# spells as `optional<...>`: the Required column decides what it means.
NOTATIONS = [
    ("speakeasy-python", "*Optional[str]*", "optional<string>"),
    ("speakeasy-python", "*Nullable[str]*", "nullable<string>"),
    ("speakeasy-python", "*OptionalNullable[float]*", "optional<nullable<number>>"),
    ("speakeasy-python", '*Literal["success"]*', 'const<"success">'),
    ("speakeasy-python", "*Literal[False]*", "const<false>"),
    ("speakeasy-python", "List[[models.X](../models/x.md)]", "list<named<models.X>>"),
    ("speakeasy-python", "Dict[str, *Any*]", "map<any>"),
    ("speakeasy-python", "List[Dict[str, *Any*]]", "list<map<any>>"),
    ("speakeasy-python", "`*int*`", "integer"),
    (
        "speakeasy-python",
        "[date](https://docs.python.org/3/library/datetime.html#date-objects)",
        "temporal<date>",
    ),
    ("speakeasy-python", "[Optional[models.X]](../models/x.md)", "optional<named<models.X>>"),
    (
        "speakeasy-python",
        "*Union[bytes, IO[bytes], io.BufferedReader]*",
        "union<external<bytes>, external<IO>, external<io.BufferedReader>>",
    ),
    (
        "speakeasy-python",
        "[httpx.Response](https://www.python-httpx.org/api/#response)",
        "external<httpx.Response>",
    ),
    ("speakeasy-typescript", "*string*", "string"),
    ("speakeasy-typescript", "*number*[]", "list<number>"),
    (
        "speakeasy-typescript",
        "[components.X](../../models/components/x.md)[]",
        "list<named<components.X>>",
    ),
    ("speakeasy-typescript", "Record<string, *any*>", "map<any>"),
    (
        "speakeasy-typescript",
        "Record<string, [components.X](x.md)[]>",
        "map<list<named<components.X>>>",
    ),
    ("speakeasy-typescript", '*"success"*', 'const<"success">'),
    ("speakeasy-typescript", "*components.X*", "named<components.X>"),
    ("speakeasy-typescript", "*ReadableStream<Uint8Array>*", "external<ReadableStream>"),
    ("speakeasy-typescript", "[RFCDate](../../types/rfcdate.md)", "date"),
    ("speakeasy-typescript", "`{ [k: string]: models.X }`", "map<named<models.X>>"),
    ("speakeasy-go", "`*string`", "nullable<string>"),
    ("speakeasy-go", "[]`string`", "list<string>"),
    ("speakeasy-go", "[][shared.X](../../x.md)", "list<named<shared.X>>"),
    ("speakeasy-go", "map[string]`any`", "map<any>"),
    ("speakeasy-go", "map[string]map[string][shared.V](v.md)", "map<map<named<shared.V>>>"),
    ("speakeasy-go", "[]map[string]map[string]`int64`", "list<map<map<integer>>>"),
    ("speakeasy-go", "[time.Time](https://pkg.go.dev/time#Time)", "datetime"),
    ("speakeasy-go", "[*time.Time](https://pkg.go.dev/time#Time)", "nullable<datetime>"),
    ("speakeasy-go", "[*big.Int](https://pkg.go.dev/math/big#Int)", "integer"),
    ("speakeasy-go", "map[string][*big.Int](https://pkg.go.dev/math/big#Int)", "map<integer>"),
    (
        "speakeasy-go",
        "[*http.Response](https://pkg.go.dev/net/http#Response)",
        "nullable<external<http.Response>>",
    ),
    ("speakeasy-java", "*Optional\\<String>*", "optional<string>"),
    ("speakeasy-java", "*JsonNullable\\<String>*", "optional<nullable<string>>"),
    ("speakeasy-java", "Map\\<String, Map\\\\<String, [V](V.md)>>", "map<map<named<V>>>"),
    (
        "speakeasy-java",
        "List\\<Map\\\\<String, Map\\\\\\<String, *long*>>>",
        "list<map<map<integer>>>",
    ),
    ("speakeasy-java", "*BigInteger*", "integer"),
    ("speakeasy-java", "[OffsetDateTime](https://docs.oracle.com/)", "temporal<OffsetDateTime>"),
    (
        "speakeasy-java",
        "[HttpResponse\\<InputStream>](https://docs.oracle.com/)",
        "external<HttpResponse>",
    ),
    ("speakeasy-java", "byte[]", "external<ByteArray>"),
    ("speakeasy-csharp", "List<*string*>", "list<string>"),
    ("speakeasy-csharp", "Dictionary<String, *object*>", "map<any>"),
    ("speakeasy-csharp", "*decimal*", "number"),
    ("speakeasy-csharp", "[DateTime](https://learn.microsoft.com/)", "temporal<DateTime>"),
    (
        "speakeasy-csharp",
        "List<[Models.Requests.Input](../../Models/Requests/Input.md)>",
        "list<named<Models.Requests.Input>>",
    ),
    ("speakeasy-php", "*?string*", "nullable<string>"),
    (
        "speakeasy-php",
        "[?Components\\Tag](../../Models/Components/Tag.md)",
        "nullable<named<Components\\Tag>>",
    ),
    ("speakeasy-php", "array<*string*>", "list<string>"),
    ("speakeasy-php", "array<string, *mixed*>", "map<any>"),
    (
        "speakeasy-php",
        "[string\\|array\\|null](../../Models/Operations/TagIds.md)",
        "nullable<union<string, any>@../../Models/Operations/TagIds.md>",
    ),
    ("ruby-crystalline", "*Crystalline::Nilable.new(::String)*", "nullable<string>"),
    ("ruby-crystalline", "*Crystalline::Boolean.new*", "boolean"),
    ("ruby-crystalline", "Crystalline::Array<*::String*>", "list<string>"),
    ("ruby-crystalline", "Crystalline::Array.new(::Integer)", "list<integer>"),
    ("ruby-crystalline", "Crystalline::Hash[Symbol, *::Object*]", "map<any>"),
    (
        "ruby-crystalline",
        "[Crystalline::Nilable.new(Crystalline::Union.new(Models::Shared::A, Models::Shared::B))](../../models/shared/u.md)",
        "nullable<union<named<Models::Shared::A>, named<Models::Shared::B>>@../../models/shared/u.md>",
    ),
    (
        "ruby-sorbet",
        "[T.nilable(Models::Shared::X)](../../models/shared/x.md)",
        "nullable<named<Models::Shared::X>>",
    ),
    ("openapi-python", "**str**", "string"),
    ("openapi-python", "**Dict[str, object]**", "map<any>"),
    ("openapi-python", "[**List[Optional[State]]**](State.md)", "list<nullable<named<State>>>"),
    ("openapi-python", "**datetime**", "datetime"),
]


def cell(text: str) -> Any:
    raw = parse_page("x.md", f"# X\n\n## Fields\n\n| Field | Type |\n| - | - |\n| `a` | {text} |\n")
    table = raw.sections[0].blocks[0]
    assert isinstance(table, Table)
    return table.rows[0][1]


def spell_mark(t: Any) -> str:
    return f"optional<{spell_mark(t.inner)}>" if isinstance(t, OptionalMark) else spell(t)


@pytest.mark.parametrize(("dialect", "text", "expected"), NOTATIONS)
def test_notation(dialect: str, text: str, expected: str) -> None:
    assert spell_mark(parse_type(get(dialect).grammar, cell(text).inline)) == expected


@pytest.mark.parametrize(
    ("dialect", "text"),
    [
        ("speakeasy-go", "map[string]"),  # a map needs its value type
        ("speakeasy-python", "Dict[str]"),
        ("speakeasy-typescript", "*Strng*"),
        ("speakeasy-java", "Optional\\<String"),
    ],
)
def test_bad_notation_is_an_error_with_a_column(dialect: str, text: str) -> None:
    with pytest.raises(NotationError) as err:
        parse_type(get(dialect).grammar, cell(text).inline)
    assert err.value.col >= 1


# --- wire-name rules ----------------------------------------------------------------


def test_name_shapes() -> None:
    assert words("APIKey") == ["API", "Key"] and words("PoolID") == ["Pool", "ID"]
    assert [lower_first_word(n) for n in ("PoolID", "APIKey", "ID", "CreatedAt")] == [
        "poolID",
        "apiKey",
        "id",
        "createdAt",
    ]
    assert camel_case("media_policy") == "mediaPolicy" and snake_case("PoolID") == "pool_id"
    assert convention({"createdAt", "id", "mediaId"}) == "camel"
    assert convention({"created_at", "mediaId", "event_name"}) == "snake"
    assert convention({"id", "name"}) is None


# --- hand-written pages, one folder per dialect ----------------------------------------

# dialect folder -> {(model, field): (type, required, nullable, wire name)}
EXPECTED_FIELDS: dict[str, dict[tuple[str, str], tuple[str, bool, bool, str]]] = {
    "ruby-crystalline": {
        ("Pet", "nickname"): ("string", False, True, "nickname"),
        ("Pet", "vaccinated"): ("boolean", True, False, "vaccinated"),
        ("Pet", "weight"): ("number", True, True, "weight"),
        ("Pet", "labels"): ("map<any>", False, False, "labels"),
        ("Pet", "scores"): ("list<nullable<integer>>", False, False, "scores"),
        ("Pet", "owner"): ("ref<owner>", False, True, "owner"),
        ("Pet", "tags"): ("list<ref<tag>>", True, False, "tags"),
        ("Pet", "animal"): ("ref<animal>", False, True, "animal"),
        ("Pet", "born_on"): ("date", False, True, "born_on"),
        ("Pet", "registered_at"): ("datetime", True, True, "registered_at"),
    },
    "speakeasy-python": {
        ("Event", "status"): ('const<"success">', True, False, "status"),
        ("Event", "remote_id"): ("string", True, True, "remote_id"),
        ("Event", "note"): ("string", False, False, "note"),
        ("Event", "label"): ("string", False, True, "label"),
        ("Event", "count"): ("integer", True, False, "count"),
        ("Event", "date_"): ("date", True, True, "date"),
        ("Event", "changed_at"): ("datetime", False, True, "changed_at"),
        ("Event", "kind"): ("ref<kind>", False, False, "kind"),
        ("Event", "pets"): ("list<ref<pet>>", True, False, "pets"),
        ("Event", "is_writable"): ("const<false>", True, False, "is_writable"),
    },
    "speakeasy-typescript": {
        ("Agent", "status"): ('const<"success">', True, True, "status"),
        ("Agent", "tags"): ("list<string>", False, True, "tags"),
        ("Agent", "createdAt"): ("datetime", True, True, "createdAt"),
        ("Agent", "birthday"): ("date", False, True, "birthday"),
        ("Agent", "owners"): ("list<ref<person>>", False, True, "owners"),
        ("Agent", "byName"): ("map<ref<person>>", False, True, "byName"),
        ("Agent", "body"): ("external<ReadableStream>", False, True, "body"),
    },
    "speakeasy-go": {
        ("Ledger", "DisplayName"): ("string", True, True, "display_name"),
        ("Ledger", "Note"): ("string", False, True, "note"),
        ("Ledger", "Amount"): ("integer", True, False, "amount"),
        ("Ledger", "CreatedAt"): ("datetime", True, False, "created_at"),
        ("Ledger", "ClosedAt"): ("datetime", False, True, "closed_at"),
        ("Ledger", "Volumes"): ("map<map<ref<account>>>", False, False, "volumes"),
        ("Ledger", "Counts"): ("list<map<integer>>", False, False, "counts"),
        ("Account", "AccountID"): ("string", True, False, "account_id"),
        ("Account", "ClosingBalance"): ("integer", False, True, "closing_balance"),
        ("GetLedgerResponse", "HTTPMeta"): ("external<http.Response>", True, True, "http_meta"),
    },
    "speakeasy-java": {
        ("Chart", "description"): ("string", False, False, "description"),
        ("Chart", "provider"): ("string", True, True, "provider"),
        ("Chart", "cursor"): ("string", False, True, "cursor"),
        ("Chart", "amount"): ("integer", True, False, "amount"),
        ("Chart", "volumes"): ("map<map<ref<Volume>>>", False, False, "volumes"),
        ("Chart", "deep"): ("list<map<map<integer>>>", False, False, "deep"),
        ("Chart", "volume"): ("ref<Volume>", True, True, "volume"),
        ("Chart", "createdAt"): ("datetime", True, True, "createdAt"),
        ("Chart", "default_"): ("boolean", False, False, "default"),
    },
    "speakeasy-csharp": {
        ("Playlist", "Id"): ("string", True, True, "id"),
        ("Playlist", "MediaCount"): ("integer", False, True, "mediaCount"),
        ("Playlist", "Price"): ("number", False, True, "price"),
        ("Playlist", "Metadata"): ("map<any>", False, True, "metadata"),
        ("Playlist", "CreatedAt"): ("datetime", False, True, "createdAt"),
        ("Playlist", "Item"): ("ref<PlaylistItem>", False, True, "item"),
        ("PlaylistItem", "MediaId"): ("string", True, True, "mediaId"),
    },
    "speakeasy-php": {
        ("Link", "title"): ("string", False, True, "title"),
        ("Link", "archived"): ("boolean", True, False, "archived"),
        ("Link", "tags"): ("list<ref<Tag>>", True, False, "tags"),
        ("Link", "geo"): ("map<string>", False, False, "geo"),
        ("Link", "owner"): ("ref<Tag>", False, True, "owner"),
        ("Link", "tagIds"): ("ref<TagIds>", False, True, "tagIds"),
    },
    "openapi-python": {
        ("Connection", "connection_id"): ("string", True, True, "connection_id"),
        ("Connection", "var_schema"): ("string", False, True, "schema"),
        ("Connection", "port"): ("integer", False, True, "port"),
        ("Connection", "hosts"): ("list<string>", True, True, "hosts"),
        ("Connection", "day"): ("date", False, True, "day"),
        ("Connection", "states"): ("list<nullable<ref<State>>>", False, True, "states"),
        ("Connection", "uid"): ("string", False, True, "uid"),
    },
}

# dialect folder -> {model: spelled members (unions) or values (enums)}
EXPECTED_MODELS: dict[str, dict[str, Any]] = {
    "ruby-crystalline": {
        "Animal": ["ref<cat>", "ref<dog>"],
        "Status": ("open", ["available", "sold"]),
    },
    "speakeasy-python": {
        "Payload": ["ref<pet>", "string", "datetime"],
        "Kind": ("open", ["BIG", "SMALL", "1"]),
    },
    "speakeasy-typescript": {
        "Content": ["ref<person>", "map<ref<person>>", "datetime", "list<string>"],
        "Mode": ("open", ["fast", "slow"]),
    },
    "speakeasy-go": {"TargetID": ["string", "integer", "ref<account>"]},
    "speakeasy-java": {"Subject": []},
    "speakeasy-csharp": {
        "PlayerHeight": ["string", "integer"],
        "Request": ["ref<RequestManual>", "ref<PlaylistItem>", "external<Smart>"],
    },
    "speakeasy-php": {"TagIds": ["string", "list<string>", "ref<Tag>"]},
    "openapi-python": {"State": ("closed", ["queued", "up_for_retry"])},
}


@GROUP
@pytest.mark.parametrize("dialect", sorted(EXPECTED_FIELDS))
def test_hand_written_pages(dialect: str) -> None:
    run = ir_of(PAGES / dialect)
    assert run.errors == []
    assert run.dialect == dialect, run.detection
    assert {m["dialect"] for m in run.doc["models"]} == {dialect}
    models = models_by_name(run)
    for (model, name), (type_, required, nullable, wire) in EXPECTED_FIELDS[dialect].items():
        f = fields_of(run, model)[name]
        got = (short(f["type"]), f["required"], f["nullable"], f["wire_name"])
        assert got == (type_, required, nullable, wire), f"{dialect} {model}.{name}"
    for model, expected in EXPECTED_MODELS[dialect].items():
        m = models[model]
        if m["kind"] == "union":
            assert [short(t) for t in m["members"]] == expected, model
        else:
            openness, values = expected
            assert (m["open"], [v["value"] for v in m["values"]]) == (
                openness == "open",
                values,
            ), model


@GROUP
def test_additional_properties_rows_are_not_fields() -> None:
    for dialect, model, additional in [
        ("speakeasy-python", "Event", "any"),
        ("speakeasy-typescript", "Agent", "any"),
        ("speakeasy-go", "Ledger", "any"),
        ("speakeasy-java", "Chart", "any"),
    ]:
        m = models_by_name(ir_of(PAGES / dialect))[model]
        assert m["additional"] == additional, dialect
        assert not {"__pydantic_extra__", "additionalProperties", "AdditionalProperties"} & {
            f["name"] for f in m["fields"]
        }


@GROUP
def test_sdk_pages_are_skipped_with_a_warning() -> None:
    for dialect, model in [("speakeasy-python", "RetryConfig"), ("speakeasy-go", "Options")]:
        run = ir_of(PAGES / dialect)
        assert model not in models_by_name(run)
        assert run.codes["W113"] == 1


@GROUP
def test_wire_names_come_from_example_payloads_first() -> None:
    """Go's `AccountID` is `account_id` because a payload shows that key; its
    siblings follow the snake_case the payloads use, each reported as a guess."""
    run = ir_of(PAGES / "speakeasy-go")
    account = fields_of(run, "Account")
    assert (account["AccountID"]["wire_name"], account["AccountID"]["wire_name_guessed"]) == (
        "account_id",
        False,
    )
    assert (
        account["ClosingBalance"]["wire_name"],
        account["ClosingBalance"]["wire_name_guessed"],
    ) == (
        "closing_balance",
        True,
    )
    assert run.codes["W106"] >= 10


GO_SPEC = {
    "shared/holder.md": """# Holder

## Fields

| Field      | Type                                 | Required           | Description | Example                                |
| ---------- | ------------------------------------ | ------------------ | ----------- | -------------------------------------- |
| `Owner`    | [shared.Account](account.md)         | :heavy_check_mark: | N/A         | {"account_id": "a1", "opened_at": "x"} |
| `Target`   | [shared.TargetID](targetid.md)       | :heavy_minus_sign: | N/A         |                                        |
""",
    "shared/account.md": """# Account

## Fields

| Field            | Type      | Required           | Description |
| ---------------- | --------- | ------------------ | ----------- |
| `AccountID`      | `string`  | :heavy_check_mark: | N/A         |
| `OpenedAt`       | `string`  | :heavy_check_mark: | N/A         |
| `ClosingBalance` | `*int64`  | :heavy_minus_sign: | N/A         |
""",
    "shared/targetid.md": """# TargetID

## Supported Types

### 

```go
targetID := shared.CreateTargetIDStr(string{/* values here */})
```

### 

```go
targetID := shared.CreateTargetIDBigint(*big.Int{/* values here */})
```
""",
}


def test_generated_code_uses_the_recovered_wire_names(tmp_path: Path) -> None:
    for rel, text in GO_SPEC.items():
        (tmp_path / "spec" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "spec" / rel).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    proc = run_cli(
        "generate",
        str(tmp_path / "spec"),
        "-o",
        str(out),
        "--package",
        "goledger",
        "-q",
        "--no-cache",
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    script = (
        "import goledger as g\n"
        "d = {'owner': {'account_id': 'a1', 'opened_at': 'x', 'closing_balance': None}, 'target': 12345678901234567890}\n"
        "h = g.Holder.from_dict(d)\n"
        "assert h.owner.account_id == 'a1' and h.target == 12345678901234567890\n"
        "assert h.to_dict() == d, h.to_dict()\n"
    )
    check = subprocess.run(
        [sys.executable, "-c", script],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert check.returncode == 0, check.stderr[-3000:]


# --- the corpora ----------------------------------------------------------------------


@GROUP
@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_corpus_reads_without_errors_in_its_dialect(corpus: str) -> None:
    spec, dialect = CORPORA[corpus]
    if not spec.is_dir():
        pytest.skip(f"{spec} is not available")
    run = ir_of(spec)
    models = run.doc["models"]
    print(
        f"{corpus}: {run.pages} pages, {len(models)} models, dialect {run.dialect}, "
        f"{len(run.errors)} errors, warnings {dict(sorted(run.codes.items()))}"
    )
    assert run.dialect == dialect, run.detection
    assert run.codes["E020"] == 0
    assert run.errors == []
    assert run.doc["dialect"] == dialect
    assert models and all(m["dialect"] == dialect for m in models)


def test_lint_explains_the_detection() -> None:
    proc = run_cli("lint", str(PAGES / "speakeasy-php"))
    assert proc.returncode == 0, proc.stderr
    [line] = [line for line in proc.stdout.splitlines() if line.endswith("[W114]")]
    assert "dialect 'speakeasy-php' detected" in line and "speakeasy-php=" in line
    chosen = run_cli(
        "lint", str(PAGES / "speakeasy-php"), "--dialect", "speakeasy-php", "--format", "json"
    )
    [item] = [i for i in json.loads(chosen.stdout) if i["code"] == "W114"]
    assert "chosen by configuration" in item["message"]


def test_ir_command_names_the_dialect_of_every_model() -> None:
    proc = run_cli("ir", str(PAGES / "openapi-python"))
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["dialect"] == "openapi-python"
    assert [m["dialect"] for m in doc["models"]] == ["openapi-python"] * len(doc["models"])


# --- generated packages (slow: black and mypy over ~6,000 modules) ---------------------

# Corpora whose packages the emitter cannot write yet; the reasons are emitter bugs,
# not notation (see the report of issue 5).  The tests run, and pass once fixed.
EMIT_BUGS: dict[str, str] = {}  # corpus -> why its package does not generate yet


@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mypy-cache")


@pytest.mark.slow
@pytest.mark.parametrize(
    "corpus",
    [
        (
            pytest.param(c, marks=pytest.mark.xfail(reason=EMIT_BUGS[c], strict=False))
            if c in EMIT_BUGS
            else c
        )
        for c in sorted(CORPORA)
        if c != "kombo-ruby"  # tests/test_corpus.py covers specs/
    ],
)
def test_corpus_package_imports_and_type_checks(
    corpus: str, tmp_path: Path, mypy_cache: Path
) -> None:
    spec, _ = CORPORA[corpus]
    if not spec.is_dir():
        pytest.skip(f"{spec} is not available")
    package = corpus.replace("-", "_") + "_models"
    proc = run_cli(
        "generate", str(spec), "-o", str(tmp_path), "--package", package, "-q", "--no-cache"
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    script = f"import {package} as p\nnames = [n for n in p.__all__ if n[0].isupper() and n not in ('UNSET', 'Unset', 'DecodeError')]\nassert names\nfor n in names:\n    getattr(p, n)\nprint(len(names))"
    imported = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert imported.returncode == 0, imported.stderr[-3000:]
    typed = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--cache-dir", str(mypy_cache),
         "-p", package],
        cwd=tmp_path, capture_output=True, text=True, check=False, timeout=900,
    )  # fmt: skip
    assert typed.returncode == 0, typed.stdout[-3000:]
    # Most modules skip black (emit.format.is_final): black must agree they are
    # final.  Every fourth module, so that the check stays cheap.
    from generator.emit.format import black_format

    modules = sorted((tmp_path / package).rglob("*.py"))
    unclean = [p.name for p in modules[::4] if black_format(p.read_text(encoding="utf-8")) != p.read_text(encoding="utf-8")]
    assert unclean == []
