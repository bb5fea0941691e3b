"""``/api/v1/agreement``: the agreement the database holds, as its scenario document."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from truce.api.dependencies import ReadConnection
from truce.scenario import agreement_to_document
from truce.store.agreements import load_agreement

router = APIRouter(tags=["agreement"])


@router.get("/agreement", summary="The agreement: parties, co-chairs, zones, points, terms")
def agreement_route(connection: ReadConnection) -> dict[str, Any]:
    return agreement_to_document(load_agreement(connection))
