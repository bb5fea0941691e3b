from __future__ import annotations

from truce.geo.gazetteer import distance_km, normalise_name
from truce.ingest.pipeline import Resources


def test_curated_spellings_in_three_languages(resources: Resources) -> None:
    gazetteer = resources.gazetteer
    for spelling in ("Sirte", "Sirt", "Surt", "Syrte", "سرت"):
        (place,) = gazetteer.lookup(spelling)
        assert place.name == "Sirte" and place.country == "LY"
    for spelling in ("Misurata", "Misratah", "مصراتة"):
        assert gazetteer.lookup(spelling)[0].name == "Misrata"


def test_what_geonames_lacks_or_spells_otherwise(resources: Resources) -> None:
    gazetteer = resources.gazetteer
    assert gazetteer.lookup("Ras Lanuf")[0].precision == "city"
    assert gazetteer.lookup("Brega")[0].name == "Brega"
    assert gazetteer.lookup("al-Jufra")[0].precision == "region"
    assert gazetteer.lookup("Jufra airbase")[0].precision == "point"
    assert len(gazetteer.lookup("Zawiya")) == 1  # GeoNames' two entries folded into one


def test_homonyms_and_countries(resources: Resources) -> None:
    gazetteer = resources.gazetteer
    assert {p.country for p in gazetteer.lookup("Tripoli")} >= {"LY", "LB"}
    libya = gazetteer.country("LY")
    assert libya is not None and libya.precision == "country"
    assert gazetteer.lookup("Libye")[0] == libya


def test_names_are_compared_without_case_accents_or_hyphens() -> None:
    assert normalise_name("al-Watiya") == normalise_name("Al Watiya")
    assert normalise_name("Çavuşoğlu") == "cavusoglu"
    assert round(distance_km(32.8872, 13.1913, 32.3754, 15.0925)) == 187


def test_the_sirte_front_in_its_spellings(resources: Resources) -> None:
    gazetteer = resources.gazetteer
    for spelling in ("Wadi Jaref", "Wadi Jarif", "Oued Jaref", "وادي جارف"):
        (place,) = gazetteer.lookup(spelling)
        assert place.name == "Wadi Jaref" and place.country == "LY"
        assert 20 < distance_km(place.lat, place.lon, 31.2089, 16.5887) < 40  # west of Sirte
    for spelling in ("al-Qardabiya", "Qardabiya air base", "Ghardabiya", "القرضابية"):
        (place,) = gazetteer.lookup(spelling)
        assert place.precision == "point"
        assert 15 < distance_km(place.lat, place.lon, 31.2089, 16.5887) < 25  # south of Sirte
