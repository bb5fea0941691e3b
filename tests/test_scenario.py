"""The scenario format: the shipped file loads; each kind of bad file is refused by name."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from truce.cli import run
from truce.domain.agreement import TermKind
from truce.errors import ScenarioError
from truce.scenario import agreement_to_document, load_scenario, parse_scenario


@pytest.fixture(scope="module")
def document(scenario_path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(scenario_path.read_text("utf-8"))
    return loaded


def test_the_shipped_scenario_holds_the_2020_agreement(scenario_path: Path) -> None:
    agreement = load_scenario(scenario_path)
    assert {party.id for party in agreement.parties} == {"GNA", "LNA"}
    assert agreement.co_chairs == ("TUR", "RUS")
    kinds = {term.kind for term in agreement.terms}
    assert {TermKind.STAY_OUT_OF_ZONE, TermKind.WITHDRAW_TO_POINT_BY} <= kinds
    departure = next(t for t in agreement.terms if t.kind is TermKind.FOREIGN_FORCES_LEAVE_BY)
    assert agreement.signed_on is not None and departure.deadline is not None
    assert 88 <= (departure.deadline - agreement.signed_on).days <= 92  # "within 90 days"
    assert "WAGNER" in departure.contingents
    assert agreement.party_of("WAGNER") == agreement.party("LNA")


def test_an_agreement_exported_to_a_scenario_reads_back_the_same(scenario_path: Path) -> None:
    agreement = load_scenario(scenario_path)
    text = yaml.safe_dump(agreement_to_document(agreement), allow_unicode=True)
    assert parse_scenario(text) == agreement


def _self_intersecting(doc: dict[str, Any]) -> None:
    doc["zones"][0]["geometry"] = {
        "type": "Polygon",
        "coordinates": [[[15.0, 29.0], [17.0, 31.0], [17.0, 29.0], [15.0, 31.0], [15.0, 29.0]]],
    }


def _zone_latitude_95(doc: dict[str, Any]) -> None:
    doc["zones"][0]["geometry"]["coordinates"][0][1] = [16.3, 95.0]


def _point_latitude_95(doc: dict[str, Any]) -> None:
    doc["withdrawal_points"][0]["lat"] = 95


def _unknown_party(doc: dict[str, Any]) -> None:
    doc["terms"][2]["parties"] = ["LNA", "HAFTAR_ARMY"]


def _deadline_not_a_date(doc: dict[str, Any]) -> None:
    doc["terms"][1]["deadline"] = "mid-November"


def _impossible_deadline(doc: dict[str, Any]) -> None:
    doc["terms"][1]["deadline"] = "2020-11-31"


def _unknown_zone(doc: dict[str, Any]) -> None:
    doc["terms"][0]["zone"] = "tripoli-belt"


BAD_SCENARIOS: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    ("self-intersecting zone", _self_intersecting, "zones.0.geometry", "Self-intersection"),
    ("zone latitude 95", _zone_latitude_95, "zones.0.geometry.coordinates.0.1", "latitude 95"),
    ("point latitude 95", _point_latitude_95, "withdrawal_points.0.lat", "95"),
    ("term naming an unknown party", _unknown_party, "terms.2.parties.1", "HAFTAR_ARMY"),
    ("deadline not a date", _deadline_not_a_date, "terms.1.deadline", "not a date"),
    ("impossible deadline", _impossible_deadline, "terms.1.deadline", "not a date"),
    ("term naming an unknown zone", _unknown_zone, "terms.0.zone", "tripoli-belt"),
]


@pytest.mark.parametrize(
    ("mutate", "field", "problem"),
    [pytest.param(m, f, p, id=name) for name, m, f, p in BAD_SCENARIOS],
)
def test_a_bad_scenario_names_the_field(
    document: dict[str, Any], mutate: Callable[[dict[str, Any]], None], field: str, problem: str
) -> None:
    broken = copy.deepcopy(document)
    mutate(broken)
    with pytest.raises(ScenarioError) as error:
        parse_scenario(yaml.safe_dump(broken), "broken.yaml")
    assert error.value.field == field
    assert problem in error.value.problem
    assert str(error.value).startswith(f"broken.yaml: {field}: ")


def test_a_file_that_is_not_yaml_names_the_line() -> None:
    with pytest.raises(ScenarioError) as error:
        parse_scenario("format: truce-scenario/1\nagreement: [unclosed\n", "notes.yaml")
    assert "not valid YAML" in str(error.value) and "line" in str(error.value)


def test_a_yaml_scalar_is_not_a_scenario() -> None:
    with pytest.raises(ScenarioError, match="mapping"):
        parse_scenario("just a sentence", "sentence.yaml")


@pytest.mark.parametrize(
    ("mutate", "field"),
    [pytest.param(m, f, id=name) for name, m, f, _ in BAD_SCENARIOS]
    + [pytest.param(None, "not valid YAML", id="not yaml")],
)
def test_init_with_a_bad_scenario_exits_2_and_writes_nothing(
    document: dict[str, Any],
    mutate: Callable[[dict[str, Any]], None] | None,
    field: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    scenario = tmp_path / "bad.yaml"
    if mutate is None:
        scenario.write_text("agreement: {id: x\n  title: [\n", "utf-8")
    else:
        broken = copy.deepcopy(document)
        mutate(broken)
        scenario.write_text(yaml.safe_dump(broken), "utf-8")
    target = tmp_path / "out.db"
    assert run(["init", "--scenario", str(scenario), "--db", str(target)]) == 2
    error = capsys.readouterr().err
    assert str(scenario) in error and field in error
    assert "Traceback" not in error
    assert list(tmp_path.iterdir()) == [scenario]
