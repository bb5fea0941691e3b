"""Every role × every endpoint: what is allowed, what is refused, and what each one sees.

One test per backend walks the whole matrix and lists every cell that differs, so a failure
shows the full picture. Reading another party's draft is tried through every route: the list,
the detail, the history, GeoJSON, the count, search, and the sources behind it.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from tests.api.conftest import ACCOUNTS, bearer
from tests.api.scenario_data import Seeded, seed

from truce.store.database import Database

ANONYMOUS = "(anonymous)"
VIEWERS = [*ACCOUNTS, ANONYMOUS]
SEE_ALL = ("admin", "ankara", "moscow", "monitor", "analyst")

#: Which seeded incidents each viewer sees (Seeded attribute names).
SEES: dict[str, tuple[str, ...]] = {
    **{name: ("gna_draft", "lna_draft", "accusing_lna", "published", "embargoed")
       for name in SEE_ALL},
    "gna.delegate": ("gna_draft", "published", "embargoed"),
    "lna.delegate": ("lna_draft", "accusing_lna", "published"),
    "observer": ("published",),
    ANONYMOUS: ("published",),
}  # fmt: skip

NEW_INCIDENT = {
    "type": "shelling",
    "date": "2020-11-03",
    "lat": 30.5,
    "lon": 16.4,
    "summary": "Shelling heard east of Abu Grein",
}
ARTICLE = {"url": "https://example.org/a", "text": "Clashes were reported near Sirte."}


def expected_status(viewer: str, allowed: tuple[str, ...], *, refused: int = 403) -> int | None:
    """The status an action should get: ``None`` for allowed (checked separately), else
    401 for the anonymous and ``refused`` for a logged-in role outside ``allowed``."""
    if viewer in allowed:
        return None
    return 401 if viewer == ANONYMOUS else refused


class Matrix:
    def __init__(self, client: TestClient, tokens: dict[str, str]) -> None:
        self.client = client
        self.tokens = tokens
        self.mismatches: list[str] = []

    def call(self, viewer: str, method: str, path: str, **kwargs: Any) -> Any:
        headers = dict(kwargs.pop("headers", {}))
        if viewer != ANONYMOUS:
            headers |= bearer(self.tokens[viewer])
        return self.client.request(method, path, headers=headers, **kwargs)

    def expect(self, viewer: str, what: str, expected: object, got: object) -> None:
        if expected != got:
            self.mismatches.append(f"{viewer} {what}: expected {expected!r}, got {got!r}")


def check_reads(matrix: Matrix, seeded: Seeded, viewer: str) -> None:
    ids = {name: getattr(seeded, name) for name in SEES[SEE_ALL[0]]}
    visible = {ids[name] for name in SEES[viewer]}
    listed = matrix.call(viewer, "GET", "/api/v1/incidents").json()["incidents"]
    matrix.expect(viewer, "list", visible, {i["id"] for i in listed})
    geo = matrix.call(viewer, "GET", "/api/v1/incidents",
                      headers={"Accept": "application/geo+json"})  # fmt: skip
    matrix.expect(viewer, "GeoJSON media type", "application/geo+json",
                  geo.headers["content-type"])  # fmt: skip
    matrix.expect(viewer, "GeoJSON list", visible, {f["id"] for f in geo.json()["features"]})
    count = matrix.call(viewer, "GET", "/api/v1/incidents/count").json()["count"]
    matrix.expect(viewer, "count", len(visible), count)
    searched = matrix.call(viewer, "GET", "/api/v1/incidents?q=DRAFT").json()["incidents"]
    drafts = visible & {seeded.gna_draft, seeded.lna_draft}
    matrix.expect(viewer, "search", drafts, {i["id"] for i in searched})
    by_state = matrix.call(viewer, "GET", "/api/v1/incidents/count?state=reported").json()
    matrix.expect(viewer, "count of drafts", len(drafts), by_state["count"])
    for name, incident_id in ids.items():
        status = 200 if incident_id in visible else 404
        base = f"/api/v1/incidents/{incident_id}"
        for path, headers in ((base, {}), (base, {"Accept": "application/geo+json"}),
                              (f"{base}/history", {}), (f"{base}/verification", {})):  # fmt: skip
            got = matrix.call(viewer, "GET", path, headers=headers).status_code
            matrix.expect(viewer, f"GET {path} ({name}) {headers}", status, got)
    board = matrix.call(viewer, "GET", "/api/v1/compliance?as_of=2020-12-01").json()
    behind = {i for status in board["statuses"] for i in status["incidents"]}
    matrix.expect(viewer, "compliance board's incidents", behind & visible, behind)
    matrix.expect(viewer, "the embargoed violation on the board",
                  seeded.embargoed in visible, seeded.embargoed in behind)  # fmt: skip
    queue = matrix.call(viewer, "GET", "/api/v1/verification/queue").json()["incidents"]
    still_open = visible - {seeded.published, seeded.embargoed}
    matrix.expect(viewer, "verification queue", still_open, {i["id"] for i in queue})
    source = matrix.call(viewer, "GET", f"/api/v1/sources/{seeded.gna_source}").status_code
    matrix.expect(viewer, "source of the GNA draft", 200 if seeded.gna_draft in visible else 404,
                  source)  # fmt: skip
    evidence_path = f"/api/v1/incidents/{seeded.published}/evidence/{seeded.evidence}"
    evidence = matrix.call(viewer, "GET", evidence_path).status_code
    refused = expected_status(viewer, (*SEE_ALL, "gna.delegate", "lna.delegate"))
    matrix.expect(viewer, "evidence file", refused or 200, evidence)
    published = matrix.call(viewer, "GET", f"/api/v1/incidents/{seeded.published}").json()
    public = viewer in ("observer", ANONYMOUS)
    matrix.expect(viewer, "reported_by shown", not public, published["reported_by"] is not None)
    matrix.expect(viewer, "evidence listed", not public, bool(published["evidence"]))
    matrix.expect(viewer, "latitude", 30.46 if public else 30.456789, published["lat"])
    history = matrix.call(viewer, "GET", f"/api/v1/incidents/{seeded.published}/history").json()
    matrix.expect(viewer, "history editor shown", not public,
                  history["versions"][0]["created_by"] is not None)  # fmt: skip
    for path in ("/api/v1/agreement", "/api/v1/agreement/terms", "/api/v1/agreement/zones",
                 "/api/v1/agreement/withdrawal-points", "/api/v1/me"):  # fmt: skip
        matrix.expect(viewer, f"GET {path}", 200, matrix.call(viewer, "GET", path).status_code)


def check_writes(matrix: Matrix, seeded: Seeded, viewer: str) -> None:
    reporters = ("gna.delegate", "lna.delegate", "monitor", "analyst")
    created = matrix.call(viewer, "POST", "/api/v1/incidents", json=NEW_INCIDENT)
    matrix.expect(viewer, "report", expected_status(viewer, reporters) or 201,
                  created.status_code)  # fmt: skip
    edit = NEW_INCIDENT | {"summary": f"edited by {viewer}"}
    gna_draft = f"/api/v1/incidents/{seeded.gna_draft}"
    # Parties report and reply; they edit nothing (the policy's ROLE_ACTIONS).
    editors = ("monitor", "analyst", "ankara", "moscow")
    refused = expected_status(viewer, editors)
    got = matrix.call(viewer, "PUT", gna_draft, json=edit).status_code
    matrix.expect(viewer, "edit the GNA draft", refused or 200, got)
    accusing_lna = f"/api/v1/incidents/{seeded.accusing_lna}"
    refused = expected_status(viewer, editors)
    still_accusing = edit | {"actors": [{"id": "LNA", "role": "alleged_perpetrator"}]}
    got = matrix.call(viewer, "PUT", accusing_lna, json=still_accusing).status_code
    matrix.expect(viewer, "edit an incident accusing the LNA", refused or 200, got)
    published = f"/api/v1/incidents/{seeded.published}"
    got = matrix.call(viewer, "PUT", published, json=edit).status_code
    matrix.expect(viewer, "edit a verified incident", 401 if viewer == ANONYMOUS else 403, got)
    submitters = ("gna.delegate", "lna.delegate", "monitor", "analyst", "ankara", "moscow")
    got = matrix.call(viewer, "POST", "/api/v1/sources", json=ARTICLE).status_code
    matrix.expect(viewer, "submit an article", expected_status(viewer, submitters) or 201, got)
    got = matrix.call(viewer, "GET", "/api/v1/users").status_code
    matrix.expect(viewer, "list users", expected_status(viewer, ("admin",)) or 200, got)
    fresh = matrix.call("monitor", "POST", "/api/v1/incidents", json=NEW_INCIDENT).json()["id"]
    triage = {"to": "triaged", "reason": "a patrol can reach it"}
    got = matrix.call(viewer, "POST", f"/api/v1/incidents/{fresh}/transitions", json=triage)
    movers = ("ankara", "moscow", "analyst", "monitor")
    hidden = viewer.endswith(".delegate") or viewer == "observer"  # it is not theirs to see
    refused = 404 if hidden else expected_status(viewer, movers)
    matrix.expect(viewer, "triage a monitor's report", refused or 201, got.status_code)
    reply = {"text": "Our artillery was withdrawn on 1 November."}
    got = matrix.call(viewer, "POST", f"/api/v1/incidents/{seeded.accusing_lna}/replies",
                      json=reply)  # fmt: skip
    hidden = viewer in ("gna.delegate", "observer")
    refused = 404 if hidden else expected_status(viewer, ("lna.delegate",))
    matrix.expect(viewer, "reply to an accusation of the LNA", refused or 201, got.status_code)


def test_every_role_on_every_endpoint(
    client: TestClient, database: Database, tokens: dict[str, str]
) -> None:
    seeded = seed(database)
    matrix = Matrix(client, tokens)
    for viewer in VIEWERS:
        check_reads(matrix, seeded, viewer)
    for viewer in VIEWERS:
        check_writes(matrix, seeded, viewer)
    assert "\n".join(matrix.mismatches) == ""
