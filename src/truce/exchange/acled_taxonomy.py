"""ACLED's taxonomy and codes, and how truce's map to them (``docs/exchange.md`` shows the tables).

Each truce type has one ACLED ``event_type``/``sub_event_type`` (several share *Strategic
developments/Other*, so files carry ``truce_type`` too); each ACLED sub-event type is read as one
truce type. ACLED's precision codes are coarser than truce's and are mapped both ways here.
"""

from __future__ import annotations

from truce.domain.incident import DatePrecision, LocationPrecision
from truce.domain.taxonomy import IncidentType

BATTLES = "Battles"
REMOTE_VIOLENCE = "Explosions/Remote violence"
AGAINST_CIVILIANS = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

#: truce type → (event_type, sub_event_type).
ACLED_EVENT_OF_TYPE: dict[IncidentType, tuple[str, str]] = {
    IncidentType.ARMED_CLASH: (BATTLES, "Armed clash"),
    IncidentType.AIR_OR_DRONE_STRIKE: (REMOTE_VIOLENCE, "Air/drone strike"),
    IncidentType.SHELLING: (REMOTE_VIOLENCE, "Shelling/artillery/missile attack"),
    IncidentType.REMOTE_EXPLOSIVE: (REMOTE_VIOLENCE, "Remote explosive/landmine/IED"),
    IncidentType.ATTACK_ON_CIVILIANS: (AGAINST_CIVILIANS, "Attack"),
    IncidentType.PROTEST: (PROTESTS, "Peaceful protest"),
    IncidentType.TROOP_MOVEMENT: (STRATEGIC, "Change to group/activity"),
    IncidentType.WITHDRAWAL: (STRATEGIC, "Non-violent transfer of territory"),
    IncidentType.AGREEMENT: (STRATEGIC, "Agreement"),
} | {
    kind: (STRATEGIC, "Other")
    for kind in (
        IncidentType.ARMS_TRANSFER,
        IncidentType.FOREIGN_FIGHTERS,
        IncidentType.MEETING,
        IncidentType.STATEMENT,
        IncidentType.ACCUSATION,
        IncidentType.MONITORING_ACTIVITY,
        IncidentType.MECHANISM_ESTABLISHED,
        IncidentType.RESIGNATION,
        IncidentType.ACCESS_DENIED,
        IncidentType.WEAPONS_OBSERVED,
    )
}

#: ACLED's taxonomy, sub_event_type → (its event_type, the truce type it is read as) for files
#: without a ``truce_type`` column.
ACLED_SUB_EVENTS: dict[str, tuple[str, IncidentType]] = {
    "Armed clash": (BATTLES, IncidentType.ARMED_CLASH),
    "Government regains territory": (BATTLES, IncidentType.ARMED_CLASH),
    "Non-state actor overtakes territory": (BATTLES, IncidentType.ARMED_CLASH),
    "Air/drone strike": (REMOTE_VIOLENCE, IncidentType.AIR_OR_DRONE_STRIKE),
    "Shelling/artillery/missile attack": (REMOTE_VIOLENCE, IncidentType.SHELLING),
    "Remote explosive/landmine/IED": (REMOTE_VIOLENCE, IncidentType.REMOTE_EXPLOSIVE),
    "Grenade": (REMOTE_VIOLENCE, IncidentType.REMOTE_EXPLOSIVE),
    "Suicide bomb": (REMOTE_VIOLENCE, IncidentType.REMOTE_EXPLOSIVE),
    "Chemical weapon": (REMOTE_VIOLENCE, IncidentType.ATTACK_ON_CIVILIANS),
    "Attack": (AGAINST_CIVILIANS, IncidentType.ATTACK_ON_CIVILIANS),
    "Sexual violence": (AGAINST_CIVILIANS, IncidentType.ATTACK_ON_CIVILIANS),
    "Abduction/forced disappearance": (AGAINST_CIVILIANS, IncidentType.ATTACK_ON_CIVILIANS),
    "Peaceful protest": (PROTESTS, IncidentType.PROTEST),
    "Protest with intervention": (PROTESTS, IncidentType.PROTEST),
    "Excessive force against protesters": (PROTESTS, IncidentType.PROTEST),
    "Violent demonstration": (RIOTS, IncidentType.PROTEST),
    "Mob violence": (RIOTS, IncidentType.PROTEST),
    "Agreement": (STRATEGIC, IncidentType.AGREEMENT),
    "Change to group/activity": (STRATEGIC, IncidentType.TROOP_MOVEMENT),
    "Headquarters or base established": (STRATEGIC, IncidentType.TROOP_MOVEMENT),
    "Non-violent transfer of territory": (STRATEGIC, IncidentType.WITHDRAWAL),
    "Disrupted weapons use": (STRATEGIC, IncidentType.WEAPONS_OBSERVED),
    "Arrests": (STRATEGIC, IncidentType.STATEMENT),
    "Looting/property destruction": (STRATEGIC, IncidentType.ATTACK_ON_CIVILIANS),
    "Other": (STRATEGIC, IncidentType.STATEMENT),
}

#: ACLED's geo_precision: 1 the place itself, 2 near it or part of a region, 3 a region's centre.
GEO_PRECISION_OF_LOCATION: dict[LocationPrecision, int] = {
    LocationPrecision.POINT: 1,
    LocationPrecision.NEAR_TOWN: 2,
    LocationPrecision.REGION: 3,
    LocationPrecision.COUNTRY: 3,
}
LOCATION_OF_GEO_PRECISION = {
    1: LocationPrecision.POINT,
    2: LocationPrecision.NEAR_TOWN,
    3: LocationPrecision.REGION,
}
#: ACLED's time_precision: 1 the day, 2 the week, 3 the month (a year is recorded as 3 too).
TIME_PRECISION_OF_DATE: dict[DatePrecision, int] = {
    DatePrecision.DAY: 1,
    DatePrecision.WEEK: 2,
    DatePrecision.MONTH: 3,
    DatePrecision.YEAR: 3,
}
DATE_OF_TIME_PRECISION = {1: DatePrecision.DAY, 2: DatePrecision.WEEK, 3: DatePrecision.MONTH}

#: Event types whose actor1 is a participant rather than an alleged perpetrator.
NON_VIOLENT_EVENT_TYPES = frozenset({STRATEGIC, PROTESTS})
