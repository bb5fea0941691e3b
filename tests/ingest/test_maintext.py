from __future__ import annotations

from datetime import date

from truce.ingest.decode import decode
from truce.ingest.document import Article, DecodedPage, Hints, Rejected, Role
from truce.ingest.maintext import main_text

SCRAPE = """Gulf Courier
Home | Libya | World | Sport | Opinion

Libya

Turkish frigate escorts cargo ship to Misrata as talks stall in Geneva

By Gulf Courier staff
3 March 2021 · 14:05

Share on Facebook   Share on Twitter   Email

The port of Misrata. Photo: Gulf Courier / file

MISRATA — A Turkish frigate escorted a cargo ship into the port of Misrata on Tuesday, port
officials said.

Advertisement

Read more: Egypt opens border crossing with Libya

The talks in Geneva were suspended
without a date.

Newsletter
Sign up for our morning brief.
Your email address

Tags: Libya · Turkey · Misrata

Related coverage
  > Haftar visits Cairo
  > Fuel protest in Sabha

4 comments
reader1: They landed again yesterday.
"""


def article(text: str, hints: Hints | None = None) -> Article:
    page = decode(text.encode())
    assert isinstance(page, DecodedPage)
    result = main_text(page, hints or Hints())
    assert isinstance(result, Article)
    return result


def test_scraped_text_keeps_the_article_and_drops_furniture() -> None:
    found = article(SCRAPE)
    assert found.title == "Turkish frigate escorts cargo ship to Misrata as talks stall in Geneva"
    assert found.published == date(2021, 3, 3)
    assert found.source == "Gulf Courier"
    assert "escorted a cargo ship" in found.text
    for furniture in (
        "Egypt opens border",
        "Haftar visits Cairo",
        "Sabha",
        "landed again",
        "Sign up",
        "Tags",
        "Share on",
        "Advertisement",
        "Home |",
    ):
        assert furniture not in found.text, furniture


def test_broken_lines_are_joined_and_the_caption_is_marked() -> None:
    found = article(SCRAPE)
    assert "The talks in Geneva were suspended without a date." in found.text
    roles = {found.text[p.start : p.end]: p.role for p in found.paragraphs}
    assert roles["The port of Misrata."] is Role.CAPTION
    assert found.dateline is not None
    assert found.text[found.dateline[0] : found.dateline[1]] == "MISRATA"


def test_wire_and_broadcaster_furniture() -> None:
    scrape = (
        "Clashes resume near Sirte as mediators leave Ghadames\n\nBy Wire staff\n"
        "Published 2 hours ago\n\nImage caption, Fighters near Sirte\n\n"
        "SIRTE, Libya (Wire) - Fighting resumed near Sirte on Monday, residents said.\n\n"
        "Watching the front line, residents fled east.\n\nContinue reading below\n\n"
        "(Reporting by A. Reporter; Editing by B. Editor)\n\nMore on this story\n"
        "Tunisia closes border crossing\nFuel protest in Sabha\n"
    )
    found = article(scrape)
    assert "Fighting resumed near Sirte" in found.text
    assert "Watching the front line" in found.text
    for furniture in ("Image caption", "Continue reading", "Reporting by", "Tunisia", "Sabha"):
        assert furniture not in found.text, furniture


def test_lists_of_other_headlines_after_the_body_are_dropped() -> None:
    body = (
        "Ceasefire holds around Sirte for a third week\n\nBy Staff reporter\n\n"
        "Fighting has not resumed around Sirte since the truce, residents said on Monday.\n\n"
    )
    for header in ("Related news", "Related analysis", "Other press releases", "More stories"):
        found = article(
            body + header + "\n- Tripoli: clashes between two armed groups\n"
            "- Zliten opens a new health centre\n"
        )
        assert "Fighting has not resumed" in found.text
        for furniture in (header, "Tripoli", "Zliten"):
            assert furniture not in found.text, (header, furniture)


def test_hints_win_over_the_page() -> None:
    hints = Hints(published=date(2021, 3, 4), source="Courier", url="https://courier.example/a")
    found = article(SCRAPE, hints)
    assert (found.published, found.source, found.url) == (hints.published, "Courier", hints.url)


def test_html_goes_through_trafilatura_with_its_metadata() -> None:
    html = """<!DOCTYPE html><html><head><title>Clashes near Sirte | Sahara Times</title>
    <meta property="og:site_name" content="Sahara Times">
    <meta property="article:published_time" content="2020-06-18T10:00:00Z"></head>
    <body><nav><a href="/">Home</a></nav><article><h1>Clashes near Sirte</h1>
    <p>SIRTE — Forces of the Government of National Accord clashed with the Libyan National
    Army near Sirte on Wednesday, officials said. The fighting lasted several hours.</p>
    <p>The United Nations called for an immediate halt to the fighting around the city.</p>
    </article><footer>© 2020 Sahara Times</footer></body></html>"""
    found = article(html)
    assert found.title == "Clashes near Sirte"
    assert found.published == date(2020, 6, 18)
    assert found.source == "Sahara Times"
    assert "clashed with the Libyan National" in found.text
    assert "2020 Sahara Times" not in found.text


def test_a_page_of_furniture_only_is_rejected() -> None:
    page = decode(b"Home | News | Sport | Weather\nSubscribe\nShare on Facebook\n")
    assert isinstance(page, DecodedPage)
    result = main_text(page, Hints())
    assert isinstance(result, Rejected) and result.stage == "maintext"


def test_menu_separator_precheck_never_misses_a_separator() -> None:
    from truce.ingest import furniture

    pieces = ["a", "Libya", " ", "  ", "\t", "\xa0", "\u2003", "|", "·", "»", "&middot;", "\n"]
    lines = [x + y + z for x in pieces for y in pieces for z in pieces]
    for line in lines:
        if furniture._MENU_SEPARATORS.search(line):
            assert furniture._may_have_menu_separators(line), repr(line)
    assert not furniture._may_have_menu_separators("Forces moved to Sirte on Monday.")
