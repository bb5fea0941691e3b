"""The visibility rule's data: who sees everything, what the public loses to redaction."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from truce.domain.agreement import Agreement
from truce.domain.users import Role, User
from truce.domain.visibility import redact_document, visibility_for

NOW = datetime(2020, 11, 15, 12, tzinfo=UTC)


def test_each_role_gets_its_visibility(agreement: Agreement) -> None:
    for role in (Role.MONITOR, Role.ANALYST, Role.ADMIN):
        assert visibility_for(User("x.y", role), agreement, now=NOW).sees_everything
    chair = visibility_for(User("ankara", Role.CO_CHAIR, "TUR"), agreement, now=NOW)
    assert chair.sees_everything
    wagner = visibility_for(User("w.d", Role.PARTY_DELEGATE, "WAGNER"), agreement, now=NOW)
    assert not wagner.sees_everything and wagner.own_party == "LNA"
    assert {"LNA", "WAGNER", "HOR"} <= set(wagner.accused_actor_ids)
    assert wagner.redaction is None
    public = visibility_for(None, agreement, now=NOW)
    assert public.redaction is not None and public.own_party is None
    assert public.published_before == NOW - timedelta(hours=24)
    revoked = visibility_for(User("m.x", Role.MONITOR, active=False), agreement, now=NOW)
    assert not revoked.sees_everything and revoked.redaction is not None


def test_the_public_sees_coarse_coordinates_and_no_reporter_or_files(
    agreement: Agreement,
) -> None:
    redaction = visibility_for(None, agreement, now=NOW).redaction
    document = {
        "lat": 30.456789, "lon": 16.351234, "reported_by": "mona",
        "evidence": [{"sha256": "ab"}], "summary": "s",
        "geometry": {"type": "LineString", "coordinates": [[16.351234, 30.456789], [16.4, 30.5]]},
    }  # fmt: skip
    shown = redact_document(document, redaction)
    assert (shown["lat"], shown["lon"]) == (30.46, 16.35)
    assert shown["reported_by"] is None and shown["evidence"] == []
    assert shown["geometry"]["coordinates"][0] == [16.35, 30.46]
    assert redact_document(document, None) == document
