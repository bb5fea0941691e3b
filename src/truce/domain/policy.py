"""Who may do what: THE one policy of truce.

``refusal(agreement, user, action, incident)`` answers, for a user's role, an action, and the
incident's parties and state, either ``None`` (allowed) or the reason it is refused, naming the
rule. ``check(...)`` raises that reason as ``NotPermitted``. The CLI, the API and the pages ask
here and nowhere else.

The rules, in the order they are applied:

1. Nothing is ever deleted, by anyone.
2. A deactivated user can do nothing.
3. A party accused in an incident (the party of an alleged perpetrator, or the accused actor
   itself when it belongs to no party, a co-chair included) cannot triage, verify, reject, edit
   or merge it: it can only reply (``ACCUSED_MAY_NOT``).
4. Each role may do the actions of ``ROLE_ACTIONS`` and no others.
5. Some actions depend on the incident's state (``STATE_RULES``): a verified or merged incident
   cannot be edited in place; only an incident under verification or disputed can be signed off.
6. A reply comes from a party the incident involves.

Actions on no incident in particular (reporting one, submitting an article, reading evidence
files, managing accounts) are decided by ``check_role``: rule 2 and rule 4 only; a request
from nobody logged in is refused with ``NotAuthenticated``. Evidence files are downloaded by
whoever ``check_evidence_reader`` lets through: a role that may read them, whose view of
incidents is not the public's (which leaves them out). Reading is open to everyone: what
each one *sees* is the visibility rule's (``truce.domain.visibility``), applied in every query.
Where a reporter's incidents come from is fixed by role (``ORIGINS_FOR``, ``origin_for``).
"""

from __future__ import annotations

from enum import StrEnum

from truce.domain.agreement import Agreement
from truce.domain.incident import Incident, Origin
from truce.domain.users import Role, User
from truce.domain.verification import VerificationState
from truce.domain.visibility import Visibility, withholds_evidence
from truce.errors import NotAuthenticated, NotPermitted


class Action(StrEnum):
    TRIAGE = "triage"  # reported → triaged
    REOPEN = "reopen"  # rejected → triaged
    START_VERIFICATION = "start_verification"  # → under_verification
    MARK_UNVERIFIED = "mark_unverified"  # → unverified
    REJECT = "reject"  # → rejected
    MERGE = "merge"  # → merged into another incident
    SIGN_OFF = "sign_off"  # a co-chair's signed verify or refuse
    EDIT = "edit"  # a correction, stored as a new version
    REPLY = "reply"  # the right of reply of a party
    DELETE = "delete"  # never allowed: listed so that the refusal says why
    # Actions on no incident in particular (``check_role``):
    REPORT = "report"  # a new incident
    SUBMIT_SOURCE = "submit_source"  # an article for the ingest pipeline
    READ_EVIDENCE = "read_evidence"  # the photo and document files attached to incidents
    MANAGE_USERS = "manage_users"  # list accounts


_A = Action
_S = VerificationState

#: How the messages name each action: "cannot {verb} incident 3".
ACTION_VERBS: dict[Action, str] = {
    _A.TRIAGE: "triage",
    _A.REOPEN: "reopen",
    _A.START_VERIFICATION: "put under verification",
    _A.MARK_UNVERIFIED: "mark as unverified",
    _A.REJECT: "reject",
    _A.MERGE: "merge",
    _A.SIGN_OFF: "sign off (verify or refuse)",
    _A.EDIT: "edit",
    _A.REPLY: "reply to",
    _A.DELETE: "delete",
    _A.REPORT: "report",
    _A.SUBMIT_SOURCE: "submit articles for",
    _A.READ_EVIDENCE: "download the evidence files of",
    _A.MANAGE_USERS: "manage the accounts of",
}

#: Each action said of incidents in general, for refusals that concern no incident in particular.
ACTION_PHRASES: dict[Action, str] = {
    _A.TRIAGE: "triage incidents",
    _A.REOPEN: "reopen incidents",
    _A.START_VERIFICATION: "put incidents under verification",
    _A.MARK_UNVERIFIED: "mark incidents as unverified",
    _A.REJECT: "reject incidents",
    _A.MERGE: "merge incidents",
    _A.SIGN_OFF: "sign off incidents (verify or refuse)",
    _A.EDIT: "edit incidents",
    _A.REPLY: "reply to incidents",
    _A.DELETE: "delete incidents",
    _A.REPORT: "report incidents",
    _A.SUBMIT_SOURCE: "submit articles",
    _A.READ_EVIDENCE: "download evidence files",
    _A.MANAGE_USERS: "manage accounts",
}

#: The actions each role may take (rule 4).
ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.CO_CHAIR: frozenset(
        {
            _A.TRIAGE,
            _A.REOPEN,
            _A.START_VERIFICATION,
            _A.MARK_UNVERIFIED,
            _A.REJECT,
            _A.MERGE,
            _A.SIGN_OFF,
            _A.EDIT,
            _A.SUBMIT_SOURCE,
            _A.READ_EVIDENCE,
        }
    ),
    Role.ANALYST: frozenset(
        {
            _A.TRIAGE,
            _A.REOPEN,
            _A.START_VERIFICATION,
            _A.REJECT,
            _A.MERGE,
            _A.EDIT,
            _A.REPORT,
            _A.SUBMIT_SOURCE,
            _A.READ_EVIDENCE,
        }
    ),
    Role.MONITOR: frozenset(
        {
            _A.TRIAGE,
            _A.START_VERIFICATION,
            _A.MARK_UNVERIFIED,
            _A.EDIT,
            _A.REPORT,
            _A.SUBMIT_SOURCE,
            _A.READ_EVIDENCE,
        }
    ),
    # A party reports new incidents and answers accusations; it judges and edits none.
    Role.PARTY_DELEGATE: frozenset({_A.REPLY, _A.REPORT, _A.SUBMIT_SOURCE, _A.READ_EVIDENCE}),
    Role.OBSERVER: frozenset(),
    Role.ADMIN: frozenset({_A.MANAGE_USERS, _A.READ_EVIDENCE}),
}

#: Where each reporting role's incidents come from; the first is the default.
ORIGINS_FOR: dict[Role, tuple[Origin, ...]] = {
    Role.PARTY_DELEGATE: (Origin.PARTY_REPORT,),
    Role.MONITOR: (Origin.MONITOR_PATROL,),
    Role.ANALYST: (Origin.OPEN_SOURCE, Origin.IMPORT),
}

#: What an accused party may not do to an incident it is accused in (rule 3).
ACCUSED_MAY_NOT: frozenset[Action] = frozenset(
    {
        _A.TRIAGE,
        _A.REOPEN,
        _A.START_VERIFICATION,
        _A.MARK_UNVERIFIED,
        _A.REJECT,
        _A.MERGE,
        _A.SIGN_OFF,
        _A.EDIT,
    }
)

#: The states an action needs the incident to be in, with the reason (rule 5).
STATE_RULES: dict[Action, tuple[frozenset[VerificationState], str]] = {
    _A.EDIT: (
        frozenset(set(_S) - {_S.VERIFIED, _S.MERGED}),
        "a {state} incident cannot be edited in place: its judged version stays as it is; "
        "report the correction as a new incident, which is verified in its turn",
    ),
    _A.SIGN_OFF: (
        frozenset({_S.UNDER_VERIFICATION, _S.DISPUTED}),
        "only an incident under verification or disputed can be signed off, "
        "and this one is {state}: move it to under_verification first",
    ),
}


def side_of(agreement: Agreement, actor_id: str) -> str:
    """The side an actor answers for: its party, or itself when it belongs to none."""
    party = agreement.party_of(actor_id)
    return party.id if party is not None else actor_id


def accused_sides(agreement: Agreement, incident: Incident) -> frozenset[str]:
    return frozenset(side_of(agreement, actor) for actor in incident.alleged_perpetrators)


def involved_sides(agreement: Agreement, incident: Incident) -> frozenset[str]:
    return frozenset(side_of(agreement, actor) for actor in incident.actor_ids())


def refusal(agreement: Agreement, user: User, action: Action, incident: Incident) -> str | None:
    """``None`` when ``user`` may take ``action`` on ``incident``; else why not."""
    label = f"incident {incident.id}" if incident.id is not None else "this incident"
    if action is Action.DELETE:
        return (
            f"nothing is deleted in truce: {label} and its history stay; "
            "correct it with an edit (a new version), reject it, or merge it into its duplicate"
        )
    if not user.active:
        return f"{user.name} has been deactivated and can no longer act"
    user_side = side_of(agreement, user.actor_id) if user.actor_id else None
    accused = accused_sides(agreement, incident)
    if user_side is not None and action in ACCUSED_MAY_NOT and user_side in accused:
        perpetrators = ", ".join(incident.alleged_perpetrators)
        return (
            f"{user_side} is accused in {label} (alleged perpetrator: {perpetrators}): "
            f"an accused party cannot {ACTION_VERBS[action]} it; "
            f"it can file a reply (truce verify reply {incident.id} --as {user.name} ...)"
        )
    if action not in ROLE_ACTIONS[user.role]:
        return (
            f"{user.role.with_article} cannot {ACTION_VERBS[action]} an incident "
            f"({user.name} is {user.role.with_article}; it takes {roles_that_may(action)})"
        )
    if action in STATE_RULES:
        states, reason = STATE_RULES[action]
        if incident.state not in states:
            return f"{label}: " + reason.format(state=incident.state.value)
    if action is Action.REPLY and user_side not in involved_sides(agreement, incident):
        return f"{label} does not involve {user_side}: only a party it involves can reply"
    return None


def roles_that_may(action: Action) -> str:
    """The roles that may take ``action``, as a sentence lists them: "an analyst, a co-chair
    or a monitor"."""
    allowed = [
        role.with_article
        for role in sorted(ROLE_ACTIONS, key=lambda role: role.value)
        if action in ROLE_ACTIONS[role]
    ]
    return " or ".join([", ".join(allowed[:-1]), allowed[-1]] if len(allowed) > 1 else allowed)


def check(agreement: Agreement, user: User, action: Action, incident: Incident) -> None:
    """Raise ``NotPermitted`` with the reason when ``refusal`` finds one."""
    reason = refusal(agreement, user, action, incident)
    if reason is not None:
        raise NotPermitted(reason)


def check_key_holder(agreement: Agreement, user: User) -> None:
    """Only an active co-chair of the agreement holds a signing key and signs with it."""
    if not user.active:
        raise NotPermitted(f"{user.name} has been deactivated and can no longer sign")
    if user.role is not Role.CO_CHAIR or user.actor_id not in agreement.co_chairs:
        chairs = ", ".join(agreement.co_chairs)
        raise NotPermitted(
            f"{user.name} is {user.role.with_article}: "
            f"only a co-chair ({chairs}) holds a signing key"
        )


def check_role(user: User | None, action: Action) -> User:
    """Return ``user`` when their role may take ``action`` (on no incident in particular).

    ``NotAuthenticated`` when nobody is logged in, ``NotPermitted`` naming who may otherwise.
    """
    if user is None:
        raise NotAuthenticated(
            f"to {ACTION_PHRASES[action]}, log in: send Authorization: Bearer TOKEN"
        )
    if not user.active:
        raise NotPermitted(f"{user.name} has been deactivated and can no longer act")
    if action not in ROLE_ACTIONS[user.role]:
        raise NotPermitted(
            f"{user.role.with_article} cannot {ACTION_PHRASES[action]} "
            f"(it takes {roles_that_may(action)})"
        )
    return user


def origin_for(user: User, requested: Origin | None) -> Origin:
    """The origin of an incident ``user`` reports: ``requested`` if their role allows it."""
    allowed = ORIGINS_FOR.get(user.role, ())
    if not allowed:
        raise NotPermitted(f"{user.role.with_article} does not report incidents")
    if requested is None:
        return allowed[0]
    if requested not in allowed:
        choices = ", ".join(allowed)
        raise NotPermitted(
            f"{user.role.with_article} reports incidents of origin {choices}, not {requested}"
        )
    return requested


def party_of_user(agreement: Agreement, user: User) -> str | None:
    """The party a delegate speaks for (``None`` for other roles)."""
    if user.role is not Role.PARTY_DELEGATE or user.actor_id is None:
        return None
    party = agreement.party_of(user.actor_id)
    return party.id if party is not None else None


def check_evidence_reader(user: User | None, visibility: Visibility) -> User:
    """Return ``user`` when they may download evidence files: ``check_role`` lets their role
    read them, and what they see of incidents (``visibility``) does not leave them out, as
    the public's view does. The incident itself must be visible to them as well."""
    reader = check_role(user, Action.READ_EVIDENCE)
    if withholds_evidence(visibility):
        raise NotPermitted(
            f"{reader.name} sees incidents as the public does, and evidence files are not "
            "published: they are redacted for the public"
        )
    return reader


def may_read_evidence(user: User | None, visibility: Visibility) -> bool:
    """Whether ``check_evidence_reader`` lets ``user`` through (for offering the downloads)."""
    try:
        check_evidence_reader(user, visibility)
    except NotPermitted:
        return False
    return True
