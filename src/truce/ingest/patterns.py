"""Regular expressions that stay fast on every sentence of every article.

Python's ``re`` scans for the first character of a pattern before it tries the rest, but only
when the pattern starts with a literal or a set of characters: an alternation of a hundred
words, or a leading ``\\b``, or ``re.I``, makes it try every alternative at every position.
Two remedies, both exact (a pattern finds what it found before):

- ``literal_alternation`` writes a set of words as a trie ("accus|attack" becomes
  ``a(?:ccus|ttack)``), which matches the longest word at each position as the sorted
  alternation did, five times faster;
- ``Cued`` pairs a pattern with the lower-case fragments of which one must occur for it to
  match, and runs it only where one does (the denial pattern is tried on the sentences that
  contain "deni", "deny", "dément"…, not on all of them).

Patterns here are written in lower case and matched against the lower-cased text (the same
offsets, ``sentences.lower_same_length``) without ``re.I``, which is three times faster.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_Trie = dict[str, "_Trie"]
_END = ""


def literal_alternation(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, the longest one at a position first."""
    trie: _Trie = {}
    for word in words:
        if not word:
            raise ValueError("an empty word would match everywhere")
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = {}
    return _emit(trie)


def _emit(node: _Trie) -> str:
    branches = [re.escape(char) + _emit(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    ends_here = _END in node
    if len(branches) == 1 and not ends_here:
        return branches[0]
    group = "(?:" + "|".join(branches) + ")"
    return group + "?" if ends_here else group  # greedy: the longer word wins


@dataclass(frozen=True, slots=True)
class Cued:
    """A pattern tried only where one of its fragments occurs.

    Every match of ``pattern`` contains one of the fragments, so a span without any of them
    is not scanned at all; ``cue`` finds the fragments (a trie of literals: fast). Both run on
    the same text: the lower-cased text (``sentences.lower_same_length``, the same offsets)
    for the patterns written in lower case without ``re.I``.
    """

    pattern: re.Pattern[str]
    cue: re.Pattern[str]

    def occurs_in(self, text: str, start: int = 0, end: int | None = None) -> bool:
        return self.cue.search(text, start, len(text) if end is None else end) is not None

    def search(self, text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
        stop = len(text) if end is None else end
        if not self.occurs_in(text, start, stop):
            return None
        return self.pattern.search(text, start, stop)

    def finditer(
        self, text: str, start: int = 0, end: int | None = None
    ) -> Iterator[re.Match[str]]:
        stop = len(text) if end is None else end
        if not self.occurs_in(text, start, stop):
            return iter(())
        return self.pattern.finditer(text, start, stop)


def any_of(words: Iterable[str]) -> re.Pattern[str]:
    """A pattern finding any of ``words``: a cheap test before a costly pattern."""
    return re.compile(literal_alternation(words))


def cued(pattern: str, fragments: str) -> Cued:
    """``pattern`` tried only where one of ``fragments`` (separated by spaces) occurs; a
    fragment that is not part of the pattern is a mistake, and refused."""
    words = tuple(fragments.split())
    missing = [word for word in words if word not in pattern]
    if missing or not words:
        raise ValueError(f"cue fragments {missing or words} are not in the pattern {pattern!r}")
    return Cued(re.compile(pattern), any_of(words))


@dataclass(frozen=True, slots=True)
class WordStart:
    """``\\b`` followed by ``pattern``, for a pattern whose matches start with a word character:
    without the leading ``\\b`` the pattern starts with literals, which ``re`` scans for fast,
    and the boundary (no word character before the match) is checked on what it finds."""

    pattern: re.Pattern[str]

    def finditer(
        self, text: str, start: int = 0, end: int | None = None
    ) -> Iterator[re.Match[str]]:
        stop = len(text) if end is None else end
        position = start
        while position <= stop:
            match = self.pattern.search(text, position, stop)
            if match is None:
                return
            found = match.start()
            if found and _is_word_character(text[found - 1]):
                position = found + 1
                continue
            yield match
            position = match.end() if match.end() > found else found + 1


def _is_word_character(char: str) -> bool:
    return char.isalnum() or char == "_"  # what ``\w`` matches in a str pattern


def word_start(pattern: str, flags: int = 0) -> WordStart:
    """``WordStart`` of a pattern written with its leading ``\\b`` (which is taken off)."""
    if not pattern.startswith(r"\b"):
        raise ValueError(f"{pattern!r} does not start with \\b")
    return WordStart(re.compile(pattern[2:], flags))
