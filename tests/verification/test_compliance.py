"""The compliance engine on the Sirte–al-Jufra scenario: violations from verified incidents,
deadlines that pass, foreign contingents tracked, and only affected pairs recomputed."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from truce.audit.signing import read_private_key
from truce.cli import run
from truce.domain.agreement import Agreement
from truce.domain.compliance import Stage, Status, affected_pairs, evaluate
from truce.domain.compliance_evidence import from_incidents
from truce.domain.incident import Incident
from truce.domain.taxonomy import IncidentType
from truce.domain.verification import VerificationState
from truce.domain.workflow import Decision
from truce.schemas.incident import incident_from_submission, parse_submission
from truce.services.compliance import board_after_change, compliance_board
from truce.services.verification import move_incident, sign_incident
from truce.store.incidents import get_incident, insert_incident

SHELLING_IN_BUFFER = {
    "type": "shelling", "date": "2020-11-02", "lat": 30.45, "lon": 16.35,
    "actors": [{"id": "LNA", "role": "alleged_perpetrator"}, {"id": "GNA", "role": "target"}],
    "summary": "Artillery inside the buffer zone, attributed to LNA batteries.",
}  # fmt: skip
GNA_WITHDRAWAL_AT_W1 = {
    "type": "withdrawal", "date": "2020-11-12", "lat": 31.4425, "lon": 15.2611,
    "actors": [{"id": "GNA", "role": "participant"}], "summary": "GNA units arrive at Abu Qurain.",
}  # fmt: skip
WAGNER_IN_SIRTE_LATE = {
    "type": "foreign_fighters", "date": "2021-01-25", "lat": 31.2089, "lon": 16.5887,
    "actors": [{"id": "WAGNER", "role": "alleged_perpetrator"}],
    "summary": "Wagner fighters dig trenches south of Sirte two days after the deadline.",
}  # fmt: skip


def verified(submission: dict[str, Any], incident_id: int) -> Incident:
    incident = incident_from_submission(parse_submission(submission))
    return replace(incident, id=incident_id, state=VerificationState.VERIFIED)


def verify_in_store(chamber: Any, submission: dict[str, Any]) -> int:
    """Report an incident and take it through triage, verification and both co-chairs' keys."""
    with chamber.database.transaction() as connection:
        stored = insert_incident(connection, incident_from_submission(parse_submission(submission)))
        assert stored.id is not None
        for target in (VerificationState.TRIAGED, VerificationState.UNDER_VERIFICATION):
            move_incident(
                connection, chamber.agreement, user_name="ana", incident_id=stored.id,
                target=target, reason="the patrol confirms it",
            )  # fmt: skip
        for chair in ("tur", "rus"):
            sign_incident(
                connection, chamber.agreement, user_name=chair, incident_id=stored.id,
                decision=Decision.VERIFY, reason="seen on the ground",
                private_key=read_private_key(chamber.key_files[chair]),
            )  # fmt: skip
    return stored.id


def test_a_shelling_verified_by_both_co_chairs_inside_the_buffer_is_a_violation_of_the_lna(
    chamber: Any,
) -> None:
    with chamber.database.connect() as connection:
        before = compliance_board(connection, chamber.agreement, date(2020, 11, 10))
    assert before.status("T1", "LNA").status is Status.COMPLYING
    incident_id = verify_in_store(chamber, SHELLING_IN_BUFFER)
    with chamber.database.connect() as connection:
        board = compliance_board(connection, chamber.agreement, date(2020, 11, 10))
    lna = board.status("T1", "LNA")
    assert lna.status is Status.VIOLATION and lna.incident_ids == (incident_id,)
    assert board.status("T1", "GNA").status is Status.COMPLYING  # the target is not to blame
    assert board.status("T5", "LNA").status is Status.VIOLATION  # and it was an attack


def test_an_unverified_or_merely_reported_incident_changes_nothing(agreement: Agreement) -> None:
    reported = replace(verified(SHELLING_IN_BUFFER, 1), state=VerificationState.UNDER_VERIFICATION)
    board = evaluate(agreement, from_incidents(agreement, [reported]), date(2020, 11, 10))
    assert board.status("T1", "LNA").status is Status.COMPLYING


def test_a_missed_withdrawal_deadline_is_overdue_from_the_day_after(agreement: Agreement) -> None:
    evidence = from_incidents(agreement, [verified(GNA_WITHDRAWAL_AT_W1, 1)])
    on_deadline = evaluate(agreement, evidence, date(2020, 11, 15))
    day_after = evaluate(agreement, evidence, date(2020, 11, 16))
    assert on_deadline.status("T3", "LNA").status is Status.COMPLYING
    assert day_after.status("T3", "LNA").status is Status.OVERDUE
    gna = day_after.status("T2", "GNA")
    assert gna.status is Status.FULFILLED and gna.incident_ids == (1,)


def test_foreign_fighters_after_the_deadline_are_a_violation_with_their_stage(
    agreement: Agreement,
) -> None:
    at_jufra = WAGNER_IN_SIRTE_LATE | {"date": "2020-12-10", "lat": 29.1981, "lon": 16.0009}
    incidents = [verified(at_jufra, 1), verified(WAGNER_IN_SIRTE_LATE, 2)]
    evidence = from_incidents(agreement, incidents)
    before = evaluate(agreement, evidence, date(2021, 1, 20)).status("T4", "LNA")
    after = evaluate(agreement, evidence, date(2021, 1, 26)).status("T4", "LNA")
    assert before.status is Status.COMPLYING
    wagner = next(s for s in before.stages if s.contingent == "WAGNER")
    assert wagner.stage is Stage.AT_FRONT and wagner.incident_id == 1
    assert after.status is Status.VIOLATION and 2 in after.incident_ids
    # Syrian mercenaries answer to the GNA's side through Turkey, and were never seen.
    gna = evaluate(agreement, evidence, date(2021, 1, 26)).status("T4", "GNA")
    assert [s.contingent for s in gna.stages] == ["SYRIAN_MERCENARIES"]
    assert gna.status is Status.OVERDUE


def test_contingents_move_through_the_assembly_point_to_departure(agreement: Agreement) -> None:
    def sudanese(kind: str, day: str, lat: float, lon: float) -> dict[str, Any]:
        return {"type": kind, "date": day, "lat": lat, "lon": lon, "summary": f"{kind} seen",
                "actors": [{"id": "SUDANESE_MERCENARIES", "role": "participant"}]}  # fmt: skip

    incidents = [
        verified(sudanese("foreign_fighters", "2020-11-20", 29.1981, 16.0009), 1),  # Jufra
        verified(sudanese("foreign_fighters", "2020-12-20", 32.10, 20.27), 2),  # Benina
        verified(sudanese("withdrawal", "2021-01-10", 32.10, 20.27), 3),  # flown out
    ]
    evidence = from_incidents(agreement, incidents)

    def stage_on(day: date) -> Stage:
        status = evaluate(agreement, evidence, day).status("T4", "LNA")
        return next(s.stage for s in status.stages if s.contingent == "SUDANESE_MERCENARIES")

    assert stage_on(date(2020, 11, 30)) is Stage.AT_FRONT
    assert stage_on(date(2020, 12, 31)) is Stage.AT_ASSEMBLY_POINT
    assert stage_on(date(2021, 1, 15)) is Stage.DEPARTED


def test_before_the_signing_every_status_is_unknown(agreement: Agreement) -> None:
    board = evaluate(agreement, from_incidents(agreement, []), date(2020, 10, 1))
    assert {s.status for s in board.statuses} == {Status.UNKNOWN}


def test_a_verification_change_recomputes_only_the_pairs_it_affects(
    agreement: Agreement,
) -> None:
    assert affected_pairs(agreement, [IncidentType.SHELLING], ["LNA", "GNA"]) == {
        ("T1", "LNA"), ("T1", "GNA"), ("T5", "LNA"), ("T5", "GNA"),
    }  # fmt: skip
    assert affected_pairs(agreement, [IncidentType.WITHDRAWAL], ["GNA"]) == {
        ("T2", "GNA"), ("T4", "GNA"),
    }  # fmt: skip
    assert affected_pairs(agreement, [IncidentType.MEETING], ["JMC"]) == set()


def test_the_incremental_board_matches_a_full_recompute(chamber: Any) -> None:
    as_of = date(2020, 11, 20)
    with chamber.database.connect() as connection:
        board = compliance_board(connection, chamber.agreement, as_of)
    incident_id = verify_in_store(chamber, SHELLING_IN_BUFFER)
    with chamber.database.connect() as connection:
        changed = get_incident(connection, incident_id)
        updated = board_after_change(connection, chamber.agreement, board, changed)
        full = compliance_board(connection, chamber.agreement, as_of)
    assert updated == full
    untouched = [s for s in board.statuses if s.term_id not in ("T1", "T5")]
    assert all(any(s is u for u in updated.statuses) for s in untouched)


def test_truce_compliance_prints_the_board(
    chamber: Any, database_location: str, capsys: pytest.CaptureFixture[str]
) -> None:
    verify_in_store(chamber, SHELLING_IN_BUFFER)
    args = ["compliance", "--as-of", "2020-11-16", "--format", "json", "--db", database_location]
    assert run(args) == 0
    board = json.loads(capsys.readouterr().out)
    statuses = {(s["term"], s["party"]): s["status"] for s in board["statuses"]}
    assert statuses[("T1", "LNA")] == "violation" and statuses[("T3", "LNA")] == "overdue"
    assert run(["compliance", "--as-of", "2020-11-16", "--db", database_location]) == 0
    assert "VIOLATION" in capsys.readouterr().out
    assert run(["compliance", "--as-of", "16/11/2020", "--db", database_location]) == 2
    assert "as-of: '16/11/2020' is not a date" in capsys.readouterr().err
