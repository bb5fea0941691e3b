"""Importing a file: every row is checked first, then all are written or none, each row once.

A format module turns a file into a ``ParsedFile``: the rows it understood, each with its
stable key and the incident it describes, and the rows it could not, each with its number and
the reason. ``import_parsed`` refuses the whole file if any row is wrong, naming every wrong
row, and otherwise stores the rows whose key the database does not know yet.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from truce.audit import batched_entries
from truce.domain.agreement import Agreement
from truce.domain.incident import Incident
from truce.errors import InvalidInput
from truce.exchange.identity import own_incident_id
from truce.ingest.actors import reference_actors
from truce.ingest.proposals import register_reference_actors
from truce.schemas.incident import incident_from_submission, parse_submission
from truce.store.agreements import actor_ids
from truce.store.external_ids import (
    ExternalId,
    existing_incident_ids,
    known_external_keys,
    save_external_id,
)
from truce.store.incidents import insert_incident
from truce.store.sources import source_labels

#: How many wrong rows an error message lists before it says how many more there are.
LISTED_PROBLEMS = 50

SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class ImportedRow:
    """A row understood: its number in the file, its stable key, the incident, the row as given."""

    row_number: int
    external_key: str
    incident: Incident
    record: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row that cannot be imported, and why."""

    row_number: int
    reason: str

    def __str__(self) -> str:
        return f"row {self.row_number}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ParsedFile:
    format: str
    file_name: str
    rows: tuple[ImportedRow, ...]
    problems: tuple[RowProblem, ...]


@dataclass(frozen=True, slots=True)
class ImportSummary:
    format: str
    file_name: str
    rows: int
    added_ids: tuple[int, ...]
    already_present: int


def incident_from_fields(
    fields: Mapping[str, Any], agreement: Agreement, *, source_hashes: Sequence[str] = ()
) -> Incident:
    """The incident a row's fields (in the submission form) describe, with actors checked.

    ``source_hashes`` are the SHA-256 of the sources the row cites; the import links those the
    database holds (the others stay in the row's record).
    """
    for index, sha in enumerate(source_hashes):
        if not SHA256.fullmatch(sha):
            raise InvalidInput(f"sources.{index}", f"{sha!r} is not a SHA-256 in hex")
    incident = replace(
        incident_from_submission(parse_submission(dict(fields))),
        source_hashes=tuple(dict.fromkeys(source_hashes)),
    )
    known = {actor.id for actor in agreement.actors}
    for index, actor_id in enumerate(incident.actor_ids()):
        if actor_id not in known and actor_id not in reference_actors():
            raise InvalidInput(
                f"actors.{index}",
                f"{actor_id!r} is neither an actor of the agreement {agreement.id} nor a state "
                "or body truce knows (an ISO 3166 alpha-3 code such as EGY, or UN, EU …)",
            )
    return incident


def with_duplicates_flagged(parsed: ParsedFile) -> ParsedFile:
    """The same file with a problem for every row whose key repeats an earlier row's."""
    first_row: dict[str, int] = {}
    problems = list(parsed.problems)
    for row in parsed.rows:
        earlier = first_row.setdefault(row.external_key, row.row_number)
        if earlier != row.row_number:
            problems.append(
                RowProblem(row.row_number, f"its key {row.external_key!r} repeats row {earlier}")
            )
    problems.sort(key=lambda problem: problem.row_number)
    return replace(parsed, problems=tuple(problems))


def refuse_if_wrong(parsed: ParsedFile) -> None:
    """Raise ``InvalidInput`` listing every wrong row; nothing is written then."""
    if not parsed.problems:
        return
    total = len(parsed.rows) + len({p.row_number for p in parsed.problems} - _row_numbers(parsed))
    listed = [f"  {problem}" for problem in parsed.problems[:LISTED_PROBLEMS]]
    if len(parsed.problems) > LISTED_PROBLEMS:
        listed.append(f"  … and {len(parsed.problems) - LISTED_PROBLEMS} more")
    count = len({problem.row_number for problem in parsed.problems})
    raise InvalidInput(
        parsed.file_name,
        f"{count} of {total} rows cannot be imported, so nothing was imported; "
        "correct these rows and import the file again:\n" + "\n".join(listed),
    )


def import_parsed(
    connection: Connection, parsed: ParsedFile, agreement: Agreement, *, now: datetime | None = None
) -> ImportSummary:
    """Store every new row of a checked file in the caller's transaction (all or nothing)."""
    parsed = with_duplicates_flagged(parsed)
    refuse_if_wrong(parsed)
    keys = [row.external_key for row in parsed.rows]
    known = known_external_keys(connection, keys)
    own_ids = {key: own_incident_id(key, agreement.id) for key in keys}
    held = existing_incident_ids(connection, {i for i in own_ids.values() if i is not None})
    held_sources = source_labels(
        connection, {sha for row in parsed.rows for sha in row.incident.source_hashes}
    )
    moment = now or datetime.now(UTC)
    added: list[int] = []
    with batched_entries(connection):  # one extension of the audit chain for the whole file
        named = (actor_id for row in parsed.rows for actor_id in row.incident.actor_ids())
        register_reference_actors(connection, named, actor_ids(connection))
        for row in parsed.rows:
            if row.external_key in known or own_ids[row.external_key] in held:
                continue
            incident = replace(
                row.incident,
                source_hashes=tuple(
                    sha for sha in row.incident.source_hashes if sha in held_sources
                ),
            )
            stored = insert_incident(connection, incident)
            assert stored.id is not None
            save_external_id(
                connection,
                ExternalId(
                    external_key=row.external_key,
                    incident_id=stored.id,
                    format=parsed.format,
                    file_name=parsed.file_name,
                    row_number=row.row_number,
                    record=row.record,
                ),
                at=moment,
            )
            added.append(stored.id)
    return ImportSummary(
        format=parsed.format,
        file_name=parsed.file_name,
        rows=len(parsed.rows),
        added_ids=tuple(added),
        already_present=len(parsed.rows) - len(added),
    )


def _row_numbers(parsed: ParsedFile) -> set[int]:
    return {row.row_number for row in parsed.rows}


def decode_text(data: bytes, file_name: str) -> str:
    """A file's bytes as text: UTF-8, with or without the byte-order mark spreadsheets add."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            file_name, f"is not UTF-8 text (byte {error.start}); save it as UTF-8 and import again"
        ) from None
