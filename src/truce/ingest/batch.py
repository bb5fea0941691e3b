"""A batch of pages into the store: collect, extract (here or on Dask), write, count.

The library side of ``truce ingest``: every page is written in its own transaction, a page
that fails is counted with its reason and never stops the batch, and the summary says what
happened. The command line only adds the progress bar and the printing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from truce.errors import TruceError
from truce.ingest.document import Rejected
from truce.ingest.intake import Failure, collect, extract_all
from truce.ingest.pipeline import Resources
from truce.ingest.proposals import store_article
from truce.store.agreements import actor_ids
from truce.store.database import Database

#: Larger files are refused before they are read (a news page is well under 2 MB).
MAX_PAGE_BYTES = 10 * 1024 * 1024


@dataclass(slots=True)
class Summary:
    read: int = 0
    already_known: int = 0
    incidents_created: int = 0
    sources_added_to_incidents: int = 0
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)


def ingest_paths(
    database: Database,
    paths: Sequence[str],
    resources: Resources,
    *,
    scheduler: str | None = None,
    on_start: Callable[[int], None] | None = None,
    on_page: Callable[[], None] | None = None,
) -> Summary:
    """Ingest the pages under ``paths``; ``on_start(total)`` and ``on_page()`` report progress."""
    with database.connect() as connection:
        known = actor_ids(connection)
    intake = collect(paths, max_bytes=MAX_PAGE_BYTES)
    summary = Summary(skipped=len(intake.skipped), failures=list(intake.failures))
    if on_start is not None:
        on_start(len(intake.pages))
    for page, document in extract_all(intake.pages, resources, scheduler=scheduler):
        if on_page is not None:
            on_page()
        summary.read += 1
        if isinstance(document, Rejected):
            summary.failures.append(Failure(page.origin, str(document)))
            continue
        try:
            with database.transaction() as connection:
                stored = store_article(connection, page.raw, page.media_type, document, known)
        except TruceError as error:
            summary.failures.append(Failure(page.origin, f"not stored: {error}"))
            continue
        if not stored.new_source:
            summary.already_known += 1
        summary.incidents_created += stored.created
        summary.sources_added_to_incidents += stored.merged
    return summary
