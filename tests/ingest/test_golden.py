"""Golden outputs: the pipeline's whole document for a few pages, byte for byte.

Speed work must not change what is extracted; these pages (generated ones of the throughput
benchmark, a French HTML page and an Arabic text) pin the complete output, so that any change,
wanted or not, shows as a diff. After a deliberate change of the rules, review the diff and
write the files again:

    TRUCE_WRITE_GOLDEN=1 .venv/bin/pytest tests/ingest/test_golden.py
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import date
from typing import Any

import pytest
from tests.conftest import load_benchmark

from truce.ingest.document import Hints, Rejected
from truce.ingest.pipeline import Resources, extract

from .conftest import FIXTURES

GOLDEN = FIXTURES / "golden"
REAL_PAGES = {
    "lecourrier-2020-07-20-syrte-renforts.html": date(2020, 7, 20),
    "alwasat-2020-09-02-sirte.txt": date(2020, 9, 2),
}


def _pages() -> list[tuple[str, bytes, date]]:
    texts, html_pages = load_benchmark("extract_throughput.py").make_corpus(6, seed=5)
    pages = [(f"generated-text-{i}", raw, day) for i, (raw, day) in enumerate(texts)]
    pages += [(f"generated-html-{i}", raw, day) for i, (raw, day) in enumerate(html_pages)]
    corpus = FIXTURES / "corpus"
    pages += [(name, (corpus / name).read_bytes(), day) for name, day in REAL_PAGES.items()]
    return pages


def _comparable(document: dict[str, Any]) -> dict[str, Any]:
    """The document with its text replaced by the text's digest (the page holds the text)."""
    text = document["document"]["text"]
    summary = {**document["document"], "text": hashlib.sha256(text.encode()).hexdigest()}
    return {**document, "document": summary}


PAGES = _pages()


@pytest.mark.parametrize(("name", "raw", "published"), PAGES, ids=[name for name, _, _ in PAGES])
def test_output_is_the_golden_one(
    resources: Resources, name: str, raw: bytes, published: date
) -> None:
    document = extract(raw, Hints(published=published), resources)
    assert not isinstance(document, Rejected), document
    produced = json.dumps(_comparable(document), ensure_ascii=False, indent=1, sort_keys=True)
    golden = GOLDEN / f"{name}.json"
    if os.environ.get("TRUCE_WRITE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(produced + "\n", encoding="utf-8")
    assert golden.is_file(), f"{golden} is missing: write it with TRUCE_WRITE_GOLDEN=1"
    assert produced + "\n" == golden.read_text(encoding="utf-8"), f"{name} changed"


def test_golden_pages_report_events() -> None:
    """The pinned outputs are worth pinning: each has events, actors and places."""
    for golden in sorted(GOLDEN.glob("*.json")):
        document = json.loads(golden.read_text(encoding="utf-8"))
        assert document["events"] and document["actors"] and document["places"], golden.name
    assert len(list(GOLDEN.glob("*.json"))) == len(PAGES)
