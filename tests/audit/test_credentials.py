"""Credentials never reach the record: the chain holds the digest of a password hash, a token's
hash or a webhook secret, proves that one changed, and an export hands none of them out. A
database whose chain recorded them in clear (before migration 0006) is redacted on upgrade
without breaking the chain or any signature. On SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from truce.alerts.subscriptions import AlertEvent, Subscription
from truce.audit.canonical import canonical_json, sha256_hex
from truce.audit.chain import GENESIS_HASH
from truce.audit.credentials import DIGEST_LABEL, KEYED_DIGEST_LABEL, keyed_digest
from truce.audit.signing import read_private_key
from truce.audit.verify import verify_audit
from truce.cli import run
from truce.domain.credentials import TokenKind, issue_token
from truce.services.keys import sign_checkpoint
from truce.store.alerts import add_subscription
from truce.store.audit_keys import credential_key
from truce.store.database import Database
from truce.store.users import add_token

ROOT = Path(__file__).resolve().parents[2]
WEBHOOK_SECRET = "a-webhook-secret-nobody-may-read"


def truce(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = run(list(args))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def credentials_in(database: Database) -> list[str]:
    """Every credential the database holds: password hashes, token hashes, webhook secrets."""
    with database.connect() as connection:
        return [
            str(value)
            for query in (
                "SELECT password_hash FROM users WHERE password_hash IS NOT NULL",
                "SELECT sha256 FROM api_tokens",
                "SELECT secret FROM alert_subscriptions",
            )
            for value in connection.execute(text(query)).scalars()
        ]


def execute(database: Database, sql: str, **params: Any) -> None:
    with database.transaction() as connection:
        connection.execute(text(sql), params)


def test_an_export_holds_no_credential_and_a_changed_one_is_caught(
    database_location: str,
    scenario_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = ("--db", database_location)
    assert truce(capsys, "init", "--scenario", str(scenario_path), *db)[0] == 0
    assert truce(capsys, "users", "add", "ana", "--role", "analyst", *db)[0] == 0
    assert truce(capsys, "users", "add", "mon", "--role", "monitor", *db)[0] == 0
    assert truce(capsys, "users", "password", "ana", *db)[0] == 0
    assert truce(capsys, "tokens", "new", "mon", *db)[0] == 0
    database = Database(database_location)
    with database.transaction() as connection:
        add_subscription(
            connection,
            Subscription(
                url="https://example.org/hook", event=AlertEvent.NEW_INCIDENT, secret=WEBHOOK_SECRET
            ),
        )
    held = credentials_in(database)
    assert sum(value.startswith("$argon2") for value in held) >= 2 and WEBHOOK_SECRET in held

    export = tmp_path / "record.json"
    assert truce(capsys, "audit", "export", "--out", str(export), *db)[0] == 0
    record = export.read_text("utf-8")
    assert "$argon2" not in record
    assert all(value not in record for value in held)
    bodies = "".join(entry["body"] for entry in json.loads(record)["entries"])
    assert f'"credential_sha256":"{hashlib.sha256(held[0].encode()).hexdigest()}"' in bodies
    code, output = truce(capsys, "audit", "verify", *db)
    assert code == 0 and output.startswith("audit: OK"), output

    execute(database, "UPDATE users SET password_hash = :forged WHERE name = 'mon'", forged=held[0])
    execute(database, "UPDATE api_tokens SET sha256 = :forged", forged="0" * 64)
    code, output = truce(capsys, "audit", "verify", *db)
    assert code == 1
    assert 'table users row {"name":"mon"}: the row differs from what the chain recorded ' \
        "(changed: password_hash)" in output  # fmt: skip
    assert "(2 problems in all)" in output  # the password and the token
    database.dispose()


def _record_credentials_in_clear(database: Database) -> None:
    """Rewrite the chain as truce wrote it before 0006 — credentials in clear, every hash and
    link recomputed — and set the database back to revision 0004."""
    clear = {hashlib.sha256(v.encode()).hexdigest(): v for v in credentials_in(database)}
    with database.connect() as connection:
        key = credential_key(connection)
    assert key is not None
    clear |= {keyed_digest({DIGEST_LABEL: plain}, key)[KEYED_DIGEST_LABEL]: value
              for plain, value in clear.items()}  # fmt: skip
    with database.transaction() as connection:
        entries = connection.execute(text("SELECT seq, body FROM audit_entries ORDER BY seq")).all()
        prev = GENESIS_HASH
        for entry in entries:
            body = json.loads(entry.body)
            if isinstance(body.get("row"), dict):
                body["row"] = {
                    name: clear[next(iter(value.values()))]
                    if isinstance(value, dict) and set(value) & {DIGEST_LABEL, KEYED_DIGEST_LABEL}
                    else value
                    for name, value in body["row"].items()
                }
            body["prev"] = prev
            old_body = canonical_json(body)
            prev = sha256_hex(old_body)
            connection.execute(
                text("UPDATE audit_entries SET body = :body, hash = :hash WHERE seq = :seq"),
                {"body": old_body, "hash": prev, "seq": entry.seq},
            )
        connection.execute(text("UPDATE alembic_version SET version_num = '0004'"))


@pytest.fixture
def recorded_in_clear(chamber: Any) -> Any:
    """The chamber with a password, a token and a webhook, its chain as 0004 left it (every
    credential in clear), and a checkpoint the co-chair signed over that chain."""
    database = chamber.database
    assert run(["users", "password", "ana", "--db", database.url]) == 0
    with database.transaction() as connection:
        token = issue_token(TokenKind.API, now=datetime.now(UTC), lifetime=None)
        add_token(connection, "mon", token)
        add_subscription(
            connection,
            Subscription(
                url="https://example.org/hook", event=AlertEvent.NEW_INCIDENT, secret=WEBHOOK_SECRET
            ),
        )
    _record_credentials_in_clear(database)
    with database.transaction() as connection:
        sign_checkpoint(
            connection, chamber.agreement, "tur", read_private_key(chamber.key_files["tur"])
        )
    return chamber


def test_upgrading_redacts_earlier_entries_and_every_signature_still_holds(
    recorded_in_clear: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = recorded_in_clear.database
    held = credentials_in(database)
    with database.connect() as connection:
        chain = "".join(connection.execute(text("SELECT body FROM audit_entries")).scalars())
        hashes_before = dict(connection.execute(text("SELECT seq, hash FROM audit_entries")).all())
    assert "$argon2" in chain and WEBHOOK_SECRET in chain  # what 0004 left

    database.migrate()

    with database.connect() as connection:
        report = verify_audit(connection)
        hashes_after = dict(connection.execute(text("SELECT seq, hash FROM audit_entries")).all())
    assert report.holds, report.summary()
    # 0006's redaction, then 0010's (the webhook secret's digest keyed), the newest
    assert report.checkpoints == 1 and report.redaction_seq == len(hashes_before) + 2
    assert "a co-chair should sign a checkpoint" in report.summary()
    assert {seq: hashes_after[seq] for seq in hashes_before} == hashes_before

    db = ("--db", database.url)
    export = tmp_path / "record.json"
    assert truce(capsys, "audit", "export", "--out", str(export), *db)[0] == 0
    record = export.read_text("utf-8")
    assert "$argon2" not in record and all(value not in record for value in held)
    script = [sys.executable, "-I", str(ROOT / "scripts" / "verify_audit_export.py"), str(export)]
    done = subprocess.run(script, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("export OK"), done.stderr

    key = str(recorded_in_clear.key_files["rus"])
    assert truce(capsys, "audit", "checkpoint", "--as", "rus", "--key", key, *db)[0] == 0
    code, output = truce(capsys, "audit", "verify", *db)
    assert code == 0 and "2 checkpoint" in output and "should sign" not in output, output


def redacted_entry_of_user(database: Database, name: str) -> int:
    with database.connect() as connection:
        event = json.loads(
            connection.execute(
                text("SELECT body FROM audit_entries WHERE row_key = :key"),
                {"key": canonical_json({"event": "redaction", "migration": "0006"})},
            ).scalar_one()
        )["event"]
        seqs = [item["seq"] for item in event["entries"]]
        return int(
            connection.execute(
                text(
                    "SELECT max(seq) FROM audit_entries WHERE table_name = 'users' "
                    "AND row_key = :key AND seq IN (" + ", ".join(map(str, seqs)) + ")"
                ),
                {"key": canonical_json({"name": name})},
            ).scalar_one()
        )


@pytest.fixture
def upgraded(recorded_in_clear: Any) -> tuple[Database, int]:
    """The database upgraded to 0006, and the redacted entry that recorded ana's password."""
    database = recorded_in_clear.database
    database.migrate()
    return database, redacted_entry_of_user(database, "ana")


def test_a_redacted_entry_changed_afterwards_is_caught(
    upgraded: tuple[Database, int], capsys: pytest.CaptureFixture[str]
) -> None:
    database, seq = upgraded
    execute(
        database,
        'UPDATE audit_entries SET body = replace(body, \'"role":"analyst"\', '
        '\'"role":"admin"\') WHERE seq = :seq',
        seq=seq,
    )
    code, output = truce(capsys, "audit", "verify", "--db", database.url)
    assert code == 1
    assert output.startswith(f"audit: BROKEN at entry {seq}: its body is not the one the "
                             "redaction at entry"), output  # fmt: skip


def test_a_redaction_appended_behind_the_applications_back_is_refused(
    upgraded: tuple[Database, int], capsys: pytest.CaptureFixture[str]
) -> None:
    """A second redaction, correctly hashed and linked at the end, cannot launder an entry."""
    database, seq = upgraded
    head_seq = forge_under_a_redaction(database, seq, migration="0006")
    code, output = truce(capsys, "audit", "verify", "--db", database.url)
    assert code == 1
    assert f"entry {seq}: its body is not the one the redaction" in output, output
    with database.connect() as connection:
        problems = [p.describe() for p in verify_audit(connection).problems]
    assert any(p.startswith(f"entry {head_seq}: a second redaction") for p in problems)


def test_a_redaction_of_entries_outside_its_tables_is_refused(
    chamber: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A new database has no redaction; one appended in 0010's name cannot launder an entry of
    another table than 0010 redacts (alert_subscriptions), for truce nor the standalone check."""
    database = chamber.database
    with database.connect() as connection:
        seq = connection.execute(
            text("SELECT seq FROM audit_entries WHERE table_name = 'users' AND row_key = :key"),
            {"key": canonical_json({"name": "ana"})},
        ).scalar_one()
    head_seq = forge_under_a_redaction(database, seq, migration="0010")
    code, output = truce(capsys, "audit", "verify", "--db", database.url)
    assert code == 1
    assert f"entry {seq}: the redaction at entry {head_seq} lists it, but that redaction " \
        "rewrote only entries of alert_subscriptions" in output, output  # fmt: skip
    export = tmp_path / "record.json"
    assert truce(capsys, "audit", "export", "--out", str(export), "--db", database.url)[0] == 0
    script = [sys.executable, "-I", str(ROOT / "scripts" / "verify_audit_export.py"), str(export)]
    done = subprocess.run(script, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "redacts no entry of its table" in done.stderr, done.stderr


def forge_under_a_redaction(database: Database, seq: int, *, migration: str) -> int:
    """Make entry ``seq`` (a user's) say ``admin`` for ``analyst`` and append, correctly hashed
    and linked, a redaction in ``migration``'s name that lists the forged body; its seq."""
    with database.connect() as connection:
        old_hash, old_body = connection.execute(
            text("SELECT hash, body FROM audit_entries WHERE seq = :seq"), {"seq": seq}
        ).one()
        head_seq, head_hash = connection.execute(
            text("SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1")
        ).one()
    forged_body = old_body.replace('"role":"analyst"', '"role":"admin"')
    event = {
        "kind": "redaction", "migration": migration, "reason": "", "columns": {},
        "entries": [{"seq": seq, "hash": old_hash, "body_sha256": sha256_hex(forged_body)}],
    }  # fmt: skip
    body = canonical_json({"seq": head_seq + 1, "prev": head_hash, "event": event, "by": None,
                           "at": "2026-11-29T12:00:00+00:00"})  # fmt: skip
    execute(database, "UPDATE audit_entries SET body = :body WHERE seq = :seq",
            body=forged_body, seq=seq)  # fmt: skip
    execute(
        database,
        "INSERT INTO audit_entries (seq, table_name, row_key, body, hash) "
        "VALUES (:seq, 'audit_entries', :key, :body, :hash)",
        seq=head_seq + 1,
        key=canonical_json({"event": "redaction", "migration": migration}),
        body=body,
        hash=sha256_hex(body),
    )
    return int(head_seq) + 1
