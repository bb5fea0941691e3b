"""Held-out measurement: `truce eval` on articles written without reading the rules.

The articles and their gold (tests/ingest/fixtures/heldout/ and heldout2/, see their READMEs)
imitate outlets the rules were not written on. The floors are the issue's; where the pipeline
is below one, the assertion is an expected failure with the measured figure (strict: passing it
must be noticed, so that the mark is removed rather than left to hide a regression).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest

from truce.cli.extract import run_evaluation, score_summary
from truce.ingest.evaluate import gold_files
from truce.ingest.pipeline import Resources

from .conftest import FIXTURES

FLOORS = {"events": 0.60, "actors": 0.85, "places": 0.80, "relations": 0.50}


@dataclass(frozen=True)
class HeldOut:
    """A folder of articles annotated without reading the rules, and what it holds."""

    folder: str
    articles: int
    events: int
    #: Floors the pipeline is still below there, with the measured figure.
    below: dict[str, str] = field(default_factory=dict)


SETS = [
    # The first set: written without reading the rules, but the rules were then fixed while
    # reading its failures, so it is no longer held out (docs/extraction.md).
    HeldOut("heldout", articles=6, events=75),
    # The second set, written after those fixes by someone who had not read the rules; its
    # figures are the honest estimate of how the pipeline does on other outlets.
    HeldOut(
        "heldout2",
        articles=6,
        events=71,
        below={
            "events": "0.489 at the first measurement (main 67309e0, 2026-11-29)",
            "relations": "0.400 at the first measurement (main 67309e0, 2026-11-29)",
        },
    ),
]


@pytest.fixture(scope="module")
def summaries(resources: Resources) -> dict[str, dict[str, Any]]:
    return {
        held.folder: score_summary(run_evaluation(gold_files(FIXTURES / held.folder), resources))
        for held in SETS
    }


@pytest.mark.parametrize("held", SETS, ids=lambda held: held.folder)
def test_a_heldout_folder_is_its_annotated_articles(held: HeldOut) -> None:
    pairs = gold_files(FIXTURES / held.folder)
    assert len(pairs) == held.articles
    events = sum(len(json.loads(gold.read_text("utf-8"))["events"]) for _, gold in pairs)
    assert events == held.events


@pytest.mark.parametrize(
    ("held", "kind"),
    [
        pytest.param(
            held,
            kind,
            marks=[pytest.mark.xfail(strict=True, reason=held.below[kind])]
            if kind in held.below
            else [],
            id=f"{held.folder}-{kind}",
        )
        for held in SETS
        for kind in FLOORS
    ],
)
def test_heldout_articles_meet_the_floor(
    summaries: dict[str, dict[str, Any]], held: HeldOut, kind: str
) -> None:
    summary = summaries[held.folder][kind]
    assert summary["f1"] >= FLOORS[kind], (held.folder, kind, summary)
