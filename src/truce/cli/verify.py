"""``truce verify``: the verification queue, an incident's record, moves, sign-offs, replies,
edits — each acting as a user (``--as USER``) under the rules of ``truce.domain.policy``."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from truce.audit.signing import read_private_key
from truce.cli.options import DatabaseOption, open_database, read_json_file, settings_with
from truce.cli.tables import print_table
from truce.domain.policy import accused_sides
from truce.domain.verification import VerificationState
from truce.domain.workflow import Decision
from truce.errors import InvalidInput
from truce.schemas.incident import incident_document, incident_from_submission, parse_submission
from truce.services.verification import (
    IncidentRecord,
    edit_incident,
    incident_record,
    move_incident,
    reply_to_incident,
    sign_incident,
    verification_queue,
    waiting_of,
)
from truce.store.agreements import load_agreement
from truce.store.incidents import get_incident

app = typer.Typer(
    help="Verify incidents jointly: queue, show, move, sign, reply, edit.", no_args_is_help=True
)

AsUser = Annotated[
    str, typer.Option("--as", help="The user acting (a name of `truce users list`).")
]
IncidentId = Annotated[int, typer.Argument(metavar="ID", help="The incident's id.")]
Reason = Annotated[str, typer.Option(help="Why: recorded with the transition.")]


@app.command("queue")
def queue(db: DatabaseOption = None) -> None:
    """List the incidents still open, and the disputes escalated to the chamber."""
    database = open_database(db)
    with database.connect() as connection:
        agreement = load_agreement(connection)
        work = verification_queue(connection)
    table = Table("id", "state", "version", "date", "type", "place", "accused")
    for incident in work.incidents:
        table.add_row(
            str(incident.id),
            incident.state.value,
            str(incident.version),
            incident.occurred_on.isoformat() if incident.occurred_on else "—",
            incident.type.value,
            (incident.location.place if incident.location else None) or "—",
            ", ".join(sorted(accused_sides(agreement, incident))) or "—",
        )
    print_table(table, empty="no incident is open: nothing waits for verification")
    if work.incidents:
        typer.echo(f"{len(work.incidents)} incident(s) open")
    now = datetime.now(UTC)
    for escalation in work.escalations:
        late = "OVERDUE" if escalation.is_overdue(now) else "due"
        typer.echo(
            f"escalated: incident {escalation.incident_id} disputed since "
            f"{escalation.opened_at:%Y-%m-%d}, {late} {escalation.due_at:%Y-%m-%d %H:%M} UTC"
        )


@app.command("show")
def show(incident_id: IncidentId, db: DatabaseOption = None) -> None:
    """Show an incident's versions, transitions, sign-offs, replies, escalations, waiting_for."""
    database = open_database(db)
    with database.connect() as connection:
        record = incident_record(connection, incident_id)
        waiting = waiting_of(connection, load_agreement(connection), record.incident)
    typer.echo(json.dumps(record_document(record, waiting), ensure_ascii=False, indent=2))


@app.command("move")
def move(
    incident_id: IncidentId,
    state: Annotated[VerificationState, typer.Argument(metavar="STATE", help="The new state.")],
    reason: Reason,
    as_user: AsUser,
    into: Annotated[
        int | None, typer.Option(help="For merged: the incident this one duplicates.")
    ] = None,
    db: DatabaseOption = None,
) -> None:
    """Move an incident to another state (verified and disputed come from `verify sign`)."""
    settings = settings_with(db)
    database = open_database(db)
    with database.transaction() as connection:
        agreement = load_agreement(connection)
        transition = move_incident(
            connection,
            agreement,
            user_name=as_user,
            incident_id=incident_id,
            target=state,
            reason=reason,
            into=into,
            escalation_days=settings.escalation_days,
        )
        waiting = waiting_of(connection, agreement, get_incident(connection, incident_id))
    typer.echo(
        f"incident {incident_id}: {transition.from_state} → {transition.to_state} by {as_user}"
    )
    typer.echo(f"incident {incident_id} is {waiting}")


@app.command("sign")
def sign(
    incident_id: IncidentId,
    as_user: AsUser,
    key: Annotated[Path, typer.Option(help="Your private key file (from `truce keys new`).")],
    refuse: Annotated[
        bool, typer.Option("--refuse", help="Refuse to verify (the incident becomes disputed).")
    ] = False,
    reason: Annotated[str, typer.Option(help="Your position, kept beside the sign-off.")] = "",
    db: DatabaseOption = None,
) -> None:
    """Sign off the current version of an incident as a co-chair: verify, or --refuse."""
    private_key = read_private_key(key)
    settings = settings_with(db)
    database = open_database(db)
    with database.transaction() as connection:
        agreement = load_agreement(connection)
        signoff, _ = sign_incident(
            connection,
            agreement,
            user_name=as_user,
            incident_id=incident_id,
            decision=Decision.REFUSE if refuse else Decision.VERIFY,
            reason=reason,
            private_key=private_key,
            escalation_days=settings.escalation_days,
        )
        waiting = waiting_of(connection, agreement, get_incident(connection, incident_id))
    typer.echo(
        f"incident {incident_id} version {signoff.incident_version}: {signoff.co_chair} "
        f"{signoff.decision.past} (key {signoff.key_id}); the incident is {waiting}"
    )


@app.command("reply")
def reply(
    incident_id: IncidentId,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="Your party's answer.")],
    as_user: AsUser,
    db: DatabaseOption = None,
) -> None:
    """File your party's reply to an incident; it is shown beside the incident."""
    database = open_database(db)
    with database.transaction() as connection:
        answer = reply_to_incident(
            connection,
            load_agreement(connection),
            user_name=as_user,
            incident_id=incident_id,
            text=text,
        )
    typer.echo(f"incident {incident_id}: reply of {answer.party_id} filed by {as_user}")


@app.command("edit")
def edit(
    incident_id: IncidentId,
    json_file: Annotated[
        Path, typer.Option("--json", help="The corrected incident, as `incidents add` takes it.")
    ],
    as_user: AsUser,
    db: DatabaseOption = None,
) -> None:
    """Correct an incident: the correction is a new version, the old ones stay readable."""
    data = read_json_file(str(json_file))
    if not isinstance(data, dict):
        raise InvalidInput("--json", f"{json_file} must hold one incident (a JSON object)")
    corrected = incident_from_submission(parse_submission(data))
    database = open_database(db)
    with database.transaction() as connection:
        stored = edit_incident(
            connection,
            load_agreement(connection),
            user_name=as_user,
            incident_id=incident_id,
            corrected=corrected,
        )
    typer.echo(f"incident {incident_id}: version {stored.version} saved by {as_user}")


def record_document(record: IncidentRecord, waiting_for: str) -> dict[str, Any]:
    """An incident's verification record as JSON, with what it waits for."""

    def plain(item: Any) -> dict[str, Any]:
        return {key: _json_value(value) for key, value in asdict(item).items()}

    return {
        "incident": incident_document(record.incident),
        "waiting_for": waiting_for,
        "versions": [plain(version) for version in record.versions],
        "transitions": [plain(transition) for transition in record.transitions],
        "signoffs": [plain(signoff) for signoff in record.signoffs],
        "replies": [plain(answer) for answer in record.replies],
        "escalations": [plain(escalation) for escalation in record.escalations],
    }


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value
