"""Canonical JSON (RFC 8785) and the image of a table row that the chain records.

Two programs that agree on RFC 8785 produce the same bytes for the same value, so a hash over
canonical JSON can be recomputed by anyone. A row's image turns every column into a JSON value
the same way on SQLite and PostgreSQL: dates and times as ISO 8601 in UTC, binary content as its
SHA-256, credentials as a labelled digest of their text (``truce.audit.credentials``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, date, datetime
from json.encoder import encode_basestring
from typing import Any

import rfc8785
from sqlalchemy import RowMapping, Table

from truce.audit.credentials import credentials_digested


def canonical_json(value: Any) -> str:
    """``value`` as RFC 8785 canonical JSON text.

    The same text as ``rfc8785.dumps`` (``tests/audit/test_canonical.py`` checks it on
    generated values), written faster: strings go through the standard library's C escaper,
    which escapes exactly the characters RFC 8785 does and the same way (quote, backslash, the
    short forms of backspace, form feed, newline, return and tab, other control characters as
    lower-case ``u00xx`` escapes); numbers with a fraction, and anything RFC 8785 refuses, are
    left to ``rfc8785`` itself.
    """
    parts: list[str] = []
    _write_canonical(value, parts)
    return "".join(parts)


#: The integers RFC 8785 allows (those an IEEE 754 double holds exactly).
_SAFE_INTEGER = 2**53 - 1


def _write_canonical(value: Any, parts: list[str]) -> None:
    if value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, str):
        parts.append(encode_basestring(value))
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) <= _SAFE_INTEGER:
        parts.append(str(int(value)))
    elif isinstance(value, list | tuple):
        parts.append("[")
        for index, item in enumerate(value):
            if index:
                parts.append(",")
            _write_canonical(item, parts)
        parts.append("]")
    elif isinstance(value, dict) and all(isinstance(key, str) for key in value):
        parts.append("{")
        for index, key in enumerate(sorted(value, key=_utf16_order)):
            if index:
                parts.append(",")
            parts.append(encode_basestring(key))
            parts.append(":")
            _write_canonical(value[key], parts)
        parts.append("}")
    else:  # a float, or what RFC 8785 refuses (rfc8785 raises, naming it)
        parts.append(rfc8785.dumps(value).decode("utf-8"))


def _utf16_order(key: str) -> bytes:
    """RFC 8785 sorts an object's names by their UTF-16 code units."""
    return key.encode("utf-16-be")


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def json_value(value: Any) -> Any:
    """A column value as the JSON value the chain records for it."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return {"sha256": hashlib.sha256(bytes(value)).hexdigest()}
    return value


def row_image(
    table: Table, row: Mapping[str, Any] | RowMapping, *, credential_key: bytes | None = None
) -> dict[str, Any]:
    """Every column of a row, as JSON values, keyed by column name; credentials as digests,
    those a subscriber chooses keyed with ``credential_key`` (``truce.store.audit_keys``) when
    the database has one — pass it for a table of ``credentials.KEYED_COLUMNS``."""
    image = {column.name: json_value(row[column.name]) for column in table.columns}
    return credentials_digested(table.name, image, key=credential_key)


def primary_key_of(table: Table, row: Mapping[str, Any] | RowMapping) -> dict[str, Any]:
    return {column.name: json_value(row[column.name]) for column in table.primary_key.columns}


def row_key_text(key: Mapping[str, Any]) -> str:
    """How an entry names its row: the canonical JSON of its primary key (``{"id":3}``)."""
    return canonical_json({name: json_value(value) for name, value in key.items()})


def differing_columns(before: Mapping[str, object], after: Mapping[str, object]) -> list[str]:
    """The columns in which two row images differ, a column only one of them has included."""
    return sorted(
        name
        for name in set(before) | set(after)
        if name not in before
        or name not in after
        or canonical_json(before[name]) != canonical_json(after[name])
    )
