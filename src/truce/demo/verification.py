"""The demo's verification story: the chamber's users, the co-chairs' keys, and the sample
incidents taken through the workflow so that every state, a dispute, a reply, sign-offs and a
checkpoint can be seen — and so that the compliance board shows violations and overdue terms.

The story is dated as it would have happened in 2020: each incident's steps start a few hours
after it occurred and follow a day apart, so the incidents verified then are long past the
scenario's embargo and the public map shows them. (The audit chain still records when each row
was really written.) The co-chairs' private keys are written to ``keys_dir`` (beside the
database), never into it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import Connection

from truce.audit.signing import read_private_key
from truce.domain.agreement import Agreement
from truce.domain.users import Role, User
from truce.domain.verification import VerificationState
from truce.domain.workflow import Decision
from truce.services.keys import create_key, sign_checkpoint
from truce.services.verification import move_incident, reply_to_incident, sign_incident
from truce.store.incidents import get_incident
from truce.store.users import add_user

S = VerificationState

#: The chamber of the demo: name, role, actor represented.
DEMO_USERS: tuple[tuple[str, Role, str | None], ...] = (
    ("tur.chair", Role.CO_CHAIR, "TUR"),
    ("rus.chair", Role.CO_CHAIR, "RUS"),
    ("analyst", Role.ANALYST, None),
    ("monitor", Role.MONITOR, None),
    ("lna.delegate", Role.PARTY_DELEGATE, "LNA"),
    ("gna.delegate", Role.PARTY_DELEGATE, "GNA"),
    ("observer", Role.OBSERVER, None),
)
CO_CHAIRS = ("tur.chair", "rus.chair")

#: When an incident's story starts (the evening of the day it occurred), and the time between
#: its steps.
FIRST_STEP_AT = time(18, 0, tzinfo=UTC)
BETWEEN_STEPS = timedelta(days=1)

#: What happens to each sample incident (by its position in the sample file, from 1):
#: the moves (state, user, reason), then the co-chairs' sign-offs (user, decision, reason).
STORY: dict[int, tuple[list[tuple[S, str, str]], list[tuple[str, Decision, str]]]] = {
    1: (  # shelling inside the buffer zone, attributed to the LNA
        [(S.TRIAGED, "analyst", "a party report with a precise place and time"),
         (S.UNDER_VERIFICATION, "monitor", "a joint patrol is sent to the road")],
        [("tur.chair", Decision.VERIFY, "craters and fragments photographed by the patrol"),
         ("rus.chair", Decision.VERIFY, "the patrol's findings are not contested")],
    ),
    2: (  # GNA troop movement reported by the LNA
        [(S.TRIAGED, "analyst", "reported by a party, place named"),
         (S.UNDER_VERIFICATION, "monitor", "satellite pass requested")],
        [("rus.chair", Decision.VERIFY, "the column is visible on the imagery"),
         ("tur.chair", Decision.REFUSE, "the vehicles are a supply convoy west of the line")],
    ),
    3: (  # GNA withdrawal at Abu Qurain
        [(S.TRIAGED, "analyst", "seen by a monitor patrol"),
         (S.UNDER_VERIFICATION, "monitor", "patrol report attached")],
        [("tur.chair", Decision.VERIFY, "units counted at the camp"),
         ("rus.chair", Decision.VERIFY, "matches the GNA's notification")],
    ),
    4: ([(S.TRIAGED, "analyst", "a meeting, kept for the record")], []),
    5: (
        [(S.TRIAGED, "analyst", "patrol report"),
         (S.UNDER_VERIFICATION, "monitor", "second patrol scheduled")],
        [],
    ),
    7: (  # Wagner at the Jufra airbase, before the deadline
        [(S.TRIAGED, "analyst", "open-source imagery"),
         (S.UNDER_VERIFICATION, "monitor", "cross-checked with flight tracking")],
        [("tur.chair", Decision.VERIFY, "aircraft and personnel identified"),
         ("rus.chair", Decision.VERIFY, "presence acknowledged")],
    ),
    8: (
        [(S.REJECTED, "analyst", "no airport, no date beyond the month: nothing to verify")],
        [],
    ),
    9: (
        [(S.TRIAGED, "analyst", "party report"),
         (S.UNDER_VERIFICATION, "monitor", "no patrol could reach al-Washka"),
         (S.UNVERIFIED, "monitor", "no access to the site within a week")],
        [],
    ),
    10: (  # Wagner in Sirte two days after the departure deadline
        [(S.TRIAGED, "analyst", "monitor patrol"),
         (S.UNDER_VERIFICATION, "monitor", "photographs of the trenches")],
        [("rus.chair", Decision.VERIFY, "the unit is identified"),
         ("tur.chair", Decision.VERIFY, "the unit is identified")],
    ),
}  # fmt: skip

REPLY = (
    1,
    "lna.delegate",
    "Our batteries had been withdrawn to Bin Jawad; we ask for the fragments.",
)


def play_verification(
    connection: Connection, agreement: Agreement, incident_ids: list[int], keys_dir: Path
) -> None:
    """Add the chamber's users and keys, and take the sample incidents through the workflow."""
    for name, role, actor in DEMO_USERS:
        add_user(connection, User(name=name, role=role, actor_id=actor))
    keys_dir.mkdir(parents=True, exist_ok=True)
    key_files = {name: keys_dir / f"{name}.key" for name in CO_CHAIRS}
    for name, path in key_files.items():
        create_key(connection, agreement, name, path)
    last_step: dict[int, datetime] = {}
    for position, (moves, signoffs) in STORY.items():
        incident_id = incident_ids[position - 1]
        occurred_on = get_incident(connection, incident_id).occurred_on
        assert occurred_on is not None, f"demo incident {position} has no date"
        steps = _story_dates(occurred_on)
        for state, user, reason in moves:
            last_step[position] = next(steps)
            move_incident(
                connection, agreement, user_name=user, incident_id=incident_id,
                target=state, reason=reason, at=last_step[position],
            )  # fmt: skip
        for user, decision, reason in signoffs:
            last_step[position] = next(steps)
            sign_incident(
                connection, agreement, user_name=user, incident_id=incident_id,
                decision=decision, reason=reason, private_key=read_private_key(key_files[user]),
                at=last_step[position],
            )  # fmt: skip
    position, user, text = REPLY
    reply_to_incident(
        connection, agreement, user_name=user, incident_id=incident_ids[position - 1], text=text,
        at=last_step[position] + BETWEEN_STEPS,
    )  # fmt: skip
    for name, path in key_files.items():
        sign_checkpoint(connection, agreement, name, read_private_key(path))


def _story_dates(occurred_on: date) -> Iterator[datetime]:
    moment = datetime.combine(occurred_on, FIRST_STEP_AT)
    while True:
        yield moment
        moment += BETWEEN_STEPS
