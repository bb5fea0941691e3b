"""The pages' strings: one catalogue a language (``i18n/en.json``), looked up by key.

Every string a page shows comes from the catalogue, so adding Arabic (right to left) or French
is adding ``ar.json`` or ``fr.json`` with the same keys. Enumerations (incident types, states,
roles) are looked up as ``type.shelling``, ``state.verified`` and so on; a key missing from a
language falls back to English, and a key missing from English is a bug a test catches.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from truce.errors import InvalidInput

DEFAULT_LANGUAGE = "en"
#: Languages written right to left; the page's ``dir`` attribute follows them.
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur"})


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The strings of one language, with English behind it for keys it lacks."""

    language: str
    strings: dict[str, str]
    fallback: dict[str, str] = field(default_factory=dict)

    @property
    def direction(self) -> str:
        return "rtl" if self.language in RIGHT_TO_LEFT else "ltr"

    def text(self, key: str, **values: Any) -> str:
        """The string for ``key`` with ``{name}`` placeholders filled from ``values``."""
        template = self.strings.get(key)
        if template is None:
            template = self.fallback.get(key)
        if template is None:
            raise KeyError(f"the string {key!r} is missing from i18n/{DEFAULT_LANGUAGE}.json")
        return template.format(**values) if values else template

    def has(self, key: str) -> bool:
        return key in self.strings or key in self.fallback

    def label(self, group: str, value: object) -> str:
        """The label of an enumeration value (``label("type", "shelling")``), or the value."""
        key = f"{group}.{value}"
        return self.text(key) if self.has(key) else str(value)

    def for_script(self, prefix: str) -> dict[str, str]:
        """The strings under ``prefix.`` (e.g. ``map.``), for the page's JavaScript."""
        merged = {**self.fallback, **self.strings}
        return {key: value for key, value in merged.items() if key.startswith(prefix + ".")}


def available_languages() -> tuple[str, ...]:
    folder = resources.files("truce.web").joinpath("i18n")
    return tuple(
        sorted(
            entry.name.removesuffix(".json")
            for entry in folder.iterdir()
            if entry.name.endswith(".json")
        )
    )


def load_catalogue(language: str = DEFAULT_LANGUAGE) -> Catalogue:
    """The catalogue of ``language``; ``InvalidInput`` names the languages there are."""
    languages = available_languages()
    if language not in languages:
        raise InvalidInput(
            "language", f"{language!r} has no catalogue; there are: {', '.join(languages)}"
        )
    english = _read(DEFAULT_LANGUAGE)
    if language == DEFAULT_LANGUAGE:
        return Catalogue(language, english)
    return Catalogue(language, _read(language), fallback=english)


def _read(language: str) -> dict[str, str]:
    text = resources.files("truce.web").joinpath("i18n", f"{language}.json").read_text("utf-8")
    strings: dict[str, str] = json.loads(text)
    return strings
