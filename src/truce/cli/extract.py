"""``truce extract FILE`` and ``truce eval CORPUS_DIR``: the news pipeline from the command line.

Thin: read the bytes, build the pipeline's resources once, call ``truce.ingest.pipeline``,
print. An unreadable input is an ``InvalidInput`` (one line on standard error, exit 2).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from truce.errors import InvalidInput
from truce.ingest.decode import decode
from truce.ingest.document import Hints, Rejected
from truce.ingest.evaluate import KINDS, CorpusScore, Counts, evaluate, gold_files
from truce.ingest.pipeline import Resources, build_resources, extract, extract_page

ScenarioOption = Annotated[
    Path | None,
    typer.Option(
        "--scenario",
        help="scenario file whose actors and aliases join the base registry",
        show_default=False,
    ),
]


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_command)
    app.command("eval")(eval_command)


def load_resources(scenario: Path | None) -> Resources:
    if scenario is None:
        return build_resources()
    from truce.scenario import load_scenario

    agreement = load_scenario(scenario)
    return build_resources(agreement.actors, agreement.parties)


def read_input(file: str) -> bytes:
    """The bytes of FILE (``-`` is standard input), or an error saying what is wrong."""
    if file == "-":
        return sys.stdin.buffer.read()
    path = Path(file)
    if path.is_dir():
        raise InvalidInput("FILE", f"{file} is a folder; give one HTML or text article")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput("FILE", f"{file} does not exist") from None
    except OSError as error:
        raise InvalidInput("FILE", f"cannot read {file}: {error.strerror}") from None


def parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(option, f"{value!r} is not a date; write it as YYYY-MM-DD") from None


def extract_command(
    file: Annotated[str, typer.Argument(help="saved HTML page or text article; - for stdin")],
    published: Annotated[
        str | None, typer.Option(help="publication date (YYYY-MM-DD) for relative dates")
    ] = None,
    source: Annotated[str | None, typer.Option(help="name of the outlet")] = None,
    url: Annotated[str | None, typer.Option(help="address of the page")] = None,
    output_format: Annotated[
        str, typer.Option("--format", help="output format (json, the truce-extract/1 document)")
    ] = "json",
    scenario: ScenarioOption = None,
) -> None:
    """Extract the events of one news article as a truce-extract/1 JSON document."""
    if output_format != "json":
        raise InvalidInput("--format", f"{output_format!r} is not supported; use json")
    hints = Hints(published=parse_day(published, "--published"), source=source, url=url)
    page = decode(read_input(file))  # before the resources: a bad file fails fast
    if isinstance(page, Rejected):
        raise InvalidInput("FILE", f"{file}: {page}")
    document = extract_page(page, hints, load_resources(scenario))
    if isinstance(document, Rejected):
        raise InvalidInput("FILE", f"{file}: {document}")
    typer.echo(json.dumps(document, ensure_ascii=False, indent=2))


def eval_command(
    corpus: Annotated[Path, typer.Argument(help="folder of articles with *.gold.json beside them")],
    scenario: ScenarioOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="print the scores as JSON, the corpus's and each file's")
    ] = False,
) -> None:
    """Score extraction against the gold files of a corpus: micro P/R/F1 and per-file errors."""
    if not corpus.is_dir():
        raise InvalidInput("CORPUS_DIR", f"{corpus} is not a folder")
    pairs = gold_files(corpus)
    if not pairs:
        raise InvalidInput("CORPUS_DIR", f"{corpus} has no *.gold.json beside an article")
    score = run_evaluation(pairs, load_resources(scenario))
    if as_json:
        typer.echo(json.dumps(score_summary(score), indent=2))
    else:
        print_score(score)


def run_evaluation(pairs: list[tuple[Path, Path]], resources: Resources) -> CorpusScore:
    def extract_one(raw: bytes, gold: Mapping[str, Any]) -> Mapping[str, Any]:
        published = gold.get("document", {}).get("published")
        hints = Hints(published=date.fromisoformat(published) if published else None)
        document = extract(raw, hints, resources)
        if isinstance(document, Rejected):
            return {"actors": [], "places": [], "events": [], "relations": []}
        return document

    return evaluate(pairs, extract_one)


def score_summary(score: CorpusScore) -> dict[str, Any]:
    """The JSON of ``truce eval --json``: for each kind, the corpus's micro-averaged figures;
    under ``files``, the same figures for each file, whose counts add up to the corpus's."""
    summary: dict[str, Any] = {kind: kind_figures(score.totals[kind]) for kind in KINDS}
    summary["files"] = [
        {"file": file_score.name} | {kind: kind_figures(file_score.counts[kind]) for kind in KINDS}
        for file_score in score.files
    ]
    return summary


def kind_figures(counts: Counts) -> dict[str, float | int]:
    """Precision, recall and F1 (to three places), and the counts they come from."""
    return {
        "precision": round(counts.precision, 3),
        "recall": round(counts.recall, 3),
        "f1": round(counts.f1, 3),
        "correct": counts.correct,
        "output": counts.output,
        "found": counts.found,
        "gold": counts.gold,
    }


def print_score(score: CorpusScore) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    totals = Table(title="Extraction quality (micro-averaged)")
    for column in ("", "precision", "recall", "F1"):
        totals.add_column(column, justify="right" if column else "left")
    for kind in KINDS:
        counts = score.totals[kind]
        totals.add_row(kind, f"{counts.precision:.3f}", f"{counts.recall:.3f}", f"{counts.f1:.3f}")
    console.print(totals)
    files = Table(title="Misses and false alarms per file")
    files.add_column("file")
    for kind in KINDS:
        files.add_column(f"{kind} miss/false", justify="right")
    for file_score in score.files:
        files.add_row(
            file_score.name,
            *(f"{len(file_score.misses[k])}/{len(file_score.false_alarms[k])}" for k in KINDS),
        )
    console.print(files)
    for file_score in score.files:
        lines = [
            f"  missed {kind}: {item}" for kind in KINDS for item in file_score.misses[kind]
        ] + [f"  false {kind}: {item}" for kind in KINDS for item in file_score.false_alarms[kind]]
        if lines:
            console.print(f"[bold]{file_score.name}[/bold]", highlight=False)
            console.print("\n".join(lines), highlight=False, markup=False)
