"""The payloads bench/serializers.py measures, built from the docs' own examples.

Both start from the `## Example Usage` block of a page of the TypeScript SDK docs
in the shared corpus (an object literal: bare keys, trailing commas,
`new Date("...")`), read here into JSON values, then grown:

* ``integration()``: GetIntegrationsIntegrationIdPositiveResponse with 10 read
  models of 10 fields each and 10 write actions of 5 fields each (175 objects).
* ``employees()``: GetHrisEmployeesPositiveResponse with 100 employees, each a
  variant of the example employee (12 objects each, 1,202 in all).

Values vary from copy to copy (ids, labels, enum values, booleans), so that no
decoder profits from every string being the same object.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

from _common import CORPUS

TS_MODELS = CORPUS / "kombo-typescript-1.3.4" / "models"


# --- reading a TypeScript object literal ------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+|//[^\n]*)
  | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<date>new\s+Date\(\s*(?P<datestr>"(?:[^"\\]|\\.)*")\s*\))
  | (?P<word>[A-Za-z_$][A-Za-z0-9_$]*)
  | (?P<punct>[{}\[\]:,])
    """,
    re.VERBOSE,
)


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise ValueError(f"cannot read the literal at {text[pos:pos + 30]!r}")
        pos = m.end()
        kind = m.lastgroup
        if kind == "ws":
            continue
        if kind == "datestr":  # pragma: no cover - lastgroup names the outer group
            kind = "date"
        if kind == "date":
            out.append(("string", m.group("datestr")))
        else:
            out.append((kind or "", m.group()))
    return out


def _string(tok: str) -> str:
    if tok.startswith("'"):
        tok = '"' + tok[1:-1].replace('\\"', '"').replace('"', '\\"') + '"'
    value: str = json.loads(tok)
    return value


def ts_literal(text: str) -> Any:
    """The JSON value of a TypeScript object literal as the SDK docs write them."""
    toks = _tokens(text)
    pos = 0

    def value() -> Any:
        nonlocal pos
        kind, tok = toks[pos]
        pos += 1
        if tok == "{":
            obj: dict[str, Any] = {}
            while toks[pos][1] != "}":
                k_kind, k_tok = toks[pos]
                key = _string(k_tok) if k_kind == "string" else k_tok
                if toks[pos + 1][1] != ":":
                    raise ValueError(f"expected ':' after key {key!r}")
                pos += 2
                obj[key] = value()
                if toks[pos][1] == ",":
                    pos += 1
            pos += 1
            return obj
        if tok == "[":
            arr: list[Any] = []
            while toks[pos][1] != "]":
                arr.append(value())
                if toks[pos][1] == ",":
                    pos += 1
            pos += 1
            return arr
        if kind == "string":
            return _string(tok)
        if kind == "number":
            return json.loads(tok)
        if tok in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[tok]
        raise ValueError(f"unexpected token {tok!r}")

    result = value()
    if pos != len(toks):
        raise ValueError(f"trailing tokens after the literal: {toks[pos:pos + 3]}")
    return result


def example_usage(page: Path) -> Any:
    """The value of the `let value: T = {...};` in a page's Example Usage block."""
    text = page.read_text(encoding="utf-8")
    section = text.split("## Example Usage", 1)[1]
    code = section.split("```typescript", 1)[1].split("```", 1)[0]
    literal = code.split("=", 1)[1].strip()
    literal = literal.removesuffix(";")
    return ts_literal(literal)


# --- the payloads -------------------------------------------------------------------

COVERAGE = ["SUPPORTED", "UNSUPPORTED", "NOT_IMPLEMENTED", "UNKNOWN"]
SETTING = ["ENABLED", "DISABLED", "OPTIONAL"]


def integration(read_models: int = 10, read_fields: int = 10,
                write_actions: int = 10, write_fields: int = 5) -> dict[str, Any]:
    base = example_usage(TS_MODELS / "getintegrationsintegrationidpositiveresponse.md")
    data = base["data"]
    rm_template = data["read_models"][0]
    rf_template = rm_template["fields"][0]
    wa_template = data["write_actions"][0]
    wf_template = wa_template["fields"][0]

    rms = []
    for i in range(read_models):
        rm = copy.deepcopy(rm_template)
        rm["id"] = f"{rm_template['id']}_{i}"
        rm["label"] = f"{rm_template['label']} {i}"
        rm["is_available"] = i % 3 != 0
        rm["coverage_status"] = COVERAGE[i % 4]
        rm["scope_config_setting"] = SETTING[i % 3]
        rm["opted_out_by_customer"] = i % 2 == 0
        fields = []
        for j in range(read_fields):
            f = copy.deepcopy(rf_template)
            f["id"] = f"{rf_template['id']}_{i}_{j}"
            f["is_available"] = (i + j) % 2 == 0
            f["coverage_status"] = COVERAGE[(i + j) % 4]
            f["scope_config_setting"] = SETTING[(i + j) % 3]
            f["opted_out_by_customer"] = j % 3 == 0
            fields.append(f)
        rm["fields"] = fields
        rms.append(rm)

    was = []
    for i in range(write_actions):
        wa = copy.deepcopy(wa_template)
        wa["id"] = f"{wa_template['id']}_{i}"
        wa["label"] = f"{wa_template['label']} {i}"
        wa["is_available"] = i % 4 != 0
        wa["coverage_status"] = COVERAGE[(i + 1) % 4]
        wa["scope_config_setting"] = SETTING[(i + 2) % 3]
        wa["opted_out_by_customer"] = i % 5 == 0
        fields = []
        for j in range(write_fields):
            f = copy.deepcopy(wf_template)
            f["id"] = f"{wf_template['id']}_{i}_{j}"
            f["is_available"] = (i * j) % 2 == 0
            f["coverage_status"] = COVERAGE[(i + 2 * j) % 4]
            fields.append(f)
        wa["fields"] = fields
        was.append(wa)

    data["read_models"] = rms
    data["write_actions"] = was
    return base


def employees(count: int = 100) -> dict[str, Any]:
    base = example_usage(TS_MODELS / "gethrisemployeespositiveresponse.md")
    template = base["data"]["results"][0]
    genders = ["MALE", "FEMALE", "NON_BINARY", "NOT_SPECIFIED"]
    statuses = ["ACTIVE", "PENDING", "INACTIVE", "LEAVE"]
    results = []
    for i in range(count):
        e = copy.deepcopy(template)
        e["id"] = f"{template['id'][:-4]}{i:04d}"
        e["remote_id"] = str(1000 + i)
        e["employee_number"] = str(3243422 + i)
        e["first_name"] = f"{template['first_name']}{i}"
        e["display_full_name"] = f"{e['first_name']} {e['last_name']}"
        e["work_email"] = f"john.doe{i}@acme.com"
        e["personal_email"] = f"john{i}@doe.me"
        e["gender"] = genders[i % 4]
        e["employment_status"] = statuses[i % 4]
        e["weekly_hours"] = 20 + i % 21
        e["start_date"] = f"20{10 + i % 14:02d}-04-07T00:00:00Z"
        e["employments"][0]["id"] = f"emp{i:04d}"
        e["employments"][0]["employee_id"] = e["id"]
        e["employments"][0]["pay_rate"] = 50000 + 250 * i
        e["time_off_balances"][0]["id"] = f"tob{i:04d}"
        e["time_off_balances"][0]["employee_id"] = e["id"]
        e["time_off_balances"][0]["balance"] = i % 30
        e["groups"][0]["id"] = f"grp{i % 7:04d}"
        e["manager"]["id"] = f"mgr{i % 9:04d}"
        results.append(e)
    base["data"]["results"] = results
    return base


def count_objects(value: Any) -> int:
    """JSON objects in a value (a rough count; the benchmark counts model instances)."""
    if isinstance(value, dict):
        return 1 + sum(count_objects(v) for v in value.values())
    if isinstance(value, list):
        return sum(count_objects(v) for v in value)
    return 0


if __name__ == "__main__":
    for name, build in (("integration", integration), ("employees", employees)):
        p = build()
        raw = json.dumps(p, separators=(",", ":")).encode()
        print(f"{name}: {count_objects(p)} JSON objects, {len(raw):,} bytes")
