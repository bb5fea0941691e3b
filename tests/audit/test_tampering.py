"""Rows changed, deleted or inserted behind the application's back — in the tables or in the
chain itself — are reported by `truce audit verify` naming the first broken entry; an untouched
database verifies clean. On SQLite and PostgreSQL, with plain SQL as sqlite3 or psql would run."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import text

from truce.audit.canonical import canonical_json, sha256_hex
from truce.audit.signing import read_private_key
from truce.cli import run
from truce.domain.verification import VerificationState
from truce.domain.workflow import Decision
from truce.schemas.incident import incident_from_submission, parse_submission
from truce.services.keys import sign_checkpoint
from truce.services.verification import move_incident, reply_to_incident, sign_incident
from truce.store.incidents import insert_incident

SHELLING = {
    "type": "shelling", "date": "2020-11-02", "lat": 30.45, "lon": 16.35,
    "actors": [{"id": "LNA", "role": "alleged_perpetrator"}], "summary": "Shelling near the road.",
}  # fmt: skip


@pytest.fixture
def verified(chamber: Any) -> Any:
    """The chamber with a shelling verified by both co-chairs, a reply, and a checkpoint."""
    db, agreement = chamber.database, chamber.agreement
    with db.transaction() as connection:
        insert_incident(connection, incident_from_submission(parse_submission(SHELLING)))
        for target in (VerificationState.TRIAGED, VerificationState.UNDER_VERIFICATION):
            move_incident(
                connection, agreement, user_name="ana", incident_id=1, target=target, reason="ok"
            )
        for chair in ("tur", "rus"):
            sign_incident(
                connection, agreement, user_name=chair, incident_id=1, decision=Decision.VERIFY,
                reason="seen", private_key=read_private_key(chamber.key_files[chair]),
            )  # fmt: skip
        reply_to_incident(connection, agreement, user_name="lna", incident_id=1, text="We deny.")
        sign_checkpoint(connection, agreement, "tur", read_private_key(chamber.key_files["tur"]))
    return chamber


def audit_verify(location: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = run(["audit", "verify", "--db", location])
    captured = capsys.readouterr()
    return code, (captured.out + captured.err).strip()


def entry_of(chamber: Any, table: str, key: str) -> int:
    with chamber.database.connect() as connection:
        return int(
            connection.execute(
                text("SELECT max(seq) FROM audit_entries WHERE table_name = :t AND row_key = :k"),
                {"t": table, "k": key},
            ).scalar_one()
        )


def execute(chamber: Any, sql: str, **params: Any) -> None:
    with chamber.database.transaction() as connection:
        connection.execute(text(sql), params)


def test_an_untouched_database_verifies_clean(
    verified: Any, database_location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, output = audit_verify(database_location, capsys)
    assert code == 0, output
    assert output.startswith("audit: OK") and len(output.splitlines()) == 1
    assert "1 checkpoint and 2 sign-off signatures hold" in output


TAMPERING = {
    "incident field changed": (
        "UPDATE incidents SET summary = 'Nothing happened.' WHERE id = 1",
        ("incidents", '{"id":1}'),
        "changed: summary",
    ),
    "incident row inserted": (
        "INSERT INTO incidents (id, version, state, type, modality, summary, weapons, origin, "
        "created_at, updated_at) SELECT 99, version, 'verified', type, modality, summary, "
        "weapons, origin, created_at, updated_at FROM incidents WHERE id = 1",
        None,
        'table incidents row {"id":99}: the row is in the table but not in the chain',
    ),
    "transition changed": (
        "UPDATE verification_transitions SET by_user = 'rus' WHERE id = 1",
        ("verification_transitions", '{"id":1}'),
        "changed: by_user",
    ),
    "transition deleted": (
        "DELETE FROM verification_transitions WHERE id = 2",
        ("verification_transitions", '{"id":2}'),
        "it was deleted behind the application's back",
    ),
    "sign-off changed": (
        "UPDATE verification_signoffs SET decision = 'refuse' WHERE id = 2",
        ("verification_signoffs", '{"id":2}'),
        "changed: decision",
    ),
    "sign-off inserted": (
        "INSERT INTO verification_signoffs (id, incident_id, incident_version, version_hash, "
        "co_chair, by_user, key_id, decision, reason, signature, signed_at) SELECT 3, "
        "incident_id, incident_version, version_hash, co_chair, by_user, key_id, decision, "
        "reason, signature, signed_at FROM verification_signoffs WHERE id = 1",
        None,
        'table verification_signoffs row {"id":3}: the row is in the table but not in the chain',
    ),
    "sign-off deleted": (
        "DELETE FROM verification_signoffs WHERE id = 1",
        ("verification_signoffs", '{"id":1}'),
        "it was deleted behind the application's back",
    ),
    "reply changed": (
        "UPDATE incident_replies SET text = 'We admit it.' WHERE id = 1",
        ("incident_replies", '{"id":1}'),
        "changed: text",
    ),
}


@pytest.mark.parametrize("case", list(TAMPERING))
def test_a_row_tampered_with_in_a_table_is_reported(
    verified: Any, database_location: str, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    sql, covered, message = TAMPERING[case]
    expected_seq = entry_of(verified, *covered) if covered else None
    execute(verified, sql)
    code, output = audit_verify(database_location, capsys)
    assert code == 1, output
    first_line = output.splitlines()[0]
    assert first_line.startswith("audit: BROKEN at "), first_line
    if expected_seq is not None:
        table, key = covered
        assert first_line.startswith(
            f"audit: BROKEN at entry {expected_seq}, table {table} row {key}:"
        ), first_line
    assert message in first_line, first_line


def test_an_audit_entry_changed_is_reported(
    verified: Any, database_location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    seq = entry_of(verified, "incidents", '{"id":1}')
    execute(
        verified,
        "UPDATE audit_entries SET body = replace(body, :before, :after) WHERE seq = :seq",
        before='"state":"verified"',
        after='"state":"rejected"',
        seq=seq,
    )
    code, output = audit_verify(database_location, capsys)
    assert code == 1
    assert output.startswith(f"audit: BROKEN at entry {seq}: its body does not hash"), output


def test_an_audit_entry_rewritten_with_a_fresh_hash_breaks_the_link_and_the_checkpoint(
    verified: Any, database_location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    seq = entry_of(verified, "verification_signoffs", '{"id":2}')
    with verified.database.connect() as connection:
        body = connection.execute(
            text("SELECT body FROM audit_entries WHERE seq = :seq"), {"seq": seq}
        ).scalar_one()
    forged = json.loads(body)
    forged["row"]["reason"] = "under protest"
    forged_body = json.dumps(forged, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
    execute(
        verified,
        "UPDATE audit_entries SET body = :body, hash = :hash WHERE seq = :seq",
        body=forged_body,
        hash=sha256_hex(forged_body),
        seq=seq,
    )
    code, output = audit_verify(database_location, capsys)
    assert code == 1
    assert output.startswith(f"audit: BROKEN at entry {seq}"), output


def test_an_audit_entry_deleted_is_reported(
    verified: Any, database_location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    execute(verified, "DELETE FROM audit_entries WHERE seq = 5")
    code, output = audit_verify(database_location, capsys)
    assert code == 1
    assert output.startswith("audit: BROKEN at entry 5: the chain jumps from entry 4 to 6"), output


def test_an_audit_entry_inserted_is_reported(
    verified: Any, database_location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with verified.database.connect() as connection:
        head = connection.execute(text("SELECT max(seq) FROM audit_entries")).scalar_one()
    body = json.dumps(
        {
            "seq": head + 1,
            "prev": "f" * 64,
            "table": "incidents",
            "key": {"id": 1},
            "row": None,
            "by": "tur",
            "at": "2020-11-03T00:00:00+00:00",
        },
        separators=(",", ":"),
    )
    execute(
        verified,
        "INSERT INTO audit_entries (seq, table_name, row_key, body, hash) "
        "VALUES (:seq, 'incidents', :key, :body, :hash)",
        seq=head + 1,
        key='{"id":1}',
        body=body,
        hash=sha256_hex(body),
    )
    code, output = audit_verify(database_location, capsys)
    assert code == 1
    assert output.startswith(f"audit: BROKEN at entry {head + 1}: it does not follow"), output


def test_a_chain_rewritten_consistently_is_caught_by_the_signed_checkpoint(
    verified: Any, database_location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Someone with the database rewrites an incident and every entry after it, hashes and
    links recomputed: only the co-chair's signature over the old head can tell."""
    seq = entry_of(verified, "incidents", '{"id":1}')
    with verified.database.connect() as connection:
        entries = connection.execute(
            text("SELECT seq, body FROM audit_entries WHERE seq >= :seq ORDER BY seq"),
            {"seq": seq - 1},
        ).all()
        checkpoint_seq = connection.execute(text("SELECT seq FROM audit_checkpoints")).scalar_one()
    prev = sha256_hex(entries[0].body)
    for entry in entries[1:]:
        body = json.loads(entry.body)
        body["prev"] = prev
        if entry.seq == seq:
            body["row"]["summary"] = "Nothing happened."
        forged = canonical_json(body)
        prev = sha256_hex(forged)
        execute(
            verified,
            "UPDATE audit_entries SET body = :body, hash = :hash WHERE seq = :seq",
            body=forged,
            hash=prev,
            seq=entry.seq,
        )
    execute(verified, "UPDATE incidents SET summary = 'Nothing happened.' WHERE id = 1")
    code, output = audit_verify(database_location, capsys)
    assert code == 1
    assert output == (
        f"audit: BROKEN at entry {checkpoint_seq}: checkpoint 1 signed by tur vouches for a "
        "different hash at this entry: the chain was rewritten after it was signed"
    )
