"""Fixtures of the news-pipeline tests: the pipeline's resources are built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from truce.ingest.pipeline import Resources, build_resources
from truce.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]
DEV_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def resources() -> Resources:
    return build_resources(load_scenario(ROOT / "scenarios" / "sirte-jufra.yaml").actors)


@pytest.fixture(scope="session")
def dev_corpus() -> Path:
    if not DEV_CORPUS.is_dir():
        pytest.skip(f"the shared dev corpus is not at {DEV_CORPUS}")
    return DEV_CORPUS
