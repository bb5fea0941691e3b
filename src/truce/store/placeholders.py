"""IN lists with a fixed number of placeholders, so that statements built once serve lists
of any length: a power of two of placeholders (``name_0``…), the last value repeated to fill
them. The databases then prepare and plan a few statement texts, not one per length."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, bindparam


def slots_for(count: int) -> int:
    """The placeholders of an IN list of ``count`` values: the next power of two, so that a few
    statement texts serve every length, and the databases prepare and plan each only once; none
    for no values (a filter that is not set)."""
    return 1 << (count - 1).bit_length() if count > 1 else count


def placeholders(column: ColumnElement[Any], name: str, slots: int) -> list[BindParameter[Any]]:
    """``slots`` placeholders ``name_0``… for values of ``column``."""
    return [bindparam(f"{name}_{number}", type_=column.type) for number in range(slots)]


def padded_values(name: str, values: Sequence[Any]) -> dict[str, Any]:
    """The values of ``placeholders(name, slots_for(len(values)))``, the last one repeated."""
    last = len(values) - 1
    return {
        f"{name}_{number}": values[min(number, last)] for number in range(slots_for(len(values)))
    }
