"""Number formatting for matching: written and spoken numbers read as the same digits, and
the aligner giving a written number the whole span of the spoken one (and back)."""

from __future__ import annotations

import pytest

import vbformats
from vbformats.alignment import align_with_report
from vbformats.alignment.numbers import digits_of_token, read_number_groups, read_number_run

# hand-written expectations (what a person reads the words as)
SPOKEN = [
    ("four four seven two", "4472"),
    ("forty four seventy two", "4472"),
    ("four thousand four hundred seventy two", "4472"),
    ("four thousand four hundred and seventy two", "4472"),
    ("nineteen eighty four", "1984"),
    ("nineteen hundred", "1900"),
    ("twenty twenty", "2020"),
    ("two thousand twenty", "2020"),
    ("four oh two", "402"),
    ("one hundred twenty five", "125"),
    ("ten thirty", "1030"),
    ("two million three thousand five hundred and one", "2003501"),
    ("zero", "0"),
    ("hundred", "100"),
]

WRITTEN = [
    ("4472", ("4", "4", "7", "2")),
    ("4,472", ("4", "4", "7", "2")),
    ("555-0142", ("5", "5", "5", "0", "1", "4", "2")),
    ("10:30", ("1", "0", "3", "0")),
    ("2.5", ("2", "point", "5")),
    ("$5", ("5", "dollar")),
    ("$9.99", ("9", "dollar", "9", "9", "cent")),
    ("£3.20", ("3", "pound", "2", "0", "pence")),
    ("€20", ("2", "0", "euro")),
    ("50%", ("5", "0", "percent")),
    ("4G", None),
    ("21st", None),
    ("B12", None),
    ("hello", None),
]


@pytest.mark.parametrize(("words", "digits"), SPOKEN)
def test_spoken_numbers(words: str, digits: str) -> None:
    assert read_number_run(words.split()) == digits


@pytest.mark.parametrize(("token", "units"), WRITTEN)
def test_written_numbers(token: str, units: tuple[str, ...] | None) -> None:
    assert digits_of_token(token) == units


def test_groups_know_their_words() -> None:
    # "and" between two numbers joins neither; "oh" at an edge is not a zero
    assert read_number_groups(["one", "hundred", "and", "five", "and", "six"]) == [
        (0, 4, "105"),
        (5, 6, "6"),
    ]
    assert read_number_groups(["oh", "four"]) == [(1, 2, "4")]
    assert read_number_groups(["two", "thousand", "three", "thousand"]) == [
        (0, 2, "2000"),
        (2, 4, "3000"),
    ]


def _media(*spoken: tuple[str, int, int]) -> vbformats.Media:
    words = [{"s": s, "e": e, "w": w} for w, s, e in spoken]
    return vbformats.load({"transcript": {"words": words}})


def _times(media: vbformats.Media) -> list[tuple[str, int, int, bool]]:
    table = media.words
    estimated = table.estimated or [False] * len(table)
    return [
        (table.text[i], table.start_ms[i], table.end_ms[i], estimated[i])
        for i in range(len(table))
        if table.is_speech[i]
    ]


def test_written_number_takes_the_span_of_the_spoken_one() -> None:
    media = _media(
        ("the", 0, 100),
        ("number", 100, 400),
        ("is", 400, 500),
        ("four", 600, 800),
        ("four", 850, 1000),
        ("seven", 1050, 1300),
        ("two", 1300, 1500),
        ("thanks", 2000, 2400),
    )
    result = align_with_report(media, "The number is 4472. Thanks")
    assert _times(result.media) == [
        ("The", 0, 100, False),
        ("number", 100, 400, False),
        ("is", 400, 500, False),
        ("4472", 600, 1500, False),
        ("Thanks", 2000, 2400, False),
    ]
    assert result.report.matched == 5


def test_spoken_number_shares_the_span_of_the_written_one() -> None:
    media = _media(("call", 0, 300), ("4472", 400, 1200), ("now", 1300, 1500))
    result = align_with_report(media, "call four four seven two now")
    # each spoken digit gets an equal share of "4472" (800 ms / 4)
    assert _times(result.media) == [
        ("call", 0, 300, False),
        ("four", 400, 600, False),
        ("four", 600, 800, False),
        ("seven", 800, 1000, False),
        ("two", 1000, 1200, False),
        ("now", 1300, 1500, False),
    ]


def test_currency_and_cents() -> None:
    media = _media(
        ("pay", 0, 200),
        ("five", 300, 500),
        ("dollars", 500, 900),
        ("today", 1000, 1300),
    )
    result = align_with_report(media, "pay $5 today")
    assert _times(result.media)[1] == ("$5", 300, 900, False)


def test_amount_with_cents_spans_the_spoken_cents() -> None:
    media = _media(
        ("nine", 0, 200),
        ("dollars", 200, 500),
        ("and", 500, 600),
        ("ninety", 600, 900),
        ("nine", 900, 1100),
        ("cents", 1100, 1400),
        ("please", 1500, 1800),
    )
    result = align_with_report(media, "$9.99 please")
    assert _times(result.media) == [("$9.99", 0, 1400, False), ("please", 1500, 1800, False)]


def test_a_substituted_number_word_keeps_its_own_time() -> None:
    # words are matched as words first: replacing "seven" must not move "hundred"
    media = _media(
        ("about", 0, 300), ("seven", 400, 700), ("hundred", 700, 1100), ("calls", 1200, 1500)
    )
    result = align_with_report(media, "about eight hundred calls")
    assert [(w, s, e) for w, s, e, _ in _times(result.media)] == [
        ("about", 0, 300),
        ("eight", 400, 700),
        ("hundred", 700, 1100),
        ("calls", 1200, 1500),
    ]
