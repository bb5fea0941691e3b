"""Scoring extraction output against gold files, by the rules of spec/extraction.md.

- Events: a gold event matches an output event when type and modality are equal, the actor
  sets overlap with Jaccard >= 0.5, the places are within 50 km (when the gold event has one),
  and the dates agree within one day (day precision) or fall in the same month (month
  precision; the same year for year precision); a gold event with a null place or date is not
  checked on it. Each gold event matches at most one output event (a maximum matching).
- Actors: the set of ids per document. Places: a gold place is found when an output place
  lies within 25 km of it; a gold place of precision ``country`` is found by an output place
  of precision ``country`` with the same ``country``; an output place is correct when it finds
  some gold place. Relations: exact triples, ``opposes`` and ``competes_with`` symmetric.
- Micro-averaged precision, recall and F1 over the corpus.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from truce.geo.gazetteer import distance_km

EVENT_PLACE_KM = 50.0
PLACE_KM = 25.0
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")


@dataclass(slots=True)
class Counts:
    """True positives for precision (``correct``) and recall (``found``) may differ for places."""

    correct: int = 0
    output: int = 0
    found: int = 0
    gold: int = 0

    def add(self, other: Counts) -> None:
        self.correct += other.correct
        self.output += other.output
        self.found += other.found
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.correct / self.output if self.output else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class FileScore:
    name: str
    counts: dict[str, Counts]
    misses: dict[str, list[str]] = field(default_factory=dict)
    false_alarms: dict[str, list[str]] = field(default_factory=dict)


@dataclass(slots=True)
class CorpusScore:
    files: list[FileScore]
    totals: dict[str, Counts]


KINDS = ("events", "actors", "places", "relations")


def score_document(output: Mapping[str, Any], gold: Mapping[str, Any], name: str = "") -> FileScore:
    score = FileScore(name, {kind: Counts() for kind in KINDS})
    _score_events(output, gold, score)
    _score_sets(
        score, "actors", {a["id"] for a in output["actors"]}, {a["id"] for a in gold["actors"]}
    )
    _score_places(output["places"], gold["places"], score)
    _score_sets(score, "relations", _triples(output["relations"]), _triples(gold["relations"]))
    return score


def _score_sets(score: FileScore, kind: str, out: set[Any], gold: set[Any]) -> None:
    both = out & gold
    score.counts[kind] = Counts(len(both), len(out), len(both), len(gold))
    score.misses[kind] = sorted(map(_label, gold - out))
    score.false_alarms[kind] = sorted(map(_label, out - gold))


def _label(item: Any) -> str:
    return " ".join(item) if isinstance(item, tuple) else str(item)


def _triples(relations: Sequence[Mapping[str, str]]) -> set[tuple[str, str, str]]:
    triples = set()
    for r in relations:
        subject, predicate, obj = r["subject"], r["predicate"], r["object"]
        if predicate in ("opposes", "competes_with") and obj < subject:
            subject, obj = obj, subject
        triples.add((subject, predicate, obj))
    return triples


def _place_finds(out: Mapping[str, Any], gold: Mapping[str, Any]) -> bool:
    if gold["precision"] == "country":
        return bool(out["precision"] == "country" and out["country"] == gold["country"])
    if out["precision"] == "country":
        return False
    return bool(distance_km(gold["lat"], gold["lon"], out["lat"], out["lon"]) <= PLACE_KM)


def _score_places(
    out: Sequence[Mapping[str, Any]], gold: Sequence[Mapping[str, Any]], score: FileScore
) -> None:
    correct = [o for o in out if any(_place_finds(o, g) for g in gold)]
    found = [g for g in gold if any(_place_finds(o, g) for o in out)]
    score.counts["places"] = Counts(len(correct), len(out), len(found), len(gold))
    score.misses["places"] = [g["name"] for g in gold if g not in found]
    score.false_alarms["places"] = [o["name"] for o in out if o not in correct]


def _score_events(output: Mapping[str, Any], gold: Mapping[str, Any], score: FileScore) -> None:
    out_places = {p["name"]: p for p in output["places"]}
    gold_places = {p["name"]: p for p in gold["places"]}

    def matches(o: Mapping[str, Any], g: Mapping[str, Any]) -> bool:
        return event_matches(o, g, out_places, gold_places)

    pairs = maximum_matching(gold["events"], output["events"], matches)
    matched_gold = set(pairs)
    matched_out = set(pairs.values())
    score.counts["events"] = Counts(
        len(pairs), len(output["events"]), len(pairs), len(gold["events"])
    )
    score.misses["events"] = [
        _describe(e) for i, e in enumerate(gold["events"]) if i not in matched_gold
    ]
    score.false_alarms["events"] = [
        _describe(e) for i, e in enumerate(output["events"]) if i not in matched_out
    ]


def event_matches(
    out: Mapping[str, Any],
    gold: Mapping[str, Any],
    out_places: Mapping[str, Mapping[str, Any]],
    gold_places: Mapping[str, Mapping[str, Any]],
) -> bool:
    if out["type"] != gold["type"] or out["modality"] != gold["modality"]:
        return False
    if _jaccard(set(out["actors"]), set(gold["actors"])) < 0.5:
        return False
    if gold.get("place"):
        g, o = gold_places.get(gold["place"]), out_places.get(out.get("place") or "")
        if g is None or o is None:
            return False
        if distance_km(g["lat"], g["lon"], o["lat"], o["lon"]) > EVENT_PLACE_KM:
            return False
    if gold.get("date"):
        if not out.get("date"):
            return False
        gold_date, out_date = date.fromisoformat(gold["date"]), date.fromisoformat(out["date"])
        precision = gold.get("date_precision") or "day"
        if precision == "day" and abs((gold_date - out_date).days) > 1:
            return False
        if precision == "month" and (gold_date.year, gold_date.month) != (
            out_date.year,
            out_date.month,
        ):
            return False
        if precision == "year" and gold_date.year != out_date.year:
            return False
    return True


def _jaccard(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def maximum_matching(
    gold: Sequence[Any], out: Sequence[Any], matches: Callable[[Any, Any], bool]
) -> dict[int, int]:
    """A maximum bipartite matching (Kuhn's augmenting paths): gold index -> output index."""
    edges = [[j for j, o in enumerate(out) if matches(o, g)] for g in gold]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    return {i: j for j, i in owner.items()}


def _describe(event: Mapping[str, Any]) -> str:
    actors = ",".join(event.get("actors") or [])
    return (
        f"{event['type']}/{event['modality']} {event.get('date') or '-'} "
        f"{event.get('place') or '-'} [{actors}]"
    )


def gold_files(corpus: Path) -> list[tuple[Path, Path]]:
    """(article, gold) pairs of a corpus folder: ``x.gold.json`` beside ``x.txt|.html|.htm``."""
    pairs = []
    for gold_path in sorted(corpus.glob("*.gold.json")):
        stem = gold_path.name[: -len(".gold.json")]
        article = next(
            (corpus / (stem + s) for s in ARTICLE_SUFFIXES if (corpus / (stem + s)).exists()), None
        )
        if article is not None:
            pairs.append((article, gold_path))
    return pairs


def evaluate(
    pairs: Sequence[tuple[Path, Path]],
    extract_one: Callable[[bytes, Mapping[str, Any]], Mapping[str, Any]],
) -> CorpusScore:
    """Score ``extract_one(article_bytes, gold)`` on every pair; totals are micro-averaged."""
    files = []
    totals = {kind: Counts() for kind in KINDS}
    for article, gold_path in pairs:
        gold = json.loads(gold_path.read_text("utf-8"))
        output = extract_one(article.read_bytes(), gold)
        score = score_document(output, gold, article.name)
        for kind in KINDS:
            totals[kind].add(score.counts[kind])
        files.append(score)
    return CorpusScore(files, totals)
