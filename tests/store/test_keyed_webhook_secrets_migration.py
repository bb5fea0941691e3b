"""Migration 0010 keys the record of webhook secrets: after it, an export holds no digest a
guess of a secret can be tested against, nor the key, while ``truce audit verify`` is clean,
every signature still holds, and a secret changed in the database is still caught. On SQLite
and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from truce.alerts.subscriptions import AlertEvent, Subscription
from truce.audit.credentials import DIGEST_LABEL, KEYED_DIGEST_LABEL, keyed_digest
from truce.audit.export import export_document
from truce.audit.signing import read_private_key
from truce.audit.verify import verify_audit
from truce.domain.agreement import Agreement
from truce.domain.users import Role, User
from truce.services.keys import create_key, sign_checkpoint
from truce.store.agreements import save_agreement
from truce.store.alerts import add_subscription, deactivate_subscription
from truce.store.audit_keys import credential_key
from truce.store.database import Database
from truce.store.users import add_user

ROOT = Path(__file__).resolve().parents[2]
WEAK_SECRET = "password12345678"  # 16 characters, the first a dictionary would try
OTHER_SECRET = "an-other-webhook-secret-of-a-sort"


def plain_sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def subscribe(connection: Any, secret: str) -> int:
    subscription = Subscription(
        url="https://example.org/hook", event=AlertEvent.NEW_INCIDENT, secret=secret
    )
    added = add_subscription(connection, subscription)
    assert added.id is not None
    return added.id


def execute(database: Database, sql: str, **params: Any) -> None:
    with database.transaction() as connection:
        connection.execute(text(sql), params)


def problems_of(database: Database) -> list[str]:
    with database.connect() as connection:
        return [problem.describe() for problem in verify_audit(connection).problems]


@pytest.fixture
def built_at_0009(
    database_location: str, agreement: Agreement, tmp_path: Path
) -> Iterator[Database]:
    """Two subscriptions (one since deactivated) as truce at 0009 recorded them — their
    secrets as plain SHA-256 — and a checkpoint a co-chair signed over that chain."""
    database = Database(database_location)
    database.migrate("0009")
    key_file = tmp_path / "tur.key"
    with database.transaction() as connection:
        save_agreement(connection, agreement)
        add_user(connection, User(name="tur", role=Role.CO_CHAIR, actor_id="TUR"))
        create_key(connection, agreement, "tur", key_file)
        subscribe(connection, WEAK_SECRET)
        deactivate_subscription(connection, subscribe(connection, OTHER_SECRET))
    with database.transaction() as connection:
        sign_checkpoint(connection, agreement, "tur", read_private_key(key_file))
    yield database
    database.dispose()


def test_the_upgrade_keys_every_recorded_secret_and_the_chain_still_verifies(
    built_at_0009: Database, tmp_path: Path
) -> None:
    database = built_at_0009
    with database.connect() as connection:
        before = dict(connection.execute(text("SELECT seq, hash FROM audit_entries")).all())
        assert plain_sha256(WEAK_SECRET) in json.dumps(export_document(connection))

    database.migrate()

    with database.connect() as connection:
        report = verify_audit(connection)
        after = dict(connection.execute(text("SELECT seq, hash FROM audit_entries")).all())
        key = credential_key(connection)
        document = export_document(connection)
    assert report.holds, report.summary()
    assert report.checkpoints == 1 and report.redaction_seq == len(before) + 1
    assert "a co-chair should sign a checkpoint" in report.summary()
    assert {seq: after[seq] for seq in before} == before  # every hash kept: signatures hold
    redaction = json.loads(document["entries"][-1]["body"])["event"]
    assert redaction["kind"] == "redaction" and redaction["migration"] == "0010"
    assert len(redaction["entries"]) == 3  # two subscriptions added, one deactivated

    assert key is not None and len(key) == 32
    record = json.dumps(document)
    assert DIGEST_LABEL not in "".join(  # no plain digest of a secret is left
        entry["body"] for entry in document["entries"] if "alert_subscriptions" in entry["body"]
    )
    for secret in (WEAK_SECRET, OTHER_SECRET):
        plain = plain_sha256(secret)
        assert secret not in record and plain not in record
        assert keyed_digest({DIGEST_LABEL: plain}, key)[KEYED_DIGEST_LABEL] in record
    assert key.hex() not in record and key.hex().upper() not in record

    export = tmp_path / "record.json"
    export.write_text(json.dumps(document), "utf-8")
    script = [sys.executable, "-I", str(ROOT / "scripts" / "verify_audit_export.py"), str(export)]
    done = subprocess.run(script, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("export OK"), done.stderr


def test_a_secret_changed_after_the_upgrade_is_caught(built_at_0009: Database) -> None:
    built_at_0009.migrate()
    execute(built_at_0009, "UPDATE alert_subscriptions SET secret = :s WHERE active", s="x" * 16)
    (problem,) = problems_of(built_at_0009)
    assert 'table alert_subscriptions row {"id":1}: the row differs' in problem
    assert "(changed: secret)" in problem


def test_a_secret_changed_before_the_upgrade_is_still_caught(built_at_0009: Database) -> None:
    """The upgrade keys what the chain recorded, not what the table holds: it launders nothing."""
    execute(built_at_0009, "UPDATE alert_subscriptions SET secret = :s WHERE active", s="x" * 16)
    built_at_0009.migrate()
    (problem,) = problems_of(built_at_0009)
    assert "(changed: secret)" in problem


def test_a_changed_or_deleted_key_is_caught(built_at_0009: Database) -> None:
    built_at_0009.migrate()
    execute(built_at_0009, "UPDATE audit_keys SET key = :key", key=bytes(32))
    assert len(problems_of(built_at_0009)) == 2  # each subscription's secret differs
    execute(built_at_0009, "DELETE FROM audit_keys")
    problems = problems_of(built_at_0009)
    assert len(problems) == 3
    assert any("credential key (table audit_keys) is missing" in p for p in problems)


def test_a_new_database_records_a_new_secret_keyed(database: Database) -> None:
    with database.transaction() as connection:
        subscribe(connection, WEAK_SECRET)
    with database.connect() as connection:
        key = credential_key(connection)
        report = verify_audit(connection)
        record = json.dumps(export_document(connection))
        events = connection.execute(
            text("SELECT count(*) FROM audit_entries WHERE table_name = 'audit_entries'")
        ).scalar_one()
    assert report.holds and events == 0, report.summary()  # nothing to rewrite, no redaction
    assert key is not None and plain_sha256(WEAK_SECRET) not in record
    keyed = keyed_digest({DIGEST_LABEL: plain_sha256(WEAK_SECRET)}, key)[KEYED_DIGEST_LABEL]
    assert f'\\"secret\\":{{\\"{KEYED_DIGEST_LABEL}\\":\\"{keyed}\\"}}' in record


def test_each_database_has_its_own_key(database: Database, tmp_path: Path) -> None:
    other = Database(str(tmp_path / "other.db"))
    other.migrate()
    with database.connect() as connection, other.connect() as other_connection:
        assert credential_key(connection) != credential_key(other_connection)
    other.dispose()
