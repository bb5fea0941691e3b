"""What an incident can be: the event taxonomy of spec/extraction.md plus the two field types.

The groups (military, attack) are the compliance rules' vocabulary and live here so that
the rules, the API filters and the reports agree on them.
"""

from __future__ import annotations

from enum import StrEnum


class IncidentType(StrEnum):
    # The event taxonomy of the news pipeline (spec/extraction.md, truce-extract/1).
    ARMED_CLASH = "armed_clash"
    AIR_OR_DRONE_STRIKE = "air_or_drone_strike"
    SHELLING = "shelling"
    REMOTE_EXPLOSIVE = "remote_explosive"
    ATTACK_ON_CIVILIANS = "attack_on_civilians"
    TROOP_MOVEMENT = "troop_movement"
    WITHDRAWAL = "withdrawal"
    ARMS_TRANSFER = "arms_transfer"
    FOREIGN_FIGHTERS = "foreign_fighters"
    MEETING = "meeting"
    AGREEMENT = "agreement"
    STATEMENT = "statement"
    ACCUSATION = "accusation"
    MONITORING_ACTIVITY = "monitoring_activity"
    MECHANISM_ESTABLISHED = "mechanism_established"
    PROTEST = "protest"
    RESIGNATION = "resignation"
    # Reported by monitors in the field.
    ACCESS_DENIED = "access_denied"
    WEAPONS_OBSERVED = "weapons_observed"


#: Violence between or by armed forces: the types whose presence in a zone breaks
#: a ``stay_out_of_zone`` term.
MILITARY_TYPES: frozenset[IncidentType] = frozenset(
    {
        IncidentType.ARMED_CLASH,
        IncidentType.AIR_OR_DRONE_STRIKE,
        IncidentType.SHELLING,
        IncidentType.TROOP_MOVEMENT,
    }
)

#: Attacks: the types that break a ``no_attacks`` term.
ATTACK_TYPES: frozenset[IncidentType] = frozenset(
    {
        IncidentType.ARMED_CLASH,
        IncidentType.AIR_OR_DRONE_STRIKE,
        IncidentType.SHELLING,
        IncidentType.REMOTE_EXPLOSIVE,
        IncidentType.ATTACK_ON_CIVILIANS,
    }
)

#: Types only monitors report from the field; the news pipeline never proposes them.
FIELD_TYPES: frozenset[IncidentType] = frozenset(
    {IncidentType.ACCESS_DENIED, IncidentType.WEAPONS_OBSERVED}
)


class Modality(StrEnum):
    """Whether the reported event happened: ``planned`` and ``denied`` matter as much."""

    OCCURRED = "occurred"
    PLANNED = "planned"
    CANCELLED = "cancelled"
    DENIED = "denied"


class WeaponKind(StrEnum):
    """Heavy weapons counted by kind, as the OSCE SMM's daily reports counted them."""

    TANK = "tank"
    ARMOURED_VEHICLE = "armoured_vehicle"
    ARTILLERY = "artillery"
    MULTIPLE_ROCKET_LAUNCHER = "multiple_rocket_launcher"
    MORTAR = "mortar"
    ANTI_AIRCRAFT = "anti_aircraft"
    AIR_DEFENCE_SYSTEM = "air_defence_system"
    COMBAT_AIRCRAFT = "combat_aircraft"
    DRONE = "drone"
    OTHER = "other"
