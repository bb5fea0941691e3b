"""Who acts in a ceasefire: actors, the parties they form, and their relations over time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from truce.errors import InvalidInput


class ActorKind(StrEnum):
    STATE = "state"
    GOVERNMENT = "government"
    ARMED_GROUP = "armed_group"
    ORGANISATION = "organisation"


class ActorOrigin(StrEnum):
    """Where the store got an actor from.

    ``scenario``: the agreement's scenario file declared it (``truce init``); it is one of the
    agreement's actors, and the scenario export lists it. ``reference``: news ingest or a data
    import registered it from the reference registry (``truce.ingest.actors.reference_actors``:
    a state, the UN, the EU …) because an article or a row named it; incidents may name it, but
    it is not one of the agreement's actors.
    """

    SCENARIO = "scenario"
    REFERENCE = "reference"


class RelationPredicate(StrEnum):
    """The relations of spec/extraction.md."""

    SUPPORTS = "supports"
    OPPOSES = "opposes"
    COMPETES_WITH = "competes_with"
    COMMANDS = "commands"
    DEPLOYED_BY = "deployed_by"

    @property
    def symmetric(self) -> bool:
        return self in (RelationPredicate.OPPOSES, RelationPredicate.COMPETES_WITH)


@dataclass(frozen=True, slots=True)
class Actor:
    """A state, government, armed group or organisation.

    ``aliases`` maps a language code (``en``, ``fr``, ``ar``, ``ar-Latn`` for transliterations)
    to the names the actor goes by in it. ``origin`` says whether the scenario declared it or
    the reference registry supplied it (``ActorOrigin``).
    """

    id: str
    name: str
    kind: ActorKind
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    country: str | None = None  # ISO 3166-1 alpha-2 of the state it belongs to, when any
    origin: ActorOrigin = ActorOrigin.SCENARIO

    def __post_init__(self) -> None:
        if not self.id or not self.id.replace("_", "").isalnum() or self.id.upper() != self.id:
            raise InvalidInput("id", f"actor id {self.id!r} must be upper-case letters, digits, _")

    def all_names(self) -> tuple[str, ...]:
        names = [self.name]
        for spellings in self.aliases.values():
            names.extend(spellings)
        return tuple(dict.fromkeys(names))


@dataclass(frozen=True, slots=True)
class Party:
    """A side of the ceasefire, and the actors who fight or speak for it."""

    id: str
    name: str
    actor_ids: tuple[str, ...]

    def includes(self, actor_id: str) -> bool:
        return actor_id == self.id or actor_id in self.actor_ids


@dataclass(frozen=True, slots=True)
class ActorRelation:
    """``subject predicate object`` (``WAGNER deployed_by RUS``), valid over a span of time."""

    subject: str
    predicate: RelationPredicate
    object: str
    valid_from: date | None = None
    valid_to: date | None = None
    source_hashes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.subject == self.object:
            raise InvalidInput("object", f"{self.subject} cannot be related to itself")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise InvalidInput("valid_to", "ends before valid_from")

    def holds_on(self, day: date) -> bool:
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_to and day > self.valid_to)
