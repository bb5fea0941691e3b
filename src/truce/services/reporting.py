"""Reporting an incident, as a user: the one way in for the API, the report page and
``truce incidents add --as``. The user's role decides whether they may report and which
origins they may give; a party delegate's report is marked as their party's submission.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import Connection

from truce.domain.agreement import Agreement
from truce.domain.incident import EvidenceFile, Incident
from truce.domain.policy import Action, check_role, origin_for, party_of_user
from truce.domain.users import User
from truce.schemas.incident import IncidentSubmission, incident_from_submission
from truce.store.incidents import insert_incident
from truce.store.sources import save_evidence


@dataclass(frozen=True, slots=True)
class Upload:
    """An evidence file as received: its name, media type and bytes (under the body limit)."""

    filename: str
    media_type: str
    content: bytes


def report_incident(
    connection: Connection,
    agreement: Agreement,
    user: User,
    submission: IncidentSubmission,
    uploads: Sequence[Upload] = (),
) -> Incident:
    """Store ``user``'s report with its files, as version 1 (call inside a transaction)."""
    check_role(user, Action.REPORT)
    requested = submission.origin if "origin" in submission.model_fields_set else None
    incident = replace(
        incident_from_submission(submission, reported_by=user.name),
        origin=origin_for(user, requested),
        reporting_party=party_of_user(agreement, user),
    )
    evidence = save_uploads(connection, uploads)
    return insert_incident(connection, replace(incident, evidence=evidence))


def save_uploads(connection: Connection, uploads: Sequence[Upload]) -> tuple[EvidenceFile, ...]:
    """Store each file once by its SHA-256; the incident's evidence entries."""
    return tuple(
        save_evidence(
            connection, upload.content, filename=upload.filename, media_type=upload.media_type
        )
        for upload in uploads
    )
