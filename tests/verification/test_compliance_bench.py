"""The compliance benchmark runs (small), and what it prints is what docs/benchmarks.md reads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_compliance_benchmark_smoke_run_prints_its_figures() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "compliance.py"), "--smoke"],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    figures = dict(pair.split("=") for pair in done.stdout.strip().splitlines()[-1].split())
    assert figures["incidents"] == "10000" and figures["zones"] == "50"
    assert int(figures["statuses"]) == 100
    assert int(figures["violations"]) > 0 and int(figures["incidents_in_violation"]) > 0
    assert float(figures["seconds"]) < 5
