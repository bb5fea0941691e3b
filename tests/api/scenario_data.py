"""Incidents for the API tests: one of each kind the visibility and policy rules tell apart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from truce.domain.incident import (
    ActorRole,
    DatePrecision,
    EvidenceFile,
    Incident,
    IncidentActor,
    Location,
    LocationPrecision,
    Origin,
)
from truce.domain.source import Source, SourceKind
from truce.domain.taxonomy import IncidentType, Modality
from truce.domain.verification import VerificationState
from truce.store.database import Database
from truce.store.incidents import insert_incident
from truce.store.sources import save_evidence, save_source


@dataclass(frozen=True, slots=True)
class Seeded:
    gna_draft: int  # submitted by the GNA's delegate, accusing nobody of either party
    lna_draft: int  # submitted by the LNA's delegate
    accusing_lna: int  # a monitor's report accusing the LNA, under verification
    published: int  # verified two days ago: past the 24-hour embargo
    embargoed: int  # verified an hour ago, accusing the GNA
    gna_source: str  # the SHA-256 of the source behind the GNA draft
    evidence: str  # the SHA-256 of the photo attached to the published incident

    @property
    def all(self) -> set[int]:
        return {self.gna_draft, self.lna_draft, self.accusing_lna, self.published, self.embargoed}


def incident(
    summary: str,
    *,
    accused: tuple[str, ...] = (),
    reported_by: str,
    reporting_party: str | None = None,
    state: VerificationState = VerificationState.REPORTED,
    verified_hours_ago: float | None = None,
    origin: Origin = Origin.PARTY_REPORT,
    sources: tuple[str, ...] = (),
    evidence: tuple[EvidenceFile, ...] = (),
) -> Incident:
    return Incident(
        type=IncidentType.TROOP_MOVEMENT,
        modality=Modality.OCCURRED,
        occurred_on=date(2020, 11, 2),
        date_precision=DatePrecision.DAY,
        location=Location(30.456789, 16.351234, LocationPrecision.POINT, place="Abu Grein"),
        summary=summary,
        actors=tuple(IncidentActor(a, ActorRole.ALLEGED_PERPETRATOR) for a in accused),
        origin=origin,
        source_hashes=sources,
        evidence=evidence,
        reported_by=reported_by,
        reporting_party=reporting_party,
        state=state,
        verified_at=(
            datetime.now(UTC) - timedelta(hours=verified_hours_ago)
            if verified_hours_ago is not None
            else None
        ),
    )


def seed(database: Database) -> Seeded:
    verified = VerificationState.VERIFIED
    with database.transaction() as connection:
        source = Source(b"GNA report: columns seen near Abu Grein", SourceKind.PARTY_REPORT)
        save_source(connection, source)
        photo = save_evidence(connection, b"\xff\xd8 a photo", filename="p.jpg",
                              media_type="image/jpeg")  # fmt: skip
        ids = [
            insert_incident(connection, item).id
            for item in (
                incident("GNA draft: mercenaries moving", accused=("SYRIAN_MERCENARIES",),
                         reported_by="gna.delegate", reporting_party="GNA",
                         sources=(source.sha256,)),
                incident("LNA draft: columns near Sirte", reported_by="lna.delegate",
                         reporting_party="LNA"),
                incident("Patrol saw LNA artillery", accused=("LNA",), reported_by="monitor",
                         state=VerificationState.UNDER_VERIFICATION,
                         origin=Origin.MONITOR_PATROL),
                incident("Published: verified clash", reported_by="monitor", state=verified,
                         verified_hours_ago=48, origin=Origin.MONITOR_PATROL,
                         evidence=(photo,)),
                incident("Embargoed: GNA drone strike", accused=("GNA",), reported_by="monitor",
                         state=verified, verified_hours_ago=1, origin=Origin.MONITOR_PATROL),
            )
        ]  # fmt: skip
    gna_draft, lna_draft, accusing_lna, published, embargoed = (int(i or 0) for i in ids)
    return Seeded(gna_draft, lna_draft, accusing_lna, published, embargoed,
                  gna_source=source.sha256, evidence=photo.sha256)  # fmt: skip
