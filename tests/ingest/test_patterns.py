"""Fast patterns find exactly what the plain ones found."""

from __future__ import annotations

import random
import re

import pytest

from truce.ingest.patterns import cued, literal_alternation, word_start
from truce.ingest.triggers import TRIGGERS

SAMPLE = (
    "accused the withdrawn units of withdrawing; the withdrawal of mercenaries, airstrikes "
    "and a strike, demonstrators demonstrated; مرتزقة المرتزقة دوريات"
)


def test_trie_matches_the_longest_word_at_each_position_like_a_sorted_alternation() -> None:
    words = {fragment for trigger in TRIGGERS for fragment in trigger.fragments}
    plain = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    trie = re.compile(literal_alternation(words))
    found = [m.group() for m in trie.finditer(SAMPLE)]
    assert found == [m.group() for m in plain.finditer(SAMPLE)]
    assert "withdrawal" in found and "demonstrat" in found  # the longer of nested words


def test_trie_of_words_sharing_prefixes() -> None:
    pattern = re.compile(literal_alternation(["with", "withdraw", "withdrawal", "wit"]))
    assert [m.group() for m in pattern.finditer("wit with withdraws withdrawal")] == [
        "wit",
        "with",
        "withdraw",
        "withdrawal",
    ]
    with pytest.raises(ValueError):
        literal_alternation(["", "a"])


def test_cued_pattern_runs_only_where_a_fragment_occurs() -> None:
    denial = cued(r"\b(?:denied|denies)\b", "deni")
    text = "the lna denied it. turkey said nothing."
    assert denial.search(text) is not None
    assert denial.search(text, 19, len(text)) is None
    assert not denial.occurs_in(text, 19, len(text))
    assert [m.group() for m in denial.finditer(text)] == ["denied"]
    assert list(denial.finditer(text, 19, len(text))) == []


def test_a_cue_fragment_must_be_part_of_its_pattern() -> None:
    with pytest.raises(ValueError):
        cued(r"\bdenied\b", "refus")


def test_word_start_finds_what_the_leading_boundary_found() -> None:
    rng = random.Random(1)
    pieces = [
        "June",
        "and",
        "July",
        "12",
        "Junee",
        "xJune",
        "_June",
        "é",
        "2020",
        " ",
        ",",
        "1June",
    ]
    patterns = [
        r"\b(June|July)\s+and\s+(June|July)\b",
        r"\b(\d{1,2})\s+(June|July)(?:\s+(\d{4}))?(?!\w)",
        r"\b(June|July)\b(?:\s+(\d{4}))?",
    ]
    for _ in range(500):
        text = "".join(rng.choice(pieces) + rng.choice([" ", "", ", "]) for _ in range(10))
        start, end = rng.randint(0, 5), rng.randint(15, len(text))
        for source in patterns:
            plain = [(m.span(), m.groups()) for m in re.compile(source).finditer(text, start, end)]
            fast = [(m.span(), m.groups()) for m in word_start(source).finditer(text, start, end)]
            assert fast == plain, (source, text)
    assert [m.group() for m in word_start(r"\bJune").finditer("xJune June")] == ["June"]
    with pytest.raises(ValueError):
        word_start("June")
