"""Evidence files as downloads: the one way the API and the pages send one.

An evidence file is whatever a reporter uploaded, so it is never shown in the browser: it goes
out as an attachment (``Content-Disposition``, with its name cleaned of anything that could
break the header or name a path), as the media type it was stored with when that is a well
formed one and ``application/octet-stream`` otherwise, with ``nosniff``, and streamed from the
store a chunk at a time — never read whole. Who may download is the policy's
(``truce.domain.policy.check_evidence_reader``); the caller asks it first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import quote

from starlette.responses import StreamingResponse

from truce.domain.incident import EvidenceFile, Incident
from truce.errors import NotFound
from truce.store.database import Database
from truce.store.sources import evidence_chunks

#: How much of a file is held at once while it is sent.
CHUNK_BYTES = 256 * 1024
FALLBACK_MEDIA_TYPE = "application/octet-stream"
#: ``type/subtype`` in RFC 9110's token characters, nothing else (no parameters, no spaces).
_MEDIA_TYPE = re.compile(r"[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+")
#: What may not stay in a file name: path separators, quotes, and what breaks a header.
_UNSAFE_IN_NAME = re.compile(r'[\\/"\x00-\x1f\x7f;]')


def evidence_file_of(incident: Incident, sha256: str) -> EvidenceFile:
    """The evidence file ``sha256`` as attached to ``incident``; ``NotFound`` if it is not."""
    for evidence in incident.evidence:
        if evidence.sha256 == sha256:
            return evidence
    raise NotFound(
        f"incident {incident.id} has no evidence file {sha256}: "
        "its files are listed on the incident's page"
    )


def download_media_type(stored: str) -> str:
    """The stored media type when it is a plain ``type/subtype``, else octet-stream."""
    essence = stored.split(";", 1)[0].strip().lower()
    return essence if _MEDIA_TYPE.fullmatch(essence) else FALLBACK_MEDIA_TYPE


def content_disposition(filename: str, sha256: str) -> str:
    """``attachment`` with the file's name: an ASCII ``filename`` for every client and the
    exact name as UTF-8 in ``filename*`` (RFC 6266); a name of no letter or digit is the hash's."""
    name = unicodedata.normalize("NFC", filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])
    name = _UNSAFE_IN_NAME.sub("_", name).strip(" .")
    if not any(character.isalnum() for character in name):
        name = f"evidence-{sha256[:12]}"
    ascii_name = name.encode("ascii", "replace").decode("ascii").replace("?", "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def evidence_download(database: Database, incident: Incident, sha256: str) -> StreamingResponse:
    """The evidence file ``sha256`` of ``incident`` as a streamed attachment."""
    evidence = evidence_file_of(incident, sha256)

    def chunks() -> Iterator[bytes]:
        with database.connect() as connection:
            yield from evidence_chunks(connection, sha256, chunk_bytes=CHUNK_BYTES)

    return StreamingResponse(
        chunks(),
        media_type=download_media_type(evidence.media_type),
        headers={
            "Content-Disposition": content_disposition(evidence.filename, sha256),
            "Content-Length": str(evidence.size),
            "X-Content-Type-Options": "nosniff",
        },
    )
