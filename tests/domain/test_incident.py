from __future__ import annotations

from datetime import date

import pytest

from truce.domain.incident import (
    ActorRole,
    Casualties,
    DatePrecision,
    Incident,
    IncidentActor,
    Location,
    LocationPrecision,
)
from truce.domain.taxonomy import ATTACK_TYPES, MILITARY_TYPES, IncidentType, Modality, WeaponKind
from truce.errors import InvalidInput


def shelling(**changes: object) -> Incident:
    values: dict[str, object] = {
        "type": IncidentType.SHELLING,
        "modality": Modality.OCCURRED,
        "occurred_on": date(2020, 11, 2),
        "date_precision": DatePrecision.DAY,
        "location": Location(30.45, 16.35, LocationPrecision.POINT, "near Sirte"),
        "summary": "shells fell",
        "actors": (IncidentActor("LNA", ActorRole.ALLEGED_PERPETRATOR),),
    }
    values.update(changes)
    return Incident(**values)  # type: ignore[arg-type]


def test_alleged_perpetrators_are_the_actors_in_that_role() -> None:
    incident = shelling(
        actors=(
            IncidentActor("LNA", ActorRole.ALLEGED_PERPETRATOR),
            IncidentActor("GNA", ActorRole.TARGET),
        )
    )
    assert incident.alleged_perpetrators == ("LNA",)
    assert incident.actor_ids() == ("LNA", "GNA")


@pytest.mark.parametrize(("lat", "lon", "field"), [(95.0, 16.0, "lat"), (30.0, 181.0, "lon")])
def test_a_location_out_of_range_names_its_field(lat: float, lon: float, field: str) -> None:
    with pytest.raises(InvalidInput) as error:
        Location(lat, lon, LocationPrecision.POINT)
    assert error.value.field == field


def test_a_country_centroid_says_it_is_one() -> None:
    location = Location(26.3, 17.2, LocationPrecision.COUNTRY, "Libya")
    assert location.precision is LocationPrecision.COUNTRY


def test_a_date_needs_its_precision() -> None:
    with pytest.raises(InvalidInput, match="precision"):
        shelling(date_precision=None)


def test_weapon_counts_only_on_weapons_observed() -> None:
    with pytest.raises(InvalidInput) as error:
        shelling(weapons={WeaponKind.TANK: 3})
    assert error.value.field == "weapons"
    observed = shelling(type=IncidentType.WEAPONS_OBSERVED, weapons={WeaponKind.TANK: 3})
    assert observed.weapons[WeaponKind.TANK] == 3


def test_negative_casualties_are_refused() -> None:
    with pytest.raises(InvalidInput) as error:
        Casualties(killed=-1)
    assert error.value.field == "casualties.killed"


def test_an_actor_cannot_hold_the_same_role_twice() -> None:
    twice = (IncidentActor("LNA", ActorRole.TARGET), IncidentActor("LNA", ActorRole.TARGET))
    with pytest.raises(InvalidInput, match="twice"):
        shelling(actors=twice)


def test_military_and_attack_groups_hold_what_the_compliance_rules_name() -> None:
    assert {IncidentType.ARMED_CLASH, IncidentType.SHELLING, IncidentType.TROOP_MOVEMENT} <= (
        MILITARY_TYPES
    )
    assert IncidentType.MEETING not in MILITARY_TYPES | ATTACK_TYPES
    assert IncidentType.ATTACK_ON_CIVILIANS in ATTACK_TYPES
