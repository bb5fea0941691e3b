"""The incident list's filter form: what was typed, checked field by field into a query.

Each wrong field gets its own message, shown next to it; the form keeps what was typed so that
nothing has to be entered twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from starlette.datastructures import QueryParams

from truce.domain.agreement import Agreement
from truce.domain.filters import check_party_filter, check_period
from truce.domain.taxonomy import IncidentType
from truce.domain.verification import VerificationState
from truce.errors import InvalidInput
from truce.geo.geometry import parse_bbox
from truce.store.incidents import IncidentQuery

PAGE_SIZE = 100

E = TypeVar("E", IncidentType, VerificationState)


@dataclass(frozen=True, slots=True)
class ListFilters:
    """The filter form as typed: strings, so that a wrong value is shown back unchanged."""

    types: tuple[str, ...] = ()
    party: str = ""
    states: tuple[str, ...] = ()
    since: str = ""
    until: str = ""
    bbox: str = ""
    after: str = ""

    @classmethod
    def from_params(cls, params: QueryParams) -> ListFilters:
        return cls(
            types=tuple(value for value in params.getlist("type") if value),
            party=params.get("party", "").strip(),
            states=tuple(value for value in params.getlist("state") if value),
            since=params.get("since", "").strip(),
            until=params.get("until", "").strip(),
            bbox=params.get("bbox", "").strip(),
            after=params.get("after", "").strip(),
        )

    def without_cursor(self) -> list[tuple[str, str]]:
        """The filters as query parameters, for the next page's link."""
        pairs = [("type", value) for value in self.types] + [("state", v) for v in self.states]
        for name in ("party", "since", "until", "bbox"):
            if getattr(self, name):
                pairs.append((name, getattr(self, name)))
        return pairs


@dataclass(frozen=True, slots=True)
class CheckedFilters:
    query: IncidentQuery
    #: Field name → what is wrong with it and what to do.
    errors: dict[str, str] = field(default_factory=dict)


def check_filters(filters: ListFilters, agreement: Agreement) -> CheckedFilters:
    """The query the filters describe, or the message of each wrong field."""
    errors: dict[str, str] = {}
    types = _members(IncidentType, filters.types, "type", errors)
    states = _members(VerificationState, filters.states, "state", errors)
    party = filters.party or None
    since = _date(filters.since, "since", errors)
    until = _date(filters.until, "until", errors)
    try:
        if party is not None:
            check_party_filter(agreement, party)
        check_period(since, until)
    except InvalidInput as error:
        errors[error.field] = error.problem
    bbox = None
    if filters.bbox:
        try:
            bbox = parse_bbox(filters.bbox)
        except InvalidInput as error:
            errors["bbox"] = f"{error.problem} (draw the area on the map, or clear it)"
    after = None
    if filters.after:
        if filters.after.isdigit():
            after = int(filters.after)
        else:
            errors["after"] = "the page cursor is not a number: start again from the first page"
    query = IncidentQuery(
        bbox=bbox,
        since=since,
        until=until,
        types=types,
        party=party,
        states=states,
        after_id=after,
        limit=PAGE_SIZE + 1,
    )
    return CheckedFilters(query, errors)


def _members(
    enumeration: type[E], values: tuple[str, ...], name: str, errors: dict[str, str]
) -> tuple[E, ...]:
    chosen: list[E] = []
    for value in values:
        try:
            chosen.append(enumeration(value))
        except ValueError:
            errors[name] = f"{value!r} is not a known {name}; pick from the list"
    return tuple(chosen)


def _date(text: str, name: str, errors: dict[str, str]) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[name] = f"{text!r} is not a date: use YYYY-MM-DD, e.g. 2020-11-02"
        return None
