"""What the map draws, as GeoJSON (RFC 7946): the agreement's geography and the incidents.

The page embeds these documents (Jinja's ``tojson`` escapes them for HTML) and its script
draws them with Leaflet; the colours of incident types and the styles of verification states
are declared here once, for the map and for its legend.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from truce.domain.agreement import Agreement
from truce.domain.incident import Incident
from truce.domain.taxonomy import IncidentType
from truce.domain.verification import VerificationState
from truce.exchange.geojson import zones_collection

_T = IncidentType

#: One colour a type, by family: violence red, movements orange, withdrawals green, foreign
#: forces and arms purple, talks blue, field observations teal.
TYPE_COLOURS: dict[IncidentType, str] = {
    _T.ARMED_CLASH: "#b2182b",
    _T.AIR_OR_DRONE_STRIKE: "#d6604d",
    _T.SHELLING: "#e7298a",
    _T.REMOTE_EXPLOSIVE: "#99000d",
    _T.ATTACK_ON_CIVILIANS: "#67001f",
    _T.TROOP_MOVEMENT: "#e08214",
    _T.WITHDRAWAL: "#1b7837",
    _T.ARMS_TRANSFER: "#8c510a",
    _T.FOREIGN_FIGHTERS: "#762a83",
    _T.MEETING: "#2166ac",
    _T.AGREEMENT: "#4393c3",
    _T.STATEMENT: "#5e7fa0",
    _T.ACCUSATION: "#7a6f9b",
    _T.MONITORING_ACTIVITY: "#35978f",
    _T.MECHANISM_ESTABLISHED: "#4d7da8",
    _T.PROTEST: "#bf812d",
    _T.RESIGNATION: "#878787",
    _T.ACCESS_DENIED: "#01665e",
    _T.WEAPONS_OBSERVED: "#003c30",
}

_S = VerificationState

#: How a marker shows how sure the chamber is: solid when verified, hollow and dashed while
#: open, crossed-out grey when rejected or merged.
STATE_STYLES: dict[VerificationState, dict[str, Any]] = {
    _S.VERIFIED: {"fillOpacity": 0.9, "weight": 3, "dashArray": None, "color": "#000000"},
    _S.DISPUTED: {"fillOpacity": 0.5, "weight": 3, "dashArray": "2 3", "color": "#000000"},
    _S.UNDER_VERIFICATION: {"fillOpacity": 0.35, "weight": 2, "dashArray": "4 3", "color": None},
    _S.TRIAGED: {"fillOpacity": 0.25, "weight": 2, "dashArray": "4 3", "color": None},
    _S.REPORTED: {"fillOpacity": 0.15, "weight": 2, "dashArray": "4 3", "color": None},
    _S.UNVERIFIED: {"fillOpacity": 0.15, "weight": 1, "dashArray": "1 3", "color": None},
    _S.REJECTED: {"fillOpacity": 0.05, "weight": 1, "dashArray": "1 3", "color": "#777777"},
    _S.MERGED: {"fillOpacity": 0.05, "weight": 1, "dashArray": "1 3", "color": "#777777"},
}


def parties_involved(agreement: Agreement, incident: Incident) -> tuple[str, ...]:
    """The parties of the agreement whose actors take part in ``incident``, in order."""
    found: list[str] = []
    for actor_id in incident.actor_ids():
        party = agreement.party_of(actor_id)
        if party is not None and party.id not in found:
            found.append(party.id)
    return tuple(found)


def incident_features(agreement: Agreement, incidents: Iterable[Incident]) -> dict[str, Any]:
    """The located incidents as Point features with what the map's card shows."""
    features = []
    for incident in incidents:
        if incident.location is None or incident.id is None:
            continue
        features.append(
            {
                "type": "Feature",
                "id": incident.id,
                "geometry": {
                    "type": "Point",
                    "coordinates": [incident.location.lon, incident.location.lat],
                },
                "properties": {
                    "id": incident.id,
                    "type": str(incident.type),
                    "state": str(incident.state),
                    "date": incident.occurred_on.isoformat() if incident.occurred_on else None,
                    "date_precision": str(incident.date_precision or ""),
                    "place": incident.location.place or "",
                    "location_precision": str(incident.location.precision),
                    "summary": incident.summary,
                    "parties": list(parties_involved(agreement, incident)),
                    "url": f"/incidents/{incident.id}",
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def agreement_features(agreement: Agreement) -> dict[str, Any]:
    """The agreement's GeoJSON (``zones_collection``), each feature told which layer it is
    drawn in: ``zone`` (polygons), ``line`` or ``withdrawal_point``."""
    collection = zones_collection(agreement)
    for feature in collection["features"]:
        properties = feature["properties"]
        if properties["feature"] == "withdrawal_point":
            layer = "withdrawal_point"
        else:
            line = feature["geometry"].get("type", "").endswith("LineString")
            layer = "line" if line else "zone"
        properties |= {"layer": layer, "id": feature["id"]}
    return collection


def map_style() -> dict[str, Any]:
    """The colours and state styles, for the page's script."""
    return {
        "types": {str(kind): colour for kind, colour in TYPE_COLOURS.items()},
        "states": {str(state): style for state, style in STATE_STYLES.items()},
    }
