"""The pages' strings: one catalogue a language (``i18n/en.json``), looked up by key.

Every string a page shows comes from the catalogue, so adding Arabic (right to left) or French
is dropping ``ar.json`` or ``fr.json`` with the same keys into ``i18n/``. Each file names its
own locale: ``locale.language`` (the page's ``<html lang>``, a BCP 47 tag) and
``locale.direction`` (its ``dir``: ``ltr`` or ``rtl``). Enumerations (incident types, states,
roles) are looked up as ``type.shelling``, ``state.verified`` and so on; a key missing from a
language falls back to English, and a key missing from English is a bug a test catches.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from truce.errors import InvalidInput

DEFAULT_LANGUAGE = "en"
#: The keys every catalogue sets for itself (they never fall back to English).
LOCALE_KEYS = ("locale.language", "locale.direction")
DIRECTIONS = ("ltr", "rtl")


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The strings of one language, with English behind it for keys it lacks."""

    language: str
    strings: dict[str, str]
    fallback: dict[str, str] = field(default_factory=dict)

    @property
    def locale(self) -> str:
        """The page's ``<html lang>``: the catalogue's own ``locale.language``."""
        return self.strings["locale.language"]

    @property
    def direction(self) -> str:
        """The page's ``<html dir>``: the catalogue's own ``locale.direction``."""
        return self.strings["locale.direction"]

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


def catalogue_folder() -> Traversable:
    """Where the catalogues are: ``truce/web/i18n/``."""
    return resources.files("truce.web").joinpath("i18n")


def available_languages(folder: Traversable | None = None) -> tuple[str, ...]:
    entries = (folder or catalogue_folder()).iterdir()
    return tuple(
        sorted(
            entry.name.removesuffix(".json") for entry in entries if entry.name.endswith(".json")
        )
    )


def load_catalogue(
    language: str = DEFAULT_LANGUAGE, folder: Traversable | None = None
) -> Catalogue:
    """The catalogue of ``language`` (``folder``: the package's own, unless given);
    ``InvalidInput`` names the languages there are, or what a catalogue's locale lacks."""
    folder = folder or catalogue_folder()
    languages = available_languages(folder)
    if language not in languages:
        raise InvalidInput(
            "language", f"{language!r} has no catalogue; there are: {', '.join(languages)}"
        )
    english = _read(folder, DEFAULT_LANGUAGE)
    if language == DEFAULT_LANGUAGE:
        return Catalogue(language, english)
    return Catalogue(language, _read(folder, language), fallback=english)


def _read(folder: Traversable, language: str) -> dict[str, str]:
    text = folder.joinpath(f"{language}.json").read_text("utf-8")
    strings: dict[str, str] = json.loads(text)
    missing = [key for key in LOCALE_KEYS if not strings.get(key)]
    if missing:
        raise InvalidInput(
            f"i18n/{language}.json",
            f"sets no {' and no '.join(missing)}: each catalogue names its own locale, "
            'e.g. "locale.language": "ar", "locale.direction": "rtl"',
        )
    if strings["locale.direction"] not in DIRECTIONS:
        raise InvalidInput(
            f"i18n/{language}.json",
            f"locale.direction is {strings['locale.direction']!r}: write ltr or rtl",
        )
    return strings
