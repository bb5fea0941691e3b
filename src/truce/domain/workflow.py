"""The verification workflow: which action a move is, what two co-chairs' sign-offs decide,
and the records every step leaves (transitions, sign-offs, replies, escalations).

The state machine itself (which moves exist) is ``truce.domain.verification``; who may act is
``truce.domain.policy``. This module joins them: ``plan_move`` and ``check_signoff`` refuse
with ``NotPermitted`` naming the rule, and ``state_after_signoffs`` is the two-key rule:

- ``verified`` needs the sign-off of *each* co-chair of the agreement on the *current* version;
- a co-chair's refusal makes the incident ``disputed``, and both positions are kept;
- a disputed incident is escalated to the chamber, to be settled within a time limit.

``waiting_for`` says, from these rules and the policy's, what an incident waits for and from whom.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from truce.domain.agreement import Agreement
from truce.domain.incident import Incident
from truce.domain.policy import Action, accused_sides, check, roles_that_may, side_of
from truce.domain.users import Role, User
from truce.domain.verification import OPEN_STATES, VerificationState, check_transition
from truce.errors import Conflict, InvalidInput, NotPermitted

_S = VerificationState

#: The action each reachable target state takes (``verified`` and ``disputed`` come from sign-offs).
MOVE_ACTIONS: dict[VerificationState, Action] = {
    _S.TRIAGED: Action.TRIAGE,
    _S.UNDER_VERIFICATION: Action.START_VERIFICATION,
    _S.UNVERIFIED: Action.MARK_UNVERIFIED,
    _S.REJECTED: Action.REJECT,
    _S.MERGED: Action.MERGE,
}


class Decision(StrEnum):
    VERIFY = "verify"
    REFUSE = "refuse"

    @property
    def past(self) -> str:
        return "verified" if self is Decision.VERIFY else "refused"


@dataclass(frozen=True, slots=True)
class Transition:
    incident_id: int
    incident_version: int
    from_state: VerificationState
    to_state: VerificationState
    by_user: str
    reason: str
    at: datetime
    merged_into: int | None = None


@dataclass(frozen=True, slots=True)
class SignOff:
    incident_id: int
    incident_version: int
    version_hash: str
    co_chair: str
    by_user: str
    key_id: str
    decision: Decision
    reason: str
    signature: str
    signed_at: datetime


@dataclass(frozen=True, slots=True)
class Reply:
    incident_id: int
    incident_version: int
    party_id: str
    by_user: str
    text: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Escalation:
    incident_id: int
    opened_at: datetime
    due_at: datetime
    closed_at: datetime | None = None
    closed_by: str | None = None

    def is_overdue(self, now: datetime) -> bool:
        return self.closed_at is None and now > self.due_at


def action_for_move(current: VerificationState, target: VerificationState) -> Action:
    """The action a move is, or ``NotPermitted`` when no user can make it by moving."""
    if target is _S.VERIFIED:
        raise NotPermitted(
            "verified needs a sign-off from each co-chair (two keys), not a move: "
            "each co-chair runs `truce verify sign ID --as USER --key FILE`"
        )
    if target is _S.DISPUTED:
        raise NotPermitted(
            "an incident becomes disputed when a co-chair refuses to sign it off: "
            "`truce verify sign ID --refuse --reason ...`"
        )
    check_transition(current, target)
    if current is _S.REJECTED and target is _S.TRIAGED:
        return Action.REOPEN
    return MOVE_ACTIONS[target]


def plan_move(
    agreement: Agreement,
    user: User,
    incident: Incident,
    target: VerificationState,
    reason: str,
    *,
    merge_into: Incident | None = None,
) -> Action:
    """Check that ``user`` may move ``incident`` to ``target``; return the action it is."""
    if not reason.strip():
        raise InvalidInput("reason", "say why (--reason TEXT): every transition records it")
    action = action_for_move(incident.state, target)
    check(agreement, user, action, incident)
    if target is _S.MERGED:
        if merge_into is None:
            raise InvalidInput("into", "a merge names the incident it folds into (--into ID)")
        if merge_into.id == incident.id:
            raise InvalidInput("into", "an incident cannot be merged into itself")
        if merge_into.state is _S.MERGED:
            raise InvalidInput(
                "into", f"incident {merge_into.id} is itself merged: merge into what it went to"
            )
        check(agreement, user, Action.MERGE, merge_into)
    elif merge_into is not None:
        raise InvalidInput("into", "--into goes only with a move to merged")
    return action


def check_signoff(
    agreement: Agreement, user: User, incident: Incident, decision: Decision, reason: str
) -> str:
    """Check a co-chair's sign-off; return the co-chair (actor) it speaks for."""
    check(agreement, user, Action.SIGN_OFF, incident)
    if user.role is not Role.CO_CHAIR or user.actor_id not in agreement.co_chairs:
        raise NotPermitted(f"{user.name} is not a co-chair of {agreement.id}")
    if decision is Decision.REFUSE and not reason.strip():
        raise InvalidInput("reason", "a refusal says why (--reason TEXT): it is kept beside it")
    return user.actor_id


def current_positions(
    signoffs: Iterable[SignOff], incident_version: int, round_started: datetime | None
) -> dict[str, SignOff]:
    """Each co-chair's latest sign-off in the current round: on ``incident_version``, and since
    the incident last went under verification (a reopened dispute is judged afresh)."""
    latest: dict[str, SignOff] = {}
    for signoff in sorted(signoffs, key=lambda s: s.signed_at):
        if signoff.incident_version != incident_version:
            continue
        if round_started is not None and signoff.signed_at < round_started:
            continue
        latest[signoff.co_chair] = signoff
    return latest


def round_start(transitions: Iterable[Transition]) -> datetime | None:
    """When the incident last went under verification: sign-offs before it are of a past round."""
    starts = [t.at for t in transitions if t.to_state is _S.UNDER_VERIFICATION]
    return max(starts) if starts else None


def check_new_position(
    agreement: Agreement, positions: dict[str, SignOff], co_chair: str, decision: Decision
) -> None:
    """A sign-off that repeats the co-chair's standing position in this round changes nothing:
    ``Conflict`` saying so and whom the incident waits for. A change of mind is a new position."""
    standing = positions.get(co_chair)
    if standing is None or standing.decision is not decision:
        return
    waiting = [chair for chair in agreement.co_chairs if chair not in positions]
    then = f"{standing.signed_at:%Y-%m-%d %H:%M} UTC"
    raise Conflict(
        f"{co_chair} already {decision.past} version {standing.incident_version} of incident "
        f"{standing.incident_id} ({standing.by_user}, {then}); "
        + (f"it waits for {' and '.join(waiting)}" if waiting else "nothing to sign again")
    )


def state_after_signoffs(
    agreement: Agreement, state: VerificationState, positions: dict[str, SignOff]
) -> VerificationState:
    """The two-key rule: any refusal disputes, all co-chairs verifying verifies."""
    if any(s.decision is Decision.REFUSE for s in positions.values()):
        return _S.DISPUTED
    if all(
        chair in positions and positions[chair].decision is Decision.VERIFY
        for chair in agreement.co_chairs
    ):
        return _S.VERIFIED
    return state


def waiting_for(
    agreement: Agreement,
    incident: Incident,
    positions: Mapping[str, SignOff],
    replies: Iterable[Reply] = (),
) -> str:
    """What ``incident`` waits for, in plain words that start with its state: who may take the
    next step under the policy and the two-key rule. ``positions`` are the co-chairs' sign-offs
    of the current round (``current_positions``); ``replies`` the parties' replies so far.

    The refusals of moves and sign-offs end with it, so that a user learns what to do next."""
    state = incident.state
    if state is _S.VERIFIED:
        return "verified: nothing more to do"
    if state is _S.MERGED:
        return "merged into another incident: nothing more to do"
    if state is _S.REJECTED:
        return (
            f"rejected: nothing more to do, unless {roles_that_may(Action.REOPEN)} "
            "reopens it for triage"
        )
    if state is _S.REPORTED:
        waiting = f"waiting for triage by {roles_that_may(Action.TRIAGE)}"
    elif state is _S.TRIAGED:
        waiting = f"waiting to be put under verification by {_reopeners()}"
    elif state is _S.UNVERIFIED:
        waiting = f"waiting for new evidence, then to be put under verification by {_reopeners()}"
    elif state is _S.UNDER_VERIFICATION:
        waiting = _waiting_for_signoffs(agreement, incident, positions)
    else:
        refused = sorted(c for c, s in positions.items() if s.decision is Decision.REFUSE)
        unsigned = [
            chair
            for chair in agreement.co_chairs
            if chair not in positions or positions[chair].decision is not Decision.VERIFY
        ]
        waiting = (
            "waiting for the chamber to settle it"
            + (f" ({_co_chairs(refused)} refused)" if refused else "")
            + f": it is verified once {_co_chairs(unsigned)} "
            f"{'signs' if len(unsigned) == 1 else 'sign'} it off, "
            f"or {_reopeners()} puts it back under verification, "
            f"or {roles_that_may(Action.REJECT)} rejects it"
        )
    if state in OPEN_STATES:
        replied = {reply.party_id for reply in replies}
        silent = sorted(accused_sides(agreement, incident) - replied)
        if silent:
            waiting += f"; {', '.join(silent)}, accused, may still reply"
    return f"{state}: {waiting}"


def _waiting_for_signoffs(
    agreement: Agreement, incident: Incident, positions: Mapping[str, SignOff]
) -> str:
    """Under verification: the co-chairs still to sign, or why it cannot be verified at all
    (an accused co-chair may not sign it off, and the two-key rule needs each co-chair)."""
    unsigned = [chair for chair in agreement.co_chairs if chair not in positions]
    accused = accused_sides(agreement, incident)
    barred = [chair for chair in unsigned if side_of(agreement, chair) in accused]
    if barred:
        return (
            f"it cannot be verified, since {_co_chairs(barred)} cannot sign off an incident "
            f"{'it is' if len(barred) == 1 else 'they are'} accused in: waiting for "
            f"{roles_that_may(Action.MARK_UNVERIFIED)} to mark it unverified, "
            f"or for {roles_that_may(Action.REJECT)} to reject it"
        )
    return f"waiting for the sign-off of {_co_chairs(unsigned)}"


def _reopeners() -> str:
    return roles_that_may(Action.START_VERIFICATION)


def _co_chairs(actor_ids: list[str]) -> str:
    """``["RUS"]`` → "the co-chair of RUS"; ``["TUR", "RUS"]`` → "the co-chairs of TUR and RUS"."""
    if not actor_ids:
        return "each co-chair"
    if len(actor_ids) == 1:
        return f"the co-chair of {actor_ids[0]}"
    return f"the co-chairs of {', '.join(actor_ids[:-1])} and {actor_ids[-1]}"


def signoff_reason(positions: dict[str, SignOff]) -> str:
    """The reason a sign-off transition records: every co-chair's position, in their words."""
    return "; ".join(
        f"{chair} {s.decision.past} ({s.by_user}: {s.reason or 'no comment'})"
        for chair, s in sorted(positions.items())
    )


def escalation_for(incident_id: int, opened_at: datetime, limit_days: int) -> Escalation:
    if limit_days < 1:
        raise InvalidInput("escalation_days", "the time limit is at least one day")
    return Escalation(
        incident_id=incident_id, opened_at=opened_at, due_at=opened_at + timedelta(days=limit_days)
    )
