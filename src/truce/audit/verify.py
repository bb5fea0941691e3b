"""``truce audit verify``: recompute the chain, check every signature, and compare every
audited row with what the chain says it should be.

Each check yields ``Problem`` values; the report names the first (lowest entry number first, then
rows the chain has never heard of) and counts them all.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import Connection, RowMapping

from truce.audit.canonical import (
    canonical_json,
    differing_columns,
    primary_key_of,
    row_image,
    row_key_text,
    sha256_hex,
)
from truce.audit.chain import (
    EVENT_KINDS,
    EVENT_TABLE,
    GENESIS_HASH,
    audited_tables,
    event_key_text,
)
from truce.audit.migrations import REDACTIONS, table_as_stored
from truce.audit.signing import checkpoint_message, signature_holds, signoff_message
from truce.errors import StoreUnavailable
from truce.store import audit_keys, audit_log, schema
from truce.store import keys as key_store


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing that does not hold; ``seq`` is the entry it concerns, if any."""

    what: str
    seq: int | None = None
    table: str | None = None
    row_key: str | None = None

    def describe(self) -> str:
        where = []
        if self.seq is not None:
            where.append(f"entry {self.seq}")
        if self.table is not None:
            where.append(f"table {self.table} row {self.row_key}")
        return f"{', '.join(where)}: {self.what}" if where else self.what


@dataclass(slots=True)
class AuditReport:
    entries: int = 0
    head_hash: str = GENESIS_HASH
    rows: int = 0
    tables: int = 0
    checkpoints: int = 0
    signoffs: int = 0
    last_checkpoint_seq: int = 0
    #: The entry of the newest redaction a migration made, if one did
    #: (``truce.audit.migrations``).
    redaction_seq: int | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        return not self.problems

    def first_problem(self) -> Problem | None:
        if not self.problems:
            return None
        return min(self.problems, key=lambda p: (p.seq is None, p.seq or 0))

    def summary(self) -> str:
        first = self.first_problem()
        if first is not None:
            more = f" ({len(self.problems)} problems in all)" if len(self.problems) > 1 else ""
            return f"audit: BROKEN at {first.describe()}{more}"
        unsigned = self.entries - self.last_checkpoint_seq
        redaction = ""
        if self.redaction_seq is not None and self.last_checkpoint_seq < self.redaction_seq:
            redaction = (
                f"; entry {self.redaction_seq} redacted earlier entries during an upgrade: "
                "a co-chair should sign a checkpoint (truce audit checkpoint) to vouch for it"
            )
        return (
            f"audit: OK — {self.entries} entries, head {self.head_hash[:16]}, "
            f"{self.rows} rows in {self.tables} tables match the chain, "
            f"{self.checkpoints} checkpoint and {self.signoffs} sign-off signatures hold, "
            f"{unsigned} {'entry' if unsigned == 1 else 'entries'} after the last signed checkpoint"
            f"{redaction}"
        )


@dataclass(slots=True)
class _Recorded:
    seq: int
    row_hash: str | None  # SHA-256 of the canonical row image; None when the row was deleted


@dataclass(frozen=True, slots=True)
class _Redacted:
    """An entry a migration redacted: the hash it keeps and the SHA-256 of its new body."""

    hash: str
    body_sha256: str
    by_seq: int  # the redaction entry
    tables: tuple[str, ...]  # the tables whose entries that redaction may rewrite


def verify_audit(connection: Connection) -> AuditReport:
    report = AuditReport()
    recorded: dict[str, dict[str, _Recorded]] = {}
    redacted: dict[int, _Redacted] = {}
    report.problems.extend(_read_redactions(connection, report, redacted))
    report.problems.extend(_check_chain(connection, report, recorded, redacted))
    report.problems.extend(_check_checkpoints(connection, report))
    report.problems.extend(_check_signoffs(connection, report))
    report.problems.extend(_check_rows(connection, report, recorded))
    return report


def _read_redactions(
    connection: Connection, report: AuditReport, redacted: dict[int, _Redacted]
) -> Iterator[Problem]:
    """Collect what the redaction entries list; a redaction no migration of truce makes, or a
    second one by the same migration, is a problem (its list is then ignored, so what it hides
    shows). An entry two redactions list (0006, then 0010) is checked by the later one."""
    made_by: dict[str, int] = {}
    for entry in audit_log.entries_of_tables(connection, [EVENT_TABLE]):
        seq = int(entry["seq"])
        try:
            event = json.loads(entry["body"]).get("event")
        except (json.JSONDecodeError, AttributeError):
            continue  # the chain check reports it
        if not isinstance(event, dict) or event.get("kind") != "redaction":
            continue
        migration = event.get("migration")
        if migration not in REDACTIONS:
            yield Problem(
                f"a redaction said to be by migration {migration!r}, which truce has no "
                "redaction for: it was written behind the application's back",
                seq=seq,
            )
            continue
        if migration in made_by:
            yield Problem(
                f"a second redaction by migration {migration} (the first is entry "
                f"{made_by[migration]}): it was written behind the application's back",
                seq=seq,
            )
            continue
        made_by[migration] = report.redaction_seq = seq
        for item in event.get("entries", []):
            if int(item["seq"]) >= seq:
                yield Problem(
                    f"the redaction lists entry {item['seq']}, which comes after it: "
                    "it was changed",
                    seq=seq,
                )
                continue
            redacted[int(item["seq"])] = _Redacted(
                hash=item["hash"],
                body_sha256=item["body_sha256"],
                by_seq=seq,
                tables=REDACTIONS[migration].tables,
            )


def _check_chain(
    connection: Connection,
    report: AuditReport,
    recorded: dict[str, dict[str, _Recorded]],
    redacted: dict[int, _Redacted],
) -> Iterator[Problem]:
    expected_seq, prev = 1, GENESIS_HASH
    for entry in audit_log.iter_entries(connection):
        seq = int(entry["seq"])
        report.entries += 1
        if seq != expected_seq:
            yield Problem(
                f"the chain jumps from entry {expected_seq - 1} to {seq}: "
                f"entry {expected_seq} was deleted",
                seq=expected_seq,
            )
        yield from _check_hash(seq, entry, redacted.get(seq))
        try:
            body = json.loads(entry["body"])
        except json.JSONDecodeError:
            yield Problem("its body is not JSON: it was changed", seq=seq)
            expected_seq, prev = seq + 1, entry["hash"]
            continue
        if body.get("prev") != prev:
            yield Problem(
                f"it does not follow entry {seq - 1} (its prev hash differs): "
                f"entry {seq - 1} or {seq} was changed, inserted or deleted",
                seq=seq,
            )
        if "event" in body:
            yield from _check_event(seq, entry, body)
            expected_seq, prev = seq + 1, entry["hash"]
            continue
        if (
            body.get("seq") != seq
            or body.get("table") != entry["table_name"]
            or entry["table_name"] == EVENT_TABLE
            or canonical_json(body.get("key")) != entry["row_key"]
        ):
            yield Problem("its columns disagree with its body: it was changed", seq=seq)
        row = body.get("row")
        recorded.setdefault(entry["table_name"], {})[entry["row_key"]] = _Recorded(
            seq=seq, row_hash=None if row is None else sha256_hex(canonical_json(row))
        )
        expected_seq, prev = seq + 1, entry["hash"]
    report.head_hash = prev


def _check_hash(seq: int, entry: RowMapping, redacted: _Redacted | None) -> Iterator[Problem]:
    """An entry's body hashes to its hash — or, once redacted, is the body the redaction listed
    and keeps the hash it had (the one its successor and any signature name)."""
    if redacted is None:
        if sha256_hex(entry["body"]) != entry["hash"]:
            yield Problem("its body does not hash to its stored hash: it was changed", seq=seq)
    elif entry["table_name"] not in redacted.tables:
        yield Problem(
            f"the redaction at entry {redacted.by_seq} lists it, but that redaction rewrote "
            f"only entries of {', '.join(redacted.tables)}: it was changed",
            seq=seq,
        )
    elif entry["hash"] != redacted.hash:
        yield Problem(
            f"its hash is not the one the redaction at entry {redacted.by_seq} kept: "
            "it was changed",
            seq=seq,
        )
    elif sha256_hex(entry["body"]) != redacted.body_sha256:
        yield Problem(
            f"its body is not the one the redaction at entry {redacted.by_seq} recorded: "
            "it was changed",
            seq=seq,
        )


def _check_event(seq: int, entry: RowMapping, body: dict[str, object]) -> Iterator[Problem]:
    event = body.get("event")
    if (
        not isinstance(event, dict)
        or event.get("kind") not in EVENT_KINDS
        or body.get("seq") != seq
        or entry["table_name"] != EVENT_TABLE
        or entry["row_key"] != event_key_text(str(event.get("kind")), str(event.get("migration")))
    ):
        yield Problem("its columns disagree with its body: it was changed", seq=seq)


def _check_checkpoints(connection: Connection, report: AuditReport) -> Iterator[Problem]:
    public_keys = {row["id"]: row for row in key_store.list_signing_keys(connection)}
    for checkpoint in key_store.list_checkpoints(connection):
        report.checkpoints += 1
        seq = int(checkpoint["seq"])
        key = public_keys.get(checkpoint["key_id"])
        message = checkpoint_message(seq, checkpoint["head_hash"])
        if audit_log.entry_hash_at(connection, seq) != checkpoint["head_hash"]:
            yield Problem(
                f"checkpoint {checkpoint['id']} signed by {checkpoint['by_user']} vouches for a "
                "different hash at this entry: the chain was rewritten after it was signed",
                seq=seq,
            )
        elif not _signed_by(key, checkpoint["by_user"], message, checkpoint["signature"]):
            yield Problem(
                f"the signature of checkpoint {checkpoint['id']} does not hold with a key "
                f"of {checkpoint['by_user']}",
                seq=seq,
            )
        else:
            report.last_checkpoint_seq = max(report.last_checkpoint_seq, seq)


def _check_signoffs(connection: Connection, report: AuditReport) -> Iterator[Problem]:
    public_keys = {row["id"]: row for row in key_store.list_signing_keys(connection)}
    for signoff in audit_log.list_signoff_rows(connection):
        report.signoffs += 1
        version_key = row_key_text(
            {"incident_id": signoff["incident_id"], "version": signoff["incident_version"]}
        )
        version_hash = audit_log.latest_entry_hash_for(
            connection, schema.incident_versions.name, version_key
        )
        message = signoff_message(
            signoff["incident_id"],
            signoff["incident_version"],
            signoff["decision"],
            signoff["version_hash"],
        )
        key = public_keys.get(signoff["key_id"])
        table, row_key = schema.verification_signoffs.name, row_key_text({"id": signoff["id"]})
        if version_hash != signoff["version_hash"]:
            yield Problem(
                f"the sign-off names version hash {signoff['version_hash'][:16]}… but the chain "
                f"recorded version {signoff['incident_version']} of incident "
                f"{signoff['incident_id']} as {str(version_hash)[:16]}…",
                table=table,
                row_key=row_key,
            )
        elif not _signed_by(key, signoff["by_user"], message, signoff["signature"]):
            yield Problem(
                f"the signature does not hold with a key of {signoff['by_user']}",
                table=table,
                row_key=row_key,
            )


def _signed_by(key: RowMapping | None, user: str, message: str, signature: str) -> bool:
    """Whether ``signature`` over ``message`` holds with ``key``, a registered key of ``user``."""
    return (
        key is not None
        and key["user_name"] == user
        and signature_holds(key["public_key"], message, signature)
    )


def _check_rows(
    connection: Connection, report: AuditReport, recorded: dict[str, dict[str, _Recorded]]
) -> Iterator[Problem]:
    try:
        credential_key = audit_keys.credential_key(connection)
    except StoreUnavailable as missing:
        credential_key = None  # every webhook secret recorded keyed then differs, and says so
        yield Problem(missing.message, table=schema.audit_keys.name, row_key="{}")
    for declared in audited_tables():
        # As the database holds it: a database of an earlier revision lacks later columns.
        table = table_as_stored(connection, declared.name)
        report.tables += 1
        seen: set[str] = set()
        for row in audit_log.iter_rows(connection, table):
            report.rows += 1
            key = row_key_text(primary_key_of(table, row))
            seen.add(key)
            expected = recorded.get(table.name, {}).get(key)
            if expected is None or expected.row_hash is None:
                yield Problem(
                    "the row is in the table but not in the chain: "
                    "it was inserted behind the application's back",
                    table=table.name,
                    row_key=key,
                )
                continue
            image = row_image(table, row, credential_key=credential_key)
            if sha256_hex(canonical_json(image)) != expected.row_hash:
                changed = _changed_columns(connection, expected.seq, image)
                yield Problem(
                    f"the row differs from what the chain recorded ({changed}): "
                    "it was changed behind the application's back",
                    seq=expected.seq,
                    table=table.name,
                    row_key=key,
                )
        for key, expected in recorded.get(table.name, {}).items():
            if key not in seen and expected.row_hash is not None:
                yield Problem(
                    "the chain recorded this row but the table no longer holds it: "
                    "it was deleted behind the application's back",
                    seq=expected.seq,
                    table=table.name,
                    row_key=key,
                )


def _changed_columns(connection: Connection, seq: int, image: dict[str, object]) -> str:
    entry = audit_log.get_entry(connection, seq)
    body = json.loads(entry["body"]) if entry is not None else None
    if body is None or not isinstance(body.get("row"), dict):
        return "columns unknown"
    return "changed: " + ", ".join(differing_columns(body["row"], image))
