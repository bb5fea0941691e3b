"""Benchmark: what the audit chain costs — incidents written through the hook, then verified.

    python bench/audit.py                 # 5,000 incidents into a fresh SQLite demo database
    python bench/audit.py --smoke         # 100 incidents, as the test suite runs it
    python bench/audit.py --db postgresql://…/db   # an empty PostgreSQL database instead

Builds the demo database (scenario, sample incidents and their verification), inserts N
shellings with two actors each in one transaction (four chain entries each: the row, two
actors, the version), then runs ``verify_audit`` over everything. The last line is name=value
pairs.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from truce.audit.verify import verify_audit
from truce.demo import build_demo
from truce.schemas.incident import incident_from_submission, parse_submission
from truce.store.database import Database
from truce.store.incidents import insert_incident

SHELLING = {
    "type": "shelling", "date": "2020-11-02", "lat": 30.45, "lon": 16.35,
    "actors": [{"id": "LNA", "role": "alleged_perpetrator"}, {"id": "GNA", "role": "target"}],
    "summary": "Benchmark shelling inside the buffer zone.",
}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=5_000)
    parser.add_argument("--smoke", action="store_true", help="100 incidents")
    parser.add_argument("--db", help="an empty database URL (default: a temporary SQLite file)")
    options = parser.parse_args()
    count = 100 if options.smoke else options.incidents
    with tempfile.TemporaryDirectory() as folder:
        database = Database(options.db or str(Path(folder) / "bench.db"))
        build_demo(database, keys_dir=Path(folder) / "keys")
        incident = incident_from_submission(parse_submission(SHELLING))

        started = time.perf_counter()
        with database.transaction() as connection:
            for _ in range(count):
                insert_incident(connection, incident)
        written = time.perf_counter() - started

        started = time.perf_counter()
        with database.connect() as connection:
            report = verify_audit(connection)
        verified = time.perf_counter() - started
        database.dispose()

    print(f"wrote {count:,} incidents through the audit hook in {written:.2f} s")
    print(report.summary())
    print(
        f"incidents={count} write_seconds={written:.2f} "
        f"ms_per_incident={1000 * written / count:.2f} entries={report.entries} "
        f"rows={report.rows} verify_seconds={verified:.2f} holds={report.holds}"
    )


if __name__ == "__main__":
    main()
