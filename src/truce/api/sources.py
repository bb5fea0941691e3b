"""``/api/v1/sources``: read a source an incident rests on; submit an article for ingestion.

A source is readable when an incident it backs is visible to the requester (the visibility
rule, in the SQL), or by the roles that see everything. A submitted article is stored at once,
by the SHA-256 of its bytes, so nothing submitted is lost even before it is extracted.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

from truce.api.dependencies import CurrentCaller, DatabaseDependency
from truce.domain.policy import Action, check_role
from truce.domain.source import Source, SourceKind
from truce.schemas.incident import EARLIEST_DATE, LATEST_DATE
from truce.store.sources import get_source, save_source

router = APIRouter(tags=["sources"])

MAX_ARTICLE_CHARACTERS = 2_000_000
AWAITING_EXTRACTION = "awaiting_extraction"


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


@router.post("/sources", status_code=202, summary="Submit a news article for ingestion")
def submit_route(
    article: ArticleSubmission, caller: CurrentCaller, database: DatabaseDependency
) -> JSONResponse:
    check_role(caller.user, Action.SUBMIT_SOURCE)
    is_html = article.html is not None
    body = article.html if is_html else article.text
    assert body is not None  # the model requires one of the two
    source = Source(
        content=body.encode("utf-8"),
        kind=SourceKind.NEWS_ARTICLE,
        media_type="text/html; charset=utf-8" if is_html else "text/plain; charset=utf-8",
        url=str(article.url),
        title=article.title,
        outlet=article.outlet,
        published_on=article.published_on,
    )
    with database.transaction() as connection:
        new = save_source(connection, source)
    document = source_document(source, include_content=False) | {
        "new": new,
        "status": AWAITING_EXTRACTION,
        "message": "stored; the ingest pipeline has not extracted incidents from it yet",
    }
    return JSONResponse(
        document, status_code=202, headers={"Location": f"/api/v1/sources/{source.sha256}"}
    )
