"""The pages over HTTP, without a browser: headers, cookies, CSRF, errors, the catalogue."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from truce.api.app import create_app
from truce.demo import build_demo, ingest_demo_corpus
from truce.settings import Settings
from truce.store.database import Database
from truce.web.charts import accused_parties, count_by_day, incident_type
from truce.web.i18n import load_catalogue
from truce.web.safety import safe_link
from truce.web.session import COOKIE_NAME

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "truce" / "web" / "templates"
PAGES = ("/", "/incidents", "/compliance", "/login")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Database, str]]:
    path = str(tmp_path_factory.mktemp("pages") / "demo.db")
    database = Database(path)
    password = build_demo(database).password
    assert password is not None
    app = create_app(Settings(database=path, session_secret="s" * 32), database=database)
    with TestClient(app) as client:
        yield client, database, password
    database.dispose()


@pytest.fixture
def client(demo: tuple[TestClient, Database, str]) -> TestClient:
    demo[0].cookies.clear()
    return demo[0]


def _log_in(client: TestClient, name: str, password: str) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token is not None
    form = {"name": name, "password": password, "csrf_token": token.group(1)}
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303


def test_pages_load_nothing_from_elsewhere_and_say_so_in_their_policy(client: TestClient) -> None:
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        policy = response.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "script-src 'self';" in policy
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", response.text), path


def test_a_configured_tile_server_is_the_one_other_place_images_may_come_from(
    tmp_path: Path,
) -> None:
    settings = Settings(
        database=str(tmp_path / "t.db"), tile_url="https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    )
    database = Database(settings.database)
    build_demo(database)
    with TestClient(create_app(settings, database=database)) as client:
        response = client.get("/")
    assert (
        "img-src 'self' data: https://*.tiles.example.org;"
        in response.headers["content-security-policy"]
    )
    assert "tiles.example.org/{z}/{x}/{y}.png" in response.text
    database.dispose()


def test_the_session_cookie_is_http_only_and_same_site(client: TestClient) -> None:
    cookie = client.get("/").headers["set-cookie"]
    assert cookie.startswith(COOKIE_NAME + "=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie


def test_a_form_without_the_session_token_is_refused(client: TestClient) -> None:
    client.get("/")
    for path in ("/incidents/new", "/queue/1/move", "/queue/1/sign", "/queue/1/reply"):
        response = client.post(path, data={"csrf_token": "forged"})
        assert response.status_code == 403, path
        assert "security token does not match your session" in response.text


def test_page_errors_have_the_api_status_and_code(client: TestClient) -> None:
    page = client.get("/incidents/999")
    api = client.get("/api/v1/incidents/999")
    assert page.status_code == api.status_code == 404
    assert 'data-code="not_found"' in page.text and api.json()["error"]["code"] == "not_found"
    assert "there is no incident 999" in page.text
    assert "Traceback" not in page.text


def test_an_unknown_path_is_an_html_page_outside_the_api_and_json_inside_it(
    client: TestClient,
) -> None:
    page = client.get("/no/such/page")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert 'data-code="not_found"' in page.text and "there is nothing at /no/such/page" in page.text
    assert '<a href="/">' in page.text  # the way home, in the site's layout
    assert "default-src 'self'" in page.headers["content-security-policy"]
    api = client.get("/api/v1/no/such/thing")
    assert api.status_code == 404 and api.headers["content-type"] == "application/json"
    assert api.json()["error"]["code"] == "not_found"
    refused = client.delete("/compliance")
    assert refused.status_code == 405 and 'data-code="method_not_allowed"' in refused.text


def test_every_string_the_templates_use_is_in_the_english_catalogue() -> None:
    catalogue = load_catalogue("en")
    used: set[str] = set()
    for template in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_.]+)["']""", template.read_text("utf-8")))
    for script in (TEMPLATES.parent / "static" / "js").glob("*.js"):
        used |= set(
            re.findall(r"""truce\.text\(\s*["']([a-z_.]+)["']""", script.read_text("utf-8"))
        )
    used = {key for key in used if not key.endswith(".")}  # prefixes of keys built in place
    assert len(used) > 100
    missing = sorted(key for key in used if not catalogue.has(key))
    assert missing == []


def test_only_web_addresses_become_links() -> None:
    assert safe_link("https://example.org/a") == "https://example.org/a"
    for hostile in (
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:x",
        "data:text/html,x",
        "//evil",
    ):
        assert safe_link(hostile) is None, hostile


def test_the_timeline_counts_only_incidents_dated_to_the_day(
    demo: tuple[TestClient, Database, str],
) -> None:
    from truce.store.agreements import load_agreement
    from truce.store.incidents import IncidentQuery, list_incidents

    with demo[1].connect() as connection:
        agreement = load_agreement(connection)
        incidents = list_incidents(connection, IncidentQuery())
    by_type = count_by_day(incidents, incident_type)
    by_party = count_by_day(incidents, accused_parties(agreement))
    assert by_type is not None and by_party is not None
    coarse = [i for i in incidents if i.date_precision != "day"]
    assert by_type.total() == len(incidents) - len(coarse)
    assert by_type.not_dated_to_the_day == len(coarse) == 1
    assert by_party.counts["LNA"][by_party.first] == 1  # the LNA is accused of the first shelling


def test_every_error_code_and_decision_has_its_words() -> None:
    from truce.api.errors import CODE_BY_HTTP_STATUS, HTTP_ERROR, INTERNAL_ERROR, STATUS_BY_ERROR
    from truce.domain.compliance import Stage, Status
    from truce.domain.workflow import Decision

    catalogue = load_catalogue("en")
    for _error, _status, code in STATUS_BY_ERROR:
        assert catalogue.has(f"error.heading.{code}"), code
    for code in (*CODE_BY_HTTP_STATUS.values(), HTTP_ERROR, INTERNAL_ERROR):
        assert catalogue.has(f"error.heading.{code}"), code
    for decision in Decision:
        assert catalogue.has(f"queue.decision.{decision}") and catalogue.has(f"decision.{decision}")
    for status in Status:
        assert catalogue.has(f"status.{status}"), status
    for stage in Stage:
        assert catalogue.has(f"stage.{stage}"), stage


def test_the_evidence_sentence_is_found_whatever_its_spacing() -> None:
    from truce.web.evidence import marked_pieces

    text = "Before. Shells  fell\non Hun (again). After."
    assert marked_pieces(text, "Shells fell on Hun (again).") == [
        ("Before. ", False),
        ("Shells  fell\non Hun (again).", True),
        (" After.", False),
    ]
    assert marked_pieces(text, "Not in it.") == [(text, False)]
    assert marked_pieces(text, None) == [(text, False)]


def test_a_web_page_source_is_shown_as_its_article_with_the_evidence_marked() -> None:
    from truce.domain.source import Source, SourceKind
    from truce.web.evidence import marked_pieces, readable_text

    corpus = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "dev"
    html = corpus / "levantpost-2020-10-23-geneva-permanent-ceasefire.html"
    text = readable_text(Source(content=html.read_bytes(), kind=SourceKind.NEWS_ARTICLE))
    assert "<" not in text and text.startswith("Libya's rival forces sign permanent ceasefire")
    sentence = "Military delegations of Libya's two rival camps signed a permanent ceasefire"
    marked = [piece for piece, is_evidence in marked_pieces(text, sentence) if is_evidence]
    assert marked == [sentence]


def test_a_dispute_past_its_time_limit_is_shown_overdue(
    client: TestClient, demo: tuple[TestClient, Database, str]
) -> None:
    # The demo's dispute (#2) was escalated in 2020 with a time limit long passed.
    _log_in(client, "monitor", demo[2])
    queue = " ".join(client.get("/queue").text.split())
    assert "overdue: it was to be settled by 2020-11-15" in queue
    record = " ".join(client.get("/incidents/2").text.split())
    assert "Overdue: the time to settle it has passed." in record


def test_a_wrong_board_day_is_named_under_its_field_which_keeps_it(client: TestClient) -> None:
    response = client.get("/compliance", params={"as_of": "2020-02-30"})
    assert response.status_code == 200
    page = " ".join(response.text.split())
    assert 'id="as_of" name="as_of" value="2020-02-30"' in page
    assert (
        '<p class="field-error" id="as_of-error" role="alert">&#39;2020-02-30&#39; is not a date: '
        "use YYYY-MM-DD, or leave it empty for today</p>" in page
    )
    assert "compliance-statuses" not in page  # no board is shown for a day that is not one
    assert "compliance-statuses" in client.get("/compliance", params={"as_of": "2020-11-15"}).text


def test_the_queue_quotes_each_proposals_evidence_and_folds_the_source_text(
    client: TestClient, demo: tuple[TestClient, Database, str]
) -> None:
    corpus = Path(__file__).resolve().parents[1] / "ingest" / "fixtures" / "corpus"
    ingest_demo_corpus(demo[1], [str(corpus / "desertpost-2020-08-12-sirte-front-shelling.txt")])
    _log_in(client, "analyst", demo[2])
    queue = client.get("/queue").text
    quotes = re.findall(r'<blockquote class="evidence-quote"[^>]*><mark class="evidence">', queue)
    assert quotes, "each proposal from the news quotes the sentence it rests on"
    # Seventy proposals with every article unfolded made a page 70,000 pixels long.
    assert "<details open>" not in queue and queue.count("<details>") >= len(quotes)
    # The incident page of a proposal still opens its source with the sentence marked.
    proposal = re.search(
        r'id="incident-(\d+)"[^>]*>(?:(?!id="incident-).)*evidence-quote', queue, re.S
    )
    assert proposal is not None
    page = client.get(f"/incidents/{proposal.group(1)}")
    assert page.status_code == 200
    assert "<details open>" in page.text and '<mark class="evidence">' in page.text
