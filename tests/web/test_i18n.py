"""The one catalogue: no English typed into a template, and a language added by dropping in a
file that names its own locale (Arabic turns the page right to left)."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from truce.api.app import create_app
from truce.demo import build_demo
from truce.errors import InvalidInput
from truce.settings import Settings
from truce.store.database import Database
from truce.web.i18n import catalogue_folder, load_catalogue
from truce.web.rendering import make_renderer

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "truce" / "web" / "templates"
#: Jinja's comments, statements and expressions: what they show comes from the catalogue or
#: the data, and the existing key test checks every ``t("...")`` against the catalogue.
JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
#: Attributes whose values a person reads (or hears, from a screen reader).
READ_ATTRIBUTES = frozenset({"title", "alt", "placeholder", "aria-label", "label"})
#: Input types whose ``value`` is the button's label.
BUTTON_INPUTS = frozenset({"submit", "button", "reset"})
#: Not prose: a class or id fragment (``map-page``, ``-error``) or attribute text a macro
#: writes into a tag (``aria-invalid="true"``).
IDENTIFIER = re.compile(r"-?[a-z0-9]+(?:[-_][a-z0-9]+)*-?")
ATTRIBUTE_TEXT = re.compile(r'(?:\s*[a-z-]+="[^"]*")+\s*')
LETTER = re.compile(r"[^\W\d_]")


class LiteralText(HTMLParser):
    """The text a template shows, its Jinja taken out: text nodes outside scripts and styles,
    and the attributes people read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._in_code = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._in_code += 1
        read = set(READ_ATTRIBUTES)
        if tag == "input" and dict(attrs).get("type") in BUTTON_INPUTS:
            read.add("value")
        for name, value in attrs:
            if name in read and value:
                self._keep(f"{tag}[{name}]: {value}", value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._in_code -= 1

    def handle_data(self, data: str) -> None:
        if self._in_code:
            return
        for line in data.splitlines():  # one line at a time: what two macros write stays apart
            self._keep(line.strip(), line.strip())

    def _keep(self, where: str, text: str) -> None:
        if not LETTER.search(text) or IDENTIFIER.fullmatch(text) or ATTRIBUTE_TEXT.fullmatch(text):
            return
        self.found.append((self.getpos()[0], where))


def literal_text(template: Path) -> list[str]:
    parser = LiteralText()
    parser.feed(JINJA.sub(" ", template.read_text("utf-8")))
    parser.close()
    return [f"{template.name}:{line}: {text}" for line, text in parser.found]


def test_no_template_shows_words_of_its_own() -> None:
    templates = sorted(TEMPLATES.glob("*.html"))
    assert len(templates) > 15
    found = [text for template in templates for text in literal_text(template)]
    assert found == [], "put these in i18n/en.json and show them with t(...)"


def test_the_literal_check_finds_english_in_text_and_read_attributes(tmp_path: Path) -> None:
    template = tmp_path / "wrong.html"
    template.write_text(
        '{% block body_class %}map-page{% endblock %}<p>{{ t("ok") }} Show all</p>'
        '<input type="submit" value="Send"><input type="hidden" name="to" value="merged">'
        '<img alt="{{ t(\'map.alt\') }}"><button title="Close">×</button>'
        "<script>const label = 'Not text';</script>"
    )
    assert literal_text(template) == [
        "wrong.html:1: Show all",
        "wrong.html:1: input[value]: Send",
        "wrong.html:1: button[title]: Close",
    ]


def _catalogues_with(tmp_path: Path, language: str, strings: dict[str, str]) -> Path:
    """The package's catalogues, and one more file: what a translator drops into ``i18n/``."""
    folder = tmp_path / "i18n"
    folder.mkdir()
    shutil.copy(Path(str(catalogue_folder().joinpath("en.json"))), folder / "en.json")
    (folder / f"{language}.json").write_text(json.dumps(strings, ensure_ascii=False), "utf-8")
    return folder


def test_a_dropped_in_arabic_catalogue_turns_the_page_right_to_left(tmp_path: Path) -> None:
    folder = _catalogues_with(
        tmp_path,
        "ar",
        {"locale.language": "ar", "locale.direction": "rtl", "login.heading": "تسجيل الدخول"},
    )
    arabic = load_catalogue("ar", folder)
    path = str(tmp_path / "demo.db")
    database = Database(path)
    build_demo(database)
    settings = Settings(database=path, language="ar")
    app = create_app(Settings(database=path), database=database)
    app.state.web = make_renderer(settings, database, arabic)
    with TestClient(app) as client:
        page = client.get("/login").text
    database.dispose()
    assert '<html lang="ar" dir="rtl">' in page
    assert "تسجيل الدخول" in page  # translated
    assert "Password" in page  # not translated yet: English stands in


def test_a_catalogue_must_name_its_locale(tmp_path: Path) -> None:
    english = load_catalogue("en")
    assert (english.locale, english.direction) == ("en", "ltr")
    folder = _catalogues_with(tmp_path, "fr", {"login.heading": "Connexion"})
    with pytest.raises(InvalidInput, match=r"fr\.json.*sets no locale\.language"):
        load_catalogue("fr", folder)
