"""Validation errors in plain words: the one translation for the CLI, the API and the pages."""

from __future__ import annotations

from typing import Any

import pytest

from truce.errors import InvalidInput
from truce.schemas.incident import parse_submission

VALID = {"type": "shelling", "date": "2020-11-02", "lat": 30.45, "lon": 16.35, "summary": "x"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"date": "2020-02-30"}, "date: '2020-02-30' is not a date (YYYY-MM-DD)"),
        ({"lat": 91}, "lat: must be at most 90"),
        ({"lon": -181}, "lon: must be at least -180"),
        ({"lon": "east"}, "lon: 'east' is not a number"),
        ({"fatalities": "many"}, "fatalities: 'many' is not a whole number"),
        ({"type": "party"}, "type: 'party' is not one of 'armed_clash', "),
        ({"summary": ""}, "summary: must not be empty"),
        ({"colour": "red"}, "colour: is not a field truce knows: check its spelling"),
        ({"summary": None}, "summary: must be text"),
    ],
)
def test_a_wrong_value_is_named_in_plain_words(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_submission(VALID | changes)
    assert str(refused.value).startswith(message)


def test_a_submission_that_is_not_an_object_says_so() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_submission([VALID])
    assert str(refused.value) == "(incident): must be a JSON object"
