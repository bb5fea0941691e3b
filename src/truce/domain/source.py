"""A source: the raw document or report an incident rests on — immutable, content-addressed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class SourceKind(StrEnum):
    NEWS_ARTICLE = "news_article"
    PARTY_REPORT = "party_report"
    PATROL_REPORT = "patrol_report"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Source:
    """The raw bytes of a document and what is known of where they came from.

    The identity of a source is the SHA-256 of its bytes: the same page stored twice is one
    source, and a source can never change without becoming another one.
    """

    content: bytes
    kind: SourceKind
    media_type: str = "text/plain"
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published_on: date | None = None

    @property
    def sha256(self) -> str:
        return content_hash(self.content)


def content_hash(content: bytes) -> str:
    """The hex SHA-256 of ``content``: the address of sources and evidence files."""
    return hashlib.sha256(content).hexdigest()
