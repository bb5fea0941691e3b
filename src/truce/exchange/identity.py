"""The stable key of an incident in exchanged files, so that a re-import adds nothing.

An incident truce made is ``truce:<agreement id>:<incident id>``. An incident that came from a
file keeps the key it came with (an ACLED ``event_id_cnty``, a GeoJSON feature ``id``), so a
file exported again from a second database names the same incidents with the same keys.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

TRUCE_PREFIX = "truce"


def truce_key(agreement_id: str, incident_id: int) -> str:
    return f"{TRUCE_PREFIX}:{agreement_id}:{incident_id}"


def own_incident_id(key: str, agreement_id: str) -> int | None:
    """The incident id a key names when it is this agreement's own ``truce:`` key, else None."""
    prefix = f"{TRUCE_PREFIX}:{agreement_id}:"
    if not key.startswith(prefix):
        return None
    number = key.removeprefix(prefix)
    return int(number) if number.isdigit() else None


def exchange_key(agreement_id: str, incident_id: int, imported_keys: Mapping[int, str]) -> str:
    """The key an incident is exported under: the one it was imported with, else truce's own."""
    return imported_keys.get(incident_id) or truce_key(agreement_id, incident_id)


def content_key(format_name: str, record: Mapping[str, Any]) -> str:
    """The key of a row that names no id of its own: a hash of its content."""
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return f"{format_name}:{hashlib.sha256(canonical.encode('utf-8')).hexdigest()[:32]}"
