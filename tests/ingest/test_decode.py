from __future__ import annotations

import codecs

from truce.domain.source import content_hash
from truce.ingest.decode import DecodeOptions, decode
from truce.ingest.document import DecodedPage, PageFormat, Rejected

ARTICLE = "Les forces de l'ANL ont été déployées à Syrte, a déclaré le porte-parole."


def test_utf8_text_is_decoded_and_hashed() -> None:
    raw = ARTICLE.encode("utf-8")
    page = decode(raw)
    assert isinstance(page, DecodedPage)
    assert page.text == ARTICLE
    assert page.format is PageFormat.TEXT
    assert page.sha256 == content_hash(raw)


def test_declared_html_charset_wins() -> None:
    html = f'<html><head><meta charset="windows-1252"></head><body><p>{ARTICLE}</p></body></html>'
    page = decode(html.encode("cp1252"))
    assert isinstance(page, DecodedPage)
    assert page.format is PageFormat.HTML
    assert "déployées à Syrte" in page.text


def test_undeclared_latin1_is_detected() -> None:
    page = decode((ARTICLE * 5).encode("latin-1"))
    assert isinstance(page, DecodedPage)
    assert "déployées" in page.text


def test_utf16_with_bom() -> None:
    page = decode(codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"))
    assert isinstance(page, DecodedPage)
    assert page.text == ARTICLE


def test_broken_bytes_do_not_crash() -> None:
    raw = ARTICLE.encode("utf-8") + b"\xff\xfe\xfa broken tail" + "é".encode()
    page = decode(raw)
    assert isinstance(page, DecodedPage)
    assert page.text.startswith("Les forces")


def test_empty_binary_and_oversized_inputs_are_rejected_with_a_reason() -> None:
    empty = decode(b"  \n ")
    binary = decode(bytes(range(256)) * 40)
    large = decode(b"a" * 2000, DecodeOptions(max_bytes=1000))
    assert isinstance(empty, Rejected) and "empty" in empty.reason
    assert isinstance(binary, Rejected) and "binary" in binary.reason
    assert isinstance(large, Rejected) and "limit" in large.reason
    assert {empty.stage, binary.stage, large.stage} == {"decode"}
