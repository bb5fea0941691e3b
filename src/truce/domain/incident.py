"""An incident: what happened (or was planned, cancelled, denied), where, when, who, and how sure.

Precision is explicit everywhere: a date known only to the month says so, and a location that
is only a country's centre says so rather than passing for a point.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from truce.domain.taxonomy import IncidentType, Modality, WeaponKind
from truce.domain.verification import VerificationState
from truce.errors import InvalidInput


class DatePrecision(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class LocationPrecision(StrEnum):
    """How well a location is known; coarser than ``point`` means the coordinates are a centre."""

    POINT = "point"
    NEAR_TOWN = "near_town"
    REGION = "region"
    COUNTRY = "country"


class ActorRole(StrEnum):
    ALLEGED_PERPETRATOR = "alleged_perpetrator"
    TARGET = "target"
    REPORTER = "reporter"
    PARTICIPANT = "participant"


class Origin(StrEnum):
    """Who brought the incident in."""

    PARTY_REPORT = "party_report"
    MONITOR_PATROL = "monitor_patrol"
    OPEN_SOURCE = "open_source"
    IMPORT = "import"


@dataclass(frozen=True, slots=True)
class IncidentActor:
    actor_id: str
    role: ActorRole


@dataclass(frozen=True, slots=True)
class Location:
    lat: float
    lon: float
    precision: LocationPrecision
    place: str | None = None
    #: A GeoJSON geometry when the incident covers more than a point (a road, an area).
    geometry: Mapping[str, Any] | None = field(default=None, hash=False)

    def __post_init__(self) -> None:
        if not -90.0 <= self.lat <= 90.0:
            raise InvalidInput("lat", f"latitude {self.lat} is outside -90..90")
        if not -180.0 <= self.lon <= 180.0:
            raise InvalidInput("lon", f"longitude {self.lon} is outside -180..180")


@dataclass(frozen=True, slots=True)
class Casualties:
    """The most conservative figure reported (ACLED's rule): ``None`` when no figure is given."""

    killed: int | None = None
    injured: int | None = None

    def __post_init__(self) -> None:
        for name in ("killed", "injured"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise InvalidInput(f"casualties.{name}", "cannot be negative")


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    """A photo or document attached to an incident, stored by its SHA-256."""

    sha256: str
    filename: str
    media_type: str
    size: int


@dataclass(frozen=True, slots=True)
class Incident:
    """One incident as reported; ``id`` and ``version`` are ``None``/1 until stored."""

    type: IncidentType
    modality: Modality
    occurred_on: date | None
    date_precision: DatePrecision | None
    location: Location | None
    summary: str
    actors: tuple[IncidentActor, ...] = ()
    casualties: Casualties = Casualties()
    weapons: Mapping[WeaponKind, int] = field(default_factory=dict, hash=False)
    source_hashes: tuple[str, ...] = ()
    evidence: tuple[EvidenceFile, ...] = ()
    origin: Origin = Origin.PARTY_REPORT
    reported_by: str | None = None
    #: The party whose delegate submitted it (``None`` for monitors, analysts, imports).
    reporting_party: str | None = None
    state: VerificationState = VerificationState.REPORTED
    #: When it became verified; it is published once the agreement's embargo has passed.
    verified_at: datetime | None = None
    id: int | None = None
    version: int = 1
    created_at: datetime | None = None

    def __post_init__(self) -> None:
        if (self.occurred_on is None) != (self.date_precision is None):
            raise InvalidInput("date_precision", "a date and its precision go together")
        if self.weapons and self.type is not IncidentType.WEAPONS_OBSERVED:
            raise InvalidInput("weapons", "weapon counts belong to a weapons_observed incident")
        for kind, count in self.weapons.items():
            if count < 0:
                raise InvalidInput(f"weapons.{kind}", "cannot be negative")
        seen: set[tuple[str, ActorRole]] = set()
        for index, actor in enumerate(self.actors):
            key = (actor.actor_id, actor.role)
            if key in seen:
                raise InvalidInput(
                    f"actors.{index}", f"{actor.actor_id} is listed twice as {actor.role}"
                )
            seen.add(key)

    def actor_ids(self, role: ActorRole | None = None) -> tuple[str, ...]:
        return tuple(a.actor_id for a in self.actors if role is None or a.role is role)

    @property
    def alleged_perpetrators(self) -> tuple[str, ...]:
        return self.actor_ids(ActorRole.ALLEGED_PERPETRATOR)
