"""The audit benchmarks run (small) and the records they write verify."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_audit_benchmark_smoke_run_prints_its_figures() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "audit.py"), "--smoke"],
        capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    figures = dict(pair.split("=") for pair in done.stdout.strip().splitlines()[-1].split())
    assert figures["incidents"] == "100" and figures["holds"] == "True"
    assert int(figures["entries"]) >= 4 * 100  # the row, two actors and the version, each
    assert float(figures["write_seconds"]) > 0 and float(figures["verify_seconds"]) > 0


def test_the_import_benchmark_smoke_run_prints_its_figures() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "acled_import.py"), "--smoke"],
        capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    figures = dict(pair.split("=") for pair in done.stdout.strip().splitlines()[-1].split())
    assert figures["rows"] == "100" and figures["holds"] == "True"
    assert int(figures["entries"]) >= 5 * 100  # the row, two actors, the version, the id
    assert float(figures["import_seconds"]) > 0 and int(figures["statements"]) > 0
