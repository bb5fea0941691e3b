"""Who uses truce: a user has a role and, for co-chairs and party delegates, an actor."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from truce.domain.agreement import Agreement
from truce.errors import InvalidInput

USER_NAME = re.compile(r"^[a-z0-9][a-z0-9_.@-]{1,63}$")


class Role(StrEnum):
    ADMIN = "admin"
    CO_CHAIR = "co_chair"
    PARTY_DELEGATE = "party_delegate"
    MONITOR = "monitor"
    ANALYST = "analyst"
    OBSERVER = "observer"

    @property
    def represents_an_actor(self) -> bool:
        return self in (Role.CO_CHAIR, Role.PARTY_DELEGATE)

    @property
    def with_article(self) -> str:
        """The role as a sentence names it: "an analyst", "a co-chair", "a party delegate"."""
        words = "co-chair" if self is Role.CO_CHAIR else self.value.replace("_", " ")
        return f"an {words}" if words[0] in "aeiou" else f"a {words}"


@dataclass(frozen=True, slots=True)
class User:
    """A person using truce. ``actor_id`` is the guarantor or party they speak for, if any."""

    name: str
    role: Role
    actor_id: str | None = None
    active: bool = True

    def __post_init__(self) -> None:
        if not USER_NAME.match(self.name):
            raise InvalidInput(
                "name",
                f"{self.name!r} is not a user name: 2–64 lower-case letters, digits, . _ @ -",
            )
        if self.role.represents_an_actor and self.actor_id is None:
            raise InvalidInput(
                "actor", f"{self.role.with_article} represents an actor: give --actor ID"
            )
        if not self.role.represents_an_actor and self.actor_id is not None:
            raise InvalidInput(
                "actor", f"{self.role.with_article} represents no actor; leave --actor out"
            )


def check_user_against(agreement: Agreement, user: User) -> None:
    """A co-chair speaks for a guarantor of the agreement, a delegate for one of its parties."""
    if user.role is Role.CO_CHAIR and user.actor_id not in agreement.co_chairs:
        chairs = ", ".join(agreement.co_chairs)
        raise InvalidInput("actor", f"{user.actor_id!r} is not a co-chair ({chairs})")
    if user.role is Role.PARTY_DELEGATE and (
        user.actor_id is None or agreement.party_of(user.actor_id) is None
    ):
        parties = ", ".join(party.id for party in agreement.parties)
        raise InvalidInput("actor", f"{user.actor_id!r} belongs to no party ({parties})")
