"""``/api/docs`` in a real browser: the API's interactive documentation comes from this server
alone (the vendored Swagger UI), and draws the API's operations."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import Browsing

pytestmark = pytest.mark.browser


def test_the_api_docs_draw_every_operation_from_local_files_only(browsing: Browsing) -> None:
    browsing.open("/api/docs")
    page = browsing.page
    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    assert "truce" in page.locator(".swagger-ui .info .title").inner_text()
    paths = page.locator(".swagger-ui .opblock-summary-path").all_inner_texts()
    assert any(path.startswith("/api/v1/incidents") for path in paths)
    assert any(url.endswith("/static/vendor/swagger-ui/swagger-ui-bundle.js")
               for url in browsing.recorded.requests)  # fmt: skip
    assert browsing.foreign_requests() == []
    assert browsing.recorded.errors == []
