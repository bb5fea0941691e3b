"""What is wrong with a submitted value, in plain words: the one translation of pydantic's
validation errors for the CLI, the API and the pages.

pydantic says "Input should be a valid date or datetime, day value is outside expected range";
a user is told "'2020-02-30' is not a date (YYYY-MM-DD)". Errors of a kind not listed keep
pydantic's words (our own validators' ``ValueError`` messages among them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: How much of a wrong value a message repeats.
SHOWN_VALUE_LENGTH = 60

_NOT_A_DATE = {
    "date_parsing",
    "date_from_datetime_parsing",
    "date_from_datetime_inexact",
    "date_type",
}
_NOT_A_NUMBER = {"float_parsing", "float_type", "decimal_parsing", "decimal_type"}
_NOT_A_WHOLE_NUMBER = {"int_parsing", "int_type", "int_from_float"}


def plain_problem(error: Mapping[str, Any]) -> str:
    """The problem of one pydantic error (an item of ``ValidationError.errors()``)."""
    kind = str(error.get("type", ""))
    context: Mapping[str, Any] = error.get("ctx") or {}
    value = _shown(error.get("input"))
    if kind == "missing":
        return "is required"
    if kind in _NOT_A_DATE:
        return f"{value} is not a date (YYYY-MM-DD)"
    if kind in _NOT_A_NUMBER:
        return f"{value} is not a number"
    if kind in _NOT_A_WHOLE_NUMBER:
        return f"{value} is not a whole number"
    if kind == "less_than_equal":
        return f"must be at most {_number(context['le'])}"
    if kind == "greater_than_equal":
        return f"must be at least {_number(context['ge'])}"
    if kind == "enum":
        return f"{value} is not one of {context['expected']}"
    if kind == "string_too_short":
        minimum = context.get("min_length", 1)
        return "must not be empty" if minimum == 1 else f"needs at least {minimum} characters"
    if kind == "string_too_long":
        return f"has more than {context['max_length']} characters"
    if kind == "too_long":
        return f"holds more than {context['max_length']} items"
    if kind == "extra_forbidden":
        return "is not a field truce knows: check its spelling"
    if kind == "string_type":
        return "must be text"
    if kind in ("bool_parsing", "bool_type"):
        return f"{value} is not true or false"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "must be a JSON object"
    return str(error.get("msg", "is not valid")).removeprefix("Value error, ")


def _shown(value: Any) -> str:
    text = repr(value)
    if len(text) > SHOWN_VALUE_LENGTH:
        return text[: SHOWN_VALUE_LENGTH - 1] + "…"
    return text


def _number(bound: Any) -> str:
    """``90`` rather than ``90.0``: a bound as a person writes it."""
    if isinstance(bound, float) and bound.is_integer():
        return str(int(bound))
    return str(bound)
