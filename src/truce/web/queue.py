"""The verification queue (``/queue``): the open incidents and, for each, the actions the policy
allows the signed-in user — moves, a merge, a co-chair's signed verify or refuse, a party's
reply — and no other. A refused action is never offered; if the rules change between showing
and submitting, the service refuses it with the policy's reason, shown beside the incident.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from fastapi import APIRouter
from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.responses import Response

from truce.audit.signing import load_private_key
from truce.domain.agreement import Agreement
from truce.domain.incident import Incident
from truce.domain.policy import Action, refusal
from truce.domain.users import User
from truce.domain.verification import ALLOWED_TRANSITIONS, OPEN_STATES, VerificationState
from truce.domain.visibility import Visibility
from truce.domain.workflow import Decision, action_for_move
from truce.errors import InvalidInput, NotPermitted, TruceError
from truce.services.verification import (
    decisions_open_to,
    move_incident,
    reply_to_incident,
    sign_incident,
    verification_queue,
)
from truce.store.agreements import load_agreement
from truce.store.incidents import IncidentQuery
from truce.web.incidents import SourceView, source_views
from truce.web.mapdata import parties_involved
from truce.web.readers import readable_incident, readable_incidents, visibility_of
from truce.web.rendering import Page, PageDependency, PageRoute

router = APIRouter(route_class=PageRoute, include_in_schema=False)

#: A signing key is a few hundred bytes of PEM; anything much larger is not one.
MAX_KEY_BYTES = 16 * 1024

#: Moves made by sign-offs, never offered as a plain move.
SIGNED_STATES = frozenset({VerificationState.VERIFIED, VerificationState.DISPUTED})


@dataclass(frozen=True, slots=True)
class QueueItem:
    """An open incident and what this user may do to it."""

    incident: Incident
    parties: tuple[str, ...]
    moves: tuple[VerificationState, ...]
    can_merge: bool
    #: What the user may sign (none: not a co-chair here, or already holding each position).
    decisions: tuple[Decision, ...]
    can_reply: bool
    sources: list[SourceView] = field(default_factory=list)

    @property
    def actionable(self) -> bool:
        return bool(self.moves) or self.can_merge or bool(self.decisions) or self.can_reply


def queue_item(
    connection: Connection, agreement: Agreement, user: User, incident: Incident
) -> QueueItem:
    """What ``user`` may do to ``incident``, asked of the policy action by action."""

    def allowed(action: Action) -> bool:
        return refusal(agreement, user, action, incident) is None

    targets = []
    for target in sorted(ALLOWED_TRANSITIONS[incident.state]):
        if target in SIGNED_STATES:
            continue
        try:
            action = action_for_move(incident.state, target)
        except NotPermitted:
            continue
        if allowed(action):
            targets.append(target)
    merge = VerificationState.MERGED in targets
    return QueueItem(
        incident=incident,
        parties=parties_involved(agreement, incident),
        moves=tuple(target for target in targets if target is not VerificationState.MERGED),
        can_merge=merge,
        decisions=decisions_open_to(connection, agreement, user, incident)
        if allowed(Action.SIGN_OFF)
        else (),
        can_reply=allowed(Action.REPLY),
        sources=source_views(connection, incident),
    )


@dataclass(frozen=True, slots=True)
class Attempt:
    """A refused or wrong submission, shown again beside its incident with what was typed."""

    incident_id: int
    form: str
    message: str
    typed: dict[str, str]


@router.get("/queue", name="verification_queue")
def queue_page(page: PageDependency) -> Response:
    return _render(page, page.require_user("the verification queue"))


@router.post("/queue/{incident_id:int}/move", name="queue_move")
async def move(incident_id: int, page: PageDependency) -> Response:
    posted = await _form(page)
    typed = _typed(posted, "target", "reason", "into")
    user = page.require_user("the verification queue")

    def act(connection: Connection, agreement: Agreement) -> None:
        target = _state(typed["target"])
        into = None
        if target is VerificationState.MERGED:
            if not typed["into"].isdigit():
                raise InvalidInput("into", "give the number of the incident it duplicates")
            into = int(typed["into"])
        move_incident(
            connection,
            agreement,
            user_name=user.name,
            incident_id=incident_id,
            target=target,
            reason=typed["reason"],
            into=into,
            escalation_days=page.renderer.settings.escalation_days,
        )

    return await run_in_threadpool(_act, page, user, incident_id, "move", typed, act)


@router.post("/queue/{incident_id:int}/sign", name="queue_sign")
async def sign(incident_id: int, page: PageDependency) -> Response:
    posted = await _form(page)
    typed = _typed(posted, "decision", "reason")
    user = page.require_user("the verification queue")
    key_file = posted.get("key")
    key_bytes = await key_file.read(MAX_KEY_BYTES + 1) if isinstance(key_file, UploadFile) else b""

    def act(connection: Connection, agreement: Agreement) -> None:
        if not key_bytes:
            raise InvalidInput("key", "choose your signing key file (made by `truce keys new`)")
        if len(key_bytes) > MAX_KEY_BYTES:
            raise InvalidInput("key", "that file is too large to be a signing key")
        try:
            decision = Decision(typed["decision"])
        except ValueError:
            raise InvalidInput("decision", "choose verify or refuse") from None
        sign_incident(
            connection,
            agreement,
            user_name=user.name,
            incident_id=incident_id,
            decision=decision,
            reason=typed["reason"],
            private_key=load_private_key(key_bytes, name="the chosen file", field="key"),
            escalation_days=page.renderer.settings.escalation_days,
        )

    return await run_in_threadpool(_act, page, user, incident_id, "sign", typed, act)


@router.post("/queue/{incident_id:int}/reply", name="queue_reply")
async def reply(incident_id: int, page: PageDependency) -> Response:
    posted = await _form(page)
    typed = _typed(posted, "text")
    user = page.require_user("the verification queue")

    def act(connection: Connection, agreement: Agreement) -> None:
        reply_to_incident(
            connection,
            agreement,
            user_name=user.name,
            incident_id=incident_id,
            text=typed["text"],
        )

    return await run_in_threadpool(_act, page, user, incident_id, "reply", typed, act)


async def _form(page: Page) -> FormData:
    posted = await page.request.form()
    page.check_form(posted)
    return posted


def _typed(posted: FormData, *names: str) -> dict[str, str]:
    values = {}
    for name in names:
        raw = posted.get(name)
        values[name] = raw.strip() if isinstance(raw, str) else ""
    return values


def _state(value: str) -> VerificationState:
    if not value:
        raise InvalidInput("target", "choose the state to move it to")
    try:
        return VerificationState(value)
    except ValueError:
        raise InvalidInput("target", f"{value!r} is not a state; choose one offered") from None


def _act(
    page: Page,
    user: User,
    incident_id: int,
    form: str,
    typed: dict[str, str],
    act: Callable[[Connection, Agreement], None],
) -> Response:
    database = page.renderer.database
    try:
        with database.transaction() as connection:
            agreement = load_agreement(connection)
            readable_incident(connection, visibility_of(user, agreement), incident_id)
            act(connection, agreement)
    except TruceError as error:
        field_name = error.field if isinstance(error, InvalidInput) else ""
        message = error.problem if isinstance(error, InvalidInput) else error.message
        if field_name and field_name not in ("text", "reason"):
            message = f"{field_name}: {message}"
        return _render(page, user, Attempt(incident_id, form, message, typed), status=422)
    return page.redirect(f"/queue?done={incident_id}#incident-{incident_id}")


def _render(page: Page, user: User, attempt: Attempt | None = None, status: int = 200) -> Response:
    with page.renderer.database.connect() as connection:
        agreement = load_agreement(connection)
        queue = verification_queue(connection)
        visibility = visibility_of(user, agreement)
        visible = {i.id for i in readable_incidents(connection, visibility, _open_query())}
        items = [
            queue_item(connection, agreement, user, incident)
            for incident in queue.incidents
            if incident.id in visible
        ]
        escalations = [e for e in queue.escalations if e.incident_id in visible]
        done = _done(connection, visibility, page.request.query_params.get("done", ""))
    actionable = [item for item in items if item.actionable]
    return page.render(
        "queue.html",
        status=status,
        agreement=agreement,
        items=actionable,
        others=len(items) - len(actionable),
        escalations=escalations,
        attempt=attempt,
        done=done,
    )


def _open_query() -> IncidentQuery:
    return IncidentQuery(states=tuple(sorted(OPEN_STATES)))


def _done(connection: Connection, visibility: Visibility, value: str) -> Incident | None:
    if not value.isdigit():
        return None
    try:
        return readable_incident(connection, visibility, int(value))
    except TruceError:
        return None
