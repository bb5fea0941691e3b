"""Who sees which incidents, and how much of them: the one visibility rule of truce.

    observer, or nobody logged in   published incidents only, redacted for the public
    party_delegate                  its own side's submissions, anything its side is accused
                                    in, and everything published — unredacted
    monitor, analyst, co_chair,     everything
    admin

*Published* means verified, and verified at least the agreement's embargo ago
(``PublicationRules.embargo_hours``). *Redacted for the public* means the fields of
``PublicationRules.redacted_fields`` (reporter identity, evidence files) are emptied and the
coordinates are rounded to ``PublicationRules.coordinate_decimals``.

``visibility_for`` turns a viewer into a ``Visibility`` (plain data); ``truce.store.incidents``
compiles it into the SQL of every incident query (lists, counts, GeoJSON, history, search,
sources), so that a count cannot leak what a list hides.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from truce.domain.agreement import Agreement, PublicationRules
from truce.domain.incident import Incident
from truce.domain.users import Role, User

#: Roles that see every incident, unredacted.
SEE_EVERYTHING: frozenset[Role] = frozenset({Role.MONITOR, Role.ANALYST, Role.CO_CHAIR, Role.ADMIN})


@dataclass(frozen=True, slots=True)
class Redaction:
    """What the public does not see: fields emptied, coordinates rounded."""

    fields: tuple[str, ...]
    coordinate_decimals: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Visibility:
    """What one viewer may see of incidents, as data the store turns into a query condition.

    ``sees_everything`` short-cuts the rest. Otherwise an incident is visible when it is
    published (verified at or before ``published_before``), or — for a party delegate —
    when ``own_party`` submitted it or one of ``accused_actor_ids`` is its alleged perpetrator.
    """

    sees_everything: bool
    published_before: datetime
    own_party: str | None = None
    accused_actor_ids: tuple[str, ...] = ()
    redaction: Redaction | None = None


def visibility_for(viewer: User | None, agreement: Agreement, *, now: datetime) -> Visibility:
    """The visibility of ``viewer`` (``None``: nobody logged in) at the moment ``now``."""
    rules = agreement.publication
    published_before = now - timedelta(hours=rules.embargo_hours)
    if viewer is not None and viewer.active and viewer.role in SEE_EVERYTHING:
        return Visibility(sees_everything=True, published_before=published_before)
    if viewer is not None and viewer.active and viewer.role is Role.PARTY_DELEGATE:
        party = agreement.party_of(viewer.actor_id) if viewer.actor_id else None
        if party is not None:
            return Visibility(
                sees_everything=False,
                published_before=published_before,
                own_party=party.id,
                accused_actor_ids=tuple(dict.fromkeys((party.id, *party.actor_ids))),
            )
    return Visibility(
        sees_everything=False,
        published_before=published_before,
        redaction=public_redaction(rules),
    )


def public_redaction(rules: PublicationRules) -> Redaction:
    return Redaction(
        fields=tuple(rules.redacted_fields), coordinate_decimals=rules.coordinate_decimals
    )


def withholds_evidence(visibility: Visibility) -> bool:
    """Whether this view leaves incidents' evidence files out (the public's, by default)."""
    return visibility.redaction is not None and "evidence" in visibility.redaction.fields


def redact_document(document: Mapping[str, Any], redaction: Redaction | None) -> dict[str, Any]:
    """An incident document as ``redaction`` lets it be shown (unchanged when ``None``)."""
    shown = dict(document)
    if redaction is None:
        return shown
    for field in redaction.fields:
        if field in shown:
            shown[field] = [] if isinstance(shown[field], list) else None
    decimals = redaction.coordinate_decimals
    for key in ("lat", "lon"):
        if isinstance(shown.get(key), int | float):
            shown[key] = round(float(shown[key]), decimals)
    if isinstance(shown.get("geometry"), Mapping):
        geometry = dict(shown["geometry"])
        geometry["coordinates"] = _rounded(geometry.get("coordinates"), decimals)
        shown["geometry"] = geometry
    return shown


#: Incident attributes by the document field that names them, where the two names differ.
_ATTRIBUTE_OF_FIELD = {"sources": "source_hashes"}


def redact_incident(incident: Incident, redaction: Redaction | None) -> Incident:
    """The incident as ``redaction`` lets it be shown: ``redact_document``'s rule, on the object
    (for what renders incidents themselves, such as the reports)."""
    if redaction is None:
        return incident
    changes: dict[str, Any] = {}
    for field in redaction.fields:
        attribute = _ATTRIBUTE_OF_FIELD.get(field, field)
        if attribute in Incident.__dataclass_fields__:
            current = getattr(incident, attribute)
            changes[attribute] = () if isinstance(current, tuple) else None
    location = incident.location
    if location is not None:
        decimals = redaction.coordinate_decimals
        changes["location"] = replace(
            location,
            lat=round(location.lat, decimals),
            lon=round(location.lon, decimals),
            geometry=(
                {
                    **location.geometry,
                    "coordinates": _rounded(location.geometry.get("coordinates"), decimals),
                }
                if location.geometry is not None
                else None
            ),
        )
    return replace(incident, **changes)


def _rounded(coordinates: Any, decimals: int) -> Any:
    if isinstance(coordinates, list | tuple):
        return [_rounded(inner, decimals) for inner in coordinates]
    if isinstance(coordinates, int | float) and not isinstance(coordinates, bool):
        return round(float(coordinates), decimals)
    return coordinates
