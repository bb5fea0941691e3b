"""The verification state machine of DESIGN.md: states and the transitions allowed between them.

    reported → triaged → under_verification → verified | unverified | disputed | rejected
    plus merged (a duplicate folded into another incident), from any open state.

Who may make each transition (two co-chair keys for ``verified``, an accused party never) is
enforced by the verification workflow; this module says only which moves exist at all.
"""

from __future__ import annotations

from enum import StrEnum

from truce.errors import NotPermitted


class VerificationState(StrEnum):
    REPORTED = "reported"
    TRIAGED = "triaged"
    UNDER_VERIFICATION = "under_verification"
    VERIFIED = "verified"
    UNVERIFIED = "unverified"
    DISPUTED = "disputed"
    REJECTED = "rejected"
    MERGED = "merged"


_S = VerificationState

ALLOWED_TRANSITIONS: dict[VerificationState, frozenset[VerificationState]] = {
    _S.REPORTED: frozenset({_S.TRIAGED, _S.REJECTED, _S.MERGED}),
    _S.TRIAGED: frozenset({_S.UNDER_VERIFICATION, _S.REJECTED, _S.MERGED}),
    _S.UNDER_VERIFICATION: frozenset(
        {_S.VERIFIED, _S.UNVERIFIED, _S.DISPUTED, _S.REJECTED, _S.MERGED}
    ),
    # New evidence reopens an unverified or disputed incident; the chamber can settle a dispute.
    _S.UNVERIFIED: frozenset({_S.UNDER_VERIFICATION, _S.REJECTED, _S.MERGED}),
    _S.DISPUTED: frozenset({_S.UNDER_VERIFICATION, _S.VERIFIED, _S.REJECTED}),
    # A rejection can be reopened for triage; it is never erased.
    _S.REJECTED: frozenset({_S.TRIAGED}),
    # Verified and merged are final: a correction is a new incident version, re-verified.
    _S.VERIFIED: frozenset(),
    _S.MERGED: frozenset(),
}

#: States an incident is still being worked on in (the queue).
OPEN_STATES: frozenset[VerificationState] = frozenset(
    {_S.REPORTED, _S.TRIAGED, _S.UNDER_VERIFICATION, _S.DISPUTED, _S.UNVERIFIED}
)

#: States in which an article telling the same event joins the incident automatically (as a new
#: version with one more source). Once verification has begun, a new version would set the
#: co-chairs' sign-offs aside, so a later article becomes a proposal of its own that an analyst
#: may merge — a deliberate act.
TAKES_NEW_SOURCES: frozenset[VerificationState] = frozenset({_S.REPORTED, _S.TRIAGED})


def can_move(current: VerificationState, target: VerificationState) -> bool:
    return target in ALLOWED_TRANSITIONS[current]


def check_transition(current: VerificationState, target: VerificationState) -> None:
    """Raise ``NotPermitted`` naming the allowed moves when ``current → target`` does not exist."""
    if can_move(current, target):
        return
    allowed = sorted(ALLOWED_TRANSITIONS[current])
    options = ", ".join(allowed) if allowed else "none: it is final"
    raise NotPermitted(
        f"an incident that is {current} cannot become {target} (allowed from {current}: {options})"
    )
