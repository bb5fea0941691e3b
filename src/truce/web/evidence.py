"""The evidence sentence of an open-source incident, marked in its source's text.

The news pipeline (spec/extraction.md) proposes an incident from one sentence of an article —
its evidence — and keeps that sentence, with its spacing tidied, as the incident's summary.
The incident page shows each source's text with that sentence marked, so that an analyst sees
at once what the proposal rests on, and in what context. Whitespace is ignored in matching
(the summary's spacing was tidied); a source that does not contain the sentence (another
article merged in, or a party's own report) is shown unmarked.
"""

from __future__ import annotations

import re

from truce.domain.incident import Incident, Origin
from truce.domain.source import Source
from truce.ingest.decode import decode
from truce.ingest.document import Article, DecodedPage, Hints, PageFormat
from truce.ingest.maintext import main_text

#: A piece of a source's text, and whether it is the evidence sentence.
Piece = tuple[str, bool]


def evidence_sentence(incident: Incident) -> str | None:
    """The sentence an open-source proposal was made from; ``None`` for other incidents."""
    if incident.origin is not Origin.OPEN_SOURCE or not incident.summary.strip():
        return None
    return incident.summary


def readable_text(source: Source) -> str:
    """The text a source is read as: for a web page, the article the news pipeline extracts
    from it (the text its evidence offsets refer to); else the decoded bytes."""
    page = decode(source.content)
    if not isinstance(page, DecodedPage):
        return source.content.decode("utf-8", errors="replace")
    if page.format is not PageFormat.HTML:
        return page.text
    article = main_text(page, Hints(url=source.url))
    return article.text if isinstance(article, Article) else page.text


def marked_pieces(text: str, sentence: str | None) -> list[Piece]:
    """``text`` in pieces, each occurrence of ``sentence`` (whitespace aside) marked."""
    words = sentence.split() if sentence else []
    if not words:
        return [(text, False)]
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    pieces: list[Piece] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            pieces.append((text[position : match.start()], False))
        pieces.append((match.group(0), True))
        position = match.end()
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces
