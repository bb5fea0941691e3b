"""The daily report of the demo database, as HTML and PDF: its pages turned to PNG show the map
and the chart, its text layer has the counts, and it is reproducible."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from truce.cli import run
from truce.demo import build_demo
from truce.reports.period import daily
from truce.reports.produce import ReportFormat, produce_report
from truce.reports.render import render_pdf, report_environment
from truce.store.audit_log import chain_head
from truce.store.database import Database

SHELLING_ORANGE = (0xE0, 0x82, 0x14)  # the chart's and the map's colour for shelling
BUFFER_ZONE_FILL = (250, 226, 193)  # the buffer zone's fill over the map's background


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Database:
    database = Database(str(tmp_path_factory.mktemp("demo") / "demo.db"))
    build_demo(database)
    return database


def _pixels_near(image: Image.Image, colour: tuple[int, int, int], tolerance: int = 8) -> int:
    return sum(
        count
        for count, pixel in image.getcolors(maxcolors=1 << 20) or []
        if all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=True))
    )


def test_the_daily_pdf_shows_the_map_the_chart_and_the_counts(
    demo: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "daily.pdf"
    command = ["report", "daily", "--date", "2020-11-02", "--format", "pdf", "-o", str(pdf)]
    assert run([*command, "--db", demo.url]) == 0
    assert "wrote" in capsys.readouterr().out

    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert pages
    images = [Image.open(page).convert("RGB") for page in pages]
    for image in images:
        white = _pixels_near(image, (255, 255, 255), tolerance=0)
        assert white < image.width * image.height * 0.995, "a blank page"
    assert sum(_pixels_near(image, BUFFER_ZONE_FILL) for image in images) > 2000  # the map
    assert sum(_pixels_near(image, SHELLING_ORANGE) for image in images) > 100  # dot and bar

    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "1 incident in the period" in text
    assert "against 0 in the previous period" in text
    assert "#1 shelling" in text
    # The demo's shelling is verified: the board turns T1 to a violation for LNA that day.
    assert "Compliance board at the end of the period" in text
    assert "Verified violations in the period" in text
    assert "#1 shelling, 2020-11-02, between Sirte and al-Jufra — breaks T1, T5" in text
    assert "Map of the period's incidents" in text and "Incidents per day by type" in text


def test_the_same_database_and_date_give_the_same_bytes_but_the_generation_time(
    demo: Database, tmp_path: Path
) -> None:
    def render(output_format: ReportFormat, hour: int) -> bytes:
        with demo.connect() as connection:
            return produce_report(
                connection,
                daily("2020-11-02"),
                output_format=output_format,
                public=False,
                generated_at=datetime(2026, 11, 29, hour, 0, 0, tzinfo=UTC),
                environment=report_environment(),
            )

    first, second = render(ReportFormat.HTML, 9), render(ReportFormat.HTML, 10)
    differing = [
        (a, b)
        for a, b in zip(first.decode().splitlines(), second.decode().splitlines(), strict=True)
        if a != b
    ]
    assert len(differing) == 1 and "Generated at 2026-11-29 09:00:00 UTC" in differing[0][0]
    pdf = render_pdf(first.decode())
    assert pdf == render_pdf(first.decode())
    (tmp_path / "r.pdf").write_bytes(pdf)
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "r.pdf")], check=True, capture_output=True, text=True
    ).stdout
    # The metadata dates are the period's end, not the clock's.
    assert "CreationDate:    Mon Nov  2 23:59:59 2020 UTC" in info
    assert "ModDate:         Mon Nov  2 23:59:59 2020 UTC" in info


def test_the_html_report_is_written_to_stdout_with_dash(
    demo: Database, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    command = ["report", "weekly", "--week", "2020-W46", "-o", "-", "--db", demo.url]
    assert run(command) == 0
    html = capsysbinary.readouterr().out.decode()
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html
    with demo.connect() as connection:
        head = chain_head(connection)
    assert head is not None and f"entry {head[0]}, head <code>{head[1]}</code>" in html
    assert "Weekly report 2020-W46" in html and "<strong>2</strong> incidents" in html
