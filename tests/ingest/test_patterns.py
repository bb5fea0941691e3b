"""Fast patterns find exactly what the plain ones found."""

from __future__ import annotations

import re

import pytest

from truce.ingest.patterns import cued, literal_alternation
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
