"""`truce extract` and `truce eval` in-process, on the dev corpus and our own articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from truce.cli import run
from truce.cli.extract import run_evaluation, score_summary
from truce.ingest.evaluate import KINDS, gold_files
from truce.ingest.pipeline import Resources

from .conftest import FIXTURES

FLOORS = {"events": 0.60, "actors": 0.85, "places": 0.80, "relations": 0.50}


def test_done_when_the_ankara_talks(dev_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = dev_corpus / "rfi-2020-09-16-ankara-talks.txt"
    assert run(["extract", str(article), "--published", "2020-09-16"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] == "truce-extract/1"
    assert document["document"]["published"] == "2020-09-16"
    events = {(e["type"], e["modality"], e["date"], e["place"]) for e in document["events"]}
    assert ("meeting", "occurred", "2020-09-16", "Ankara") in events
    assert ("meeting", "cancelled", "2020-06-01", "Ankara") in events
    assert any(
        t == "monitoring_activity" and m == "planned" and p == "Sirte" for t, m, _, p in events
    )
    relations = {(r["subject"], r["predicate"], r["object"]) for r in document["relations"]}
    assert {("RUS", "supports", "LNA"), ("TUR", "supports", "GNA")} <= relations
    text = document["document"]["text"]
    assert "On the same subject" not in text and "announces his forthcoming resignation" not in text
    assert not any(e["type"] in ("resignation", "protest") for e in document["events"])
    for event in document["events"]:
        start, end = event["evidence"]["start"], event["evidence"]["end"]
        assert 0 <= start < end <= len(text)
        assert 0 <= event["confidence"] <= 1


def test_dev_corpus_meets_the_floors(dev_corpus: Path, resources: Resources) -> None:
    summary = score_summary(run_evaluation(gold_files(dev_corpus), resources))
    for kind, floor in FLOORS.items():
        assert summary[kind]["f1"] >= floor, (kind, summary[kind])


def test_our_own_articles_in_three_languages(resources: Resources) -> None:
    summary = score_summary(run_evaluation(gold_files(FIXTURES / "corpus"), resources))
    for kind, floor in FLOORS.items():
        assert summary[kind]["f1"] >= floor, (kind, summary[kind])


def test_eval_prints_scores_and_the_per_file_table(
    dev_corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["eval", str(FIXTURES / "corpus")]) == 0
    out = capsys.readouterr().out
    assert "precision" in out and "relations" in out
    assert "desertpost-2020-08-12-sirte-front-shelling.txt" in out


def test_eval_json_gives_each_files_figures_adding_up_to_the_totals(
    capsys: pytest.CaptureFixture[str],
) -> None:
    corpus = FIXTURES / "corpus"
    assert run(["eval", str(corpus), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert set(summary) == {*KINDS, "files"}
    files = summary["files"]
    assert [f["file"] for f in files] == [article.name for article, _ in gold_files(corpus)]
    for kind in KINDS:
        for count in ("correct", "output", "found", "gold"):
            assert sum(f[kind][count] for f in files) == summary[kind][count], (kind, count)
        assert summary[kind]["gold"] > 0
        for figures in (summary[kind], *(f[kind] for f in files)):
            if figures["output"]:
                assert figures["precision"] == round(figures["correct"] / figures["output"], 3)
            if figures["gold"]:
                assert figures["recall"] == round(figures["found"] / figures["gold"], 3)
    # Not every file scores what the corpus does: the figures are each file's own.
    assert {f["events"]["f1"] for f in files} != {summary["events"]["f1"]}


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"", "empty"), (bytes(range(256)) * 8, "binary")],
)
def test_unreadable_input_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, expected: str
) -> None:
    bad = tmp_path / "page.html"
    bad.write_bytes(content)
    assert run(["extract", str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert expected in captured.err and captured.err.count("\n") == 1


def test_missing_file_and_bad_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["extract", str(tmp_path / "nope.txt")]) == 2
    assert "does not exist" in capsys.readouterr().err
    page = tmp_path / "page.txt"
    page.write_text("A headline that is long enough to be one\n\nBody text here.", "utf-8")
    assert run(["extract", str(page), "--published", "16/09/2020"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
