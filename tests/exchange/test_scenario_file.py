"""The live agreement exported as a scenario file that ``truce init`` accepts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from truce.cli import run
from truce.domain.agreement import Agreement
from truce.scenario import load_scenario
from truce.store.agreements import load_agreement
from truce.store.database import Database


def test_an_exported_scenario_initialises_a_database_with_the_same_agreement(
    source_database: Database,
    agreement: Agreement,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    exported = tmp_path / "exported.yaml"
    assert (
        run(["export", "--format", "scenario", "-o", str(exported), "--db", source_database.url])
        == 0
    )
    # The store keeps actors in id order; everything else keeps the scenario's order.
    expected = replace(agreement, actors=tuple(sorted(agreement.actors, key=lambda a: a.id)))
    assert load_scenario(exported) == expected
    copy = tmp_path / "copy.db"
    assert run(["init", "--scenario", str(exported), "--db", str(copy)]) == 0
    with Database(str(copy)).connect() as connection:
        assert load_agreement(connection) == expected
    assert "initialised sirte-jufra-2020" in capsys.readouterr().out
