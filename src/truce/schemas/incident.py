"""An incident as JSON: the submission form (checked by pydantic) and the document shown back."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from truce.domain.incident import (
    ActorRole,
    Casualties,
    DatePrecision,
    Incident,
    IncidentActor,
    Location,
    LocationPrecision,
    Origin,
)
from truce.domain.taxonomy import IncidentType, Modality, WeaponKind
from truce.errors import InvalidInput
from truce.geo.geometry import parse_geometry
from truce.schemas.problems import plain_problem

EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


class ActorReference(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(
        min_length=1, max_length=64, description="an actor id of the scenario, e.g. LNA"
    )
    role: ActorRole = ActorRole.ALLEGED_PERPETRATOR


class IncidentSubmission(BaseModel):
    """An incident as a party, a monitor or an import submits it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "type": "shelling",
                "modality": "occurred",
                "date": "2020-11-02",
                "date_precision": "day",
                "lat": 30.45,
                "lon": 16.35,
                "place": "between Sirte and al-Jufra",
                "actors": [{"id": "LNA", "role": "alleged_perpetrator"}],
                "summary": "Shelling reported on the road between Sirte and al-Jufra.",
            }
        },
    )

    type: IncidentType
    modality: Modality = Modality.OCCURRED
    date: dt.date | None = None
    date_precision: DatePrecision | None = None
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    location_precision: LocationPrecision = LocationPrecision.POINT
    place: str | None = Field(default=None, max_length=500)
    geometry: dict[str, Any] | None = None
    actors: list[ActorReference] = Field(default_factory=list, max_length=50)
    summary: str = Field(min_length=1, max_length=20_000)
    fatalities: int | None = Field(default=None, ge=0, le=1_000_000)
    injured: int | None = Field(default=None, ge=0, le=1_000_000)
    weapons: dict[WeaponKind, int] = Field(default_factory=dict)
    origin: Origin = Origin.PARTY_REPORT

    @field_validator("date")
    @classmethod
    def _date_in_range(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
            raise ValueError(f"must lie between {EARLIEST_DATE} and {LATEST_DATE}")
        # Tomorrow is allowed: a report's day may be ahead of UTC where it was written.
        latest_possible = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
        if (
            value is not None
            and info.data.get("modality") is Modality.OCCURRED
            and value > latest_possible
        ):
            raise ValueError(
                f"{value} is in the future, and the incident is said to have occurred: "
                "correct the date, or give modality planned for an announced event"
            )
        return value

    @field_validator("weapons")
    @classmethod
    def _counts_not_negative(cls, value: dict[WeaponKind, int]) -> dict[WeaponKind, int]:
        for kind, count in value.items():
            if count < 0:
                raise ValueError(f"the count of {kind} cannot be negative")
        return value

    @model_validator(mode="after")
    def _coherent(self) -> IncidentSubmission:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon go together: give both or neither")
        if self.geometry is not None and self.lat is None:
            raise ValueError("a geometry needs lat/lon for its representative point")
        if self.date_precision is not None and self.date is None:
            raise ValueError("date_precision needs a date")
        return self


def parse_submission(data: Any) -> IncidentSubmission:
    """Check a submission; raise ``InvalidInput`` naming the first wrong field."""
    try:
        return IncidentSubmission.model_validate(data)
    except ValidationError as error:
        raise invalid_input_from(error) from None


def invalid_input_from(error: ValidationError, prefix: str = "") -> InvalidInput:
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"])
    if prefix:
        field = f"{prefix}.{field}" if field else prefix
    return InvalidInput(field or "(incident)", plain_problem(first))


def incident_from_submission(
    submission: IncidentSubmission, *, reported_by: str | None = None
) -> Incident:
    """The domain incident a submission describes (not yet stored)."""
    location = None
    if submission.lat is not None and submission.lon is not None:
        if submission.geometry is not None:
            parse_geometry(submission.geometry, "geometry")
        location = Location(
            lat=submission.lat,
            lon=submission.lon,
            precision=submission.location_precision,
            place=submission.place,
            geometry=submission.geometry,
        )
    precision = submission.date_precision
    if submission.date is not None and precision is None:
        precision = DatePrecision.DAY
    return Incident(
        type=submission.type,
        modality=submission.modality,
        occurred_on=submission.date,
        date_precision=precision,
        location=location,
        summary=submission.summary,
        actors=tuple(IncidentActor(actor.id, actor.role) for actor in submission.actors),
        casualties=Casualties(killed=submission.fatalities, injured=submission.injured),
        weapons=dict(submission.weapons),
        origin=submission.origin,
        reported_by=reported_by,
    )


def incident_document(incident: Incident) -> dict[str, Any]:
    """The JSON document of an incident, as the CLI prints it and the API returns it."""
    location = incident.location
    return {
        "id": incident.id,
        "version": incident.version,
        "state": str(incident.state),
        "type": str(incident.type),
        "modality": str(incident.modality),
        "date": incident.occurred_on.isoformat() if incident.occurred_on else None,
        "date_precision": str(incident.date_precision) if incident.date_precision else None,
        "lat": location.lat if location else None,
        "lon": location.lon if location else None,
        "location_precision": str(location.precision) if location else None,
        "place": location.place if location else None,
        "geometry": dict(location.geometry) if location and location.geometry else None,
        "actors": [{"id": a.actor_id, "role": str(a.role)} for a in incident.actors],
        "summary": incident.summary,
        "fatalities": incident.casualties.killed,
        "injured": incident.casualties.injured,
        "weapons": {str(kind): count for kind, count in sorted(incident.weapons.items())},
        "origin": str(incident.origin),
        "reported_by": incident.reported_by,
        "reporting_party": incident.reporting_party,
        "verified_at": _iso(incident.verified_at),
        "sources": list(incident.source_hashes),
        "evidence": [
            {"sha256": e.sha256, "filename": e.filename, "media_type": e.media_type, "size": e.size}
            for e in incident.evidence
        ],
        "created_at": _iso(incident.created_at),
    }


def submission_document(incident: Incident) -> dict[str, Any]:
    """The submission form of a stored incident: what ``parse_submission`` reads back."""
    document = incident_document(incident)
    keys = IncidentSubmission.model_fields.keys()
    return {
        key: value for key, value in document.items() if key in keys and value not in (None, {}, [])
    }


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None
