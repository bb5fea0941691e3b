"""Verification through the API: triage, verification, two co-chairs' signatures made away
from the server, the party's reply, and the record — with publication after the embargo."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from tests.api.conftest import bearer

from truce.audit.signing import read_private_key, sign
from truce.domain.agreement import Agreement
from truce.services.keys import create_key
from truce.store.database import Database

ACCUSATION = {
    "type": "shelling",
    "date": "2020-11-03",
    "lat": 30.5,
    "lon": 16.4,
    "actors": [{"id": "LNA", "role": "alleged_perpetrator"}],
    "summary": "Shelling of Abu Grein",
}


def test_an_incident_is_verified_by_two_signatures_and_published_after_the_embargo(
    client: TestClient,
    database: Database,
    agreement: Agreement,
    tokens: dict[str, str],
    tmp_path: Path,
) -> None:
    keys = {}
    with database.transaction() as connection:
        for name in ("ankara", "moscow"):
            key_id = create_key(connection, agreement, name, tmp_path / f"{name}.key")
            keys[name] = (key_id, read_private_key(tmp_path / f"{name}.key"))
    monitor, analyst = bearer(tokens["monitor"]), bearer(tokens["analyst"])
    incident = client.post("/api/v1/incidents", json=ACCUSATION, headers=monitor).json()["id"]
    base = f"/api/v1/incidents/{incident}"
    for who, state in ((analyst, "triaged"), (monitor, "under_verification")):
        moved = client.post(f"{base}/transitions", json={"to": state, "reason": "checked"},
                            headers=who)  # fmt: skip
        assert moved.status_code == 201, moved.text
    queue = client.get("/api/v1/verification/queue", headers=monitor).json()
    assert [i["state"] for i in queue["incidents"]] == ["under_verification"]
    bad = client.post(f"{base}/sign-offs", headers=bearer(tokens["ankara"]), json={
        "decision": "verify", "key_id": keys["ankara"][0], "signature": "0" * 128})  # fmt: skip
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "signature"
    record = client.get(f"{base}/verification", headers=monitor).json()
    assert record["waiting_for"] == (
        "under_verification: waiting for the sign-off of the co-chairs of TUR and RUS; "
        "LNA, accused, may still reply"
    )
    states, waits = [], []
    for name in ("ankara", "moscow"):
        co_chair = bearer(tokens[name])
        message = client.get(f"{base}/sign-offs/message?decision=verify", headers=co_chair)
        assert message.json()["version"] == 1
        key_id, private_key = keys[name]
        signed = client.post(f"{base}/sign-offs", headers=co_chair, json={
            "decision": "verify", "reason": "seen by the patrol", "key_id": key_id,
            "signature": sign(private_key, message.json()["message"])})  # fmt: skip
        assert signed.status_code == 201, signed.text
        states.append(signed.json()["state"])
        waits.append(signed.json()["waiting_for"])
    assert states == ["under_verification", "verified"]
    assert waits == [
        "under_verification: waiting for the sign-off of the co-chair of RUS; "
        "LNA, accused, may still reply",
        "verified: nothing more to do",
    ]
    verified = client.get(base, headers=monitor).json()
    assert verified["state"] == "verified" and verified["verified_at"] is not None
    assert client.get(base, headers=bearer(tokens["observer"])).status_code == 404  # embargo
    reply = client.post(f"{base}/replies", json={"text": "We deny it."},
                        headers=bearer(tokens["lna.delegate"]))  # fmt: skip
    assert reply.status_code == 201 and reply.json()["party_id"] == "LNA"
    record = client.get(f"{base}/verification", headers=monitor).json()
    assert [t["to_state"] for t in record["transitions"]] == [
        "triaged", "under_verification", "verified"]  # fmt: skip
    assert {s["co_chair"] for s in record["signoffs"]} == {"TUR", "RUS"}
    assert [r["text"] for r in record["replies"]] == ["We deny it."]
    assert record["waiting_for"] == "verified: nothing more to do"
