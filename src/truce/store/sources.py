"""Sources and evidence files: stored once by the SHA-256 of their bytes."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Connection, exists, func, insert, select

from truce.audit import record_write
from truce.domain.incident import EvidenceFile
from truce.domain.source import Source, SourceKind, content_hash
from truce.domain.visibility import Visibility
from truce.errors import NotFound
from truce.store import schema
from truce.store.visibility import visible_condition


def save_source(connection: Connection, source: Source) -> bool:
    """Store a source unless its bytes are already known; returns whether it was new."""
    sha = source.sha256
    if connection.execute(
        select(schema.sources.c.sha256).where(schema.sources.c.sha256 == sha)
    ).first():
        return False
    connection.execute(
        insert(schema.sources).values(
            sha256=sha,
            kind=str(source.kind),
            media_type=source.media_type,
            url=source.url,
            title=source.title,
            outlet=source.outlet,
            published_on=source.published_on,
            size=len(source.content),
            content=source.content,
            created_at=datetime.now(UTC),
        )
    )
    record_write(connection, schema.sources, {"sha256": sha})
    return True


def get_source(connection: Connection, sha256: str, visibility: Visibility | None = None) -> Source:
    """A source; with ``visibility``, only if an incident it backs is visible (else NotFound)."""
    statement = select(schema.sources).where(schema.sources.c.sha256 == sha256)
    condition = visible_condition(visibility)
    if condition is not None:
        backs = schema.incident_sources
        statement = statement.where(
            exists(
                select(backs.c.incident_id)
                .join(schema.incidents, schema.incidents.c.id == backs.c.incident_id)
                .where(backs.c.source_sha256 == schema.sources.c.sha256, condition)
            )
        )
    row = connection.execute(statement).mappings().first()
    if row is None:
        raise NotFound(f"there is no source with SHA-256 {sha256}")
    return Source(
        content=row["content"],
        kind=SourceKind(row["kind"]),
        media_type=row["media_type"],
        url=row["url"],
        title=row["title"],
        outlet=row["outlet"],
        published_on=row["published_on"],
    )


def save_evidence(
    connection: Connection, content: bytes, *, filename: str, media_type: str
) -> EvidenceFile:
    """Store an evidence file's bytes once; the returned record names it for one incident."""
    sha = content_hash(content)
    if not connection.execute(
        select(schema.evidence_files.c.sha256).where(schema.evidence_files.c.sha256 == sha)
    ).first():
        connection.execute(
            insert(schema.evidence_files).values(
                sha256=sha,
                media_type=media_type,
                size=len(content),
                content=content,
                created_at=datetime.now(UTC),
            )
        )
        record_write(connection, schema.evidence_files, {"sha256": sha})
    return EvidenceFile(sha256=sha, filename=filename, media_type=media_type, size=len(content))


def evidence_chunks(connection: Connection, sha256: str, *, chunk_bytes: int) -> Iterator[bytes]:
    """An evidence file's bytes, ``chunk_bytes`` at a time (``substr`` of the stored blob, the
    same in SQLite and PostgreSQL), so that no more than one chunk is held at once."""
    table = schema.evidence_files
    start = 1  # SQL counts from 1
    while True:
        chunk = connection.execute(
            select(func.substr(table.c.content, start, chunk_bytes)).where(table.c.sha256 == sha256)
        ).scalar_one_or_none()
        if not chunk:
            return
        yield bytes(chunk)
        if len(chunk) < chunk_bytes:
            return
        start += chunk_bytes


@dataclass(frozen=True, slots=True)
class SourceLabel:
    """What a list shows of a source, without its bytes."""

    sha256: str
    kind: SourceKind
    url: str | None
    title: str | None
    outlet: str | None
    published_on: date | None

    @property
    def name(self) -> str:
        return self.outlet or self.title or self.url or self.sha256[:12]


def source_labels(connection: Connection, hashes: Collection[str]) -> dict[str, SourceLabel]:
    """The sources among ``hashes`` that the database holds, by hash (unknown ones are absent)."""
    if not hashes:
        return {}
    table = schema.sources
    rows = connection.execute(
        select(
            table.c.sha256,
            table.c.kind,
            table.c.url,
            table.c.title,
            table.c.outlet,
            table.c.published_on,
        ).where(table.c.sha256.in_(list(hashes)))
    ).mappings()
    return {
        row["sha256"]: SourceLabel(
            sha256=row["sha256"],
            kind=SourceKind(row["kind"]),
            url=row["url"],
            title=row["title"],
            outlet=row["outlet"],
            published_on=row["published_on"],
        )
        for row in rows
    }
