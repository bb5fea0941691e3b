from __future__ import annotations

import pytest

from truce.ingest.language import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The Libyan National Army said on Wednesday that its forces had taken the town.", "en"),
        (
            "Le ministre turc a déclaré mercredi que son pays et la Russie sont proches.",
            "fr",
        ),
        ("قال وزير الخارجية التركي إن بلاده وروسيا تقتربان من اتفاق بشأن ليبيا", "ar"),
    ],
)
def test_english_french_arabic_are_recognised(text: str, code: str) -> None:
    guess = detect_language(text)
    assert guess.code == code and guess.recognised


@pytest.mark.parametrize(
    "text",
    [
        "Der türkische Außenminister sagte am Mittwoch, dass sein Land und Russland sich nähern.",
        "El ministro turco dijo el miércoles que su país y Rusia están cerca de un acuerdo.",
        "12345 67890",
    ],
)
def test_other_languages_are_flagged_not_guessed(text: str) -> None:
    guess = detect_language(text)
    assert guess.code == "und" and not guess.recognised
