"""`truce verify`, `truce keys` and `truce audit` in-process: the commands a chamber uses, their
messages and exit codes, and an export checked by the standalone script."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from truce.cli import run
from truce.domain.workflow import escalation_for
from truce.store.verification import open_escalation

ROOT = Path(__file__).resolve().parents[2]
SHELLING = {
    "type": "shelling", "date": "2020-11-02", "lat": 30.45, "lon": 16.35,
    "actors": [{"id": "LNA", "role": "alleged_perpetrator"}], "summary": "Shelling by the road.",
}  # fmt: skip


def truce(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def add_incidents(
    capsys: pytest.CaptureFixture[str], folder: Path, db: tuple[str, str], *incidents: object
) -> None:
    """``truce incidents add`` of ``incidents`` (default: one shelling), from a file."""
    report = folder / "incident.json"
    report.write_text(json.dumps(list(incidents or [SHELLING])), "utf-8")
    assert truce(capsys, "incidents", "add", "--json", str(report), *db)[0] == 0


def test_a_chamber_verifies_an_incident_from_the_command_line(
    chamber: Any, database_location: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--db", database_location)
    add_incidents(capsys, tmp_path, db)
    code, out, _ = truce(capsys, "verify", "move", "1", "triaged", "--reason", "credible",
                         "--as", "ana", *db)  # fmt: skip
    assert code == 0 and out.splitlines() == [
        "incident 1: reported → triaged by ana",
        "incident 1 is triaged: waiting to be put under verification by an analyst, a co-chair "
        "or a monitor; LNA, accused, may still reply",
    ]
    code, _, err = truce(capsys, "verify", "move", "1", "under_verification", "--reason", "no",
                         "--as", "lna", *db)  # fmt: skip
    assert code == 2 and err.startswith("error: LNA is accused in incident 1")
    truce(capsys, "verify", "move", "1", "under_verification", "--reason", "patrol", "--as", "mon",
          *db)  # fmt: skip
    code, _, err = truce(capsys, "verify", "move", "1", "verified", "--reason", "x", "--as", "tur",
                         *db)  # fmt: skip
    assert code == 2 and "verified needs a sign-off from each co-chair" in err
    code, out, _ = truce(capsys, "verify", "sign", "1", "--as", "tur",
                         "--key", str(chamber.key_files["tur"]), *db)  # fmt: skip
    assert code == 0 and "TUR verified (key " in out
    assert out.strip().endswith(
        "the incident is under_verification: waiting for the sign-off of the co-chair of RUS; "
        "LNA, accused, may still reply"
    )
    code, out, _ = truce(capsys, "verify", "sign", "1", "--as", "rus",
                         "--key", str(chamber.key_files["rus"]), *db)  # fmt: skip
    assert code == 0 and out.strip().endswith("the incident is verified: nothing more to do")
    code, out, _ = truce(capsys, "verify", "reply", "1", "We deny it.", "--as", "lna", *db)
    assert code == 0 and "reply of LNA filed by lna" in out
    corrected = tmp_path / "corrected.json"
    corrected.write_text(json.dumps(SHELLING | {"summary": "Rewritten."}), "utf-8")
    code, _, err = truce(capsys, "verify", "edit", "1", "--json", str(corrected), "--as", "tur",
                         *db)  # fmt: skip
    assert code == 2 and "a verified incident cannot be edited in place" in err
    assert err.strip().endswith("incident 1 is verified: nothing more to do")
    code, out, _ = truce(capsys, "verify", "show", "1", *db)
    shown = json.loads(out)
    assert shown["incident"]["state"] == "verified" and len(shown["signoffs"]) == 2
    assert shown["waiting_for"] == "verified: nothing more to do"
    assert shown["replies"][0]["text"] == "We deny it." and len(shown["versions"]) == 1
    code, out, _ = truce(capsys, "audit", "checkpoint", "--as", "rus",
                         "--key", str(chamber.key_files["rus"]), *db)  # fmt: skip
    assert code == 0 and out.startswith("checkpoint: rus signed entry ")
    code, out, _ = truce(capsys, "audit", "verify", *db)
    assert code == 0 and out.startswith("audit: OK")


def test_keys_are_for_co_chairs_and_never_overwritten(
    chamber: Any, database_location: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--db", database_location)
    code, _, err = truce(capsys, "keys", "new", "--user", "obs", "--out", str(tmp_path / "o"), *db)
    assert code == 2 and "only a co-chair (TUR, RUS) holds a signing key" in err
    existing = chamber.key_files["tur"]
    before = existing.read_bytes()
    code, _, err = truce(capsys, "keys", "new", "--user", "tur", "--out", str(existing), *db)
    assert code == 2 and "already exists" in err and existing.read_bytes() == before
    code, out, _ = truce(capsys, "keys", "list", *db)
    assert code == 0 and out.count("tur") == 1 and "rus" in out  # the refused key left no trace


def test_an_export_is_checked_by_the_standalone_script(
    chamber: Any, database_location: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--db", database_location)
    truce(capsys, "audit", "checkpoint", "--as", "tur", "--key", str(chamber.key_files["tur"]), *db)
    export = tmp_path / "export.json"
    code, out, _ = truce(capsys, "audit", "export", "--out", str(export), *db)
    assert code == 0 and "2 keys" in out
    script = [sys.executable, "-I", str(ROOT / "scripts" / "verify_audit_export.py"), str(export)]
    done = subprocess.run(script, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("export OK"), done.stderr
    document = json.loads(export.read_text("utf-8"))
    document["entries"][3]["body"] = document["entries"][3]["body"].replace(
        '"by":null', '"by":"tur"'
    )
    export.write_text(json.dumps(document), "utf-8")
    done = subprocess.run(script, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "entry 4: its body does not hash" in done.stderr


def test_every_new_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    for command in (["verify", "queue"], ["verify", "show"], ["verify", "move"],
                    ["verify", "sign"], ["verify", "reply"], ["verify", "edit"], ["keys", "new"],
                    ["keys", "list"], ["audit", "verify"], ["audit", "checkpoint"],
                    ["audit", "export"], ["compliance"]):  # fmt: skip
        assert run([*command, "--help"]) == 0
        out = capsys.readouterr().out
        assert "Usage: truce" in out and "--db" in out


def test_the_queue_lists_escalations_past_their_limit_as_overdue(
    chamber: Any, database_location: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--db", database_location)
    add_incidents(capsys, tmp_path, db, SHELLING, SHELLING)
    now = datetime.now(UTC)
    with chamber.database.transaction() as connection:
        open_escalation(connection, escalation_for(1, now - timedelta(days=10), 7), by="rus")
        open_escalation(connection, escalation_for(2, now, 7), by="rus")
    code, out, _ = truce(capsys, "verify", "queue", *db)
    assert code == 0 and "2 incident(s) open" in out
    lines = [line for line in out.splitlines() if line.startswith("escalated")]
    assert lines[0].startswith("escalated: incident 1 disputed since") and "OVERDUE" in lines[0]
    assert lines[1].startswith("escalated: incident 2") and "OVERDUE" not in lines[1]


def test_an_edit_file_is_read_as_incidents_add_reads_its_file(
    chamber: Any, database_location: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--db", database_location)
    add_incidents(capsys, tmp_path, db)
    missing = tmp_path / "missing.json"
    code, _, err = truce(capsys, "verify", "edit", "1", "--json", str(missing), "--as", "ana", *db)
    assert code == 2
    assert err == f"error: --json: cannot read {missing}: No such file or directory\n"
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps([SHELLING]), "utf-8")
    code, _, err = truce(capsys, "verify", "edit", "1", "--json", str(listed), "--as", "ana", *db)
    assert code == 2 and f"{listed} must hold one incident (a JSON object)" in err


def test_the_queue_folds_long_values_instead_of_cutting_them(
    chamber: Any, database_location: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--db", database_location)
    add_incidents(capsys, tmp_path, db)
    for target, user in (("triaged", "ana"), ("under_verification", "mon")):
        truce(capsys, "verify", "move", "1", target, "--reason", "next", "--as", user, *db)
    code, out, _ = truce(capsys, "verify", "queue", *db)
    assert code == 0 and "…" not in out
    state_cell = "".join(line.split("│")[2].strip() for line in out.splitlines() if "│" in line)
    assert "under_verification" in state_cell
    truce(capsys, "verify", "move", "1", "rejected", "--reason", "no", "--as", "ana", *db)
    code, out, _ = truce(capsys, "verify", "queue", *db)
    assert out == "no incident is open: nothing waits for verification\n"
