"""Incident queries over HTTP under load: p50/p99 latency and requests per second.

Loads N incidents (default 1,000,000) into a fresh database — bulk, bypassing the store (and so
the audit chain) because only reading is measured — starts `truce serve --workers W` on it,
and drives ``GET /api/v1/incidents?bbox=…&since=…&type=…`` from C concurrent keep-alive
clients for S seconds, as a monitor (who sees everything). It does this on SQLite and, when a
PostgreSQL URL is given (``--postgres-url`` or ``TRUCE_TEST_POSTGRES_URL``), on PostgreSQL in
a fresh schema.

The clients are `wrk` (Debian's package, ``deps/benchmark-packages.txt``) running
``bench/api_latency.lua`` over queries generated here beforehand, so that the load generator
costs the two-core machine little; without `wrk`, or with ``--load-generator python``, they are
asyncio clients in this process (which take a good part of a core themselves).

After each drive it measures the baseline under the server in the same run: the same queries
read by ``IncidentPages.read`` from this process, four at a time, without HTTP ("the reads
alone"), with this process's CPU per read and, on a local PostgreSQL, the database backends'.

The last line is ``name=value`` pairs, for scripts. ``--smoke`` is a small, quick run (tests).

    python bench/api_latency.py [--incidents N] [--clients C] [--seconds S] [--workers W]
                                [--load-generator wrk|python] [--smoke]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import islice
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from truce.domain.credentials import TokenKind, issue_token
from truce.domain.taxonomy import IncidentType
from truce.domain.users import Role, User
from truce.geo.grid import grid_cell
from truce.scenario import load_scenario
from truce.store import schema
from truce.store.agreements import load_agreement, save_agreement
from truce.store.database import Database, database_url
from truce.store.users import add_token, add_user

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "sirte-jufra.yaml"
WRK_SCRIPT = Path(__file__).with_name("api_latency.lua")
#: How many different queries wrk cycles through.
WRK_QUERIES = 20_000
TYPES = [str(kind) for kind in IncidentType]
#: Where the incidents are spread: Libya's populated north, 2019–2021.
LON_RANGE, LAT_RANGE = (10.0, 25.0), (25.0, 33.0)
FIRST_DAY, DAYS = date(2019, 1, 1), 3 * 365
#: A query's box: 0.25° (about 25 km) a side, a map zoomed on a district.
BOX_DEGREES = 0.25
STATES = ["reported", "triaged", "under_verification", "verified", "verified", "rejected"]


@dataclass(frozen=True)
class Measured:
    """What the clients saw of one server."""

    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    load_average: tuple[float, float]  # the 1-minute load average before and after the drive

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.seconds


@dataclass(frozen=True)
class Result:
    backend: str
    incidents: int
    load_seconds: float
    measured: Measured
    alone: ReadsAlone


def incident_rows(count: int, seed: int = 20201023) -> Iterator[tuple[object, ...]]:
    """Rows of the ``incidents`` table: (id, …) in the column order of ``COLUMNS``."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    for number in range(1, count + 1):
        lon = rng.uniform(*LON_RANGE)
        lat = rng.uniform(*LAT_RANGE)
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        state = rng.choice(STATES)
        verified_at = now - timedelta(days=rng.randrange(1, 500)) if state == "verified" else None
        yield (number, 1, state, rng.choice(TYPES), "occurred", day, "day", lat, lon, lon, lat,
               lon, lat, grid_cell((lon, lat, lon, lat)), "point", f"bench incident {number}",
               "{}", "open_source", "bench", verified_at, now, now)  # fmt: skip


COLUMNS = (
    "id, version, state, type, modality, occurred_on, date_precision, lat, lon, min_lon, "
    "min_lat, max_lon, max_lat, grid_cell, location_precision, summary, weapons, origin, "
    "reported_by, verified_at, created_at, updated_at"
)


def load_sqlite(path: Path, count: int) -> None:
    connection = sqlite3.connect(path)
    placeholders = ", ".join("?" for _ in COLUMNS.split(","))
    with connection:
        _drop_indexes(connection.execute)
        connection.executemany(
            f"INSERT INTO incidents ({COLUMNS}) VALUES ({placeholders})",
            (tuple(_for_sqlite(value) for value in row) for row in incident_rows(count)),
        )
        _create_indexes(connection.execute)
    connection.execute("ANALYZE")
    connection.close()


def _drop_indexes(execute: Callable[[str], object]) -> None:
    """Loading is much faster into a bare table; ``_create_indexes`` builds them after."""
    for index in schema.incidents.indexes:
        execute(f"DROP INDEX {index.name}")


def _create_indexes(execute: Callable[[str], object]) -> None:
    for index in schema.incidents.indexes:
        columns = ", ".join(column.name for column in index.columns)
        execute(f"CREATE INDEX {index.name} ON incidents ({columns})")


def _for_sqlite(value: object) -> object:
    """Dates and times as SQLAlchemy stores them in SQLite."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def load_postgresql(url: str, count: int) -> None:
    import psycopg

    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain) as connection, connection.cursor() as cursor:
        _drop_indexes(cursor.execute)
        with cursor.copy(f"COPY incidents ({COLUMNS}) FROM STDIN") as copy:
            for row in incident_rows(count):
                copy.write_row(row)
        _create_indexes(cursor.execute)
        connection.commit()
        cursor.execute("ANALYZE incidents")


def prepare(location: str) -> str:
    """Migrate a fresh database, store the agreement and a monitor; return the token."""
    database = Database(location)
    database.migrate()
    token = issue_token(TokenKind.API, now=datetime.now(UTC), lifetime=None)
    with database.transaction() as connection:
        save_agreement(connection, load_scenario(SCENARIO))
        add_user(connection, User(name="bench.monitor", role=Role.MONITOR))
        add_token(connection, "bench.monitor", token)
    database.dispose()
    return token.secret


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def query_values(seed: int) -> Iterator[tuple[float, float, date, str]]:
    """The queries' values: (west, south, first day, type); the box is ``BOX_DEGREES`` a side."""
    rng = random.Random(seed)
    while True:
        lon = rng.uniform(LON_RANGE[0], LON_RANGE[1] - BOX_DEGREES)
        lat = rng.uniform(LAT_RANGE[0], LAT_RANGE[1] - BOX_DEGREES)
        since = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        yield lon, lat, since, rng.choice(TYPES)


def query_paths(seed: int) -> Iterator[str]:
    for lon, lat, since, kind in query_values(seed):
        yield (
            f"/api/v1/incidents?bbox={lon:.3f},{lat:.3f},{lon + BOX_DEGREES:.3f},"
            f"{lat + BOX_DEGREES:.3f}&since={since.isoformat()}&type={kind}"
        )


@dataclass(frozen=True)
class ReadsAlone:
    """The list's reads of the same queries without HTTP: ``IncidentPages.read`` from one
    process, as the server's would call it — what the server stands on."""

    requests_per_second: float
    client_cpu_ms: float  # this process's CPU per read
    database_cpu_ms: float | None  # PostgreSQL's backends' per read, where they are local


def reads_alone(location: str, seconds: float, concurrent: int = 4) -> ReadsAlone:
    """``concurrent`` reads at a time, for ``seconds``, as the monitor of ``prepare``."""
    from anyio import CapacityLimiter

    from truce.domain.visibility import visibility_for
    from truce.store.incident_filters import IncidentQuery
    from truce.store.incident_pages import IncidentPages

    database = Database(location)
    with database.connect() as connection:
        agreement = load_agreement(connection)
    monitor = User(name="bench.monitor", role=Role.MONITOR)
    visibility = visibility_for(monitor, agreement, now=datetime.now(UTC))
    queries = [
        IncidentQuery(
            bbox=(lon, lat, lon + BOX_DEGREES, lat + BOX_DEGREES), since=since,
            types=(IncidentType(kind),), limit=101, visibility=visibility,
        )
        for lon, lat, since, kind in islice(query_values(seed=1), WRK_QUERIES)
    ]  # fmt: skip
    pages = IncidentPages(database, slow_readers=CapacityLimiter(concurrent))

    async def read_for(deadline: float, offset: int) -> int:
        done = 0
        while time.perf_counter() < deadline:
            await pages.read(queries[(offset + done * concurrent) % len(queries)])
            done += 1
        return done

    async def drive(drive_seconds: float) -> int:
        deadline = time.perf_counter() + drive_seconds
        counts = await asyncio.gather(*(read_for(deadline, n) for n in range(concurrent)))
        return sum(counts)

    async def measure() -> ReadsAlone:
        await drive(1.0)  # warm up: connections, compiled statements, the database's caches
        cpu, database_cpu, started = time.process_time(), _postgres_cpu(), time.perf_counter()
        count = await drive(seconds)
        elapsed = time.perf_counter() - started
        used, database_used = time.process_time() - cpu, _postgres_cpu()
        await pages.close()
        return ReadsAlone(
            requests_per_second=count / elapsed,
            client_cpu_ms=1000 * used / count,
            database_cpu_ms=(
                1000 * (database_used - database_cpu) / count
                if not database.is_sqlite and database_used is not None and database_cpu is not None
                else None
            ),
        )

    try:
        return asyncio.run(measure())
    finally:
        database.dispose()


def _postgres_cpu() -> float | None:
    """Seconds of CPU the local PostgreSQL processes have used, if this machine runs them."""
    found = subprocess.run(["pgrep", "-x", "postgres"], capture_output=True, text=True)
    if found.returncode != 0:
        return None
    ticks = 0
    for pid in found.stdout.split():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a backend that ended meanwhile
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


async def client(
    port: int, token: str, seed: int, deadline: float, latencies: list[float], errors: list[int]
) -> None:
    """One keep-alive HTTP/1.1 client sending queries until ``deadline``."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    paths = query_paths(seed)
    try:
        while time.perf_counter() < deadline:
            request = (
                f"GET {next(paths)} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Authorization: Bearer {token}\r\n\r\n"
            ).encode()
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            if not head.startswith(b"HTTP/1.1 200"):
                errors.append(1)
    finally:
        writer.close()


async def drive(port: int, token: str, clients: int, seconds: float) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors: list[int] = []
    deadline = time.perf_counter() + seconds
    await asyncio.gather(
        *(client(port, token, seed, deadline, latencies, errors) for seed in range(clients))
    )
    return latencies, len(errors)


def serve_and_measure(location: str, token: str, args: argparse.Namespace) -> Measured:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "truce", "serve", "--db", location, "--port", str(port),
         "--workers", str(args.workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        wait_until_serving(server, port, token)
        if args.load_generator == "wrk":
            with tempfile.TemporaryDirectory() as folder:
                paths = Path(folder) / "queries.txt"
                paths.write_text("\n".join(islice(query_paths(seed=1), WRK_QUERIES)) + "\n")
                run_wrk(port, token, paths, min(args.clients, 4), 2.0)  # warm up the caches
                return run_wrk(port, token, paths, args.clients, args.seconds)
        asyncio.run(drive(port, token, min(args.clients, 4), 1.0))  # warm up the caches
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        latencies, errors = asyncio.run(drive(port, token, args.clients, args.seconds))
        elapsed = time.perf_counter() - started
        cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
        return Measured(len(latencies), errors, elapsed, cuts[49] * 1000, cuts[98] * 1000,
                        (load_before, os.getloadavg()[0]))  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_until_serving(server: subprocess.Popen[bytes], port: int, token: str) -> None:
    """Until a query is answered: every worker process may still be starting after that, which
    the warm-up covers."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{next(query_paths(seed=0))}",
        headers={"Authorization": f"Bearer {token}"},
    )
    for _ in range(1200):
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            pass
        if server.poll() is not None:
            failure = server.stderr.read().decode() if server.stderr else ""
            raise SystemExit(f"truce serve did not start: {failure}")
        time.sleep(0.05)
    raise SystemExit("truce serve did not answer within a minute")


def run_wrk(port: int, token: str, paths: Path, clients: int, seconds: float) -> Measured:
    """``clients`` wrk connections on one wrk thread (it keeps up with many thousand requests a
    second, and leaves the other core to the server)."""
    environment = os.environ | {"TRUCE_BENCH_PATHS": str(paths), "TRUCE_BENCH_TOKEN": token}
    load_before = os.getloadavg()[0]
    finished = subprocess.run(
        ["wrk", "--threads", "1", "--connections", str(clients), "--duration",
         f"{max(1, round(seconds))}s", "--timeout", "10s", "--script", str(WRK_SCRIPT),
         f"http://127.0.0.1:{port}"],
        capture_output=True, text=True, env=environment, check=True,
    )  # fmt: skip
    summary = next(line for line in finished.stdout.splitlines() if line.startswith("wrk "))
    figures = dict(pair.split("=") for pair in summary.split()[1:])
    return Measured(
        requests=int(figures["requests"]),
        errors=int(figures["errors"]),
        seconds=float(figures["seconds"]),
        p50_ms=float(figures["p50_ms"]),
        p99_ms=float(figures["p99_ms"]),
        load_average=(load_before, os.getloadavg()[0]),
    )


def run_backend(backend: str, location: str, args: argparse.Namespace) -> Result:
    token = prepare(location)
    started = time.perf_counter()
    if backend == "sqlite":
        load_sqlite(Path(location), args.incidents)
    else:
        load_postgresql(database_url(location), args.incidents)
    load_seconds = time.perf_counter() - started
    measured = serve_and_measure(location, token, args)
    alone = reads_alone(location, seconds=min(args.seconds, 10.0))
    return Result(backend, args.incidents, load_seconds, measured, alone)


def postgres_schema(base_url: str) -> tuple[str, str]:
    """A fresh schema on the server of ``base_url``: (URL using it, schema name)."""
    name = f"truce_bench_{uuid.uuid4().hex[:10]}"
    engine = create_engine(database_url(base_url))
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{name}"'))
    engine.dispose()
    url = make_url(database_url(base_url)).update_query_dict({"options": f"-csearch_path={name}"})
    return url.render_as_string(hide_password=False), name


def drop_schema(base_url: str, name: str) -> None:
    engine = create_engine(database_url(base_url))
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--postgres-url", default=os.environ.get("TRUCE_TEST_POSTGRES_URL"))
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="truce serve's processes"
    )
    parser.add_argument(
        "--load-generator",
        choices=("wrk", "python"),
        default="wrk" if shutil.which("wrk") else "python",
        help="wrk (the default where it is installed) or asyncio clients in this process",
    )
    parser.add_argument("--smoke", action="store_true", help="2,000 incidents, 4 clients, 2 s")
    args = parser.parse_args()
    if args.smoke:
        args.incidents, args.clients, args.seconds = 2000, 4, 2.0
    print(
        f"{args.clients} clients ({args.load_generator}), truce serve --workers {args.workers}, "
        f"{os.cpu_count()} cores"
    )
    results = []
    for backend in args.backends.split(","):
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                results.append(run_backend("sqlite", str(Path(folder) / "bench.db"), args))
        elif backend == "postgresql" and args.postgres_url:
            url, schema_name = postgres_schema(args.postgres_url)
            try:
                results.append(run_backend("postgresql", url, args))
            finally:
                drop_schema(args.postgres_url, schema_name)
        elif backend == "postgresql":
            print("postgresql: skipped (no --postgres-url or TRUCE_TEST_POSTGRES_URL)")
    pairs = []
    for result in results:
        measured = result.measured
        print(
            f"{result.backend}: {result.incidents:,} incidents loaded in "
            f"{result.load_seconds:.1f} s; {args.clients} clients for {measured.seconds:.1f} s: "
            f"{measured.requests:,} requests, {measured.errors} errors, "
            f"p50 {measured.p50_ms:.1f} ms, p99 {measured.p99_ms:.1f} ms, "
            f"{measured.requests_per_second:.0f} req/s; load average "
            f"{measured.load_average[0]:.1f} before, {measured.load_average[1]:.1f} after"
        )
        alone = result.alone
        database = (
            f" + {alone.database_cpu_ms:.3f} ms of PostgreSQL's" if alone.database_cpu_ms else ""
        )
        print(
            f"{result.backend}: the reads alone (no HTTP, 4 at a time, one process): "
            f"{alone.requests_per_second:.0f}/s at {alone.client_cpu_ms:.3f} ms of CPU{database} "
            "per read"
        )
        name = result.backend
        if alone.database_cpu_ms is not None:
            pairs.append(f"{name}_reads_alone_database_cpu_ms={alone.database_cpu_ms:.3f}")
        pairs += [
            f"{name}_reads_alone_per_s={alone.requests_per_second:.1f}",
            f"{name}_reads_alone_cpu_ms={alone.client_cpu_ms:.3f}",
            f"{name}_incidents={result.incidents}",
            f"{name}_p50_ms={measured.p50_ms:.2f}",
            f"{name}_p99_ms={measured.p99_ms:.2f}",
            f"{name}_requests_per_second={measured.requests_per_second:.1f}",
            f"{name}_errors={measured.errors}",
        ]
    print(" ".join(pairs))


if __name__ == "__main__":
    main()
