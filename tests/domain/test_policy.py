"""The policy's evidence rule: a role that reads evidence, with a view that is not the public's."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from truce.domain.agreement import Agreement
from truce.domain.policy import check_evidence_reader, may_read_evidence
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
