"""The JavaScript-literal reader behind tests/tools/extract_examples.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.tools.extract_examples import (  # noqa: E402
    JSLiteralError,
    _cells,
    _example_values,
    parse_declarations,
    parse_js_value,
    render,
)


def test_object_literal_subset() -> None:
    src = """
    import { X } from "@kombo-api/sdk/models";

    let value: X = {
      id: "<id>",               // a comment
      'single': 'it\\'s',
      "quoted-key": "a\\"b\\n\\u00e9\\x41\\u{1F600}",
      list: [1, -2, 3.5e2, ],
      /* block
         comment */
      when: new Date("2022-08-07T14:01:29.196Z"),
      nothing: null, yes: true, no: false,
      nested: { deeper: { deepest: [] } },
      big: 123456789012345678901234567890n,
      tmpl: `plain`,
    };
    """
    [d] = parse_declarations(src)
    assert d.type == "X"
    assert d.value == {
        "id": "<id>",
        "single": "it's",
        "quoted-key": 'a"b\néA\U0001f600',
        "list": [1, -2, 350.0],
        "when": "2022-08-07T14:01:29.196Z",
        "nothing": None,
        "yes": True,
        "no": False,
        "nested": {"deeper": {"deepest": []}},
        "big": 123456789012345678901234567890,
        "tmpl": "plain",
    }


def test_scalars_and_annotations() -> None:
    assert parse_declarations('let value: S = "DRAFT";\n\n// Open enum: ...')[0].value == "DRAFT"
    assert parse_declarations("const value: number = 1284.03;")[0].value == 1284.03
    d = parse_declarations("let value:\n  Some.Long.Name =\n    {\n a: 1 };")[0]
    assert (d.type, d.value) == ("Some.Long.Name", {"a": 1})
    d = parse_declarations("const value: { [k: string]: models.Schema4 } = { key: 1 };")[0]
    assert d.type == "{ [k: string]: models.Schema4 }" and d.value == {"key": 1}
    assert parse_declarations("// No examples available for this model") == []


def test_repeated_keys_keep_the_last_value_as_javascript_does() -> None:
    assert parse_js_value("{ a: 1, a: 2 }") == {"a": 2}


@pytest.mark.parametrize(
    "src",
    [
        "undefined",
        "NaN",
        "Infinity",
        "new Foo(1)",
        "`a${b}`",
        '"open',
        "[1,,2]",
        "{ a: 1 } extra",
        "{ a 1 }",
    ],
)
def test_outside_the_subset_is_an_error(src: str) -> None:
    with pytest.raises(JSLiteralError):
        parse_js_value(src)


def test_rendering_is_deterministic() -> None:
    assert render({"value": {"b": 1, "a": [3, 2]}, "type": "T"}) == (
        '{\n  "type": "T",\n  "value": {\n    "a": [\n      3,\n      2\n    ],\n    "b": 1\n  }\n}\n'
    )


def test_ruby_example_cells() -> None:
    assert _cells("| `a` | *::String* | x \\| y | z |") == ["`a`", "*::String*", "x | y", "z"]
    assert _example_values('{<br/>"a": 1,<br/>"b": [<br/>"X"<br/>]<br/>}') == [{"a": 1, "b": ["X"]}]
    assert _example_values("OPEN") == ["OPEN"]
    assert _example_values(
        '**Example 1:** {<br/>"a": 1<br/>}<br/>**Example 2:** {<br/>"a": 2<br/>}'
    ) == [
        {"a": 1},
        {"a": 2},
    ]
