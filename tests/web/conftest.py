"""The browser harness: the real app served by uvicorn on 127.0.0.1, driven by Debian's Chromium.

One demo database and one server for the whole session (building them takes seconds); each
test gets a fresh browser context (no cookies) whose every request and dialog is recorded.
Playwright's own browser download is never used: ``/usr/bin/chromium`` comes from Debian
(``deps/debian-packages.txt``, installed by ``make install``).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Page,
    Request,
    sync_playwright,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from truce.api.app import create_app
from truce.demo import build_demo
from truce.settings import Settings
from truce.store.database import Database

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SESSION_SECRET = "browser-tests-" + "s" * 24
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@dataclass
class Server:
    base_url: str
    database: Database
    keys_dir: Path
    #: The demo accounts' password (``build_demo`` makes one for every account).
    password: str


@dataclass
class Recorded:
    """What a page did: every URL it requested and every dialog that opened."""

    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    #: Uncaught script errors and console errors (a refused Content-Security-Policy shows here).
    errors: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The demo database served on a free 127.0.0.1 port, in a thread, for the session."""
    path = tmp_path_factory.mktemp("web") / "demo.db"
    database = Database(str(path))
    summary = build_demo(database)
    assert summary.keys_dir is not None
    assert summary.password is not None
    port = _free_port()
    settings = Settings(
        database=str(path), host="127.0.0.1", port=port, session_secret=SESSION_SECRET
    )
    config = uvicorn.Config(
        create_app(settings, database=database), host="127.0.0.1", port=port, log_level="warning"
    )
    uvicorn_server = uvicorn.Server(config)
    thread = threading.Thread(target=uvicorn_server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uvicorn_server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start within 20 s")
        time.sleep(0.05)
    yield Server(f"http://127.0.0.1:{port}", database, summary.keys_dir, summary.password)
    uvicorn_server.should_exit = True
    thread.join(timeout=10)
    database.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests use Debian's Chromium "
            "(`make install` installs it, or `apt-get install chromium`)"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def recorded() -> Recorded:
    return Recorded()


@pytest.fixture
def context(browser: Browser, recorded: Recorded) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="en-GB")
    context.set_default_timeout(10_000)

    def on_request(request: Request) -> None:
        recorded.requests.append(request.url)

    context.on("request", on_request)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext, recorded: Recorded) -> Page:
    page = context.new_page()

    def on_dialog(dialog: Dialog) -> None:
        recorded.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            recorded.errors.append(message.text)

    page.on("dialog", on_dialog)
    page.on("console", on_console)
    page.on("pageerror", lambda error: recorded.errors.append(f"{error.name}: {error.message}"))
    return page


@dataclass
class Browsing:
    """A test's page on the test server, with the helpers the browser tests share."""

    page: Page
    server: Server
    recorded: Recorded
    #: Cookies of the sessions opened so far, by user name (shared by the whole session).
    sessions: dict[str, list[Any]]

    @property
    def password(self) -> str:
        return self.server.password

    def url(self, path: str) -> str:
        return self.server.base_url + path

    def open(self, path: str) -> None:
        self.page.goto(self.url(path))

    def open_map(self, path: str, selector: str = "#map") -> None:
        """Open a page with a map and wait until its script and the basemap are done."""
        self.open(path)
        try:
            self.page.wait_for_selector(f'{selector}[data-ready="true"]', state="attached")
        except PlaywrightTimeoutError:
            raise AssertionError(
                f"the map of {path} never got ready: {self.recorded.errors}"
            ) from None
        self.page.wait_for_selector(f'{selector}[data-basemap="loaded"]', state="attached")

    def login(self, name: str, *, fresh: bool = False) -> None:
        """Log in as the demo user ``name`` through the login page, for the rest of the test.

        The session's cookie is kept for the next test that logs in as ``name`` (logging in
        costs a password hash); ``fresh`` logs in anew and keeps nothing (for logging out).
        """
        if not fresh and name in self.sessions:
            self.page.context.add_cookies(self.sessions[name])
            return
        self.open("/login")
        self.page.get_by_label("Name").fill(name)
        self.page.get_by_label("Password").fill(self.password)
        self.page.get_by_role("button", name="Log in").click()
        self.page.wait_for_url(self.url("/"))
        signed_in = self.page.locator(".signed-in").inner_text()
        assert signed_in.startswith(name), f"{name} did not get in: {signed_in}"
        if not fresh:
            self.sessions[name] = self.page.context.cookies()

    def screenshot(self, name: str, *, full_page: bool = False) -> Path:
        """A PNG of the page in ``test-artifacts/`` (gitignored; docs/screenshots are copies)."""
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def foreign_requests(self) -> list[str]:
        """Every recorded request that went anywhere but this server."""
        local = self.server.base_url + "/"
        return [
            url
            for url in self.recorded.requests
            if not (url.startswith(local) or url.startswith("data:"))
        ]


@pytest.fixture(scope="session")
def sessions() -> dict[str, list[Any]]:
    return {}


@pytest.fixture
def browsing(
    page: Page, server: Server, recorded: Recorded, sessions: dict[str, list[Any]]
) -> Browsing:
    return Browsing(page, server, recorded, sessions)
