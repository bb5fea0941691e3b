"""The demonstration database: the Sirte–al-Jufra scenario, sample incidents, and their
verification (users, co-chairs' keys beside the database, transitions, sign-offs, a reply)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, time
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from truce.demo.verification import play_verification
from truce.domain.credentials import TokenKind, issue_token, new_password, password_hasher
from truce.domain.incident import Incident
from truce.errors import Conflict
from truce.ingest.batch import Summary, ingest_paths
from truce.ingest.pipeline import build_resources
from truce.scenario import parse_scenario
from truce.schemas.incident import incident_from_submission, parse_submission
from truce.store.agreements import has_agreement, load_actors, save_agreement
from truce.store.database import Database
from truce.store.incidents import insert_incident
from truce.store.users import add_token, list_users, set_password_hash

SCENARIO_FILE = "sirte-jufra.yaml"
INCIDENTS_FILE = "sirte-jufra-incidents.json"
REPORTED_AT = time(12, 0, tzinfo=UTC)


#: The demo account whose token ``truce demo`` prints: a monitor, who sees every incident (the
#: public sees only the published ones: verified, and past the embargo).
DEMO_MONITOR = "monitor"


@dataclass(frozen=True, slots=True)
class DemoSummary:
    agreement_id: str
    incidents: int
    created: bool
    keys_dir: Path | None = None
    #: A token of ``DEMO_MONITOR``, made when the demo is built (shown once).
    monitor_token: str | None = None
    #: The password of every demo account, for the pages' login (made at random, shown once).
    password: str | None = None


def demo_data(name: str) -> Traversable:
    return resources.files("truce.demo").joinpath("data", name)


def demo_keys_dir(database: Database) -> Path:
    """Where the demo co-chairs' private keys go: a folder beside the database file
    (``demo.db`` → ``demo-keys/``), or ``./truce-demo-keys`` for a server database."""
    if database.path is not None:
        return database.path.with_name(f"{database.path.stem}-keys")
    return Path("truce-demo-keys").resolve()


def build_demo(database: Database, keys_dir: Path | None = None) -> DemoSummary:
    """Load the demo scenario and its incidents into ``database``; reuse it if already built."""
    agreement = parse_scenario(demo_data(SCENARIO_FILE).read_text("utf-8"), SCENARIO_FILE)
    database.migrate()
    keys = keys_dir or demo_keys_dir(database)
    with database.transaction() as connection:
        if has_agreement(connection):
            return DemoSummary(agreement.id, incidents=0, created=False)
        if keys.exists() and any(keys.glob("*.key")):
            raise Conflict(
                f"{keys} holds the keys of an earlier demo database; move it away (or use "
                "another --db) so the new demo's co-chairs get keys of their own"
            )
        save_agreement(connection, agreement)
        submissions = json.loads(demo_data(INCIDENTS_FILE).read_text("utf-8"))
        incident_ids = []
        for item in submissions:
            incident = incident_from_submission(parse_submission(item))
            stored = insert_incident(connection, incident, at=reported_at(incident))
            assert stored.id is not None
            incident_ids.append(stored.id)
        play_verification(connection, agreement, incident_ids, keys)
        token = issue_token(TokenKind.API, now=datetime.now(UTC), lifetime=None)
        add_token(connection, DEMO_MONITOR, token)
        password = new_password()
        password_hash = password_hasher().hash(password)
        for user in list_users(connection):
            set_password_hash(connection, user.name, password_hash)
    return DemoSummary(
        agreement.id,
        incidents=len(submissions),
        created=True,
        keys_dir=keys,
        monitor_token=token.secret,
        password=password,
    )


def reported_at(incident: Incident) -> datetime | None:
    """When the demo has an incident reported: at noon on the day it occurred, before its
    verification story (``truce.demo.verification``) begins that evening."""
    if incident.occurred_on is None:
        return None
    return datetime.combine(incident.occurred_on, REPORTED_AT)


def ingest_demo_corpus(database: Database, paths: list[str]) -> Summary:
    """Ingest news pages into the demo, as ``truce ingest`` would: proposals for the analysts."""
    with database.connect() as connection:
        resources = build_resources(load_actors(connection))
    return ingest_paths(database, paths, resources)
