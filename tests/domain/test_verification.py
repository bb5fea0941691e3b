from __future__ import annotations

import itertools

import pytest

from truce.domain.verification import (
    ALLOWED_TRANSITIONS,
    OPEN_STATES,
    VerificationState,
    can_move,
    check_transition,
)
from truce.errors import NotPermitted

S = VerificationState


def test_the_designed_path_is_allowed() -> None:
    path = [S.REPORTED, S.TRIAGED, S.UNDER_VERIFICATION, S.VERIFIED]
    for current, target in itertools.pairwise(path):
        check_transition(current, target)


@pytest.mark.parametrize("outcome", [S.VERIFIED, S.UNVERIFIED, S.DISPUTED, S.REJECTED])
def test_verification_ends_in_each_outcome(outcome: VerificationState) -> None:
    assert can_move(S.UNDER_VERIFICATION, outcome)


@pytest.mark.parametrize("state", [S.REPORTED, S.TRIAGED, S.UNDER_VERIFICATION])
def test_open_incidents_can_be_merged(state: VerificationState) -> None:
    assert can_move(state, S.MERGED)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (S.REPORTED, S.VERIFIED),  # skipping triage and verification
        (S.TRIAGED, S.VERIFIED),
        (S.REPORTED, S.UNDER_VERIFICATION),
        (S.VERIFIED, S.REPORTED),  # verified is final
        (S.VERIFIED, S.REJECTED),
        (S.MERGED, S.TRIAGED),  # merged is final
        (S.REJECTED, S.VERIFIED),
    ],
)
def test_forbidden_moves_are_refused_with_the_allowed_ones_named(
    current: VerificationState, target: VerificationState
) -> None:
    with pytest.raises(NotPermitted) as refused:
        check_transition(current, target)
    message = str(refused.value)
    assert f"{current} cannot become {target}" in message
    for allowed in ALLOWED_TRANSITIONS[current]:
        assert str(allowed) in message


def test_no_state_moves_to_itself_and_every_state_has_rules() -> None:
    assert set(ALLOWED_TRANSITIONS) == set(VerificationState)
    for state, targets in ALLOWED_TRANSITIONS.items():
        assert state not in targets


def test_final_states_are_not_open() -> None:
    assert S.VERIFIED not in OPEN_STATES and S.MERGED not in OPEN_STATES
    assert not ALLOWED_TRANSITIONS[S.VERIFIED] and not ALLOWED_TRANSITIONS[S.MERGED]
