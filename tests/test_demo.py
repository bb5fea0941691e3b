"""The demonstration database, and ``truce demo`` serving it over real HTTP."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from truce.cli import run
from truce.demo import build_demo
from truce.domain.incident import Origin
from truce.domain.verification import VerificationState
from truce.errors import Conflict
from truce.store.database import Database
from truce.store.incidents import IncidentQuery, count_incidents, list_incidents


def test_the_demo_holds_the_scenario_and_every_sample_incident(tmp_path: Path) -> None:
    database = Database(str(tmp_path / "demo.db"))
    summary = build_demo(database)
    assert summary.created and summary.agreement_id == "sirte-jufra-2020"
    with database.connect() as connection:
        assert count_incidents(connection, IncidentQuery()) == summary.incidents >= 10
        incidents = list_incidents(connection, IncidentQuery())
    # The story is told in 2020: each incident reported the day it occurred, verified later.
    for incident in incidents:
        assert incident.created_at is not None and incident.created_at.year in (2020, 2021)
        if incident.verified_at is not None:
            assert incident.created_at < incident.verified_at
    again = build_demo(database)
    assert not again.created
    with database.connect() as connection:
        assert count_incidents(connection, IncidentQuery()) == summary.incidents


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_truce_demo_serves_the_incidents_over_http(tmp_path: Path) -> None:
    port = _free_port()
    database = tmp_path / "demo.db"
    process = subprocess.Popen(
        [sys.executable, "-m", "truce", "demo", "--db", str(database), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=os.environ | {"PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        token = ""
        while not token:
            line = process.stdout.readline().decode()
            assert line, process.stderr.read() if process.stderr else "truce demo ended"
            if line.startswith("token of monitor"):
                token = line.rsplit(": ", 1)[1].strip()
        body = None
        deadline = time.monotonic() + 60
        url = f"http://127.0.0.1:{port}/api/v1/incidents"
        while time.monotonic() < deadline and body is None:
            try:
                request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
                with urllib.request.urlopen(request, timeout=2) as response:
                    body = json.loads(response.read())
            except OSError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                time.sleep(0.2)
        assert body is not None, "truce demo did not answer within 60 s"
        assert len(body["incidents"]) >= 10
        assert {"id", "state", "type"} <= set(body["incidents"][0])
        verified = {i["id"] for i in body["incidents"] if i["state"] == "verified"}
        with urllib.request.urlopen(url, timeout=2) as response:  # the public, with no token
            public = json.loads(response.read())["incidents"]
        # The demo's verifications are dated in 2020, long past the 24-hour embargo: the public
        # sees every verified incident, and nothing else.
        assert len(verified) >= 4
        assert {i["id"] for i in public} == verified
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_truce_demo_ingests_a_corpus_as_open_source_proposals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = Path(__file__).parent / "ingest" / "fixtures"
    database = tmp_path / "demo.db"
    assert run(["demo", "--no-serve", "--db", str(database), "--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "0 failed" in out
    with Database(str(database)).connect() as connection:
        proposals = list_incidents(connection, IncidentQuery())
    from_articles = [i for i in proposals if i.source_hashes]
    assert len(from_articles) >= 5
    assert all(i.origin is Origin.OPEN_SOURCE for i in from_articles)
    assert all(i.state is VerificationState.REPORTED for i in from_articles)


def test_a_new_demo_never_reuses_an_earlier_demos_keys(tmp_path: Path) -> None:
    first = Database(str(tmp_path / "demo.db"))
    keys = build_demo(first).keys_dir
    assert keys is not None and any(keys.glob("*.key"))
    first.dispose()
    for leftover in tmp_path.glob("demo.db*"):
        leftover.unlink()
    with pytest.raises(Conflict, match="holds the keys of an earlier demo database"):
        build_demo(Database(str(tmp_path / "demo.db")))
