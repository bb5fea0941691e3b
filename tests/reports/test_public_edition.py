"""The public edition: published incidents only (verified, past the embargo), redacted, and a
board judged on them alone."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from truce.cli import run
from truce.demo import build_demo
from truce.domain.incident import EvidenceFile, Incident, Location, LocationPrecision
from truce.domain.taxonomy import IncidentType, Modality
from truce.domain.visibility import Redaction, redact_incident
from truce.reports.period import weekly
from truce.reports.produce import ReportFormat, produce_report
from truce.reports.render import report_environment
from truce.store.database import Database
from truce.store.incidents import get_incident


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Database:
    database = Database(str(tmp_path_factory.mktemp("public") / "demo.db"))
    build_demo(database)
    return database


def _report(demo: Database, *, public: bool, at: datetime) -> dict[str, object]:
    with demo.connect() as connection:
        content = produce_report(
            connection,
            weekly("2020-W46"),
            output_format=ReportFormat.JSON,
            public=public,
            generated_at=at,
            environment=report_environment(),
        )
    document: dict[str, object] = json.loads(content)
    return document


def test_the_public_sees_published_incidents_only_with_coarse_coordinates(demo: Database) -> None:
    # The demo verified incident 3 (GNA's withdrawal to Abu Qurain, 31.4425 N 15.2611 E) in
    # November 2020; incident 4 (the 5+5 meeting in Sirte) is only triaged.
    with demo.connect() as connection:
        verified_at = get_incident(connection, 3).verified_at
    assert verified_at is not None
    after_embargo = verified_at + timedelta(days=2)
    internal = _report(demo, public=False, at=after_embargo)
    public = _report(demo, public=True, at=after_embargo)
    assert [i["id"] for i in internal["incidents"]] == [3, 4]  # type: ignore[index]
    [published] = public["incidents"]  # type: ignore[misc]
    assert published["id"] == 3
    assert (published["lat"], published["lon"]) == (31.44, 15.26)
    assert public["edition"] == "public edition: published incidents only, redacted"

    during_embargo = _report(demo, public=True, at=verified_at + timedelta(hours=1))
    assert during_embargo["incidents"] == []
    # The board rests on published incidents only: the withdrawal under embargo does not show
    # through it, while the shelling published ten days earlier does.
    behind_board = {i for line in during_embargo["compliance"] for i in line["incidents"]}  # type: ignore[attr-defined]
    assert behind_board == {1}
    assert 3 in {i for line in internal["compliance"] for i in line["incidents"]}  # type: ignore[attr-defined]


def test_truce_report_public_writes_the_public_edition(
    demo: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "public.html"
    command = ["report", "weekly", "--week", "2020-W46", "--public", "-o", str(out)]
    assert run([*command, "--db", demo.url]) == 0
    html = out.read_text("utf-8")
    assert "public edition: published incidents only, redacted" in html
    assert "<strong>1</strong> incident in the period" in html  # incident 3, published
    assert "wrote" in capsys.readouterr().out


def test_redaction_empties_the_redacted_fields_and_rounds_every_coordinate() -> None:
    incident = Incident(
        type=IncidentType.TROOP_MOVEMENT,
        modality=Modality.OCCURRED,
        occurred_on=None,
        date_precision=None,
        location=Location(
            lat=31.4425,
            lon=15.2611,
            precision=LocationPrecision.POINT,
            geometry={"type": "LineString", "coordinates": [[15.2611, 31.4425], [15.3333, 31.5]]},
        ),
        summary="a column on the road",
        reported_by="monitor-7",
        evidence=(EvidenceFile("ab" * 32, "photo.jpg", "image/jpeg", 10),),
    )
    shown = redact_incident(
        incident, Redaction(fields=("reported_by", "evidence"), coordinate_decimals=2)
    )
    assert shown.reported_by is None and shown.evidence == ()
    assert shown.location is not None
    assert (shown.location.lat, shown.location.lon) == (31.44, 15.26)
    assert shown.location.geometry == {
        "type": "LineString",
        "coordinates": [[15.26, 31.44], [15.33, 31.5]],
    }
    assert shown.summary == incident.summary
