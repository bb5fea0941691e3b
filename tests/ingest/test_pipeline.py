"""The whole pipeline on arbitrary input: never an exception, always a document or a reason."""

from __future__ import annotations

import textwrap
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from truce.ingest.document import Hints, Rejected
from truce.ingest.pipeline import Resources, extract

from .conftest import FIXTURES

_VOCABULARY = (
    "Haftar Sirte Tripoli clashed shelled on Monday last week the GNA LNA Turkey Russia said "
    "will meet in Ankara denied — , . \n\n Read more: Publicity سرت حفتر مصراتة Libye a déclaré "
    "<p> </p> <html> © 2020 Tags: 5+5 committee withdrew from Abu Qurain"
)
WORDS = st.sampled_from(_VOCABULARY.split(" "))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.binary(max_size=3000))
def test_any_bytes_give_a_document_or_a_reason(resources: Resources, raw: bytes) -> None:
    result = extract(raw, Hints(published=date(2020, 9, 16)), resources)
    assert isinstance(result, (dict, Rejected))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(words=st.lists(WORDS, min_size=1, max_size=300))
def test_news_like_text_gives_valid_offsets(resources: Resources, words: list[str]) -> None:
    text = "Clashes and talks around Sirte as the ceasefire frays\n\n" + " ".join(words)
    result = extract(text.encode("utf-8"), Hints(published=date(2020, 9, 16)), resources)
    if isinstance(result, Rejected):
        assert result.reason
        return
    body = result["document"]["text"]
    spans = [e["evidence"] for e in result["events"]] + [r["evidence"] for r in result["relations"]]
    for group in ("actors", "places"):
        spans += [m for item in result[group] for m in item["mentions"]]
    for span in spans:
        assert 0 <= span["start"] < span["end"] <= len(body)
    for mention in (m for a in result["actors"] for m in a["mentions"]):
        assert body[mention["start"] : mention["end"]] == mention["text"]
    names = {p["name"] for p in result["places"]}
    assert all(e["place"] is None or e["place"] in names for e in result["events"])


def test_a_hard_wrapped_article_gives_the_events_of_its_paragraphs(resources: Resources) -> None:
    article = FIXTURES / "corpus" / "desertpost-2020-08-12-sirte-front-shelling.txt"
    raw = article.read_bytes()
    wrapped = "\n".join(
        wrapped_line
        for line in raw.decode("utf-8").split("\n")
        for wrapped_line in (textwrap.wrap(line, 72) or [""])
    ).encode("utf-8")
    hints = Hints(published=date(2020, 8, 12))

    def events(page: bytes) -> list[tuple[str, str, str | None]]:
        document = extract(page, hints, resources)
        assert not isinstance(document, Rejected)
        return sorted((e["type"], e["modality"], e["date"]) for e in document["events"])

    assert wrapped != raw and events(wrapped) == events(raw) != []
