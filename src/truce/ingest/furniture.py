"""Page furniture in scraped text: what is not the article, line by line.

Scraped pages keep their menus, share bars, "Read more" headlines, newsletter boxes, tag
lists, related-article lists and reader comments as lines of text, and related headlines are
whole sentences that a sentence-level extractor would take for news. The rules here are
generic (no outlet names): a line is furniture by its shape (a menu of short items, a bullet
headline, a credit) or by its words (subscribe, share, advertisement), and some lines open a
block of furniture (``On the same subject``) or end the article (``3 comments``, ``©``).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from truce.ingest.dates import FRENCH_MONTHS
from truce.ingest.patterns import cued

_FURNITURE_LINE = re.compile(
    r"""^(?:
        publicity|advertisement|advert|advertising|sponsored(?:\ content)?|ad|publicité|إعلان|
        read\ more|read\ also|see\ also|lire\ aussi|à\ lire\ aussi|voir\ aussi|
        اقرأ\ أيضا|اقرأ\ أيضاً|
        share|share\ this\ article|share\ this|partager|شارك|print|email|e-mail|copy\ link|save|
        save\ for\ later|tweet|facebook|twitter|whatsapp|telegram|linkedin|
        follow|follow\ us|suivre|i\ subscribe|je\ m'abonne|subscribe|sign\ up|sign\ in|log\ in|go|
        menu|☰\ menu|search|home|skip\ to\ content|listen|listen\ to\ this\ article.*|
        \d+\s*min(?:\ read)?|\d+\s*minutes?|\(?drawing\)?\.?|\(?illustration\)?\.?|
        google-play-badge\S*|app-store-badge\S*|[\w-]*badge[\w-]*|
        continue\ reading(?:\ below)?|advertising|watch(?::\ .*)?|follow\ us\ on\ .*|
        image\ (?:caption|source|copyright).*|published\ \d+\ (?:hours?|minutes?|days?)\ ago|
        updated\ \d+\ (?:hours?|minutes?|days?)\ ago|share\ this\ with\ .*|copy\ link|
        listen\ to\ article|related\ topics|also\ read:.*|read\ next|
        \(?(?:reporting|additional\ reporting|editing|writing|compiled)\ by\ .*|
        our\ standards:.*|all\ quotes\ delayed.*
    )$""",
    re.I | re.X,
)
#: Matched against the lower-cased line, only when one of its cue words occurs in it.
_FURNITURE_WORDS = cued(
    r"\b(?:newsletter|subscribe|subscription|sign\ up|signing\ up|log\ in|sign\ in|your\ email|"
    r"email\ address|inbox|mailbox|privacy\ policy|cookies?|all\ rights\ reserved|donate|"
    r"donation|support\ (?:independent|our)\ (?:journalism|reporting)|"
    r"supported\ by\ (?:its\ )?readers|"
    r"download(?:ing)?\ the\ \w+\ app(?:lication)?|by\ downloading|share\ on|advertise\ with\ us|"
    r"abonnez-vous|inscrivez-vous|votre\ e-mail|tous\ droits\ réservés|"
    r"النشرة\ البريدية|اشترك|جميع\ الحقوق\ محفوظة)\b",
    "newsletter subscri sign log email inbox mailbox privacy cookie rights donat support "
    "download share advertise abonnez inscrivez votre droits النشرة اشترك الحقوق",
)
_LABELLED = re.compile(
    r"^(?:tags?|tagged|filed\ under|topics|related\ topics|keywords|mots-clés|"
    r"photo|photos|credit|crédit|image|source|text\ by|texte\ par|by|par|"
    r"الوسوم|المصدر)\s*:?\s",
    re.I | re.X,
)
_CREDIT = re.compile(
    r"^(?:[\w.'’\- ]{2,60}\s*/\s*(?:AFP|Reuters|AP|EPA|Anadolu|Getty(?:\ Images)?|"
    r"Xinhua|file|handout)\b.*|\((?:photo|afp|reuters|file)\)|photo\s*:.*|credit\s*:.*)$",
    re.I,
)
_BLOCK_HEADER = re.compile(
    r"""^(?:on\ the\ same\ (?:subject|topic)|more\ from\b.*|more\ on\b.*|related\ coverage|
        related(?:\ [\w-]+){0,2}|also\ in\b.*|you\ may\ also\ like|
        (?:other|more|latest|recent|similar|previous)\ (?:news|stories|articles|posts|reports|
            videos|analys[ie]s|papers|commentary|press\ releases|statements|updates)|
        you\ might\ also\ like|most\ read|most\ popular|recent\ posts|latest(?:\ news)?|
        trending|recommended|read\ also|see\ also|sur\ le\ même\ sujet|dans\ la\ même\ rubrique|
        à\ lire\ également|à\ lire\ aussi|lire\ aussi|voir\ aussi|les\ plus\ lus|
        more\ on\ this\ story|top\ stories|features|elsewhere\ on\b.*|most\ viewed|popular|
        read\ next|editor'?s\ picks|further\ reading|autres\ communiqués|
        autres\ articles|articles\ similaires|dernières\ nouvelles|
        مواضيع\ ذات\ صلة|أخبار\ ذات\ صلة|الأكثر\ قراءة|اقرأ\ أيضا|اقرأ\ أيضاً|newsletter)\s*:?$""",
    re.I | re.X,
)
_END_OF_ARTICLE = re.compile(
    r"^(?:\d+\s+(?:comments?|thoughts\ on.*|replies|commentaires?)|comments?|commentaires?|"
    r"(?:comments?|commentaires?|reactions?)\s*\(\d+\)|"
    r"leave\ a\ (?:reply|comment)|reader\ comments|التعليقات|©.*|\(c\)\s*\d{4}.*|copyright\b.*)$",
    re.I | re.X,
)
_MENU_SEPARATORS = re.compile(r"\s(?:\||·|•|›|»|&middot;)\s|\s{3,}")
_MENU_SYMBOLS = ("|", "·", "•", "›", "»", "&middot;")
_READ_MORE = re.compile(r"^(?:read more|read also|lire aussi|see also)\s*[:>»-]", re.I)
_BRACKETED_ITEMS = re.compile(r"(?:\[\s*[^\]]{1,25}?\s*\]\s*){2,}")
_BULLET = re.compile(r"^\s*(?:[•>▪►‣◦*-]|\d+\.)\s+")
_TERMINAL = re.compile(r"[.!?…\"”»)]\s*$")
_MONTH_NUMBER = {name.lower(): i for i, name in enumerate(calendar.month_name) if name} | {
    name: i + 1 for i, name in enumerate(FRENCH_MONTHS)
}
_MONTH_ALTERNATION = "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True))
_DATE_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:er)?\s+({_MONTH_ALTERNATION})\s+(\d{{4}})\b", re.I)
_DATE_MONTH_DAY = re.compile(rf"\b({_MONTH_ALTERNATION})\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I)
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_YEAR = re.compile(r"\d{4}")
_BYLINE = re.compile(
    r"^(?:by\s|par\s|text\ by|written\ by|"
    r"\w+(?:\ \w+){0,4}\ (?:correspondents?|reporters?|staff)\b)",
    re.I | re.X,
)


def is_furniture_line(line: str) -> bool:
    """A line that is never part of an article: labels, credits, menus, subscription boxes."""
    stripped = line.strip()
    if not stripped:
        return True
    if _FURNITURE_LINE.match(stripped) or _LABELLED.match(stripped) or _CREDIT.match(stripped):
        return True
    if _READ_MORE.match(stripped):
        return True
    if len(stripped) < 220 and _FURNITURE_WORDS.search(stripped.lower()):
        return True
    if _is_menu(stripped):
        return True
    return bool(_BULLET.match(line) and len(stripped.split()) <= 4)


def _is_menu(line: str) -> bool:
    if _BRACKETED_ITEMS.fullmatch(line):
        return True
    if not _may_have_menu_separators(line):
        return False  # the common case, a line of prose, without scanning it with the pattern
    parts = [part for part in _MENU_SEPARATORS.split(line) if part.strip()]
    if len(parts) < 3:
        return False
    return all(len(part.split()) <= 4 for part in parts)


def _may_have_menu_separators(line: str) -> bool:
    """False only when ``_MENU_SEPARATORS`` cannot match: no separator symbol, and no run of
    more than one whitespace character (``str.split`` and ``\\s`` know the same whitespace).
    Two string scans in C instead of the pattern tried at every space of a long line."""
    if any(symbol in line for symbol in _MENU_SYMBOLS):
        return True
    words = line.split()
    return len(line) - sum(map(len, words)) > len(words) - 1


def is_block_header(line: str) -> bool:
    """A line that opens a box of other headlines (or a newsletter box)."""
    return bool(_BLOCK_HEADER.match(line.strip()))


def ends_article(line: str) -> bool:
    """A line after which only comments and footer follow."""
    return bool(_END_OF_ARTICLE.match(line.strip()))


def is_headline_like(line: str) -> bool:
    """Short and without a full stop: a headline in a list, not a sentence of prose."""
    stripped = _BULLET.sub("", line.strip())
    return not _TERMINAL.search(stripped) or len(stripped) < 100 or bool(_BULLET.match(line))


def is_byline(line: str) -> bool:
    return bool(_BYLINE.match(line.strip())) and len(line.split()) <= 10


def is_credit(line: str) -> bool:
    return bool(_CREDIT.match(line.strip()))


def find_date(line: str) -> date | None:
    """The first calendar date written in ``line`` (``18 June 2020``, ``June 18, 2020``, ISO)."""
    if not _YEAR.search(line):
        return None  # each of the forms has a year
    for pattern, order in ((_DATE_DAY_MONTH, "dmy"), (_DATE_MONTH_DAY, "mdy"), (_DATE_ISO, "iso")):
        match = pattern.search(line)
        if not match:
            continue
        try:
            if order == "dmy":
                day, month, year = match.groups()
                return date(int(year), _MONTH_NUMBER[month.lower()], int(day))
            if order == "mdy":
                month, day, year = match.groups()
                return date(int(year), _MONTH_NUMBER[month.lower()], int(day))
            year, month, day = match.groups()
            return date(int(year), int(month), int(day))
        except (ValueError, KeyError):
            continue
    return None


def is_date_line(line: str) -> bool:
    stripped = line.strip()
    return find_date(stripped) is not None and len(stripped.split()) <= 12


def needs_joining(previous: str, line: str) -> bool:
    """Scrapes break sentences over lines: join when the first half has no end."""
    if not previous or not _starts_low(line):
        return False
    tail = previous.rstrip()
    if tail.endswith(('"', "“")):  # an opening quote left dangling
        return tail.endswith("“") or tail.count('"') % 2 == 1
    return not re.search(r"[.!?…]$", tail)


def _starts_low(line: str) -> bool:
    stripped = line.lstrip()
    return bool(stripped) and (stripped[0].islower() or stripped[0] in '.,;:)”"»')
