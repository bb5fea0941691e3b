"""HXL: a readable header, then the hashtag row, then one incident a row."""

from __future__ import annotations

import csv
import io

from truce.exchange.formats import ExportFormat, export_text
from truce.exchange.hxl import COLUMNS
from truce.store.database import Database


def test_the_second_row_holds_the_hxl_hashtags(source_database: Database) -> None:
    with source_database.connect() as connection:
        rows = list(csv.reader(io.StringIO(export_text(connection, ExportFormat.HXL))))
    assert rows[1] == [hashtag for _, hashtag in COLUMNS]
    assert all(tag.startswith("#") for tag in rows[1])
    assert len(rows) == 2 + 12
    first = dict(zip(rows[1], rows[2], strict=True))
    assert first["#event+type"] == "shelling" and first["#org+code+perpetrator"] == "LNA"
    assert first["#geo+lat"] == "30.45" and first["#geo+lon"] == "16.35"
