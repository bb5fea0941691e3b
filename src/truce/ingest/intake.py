"""Intake: what ``truce ingest PATH…`` reads — pages from files, folders, globs and JSON lines.

Pages are ``.html``, ``.htm`` and ``.txt`` files, and the lines of ``.jsonl`` / ``.ndjson``
files (one article a line: ``url``, ``published``, and ``html`` or ``text``; ``source`` and
``title`` optional). Anything else is skipped and counted. A file that cannot be a page (too
large, unreadable, a broken JSON line) becomes a ``Failure`` naming it and why; it never stops
the run. Extraction of the pages maps ``truce.ingest.pipeline.extract`` over them, in process or
on a Dask cluster (``--dask``), with the same result.
"""

from __future__ import annotations

import glob
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from truce.ingest.document import Hints, Rejected
from truce.ingest.pipeline import Resources, extract

PAGE_SUFFIXES = frozenset({".html", ".htm", ".txt"})
LINES_SUFFIXES = frozenset({".jsonl", ".ndjson", ".jsonlines"})


@dataclass(frozen=True, slots=True)
class Page:
    """One article to extract: where it came from (``file`` or ``file:line``) and its bytes."""

    origin: str
    raw: bytes
    media_type: str
    hints: Hints


@dataclass(frozen=True, slots=True)
class Failure:
    origin: str
    reason: str


@dataclass(frozen=True, slots=True)
class Intake:
    pages: tuple[Page, ...]
    failures: tuple[Failure, ...]
    skipped: tuple[str, ...]


def collect(arguments: Sequence[str], *, max_bytes: int) -> Intake:
    """Expand ``arguments`` (files, folders, globs) and read every page they hold."""
    pages: list[Page] = []
    failures: list[Failure] = []
    skipped: list[str] = []
    for path in _expand(arguments, failures):
        suffix = path.suffix.lower()
        if suffix not in PAGE_SUFFIXES | LINES_SUFFIXES:
            skipped.append(str(path))
            continue
        try:
            size = path.stat().st_size
            if size > max_bytes:
                failures.append(Failure(str(path), _too_large(size, max_bytes)))
                continue
            raw = path.read_bytes()
        except OSError as error:
            failures.append(Failure(str(path), f"cannot be read: {error.strerror}"))
            continue
        if suffix in PAGE_SUFFIXES:
            media_type = "text/html" if suffix in (".html", ".htm") else "text/plain"
            pages.append(Page(str(path), raw, media_type, Hints()))
        else:
            for item in read_json_lines(str(path), raw):
                if isinstance(item, Page):
                    pages.append(item)
                else:
                    failures.append(item)
    return Intake(tuple(pages), tuple(failures), tuple(skipped))


def _too_large(size: int, limit: int) -> str:
    return (
        f"is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit for a news page; "
        "give the article alone"
    )


def _expand(arguments: Sequence[str], failures: list[Failure]) -> Iterator[Path]:
    seen: set[Path] = set()
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found: Iterable[Path] = sorted(p for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            found = [path]
        elif glob.has_magic(argument):
            found = sorted(
                Path(p) for p in glob.glob(argument, recursive=True) if Path(p).is_file()
            )
            if not found:
                failures.append(Failure(argument, "the pattern matches no file"))
        else:
            failures.append(Failure(argument, "does not exist"))
            found = []
        for file in found:
            resolved = file.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield file


def read_json_lines(name: str, raw: bytes) -> Iterator[Page | Failure]:
    """The articles of a JSON-lines file; a bad line is a ``Failure`` naming its number."""
    for number, line in enumerate(raw.decode("utf-8", errors="replace").splitlines(), start=1):
        if not line.strip():
            continue
        origin = f"{name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield Failure(origin, f"is not JSON ({error.msg}); one article a line")
            continue
        yield _page_from_record(origin, record)


def _page_from_record(origin: str, record: Any) -> Page | Failure:
    if not isinstance(record, dict):
        return Failure(origin, "must be a JSON object with url, published and html or text")
    body = record.get("html") if record.get("html") else record.get("text")
    if not isinstance(body, str) or not body.strip():
        return Failure(origin, "has neither an 'html' nor a 'text' field with the article")
    published = record.get("published")
    day = None
    if published:
        try:
            day = date.fromisoformat(str(published)[:10])
        except ValueError:
            return Failure(origin, f"'published' is {published!r}; write it as YYYY-MM-DD")
    hints = Hints(
        published=day,
        source=str(record["source"]) if record.get("source") else None,
        url=str(record["url"]) if record.get("url") else None,
    )
    media_type = "text/html" if record.get("html") else "text/plain"
    return Page(origin, body.encode("utf-8"), media_type, hints)


def extract_one(page: Page, resources: Resources) -> dict[str, Any] | Rejected:
    """The pipeline on one page (a pure function: what a Dask worker runs)."""
    return extract(page.raw, page.hints, resources)


def extract_all(
    pages: Sequence[Page], resources: Resources, *, scheduler: str | None = None
) -> Iterator[tuple[Page, dict[str, Any] | Rejected]]:
    """Extract every page, in order: in this process, or on the Dask cluster ``scheduler``
    (an address such as ``tcp://host:8786``, or ``local:N`` for N local worker processes)."""
    if scheduler is None:
        for page in pages:
            yield page, extract_one(page, resources)
        return
    from truce.ingest.scaleout import map_on_dask

    yield from zip(pages, map_on_dask(extract_one, pages, resources, scheduler), strict=True)
