"""`truce ingest` in-process on real databases: idempotence, bad files, JSON lines, merging
the same event from several articles, and the Dask scale-out."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from truce.cli import run
from truce.domain.agreement import Agreement
from truce.domain.incident import Origin
from truce.domain.taxonomy import IncidentType
from truce.domain.verification import VerificationState
from truce.exchange.formats import ExportFormat, export_text
from truce.ingest.batch import ingest_paths
from truce.ingest.pipeline import Resources
from truce.store import schema
from truce.store.agreements import actor_names, load_agreement, save_agreement
from truce.store.database import Database
from truce.store.incidents import IncidentQuery, list_incidents
from truce.store.verification import list_versions, set_incident_state

from .conftest import FIXTURES

ARTICLE_A = """Sahara Wire

GNA and LNA forces clash near Abu Qurain as talks stall

By Sahara Wire staff
Published 18 June 2020

MISRATA — Forces of the Government of National Accord clashed with the Libyan National Army
near Abu Qurain on Wednesday, commanders said.

The United Nations mission called on Wednesday for an immediate end to the fighting.
"""
ARTICLE_B = """Coast Herald

Fighting flares at Abu Qurain

By Coast Herald correspondents
18 June 2020

SIRTE — Heavy fighting erupted on Wednesday at Abu Qurain between the Libyan National Army
and GNA units, a medical source said. At least four fighters were killed.
"""


@pytest.fixture
def initialised(database_location: str, scenario_path: Path) -> str:
    assert run(["init", "--scenario", str(scenario_path), "--db", database_location]) == 0
    return database_location


def counts(database: Database) -> tuple[int, int, int]:
    with database.connect() as connection:
        sources = connection.execute(select(func.count()).select_from(schema.sources))
        incidents = connection.execute(select(func.count()).select_from(schema.incidents))
        links = connection.execute(select(func.count()).select_from(schema.incident_sources))
        return sources.scalar_one(), incidents.scalar_one(), links.scalar_one()


def test_ingesting_twice_adds_nothing(
    database: Database, dev_corpus: Path, resources: Resources
) -> None:
    first = ingest_paths(database, [str(dev_corpus)], resources)
    assert (first.read, first.already_known, first.skipped, first.failures) == (9, 0, 10, [])
    stored = counts(database)
    assert stored[0] == 9 and stored[1] == first.incidents_created > 40
    again = ingest_paths(database, [str(dev_corpus)], resources)
    assert (again.read, again.already_known, again.incidents_created) == (9, 9, 0)
    assert counts(database) == stored
    with database.connect() as connection:
        incidents = list_incidents(connection, IncidentQuery())
    assert {i.state for i in incidents} == {VerificationState.REPORTED}
    assert {i.origin for i in incidents} == {Origin.OPEN_SOURCE}
    assert all(len(i.source_hashes) >= 1 and i.summary for i in incidents)


def test_bad_files_are_named_and_never_stop_the_run(
    initialised: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE_A, "utf-8")
    (folder / "binary.html").write_bytes(bytes(range(256)) * 64)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "huge.html").write_bytes(b"<p>" + b"x" * (20 * 1024 * 1024) + b"</p>")
    (folder / "notes.md").write_text("# not a page", "utf-8")
    assert run(["ingest", str(folder), "--db", initialised]) == 2  # bad input, not a bug
    out = capsys.readouterr().out
    for name, reason in (("binary.html", "binary"), ("empty.txt", "empty"), ("huge.html", "MB")):
        assert any(name in line and reason in line for line in out.splitlines()), (name, out)
    database = Database(initialised)
    sources, incidents, _ = counts(database)
    database.dispose()
    assert sources == 1 and incidents >= 2


def test_json_lines_and_a_bad_line(
    database: Database, resources: Resources, tmp_path: Path
) -> None:
    lines = tmp_path / "articles.jsonl"
    records = [
        {"url": "https://sahara.example/a", "published": "2020-06-18", "text": ARTICLE_A},
        {
            "url": "https://herald.example/b",
            "published": "2020-06-18",
            "html": f"<p>{ARTICLE_B}</p>",
        },
    ]
    lines.write_text("\n".join(json.dumps(r) for r in records) + "\n{broken\n", "utf-8")
    summary = ingest_paths(database, [str(lines)], resources)
    assert summary.read == 2
    (failure,) = summary.failures
    assert failure.origin.endswith("articles.jsonl:3") and "not JSON" in failure.reason
    assert counts(database)[0] == 2


def test_the_same_event_from_two_articles_is_one_incident_with_two_sources(
    database: Database, resources: Resources, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE_A, "utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE_B, "utf-8")
    summary = ingest_paths(database, [str(tmp_path / "*.txt")], resources)
    assert summary.sources_added_to_incidents >= 1
    with database.connect() as connection:
        clashes = list_incidents(connection, IncidentQuery(types=(IncidentType.ARMED_CLASH,)))
        assert len(clashes) == 1 and len(clashes[0].source_hashes) == 2
        assert clashes[0].id is not None
        versions = list_versions(connection, clashes[0].id)
    # The second article is the clash's second version: its history shows what it added.
    assert [v.version for v in versions] == [1, 2]
    assert len(versions[0].content["sources"]) == 1
    assert versions[1].content["sources"] == list(clashes[0].source_hashes)


def test_an_article_on_an_incident_under_verification_is_a_proposal_of_its_own(
    database: Database, resources: Resources, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE_A, "utf-8")
    ingest_paths(database, [str(tmp_path / "a.txt")], resources)
    with database.transaction() as connection:
        (clash,) = list_incidents(connection, IncidentQuery(types=(IncidentType.ARMED_CLASH,)))
        assert clash.id is not None
        set_incident_state(
            connection, clash.id, VerificationState.UNDER_VERIFICATION, by="monitor",
            at=datetime.now(UTC),
        )  # fmt: skip
    (tmp_path / "b.txt").write_text(ARTICLE_B, "utf-8")
    summary = ingest_paths(database, [str(tmp_path / "b.txt")], resources)
    # Sign-offs may be under way: the article does not change the incident being verified.
    assert summary.sources_added_to_incidents == 0
    with database.connect() as connection:
        clashes = list_incidents(connection, IncidentQuery(types=(IncidentType.ARMED_CLASH,)))
        assert len(list_versions(connection, clash.id)) == 1
    assert len(clashes) == 2
    assert {len(c.source_hashes) for c in clashes} == {1}


@pytest.fixture(scope="module")
def two_worker_cluster() -> Iterator[str]:
    """A 2-worker Dask LocalCluster (worker threads in this process: quick to start)."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        yield str(cluster.scheduler_address)


def test_dask_local_cluster_gives_the_same_incidents(
    agreement: Agreement, resources: Resources, tmp_path: Path, two_worker_cluster: str
) -> None:
    corpus = str(FIXTURES / "corpus")
    described = []
    for name, scheduler in (("local.db", None), ("dask.db", two_worker_cluster)):
        database = Database(str(tmp_path / name))
        database.migrate()
        with database.transaction() as connection:
            save_agreement(connection, agreement)
        summary = ingest_paths(database, [corpus], resources, scheduler=scheduler)
        assert summary.failures == []
        with database.connect() as connection:
            incidents = list_incidents(connection, IncidentQuery())
        database.dispose()
        described.append(
            sorted(
                (str(i.type), str(i.modality), str(i.occurred_on), i.summary, i.actor_ids())
                for i in incidents
            )
        )
    assert described[0] == described[1] and len(described[0]) >= 5


def test_dask_option_is_checked(initialised: str, capsys: pytest.CaptureFixture[str]) -> None:
    page = FIXTURES / "corpus" / "alwasat-2020-09-02-sirte.txt"
    assert run(["ingest", str(page), "--db", initialised, "--dask", "local:zero"]) == 2
    assert "local:N" in capsys.readouterr().err


def test_an_actor_the_scenario_does_not_declare_is_kept(
    database: Database, resources: Resources, tmp_path: Path
) -> None:
    (tmp_path / "statement.txt").write_text(
        """Coast Herald

Washington warns both camps

By Coast Herald correspondents
2 November 2020

TRIPOLI — The United States on Monday warned the Libyan National Army and the Government of \
National Accord against any new offensive around Sirte, the State Department said.
""",
        "utf-8",
    )
    summary = ingest_paths(database, [str(tmp_path)], resources)
    assert summary.failures == [] and summary.incidents_created >= 1
    with database.connect() as connection:
        incidents = list_incidents(connection, IncidentQuery())
        names = dict(connection.execute(select(schema.actors.c.id, schema.actors.c.name)).all())
        scenario = yaml.safe_load(export_text(connection, ExportFormat.SCENARIO))
        agreement_actors = {actor.id for actor in load_agreement(connection).actors}
        origins = dict(connection.execute(select(schema.actors.c.id, schema.actors.c.origin)).all())
        shown = actor_names(connection)
    assert any("USA" in incident.actor_ids() for incident in incidents)
    assert names["USA"] == "United States" and shown["USA"] == "United States"
    # The USA is a reference actor, not one of the agreement's: the agreement and its
    # scenario export are what was loaded.
    assert origins["USA"] == "reference" and origins["LNA"] == "scenario"
    assert "USA" not in agreement_actors and "LNA" in agreement_actors
    assert {actor["id"] for actor in scenario["actors"]} == agreement_actors
