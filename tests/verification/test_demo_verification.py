"""`truce demo --no-serve` shows the verification and compliance story: several states,
transitions, sign-offs, a reply, a dispute escalated, a violation and an overdue term, keys
beside the database (not in it), and a record that verifies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from truce.cli import run


def test_the_demo_database_shows_verification_and_compliance(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "demo.db")
    assert run(["demo", "--no-serve", "--db", db]) == 0
    assert f"private keys in {tmp_path / 'demo-keys'}" in capsys.readouterr().out
    keys = sorted((tmp_path / "demo-keys").iterdir())
    assert [k.name for k in keys] == ["rus.chair.key", "tur.chair.key"]
    assert all(k.stat().st_mode & 0o777 == 0o600 for k in keys)
    database_bytes = (tmp_path / "demo.db").read_bytes() + (
        (tmp_path / "demo.db-wal").read_bytes() if (tmp_path / "demo.db-wal").exists() else b""
    )
    assert b"PRIVATE KEY" not in database_bytes

    assert run(["incidents", "list", "--format", "json", "--db", db]) == 0
    states = {i["state"] for i in json.loads(capsys.readouterr().out)}
    assert {"verified", "disputed", "rejected", "unverified", "triaged", "reported"} <= states

    assert run(["verify", "show", "1", "--db", db]) == 0
    record = json.loads(capsys.readouterr().out)
    assert [t["to_state"] for t in record["transitions"]] == [
        "triaged", "under_verification", "verified",
    ]  # fmt: skip
    assert {s["co_chair"] for s in record["signoffs"]} == {"TUR", "RUS"}
    assert record["replies"][0]["party_id"] == "LNA"

    assert run(["verify", "queue", "--db", db]) == 0
    assert "escalated: incident 2 disputed since" in capsys.readouterr().out

    assert run(["compliance", "--format", "json", "--db", db]) == 0
    board = json.loads(capsys.readouterr().out)["statuses"]
    statuses = {(s["term"], s["party"]): (s["status"], s["incidents"]) for s in board}
    assert statuses[("T1", "LNA")] == ("violation", [1])
    assert statuses[("T3", "LNA")][0] == "overdue"
    assert statuses[("T2", "GNA")] == ("fulfilled", [3])
    assert statuses[("T4", "LNA")][0] == "violation"

    assert run(["audit", "verify", "--db", db]) == 0
    assert "2 checkpoint and 10 sign-off signatures hold" in capsys.readouterr().out
