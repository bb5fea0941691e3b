"""The demonstration database: the Sirte–al-Jufra scenario and sample incidents."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from importlib.resources.abc import Traversable

from truce.domain.credentials import TokenKind, issue_token
from truce.domain.users import Role, User
from truce.scenario import parse_scenario
from truce.schemas.incident import incident_from_submission, parse_submission
from truce.store.agreements import has_agreement, save_agreement
from truce.store.database import Database
from truce.store.incidents import insert_incident
from truce.store.users import add_token, add_user

SCENARIO_FILE = "sirte-jufra.yaml"
INCIDENTS_FILE = "sirte-jufra-incidents.json"


#: The demo's account: a monitor, who sees every incident (the public sees only published ones,
#: and no demo incident is verified yet).
DEMO_MONITOR = "demo.monitor"


@dataclass(frozen=True, slots=True)
class DemoSummary:
    agreement_id: str
    incidents: int
    created: bool
    #: A token of ``DEMO_MONITOR``, made when the demo is built (shown once).
    monitor_token: str | None = None


def demo_data(name: str) -> Traversable:
    return resources.files("truce.demo").joinpath("data", name)


def build_demo(database: Database) -> DemoSummary:
    """Load the demo scenario and its incidents into ``database``; reuse it if already built."""
    agreement = parse_scenario(demo_data(SCENARIO_FILE).read_text("utf-8"), SCENARIO_FILE)
    database.migrate()
    with database.transaction() as connection:
        if has_agreement(connection):
            return DemoSummary(agreement.id, incidents=0, created=False)
        save_agreement(connection, agreement)
        submissions = json.loads(demo_data(INCIDENTS_FILE).read_text("utf-8"))
        for item in submissions:
            insert_incident(connection, incident_from_submission(parse_submission(item)))
        add_user(connection, User(name=DEMO_MONITOR, role=Role.MONITOR))
        token = issue_token(TokenKind.API, now=datetime.now(UTC), lifetime=None)
        add_token(connection, DEMO_MONITOR, token)
    return DemoSummary(
        agreement.id, incidents=len(submissions), created=True, monitor_token=token.secret
    )
