"""Language: English, French and Arabic are recognised; anything else is flagged, not guessed.

Arabic is told by its script; English and French by their commonest function words, which
decide reliably on a paragraph of news. A text where neither has a clear lead gets ``und``
(ISO 639 "undetermined") and ``recognised=False``, so that later stages can say so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

UNDETERMINED = "und"
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_STOPWORDS = {
    "en": frozenset(
        [
            "the",
            "of",
            "and",
            "to",
            "in",
            "is",
            "was",
            "that",
            "for",
            "on",
            "with",
            "as",
            "by",
            "at",
            "from",
            "it",
            "his",
            "her",
            "their",
            "were",
            "has",
            "have",
            "had",
            "been",
            "said",
            "which",
            "who",
            "will",
            "not",
            "this",
            "are",
            "be",
            "an",
            "or",
            "after",
            "its",
            "they",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "des",
            "du",
            "de",
            "et",
            "un",
            "une",
            "est",
            "dans",
            "en",
            "pour",
            "que",
            "qui",
            "sur",
            "au",
            "aux",
            "par",
            "pas",
            "plus",
            "il",
            "elle",
            "ont",
            "été",
            "sont",
            "avec",
            "ce",
            "cette",
            "son",
            "sa",
            "ses",
            "leur",
            "a",
            "été",
            "selon",
            "après",
        ]
    ),
}
#: Function words of languages we do not read, so that they are flagged instead of misread.
_OTHER = frozenset(
    [
        "der",
        "die",
        "das",
        "und",
        "ist",
        "nicht",
        "el",
        "los",
        "las",
        "del",
        "por",
        "con",
        "una",
        "para",
        "il",
        "della",
        "che",
        "non",
        "sono",
        "per",
        "het",
        "een",
        "van",
        "ook",
        "em",
        "não",
        "uma",
        "com",
        "su",
        "y",
        "están",
        "sobre",
        "dijo",
        "según",
        "fue",
        "han",
        "entre",
        "también",
        "como",
        "auf",
        "mit",
        "sich",
        "dem",
        "den",
        "zu",
        "ein",
        "eine",
        "wird",
        "hat",
        "sind",
    ]
)


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    code: str
    recognised: bool


def detect_language(text: str) -> LanguageGuess:
    """``en``, ``fr`` or ``ar`` when the text is clearly one of them, else ``und``."""
    sample = text[:5000]
    runs = _WORD.findall(sample)  # runs of letters: their lengths add up to the letters
    letters = sum(map(len, runs))
    if not letters:
        return LanguageGuess(UNDETERMINED, False)
    arabic = len(_ARABIC_LETTER.findall(sample))
    if arabic / letters > 0.5:
        return LanguageGuess("ar", True)
    counts = Counter(word.lower() for word in runs)
    scores = {code: _occurrences(counts, stop) for code, stop in _STOPWORDS.items()}
    other = _occurrences(counts, _OTHER)
    best = max(scores, key=lambda code: scores[code])
    runner_up = max(score for code, score in scores.items() if code != best)
    if scores[best] < max(3, 0.08 * len(runs)) or scores[best] < 1.5 * max(runner_up, other):
        return LanguageGuess(UNDETERMINED, False)
    return LanguageGuess(best, True)


def _occurrences(counts: Counter[str], words: frozenset[str]) -> int:
    return sum(counts[word] for word in words if word in counts)
