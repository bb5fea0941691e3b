"""``truce audit export``: the chain, the public keys, the checkpoints and the sign-offs in one
JSON file that anyone can check without truce (``docs/audit.md`` and
``scripts/verify_audit_export.py``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from truce.audit.canonical import json_value
from truce.audit.chain import GENESIS_HASH
from truce.store import audit_log
from truce.store import keys as key_store

#: Version 2 adds entries about the chain itself (``"event"`` instead of ``"table"``) and the
#: redaction rule of ``docs/audit.md``; a version 1 checker refuses it rather than misreading it.
EXPORT_FORMAT = "truce-audit-export/2"


def export_document(connection: Connection) -> dict[str, Any]:
    return {
        "format": EXPORT_FORMAT,
        "exported_at": datetime.now(UTC).isoformat(),
        "genesis": GENESIS_HASH,
        "entries": [
            {"seq": int(entry["seq"]), "hash": entry["hash"], "body": entry["body"]}
            for entry in audit_log.iter_entries(connection)
        ],
        "keys": [
            {
                "id": row["id"],
                "user": row["user_name"],
                "public_key": row["public_key"],
                "active": bool(row["active"]),
            }
            for row in key_store.list_signing_keys(connection)
        ],
        "checkpoints": [
            {
                "seq": int(row["seq"]),
                "head_hash": row["head_hash"],
                "key_id": row["key_id"],
                "by_user": row["by_user"],
                "signature": row["signature"],
                "signed_at": json_value(row["signed_at"]),
            }
            for row in key_store.list_checkpoints(connection)
        ],
        "signoffs": [
            {
                "incident_id": row["incident_id"],
                "incident_version": row["incident_version"],
                "decision": row["decision"],
                "version_hash": row["version_hash"],
                "key_id": row["key_id"],
                "by_user": row["by_user"],
                "signature": row["signature"],
            }
            for row in audit_log.list_signoff_rows(connection)
        ],
    }
