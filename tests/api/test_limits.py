"""Limits and hygiene: 413 for bodies over the limit (announced or streamed), a 50 MB upload
refused by a real `truce serve` without its memory growing, 404s, headers, no CORS."""

from __future__ import annotations

import itertools
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from tests.api.conftest import bearer

from truce.api.app import create_app
from truce.cli import run
from truce.settings import Settings
from truce.store.database import Database

MIB = 1024 * 1024


@pytest.fixture
def small_limit_client(database: Database) -> Iterator[TestClient]:
    app = create_app(Settings(database=database.url, max_body_bytes=1000), database=database)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_a_body_over_the_limit_is_413_whether_announced_or_streamed(
    small_limit_client: TestClient, tokens: dict[str, str]
) -> None:
    headers = bearer(tokens["monitor"])
    announced = small_limit_client.post(
        "/api/v1/incidents", content=b"x" * 5000,
        headers=headers | {"Content-Type": "application/json"},
    )  # fmt: skip
    assert announced.status_code == 413
    assert "limit of 1000 bytes" in announced.json()["error"]["message"]

    def chunks() -> Iterator[bytes]:
        for _ in range(50):
            yield b"x" * 100

    streamed = small_limit_client.post(
        "/api/v1/incidents", content=chunks(),
        headers=headers | {"Content-Type": "application/json"},
    )  # fmt: skip
    assert streamed.status_code == 413 and streamed.json()["error"]["code"] == "too_large"
    files = [("evidence", ("big.jpg", b"\xff" * 4000, "image/jpeg"))]
    upload = small_limit_client.post("/api/v1/incidents", data={"incident": "{}"}, files=files,
                                     headers=headers)  # fmt: skip
    assert upload.status_code == 413


def test_unknown_routes_headers_and_no_cors(client: TestClient) -> None:
    missing = client.get("/api/v1/nowhere", headers={"Origin": "https://evil.example"})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    response = client.get("/api/v1/agreement", headers={"Origin": "https://evil.example"})
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert not any(name.startswith("access-control-") for name in response.headers)
    preflight = client.options(
        "/api/v1/incidents",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _peak_memory_kib(pid: int) -> int:
    """The peak resident memory of a process so far (VmHWM), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM in /proc status")


@pytest.fixture
def served(
    tmp_path: Path, scenario_path: Path, capsys: pytest.CaptureFixture[str]
) -> Iterator[tuple[str, int, str]]:
    """`truce serve` in its own process, with a 10 MiB limit, and a monitor's token."""
    location = str(tmp_path / "served.db")
    assert run(["init", "--scenario", str(scenario_path), "--db", location]) == 0
    assert run(["users", "add", "mona", "--role", "monitor", "--db", location]) == 0
    capsys.readouterr()
    assert run(["tokens", "new", "mona", "--db", location]) == 0
    token = capsys.readouterr().out.strip()
    port = _free_port()
    environment = os.environ | {"TRUCE_MAX_BODY_BYTES": str(10 * MIB)}
    server = subprocess.Popen(
        [sys.executable, "-m", "truce", "serve", "--db", location, "--port", str(port)],
        env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(f"{base}/api/v1/me", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        yield base, server.pid, token
    finally:
        server.terminate()
        server.wait(timeout=10)


def _send_upload(port: int, head: bytes, body_chunks: Iterator[bytes]) -> bytes:
    """Send a request over a raw socket; return whatever the server answered."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(head)
        try:
            for chunk in body_chunks:
                connection.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server stopped reading: it has refused the body
        try:
            return connection.recv(65536)
        except ConnectionResetError:
            return b""


def test_a_50_mb_upload_to_a_10_mb_limit_is_refused_without_memory_growth(
    served: tuple[str, int, str],
) -> None:
    base, pid, token = served
    port = int(base.rsplit(":", 1)[1])
    before = _peak_memory_kib(pid)
    size = 50 * MIB
    announced = (
        f"POST /api/v1/incidents HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {token}\r\n"
        f"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: {size}\r\n"
        "Expect: 100-continue\r\n\r\n"
    ).encode()
    answer = _send_upload(port, announced, iter(()))
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    streamed = (
        "POST /api/v1/incidents HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {token}\r\n"
        "Content-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n\r\n"
    ).encode()
    part_head = (
        b'--b\r\nContent-Disposition: form-data; name="evidence"; filename="big.bin"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n"
    )
    megabyte_chunk = b"100000\r\n" + b"\0" * MIB + b"\r\n"
    chunks = itertools.chain(
        [f"{len(part_head):x}\r\n".encode() + part_head + b"\r\n"],
        (megabyte_chunk for _ in range(size // MIB)),
    )
    answer = _send_upload(port, streamed, chunks)
    assert answer == b"" or answer.startswith(b"HTTP/1.1 413"), answer[:200]
    grown_mib = (_peak_memory_kib(pid) - before) / 1024
    assert grown_mib < 20, f"the server's peak memory grew by {grown_mib:.1f} MiB"
    assert httpx.get(f"{base}/api/v1/me", timeout=5).status_code == 200
