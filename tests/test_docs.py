"""Documentation that must not fall behind the code."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from truce.settings import ENVIRONMENT, Settings, settings_from_environment

ROOT = Path(__file__).resolve().parents[1]


def test_every_setting_is_read_from_the_environment_and_documented() -> None:
    documented = (ROOT / "docs" / "settings.md").read_text("utf-8")
    assert {name for _, name, _ in ENVIRONMENT} == {field.name for field in fields(Settings)}
    for variable, name, _help in ENVIRONMENT:
        assert f"`{variable}`" in documented and f"`{name}`" in documented


def test_settings_come_from_the_environment() -> None:
    settings = settings_from_environment({"TRUCE_PORT": "9000", "TRUCE_DATABASE_URL": "x.db"})
    assert settings.port == 9000 and settings.database == "x.db"


def test_every_dependency_is_justified() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    justified = (ROOT / "docs" / "dependencies.md").read_text("utf-8").lower()
    requirements = project["dependencies"] + project["optional-dependencies"]["dev"]
    for requirement in requirements:
        name = requirement.split("[")[0].split(">")[0].split("=")[0].split("<")[0].strip().lower()
        assert f"`{name}`" in justified, f"{name} is not justified in docs/dependencies.md"


def test_the_cli_reference_matches_the_commands() -> None:
    from truce.cli import app
    from truce.cli.reference import cli_reference

    committed = (ROOT / "docs" / "cli.md").read_text("utf-8")
    assert committed == cli_reference(app), "docs/cli.md is stale: run `make docs`"
