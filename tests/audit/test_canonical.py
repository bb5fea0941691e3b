"""The chain's canonical JSON is byte for byte what the reference RFC 8785 implementation
writes — for generated values and for the cases where a hand-written one goes wrong."""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Any

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from truce.audit.canonical import canonical_json

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(JSON_VALUES)
def test_generated_values_are_written_as_rfc8785_writes_them(value: Any) -> None:
    assert canonical_json(value) == rfc8785.dumps(value).decode("utf-8")


class Colour(StrEnum):
    RED = "red"


class Count(IntEnum):
    TWO = 2


TRICKY = [
    {"\U0001f600": 1, "\ufb01": 2, "a": 3, "": 4, "é": 5},  # names sorted by UTF-16 code units
    'quote " backslash \\ controls \x00\x01\x08\x0c\n\r\t\x1f\x7f \u2028\u2029 astral \U0001f600',
    [0.0, -0.0, 1.0, 30.45, 1e21, 1e-7, 123456789012345680000.0, 5e-324, 1.7976931348623157e308],
    [2**53 - 1, -(2**53 - 1), 0, True, False, None],
    {"colour": Colour.RED, "count": Count.TWO, "nested": [{"b": [], "a": {}}]},
    ("a", "tuple"),
]


@pytest.mark.parametrize("value", TRICKY, ids=range(len(TRICKY)))
def test_the_hard_cases_match_the_reference(value: Any) -> None:
    assert canonical_json(value) == rfc8785.dumps(value).decode("utf-8")


@pytest.mark.parametrize("value", [2**53, float("nan"), {1: "a"}, {"a": object()}])
def test_what_rfc8785_refuses_is_refused(value: Any) -> None:
    with pytest.raises(rfc8785.CanonicalizationError):
        rfc8785.dumps(value)
    with pytest.raises(rfc8785.CanonicalizationError):
        canonical_json(value)
