"""The text cells shared by the CSV formats: actor lists, weapon counts, numbers and lists.

Each encoder has its decoder here, and a decoder raises ``InvalidInput`` naming the column.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from truce.domain.incident import ActorRole, IncidentActor
from truce.errors import InvalidInput

LIST_SEPARATOR = "; "
#: A cell a spreadsheet runs as a formula starts with one of these (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """``cell`` as a spreadsheet shows it but never runs it: text that would start a formula
    (a summary a party typed as ``=HYPERLINK(…)``) gets a leading apostrophe; numbers stay."""
    if cell.startswith(FORMULA_STARTS) and not _is_number(cell):
        return "'" + cell
    return cell


def from_spreadsheet_safe(cell: str) -> str:
    """The text ``spreadsheet_safe`` protected, as it was."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) and not _is_number(cell[1:]):
        return cell[1:]
    return cell


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def join_list(values: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(values)


def split_list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def actors_cell(actors: Iterable[IncidentActor]) -> str:
    """``LNA:alleged_perpetrator; GNA:target``."""
    return join_list(f"{actor.actor_id}:{actor.role}" for actor in actors)


def actors_from_cell(cell: str, column: str) -> list[dict[str, str]]:
    """The actors of an ``actors_cell``, in the submission form's shape."""
    actors = []
    for item in split_list(cell):
        actor_id, _, role = item.partition(":")
        if role not in {str(r) for r in ActorRole}:
            roles = ", ".join(ActorRole)
            raise InvalidInput(column, f"{item!r} is not ACTOR:ROLE (roles: {roles})")
        actors.append({"id": actor_id.strip(), "role": role})
    return actors


def weapons_cell(weapons: Mapping[Any, int]) -> str:
    """``tank=4; multiple_rocket_launcher=2``."""
    return join_list(f"{kind}={count}" for kind, count in sorted(weapons.items()))


def weapons_from_cell(cell: str, column: str) -> dict[str, int]:
    weapons: dict[str, int] = {}
    for item in split_list(cell):
        kind, _, count = item.partition("=")
        if not count.strip().isdigit():
            raise InvalidInput(column, f"{item!r} is not KIND=COUNT")
        weapons[kind.strip()] = int(count)
    return weapons


def number_cell(value: float | int | None) -> str:
    """A number as text that reads back to the same value (``repr`` of a float round-trips)."""
    return "" if value is None else repr(value)


def float_from_cell(cell: str, column: str) -> float | None:
    text = cell.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise InvalidInput(column, f"{text!r} is not a number") from None


def count_from_cell(cell: str, column: str) -> int | None:
    text = cell.strip()
    if not text:
        return None
    if not text.isdigit():
        raise InvalidInput(column, f"{text!r} is not a whole number of 0 or more")
    return int(text)


def geometry_cell(geometry: Mapping[str, Any] | None) -> str:
    return "" if geometry is None else json.dumps(geometry, separators=(",", ":"))


def geometry_from_cell(cell: str, column: str) -> dict[str, Any] | None:
    text = cell.strip()
    if not text:
        return None
    try:
        geometry = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(column, f"is not GeoJSON: {error.msg}") from None
    if not isinstance(geometry, dict):
        raise InvalidInput(column, "must be a GeoJSON geometry object")
    return geometry
