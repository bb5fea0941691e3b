"""The evidence the compliance engine judges: verified incidents, as columns.

One row per verified incident that occurred: its id, type code, day (proleptic ordinal, -1 when
undated), coordinates (NaN when unplaced), and which parties it is attributed to (an alleged
perpetrator of their side) or involves at all. Columns let the engine judge a million incidents
with array operations; ``from_incidents`` builds them from domain incidents, and a benchmark or
an import can build them directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from truce.domain.agreement import Agreement
from truce.domain.incident import ActorRole, Incident
from truce.domain.taxonomy import IncidentType, Modality
from truce.domain.verification import VerificationState

#: A small integer per incident type, for the ``types`` column.
TYPE_CODES: dict[IncidentType, int] = {kind: code for code, kind in enumerate(IncidentType)}


@dataclass(frozen=True, slots=True)
class Evidence:
    party_ids: tuple[str, ...]
    ids: NDArray[np.int64]
    types: NDArray[np.int16]
    days: NDArray[np.int64]
    lon: NDArray[np.float64]
    lat: NDArray[np.float64]
    perpetrator: NDArray[np.bool_]  # (rows, parties)
    involved: NDArray[np.bool_]  # (rows, parties)
    #: The actors of rows that name foreign contingents, by row (other rows name none here).
    actors: Mapping[int, tuple[str, ...]] = field(default_factory=dict)

    def party_column(self, party_id: str) -> int:
        return self.party_ids.index(party_id)

    def actors_of(self, row: int) -> tuple[str, ...]:
        return self.actors.get(row, ())

    def __len__(self) -> int:
        return len(self.ids)


def counts_as_evidence(incident: Incident) -> bool:
    """Only incidents both co-chairs verified, and that happened, count."""
    return incident.state is VerificationState.VERIFIED and incident.modality is Modality.OCCURRED


def from_incidents(agreement: Agreement, incidents: Iterable[Incident]) -> Evidence:
    chosen: Sequence[Incident] = [i for i in incidents if counts_as_evidence(i)]
    parties = tuple(party.id for party in agreement.parties)
    perpetrator = np.zeros((len(chosen), len(parties)), dtype=np.bool_)
    involved = np.zeros((len(chosen), len(parties)), dtype=np.bool_)
    actors: dict[int, tuple[str, ...]] = {}
    for row, incident in enumerate(chosen):
        for column, party in enumerate(agreement.parties):
            perpetrator[row, column] = any(
                party.includes(a) for a in incident.actor_ids(ActorRole.ALLEGED_PERPETRATOR)
            )
            involved[row, column] = any(party.includes(a) for a in incident.actor_ids())
        if incident.type in (IncidentType.FOREIGN_FIGHTERS, IncidentType.WITHDRAWAL):
            actors[row] = incident.actor_ids()
    return Evidence(
        party_ids=parties,
        ids=np.array([i.id or 0 for i in chosen], dtype=np.int64),
        types=np.array([TYPE_CODES[i.type] for i in chosen], dtype=np.int16),
        days=np.array(
            [i.occurred_on.toordinal() if i.occurred_on else -1 for i in chosen], dtype=np.int64
        ),
        lon=np.array([i.location.lon if i.location else np.nan for i in chosen], dtype=np.float64),
        lat=np.array([i.location.lat if i.location else np.nan for i in chosen], dtype=np.float64),
        perpetrator=perpetrator,
        involved=involved,
        actors=actors,
    )
