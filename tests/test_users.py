"""Users: roles, the actor a co-chair or a delegate represents, checked against the agreement."""

from __future__ import annotations

from pathlib import Path

import pytest

from truce.cli import run


@pytest.fixture
def initialised(tmp_path: Path, scenario_path: Path) -> str:
    location = str(tmp_path / "t.db")
    assert run(["init", "--scenario", str(scenario_path), "--db", location]) == 0
    return location


def test_users_are_added_listed_and_revoked(
    initialised: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["users", "add", "ankara", "--role", "co_chair", "--actor", "TUR",
                "--db", initialised]) == 0  # fmt: skip
    assert run(["users", "add", "lna.delegate", "--role", "party_delegate", "--actor", "LNA",
                "--db", initialised]) == 0  # fmt: skip
    assert run(["users", "add", "amal", "--role", "analyst", "--db", initialised]) == 0
    assert run(["users", "revoke", "amal", "--db", initialised]) == 0
    capsys.readouterr()
    assert run(["users", "list", "--db", initialised]) == 0
    listing = capsys.readouterr().out
    assert "ankara" in listing and "TUR" in listing and "lna.delegate" in listing
    revoked = next(line for line in listing.splitlines() if "amal" in line)
    assert revoked.rstrip(" │").endswith("no")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["gna", "--role", "co_chair", "--actor", "GNA"], "actor: 'GNA' is not a co-chair"),
        (["x.delegate", "--role", "party_delegate", "--actor", "TUR"], "belongs to no party"),
        (["ana", "--role", "analyst", "--actor", "LNA"], "an analyst represents no actor"),
        (["moscow", "--role", "co_chair"], "a co-chair represents an actor: give --actor ID"),
        (["Bad Name", "--role", "monitor"], "is not a user name"),
    ],
)
def test_users_that_do_not_fit_the_agreement_are_refused(
    initialised: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert run(["users", "add", *args, "--db", initialised]) == 2
    assert message in capsys.readouterr().err


def test_a_name_is_taken_once(initialised: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["users", "add", "mona", "--role", "monitor", "--db", initialised]) == 0
    assert run(["users", "add", "mona", "--role", "analyst", "--db", initialised]) == 2
    assert "already a user 'mona'" in capsys.readouterr().err
