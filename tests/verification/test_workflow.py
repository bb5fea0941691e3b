"""The verification workflow on a real store (SQLite and PostgreSQL): every allowed move made,
every forbidden one refused with the rule named."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from truce.audit.signing import read_private_key
from truce.domain.incident import ActorRole, IncidentActor
from truce.domain.source import Source, SourceKind
from truce.domain.verification import ALLOWED_TRANSITIONS, VerificationState
from truce.domain.workflow import Decision, action_for_move
from truce.errors import Conflict, InvalidInput, NotPermitted
from truce.schemas.incident import incident_from_submission, parse_submission
from truce.services.verification import (
    delete_incident,
    edit_incident,
    incident_record,
    move_incident,
    reply_to_incident,
    sign_incident,
    verification_queue,
    waiting_of,
)
from truce.store.incidents import get_incident, insert_incident
from truce.store.sources import save_source

S = VerificationState
SHELLING_BY_LNA: dict[str, Any] = {
    "type": "shelling",
    "date": "2020-11-02",
    "lat": 30.45,
    "lon": 16.35,
    "place": "between Sirte and al-Jufra",
    "actors": [{"id": "LNA", "role": "alleged_perpetrator"}, {"id": "GNA", "role": "target"}],
    "summary": "Artillery rounds inside the buffer zone; the GNA blames LNA batteries.",
}


def add(chamber: Any, submission: dict[str, Any] = SHELLING_BY_LNA) -> int:
    with chamber.database.transaction() as connection:
        stored = insert_incident(connection, incident_from_submission(parse_submission(submission)))
    assert stored.id is not None
    return stored.id


def move(chamber: Any, incident_id: int, target: S, user: str = "ana", **options: Any) -> None:
    with chamber.database.transaction() as connection:
        move_incident(
            connection,
            chamber.agreement,
            user_name=user,
            incident_id=incident_id,
            target=target,
            reason=options.pop("reason", f"{user} moves it to {target}"),
            **options,
        )


def sign(chamber: Any, incident_id: int, user: str, decision: Decision, reason: str = "") -> S:
    with chamber.database.transaction() as connection:
        _, state = sign_incident(
            connection,
            chamber.agreement,
            user_name=user,
            incident_id=incident_id,
            decision=decision,
            reason=reason or f"{user}'s position",
            private_key=read_private_key(chamber.key_files[user]),
        )
    return state


def state_of(chamber: Any, incident_id: int) -> S:
    with chamber.database.connect() as connection:
        return get_incident(connection, incident_id).state


def test_an_incident_walks_through_every_allowed_transition(chamber: Any) -> None:
    incident = add(chamber)
    move(chamber, incident, S.TRIAGED)
    move(chamber, incident, S.REJECTED)
    move(chamber, incident, S.TRIAGED, reason="new photos from the patrol")  # reopened
    move(chamber, incident, S.UNDER_VERIFICATION, user="mon")
    move(chamber, incident, S.UNVERIFIED, user="mon")
    move(chamber, incident, S.UNDER_VERIFICATION)
    assert sign(chamber, incident, "tur", Decision.VERIFY) is S.UNDER_VERIFICATION
    assert sign(chamber, incident, "rus", Decision.REFUSE, "the craters face east") is S.DISPUTED
    move(
        chamber, incident, S.UNDER_VERIFICATION, user="tur", reason="the chamber asks for a patrol"
    )
    assert sign(chamber, incident, "rus", Decision.VERIFY) is S.UNDER_VERIFICATION
    assert sign(chamber, incident, "tur", Decision.VERIFY) is S.VERIFIED
    duplicate = add(chamber)
    move(chamber, duplicate, S.MERGED, into=incident)

    with chamber.database.connect() as connection:
        record = incident_record(connection, incident)
        merged = incident_record(connection, duplicate)
    walked = [(t.from_state, t.to_state) for t in record.transitions]
    assert walked == [
        (S.REPORTED, S.TRIAGED), (S.TRIAGED, S.REJECTED), (S.REJECTED, S.TRIAGED),
        (S.TRIAGED, S.UNDER_VERIFICATION), (S.UNDER_VERIFICATION, S.UNVERIFIED),
        (S.UNVERIFIED, S.UNDER_VERIFICATION), (S.UNDER_VERIFICATION, S.DISPUTED),
        (S.DISPUTED, S.UNDER_VERIFICATION), (S.UNDER_VERIFICATION, S.VERIFIED),
    ]  # fmt: skip
    assert all(
        t.by_user and t.reason and t.at and t.incident_version == 1 for t in record.transitions
    )
    # Both positions of the dispute are kept, and the verification records both keys.
    assert "RUS refused (rus: the craters face east)" in record.transitions[6].reason
    assert [(s.co_chair, s.decision) for s in record.signoffs] == [
        ("TUR", Decision.VERIFY), ("RUS", Decision.REFUSE),
        ("RUS", Decision.VERIFY), ("TUR", Decision.VERIFY),
    ]  # fmt: skip
    # The dispute was escalated to the chamber and closed when it was reopened.
    assert len(record.escalations) == 1 and record.escalations[0].closed_by == "tur"
    assert merged.transitions[-1].to_state is S.MERGED
    assert merged.transitions[-1].merged_into == incident


@pytest.mark.parametrize("current", list(S))
def test_every_move_the_state_machine_lacks_is_refused_naming_the_allowed_ones(current: S) -> None:
    for target in set(S) - ALLOWED_TRANSITIONS[current] - {S.VERIFIED, S.DISPUTED}:
        with pytest.raises(NotPermitted, match=f"cannot become {target}.*allowed from {current}"):
            action_for_move(current, target)


def test_one_co_chair_alone_cannot_make_an_incident_verified(chamber: Any) -> None:
    incident = add(chamber)
    move(chamber, incident, S.TRIAGED)
    move(chamber, incident, S.UNDER_VERIFICATION)
    with pytest.raises(NotPermitted, match="verified needs a sign-off from each co-chair"):
        move(chamber, incident, S.VERIFIED, user="tur")
    assert sign(chamber, incident, "tur", Decision.VERIFY) is S.UNDER_VERIFICATION
    # Signing again is refused, not recorded twice: the record shows each position once.
    with pytest.raises(Conflict, match=r"TUR already verified version 1 .* it waits for RUS"):
        sign(chamber, incident, "tur", Decision.VERIFY)
    assert state_of(chamber, incident) is S.UNDER_VERIFICATION
    with chamber.database.connect() as connection:
        assert len(incident_record(connection, incident).signoffs) == 1


def test_an_accused_party_cannot_judge_its_incident_but_can_reply(chamber: Any) -> None:
    incident = add(chamber)
    for target in (S.TRIAGED, S.REJECTED):
        with pytest.raises(
            NotPermitted, match=r"LNA is accused in incident .* cannot (triage|reject)"
        ):
            move(chamber, incident, target, user="lna")
    with chamber.database.transaction() as connection:
        answer = reply_to_incident(
            connection, chamber.agreement, user_name="lna", incident_id=incident,
            text="Our batteries were 40 km away that day.",
        )  # fmt: skip
    assert answer.party_id == "LNA"
    with chamber.database.connect() as connection:
        assert [r.text for r in incident_record(connection, incident).replies] == [answer.text]


def test_an_accused_co_chair_cannot_sign_off(chamber: Any) -> None:
    arms_by_turkey = SHELLING_BY_LNA | {
        "type": "arms_transfer",
        "actors": [{"id": "TUR", "role": "alleged_perpetrator"}],
    }
    incident = add(chamber, arms_by_turkey)
    move(chamber, incident, S.TRIAGED)
    move(chamber, incident, S.UNDER_VERIFICATION)
    with pytest.raises(NotPermitted, match=r"TUR is accused in incident .* cannot sign off"):
        sign(chamber, incident, "tur", Decision.VERIFY)


def waiting(chamber: Any, incident_id: int) -> str:
    with chamber.database.connect() as connection:
        return waiting_of(connection, chamber.agreement, get_incident(connection, incident_id))


def test_an_incident_says_what_it_waits_for_in_each_state(chamber: Any) -> None:
    incident = add(chamber)
    by_movers = "an analyst, a co-chair or a monitor"
    accused_silent = "; LNA, accused, may still reply"
    assert waiting(chamber, incident) == f"reported: waiting for triage by {by_movers}" + (
        accused_silent
    )
    move(chamber, incident, S.TRIAGED)
    assert waiting(chamber, incident) == (
        f"triaged: waiting to be put under verification by {by_movers}" + accused_silent
    )
    move(chamber, incident, S.UNDER_VERIFICATION)
    with chamber.database.transaction() as connection:
        reply_to_incident(
            connection, chamber.agreement, user_name="lna", incident_id=incident, text="Not us."
        )
    assert waiting(chamber, incident) == (
        "under_verification: waiting for the sign-off of the co-chairs of TUR and RUS"
    )
    sign(chamber, incident, "tur", Decision.VERIFY)
    assert waiting(chamber, incident) == (
        "under_verification: waiting for the sign-off of the co-chair of RUS"
    )
    sign(chamber, incident, "rus", Decision.REFUSE, "the craters face east")
    assert waiting(chamber, incident) == (
        "disputed: waiting for the chamber to settle it (the co-chair of RUS refused): it is "
        "verified once the co-chair of RUS signs it off, or an analyst, a co-chair or a monitor "
        "puts it back under verification, or an analyst or a co-chair rejects it"
    )
    move(chamber, incident, S.UNDER_VERIFICATION, reason="a patrol goes back")  # a new round
    assert waiting(chamber, incident).endswith("the co-chairs of TUR and RUS")
    move(chamber, incident, S.UNVERIFIED, user="mon")
    assert waiting(chamber, incident) == (
        f"unverified: waiting for new evidence, then to be put under verification by {by_movers}"
    )
    move(chamber, incident, S.REJECTED)
    assert waiting(chamber, incident) == (
        "rejected: nothing more to do, unless an analyst or a co-chair reopens it for triage"
    )
    move(chamber, incident, S.TRIAGED, reason="new photos")
    move(chamber, incident, S.UNDER_VERIFICATION)
    sign(chamber, incident, "rus", Decision.VERIFY)
    sign(chamber, incident, "tur", Decision.VERIFY)
    assert waiting(chamber, incident) == "verified: nothing more to do"
    duplicate = add(chamber)
    move(chamber, duplicate, S.MERGED, into=incident)
    assert waiting(chamber, duplicate) == "merged into another incident: nothing more to do"


def test_an_incident_its_co_chair_is_accused_in_waits_for_no_sign_off(chamber: Any) -> None:
    incident = add(
        chamber, SHELLING_BY_LNA | {"actors": [{"id": "TUR", "role": "alleged_perpetrator"}]}
    )
    move(chamber, incident, S.TRIAGED)
    move(chamber, incident, S.UNDER_VERIFICATION)
    assert waiting(chamber, incident) == (
        "under_verification: it cannot be verified, since the co-chair of TUR cannot sign off an "
        "incident it is accused in: waiting for a co-chair or a monitor to mark it unverified, "
        "or for an analyst or a co-chair to reject it; TUR, accused, may still reply"
    )


def test_a_refused_move_or_sign_off_says_what_the_incident_waits_for(chamber: Any) -> None:
    incident = add(chamber)
    with pytest.raises(
        NotPermitted,
        match=r"this one is reported: move it to under_verification first; "
        rf"incident {incident} is reported: waiting for triage by an analyst",
    ):
        sign(chamber, incident, "tur", Decision.VERIFY)
    with pytest.raises(
        NotPermitted,
        match=rf"cannot become unverified .*; incident {incident} is reported: waiting for triage",
    ):
        move(chamber, incident, S.UNVERIFIED, user="mon")
    move(chamber, incident, S.TRIAGED)
    move(chamber, incident, S.UNDER_VERIFICATION)
    sign(chamber, incident, "tur", Decision.VERIFY)
    with pytest.raises(
        NotPermitted,
        match=r"verified needs a sign-off from each co-chair .*; incident \d+ is "
        "under_verification: waiting for the sign-off of the co-chair of RUS",
    ):
        move(chamber, incident, S.VERIFIED, user="tur")


def test_roles_are_held_to_the_policy_table(chamber: Any) -> None:
    incident = add(chamber)
    with pytest.raises(NotPermitted, match="an observer cannot triage an incident"):
        move(chamber, incident, S.TRIAGED, user="obs")
    move(chamber, incident, S.TRIAGED)
    move(chamber, incident, S.UNDER_VERIFICATION)
    with (
        pytest.raises(NotPermitted, match=r"ana is not a co-chair|analyst cannot sign off"),
        chamber.database.transaction() as connection,
    ):
        sign_incident(
            connection, chamber.agreement, user_name="ana", incident_id=incident,
            decision=Decision.VERIFY, reason="", private_key=read_private_key(
                chamber.key_files["tur"]),
        )  # fmt: skip
    with (
        pytest.raises(NotPermitted, match="not registered to rus"),
        chamber.database.transaction() as connection,
    ):
        sign_incident(
            connection, chamber.agreement, user_name="rus", incident_id=incident,
            decision=Decision.VERIFY, reason="", private_key=read_private_key(
                chamber.key_files["tur"]),
        )  # fmt: skip
    with pytest.raises(InvalidInput, match="reason: say why"):
        move(chamber, incident, S.REJECTED, reason="  ")


def test_edits_are_new_versions_and_verified_incidents_are_not_edited_in_place(
    chamber: Any,
) -> None:
    incident = add(chamber)
    with chamber.database.connect() as connection:
        original = get_incident(connection, incident)
    corrected = replace(original, summary="Corrected: six rounds, not four.")
    with chamber.database.transaction() as connection:
        stored = edit_incident(
            connection, chamber.agreement, user_name="mon", incident_id=incident,
            corrected=corrected,
        )  # fmt: skip
    assert stored.version == 2 and stored.summary.startswith("Corrected")
    with (
        pytest.raises(NotPermitted, match=r"LNA is accused in incident .* cannot edit"),
        chamber.database.transaction() as connection,
    ):
        edit_incident(
            connection, chamber.agreement, user_name="lna", incident_id=incident,
            corrected=replace(original, actors=(IncidentActor("GNA", ActorRole.TARGET),)),
        )  # fmt: skip
    move(chamber, incident, S.TRIAGED)
    move(chamber, incident, S.UNDER_VERIFICATION)
    sign(chamber, incident, "tur", Decision.VERIFY)
    sign(chamber, incident, "rus", Decision.VERIFY)
    with (
        pytest.raises(NotPermitted, match="a verified incident cannot be edited in place"),
        chamber.database.transaction() as connection,
    ):
        edit_incident(
            connection, chamber.agreement, user_name="tur", incident_id=incident,
            corrected=replace(original, summary="Rewritten after the fact."),
        )  # fmt: skip
    with chamber.database.connect() as connection:
        record = incident_record(connection, incident)
    assert [v.content["summary"] for v in record.versions] == [
        original.summary,
        "Corrected: six rounds, not four.",
    ]
    assert all(s.incident_version == 2 for s in record.signoffs)
    assert record.signoffs[0].version_hash == record.versions[1].version_hash


def test_a_signoff_on_an_older_version_does_not_count(chamber: Any) -> None:
    incident = add(chamber)
    move(chamber, incident, S.TRIAGED)
    move(chamber, incident, S.UNDER_VERIFICATION)
    sign(chamber, incident, "tur", Decision.VERIFY)
    with chamber.database.transaction() as connection:
        current = get_incident(connection, incident)
        edit_incident(
            connection, chamber.agreement, user_name="mon", incident_id=incident,
            corrected=replace(current, summary="A different account."),
        )  # fmt: skip
    assert sign(chamber, incident, "rus", Decision.VERIFY) is S.UNDER_VERIFICATION


def test_nothing_is_deleted(chamber: Any) -> None:
    incident = add(chamber)
    for user in ("tur", "ana", "obs"):
        with (
            pytest.raises(NotPermitted, match="nothing is deleted in truce"),
            chamber.database.transaction() as connection,
        ):
            delete_incident(connection, chamber.agreement, user_name=user, incident_id=incident)


def test_a_dispute_is_escalated_and_listed_overdue_after_its_limit(chamber: Any) -> None:
    incident = add(chamber)
    move(chamber, incident, S.TRIAGED)
    move(chamber, incident, S.UNDER_VERIFICATION)
    with chamber.database.transaction() as connection:
        sign_incident(
            connection, chamber.agreement, user_name="rus", incident_id=incident,
            decision=Decision.REFUSE, reason="no crater was found",
            private_key=read_private_key(chamber.key_files["rus"]), escalation_days=3,
        )  # fmt: skip
    with chamber.database.connect() as connection:
        queue = verification_queue(connection)
    (escalation,) = queue.escalations
    assert escalation.incident_id == incident
    assert escalation.due_at - escalation.opened_at == timedelta(days=3)
    assert not escalation.is_overdue(escalation.opened_at + timedelta(days=2))
    assert escalation.is_overdue(escalation.opened_at + timedelta(days=3, seconds=1))
    assert incident in [i.id for i in queue.incidents]


def test_a_merge_keeps_every_source_and_the_duplicates_history(chamber: Any) -> None:
    first_report = Source(content=b"GNA statement on the shelling", kind=SourceKind.PARTY_REPORT)
    second_report = Source(content=b"Patrol report on the shelling", kind=SourceKind.PATROL_REPORT)
    with chamber.database.transaction() as connection:
        save_source(connection, first_report)
        save_source(connection, second_report)
    incident = add_with_sources(chamber, (first_report.sha256,))
    duplicate = add_with_sources(chamber, (second_report.sha256,))
    move(chamber, duplicate, S.TRIAGED)
    move(chamber, duplicate, S.MERGED, into=incident, reason="the same shelling, reported twice")
    with chamber.database.connect() as connection:
        kept = incident_record(connection, incident)
        folded = incident_record(connection, duplicate)
    assert set(kept.incident.source_hashes) == {first_report.sha256, second_report.sha256}
    assert [v.version for v in kept.versions] == [1, 2]  # the sources came in as a new version
    assert folded.incident.state is S.MERGED
    assert folded.incident.source_hashes == (second_report.sha256,)
    assert [t.to_state for t in folded.transitions] == [S.TRIAGED, S.MERGED]
    with pytest.raises(NotPermitted, match="an incident that is merged cannot become triaged"):
        move(chamber, duplicate, S.TRIAGED)


def add_with_sources(chamber: Any, source_hashes: tuple[str, ...]) -> int:
    incident = replace(
        incident_from_submission(parse_submission(SHELLING_BY_LNA)), source_hashes=source_hashes
    )
    with chamber.database.transaction() as connection:
        stored = insert_incident(connection, incident)
    assert stored.id is not None
    return stored.id
