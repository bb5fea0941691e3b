"""A small run of the throughput benchmark: it generates, extracts and reports its figures."""

from __future__ import annotations

from tests.conftest import load_benchmark


def test_generated_articles_are_realistic_pages() -> None:
    bench = load_benchmark("extract_throughput.py")
    texts, pages = bench.make_corpus(20, seed=3)
    assert len(texts) == len(pages) == 10
    assert all(450 <= len(raw.decode().split()) <= 1200 for raw, _ in texts)
    assert all(raw.startswith(b"<!DOCTYPE html>") for raw, _ in pages)


def test_smoke_run_prints_figures_and_the_ratio() -> None:
    bench = load_benchmark("extract_throughput.py")
    lines: list[str] = []
    figures = bench.run(20, 1, 3, out=lines.append)
    assert figures["articles"] == 20
    assert figures["text_articles_per_s"] > 0 and figures["trafilatura_only_per_s"] > 0
    assert 0 < figures["html_pipeline_to_trafilatura_ratio"] < 10
    assert (
        lines[-1].startswith("articles=20 ") and "html_pipeline_to_trafilatura_ratio=" in lines[-1]
    )
