"""Numbers and types that used to escape as something other than ``VBFormatsError`` (issue #11).

Every case was seen on main before the fix: a ``RecursionError``, an ``OverflowError``, a
``ZeroDivisionError``, a ``TypeError`` or a plain ``ValueError`` from deep inside, or a value
silently changed on the round trip. Each now either works exactly or raises our
``InvalidInputError`` naming the field.
"""

from __future__ import annotations

import json
import warnings
from typing import Any

import pandas as pd
import pytest

import vbformats
from vbformats import frames, metrics
from vbformats.errors import InvalidInputError, LossyConversionWarning
from vbformats.timing import MAX_TIME_MS, parse_clock, wire_ms


def words(*items: dict[str, Any]) -> dict[str, Any]:
    return {"transcript": {"words": list(items)}}


def ringcentral(speaker_id: Any) -> dict[str, Any]:
    word = {"word": "hi", "start": 0.1, "end": 0.2, "speakerId": speaker_id}
    return {
        "jobId": "job-1",
        "api": "/ai/audio/v1/async/speech-to-text",
        "status": "Success",
        "response": {"transcript": "Hi.", "words": [word]},
    }


@pytest.mark.parametrize("speaker_id", [True, [1], {"a": 1}, 10**40])
def test_a_ringcentral_speaker_id_that_is_no_id_is_refused_by_path(speaker_id: Any) -> None:
    with pytest.raises(InvalidInputError, match=r"response\.words\[0\]\.speakerId"):
        vbformats.load(ringcentral(speaker_id))
    assert vbformats.load(ringcentral(7)).words.text[0] == "Speaker 7"  # a number is fine


@pytest.mark.parametrize(
    "value", [2**63, 10**13, 1e300, float(MAX_TIME_MS) * 10, -1, "-5", "1" * 5000, True]
)
def test_times_outside_the_valid_range_are_refused_at_load_naming_the_field(value: Any) -> None:
    with pytest.raises(InvalidInputError, match=r"transcript\.words\[0\]\.s"):
        vbformats.load(words({"s": value, "e": 10**14, "w": "x"}))
    for section, path in (
        ({"length": value}, "length"),
        (
            {"speakerSentiments": [{"speakerName": "A", "sentimentValues": [{"s": value}]}]},
            r"speakerSentiments\[0\]\.sentimentValues\[0\]\.s",
        ),
    ):
        with pytest.raises(InvalidInputError, match=path):
            vbformats.load(section)
    assert wire_ms(MAX_TIME_MS, "s") == MAX_TIME_MS  # the range is inclusive


@pytest.mark.parametrize(
    "body",
    [
        b"1\n" + b"9" * 5000 + b":00:00,000 --> 00:00:01,000\nx\n",
        b"1\n00:00:00,000 --> 300000000:00:00,000\nx\n",
        "1\n00:00:0\u0661,000 --> 00:00:02,000\nx\n".encode(),  # an Arabic-Indic digit
    ],
)
def test_caption_clocks_with_absurd_digits_are_refused(body: bytes) -> None:
    with pytest.raises(InvalidInputError, match=r"line 2"):
        vbformats.load(body, format="srt")
    with pytest.raises(InvalidInputError):
        parse_clock("9" * 5000 + ":00:00.000")


@pytest.mark.parametrize(
    "attribute",
    [
        'ttp:frameRate="0"',
        'ttp:tickRate="0"',
        'ttp:frameRateMultiplier="0 1"',
        'ttp:frameRateMultiplier="1 0"',
        'ttp:frameRate="\u0663\u0660"',
        'ttp:frameRate="30.5"',
    ],
)
def test_ttml_rates_that_would_divide_by_zero_or_misread_are_refused(attribute: str) -> None:
    document = (
        '<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" '
        f'{attribute}><body><div><p begin="1f" end="2t">x</p></div></body></tt>'
    )
    with pytest.raises(InvalidInputError, match=r"line 1: ttp:"):
        vbformats.load(document.encode(), format="dfxp")


def test_a_status_of_the_wrong_type_is_refused_from_a_dict_and_from_text() -> None:
    for value in ([], {}, 5):
        for source in ({"status": value}, json.dumps({"status": value})):
            with pytest.raises(InvalidInputError, match="status"):
                vbformats.load(source)


def test_every_table_works_or_names_the_field_when_a_section_has_the_wrong_type() -> None:
    media = vbformats.load({"noun-verb-pairs": 5, "conversation": {"noun-verb-pairs": "x"}})
    for table in frames.TABLES:
        try:
            frame = frames.build(table, media)
        except InvalidInputError as error:
            assert table == "verb_noun_pairs" and "noun-verb-pairs" in str(error)
        else:
            assert isinstance(frame, pd.DataFrame)
    collected = frames.build("verb_noun_pairs", [media, {}], errors="collect")
    assert [e["type"] for e in collected.attrs["errors"]] == ["InvalidInputError"]


def test_metadata_extended_keeps_big_integers_and_colliding_keys() -> None:
    extended = {"big": 2**63, "a.b": 1, "a": {"b": 2}, "c\\.d": 3}
    row = frames.metadata(vbformats.load({"metadata": {"extended": extended}})).iloc[0]
    assert row["extended.big"] == 2**63
    assert (row["extended.a\\.b"], row["extended.a.b"], row["extended.c\\\\\\.d"]) == (1, 2, 3)


@pytest.mark.parametrize("fmt", ["json", "turns"])
def test_json_indentation_is_bounded(fmt: str) -> None:
    media = vbformats.load(words({"s": 0, "e": 1, "w": "x"}))
    for indent in (17, 10**20, -1):
        with pytest.raises(InvalidInputError, match=r"options\.indent"):
            vbformats.render(media, fmt, {"indent": indent})
    assert vbformats.render(media, fmt, {"indent": 16}).startswith(("{", "["))


def test_integers_beyond_float_precision_round_trip_exactly() -> None:
    big = 9_007_199_254_740_993  # 2**53 + 1: float() would make it ...992.0
    document = {
        "knowledge": {"keywords": [{"keyword": "k", "relevance": big}]},
        "metrics": [{"metricGroupName": "g", "metricValues": [{"metricValue": big}]}],
        "transcript": {"words": [{"s": 0, "e": 1, "w": "x", "c": big, "v": big}]},
    }
    media = vbformats.load(document)
    assert media.to_dict() == document
    assert json.loads(media.to_json()) == document
    # the integer, not its float, in the text
    assert json.dumps(media.to_dict(), sort_keys=True) == json.dumps(document, sort_keys=True)


@pytest.mark.parametrize(
    "document,path",
    [
        ({"length": True}, "length"),
        ({"knowledge": {"keywords": [{"relevance": False}]}}, r"knowledge\.keywords\[0\]"),
        ({"speakerSentiments": [{"sentimentValues": [{"v": True}]}]}, "sentimentValues"),
        (words({"s": True, "e": 1, "w": "x"}), r"transcript\.words\[0\]\.s"),
        (words({"s": 0, "e": 1, "w": "x", "c": True}), r"transcript\.words\[0\]\.c"),
    ],
)
def test_booleans_are_not_numbers(document: dict[str, Any], path: str) -> None:
    with pytest.raises(InvalidInputError, match=path):
        vbformats.load(document)


def test_a_length_shorter_than_the_speech_keeps_every_ratio_in_range() -> None:
    document = {
        "length": 1000,
        "transcript": {
            "words": [
                {"s": 0, "e": 0, "w": "Agent", "m": "turn"},
                {"s": 0, "e": 50_000, "w": "hi"},
                {"s": 0, "e": 0, "w": "Caller", "m": "turn"},
                {"s": 10_000, "e": 60_000, "w": "yo"},
            ]
        },
    }
    with pytest.warns(LossyConversionWarning, match="after the call length 1000 ms"):
        result = metrics.compute(vbformats.load(document))
    assert result.length_ms == 1000
    ratios = [name for name in result.raw if name.endswith("-ratio") and "rate" not in name]
    assert all(0 <= (result[name] or 0) <= 1 for name in ratios), {n: result[n] for n in ratios}
    assert 0 <= (result["vbformats-agent-talk-time-pct-of-call"] or 0) <= 100
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a length that covers the speech warns nothing
        metrics.compute(vbformats.load({**document, "length": 60_000}))
