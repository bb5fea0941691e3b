"""A real HTTP receiver on 127.0.0.1 for the alert tests."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

SECRET = "receiver-secret-0123456789"


@dataclass
class Receiver:
    """Answers 500 to the first two tries of each alert, then 200; keeps what it accepted."""

    url: str
    failures_per_alert: int = 2
    tries: dict[str, int] = field(default_factory=dict)
    accepted: list[tuple[dict[str, str], bytes]] = field(default_factory=list)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            key = f"{self.path} {json.loads(body)['alert']}"
            state.tries[key] = state.tries.get(key, 0) + 1
            if state.tries[key] <= state.failures_per_alert:
                self.send_response(500)
                self.end_headers()
                return
            state.accepted.append((dict(self.headers), body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
