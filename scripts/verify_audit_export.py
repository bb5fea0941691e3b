#!/usr/bin/env python3
"""Check a truce audit export on its own: needs Python 3.11+ and the `cryptography` package only.

    python3 verify_audit_export.py EXPORT.json

Checks, as docs/audit.md describes them:
  1. each entry's hash is the SHA-256 of its body text, and each body names the previous hash
     (64 zeros for the first) and its own sequence number, with none missing; an entry listed
     by a redaction entry (at most one by each of migrations 0006 and 0010; the later one for
     an entry both list) instead keeps the hash listed there, its body hashes to the
     body_sha256 listed there, and it is about a table that migration redacts;
  2. the public keys are those the chain itself recorded (table signing_keys), and each key id
     is the first 16 hex digits of the SHA-256 of the raw public key;
  3. each checkpoint's signature holds over "truce-checkpoint/1 seq=N head=HASH" and HASH is the
     hash of entry N;
  4. each sign-off's signature holds over
     "truce-signoff/1 incident=I version=V decision=D version-hash=H" and H is the hash of the
     newest entry recording version V of incident I (table incident_versions).
Prints "export OK: ..." and exits 0, or prints the first failure and exits 1.
"""

from __future__ import annotations

import hashlib
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


class Broken(Exception):
    pass


def signature_holds(public_hex: str, message: str, signature_hex: str) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))
        key.verify(bytes.fromhex(signature_hex), message.encode("ascii"))
    except (InvalidSignature, ValueError):
        return False
    return True


FORMATS = ("truce-audit-export/1", "truce-audit-export/2")

#: The migrations that redact the record (an upgrade took credentials out, then keyed the
#: webhook secrets' digests), and the tables whose entries each may rewrite.
REDACTIONS = {
    "0006": ("alert_subscriptions", "api_tokens", "users"),
    "0010": ("alert_subscriptions",),
}


def redacted_entries(entries: list) -> dict[int, dict]:
    """What the redaction entries list, by entry number, each item with the tables its
    redaction may rewrite; an entry listed twice is checked by the later redaction."""
    listed: dict[int, dict] = {}
    made_by: dict[str, int] = {}
    for entry in entries:
        event = json.loads(entry["body"]).get("event")
        if not isinstance(event, dict) or event.get("kind") != "redaction":
            continue
        seq, migration = entry["seq"], event.get("migration")
        if migration not in REDACTIONS:
            raise Broken(f"entry {seq}: a redaction by {migration!r}, which truce never makes")
        if migration in made_by:
            raise Broken(f"entry {seq}: a second redaction entry by migration {migration}")
        made_by[migration] = seq
        for item in event["entries"]:
            if item["seq"] >= seq:
                raise Broken(f"entry {seq}: the redaction lists entry {item['seq']}, after it")
            listed[item["seq"]] = {**item, "tables": REDACTIONS[migration]}
    return listed


def check(export: dict) -> str:
    if export.get("format") not in FORMATS:
        raise Broken(f"not a truce audit export (format {export.get('format')!r})")
    prev = export["genesis"]
    redacted = redacted_entries(export["entries"])
    hashes: dict[int, str] = {}
    chain_keys: dict[str, dict] = {}
    version_hashes: dict[tuple[int, int], str] = {}
    for expected_seq, entry in enumerate(export["entries"], start=1):
        seq = entry["seq"]
        if seq != expected_seq:
            raise Broken(f"entry {expected_seq} is missing (the chain jumps to {seq})")
        body_hash = hashlib.sha256(entry["body"].encode("utf-8")).hexdigest()
        listed = redacted.get(seq)
        if listed is None and body_hash != entry["hash"]:
            raise Broken(f"entry {seq}: its body does not hash to {entry['hash']}")
        if listed is not None and (listed["hash"], listed["body_sha256"]) != (
            entry["hash"],
            body_hash,
        ):
            raise Broken(f"entry {seq}: not the redacted entry the redaction lists")
        body = json.loads(entry["body"])
        if listed is not None and body.get("table") not in listed["tables"]:
            raise Broken(f"entry {seq}: a redaction lists it, but redacts no entry of its table")
        if body["prev"] != prev or body["seq"] != seq:
            raise Broken(f"entry {seq}: it does not follow entry {seq - 1}")
        if body.get("table") == "signing_keys" and body["row"] is not None:
            chain_keys[body["row"]["id"]] = body["row"]
        if body.get("table") == "incident_versions":
            version_hashes[(body["key"]["incident_id"], body["key"]["version"])] = entry["hash"]
        hashes[seq] = prev = entry["hash"]
    for key in export["keys"]:
        recorded = chain_keys.get(key["id"])
        if recorded is None or recorded["public_key"] != key["public_key"]:
            raise Broken(f"key {key['id']} is not the key the chain recorded under that id")
        digest = hashlib.sha256(bytes.fromhex(key["public_key"])).hexdigest()[:16]
        if digest != key["id"]:
            raise Broken(f"key {key['id']}: the id is not derived from the public key")
    for point in export["checkpoints"]:
        key = chain_keys.get(point["key_id"])
        message = f"truce-checkpoint/1 seq={point['seq']} head={point['head_hash']}"
        if hashes.get(point["seq"]) != point["head_hash"]:
            raise Broken(f"checkpoint at entry {point['seq']}: the chain holds another hash there")
        if key is None or not signature_holds(key["public_key"], message, point["signature"]):
            raise Broken(f"checkpoint at entry {point['seq']}: the signature does not hold")
    for signoff in export["signoffs"]:
        incident, version = signoff["incident_id"], signoff["incident_version"]
        key = chain_keys.get(signoff["key_id"])
        message = (
            f"truce-signoff/1 incident={incident} version={version} "
            f"decision={signoff['decision']} version-hash={signoff['version_hash']}"
        )
        if version_hashes.get((incident, version)) != signoff["version_hash"]:
            raise Broken(f"sign-off of incident {incident} v{version}: not the recorded version")
        if key is None or not signature_holds(key["public_key"], message, signoff["signature"]):
            raise Broken(f"sign-off of incident {incident} v{version}: the signature does not hold")
    return (
        f"export OK: {len(export['entries'])} entries, head {prev[:16]}, "
        f"{len(export['checkpoints'])} checkpoints and {len(export['signoffs'])} sign-offs hold"
    )


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as handle:
        export = json.load(handle)
    try:
        print(check(export))
    except (Broken, KeyError, TypeError, ValueError) as error:
        print(f"export BROKEN: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
