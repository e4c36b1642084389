"""Hostile spec text: the strings and pages of the injection tests (issue 6).

Every string here tries to leave the place it lands in: a docstring (`\"\"\"`,
`'''`, a trailing backslash or quote), a string literal, a comment (a newline,
U+2028), a name (keywords, dunders, the generated code's own names), a file
name (`../`, `con`), a template (`{{ }}`), a shell, a terminal (ESC), or a
reviewer's eyes (bidi controls).  The payloads would create ``sentinel`` if
anything ever evaluated them.
"""

from __future__ import annotations

REQ = ":heavy_check_mark:"
OPT = ":heavy_minus_sign:"


def payloads(sentinel: str) -> list[str]:
    """Texts that would touch ``sentinel`` if evaluated anywhere."""
    touch = f"__import__('pathlib').Path({sentinel!r}).touch()"
    return [
        f'"""; {touch}; """',
        f"'''; {touch}; '''",
        f'\\"""; {touch} #',
        f'"; {touch}; "',
        f"'); {touch}; ('",
        f"{{{{ {touch} }}}} {{% raw %}} {{# c #}}",
        f"$( {touch} ) `touch {sentinel}` ${{IFS}}",
        f"\u202e{touch}\u202c \u2066x\u2069 \u200f",
        f"a\u2028{touch}\u2029b",
        f"\x1b[2J\x1b]0;{touch}\x07",
        "\\\\ \\ \\x00 \\u0000 \\N{BULLET} \\\"",
        "# not a comment # \"\"\" '''",
        "\U0001f600 \U0001d518\U0001d52b non-BMP \ufeff BOM \ufffd",
        "ends with a backslash \\",
        'ends with a quote "',
        "tab\there and nul \x00 and del \x7f",
    ]


FIELD_NAMES = [
    "__class__", "__init__", "__slots__", "__dict__", "__module__", "__annotations__",
    "__getattr__", "class", "def", "import", "lambda", "None", "True", "match", "case", "_",
    "self", "cls", "o", "d", "v", "r", "y", "k", "m", "x0", "k1", "_r", "_x", "_m1", "_d1",
    "_decode", "_encode", "_SCHEMA", "field", "dataclass", "Any", "UNSET", "Unset",
    "TYPE_CHECKING", "from_dict", "to_json", "additional_properties", "_mdc_x", "foo-bar",
    "foo_bar", "Foo", "foo", "FOO", 'a"b', "a'b", "x\\\\y", '"""', "\U0001f600",
    "\u202eevil", "1abc", "a b", "a#b", "{{x}}", "a\u2028b", "évé", "str", "int", "list",
    "dict", "type", "datetime",
]  # fmt: skip

HEADINGS = [
    "__init__", "__class__", "class", "con", "CON", "nul", "com1", "Com1", "LPT9", "aux",
    "str", "dict", "list", "type", "object", "d", "o", "v", "x0", "Any", "TYPE_CHECKING",
    "importlib", "annotations", "decode", "encode", "models", "_runtime", "Model",
    "DecodeError", "foo-bar", "foo_bar", "FooBar", "Foo", "foo", "../../etc/passwd",
    "/etc/passwd", "C:\\\\Windows\\\\System32", "\U0001f600", "123", "\u202eabc", "status",
    "field", "datetime",
]  # fmt: skip

# Spec file names that are trouble on some file system (the generated file
# names come from headings, never from these).
FILE_NAMES = ["con.md", "nul.md", "com1.md", "a b.md", "ü.md", "..md", "x.y.md"]


def cell(text: str) -> str:
    """Text as one table cell: pipes escaped, newlines as the docs' `<br/>`."""
    return text.replace("|", "\\|").replace("\r", "").replace("\n", "<br/>")


def code_cell(text: str) -> str:
    """A field or enum name cell: a code span that holds any backticks in it."""
    fence = "``" if "`" in text else "`"
    return f"{fence} {cell(text)} {fence}" if fence == "``" else f"`{cell(text)}`"


def link(target: str, label: str = "Models::Shared::X") -> str:
    return f"[{label}]({target})"


def object_page(title: str, rows: list[tuple[str, str, str, str, str]], body: str = "") -> str:
    """A Ruby/Sorbet object page; rows are (name, type, REQ|OPT, description, example)."""
    text = f"# {title}\n\n{body}\n\n## Fields\n\n"
    text += "| Field | Type | Required | Description | Example |\n| --- | --- | --- | --- | --- |\n"
    for name, type_, req, desc, example in rows:
        text += f"| {code_cell(name)} | {type_} | {req} | {cell(desc)} | {cell(example)} |\n"
    return text


def enum_page(title: str, values: list[tuple[str, str]], body: str = "") -> str:
    text = f"# {title}\n\n{body}\n\n## Values\n\n| Name | Value |\n| --- | --- |\n"
    text += "".join(f"| {code_cell(n)} | {cell(v)} |\n" for n, v in values)
    return text


SCALARS = [
    ("*::String*", "s"),
    ("*::Integer*", "i"),
    ("*T.nilable(::Float)*", "f"),
    ("T::Array<*::String*>", "l"),
    ("T::Hash[Symbol, *::Integer*]", "m"),
    ("[Date](https://ruby-doc.org/stdlib/libdoc/date/rdoc/Date.html)", "when"),
]


def hostile_spec(sentinel: str) -> dict[str, str]:
    """A spec that must generate (exit 0): hostile text in every place text goes."""
    texts = payloads(sentinel)
    joined = "\n\n".join(texts)
    pages: dict[str, str] = {}
    # Pages under awkward headings: each has scalar fields of every kind and a
    # link to itself, so that a class that shadows a builtin would show.
    for i, heading in enumerate(HEADINGS):
        file = f"models/shared/h{i}.md"
        rows = [(name, t, REQ if j % 2 == 0 else OPT, f"the {name}", "") for j, (t, name) in enumerate(SCALARS)]
        rows[-1] = rows[-1][:4] + ('"2021-03-04T05:06:07Z"',)
        rows.append(("self", link(f"../../models/shared/h{i}.md"), OPT, "itself", ""))
        # A code span keeps `__init__` from being markdown's strong emphasis.
        title = f"`{heading}`" if any(c in heading for c in "_*\\[<`") else heading
        pages[file] = object_page(title, rows, body=texts[i % len(texts)])
    for j, name in enumerate(FILE_NAMES):
        pages[f"models/shared/{name}"] = object_page(f"FileNamed{j}", [("x", "*::String*", REQ, name, "")])
    # One page that holds hostile text in every cell, and references the rest.
    rows = []
    for j, name in enumerate(FIELD_NAMES):
        t = SCALARS[j % len(SCALARS)][0]
        rows.append((name, t, OPT if j % 3 else REQ, texts[j % len(texts)], texts[(j + 1) % len(texts)]))
    rows.append(("status", link("../../models/shared/evil_enum.md"), REQ, "an enum <br/> " + texts[0], ""))
    rows.append(("int_status", link("../../models/shared/evil_int_enum.md"), OPT, texts[1], "7"))
    rows.append(
        ("either", "[T.any(Models::Shared::Foo, ::String)](../../models/shared/evil_union.md)", OPT, texts[2], "")
    )
    for i in range(len(HEADINGS)):
        rows.append((f"to_h{i}", link(f"../../models/shared/h{i}.md"), OPT, "", ""))
    rows.append(("frag", link("../../models/shared/h0.md#section?query=1"), OPT, "", ""))
    rows.append(("web", link("https://example.com/x.md", "Faraday::Response"), OPT, "", ""))
    title = 'Evil """ \'\'\' \\ # {{ 1 }} \u202eRLO \U0001f600 ' + texts[0].splitlines()[0]
    pages["models/shared/evil.md"] = object_page(title, rows, body=joined + "\n\nLast line ends with \\")
    values = [(t.replace("\n", " ")[:40] or "x", t.replace("\n", " ")) for t in texts]
    values += [
        ("__class__", "__class__"), ("_missing_", "_missing_"), ("name", "name"), ("value", "value"),
        ("mro", "mro"), ("A", "A"), ("a", "a"), ("dup", "A"), ("empty", ""), ("CON", "con"),
    ]  # fmt: skip
    pages["models/shared/evil_enum.md"] = enum_page("evil enum \"\"\" \u202e", values, body=texts[3])
    pages["models/shared/evil_int_enum.md"] = enum_page(
        "EvilInt", [("one", "1"), ("minus", "-7"), ("big", str(2**70)), ("zero", "0")]
    )
    pages["models/shared/evil_union.md"] = '# Evil union """ {{x}} \u202e\n\n' + texts[4] + "\n"
    return pages


BENIGN = {
    "models/shared/pet.md": object_page(
        "Pet",
        [(name, t, REQ, "A field.", "") for t, name in SCALARS[:-1]]
        + [
            ("when", SCALARS[-1][0], OPT, "When.", '"2021-03-04T05:06:07Z"'),
            ("kind", link("../../models/shared/kind.md"), OPT, "Its kind.", ""),
            ("either", "[T.any(Models::Shared::Pet, ::String)](../../models/shared/either.md)", OPT, "", ""),
            ("next", link("../../models/shared/pet.md"), OPT, "", ""),
        ],
        body="A pet.",
    ),
    "models/shared/kind.md": enum_page("Kind", [("CAT", "cat"), ("DOG", "dog")]),
    "models/shared/either.md": "# Either\n",
}
