"""Main text: the article itself — title, standfirst, caption, body — without the page around it.

HTML goes through trafilatura (a maintained extractor) with the page's metadata (title, date,
outlet, canonical URL); its output, and scraped plain text, then go through the furniture
filter of ``truce.ingest.furniture``, line by line, because extractors keep inline "Read more"
headlines and plain text has no markup to tell furniture from prose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from truce.geo.gazetteer import has_normalised_name, normalise_name
from truce.ingest import furniture
from truce.ingest.document import (
    Article,
    DecodedPage,
    Hints,
    PageFormat,
    Paragraph,
    Rejected,
    Role,
)

STAGE = "maintext"
#: "TRIPOLI —", "MISRATA, Libya —", "TRIPOLI, June 6 (Reuters) -", "SIRTE, Libya, Oct. 23 (AP) -"
_DATELINE = re.compile(
    r"^([A-Z][A-Z'’\-]+(?:\s+[A-Z][A-Z'’\-]+){0,3})(?:,\s*[A-Z][\w .]{2,30}?){0,2}"
    r"(?:\s*\([^)]{1,40}\))?\s*(?:[—–]|--?\s)\s*"
)
_INLINE_CREDIT = re.compile(
    r"\s*(?:Photo|Credit|Crédit|Image)\s*:\s*[^.]*$|\s*\((?:[A-Z][\w.]*\s?){1,4}\)\s*$"
)
_CAPTION_NEXT = re.compile(r"^\(?(?:drawing|illustration|photo|file|archives?)\)?\.?$", re.I)


@dataclass(frozen=True, slots=True)
class _Block:
    text: str
    role: Role


def main_text(page: DecodedPage, hints: Hints) -> Article | Rejected:
    """Find the article in ``page``; ``hints`` (published, source, url) win over the page's."""
    if page.format is PageFormat.HTML:
        return _from_html(page, hints)
    return _from_text(page, hints)


def _from_html(page: DecodedPage, hints: Hints) -> Article | Rejected:
    import trafilatura

    try:
        extracted = trafilatura.bare_extraction(
            page.text,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            deduplicate=False,
        )
    except (ValueError, TypeError, AttributeError) as error:  # malformed markup
        return Rejected(STAGE, f"the HTML could not be parsed ({error})")
    if extracted is None:
        return Rejected(STAGE, "no article text found in the HTML page")
    record = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    title = str(record.get("title") or "").strip()
    lines = str(record.get("text") or "").split("\n")
    blocks = _body_blocks(lines, title=title)
    if not blocks:
        return Rejected(STAGE, "the HTML page has no article text (only page furniture)")
    published = hints.published or _parse_iso(record.get("date"))
    source = hints.source or _clean_outlet(str(record.get("sitename") or "")) or None
    url = hints.url or (str(record["url"]) if record.get("url") else None)
    return _assemble(title, blocks, page.sha256, published, source, url)


def _from_text(page: DecodedPage, hints: Hints) -> Article | Rejected:
    lines = unwrap_hard_wrapped(page.text.split("\n"))
    title_index = _find_title(lines)
    if title_index is None:
        body = _body_blocks(lines, title="")
        if not body:
            return Rejected(STAGE, "no article text found (only page furniture)")
        return _assemble("", body, page.sha256, hints.published, hints.source, hints.url)
    title = lines[title_index].strip()
    before = [line.strip() for line in lines[:title_index] if line.strip()]
    outlet = before[0] if before and len(before[0].split()) <= 6 else None
    header_date = None
    for line in lines[title_index + 1 : title_index + 15]:
        if furniture.is_date_line(line):
            header_date = furniture.find_date(line)
            break
    blocks = _body_blocks(lines[title_index + 1 :], title=title)
    if not blocks:
        return Rejected(STAGE, "the text has a title but no article body")
    credited = _text_by(lines[title_index + 1 : title_index + 12])
    source = hints.source or credited or _clean_outlet(outlet or "") or None
    return _assemble(title, blocks, page.sha256, hints.published or header_date, source, hints.url)


#: A line this long that stops without closing punctuation was wrapped by its writer, when the
#: page shows the habit (at least ``_WRAPS_TO_TRUST`` such lines): scraped pages give a
#: paragraph a line, mail and wire copy wrap at a fixed width.
_WRAPPED_MIN_LENGTH = 60
_WRAPS_TO_TRUST = 3
_CLOSING = tuple(".!?:;\"'”’»)")


def unwrap_hard_wrapped(lines: Sequence[str]) -> list[str]:
    """Join lines that a fixed-width wrap split inside a sentence; other pages are unchanged."""

    def wrapped(index: int) -> bool:
        line, following = lines[index].rstrip(), lines[index + 1].strip()
        return (
            len(line) >= _WRAPPED_MIN_LENGTH
            and not line.endswith(_CLOSING)
            and bool(following)
            and following[0].isalnum()
            and not furniture.is_date_line(following)
            and not following.startswith("By ")
        )

    breaks = [index for index in range(len(lines) - 1) if wrapped(index)]
    if len(breaks) < _WRAPS_TO_TRUST:
        return list(lines)
    joined: list[str] = []
    carry = ""
    wrap_points = set(breaks)
    for index, line in enumerate(lines):
        text = f"{carry} {line.strip()}" if carry else line
        if index in wrap_points:
            carry = text.rstrip()
            continue
        carry = ""
        joined.append(text)
    return joined


def _find_title(lines: Sequence[str]) -> int | None:
    """The headline: a long line without a full stop, soon followed by a byline or a date."""
    best: tuple[int, int] | None = None
    candidates = [i for i, line in enumerate(lines) if line.strip()][:30]
    for rank, index in enumerate(candidates):
        line = lines[index].strip()
        words = line.split()
        if not 5 <= len(words) <= 30 or furniture.is_furniture_line(line):
            continue
        if line.endswith(".") or line.isupper() or furniture.is_date_line(line):
            continue
        following = [lines[j] for j in candidates[rank + 1 : rank + 5]]
        score = 1
        for distance, line_after in enumerate(following, start=1):
            if furniture.is_byline(line_after) or furniture.is_date_line(line_after):
                score += 6 - distance
                break
        if best is None or score > best[0]:
            best = (score, index)
    return best[1] if best else None


def _text_by(lines: Sequence[str]) -> str | None:
    for line in lines:
        match = re.match(
            r"^\s*(?:text by|texte par)\s*:?\s*([\w .&'-]+?)(?:\s+follow)?\s*$", line, re.I
        )
        if match:
            return match.group(1).strip()
    return None


def _body_blocks(lines: Sequence[str], *, title: str) -> list[_Block]:
    blocks: list[_Block] = []
    block_mode: str | None = None
    block_budget = 0
    stripped_lines = [line.strip() for line in lines]
    title_key = normalise_name(title) if title else None
    for index, line in enumerate(stripped_lines):
        if not line or (title_key is not None and has_normalised_name(line, title_key)):
            continue
        if furniture.ends_article(line) and blocks:
            break
        if furniture.is_block_header(line):
            block_mode = "newsletter" if line.lower().startswith("newsletter") else "related"
            block_budget = 3
            continue
        if block_mode == "newsletter" and block_budget > 0 and len(line) < 150:
            block_budget -= 1
            continue
        if block_mode == "related" and furniture.is_headline_like(lines[index]):
            continue
        block_mode = None
        if furniture.is_furniture_line(lines[index]) or _is_section_label(line, blocks):
            continue
        in_header = not any(b.role is Role.BODY for b in blocks)
        if in_header and (furniture.is_byline(line) or furniture.is_date_line(line)):
            continue
        next_line = next((s for s in stripped_lines[index + 1 :] if s), "")
        role = Role.BODY
        if in_header and _is_caption(line, next_line):
            line, role = _INLINE_CREDIT.sub("", line).strip(), Role.CAPTION
        if blocks and furniture.needs_joining(blocks[-1].text, line):
            glue = "" if line[0] in '.,;:)”"»' else " "
            blocks[-1] = _Block(blocks[-1].text.rstrip() + glue + line, blocks[-1].role)
            continue
        blocks.append(_Block(line, role))
    return _mark_standfirst(blocks)


def _is_section_label(line: str, blocks: Sequence[_Block]) -> bool:
    return not blocks and len(line.split()) <= 3 and not line.endswith(".")


def _is_caption(line: str, next_line: str) -> bool:
    if furniture.is_credit(next_line) or _CAPTION_NEXT.match(next_line):
        return True
    return bool(_INLINE_CREDIT.search(line)) and not _DATELINE.match(line)


def _mark_standfirst(blocks: list[_Block]) -> list[_Block]:
    if len(blocks) < 2 or blocks[0].role is not Role.BODY:
        return blocks
    first = blocks[0].text
    if not _DATELINE.match(first) and not first.endswith(".") and len(first.split()) >= 6:
        blocks[0] = _Block(first, Role.STANDFIRST)
    return blocks


def _assemble(
    title: str,
    blocks: Sequence[_Block],
    sha256: str,
    published: date | None,
    source: str | None,
    url: str | None,
) -> Article:
    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    offset = 0
    for text, role in ([(title, Role.TITLE)] if title else []) + [(b.text, b.role) for b in blocks]:
        if parts:
            offset += 2
        paragraphs.append(Paragraph(offset, offset + len(text), role))
        parts.append(text)
        offset += len(text)
    text = "\n\n".join(parts)
    dateline = dateline_end = None
    for paragraph in paragraphs:
        if paragraph.role is Role.BODY:
            match = _DATELINE.match(text[paragraph.start : paragraph.end])
            if match:
                dateline = (paragraph.start + match.start(1), paragraph.start + match.end(1))
                dateline_end = paragraph.start + match.end()
            break
    return Article(
        title=title,
        text=text,
        paragraphs=tuple(paragraphs),
        published=published,
        source=source,
        url=url,
        sha256=sha256,
        dateline=dateline,
        dateline_end=dateline_end,
    )


def _parse_iso(value: object) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _clean_outlet(name: str) -> str:
    name = name.strip()
    if name.isupper():
        small = {"of", "the", "and", "for", "in", "on", "de", "du", "la", "le"}
        words = name.lower().split()
        name = " ".join(w if (i and w in small) else w.capitalize() for i, w in enumerate(words))
    return name
