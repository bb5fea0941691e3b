"""The values that flow between the stages of the news pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Rejected:
    """A stage could not go on: ``stage`` names it, ``reason`` tells the user what was wrong."""

    stage: str
    reason: str

    def __str__(self) -> str:
        return f"{self.stage}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Hints:
    """What the caller knows of a page besides its bytes (command-line options, a JSON line)."""

    published: date | None = None
    source: str | None = None
    url: str | None = None


class PageFormat(StrEnum):
    HTML = "html"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class DecodedPage:
    """The page as text, its sniffed format, and the SHA-256 of the raw bytes."""

    text: str
    format: PageFormat
    encoding: str
    sha256: str


class Role(StrEnum):
    """What a paragraph of the article is: events come from title, standfirst and body only."""

    TITLE = "title"
    STANDFIRST = "standfirst"
    CAPTION = "caption"
    BODY = "body"


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    role: Role


@dataclass(frozen=True, slots=True)
class Article:
    """The article itself, furniture removed: ``text`` is what every offset refers to."""

    title: str
    text: str
    paragraphs: tuple[Paragraph, ...]
    published: date | None
    source: str | None
    url: str | None
    sha256: str
    language: str = "und"
    dateline: tuple[int, int] | None = None  # span of the dateline place ("MISRATA, Libya —")
    dateline_end: int | None = None  # where the dateline ("CAIRO, July 21 (Wire) - ") ends


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Event:
    type: str
    modality: str
    date: date | None
    date_precision: str | None
    actors: tuple[str, ...]
    place: str | None
    evidence: Span
    confidence: float
    merged_evidence: tuple[Span, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Relation:
    subject: str
    predicate: str
    object: str
    evidence: Span
