"""emit.format.is_final: which modules may skip black.  Each case is checked
against black itself, so a wrong expectation here cannot pass either."""

from __future__ import annotations

import pytest

from generator.emit.format import black_format, format_source, is_final

LONG = "x" * 100

CASES = [
    ("short lines", "a = 1\n", True),
    ("a long comment", f"# {LONG}\n", True),
    ("a long docstring line", f'def f() -> None:\n    """Doc.\n\n    {LONG}\n    """\n', True),
    ("a long one-line docstring", f'class A:\n    """{LONG}"""\n', True),
    ("a string too long even when wrapped", f'_SCHEMA = "{LONG}"\n', True),
    ("a string that fits once wrapped", f'class A:\n    NAME_OF_A_MEMBER = "{"y" * 70}"\n', False),
    ("a long call", "f(" + ", ".join(["argument"] * 12) + ")\n", False),
    ("a long concatenation", f'x = "{LONG}" + "b"\n', False),
    ("a string then a comment", f'x = "{LONG}"  # note\n', False),
]


@pytest.mark.parametrize(("src", "final"), [pytest.param(s, f, id=i) for i, s, f in CASES])
def test_is_final_agrees_with_black(src: str, final: bool) -> None:
    assert is_final(src) is final
    if final:
        assert black_format(src) == src
    else:
        assert format_source(src) == black_format(src)


def test_an_unterminated_string_is_not_final() -> None:
    src = f'x = """{LONG}\n'
    assert not is_final(src)


# Spec text reaches modules as string literals and docstrings: whatever the text,
# where is_final vouches for the layout, black must agree.
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from generator.emit.literals import py_str, py_value  # noqa: E402
from generator.emit.views import _doc  # noqa: E402

TEXT = st.text(st.sampled_from('"\'\\ #\n\tab\x00\u202e\U0001f600{}'), max_size=30) | st.text(max_size=30)


@settings(max_examples=300, deadline=None)
@given(text=TEXT, number=st.floats(allow_nan=False, allow_infinity=False))
def test_black_agrees_on_literals_and_docstrings(text: str, number: float) -> None:
    body = _doc(text, False, "model", 4, 88)  # as the templates get it
    src = (
        f"X = {py_str(text)}\n"
        f"Y = {py_value(number)}\n\n\n"
        f'class A:\n    """{body or "Doc."}"""\n\n    Z = {py_str(text)}\n'
    )
    if is_final(src):
        assert black_format(src) == src
