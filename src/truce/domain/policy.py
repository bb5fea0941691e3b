"""The one policy of truce: which role may take which action, on which incident, in which state.

Every route of the API asks ``check`` before acting; nothing else decides permissions. What a
user may *see* is the visibility rule (``truce.domain.visibility``), applied inside every
query; this module decides what a user may *do*.

    action              who                                         incident rules
    read_*              everyone, logged in or not                  filtered by visibility
    report_incident     party_delegate, monitor, analyst            origin must fit the role
    edit_incident       monitor, analyst; a party_delegate for      open states only; never
                        its own side's submissions                  by a party accused in it
    read_evidence       anyone who sees the incident unredacted
    submit_source       party_delegate, monitor, analyst, co_chair
    manage_users        admin
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from truce.domain.agreement import Agreement
from truce.domain.incident import ActorRole, Incident, Origin
from truce.domain.users import Role, User
from truce.domain.verification import OPEN_STATES
from truce.errors import NotAuthenticated, NotPermitted


class Action(StrEnum):
    READ_INCIDENTS = "read_incidents"
    READ_AGREEMENT = "read_agreement"
    READ_SOURCES = "read_sources"
    READ_EVIDENCE = "read_evidence"
    REPORT_INCIDENT = "report_incident"
    EDIT_INCIDENT = "edit_incident"
    SUBMIT_SOURCE = "submit_source"
    MANAGE_USERS = "manage_users"


#: Actions anyone may take, without logging in (what they then see is the visibility rule's).
PUBLIC_ACTIONS: frozenset[Action] = frozenset(
    {Action.READ_INCIDENTS, Action.READ_AGREEMENT, Action.READ_SOURCES}
)

ROLES_FOR: Mapping[Action, frozenset[Role]] = {
    Action.READ_EVIDENCE: frozenset(
        {Role.ADMIN, Role.CO_CHAIR, Role.PARTY_DELEGATE, Role.MONITOR, Role.ANALYST}
    ),
    Action.REPORT_INCIDENT: frozenset({Role.PARTY_DELEGATE, Role.MONITOR, Role.ANALYST}),
    Action.EDIT_INCIDENT: frozenset({Role.PARTY_DELEGATE, Role.MONITOR, Role.ANALYST}),
    Action.SUBMIT_SOURCE: frozenset(
        {Role.PARTY_DELEGATE, Role.MONITOR, Role.ANALYST, Role.CO_CHAIR}
    ),
    Action.MANAGE_USERS: frozenset({Role.ADMIN}),
}

#: Where each reporting role's incidents come from; the first is the default.
ORIGINS_FOR: Mapping[Role, tuple[Origin, ...]] = {
    Role.PARTY_DELEGATE: (Origin.PARTY_REPORT,),
    Role.MONITOR: (Origin.MONITOR_PATROL,),
    Role.ANALYST: (Origin.OPEN_SOURCE, Origin.IMPORT),
}


def check(
    user: User | None,
    action: Action,
    *,
    agreement: Agreement | None = None,
    incident: Incident | None = None,
) -> None:
    """Return when ``user`` (``None``: not logged in) may take ``action``; else raise.

    ``NotAuthenticated`` when logging in could help, ``NotPermitted`` (naming the rule)
    otherwise. Incident rules need the ``incident`` and the ``agreement`` of its parties.
    """
    if action in PUBLIC_ACTIONS:
        return
    if user is None or not user.active:
        raise NotAuthenticated(f"{action} needs a logged-in user: send Authorization: Bearer TOKEN")
    allowed = ROLES_FOR[action]
    if user.role not in allowed:
        roles = ", ".join(sorted(allowed))
        raise NotPermitted(f"a {user.role} may not {action.replace('_', ' ')} (only: {roles})")
    if action is Action.EDIT_INCIDENT and incident is not None:
        _check_edit(user, incident, agreement)


def origin_for(user: User, requested: Origin | None) -> Origin:
    """The origin of an incident ``user`` reports: ``requested`` if the role allows it."""
    allowed = ORIGINS_FOR.get(user.role, ())
    if not allowed:
        raise NotPermitted(f"a {user.role} does not report incidents")
    if requested is None:
        return allowed[0]
    if requested not in allowed:
        choices = ", ".join(allowed)
        raise NotPermitted(f"a {user.role} reports incidents of origin {choices}, not {requested}")
    return requested


def party_of_user(user: User, agreement: Agreement | None) -> str | None:
    """The party a delegate speaks for (``None`` for other roles)."""
    if user.role is not Role.PARTY_DELEGATE or user.actor_id is None or agreement is None:
        return None
    party = agreement.party_of(user.actor_id)
    return party.id if party is not None else None


def _check_edit(user: User, incident: Incident, agreement: Agreement | None) -> None:
    if incident.state not in OPEN_STATES:
        raise NotPermitted(
            f"incident {incident.id} is {incident.state}: only incidents still being verified "
            "can be edited; report a correction as a new incident"
        )
    if user.role is not Role.PARTY_DELEGATE:
        return
    party = party_of_user(user, agreement)
    if party is None or incident.reporting_party != party:
        raise NotPermitted(
            f"a party delegate edits only its own side's submissions; incident {incident.id} "
            "was not submitted by your side"
        )
    assert agreement is not None  # party_of_user found the party in it
    accused = {
        found.id
        for actor_id in incident.actor_ids(ActorRole.ALLEGED_PERPETRATOR)
        if (found := agreement.party_of(actor_id)) is not None
    }
    if party in accused:
        raise NotPermitted(
            f"{party} is accused in incident {incident.id}: a party cannot edit an incident it "
            "is accused in; answer it with a reply"
        )
