"""Decode: raw bytes of a page, in any encoding, to text — or a ``Rejected`` saying why not.

Order: a byte-order mark, then a charset declared in the HTML (``<meta charset>``), then strict
UTF-8, then charset-normalizer's detection, and last cp1252 with replacement characters, so
that broken bytes never crash a run. Binary files (NUL bytes, many control characters) and
empty or oversized inputs are rejected with the reason.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from truce.domain.source import content_hash
from truce.ingest.document import DecodedPage, PageFormat, Rejected

STAGE = "decode"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_HTML_SNIFF = re.compile(
    r"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<!--)", re.I
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_HTML_TAGS = re.compile(r"<(?:p|div|article|span|a|h1|h2|br|script|title)[\s>/]", re.I)


@dataclass(frozen=True, slots=True)
class DecodeOptions:
    #: Pages larger than this are refused (a news page is well under 2 MB).
    max_bytes: int = 10 * 1024 * 1024


def decode(raw: bytes, options: DecodeOptions | None = None) -> DecodedPage | Rejected:
    """Decode ``raw`` and sniff whether it is HTML or plain text."""
    limit = (options or DecodeOptions()).max_bytes
    if not raw.strip():
        return Rejected(STAGE, "the file is empty; give a saved HTML page or a text article")
    if len(raw) > limit:
        return Rejected(
            STAGE,
            f"the file is {len(raw) / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit for a "
            "news page; split it or give the article alone",
        )
    text, encoding = _to_text(raw)
    if _looks_binary(text):
        return Rejected(STAGE, "the file is binary, not an HTML page or text article")
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    page_format = PageFormat.HTML if _is_html(text) else PageFormat.TEXT
    return DecodedPage(text=text, format=page_format, encoding=encoding, sha256=content_hash(raw))


def _to_text(raw: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(encoding, errors="replace"), encoding
    declared = _META_CHARSET.search(raw[:4096])
    if declared:
        name = declared.group(1).decode("ascii", errors="ignore")
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            codec = ""
        if codec and codec not in ("utf-16-le", "utf-16-be", "utf-16"):
            return raw.decode(codec, errors="replace"), codec
    if _looks_utf16(raw):
        encoding = "utf-16-le" if raw[1:2] == b"\x00" else "utf-16-be"
        return raw.decode(encoding, errors="replace"), encoding
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:200_000]).best()
    if best is not None and best.encoding:
        return raw.decode(best.encoding, errors="replace"), best.encoding
    return raw.decode("cp1252", errors="replace"), "cp1252"


def _looks_utf16(raw: bytes) -> bool:
    sample = raw[:2000]
    if len(sample) < 4:
        return False
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) / 2
    return max(even_zeros, odd_zeros) > 0.4 * half and min(even_zeros, odd_zeros) < 0.05 * half


def _looks_binary(text: str) -> bool:
    sample = text[:8000]
    if "\x00" in sample:
        return True
    controls = len(_CONTROL.findall(sample))
    replacements = sample.count("\ufffd")
    return (controls + replacements) > 0.1 * max(1, len(sample))


def _is_html(text: str) -> bool:
    head = text[:2000]
    if _HTML_SNIFF.match(head):
        return True
    return len(_HTML_TAGS.findall(text[:20_000])) >= 3
