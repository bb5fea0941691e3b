"""``/api/docs``: the interactive documentation of the API (Swagger UI), served from this
server's own files (``web/static/vendor/swagger-ui``, vendored by ``make vendor``) — never
from a CDN, so it works on a machine with no internet and under the pages' content policy."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

OPENAPI_URL = "/api/openapi.json"
SWAGGER_UI = "/static/vendor/swagger-ui"

router = APIRouter(include_in_schema=False)


@router.get("/api/docs")
def api_docs() -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url=OPENAPI_URL,
        title="truce API",
        swagger_js_url=f"{SWAGGER_UI}/swagger-ui-bundle.js",
        swagger_css_url=f"{SWAGGER_UI}/swagger-ui.css",
        swagger_favicon_url=f"{SWAGGER_UI}/favicon-32x32.png",
    )
