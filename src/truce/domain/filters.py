"""What a list of incidents may be filtered by, checked once for the CLI, the API and the pages.

A filter that cannot match by construction — a party the agreement does not have, a period
that ends before it starts — is a mistake to name, not an empty list to show: an empty list
would read as "nothing happened".
"""

from __future__ import annotations

from datetime import date

from truce.domain.agreement import Agreement
from truce.errors import InvalidInput


def check_party_filter(agreement: Agreement, party_id: str) -> str:
    """``party_id`` when it is a party of ``agreement``; else ``InvalidInput`` listing them."""
    known = [party.id for party in agreement.parties]
    if party_id not in known:
        raise InvalidInput(
            "party",
            f"{party_id!r} is not a party of the agreement; choose one of {', '.join(known)}",
        )
    return party_id


def check_period(since: date | None, until: date | None) -> None:
    """``InvalidInput`` on ``until`` when the period ends before it starts."""
    if since is not None and until is not None and since > until:
        raise InvalidInput("until", f"{until} is before the start date {since}: swap them")
