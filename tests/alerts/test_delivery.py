"""Webhook deliveries to a real HTTP receiver on 127.0.0.1 that fails twice, then accepts."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from tests.alerts.conftest import SECRET, Receiver

from truce.alerts.delivery import RetryPolicy, collect_alerts, deliver_due
from truce.alerts.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature_is_valid
from truce.audit.verify import verify_audit
from truce.cli import run
from truce.schemas.incident import incident_from_submission, parse_submission
from truce.store.database import Database
from truce.store.incidents import insert_incident


def _add_incident(database: Database, lat: float, lon: float) -> int:
    submission = {"type": "shelling", "date": "2020-11-02", "lat": lat, "lon": lon, "summary": "x"}
    with database.transaction() as connection:
        stored = insert_incident(connection, incident_from_submission(parse_submission(submission)))
    assert stored.id is not None
    return stored.id


def test_each_alert_arrives_once_signed_after_two_failures(
    database: Database, receiver: Receiver, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_incident(database, 30.45, 16.35)  # before the subscriptions: raises no alert
    everything, in_buffer = f"{receiver.url}/all", f"{receiver.url}/buffer"
    db = ["--db", database.url]
    assert run(["alerts", "add", "--url", everything, "--on", "new-incident", *db]) == 0
    secret_line = capsys.readouterr().out.splitlines()[-1]
    generated_secret = secret_line.rsplit(": ", 1)[1]
    command = ["alerts", "add", "--url", in_buffer, "--on", "new-incident"]
    assert run([*command, "--zone", "sirte-jufra-buffer", "--secret", SECRET, *db]) == 0
    inside = _add_incident(database, 30.45, 16.35)
    outside = _add_incident(database, 32.89, 13.19)  # Tripoli

    start = datetime(2020, 11, 2, 12, tzinfo=UTC)
    policy = RetryPolicy(first_delay=timedelta(seconds=30), timeout_seconds=5)
    assert collect_alerts(database, now=start) == 3
    assert deliver_due(database, policy=policy, now=start).failed == 3
    assert deliver_due(database, policy=policy, now=start + timedelta(seconds=10)).failed == 0
    assert deliver_due(database, policy=policy, now=start + timedelta(seconds=31)).failed == 3
    second_retry = start + timedelta(seconds=31 + 61)
    assert deliver_due(database, policy=policy, now=second_retry).delivered == 3
    assert collect_alerts(database, now=second_retry) == 0
    later = deliver_due(database, policy=policy, now=start + timedelta(days=1))
    assert (later.delivered, later.failed) == (0, 0)

    assert len(receiver.accepted) == 3
    by_path: dict[str | None, list[int]] = {}
    for headers, body in receiver.accepted:
        document = json.loads(body)
        by_path.setdefault(document["zone"], []).append(document["incident"]["id"])
        secret = SECRET if document["zone"] == "sirte-jufra-buffer" else generated_secret
        timestamp = int(headers[TIMESTAMP_HEADER])
        assert signature_is_valid(secret, timestamp, body, headers[SIGNATURE_HEADER])
        assert not signature_is_valid(
            "another-secret-0123456", timestamp, body, headers[SIGNATURE_HEADER]
        )
    assert sorted(by_path[None]) == [inside, outside]
    assert by_path["sirte-jufra-buffer"] == [inside]
    assert set(receiver.tries.values()) == {3}

    with database.connect() as connection:
        assert verify_audit(connection).holds  # subscriptions and their watermarks are audited
    assert run(["alerts", "list", *db]) == 0
    listing = capsys.readouterr().out
    assert "new-incident" in listing and "sirte-jufra-buffer" in listing


def test_a_removed_subscription_is_no_longer_sent_to(
    database: Database, receiver: Receiver
) -> None:
    db = ["--db", database.url]
    assert (
        run(
            [
                "alerts",
                "add",
                "--url",
                receiver.url,
                "--on",
                "new-incident",
                "--secret",
                SECRET,
                *db,
            ]
        )
        == 0
    )
    _add_incident(database, 30.45, 16.35)
    assert collect_alerts(database) == 1
    assert run(["alerts", "remove", "1", *db]) == 0
    assert deliver_due(database).delivered == 0
    assert receiver.tries == {}


def test_an_unknown_zone_and_a_bad_url_are_refused(
    database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", database.url]
    assert run(["alerts", "add", "--url", "ftp://x", "--on", "violation", *db]) == 2
    assert "is not an http:// or https:// URL" in capsys.readouterr().err
    command = ["alerts", "add", "--url", "http://127.0.0.1:9/x", "--on", "overdue"]
    assert run([*command, "--zone", "nowhere", *db]) == 2
    assert "the agreement has no zone 'nowhere'" in capsys.readouterr().err


def test_truce_alerts_deliver_queues_and_sends(
    database: Database, receiver: Receiver, capsys: pytest.CaptureFixture[str]
) -> None:
    receiver.failures_per_alert = 0
    db = ["--db", database.url]
    command = ["alerts", "add", "--url", receiver.url, "--on", "new-incident", "--secret", SECRET]
    assert run([*command, *db]) == 0
    _add_incident(database, 30.45, 16.35)
    assert run(["alerts", "deliver", *db]) == 0
    assert "queued 1 new alert(s); delivered 1, failed 0" in capsys.readouterr().out
    assert run(["alerts", "deliver", *db]) == 0
    assert "queued 0 new alert(s); delivered 0, failed 0" in capsys.readouterr().out
    assert len(receiver.accepted) == 1
