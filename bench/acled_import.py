"""Benchmark: importing an ACLED CSV file — every row an incident, each recorded in the chain.

    python bench/acled_import.py                  # 1,000 rows into a fresh SQLite database
    python bench/acled_import.py --smoke          # 100 rows, as the test suite runs it
    python bench/acled_import.py --db postgresql://…/db   # an empty PostgreSQL database instead

Builds a database holding the Sirte–al-Jufra agreement, makes an ACLED file of N shellings (two
actors each, every row new), imports it in one transaction as ``truce import --format acled``
does, then runs ``verify_audit`` over everything. The last line is name=value pairs: wall-clock
and this process's CPU seconds for the import (CPU time is the steadier figure on a busy
machine; with PostgreSQL it leaves out the server's share), and the SQL statements it ran.
"""

from __future__ import annotations

import argparse
import csv
import io
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

from truce.audit.verify import verify_audit
from truce.exchange.acled import COLUMNS
from truce.exchange.formats import ImportFormat, import_file
from truce.scenario import load_scenario
from truce.store.agreements import save_agreement
from truce.store.database import Database

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "sirte-jufra.yaml"


def shelling_rows(count: int) -> list[dict[str, str]]:
    """``count`` ACLED rows, each a new shelling by the LNA on the GNA (``LBY1``, ``LBY2`` …)."""
    return [
        {
            "event_id_cnty": f"LBY{number}",
            "event_date": "2020-11-02",
            "event_type": "Explosions/Remote violence",
            "sub_event_type": "Shelling/artillery/missile attack",
            "actor1": "Libyan National Army",
            "actor2": "GNA",
            "latitude": "30.45",
            "longitude": "16.35",
            "geo_precision": "2",
            "notes": f"Shelling number {number}.",
            "fatalities": "0",
        }
        for number in range(1, count + 1)
    ]


def acled_csv_of(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def acled_file(count: int) -> bytes:
    return acled_csv_of(shelling_rows(count))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000)
    parser.add_argument("--smoke", action="store_true", help="100 rows")
    parser.add_argument("--db", help="an empty database URL (default: a temporary SQLite file)")
    options = parser.parse_args()
    count = 100 if options.smoke else options.rows
    data = acled_file(count)
    with tempfile.TemporaryDirectory() as folder:
        database = Database(options.db or str(Path(folder) / "bench.db"))
        database.migrate()
        with database.transaction() as connection:
            save_agreement(connection, load_scenario(SCENARIO))

        statements = 0

        def count_statement(*_: object) -> None:
            nonlocal statements
            statements += 1

        event.listen(database.engine, "before_cursor_execute", count_statement)
        started, cpu_started = time.perf_counter(), time.process_time()
        with database.transaction() as connection:
            summary = import_file(connection, ImportFormat.ACLED, data, "bench.csv")
        imported, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        event.remove(database.engine, "before_cursor_execute", count_statement)

        started = time.perf_counter()
        with database.connect() as connection:
            report = verify_audit(connection)
        verified = time.perf_counter() - started
        database.dispose()

    print(f"imported {len(summary.added_ids):,} ACLED rows in {imported:.2f} s")
    print(report.summary())
    print(
        f"rows={len(summary.added_ids)} import_seconds={imported:.2f} "
        f"ms_per_row={1000 * imported / count:.2f} cpu_ms_per_row={1000 * cpu / count:.2f} "
        f"statements={statements} entries={report.entries} "
        f"verify_seconds={verified:.2f} holds={report.holds}"
    )


if __name__ == "__main__":
    main()
