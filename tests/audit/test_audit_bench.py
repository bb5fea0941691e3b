"""The audit benchmarks run (small) and the records they write verify."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def smoke_figures(script: str) -> dict[str, str]:
    """The name=value pairs of the last line a benchmark's ``--smoke`` run prints."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), "--smoke"],
        capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    return dict(pair.split("=") for pair in done.stdout.strip().splitlines()[-1].split())


def test_the_audit_benchmark_smoke_run_prints_its_figures() -> None:
    figures = smoke_figures("audit.py")
    assert figures["incidents"] == "100" and figures["holds"] == "True"
    assert int(figures["entries"]) >= 4 * 100  # the row, two actors and the version, each
    assert float(figures["write_seconds"]) > 0 and float(figures["verify_seconds"]) > 0


def test_the_import_benchmark_smoke_run_prints_its_figures() -> None:
    figures = smoke_figures("acled_import.py")
    assert figures["rows"] == "100" and figures["holds"] == "True"
    assert int(figures["entries"]) >= 5 * 100  # the row, two actors, the version, the id
    assert float(figures["import_seconds"]) > 0 and int(figures["statements"]) > 0
