"""The agreement: who is bound, who guarantees it, and the terms with their geography."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from truce.domain.actors import Actor, ActorRelation, Party
from truce.errors import InvalidInput

#: A GeoJSON geometry object (RFC 7946), validated by ``truce.geo.geometry``.
GeoJSONGeometry = Mapping[str, Any]


class TermKind(StrEnum):
    STAY_OUT_OF_ZONE = "stay_out_of_zone"
    WITHDRAW_TO_POINT_BY = "withdraw_to_point_by"
    FOREIGN_FORCES_LEAVE_BY = "foreign_forces_leave_by"
    NO_ATTACKS = "no_attacks"
    ALLOW_MONITOR_ACCESS = "allow_monitor_access"


class ZoneKind(StrEnum):
    BUFFER_ZONE = "buffer_zone"
    DEMILITARISED_ZONE = "demilitarised_zone"
    FRONT_LINE = "front_line"
    AREA = "area"


@dataclass(frozen=True, slots=True)
class Zone:
    id: str
    name: str
    kind: ZoneKind
    geometry: GeoJSONGeometry = field(hash=False)
    description: str = ""


@dataclass(frozen=True, slots=True)
class WithdrawalPoint:
    """A place forces withdraw to; observations within ``radius_km`` count as at the point."""

    id: str
    name: str
    lat: float
    lon: float
    radius_km: float = 10.0
    description: str = ""


@dataclass(frozen=True, slots=True)
class Term:
    """An obligation of one or more parties, optionally with geometry and a deadline."""

    id: str
    kind: TermKind
    parties: tuple[str, ...]
    text: str
    zone_id: str | None = None
    point_id: str | None = None
    deadline: date | None = None
    #: For ``foreign_forces_leave_by``: the foreign contingents (actor ids) that must leave.
    contingents: tuple[str, ...] = ()
    #: For ``foreign_forces_leave_by``: the points (withdrawal point ids) where contingents
    #: assemble before they leave (Tripoli and Benghazi in the 2020 agreement).
    assembly_points: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        required: dict[TermKind, tuple[str, ...]] = {
            TermKind.STAY_OUT_OF_ZONE: ("zone_id",),
            TermKind.WITHDRAW_TO_POINT_BY: ("point_id", "deadline"),
            TermKind.FOREIGN_FORCES_LEAVE_BY: ("deadline",),
        }
        for attribute in required.get(self.kind, ()):
            if getattr(self, attribute) is None:
                name = attribute.removesuffix("_id")
                raise InvalidInput(name, f"a {self.kind} term needs a {name}")
        if not self.parties:
            raise InvalidInput("parties", "a term binds at least one party")


@dataclass(frozen=True, slots=True)
class PublicationRules:
    """How incidents reach the public: after an embargo, redacted, with coarsened coordinates."""

    embargo_hours: int = 24
    coordinate_decimals: int = 2  # 2 decimals ≈ 1 km
    redacted_fields: tuple[str, ...] = ("reported_by", "evidence")


@dataclass(frozen=True, slots=True)
class Agreement:
    """A ceasefire agreement: parties bound, co-chairs (guarantors), terms and geography."""

    id: str
    title: str
    signed_on: date | None
    co_chairs: tuple[str, ...]
    parties: tuple[Party, ...]
    actors: tuple[Actor, ...]
    terms: tuple[Term, ...]
    zones: tuple[Zone, ...] = ()
    withdrawal_points: tuple[WithdrawalPoint, ...] = ()
    relations: tuple[ActorRelation, ...] = ()
    publication: PublicationRules = PublicationRules()
    description: str = ""

    def __post_init__(self) -> None:
        check_references(self)

    def party(self, party_id: str) -> Party:
        for party in self.parties:
            if party.id == party_id:
                return party
        raise InvalidInput("party", f"unknown party {party_id!r}")

    def party_of(self, actor_id: str) -> Party | None:
        """The party an actor fights or speaks for, if any."""
        for party in self.parties:
            if party.includes(actor_id):
                return party
        return None

    def zone(self, zone_id: str) -> Zone:
        return {zone.id: zone for zone in self.zones}[zone_id]

    def withdrawal_point(self, point_id: str) -> WithdrawalPoint:
        return {point.id: point for point in self.withdrawal_points}[point_id]


def check_references(agreement: Agreement) -> None:
    """Every id an agreement names must be declared in it, else ``InvalidInput`` names the field."""
    actor_ids = {actor.id for actor in agreement.actors}
    party_ids = {party.id for party in agreement.parties}
    zone_ids = {zone.id for zone in agreement.zones}
    point_ids = {point.id for point in agreement.withdrawal_points}
    _unique("actors", [actor.id for actor in agreement.actors])
    _unique("parties", [party.id for party in agreement.parties])
    _unique("zones", [zone.id for zone in agreement.zones])
    _unique("withdrawal_points", [point.id for point in agreement.withdrawal_points])
    _unique("terms", [term.id for term in agreement.terms])
    for index, co_chair in enumerate(agreement.co_chairs):
        if co_chair not in actor_ids:
            raise InvalidInput(f"agreement.co_chairs.{index}", f"unknown actor {co_chair!r}")
    if len(set(agreement.co_chairs)) != len(agreement.co_chairs):
        raise InvalidInput("agreement.co_chairs", "a co-chair is listed twice")
    for p_index, party in enumerate(agreement.parties):
        for a_index, actor_id in enumerate(party.actor_ids):
            if actor_id not in actor_ids:
                raise InvalidInput(
                    f"parties.{p_index}.actors.{a_index}", f"unknown actor {actor_id!r}"
                )
    for t_index, term in enumerate(agreement.terms):
        where = f"terms.{t_index}"
        for b_index, party_id in enumerate(term.parties):
            if party_id not in party_ids:
                raise InvalidInput(f"{where}.parties.{b_index}", f"unknown party {party_id!r}")
        if term.zone_id is not None and term.zone_id not in zone_ids:
            raise InvalidInput(f"{where}.zone", f"unknown zone {term.zone_id!r}")
        if term.point_id is not None and term.point_id not in point_ids:
            raise InvalidInput(f"{where}.point", f"unknown withdrawal point {term.point_id!r}")
        for c_index, actor_id in enumerate(term.contingents):
            if actor_id not in actor_ids:
                raise InvalidInput(f"{where}.contingents.{c_index}", f"unknown actor {actor_id!r}")
        for a_index, assembly_id in enumerate(term.assembly_points):
            if assembly_id not in point_ids:
                raise InvalidInput(
                    f"{where}.assembly_points.{a_index}",
                    f"unknown withdrawal point {assembly_id!r}",
                )
    for r_index, relation in enumerate(agreement.relations):
        for side in ("subject", "object"):
            actor_id = getattr(relation, side)
            if actor_id not in actor_ids:
                raise InvalidInput(f"relations.{r_index}.{side}", f"unknown actor {actor_id!r}")


def _unique(field_name: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for index, identifier in enumerate(ids):
        if identifier in seen:
            raise InvalidInput(f"{field_name}.{index}.id", f"{identifier!r} is declared twice")
        seen.add(identifier)
