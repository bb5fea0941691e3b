"""Violation and overdue alerts from the demo's compliance board, with and without a zone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.alerts.conftest import SECRET, Receiver

from truce.alerts.delivery import collect_alerts, deliver_due
from truce.cli import run
from truce.demo import build_demo
from truce.store.database import Database


def test_violations_and_overdue_terms_are_sent_once_each(
    empty_database: Database,
    receiver: Receiver,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    receiver.failures_per_alert = 0
    build_demo(empty_database, keys_dir=tmp_path / "keys")
    db = ["--db", empty_database.url, "--secret", SECRET]
    for path, event, zone in [
        ("violation", "violation", []),
        ("violation-buffer", "violation", ["--zone", "sirte-jufra-buffer"]),
        ("overdue", "overdue", []),
        ("overdue-buffer", "overdue", ["--zone", "sirte-jufra-buffer"]),
    ]:
        command = ["alerts", "add", "--url", f"{receiver.url}/{path}", "--on", event]
        assert run([*command, *zone, *db]) == 0

    assert collect_alerts(empty_database) == 8
    assert deliver_due(empty_database).delivered == 8
    assert collect_alerts(empty_database) == 0

    received: dict[str, set[str]] = {}
    for headers, body in receiver.accepted:
        document = json.loads(body)
        path = "overdue" if headers["X-Truce-Event"] == "overdue" else "violation"
        path += "-buffer" if document["zone"] else ""
        received.setdefault(path, set()).add(document["alert"])
    # The demo's board (`truce compliance`): LNA's shelling #1 in the buffer zone breaks T1 and
    # T5, its foreign fighters seen at Sirte after the deadline (#10) break T4; LNA never
    # withdrew to Bin Jawad (T3, outside the zone) and GNA's contingents were not seen leaving.
    violations = {"violation:T1:LNA:1", "violation:T5:LNA:1", "violation:T4:LNA:10"}
    assert received == {
        "violation": violations,
        "violation-buffer": violations,
        "overdue": {"overdue:T3:LNA", "overdue:T4:GNA"},
    }
    capsys.readouterr()
    # What `alerts add --help` promises is what these new subscriptions received.
    assert run(["alerts", "add", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "starting with those the compliance board already shows" in help_text
