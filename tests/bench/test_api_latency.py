"""`bench/api_latency.py --smoke`: the benchmark runs end to end and reports its figures, with
`truce serve --workers 2` behind it, through the asyncio clients and (where it is installed)
through wrk."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("generator", ["python", "wrk"])
def test_the_smoke_run_serves_queries_and_prints_name_value_pairs(generator: str) -> None:
    if generator == "wrk" and shutil.which("wrk") is None:
        pytest.skip("wrk is not installed: `make bench-deps` installs the benchmarks' packages")
    environment = {
        key: value for key, value in os.environ.items() if key != "TRUCE_TEST_POSTGRES_URL"
    }
    finished = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "api_latency.py"), "--smoke", "--backends", "sqlite",
         "--workers", "2", "--load-generator", generator],
        capture_output=True, text=True, timeout=300, env=environment, check=True,
    )  # fmt: skip
    figures = dict(pair.split("=") for pair in finished.stdout.strip().splitlines()[-1].split())
    assert int(figures["sqlite_incidents"]) == 2000
    assert float(figures["sqlite_requests_per_second"]) > 0
    assert int(figures["sqlite_errors"]) == 0
    assert 0 < float(figures["sqlite_p50_ms"]) <= float(figures["sqlite_p99_ms"])
