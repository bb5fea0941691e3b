"""External ids: the stable key of every imported row, with the row kept exactly as given.

A row's key is what makes a re-import add nothing; the record keeps what the file said even
where truce has no field for it (an ACLED ``admin1``, a source it does not hold).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from truce.audit import record_write
from truce.store import schema


@dataclass(frozen=True, slots=True, kw_only=True)
class ExternalId:
    """Where an incident came from: a file's format and name, the row number and the row."""

    external_key: str
    incident_id: int
    format: str
    file_name: str
    row_number: int
    record: Mapping[str, Any]


def known_external_keys(connection: Connection, keys: Collection[str]) -> set[str]:
    """Which of ``keys`` are already stored (checked in batches for large files)."""
    found: set[str] = set()
    ordered = list(keys)
    for start in range(0, len(ordered), 500):
        batch = ordered[start : start + 500]
        found.update(
            connection.execute(
                select(schema.external_ids.c.external_key).where(
                    schema.external_ids.c.external_key.in_(batch)
                )
            ).scalars()
        )
    return found


def save_external_id(connection: Connection, external_id: ExternalId, *, at: datetime) -> None:
    connection.execute(
        insert(schema.external_ids).values(
            external_key=external_id.external_key,
            incident_id=external_id.incident_id,
            format=external_id.format,
            file_name=external_id.file_name,
            row_number=external_id.row_number,
            record=dict(external_id.record),
            imported_at=at,
        )
    )
    record_write(connection, schema.external_ids, {"external_key": external_id.external_key})


def external_keys_by_incident(connection: Connection) -> dict[int, str]:
    """The key each imported incident came with: exports carry it on, so ids stay stable."""
    rows = connection.execute(
        select(schema.external_ids.c.incident_id, schema.external_ids.c.external_key).order_by(
            schema.external_ids.c.imported_at, schema.external_ids.c.external_key
        )
    )
    keys: dict[int, str] = {}
    for incident_id, external_key in rows:
        keys.setdefault(int(incident_id), str(external_key))
    return keys


def existing_incident_ids(connection: Connection, incident_ids: Collection[int]) -> set[int]:
    """Which of ``incident_ids`` this database holds."""
    if not incident_ids:
        return set()
    return {
        int(value)
        for value in connection.execute(
            select(schema.incidents.c.id).where(schema.incidents.c.id.in_(list(incident_ids)))
        ).scalars()
    }
