"""Schemathesis against ``/api/openapi.json``: generated requests to every operation, as the
public and as several roles, and not one server error (5xx) in reply.

The run is bounded: ``EXAMPLES_PER_OPERATION`` generated cases per operation and backend.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.api.conftest import bearer
from tests.api.scenario_data import seed

from truce.api.app import create_app
from truce.settings import Settings
from truce.store.database import Database

EXAMPLES_PER_OPERATION = 15


def test_no_generated_request_gets_a_server_error(
    database: Database, tokens: dict[str, str]
) -> None:
    seed(database)
    app = create_app(Settings(database=database.url, max_body_bytes=64 * 1024), database=database)
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    identities = st.sampled_from([None, "monitor", "gna.delegate", "observer", "admin"])
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    server_errors: list[str] = []
    tried = 0

    for operation in operations:

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(), who=identities)
        def call(case: Any, who: str | None) -> None:
            nonlocal tried
            headers = bearer(tokens[who]) if who else {}
            response = case.call(headers=headers)
            tried += 1
            if response.status_code >= 500:
                server_errors.append(f"{response.status_code} {case.as_curl_command()}")

        call()
    assert tried >= EXAMPLES_PER_OPERATION * len(operations) // 2
    assert server_errors == []
