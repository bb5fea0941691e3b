"""The ``truce`` command in-process: init, incidents add/list/show, exit codes and messages."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from truce.cli import run

INSIDE_BUFFER = {
    "type": "shelling",
    "modality": "occurred",
    "date": "2020-11-02",
    "date_precision": "day",
    "lat": 30.45,
    "lon": 16.35,
    "place": "between Sirte and al-Jufra",
    "actors": [{"id": "LNA", "role": "alleged_perpetrator"}],
    "summary": "Shelling on the road between Sirte and al-Jufra.",
}
IN_TRIPOLI = INSIDE_BUFFER | {"lat": 32.89, "lon": 13.19, "place": "Tripoli"}
BUFFER_BBOX = "15.35,28.9,17.2,31.35"


def write_json(path: Path, data: object) -> str:
    path.write_text(json.dumps(data), "utf-8")
    return str(path)


@pytest.fixture
def initialised(
    database_location: str, scenario_path: Path, capsys: pytest.CaptureFixture[str]
) -> str:
    assert run(["init", "--scenario", str(scenario_path), "--db", database_location]) == 0
    assert "initialised sirte-jufra-2020" in capsys.readouterr().out
    return database_location


def test_init_add_and_list_by_bbox(
    initialised: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    incidents = write_json(tmp_path / "i.json", [INSIDE_BUFFER, IN_TRIPOLI])
    assert run(["incidents", "add", "--json", incidents, "--db", initialised]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "added incident 1 (shelling, reported)",
        "added incident 2 (shelling, reported)",
    ]
    args = ["incidents", "list", "--bbox", BUFFER_BBOX, "--format", "json", "--db", initialised]
    assert run(args) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(i["id"], i["state"], i["place"]) for i in listed] == [
        (1, "reported", "between Sirte and al-Jufra")
    ]


def test_list_as_csv_and_table(
    initialised: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(["incidents", "add", "--json", write_json(tmp_path / "i.json", IN_TRIPOLI),
         "--db", initialised])  # fmt: skip
    capsys.readouterr()
    assert run(["incidents", "list", "--format", "csv", "--db", initialised]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["place"] == "Tripoli" and rows[0]["actors"] == "LNA:alleged_perpetrator"
    assert run(["incidents", "list", "--type", "shelling", "--db", initialised]) == 0
    assert "1 incident(s)" in capsys.readouterr().out
    assert run(["incidents", "show", "1", "--db", initialised]) == 0
    assert json.loads(capsys.readouterr().out)["place"] == "Tripoli"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"type": "skirmish"}, "type"),
        ({"lat": 95}, "lat"),
        ({"date": "2020-02-30"}, "date"),
        ({"date": "1066-10-14"}, "date"),
        ({"actors": [{"id": "LNA", "role": "villain"}]}, "actors.0.role"),
        ({"summary": ""}, "summary"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_a_bad_incident_exits_2_naming_the_field_and_adds_nothing(
    initialised: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: dict[str, object],
    field: str,
) -> None:
    incidents = write_json(tmp_path / "i.json", [INSIDE_BUFFER, INSIDE_BUFFER | change])
    assert run(["incidents", "add", "--json", incidents, "--db", initialised]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"error: incident 1: {field}:"), error
    assert "Traceback" not in error
    assert run(["incidents", "list", "--format", "json", "--db", initialised]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_a_delegate_reports_as_their_party_and_an_observer_is_refused(
    initialised: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, role, actor in (("gna.delegate", "party_delegate", "GNA"), ("obs", "observer", "")):
        command = ["users", "add", name, "--role", role, "--db", initialised]
        assert run([*command, "--actor", actor] if actor else command) == 0
    capsys.readouterr()
    incidents = write_json(tmp_path / "i.json", [INSIDE_BUFFER, IN_TRIPOLI])
    add = ["incidents", "add", "--json", incidents, "--db", initialised]
    assert run([*add, "--as", "gna.delegate"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "added incident 1 (shelling, reported, reported by gna.delegate)",
        "added incident 2 (shelling, reported, reported by gna.delegate)",
    ]
    assert run(["incidents", "show", "1", "--db", initialised]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["reported_by"], shown["reporting_party"], shown["origin"]) == (
        "gna.delegate", "GNA", "party_report",
    )  # fmt: skip

    assert run([*add, "--as", "obs"]) == 2
    assert "an observer cannot report incidents (it takes" in capsys.readouterr().err
    assert run([*add, "--as", "nobody"]) == 2
    assert "there is no user 'nobody'" in capsys.readouterr().err
    assert run(["incidents", "list", "--format", "json", "--db", initialised]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2  # the refused adds wrote nothing


def test_files_that_are_not_json_are_named(
    initialised: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", "utf-8")
    assert run(["incidents", "add", "--json", str(broken), "--db", initialised]) == 2
    assert "broken.json is not JSON (line 1" in capsys.readouterr().err
    assert (
        run(["incidents", "add", "--json", str(tmp_path / "none.json"), "--db", initialised]) == 2
    )
    assert "cannot read" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["incidents", "list", "--bbox", "1,2,3"], "bbox: expected minlon,minlat,maxlon,maxlat"),
        (["incidents", "list", "--since", "yesterday"], "since: 'yesterday' is not a date"),
        (["incidents", "show", "42"], "there is no incident 42"),
        # Filters that cannot match are named, not answered with an empty list.
        (["incidents", "list", "--party", "TUR"], "party: 'TUR' is not a party of the agreement"),
        (
            ["incidents", "list", "--since", "2021-01-01", "--until", "2020-01-01"],
            "until: 2020-01-01 is before the start date 2021-01-01: swap them",
        ),
    ],
)
def test_user_errors_exit_2_with_one_line(
    initialised: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert run([*args, "--db", initialised]) == 2
    error = capsys.readouterr().err
    assert message in error and len(error.strip().splitlines()) == 1


def test_a_database_without_agreement_says_to_run_init(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    incidents = write_json(tmp_path / "i.json", INSIDE_BUFFER)
    target = str(tmp_path / "none.db")
    assert run(["incidents", "add", "--json", incidents, "--db", target]) == 2
    assert "there is no database at" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()


def test_init_twice_is_refused(
    initialised: str, scenario_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["init", "--scenario", str(scenario_path), "--db", initialised]) == 2
    assert "already holds an agreement" in capsys.readouterr().err


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    for command in (["init"], ["demo"], ["serve"], ["incidents", "add"], ["incidents", "list"],
                    ["incidents", "show"], ["actors", "list"]):  # fmt: skip
        assert run([*command, "--help"]) == 0
        out = capsys.readouterr().out
        assert "Usage: truce" in out and "--db" in out


@pytest.mark.parametrize(
    ("command", "option"),
    [
        (["audit", "export", "--out"], "--out"),
        (["export", "--format", "geojson", "--output"], "--output"),
        (["report", "daily", "--date", "2020-11-02", "--format", "json", "--output"], "--output"),
    ],
)
def test_an_output_file_that_cannot_be_written_is_named_and_exits_2(
    initialised: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
    option: str,
) -> None:
    target = tmp_path / "no-such-folder" / "out.json"
    assert run([*command, str(target), "--db", initialised]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"error: {option}: cannot write {target}: No such file or directory")
    assert len(error.strip().splitlines()) == 1


def test_an_incident_that_occurred_cannot_be_dated_in_the_future(
    initialised: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    next_year = date.today().year + 1
    mistyped = write_json(tmp_path / "i.json", INSIDE_BUFFER | {"date": f"{next_year}-11-02"})
    assert run(["incidents", "add", "--json", mistyped, "--db", initialised]) == 2
    assert capsys.readouterr().err == (
        f"error: date: {next_year}-11-02 is in the future, and the incident is said to have "
        "occurred: correct the date, or give modality planned for an announced event\n"
    )
    announced = INSIDE_BUFFER | {"date": f"{next_year}-11-02", "modality": "planned"}
    planned = write_json(tmp_path / "p.json", announced)
    assert run(["incidents", "add", "--json", planned, "--db", initialised]) == 0


@pytest.mark.parametrize(
    ("command", "explanation"),
    [
        (["keys", "list"], "no signing keys yet: each co-chair makes one with `truce keys new"),
        (["tokens", "list", "admin"], "admin has no tokens: make one with `truce tokens new"),
        (["alerts", "list"], "no alert subscriptions (removed ones are listed with --all): add"),
    ],
)
def test_an_empty_list_says_why_and_how_to_add(
    initialised: str, capsys: pytest.CaptureFixture[str], command: list[str], explanation: str
) -> None:
    assert run([*command, "--db", initialised]) == 0
    out = capsys.readouterr().out
    assert out.startswith(explanation) and len(out.splitlines()) == 1
