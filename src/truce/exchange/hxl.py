"""CSV with HXL hashtags (the Humanitarian Exchange Language, hxlstandard.org).

Row 1 holds readable column names, row 2 the HXL hashtags that tools such as HDX and the HXL
Proxy read; the rows after are incidents. Actors go by id in one column per role. The columns
are the submission form's, so a file truce wrote reads back to the same incidents.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from truce.domain.agreement import Agreement
from truce.domain.incident import ActorRole, Incident, Origin
from truce.errors import InvalidInput
from truce.exchange import cells
from truce.exchange.identity import content_key
from truce.exchange.importing import (
    ImportedRow,
    ParsedFile,
    RowProblem,
    decode_text,
    incident_from_fields,
)

FORMAT = "hxl"

#: (column name, HXL hashtag with attributes).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("key", "#event+id"),
    ("date", "#date+occurred"),
    ("date_precision", "#date+precision"),
    ("type", "#event+type"),
    ("modality", "#event+modality"),
    ("state", "#status+verification"),
    ("place", "#loc+name"),
    ("lat", "#geo+lat"),
    ("lon", "#geo+lon"),
    ("location_precision", "#geo+precision"),
    ("geometry", "#geo+geojson"),
    ("alleged_perpetrators", "#org+code+perpetrator"),
    ("targets", "#org+code+target"),
    ("participants", "#org+code+participant"),
    ("reporters", "#org+code+reporter"),
    ("fatalities", "#affected+killed"),
    ("injured", "#affected+injured"),
    ("weapons", "#item+weapons"),
    ("summary", "#description"),
    ("origin", "#meta+origin"),
    ("sources", "#meta+source+sha256"),
)
ACTOR_COLUMNS: dict[str, ActorRole] = {
    "alleged_perpetrators": ActorRole.ALLEGED_PERPETRATOR,
    "targets": ActorRole.TARGET,
    "participants": ActorRole.PARTICIPANT,
    "reporters": ActorRole.REPORTER,
}
#: Columns an import records but does not take over (verification is earned, not imported).
RECORDED_ONLY = ("key", "state", "sources")


def hxl_csv(incidents: Iterable[Incident], *, keys: Mapping[int, str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([name for name, _ in COLUMNS])
    writer.writerow([hashtag for _, hashtag in COLUMNS])
    for incident in incidents:
        assert incident.id is not None
        row = _row(incident, keys[incident.id])
        writer.writerow([cells.spreadsheet_safe(row[name]) for name, _ in COLUMNS])
    return buffer.getvalue()


def _row(incident: Incident, key: str) -> dict[str, str]:
    location = incident.location
    row = {
        "key": key,
        "date": incident.occurred_on.isoformat() if incident.occurred_on else "",
        "date_precision": str(incident.date_precision or ""),
        "type": str(incident.type),
        "modality": str(incident.modality),
        "state": str(incident.state),
        "place": (location.place or "") if location else "",
        "lat": cells.number_cell(location.lat if location else None),
        "lon": cells.number_cell(location.lon if location else None),
        "location_precision": str(location.precision) if location else "",
        "geometry": cells.geometry_cell(location.geometry if location else None),
        "fatalities": cells.number_cell(incident.casualties.killed),
        "injured": cells.number_cell(incident.casualties.injured),
        "weapons": cells.weapons_cell(incident.weapons),
        "summary": incident.summary,
        "origin": str(incident.origin),
        "sources": cells.join_list(incident.source_hashes),
    }
    for column, role in ACTOR_COLUMNS.items():
        row[column] = cells.join_list(incident.actor_ids(role))
    return row


def read_hxl(data: bytes, file_name: str, agreement: Agreement) -> ParsedFile:
    """Every row of a truce HXL CSV; columns are found by hashtag, so their order is free."""
    rows_in = list(csv.reader(io.StringIO(decode_text(data, file_name), newline="")))
    hashtag_row = next(
        (index for index, row in enumerate(rows_in[:25]) if row and row[0].startswith("#")), None
    )
    if hashtag_row is None:
        raise InvalidInput(file_name, "has no HXL hashtag row (a row of #tags) in its first 25")
    by_hashtag = {tag.strip(): index for index, tag in enumerate(rows_in[hashtag_row])}
    missing = [tag for name, tag in COLUMNS if name not in RECORDED_ONLY and tag not in by_hashtag]
    if "#description" in missing or "#event+type" in missing:
        raise InvalidInput(file_name, f"lacks the hashtags {', '.join(missing)}")
    rows: list[ImportedRow] = []
    problems: list[RowProblem] = []
    for offset, cells_in in enumerate(rows_in[hashtag_row + 1 :], start=hashtag_row + 2):
        if not any(cell.strip() for cell in cells_in):
            continue
        record = {
            name: cells.from_spreadsheet_safe(cells_in[by_hashtag[tag]])
            if by_hashtag.get(tag, len(cells_in)) < len(cells_in)
            else ""
            for name, tag in COLUMNS
        }
        try:
            incident = incident_from_fields(
                _fields(record), agreement, source_hashes=cells.split_list(record["sources"])
            )
        except InvalidInput as error:
            problems.append(RowProblem(offset, str(error)))
            continue
        key = record["key"].strip() or content_key(FORMAT, record)
        rows.append(ImportedRow(offset, key, incident, record))
    return ParsedFile(FORMAT, file_name, tuple(rows), tuple(problems))


def _fields(record: Mapping[str, str]) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "type": record["type"].strip(),
        "modality": record["modality"].strip() or "occurred",
        "summary": record["summary"].strip(),
        "origin": record["origin"].strip() or str(Origin.IMPORT),
        "date": record["date"].strip() or None,
        "date_precision": record["date_precision"].strip() or None,
        "lat": cells.float_from_cell(record["lat"], "lat"),
        "lon": cells.float_from_cell(record["lon"], "lon"),
        "place": record["place"].strip() or None,
        "geometry": cells.geometry_from_cell(record["geometry"], "geometry"),
        "fatalities": cells.count_from_cell(record["fatalities"], "fatalities"),
        "injured": cells.count_from_cell(record["injured"], "injured"),
        "weapons": cells.weapons_from_cell(record["weapons"], "weapons"),
        "actors": [
            {"id": actor_id, "role": str(role)}
            for column, role in ACTOR_COLUMNS.items()
            for actor_id in cells.split_list(record[column])
        ],
    }
    if record["location_precision"].strip():
        fields["location_precision"] = record["location_precision"].strip()
    return {key: value for key, value in fields.items() if value is not None}
