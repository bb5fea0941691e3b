"""Evidence files as downloads (``truce.api.downloads``): an attachment with a clean name, a
media type that is a media type, ``nosniff``, and the bytes streamed a chunk at a time."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from tests.api.conftest import bearer
from tests.api.test_reporting import REPORT

from truce.api.downloads import CHUNK_BYTES, content_disposition, download_media_type


def test_a_file_larger_than_a_chunk_comes_back_whole_as_an_attachment(
    client: TestClient, tokens: dict[str, str]
) -> None:
    content = bytes(range(256)) * (2 * CHUNK_BYTES // 256) + b"tail"  # two chunks and a bit
    files = [("evidence", ("patrol log; 2.bin", content, "text/html"))]
    created = client.post("/api/v1/incidents", data={"incident": json.dumps(REPORT)},
                          files=files, headers=bearer(tokens["monitor"])).json()  # fmt: skip
    evidence = created["evidence"][0]
    path = f"/api/v1/incidents/{created['id']}/evidence/{evidence['sha256']}"
    download = client.get(path, headers=bearer(tokens["analyst"]))
    assert download.status_code == 200
    assert download.content == content
    assert download.headers["content-length"] == str(len(content))
    assert download.headers["x-content-type-options"] == "nosniff"
    disposition = download.headers["content-disposition"]
    assert disposition == (
        "attachment; filename=\"patrol log_ 2.bin\"; filename*=UTF-8''patrol%20log_%202.bin"
    )
    # Stored as uploaded, sent as an attachment: the browser never renders it.
    assert download.headers["content-type"].startswith("text/html")
    observer = client.get(path, headers=bearer(tokens["observer"]))
    assert observer.status_code == 403
    assert "an observer cannot download evidence files" in observer.json()["error"]["message"]
    missing = client.get(path[:-64] + "0" * 64, headers=bearer(tokens["analyst"]))
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_a_file_name_is_cleaned_for_the_header_and_kept_exactly_in_utf_8() -> None:
    sha = "ab" * 32
    assert content_disposition("crater.jpg", sha) == (
        "attachment; filename=\"crater.jpg\"; filename*=UTF-8''crater.jpg"
    )
    assert content_disposition("../../etc/passwd", sha).startswith('attachment; filename="passwd"')
    injected = content_disposition('a"; b\r\nX-Evil: 1', sha)
    assert injected.startswith('attachment; filename="a__ b__X-Evil: 1"')
    assert not any(character in injected for character in "\r\n\\")
    arabic = content_disposition("صورة.jpg", sha)
    assert 'filename="____.jpg"' in arabic
    assert "filename*=UTF-8''%D8%B5%D9%88%D8%B1%D8%A9.jpg" in arabic
    assert 'filename="evidence-abababababab"' in content_disposition(' "..." ', sha)


def test_only_a_well_formed_media_type_is_sent_as_stored() -> None:
    assert download_media_type("image/jpeg") == "image/jpeg"
    assert download_media_type("Text/Plain; charset=utf-8") == "text/plain"
    for odd in ("", "jpeg", "image/jpeg\r\nX-Evil: 1", "image/ jpeg", "a/b/c"):
        assert download_media_type(odd) == "application/octet-stream", odd
