"""The policy: the evidence rule (a role that reads evidence, with a view that is not the
public's), and refusals that name the roles in plain words."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from truce.domain.agreement import Agreement
from truce.domain.incident import (
    ActorRole,
    DatePrecision,
    Incident,
    IncidentActor,
    Location,
    LocationPrecision,
)
from truce.domain.policy import (
    Action,
    check,
    check_evidence_reader,
    check_key_holder,
    check_role,
    may_read_evidence,
)
from truce.domain.taxonomy import IncidentType, Modality
from truce.domain.users import Role, User
from truce.domain.visibility import visibility_for
from truce.errors import NotAuthenticated, NotPermitted

NOW = datetime(2020, 11, 15, 12, tzinfo=UTC)


def test_evidence_files_go_to_reading_roles_whose_view_is_not_the_publics(
    agreement: Agreement,
) -> None:
    monitor = User("mona", Role.MONITOR)
    assert check_evidence_reader(monitor, visibility_for(monitor, agreement, now=NOW)) is monitor
    delegate = User("gna.d", Role.PARTY_DELEGATE, "GNA")
    assert may_read_evidence(delegate, visibility_for(delegate, agreement, now=NOW))
    observer = User("olga", Role.OBSERVER)
    assert not may_read_evidence(observer, visibility_for(observer, agreement, now=NOW))
    with pytest.raises(NotAuthenticated):
        check_evidence_reader(None, visibility_for(None, agreement, now=NOW))
    # A delegate of no party the agreement knows sees incidents as the public does.
    stray = User("x.d", Role.PARTY_DELEGATE, "NOBODY")
    with pytest.raises(NotPermitted, match="redacted for the public"):
        check_evidence_reader(stray, visibility_for(stray, agreement, now=NOW))


def test_refusals_name_roles_as_a_sentence_does(agreement: Agreement) -> None:
    shelling = Incident(
        type=IncidentType.SHELLING,
        modality=Modality.OCCURRED,
        occurred_on=date(2020, 11, 2),
        date_precision=DatePrecision.DAY,
        location=Location(30.45, 16.35, LocationPrecision.POINT, "near Sirte"),
        summary="shells fell",
        actors=(IncidentActor("LNA", ActorRole.ALLEGED_PERPETRATOR),),
        id=6,
    )
    with pytest.raises(NotPermitted) as triage:
        check(agreement, User("olga", Role.OBSERVER), Action.TRIAGE, shelling)
    assert str(triage.value) == (
        "an observer cannot triage an incident "
        "(olga is an observer; it takes an analyst, a co-chair or a monitor)"
    )
    with pytest.raises(NotPermitted) as sign:
        check(agreement, User("mona", Role.MONITOR), Action.SIGN_OFF, shelling)
    assert str(sign.value).endswith("(mona is a monitor; it takes a co-chair)")
    with pytest.raises(NotPermitted) as key:
        check_key_holder(agreement, User("ana", Role.ANALYST))
    assert str(key.value) == "ana is an analyst: only a co-chair (TUR, RUS) holds a signing key"
    with pytest.raises(NotPermitted) as report:
        check_role(User("olga", Role.OBSERVER), Action.REPORT)
    assert "party delegate" in str(report.value) and "_" not in str(report.value)
