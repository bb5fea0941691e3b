"""Property: no response ever contains an incident its requester may not see.

Hypothesis generates users (any role, delegates of any actor of either party), incidents
(any state, submitted by either side or neither, accusing any actors, verified at any time
around the embargo) and batches of requests through every reading route; each response is
checked against the rule of the issue, written here independently of ``truce``'s own code.
The data is built once per batch; the test counts the requests and needs at least 2,000.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert
from tests.api.conftest import bearer

from truce.domain.agreement import Agreement
from truce.domain.credentials import TokenKind, issue_token
from truce.domain.incident import DatePrecision, Incident, Origin
from truce.domain.taxonomy import IncidentType, Modality
from truce.domain.users import Role, User
from truce.domain.verification import VerificationState
from truce.store import schema
from truce.store.database import Database
from truce.store.incidents import incident_row
from truce.store.users import add_token, add_user

EXAMPLES = 70
REQUESTS_PER_EXAMPLE = 30
REQUIRED_REQUESTS = 2000
ACTORS = ("GNA", "HCS", "LNA", "HOR", "WAGNER", "SYRIAN_MERCENARIES", "JMC", "TUR")
PARTY_ACTORS = {"GNA": {"GNA", "HCS"}, "LNA": {"LNA", "HOR", "WAGNER"}}
TYPES = (IncidentType.SHELLING, IncidentType.TROOP_MOVEMENT, IncidentType.MEETING)
#: Hours since verification, kept away from the 24-hour embargo's edge.
VERIFIED_HOURS_AGO = (0.5, 3.0, 23.0, 25.0, 48.0, 400.0)


@dataclass(frozen=True)
class GeneratedIncident:
    type: IncidentType
    state: VerificationState
    verified_hours_ago: float
    reporting_party: str | None
    accused: frozenset[str]


#: Every kind of account: a role, and the actor a co-chair or a delegate speaks for.
ACCOUNT_KINDS: list[tuple[Role, str | None]] = [
    *((role, None) for role in (Role.ADMIN, Role.MONITOR, Role.ANALYST, Role.OBSERVER)),
    *((Role.CO_CHAIR, actor) for actor in ("TUR", "RUS")),
    *((Role.PARTY_DELEGATE, actor) for actor in ("GNA", "HCS", "LNA", "HOR", "WAGNER")),
]
users = st.sampled_from(ACCOUNT_KINDS)
incidents = st.builds(
    GeneratedIncident,
    type=st.sampled_from(TYPES),
    state=st.sampled_from(list(VerificationState)),
    verified_hours_ago=st.sampled_from(VERIFIED_HOURS_AGO),
    reporting_party=st.sampled_from([None, "GNA", "LNA"]),
    accused=st.frozensets(st.sampled_from(ACTORS), max_size=3),
)
requests = st.tuples(
    st.integers(min_value=-1, max_value=3),  # the viewer: -1 anonymous, else a generated user
    st.sampled_from(["list", "page", "geojson", "count", "detail", "history", "search"]),
    st.integers(min_value=0, max_value=15),  # which incident (detail, history), page size
    st.sampled_from([None, *TYPES]),  # a type filter
    st.sampled_from([None, *VerificationState]),  # a state filter
)


def may_see(role: Role | None, actor: str | None, item: GeneratedIncident) -> bool:
    """The rule of issue 5, independently of truce's code."""
    published = item.state is VerificationState.VERIFIED and item.verified_hours_ago > 24
    if role in (Role.MONITOR, Role.ANALYST, Role.CO_CHAIR, Role.ADMIN):
        return True
    if role is Role.PARTY_DELEGATE:
        party = next(p for p, members in PARTY_ACTORS.items() if actor in members)
        return (
            published
            or item.reporting_party == party
            or bool(item.accused & (PARTY_ACTORS[party] | {party}))
        )
    return published


def store(database: Database, generated: list[GeneratedIncident]) -> list[int]:
    """Replace the incidents with ``generated``, written straight into the tables (this test
    is about reading: the store's writing path and its audit chain are tested elsewhere)."""
    now = datetime.now(UTC)
    rows, actor_rows, version_rows = [], [], []
    for number, item in enumerate(generated, start=1):
        incident = Incident(
            type=item.type, modality=Modality.OCCURRED, occurred_on=date(2020, 11, 2),
            date_precision=DatePrecision.DAY, location=None, summary=f"incident {number}",
            origin=Origin.PARTY_REPORT, reporting_party=item.reporting_party,
        )  # fmt: skip
        verified_at = now - timedelta(hours=item.verified_hours_ago)
        rows.append(incident_row(incident) | {
            "id": number, "version": 1, "state": str(item.state), "created_at": now,
            "updated_at": now,
            "verified_at": verified_at if item.state is VerificationState.VERIFIED else None,
        })  # fmt: skip
        version_rows.append(
            {"incident_id": number, "version": 1, "content": {"id": number}, "created_at": now}
        )
        actor_rows += [
            {"incident_id": number, "actor_id": actor, "role": "alleged_perpetrator",
             "position": position}
            for position, actor in enumerate(sorted(item.accused))
        ]  # fmt: skip
    with database.transaction() as connection:
        for table in (schema.incident_versions, schema.incident_actors, schema.incidents):
            connection.execute(delete(table))
        if rows:
            connection.execute(insert(schema.incidents), rows)
            connection.execute(insert(schema.incident_versions), version_rows)
        if actor_rows:
            connection.execute(insert(schema.incident_actors), actor_rows)
    return [int(row["id"]) for row in rows]


def incident_ids(body: Any) -> set[int]:
    """Every incident id a response carries, wherever it is."""
    if isinstance(body, dict):
        if "incidents" in body:
            return {item["id"] for item in body["incidents"]}
        if "features" in body:
            return {feature["id"] for feature in body["features"]}
        if "versions" in body:
            return {body["incident"]} | {v["content"]["id"] for v in body["versions"]}
        if "id" in body:
            return {body["id"]}
    return set()


def test_no_response_shows_an_incident_its_requester_may_not_see(
    client: TestClient, database: Database, agreement: Agreement
) -> None:
    requests_made = [0]
    tokens_of: dict[tuple[Role, str | None], str] = {}
    with database.transaction() as connection:
        for number, (role, actor) in enumerate(ACCOUNT_KINDS):
            user = User(name=f"user{number}", role=role, actor_id=actor)
            add_user(connection, user)
            token = issue_token(TokenKind.API, now=datetime.now(UTC), lifetime=None)
            add_token(connection, user.name, token)
            tokens_of[(role, actor)] = token.secret

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        st.lists(users, min_size=4, max_size=4),
        st.lists(incidents, min_size=0, max_size=12),
        st.lists(requests, min_size=REQUESTS_PER_EXAMPLE, max_size=REQUESTS_PER_EXAMPLE),
    )
    def check(
        generated_users: list[tuple[Role, str | None]],
        generated: list[GeneratedIncident],
        batch: list[tuple[int, str, int, IncidentType | None, VerificationState | None]],
    ) -> None:
        ids = store(database, generated)
        tokens = [tokens_of[kind] for kind in generated_users]
        for viewer, kind, number, type_filter, state_filter in batch:
            role, actor = generated_users[viewer] if viewer >= 0 else (None, None)
            headers = bearer(tokens[viewer]) if viewer >= 0 else {}
            allowed = {
                incident_id
                for incident_id, item in zip(ids, generated, strict=True)
                if may_see(role, actor, item)
            }
            matching = {
                incident_id
                for incident_id, item in zip(ids, generated, strict=True)
                if incident_id in allowed
                and (type_filter is None or item.type is type_filter)
                and (state_filter is None or item.state is state_filter)
            }
            params: dict[str, Any] = {}
            if type_filter is not None:
                params["type"] = str(type_filter)
            if state_filter is not None:
                params["state"] = str(state_filter)
            target = ids[number % len(ids)] if ids else 1
            if kind == "list":
                body = client.get("/api/v1/incidents", params=params, headers=headers).json()
                assert incident_ids(body) == matching
            elif kind == "page":
                seen: set[int] = set()
                cursor: int | None = None
                while True:
                    page_params = params | {"limit": number % 3 + 1}
                    if cursor is not None:
                        page_params["after"] = cursor
                    body = client.get("/api/v1/incidents", params=page_params,
                                      headers=headers).json()  # fmt: skip
                    requests_made[0] += 1
                    assert incident_ids(body) <= allowed
                    seen |= incident_ids(body)
                    cursor = body["next"]
                    if cursor is None:
                        break
                assert seen == matching
            elif kind == "geojson":
                body = client.get(
                    "/api/v1/incidents",
                    params=params,
                    headers=headers | {"Accept": "application/geo+json"},
                ).json()
                assert incident_ids(body) == matching  # fmt: skip
            elif kind == "count":
                body = client.get("/api/v1/incidents/count", params=params,
                                  headers=headers).json()  # fmt: skip
                assert body["count"] == len(matching)
            elif kind == "search":
                body = client.get("/api/v1/incidents", params=params | {"q": "incident"},
                                  headers=headers).json()  # fmt: skip
                assert incident_ids(body) == matching
            else:
                path = f"/api/v1/incidents/{target}" + ("/history" if kind == "history" else "")
                response = client.get(path, headers=headers)
                assert response.status_code == (200 if target in allowed else 404)
                assert incident_ids(response.json()) <= allowed
            requests_made[0] += 1

    check()
    assert requests_made[0] >= REQUIRED_REQUESTS
