"""Read a scenario file into a domain ``Agreement`` — or a ``ScenarioError`` naming file and field.

The checks run in order, each naming the field path it found wrong: YAML syntax (with the line),
the JSON Schema (``schema.json`` beside this module), dates, geometry (ranges, self-intersection),
and the references between parts (a term naming an unknown party).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from truce.domain.actors import Actor, ActorKind, ActorRelation, Party, RelationPredicate
from truce.domain.agreement import (
    Agreement,
    PublicationRules,
    Term,
    TermKind,
    WithdrawalPoint,
    Zone,
    ZoneKind,
)
from truce.errors import InvalidInput, ScenarioError
from truce.geo.geometry import parse_geometry

FORMAT = "truce-scenario/1"


@cache
def scenario_schema() -> dict[str, Any]:
    text = resources.files("truce.scenario").joinpath("schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


class _StringDatesLoader(yaml.SafeLoader):
    """YAML's safe loader, but dates stay strings so that the schema and our parser judge them."""


_StringDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_scenario(path: str | Path) -> Agreement:
    """Read and check the scenario at ``path``."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise ScenarioError(name, "", f"cannot read the file: {error.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(name, "", "is not UTF-8 text; save it as UTF-8 YAML") from None
    return parse_scenario(text, name)


def parse_scenario(text: str, name: str = "<scenario>") -> Agreement:
    try:
        document = yaml.load(text, Loader=_StringDatesLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise ScenarioError(name, "", f"is not valid YAML{where}: {problem}") from None
    if not isinstance(document, Mapping):
        raise ScenarioError(name, "", f"must be a YAML mapping with format: {FORMAT}")
    _check_schema(document, name)
    try:
        return _build_agreement(document)
    except InvalidInput as error:
        raise ScenarioError(name, error.field, error.problem) from None


def _check_schema(document: Mapping[str, Any], name: str) -> None:
    validator = jsonschema.Draft202012Validator(scenario_schema())
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    if not errors:
        return
    error = jsonschema.exceptions.best_match(errors)
    field = ".".join(str(part) for part in error.absolute_path)
    raise ScenarioError(name, field or "(top level)", _schema_problem(error))


def _schema_problem(error: jsonschema.ValidationError) -> str:
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    if error.validator == "pattern" and schema.get("description") == "YYYY-MM-DD":
        return f"{error.instance!r} is not a date (write it as YYYY-MM-DD)"
    if error.validator == "pattern":
        return f"{error.instance!r} does not have the form of an id ({schema.get('pattern')})"
    if error.validator == "additionalProperties":
        return f"{error.message} (see docs/scenario.md for the fields)"
    return str(error.message)


def _date(value: str | None, field: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(field, f"{value!r} is not a date (write it as YYYY-MM-DD)") from None


def _build_agreement(document: Mapping[str, Any]) -> Agreement:
    head = document["agreement"]
    actors = tuple(
        Actor(
            id=item["id"],
            name=item["name"],
            kind=ActorKind(item["kind"]),
            aliases={lang: tuple(names) for lang, names in item.get("aliases", {}).items()},
            country=item.get("country"),
        )
        for item in document["actors"]
    )
    parties = tuple(
        Party(id=item["id"], name=item["name"], actor_ids=tuple(item["actors"]))
        for item in document["parties"]
    )
    relations = tuple(
        ActorRelation(
            subject=item["subject"],
            predicate=RelationPredicate(item["predicate"]),
            object=item["object"],
            valid_from=_date(item.get("valid_from"), f"relations.{index}.valid_from"),
            valid_to=_date(item.get("valid_to"), f"relations.{index}.valid_to"),
        )
        for index, item in enumerate(document.get("relations", []))
    )
    zones = []
    for index, item in enumerate(document.get("zones", [])):
        parse_geometry(item["geometry"], f"zones.{index}.geometry")
        zones.append(
            Zone(
                id=item["id"],
                name=item["name"],
                kind=ZoneKind(item["kind"]),
                geometry=item["geometry"],
                description=item.get("description", ""),
            )
        )
    points = tuple(
        WithdrawalPoint(
            id=item["id"],
            name=item["name"],
            lat=float(item["lat"]),
            lon=float(item["lon"]),
            radius_km=float(item.get("radius_km", 10.0)),
            description=item.get("description", ""),
        )
        for item in document.get("withdrawal_points", [])
    )
    terms = tuple(_build_term(item, index) for index, item in enumerate(document["terms"]))
    publication = head.get("publication", {})
    defaults = PublicationRules()
    return Agreement(
        id=head["id"],
        title=head["title"],
        signed_on=_date(head.get("signed_on"), "agreement.signed_on"),
        description=head.get("description", ""),
        co_chairs=tuple(head["co_chairs"]),
        parties=parties,
        actors=actors,
        terms=terms,
        zones=tuple(zones),
        withdrawal_points=points,
        relations=relations,
        publication=PublicationRules(
            embargo_hours=publication.get("embargo_hours", defaults.embargo_hours),
            coordinate_decimals=publication.get(
                "coordinate_decimals", defaults.coordinate_decimals
            ),
            redacted_fields=tuple(publication.get("redacted_fields", defaults.redacted_fields)),
        ),
    )


def _build_term(item: Mapping[str, Any], index: int) -> Term:
    where = f"terms.{index}"
    try:
        return Term(
            id=item["id"],
            kind=TermKind(item["kind"]),
            parties=tuple(item["parties"]),
            text=item["text"],
            zone_id=item.get("zone"),
            point_id=item.get("point"),
            deadline=_date(item.get("deadline"), f"{where}.deadline"),
            contingents=tuple(item.get("contingents", ())),
            assembly_points=tuple(item.get("assembly_points", ())),
        )
    except InvalidInput as error:
        field = error.field if error.field.startswith(where) else f"{where}.{error.field}"
        raise InvalidInput(field, error.problem) from None


def agreement_to_document(agreement: Agreement) -> dict[str, Any]:
    """The scenario document of an agreement: what ``parse_scenario`` reads back unchanged."""
    head: dict[str, Any] = {
        "id": agreement.id,
        "title": agreement.title,
        "co_chairs": list(agreement.co_chairs),
        "publication": {
            "embargo_hours": agreement.publication.embargo_hours,
            "coordinate_decimals": agreement.publication.coordinate_decimals,
            "redacted_fields": list(agreement.publication.redacted_fields),
        },
    }
    if agreement.signed_on:
        head["signed_on"] = agreement.signed_on.isoformat()
    if agreement.description:
        head["description"] = agreement.description
    return {
        "format": FORMAT,
        "agreement": head,
        "actors": [_actor_document(actor) for actor in agreement.actors],
        "parties": [
            {"id": p.id, "name": p.name, "actors": list(p.actor_ids)} for p in agreement.parties
        ],
        "relations": [_relation_document(r) for r in agreement.relations],
        "zones": [
            _without_empty(
                {
                    "id": z.id,
                    "name": z.name,
                    "kind": str(z.kind),
                    "geometry": z.geometry,
                    "description": z.description,
                }
            )
            for z in agreement.zones
        ],
        "withdrawal_points": [
            _without_empty(
                {
                    "id": w.id,
                    "name": w.name,
                    "lat": w.lat,
                    "lon": w.lon,
                    "radius_km": w.radius_km,
                    "description": w.description,
                }
            )
            for w in agreement.withdrawal_points
        ],
        "terms": [
            _without_empty(
                {
                    "id": t.id,
                    "kind": str(t.kind),
                    "parties": list(t.parties),
                    "text": t.text,
                    "zone": t.zone_id,
                    "point": t.point_id,
                    "deadline": t.deadline.isoformat() if t.deadline else None,
                    "contingents": list(t.contingents),
                    "assembly_points": list(t.assembly_points),
                }
            )
            for t in agreement.terms
        ],
    }


def _actor_document(actor: Actor) -> dict[str, Any]:
    return _without_empty(
        {
            "id": actor.id,
            "name": actor.name,
            "kind": str(actor.kind),
            "country": actor.country,
            "aliases": {lang: list(names) for lang, names in actor.aliases.items()},
        }
    )


def _relation_document(relation: ActorRelation) -> dict[str, Any]:
    return _without_empty(
        {
            "subject": relation.subject,
            "predicate": str(relation.predicate),
            "object": relation.object,
            "valid_from": relation.valid_from.isoformat() if relation.valid_from else None,
            "valid_to": relation.valid_to.isoformat() if relation.valid_to else None,
        }
    )


def _without_empty(document: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value
        for key, value in document.items()
        if value is not None and not (isinstance(value, str | Sequence | Mapping) and not value)
    }
