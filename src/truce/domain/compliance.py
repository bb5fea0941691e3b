"""The compliance engine: for each term and each party it binds, a status as of a date, with the
verified incidents behind it. A violation is derived from incidents and terms, never typed in.

Rules (only verified incidents whose modality is ``occurred``, dated on or before the day asked
about, and — for the prohibitions — on or after the day the agreement was signed):

- ``stay_out_of_zone``: a military incident (clash, strike, shelling, troop movement) inside the
  zone attributed to the party (an alleged perpetrator of its side) → ``violation``;
- ``no_attacks``: any attack attributed to the party → ``violation``;
- ``allow_monitor_access``: monitors denied access by the party → ``violation``;
- ``withdraw_to_point_by``: a ``withdrawal`` involving the party within the point's radius on or
  before the deadline → ``fulfilled``; the deadline passed without one → ``overdue``;
- ``foreign_forces_leave_by``: each contingent of the party is tracked through the stages its
  verified observations show (at the front, in camp, at an assembly point, departed);
  ``foreign_fighters`` presence after the deadline → ``violation``; all departed →
  ``fulfilled``; deadline passed → ``overdue``.

Otherwise the party is ``complying``; before the agreement was signed every status is
``unknown``. The evidence is columnar (numpy) so a million incidents are judged in one pass, and
``evaluate(..., pairs=...)`` recomputes only the (term, party) pairs a change affects.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from truce.domain.actors import RelationPredicate
from truce.domain.agreement import Agreement, Term, TermKind
from truce.domain.compliance_evidence import TYPE_CODES, Evidence
from truce.domain.taxonomy import ATTACK_TYPES, MILITARY_TYPES, IncidentType
from truce.geo.spatial import points_in_zones, within_km


class Status(StrEnum):
    COMPLYING = "complying"
    VIOLATION = "violation"
    OVERDUE = "overdue"
    FULFILLED = "fulfilled"
    UNKNOWN = "unknown"


class Stage(StrEnum):
    """Where a foreign contingent was last seen, in the order it should move."""

    NOT_OBSERVED = "not_observed"
    AT_FRONT = "at_front"
    IN_CAMP = "in_camp"
    AT_ASSEMBLY_POINT = "at_assembly_point"
    DEPARTED = "departed"


@dataclass(frozen=True, slots=True)
class ContingentStage:
    contingent: str
    stage: Stage
    incident_id: int | None = None
    observed_on: date | None = None


@dataclass(frozen=True, slots=True)
class TermStatus:
    term_id: str
    party_id: str
    kind: TermKind
    status: Status
    incident_ids: tuple[int, ...] = ()
    detail: str = ""
    stages: tuple[ContingentStage, ...] = ()


Pair = tuple[str, str]  # (term id, party id)


@dataclass(frozen=True, slots=True)
class Board:
    as_of: date
    statuses: tuple[TermStatus, ...]

    def status(self, term_id: str, party_id: str) -> TermStatus:
        for entry in self.statuses:
            if (entry.term_id, entry.party_id) == (term_id, party_id):
                return entry
        raise KeyError((term_id, party_id))

    def replaced(self, updates: Iterable[TermStatus]) -> Board:
        fresh = {(u.term_id, u.party_id): u for u in updates}
        return replace(
            self,
            statuses=tuple(fresh.get((s.term_id, s.party_id), s) for s in self.statuses),
        )


def all_pairs(agreement: Agreement) -> list[Pair]:
    return [(term.id, party) for term in agreement.terms for party in term.parties]


def evaluate(
    agreement: Agreement, evidence: Evidence, as_of: date, pairs: Iterable[Pair] | None = None
) -> Board:
    """The board as of ``as_of``; with ``pairs``, only those (term, party) pairs."""
    wanted = list(all_pairs(agreement) if pairs is None else pairs)
    terms = {term.id: term for term in agreement.terms}
    if agreement.signed_on is not None and as_of < agreement.signed_on:
        return Board(
            as_of,
            tuple(
                TermStatus(t, p, terms[t].kind, Status.UNKNOWN, detail="not yet in force")
                for t, p in wanted
            ),
        )
    start = agreement.signed_on.toordinal() if agreement.signed_on else -1
    known = (evidence.days >= 0) & (evidence.days <= as_of.toordinal())
    zone_terms = {terms[t].zone_id for t, _ in wanted if terms[t].kind is TermKind.STAY_OUT_OF_ZONE}
    hits = _zone_hits(agreement, evidence, known, {z for z in zone_terms if z is not None})
    statuses = []
    for term_id, party_id in wanted:
        term = terms[term_id]
        column = evidence.party_column(party_id)
        if term.kind is TermKind.STAY_OUT_OF_ZONE:
            rows = hits.get(term.zone_id or "", np.empty(0, dtype=np.int64))
            rows = rows[evidence.perpetrator[rows, column] & (evidence.days[rows] >= start)]
            statuses.append(_prohibition(term, party_id, evidence, rows, "inside the zone"))
        elif term.kind in PROHIBITED_TYPES:
            mask = known & (evidence.days >= start) & evidence.perpetrator[:, column]
            mask &= np.isin(evidence.types, _codes(PROHIBITED_TYPES[term.kind]))
            statuses.append(_prohibition(term, party_id, evidence, np.flatnonzero(mask), ""))
        elif term.kind is TermKind.WITHDRAW_TO_POINT_BY:
            statuses.append(_withdrawal(agreement, term, party_id, evidence, known, as_of))
        elif term.kind is TermKind.FOREIGN_FORCES_LEAVE_BY:
            statuses.append(_foreign_forces(agreement, term, party_id, evidence, known, as_of))
        else:
            statuses.append(TermStatus(term_id, party_id, term.kind, Status.UNKNOWN))
    return Board(as_of, tuple(statuses))


#: Prohibitions judged without geometry: the incident types that break them.
PROHIBITED_TYPES: dict[TermKind, frozenset[IncidentType]] = {
    TermKind.NO_ATTACKS: ATTACK_TYPES,
    TermKind.ALLOW_MONITOR_ACCESS: frozenset({IncidentType.ACCESS_DENIED}),
}


#: The incident types that can change a status, by term kind (for incremental recomputes).
TYPES_JUDGED: dict[TermKind, frozenset[IncidentType]] = {
    TermKind.STAY_OUT_OF_ZONE: MILITARY_TYPES,
    TermKind.WITHDRAW_TO_POINT_BY: frozenset({IncidentType.WITHDRAWAL}),
    TermKind.FOREIGN_FORCES_LEAVE_BY: frozenset(
        {IncidentType.FOREIGN_FIGHTERS, IncidentType.WITHDRAWAL}
    ),
    **PROHIBITED_TYPES,
}


def affected_pairs(
    agreement: Agreement, types: Iterable[IncidentType], actors: Iterable[str]
) -> set[Pair]:
    """The (term, party) pairs an incident of these types and actors can change."""
    kinds = set(types)
    named = set(actors)
    sides = {party.id for party in agreement.parties if any(party.includes(a) for a in named)}
    pairs: set[Pair] = set()
    for term in agreement.terms:
        if not kinds & TYPES_JUDGED.get(term.kind, frozenset()):
            continue
        for party in term.parties:
            if party in sides or named & set(contingents_of(agreement, term, party)):
                pairs.add((term.id, party))
    return pairs


def contingents_of(agreement: Agreement, term: Term, party_id: str) -> tuple[str, ...]:
    """The foreign contingents of a term that answer to a party: members of it, or deployed by
    or supporting one of its actors or their backers."""
    party = agreement.party(party_id)
    supports, deployed_by = RelationPredicate.SUPPORTS, RelationPredicate.DEPLOYED_BY
    backers = {
        r.subject for r in agreement.relations
        if r.predicate is supports and party.includes(r.object)
    }  # fmt: skip
    mine = []
    for contingent in term.contingents:
        linked = {
            r.object for r in agreement.relations
            if r.subject == contingent and r.predicate in (supports, deployed_by)
        }  # fmt: skip
        if party.includes(contingent) or any(party.includes(a) or a in backers for a in linked):
            mine.append(contingent)
    return tuple(mine)


def _codes(types: Iterable[IncidentType]) -> NDArray[np.int16]:
    return np.array([TYPE_CODES[kind] for kind in types], dtype=np.int16)


def _zone_hits(
    agreement: Agreement, evidence: Evidence, known: NDArray[np.bool_], zone_ids: set[str]
) -> dict[str, NDArray[np.int64]]:
    """For each zone, the rows of military incidents inside it (one STRtree query for all)."""
    if not zone_ids:
        return {}
    rows = np.flatnonzero(known & np.isin(evidence.types, _codes(MILITARY_TYPES)))
    zones = [zone for zone in agreement.zones if zone.id in zone_ids]
    point_index, zone_index = points_in_zones(
        evidence.lon[rows], evidence.lat[rows], [zone.geometry for zone in zones]
    )
    order = np.argsort(zone_index, kind="stable")
    bounds = np.searchsorted(zone_index[order], np.arange(len(zones) + 1))
    matched = rows[point_index[order]]
    return {zone.id: matched[bounds[i] : bounds[i + 1]] for i, zone in enumerate(zones)}


def _prohibition(
    term: Term, party_id: str, evidence: Evidence, rows: NDArray[np.int64], where: str
) -> TermStatus:
    ids = tuple(np.unique(evidence.ids[rows]).tolist())
    if not ids:
        return TermStatus(term.id, party_id, term.kind, Status.COMPLYING)
    detail = f"{len(ids)} verified incident(s) attributed to {party_id}" + (
        f" {where}" if where else ""
    )
    return TermStatus(term.id, party_id, term.kind, Status.VIOLATION, ids, detail)


def _withdrawal(
    agreement: Agreement,
    term: Term,
    party_id: str,
    evidence: Evidence,
    known: NDArray[np.bool_],
    as_of: date,
) -> TermStatus:
    assert term.point_id is not None and term.deadline is not None
    point = agreement.withdrawal_point(term.point_id)
    cutoff = min(term.deadline, as_of).toordinal()
    mask = known & (evidence.days <= cutoff) & evidence.involved[:, evidence.party_column(party_id)]
    mask &= evidence.types == TYPE_CODES[IncidentType.WITHDRAWAL]
    rows = np.flatnonzero(mask)
    rows = rows[
        within_km(evidence.lon[rows], evidence.lat[rows], point.lon, point.lat, point.radius_km)
    ]
    ids = tuple(np.unique(evidence.ids[rows]).tolist())
    if ids:
        detail = f"withdrawal to {point.name} observed by {term.deadline}"
        return TermStatus(term.id, party_id, term.kind, Status.FULFILLED, ids, detail)
    if as_of > term.deadline:
        detail = f"no verified withdrawal to {point.name} by {term.deadline}"
        return TermStatus(term.id, party_id, term.kind, Status.OVERDUE, (), detail)
    return TermStatus(term.id, party_id, term.kind, Status.COMPLYING, (), f"due by {term.deadline}")


def _foreign_forces(
    agreement: Agreement,
    term: Term,
    party_id: str,
    evidence: Evidence,
    known: NDArray[np.bool_],
    as_of: date,
) -> TermStatus:
    assert term.deadline is not None
    contingents = contingents_of(agreement, term, party_id)
    watched = np.isin(
        evidence.types, _codes((IncidentType.FOREIGN_FIGHTERS, IncidentType.WITHDRAWAL))
    )
    rows = [int(r) for r in np.flatnonzero(known & watched)]
    places = _observed_places(agreement, term, evidence, rows)
    stages: list[ContingentStage] = []
    late: list[int] = []
    for contingent in contingents:
        seen = sorted(
            (int(evidence.days[r]), r) for r in rows if contingent in evidence.actors_of(r)
        )
        stage = ContingentStage(contingent, Stage.NOT_OBSERVED)
        for day, row in seen:
            is_presence = evidence.types[row] == TYPE_CODES[IncidentType.FOREIGN_FIGHTERS]
            if is_presence and day > term.deadline.toordinal():
                late.append(int(evidence.ids[row]))
            step = places.get(row, Stage.IN_CAMP) if is_presence else Stage.DEPARTED
            stage = ContingentStage(contingent, step, int(evidence.ids[row]), date.fromordinal(day))
        stages.append(stage)
    behind = tuple(sorted({s.incident_id for s in stages if s.incident_id is not None} | set(late)))
    if late:
        detail = f"foreign fighters of {party_id}'s side seen after {term.deadline}"
        return TermStatus(
            term.id, party_id, term.kind, Status.VIOLATION, behind, detail, tuple(stages)
        )
    if contingents and all(s.stage is Stage.DEPARTED for s in stages):
        return TermStatus(term.id, party_id, term.kind, Status.FULFILLED, behind, "", tuple(stages))
    if as_of > term.deadline:
        detail = f"not every contingent was seen leaving by {term.deadline}"
        return TermStatus(
            term.id, party_id, term.kind, Status.OVERDUE, behind, detail, tuple(stages)
        )
    return TermStatus(
        term.id,
        party_id,
        term.kind,
        Status.COMPLYING,
        behind,
        f"due by {term.deadline}",
        tuple(stages),
    )


def _observed_places(
    agreement: Agreement, term: Term, evidence: Evidence, rows: Sequence[int]
) -> dict[int, Stage]:
    """Where each observation was: at an assembly point of the term, or inside a zone of the
    agreement (at the front); rows in neither are absent (in camp)."""
    if not rows:
        return {}
    index = np.asarray(rows, dtype=np.int64)
    places: dict[int, Stage] = {}
    point_index, _ = points_in_zones(
        evidence.lon[index], evidence.lat[index], [zone.geometry for zone in agreement.zones]
    )
    for row in index[point_index].tolist():
        places[row] = Stage.AT_FRONT
    for point_id in term.assembly_points:
        point = agreement.withdrawal_point(point_id)
        near = within_km(
            evidence.lon[index], evidence.lat[index], point.lon, point.lat, point.radius_km
        )
        for row in index[near].tolist():
            places[row] = Stage.AT_ASSEMBLY_POINT
    return places
