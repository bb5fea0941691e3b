"""``/api/v1/sources``: read a source an incident rests on; submit an article for ingestion.

A source is readable when an incident it backs is visible to the requester (the visibility
rule, in the SQL), or by the roles that see everything. A submitted article goes through the
ingest pipeline (``truce.ingest``) at once: its events become incidents proposed for triage
(``reported``, ``open_source``), or join the incident they repeat. An article the pipeline
rejects is stored all the same, with the reason, so that nothing submitted is lost.
"""

from __future__ import annotations

from datetime import date
from threading import Lock
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

from truce.api.dependencies import CurrentCaller, DatabaseDependency
from truce.domain.agreement import Agreement
from truce.domain.policy import Action, check_role
from truce.domain.source import Source, SourceKind
from truce.ingest.document import Hints, Rejected
from truce.ingest.pipeline import Resources, build_resources, extract
from truce.ingest.proposals import store_article
from truce.schemas.incident import EARLIEST_DATE, LATEST_DATE
from truce.store.agreements import actor_ids
from truce.store.sources import get_source, save_source

router = APIRouter(tags=["sources"])

MAX_ARTICLE_CHARACTERS = 2_000_000


class IngestResources:
    """The pipeline's actor registry and gazetteer, built on the first article (not at start-up,
    which most servers would pay for nothing) and kept for the life of the app."""

    def __init__(self) -> None:
        self._lock = Lock()
        self._resources: Resources | None = None

    def get(self, agreement: Agreement) -> Resources:
        with self._lock:
            if self._resources is None:
                self._resources = build_resources(agreement.actors)
            return self._resources


class ArticleSubmission(BaseModel):
    """A news article: its address and its page (HTML) or its text — one of the two."""

    model_config = ConfigDict(extra="forbid")

    url: HttpUrl = Field(description="where the article was published")
    html: str | None = Field(default=None, max_length=MAX_ARTICLE_CHARACTERS)
    text: str | None = Field(default=None, max_length=MAX_ARTICLE_CHARACTERS)
    title: str | None = Field(default=None, max_length=1000)
    outlet: str | None = Field(default=None, max_length=200)
    published_on: date | None = Field(default=None, ge=EARLIEST_DATE, le=LATEST_DATE)

    @model_validator(mode="after")
    def _one_body(self) -> ArticleSubmission:
        if (self.html is None) == (self.text is None):
            raise ValueError("give the article as html or as text (one of the two)")
        if not (self.html or self.text or "").strip():
            raise ValueError("the article is empty")
        return self


def source_document(source: Source, *, include_content: bool) -> dict[str, Any]:
    document: dict[str, Any] = {
        "sha256": source.sha256,
        "kind": str(source.kind),
        "media_type": source.media_type,
        "url": source.url,
        "title": source.title,
        "outlet": source.outlet,
        "published_on": source.published_on.isoformat() if source.published_on else None,
        "size": len(source.content),
    }
    if include_content:
        document["content"] = source.content.decode("utf-8", errors="replace")
    return document


@router.get("/sources/{sha256}", summary="A source, with its text")
def read_route(
    sha256: Annotated[str, Path(pattern="^[0-9a-f]{64}$", description="SHA-256 of its bytes")],
    caller: CurrentCaller,
) -> dict[str, Any]:
    source = get_source(caller.connection, sha256, caller.visibility)
    return source_document(source, include_content=True)


@router.post("/sources", status_code=201, summary="Submit a news article to the ingest pipeline")
def submit_route(
    article: ArticleSubmission,
    request: Request,
    caller: CurrentCaller,
    database: DatabaseDependency,
) -> JSONResponse:
    check_role(caller.user, Action.SUBMIT_SOURCE)
    is_html = article.html is not None
    body = article.html if is_html else article.text
    assert body is not None  # the model requires one of the two
    raw = body.encode("utf-8")
    media_type = "text/html" if is_html else "text/plain"
    holder: IngestResources = request.app.state.ingest_resources
    hints = Hints(published=article.published_on, source=article.outlet, url=str(article.url))
    extracted = extract(raw, hints, holder.get(caller.agreement))
    source = Source(
        content=raw,
        kind=SourceKind.NEWS_ARTICLE,
        media_type=media_type,
        url=str(article.url),
        title=article.title,
        outlet=article.outlet,
        published_on=article.published_on,
    )
    outcome: dict[str, Any]
    with database.transaction() as connection:
        if isinstance(extracted, Rejected):
            new = save_source(connection, source)
            outcome = {"status": "not_extracted", "reason": str(extracted)}
        else:
            known = actor_ids(connection)
            stored = store_article(connection, raw, media_type, extracted, known)
            new = stored.new_source
            outcome = {
                "status": "extracted" if new else "already_known",
                "incidents_created": stored.created,
                "incidents_joined": stored.merged,
            }
    document = source_document(source, include_content=False) | {"new": new} | outcome
    return JSONResponse(
        document, status_code=201, headers={"Location": f"/api/v1/sources/{source.sha256}"}
    )
