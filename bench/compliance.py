"""Benchmark: the compliance engine judging 1,000,000 verified incidents against 1,000 zones.

    python bench/compliance.py            # the target run: 1,000,000 × 1,000, target ≤ 5 s
    python bench/compliance.py --smoke    # a small run, as the test suite does

Builds an agreement with N buffer zones (small polygons scattered over Libya), a
``stay_out_of_zone`` term per zone binding both parties, and M verified incidents as columns
(random types, days, points and perpetrators, seeded); then times ``evaluate`` — the spatial
join (STRtree) and every (term, party) status. Only military incidents can break a zone term,
so only they go through the spatial join; ``--military-only`` makes every incident one (the
worst case). The last line is name=value pairs.
"""

from __future__ import annotations

import argparse
import time
from datetime import date

import numpy as np

from truce.domain.actors import Actor, ActorKind, Party
from truce.domain.agreement import Agreement, Term, TermKind, Zone, ZoneKind
from truce.domain.compliance import Status, evaluate
from truce.domain.compliance_evidence import TYPE_CODES, Evidence
from truce.domain.taxonomy import IncidentType

LIBYA = (10.0, 20.0, 25.0, 33.0)  # min lon, min lat, max lon, max lat


def scattered_zones(count: int, rng: np.random.Generator) -> tuple[Zone, ...]:
    """Octagons of 5–25 km radius at random places in Libya's bounding box."""
    zones = []
    angles = np.linspace(0, 2 * np.pi, 9)[:-1]
    for index in range(count):
        lon = rng.uniform(LIBYA[0] + 0.5, LIBYA[2] - 0.5)
        lat = rng.uniform(LIBYA[1] + 0.5, LIBYA[3] - 0.5)
        radius = rng.uniform(0.05, 0.25)
        ring = [[lon + radius * np.cos(a), lat + radius * np.sin(a)] for a in angles]
        ring.append(ring[0])
        zones.append(
            Zone(
                id=f"Z{index}",
                name=f"zone {index}",
                kind=ZoneKind.BUFFER_ZONE,
                geometry={"type": "Polygon", "coordinates": [ring]},
            )
        )
    return tuple(zones)


def bench_agreement(zones: tuple[Zone, ...]) -> Agreement:
    actors = tuple(
        Actor(id=name, name=name, kind=ActorKind.ARMED_GROUP)
        for name in ("EAST", "WEST", "G1", "G2")
    )
    return Agreement(
        id="bench",
        title="benchmark agreement",
        signed_on=date(2020, 1, 1),
        co_chairs=("G1", "G2"),
        parties=(Party("EAST", "east", ("EAST",)), Party("WEST", "west", ("WEST",))),
        actors=actors,
        terms=tuple(
            Term(
                id=f"T{zone.id}",
                kind=TermKind.STAY_OUT_OF_ZONE,
                parties=("EAST", "WEST"),
                text=f"stay out of {zone.name}",
                zone_id=zone.id,
            )
            for zone in zones
        ),
        zones=zones,
    )


def bench_evidence(count: int, rng: np.random.Generator, *, military_only: bool) -> Evidence:
    codes = np.array(sorted(TYPE_CODES.values()), dtype=np.int16)
    if military_only:
        codes = np.array([TYPE_CODES[IncidentType.SHELLING]], dtype=np.int16)
    perpetrator = np.zeros((count, 2), dtype=np.bool_)
    perpetrator[np.arange(count), rng.integers(0, 2, count)] = True
    return Evidence(
        party_ids=("EAST", "WEST"),
        ids=np.arange(1, count + 1, dtype=np.int64),
        types=rng.choice(codes, count).astype(np.int16),
        days=rng.integers(date(2020, 1, 1).toordinal(), date(2021, 1, 1).toordinal(), count),
        lon=rng.uniform(LIBYA[0], LIBYA[2], count),
        lat=rng.uniform(LIBYA[1], LIBYA[3], count),
        perpetrator=perpetrator,
        involved=perpetrator.copy(),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--zones", type=int, default=1_000)
    parser.add_argument("--smoke", action="store_true", help="10,000 incidents × 50 zones")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument(
        "--military-only",
        action="store_true",
        help="every incident a shelling: the worst case, every point goes through the STRtree",
    )
    options = parser.parse_args()
    incidents, zone_count = (10_000, 50) if options.smoke else (options.incidents, options.zones)
    rng = np.random.default_rng(options.seed)

    started = time.perf_counter()
    agreement = bench_agreement(scattered_zones(zone_count, rng))
    evidence = bench_evidence(incidents, rng, military_only=options.military_only)
    prepared = time.perf_counter() - started

    started = time.perf_counter()
    board = evaluate(agreement, evidence, date(2021, 1, 1))
    seconds = time.perf_counter() - started

    violations = sum(1 for s in board.statuses if s.status is Status.VIOLATION)
    judged = sum(len(s.incident_ids) for s in board.statuses)
    print(f"prepared {incidents:,} incidents and {zone_count:,} zones in {prepared:.2f} s")
    print(
        f"evaluated {len(board.statuses):,} term/party statuses in {seconds:.3f} s (target ≤ 5 s)"
    )
    print(
        f"incidents={incidents} zones={zone_count} statuses={len(board.statuses)} "
        f"military_only={options.military_only} violations={violations} "
        f"incidents_in_violation={judged} seconds={seconds:.3f}"
    )


if __name__ == "__main__":
    main()
