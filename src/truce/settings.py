"""Typed settings, read from the environment once at start-up and passed down.

Each setting is declared with its environment variable and help text; ``docs/settings.md``
lists them all and a test fails if one is undocumented.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

from truce.errors import InvalidInput
from truce.store.database import DEFAULT_DATABASE


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    database: str = DEFAULT_DATABASE
    host: str = "127.0.0.1"
    port: int = 8000
    max_body_bytes: int = 10 * 1024 * 1024
    tile_url: str = ""
    tile_attribution: str = ""
    session_secret: str = ""
    language: str = "en"
    escalation_days: int = 7
    workers: int = 1
    token_cache_seconds: int = 2


#: Environment variable, setting name, help text.
ENVIRONMENT: tuple[tuple[str, str, str], ...] = (
    ("TRUCE_DATABASE_URL", "database", "SQLite path or postgresql:// URL (default ./truce.db)"),
    ("TRUCE_HOST", "host", "address `truce serve` listens on (default 127.0.0.1)"),
    ("TRUCE_PORT", "port", "port `truce serve` listens on (default 8000)"),
    ("TRUCE_MAX_BODY_BYTES", "max_body_bytes", "largest request body the API accepts (10 MiB)"),
    ("TRUCE_TILE_URL", "tile_url", "map tile URL template ({z}/{x}/{y}); none: vector basemap"),
    ("TRUCE_TILE_ATTRIBUTION", "tile_attribution", "the credit line the tile server asks for"),
    ("TRUCE_SESSION_SECRET", "session_secret", "key signing page sessions; none: random at start"),
    ("TRUCE_LANGUAGE", "language", "language of the pages (a catalogue in web/i18n; en)"),
    (
        "TRUCE_ESCALATION_DAYS",
        "escalation_days",
        "days the chamber has to settle a disputed incident before it is overdue (default 7)",
    ),
    ("TRUCE_WORKERS", "workers", "server processes `truce serve` runs (default 1)"),
    (
        "TRUCE_TOKEN_CACHE_SECONDS",
        "token_cache_seconds",
        "seconds a server process remembers the user of a bearer token (default 2; 0: off)",
    ),
)


def settings_from_environment(environ: Mapping[str, str] | None = None) -> Settings:
    source = os.environ if environ is None else environ
    values: dict[str, object] = {}
    types = {field.name: field.type for field in fields(Settings)}
    for variable, name, _help in ENVIRONMENT:
        raw = source.get(variable)
        if raw is None or raw == "":
            continue
        if types[name] in ("int", int):
            try:
                values[name] = int(raw)
            except ValueError:
                raise InvalidInput(variable, f"{raw!r} is not a whole number") from None
        else:
            values[name] = raw
    return Settings(**values)  # type: ignore[arg-type]


def settings_environment(settings: Settings) -> dict[str, str]:
    """The environment that ``settings_from_environment`` reads back as ``settings``."""
    return {variable: str(getattr(settings, name)) for variable, name, _help in ENVIRONMENT}
