"""Reproducers of the classes the entry-point properties found (or issue #11 lists), all fixed.

One test per class, so a regression names its class instead of surfacing as a shrunk
hypothesis example: times past int64, DFXP rates of 0 or with non-ASCII digits, clocks with
thousands of digits, odd RingCentral ``speakerId`` types, ``metadata.extended`` values past
int64 and dotted-key collisions, word keys msgspec cannot rename, lone surrogates. The
assertions are about the Guarantees, not about a particular fix: only
:class:`vbformats.VBFormatsError` escapes; a dict and its JSON text give the same result.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from entry_points import drive

import vbformats
from vbformats import InvalidInputError, VBFormatsError, frames

DATA = Path(__file__).resolve().parents[1] / "data" / "ringcentral"


def _escapes(doc: Any) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="vbformats-known-") as folder:
        run = drive(doc, Path(folder))
    return [str(escape) for escape in run.escapes]


def _words(start: Any, end: Any, **top: Any) -> dict[str, Any]:
    return {
        **top,
        "transcript": {
            "words": [
                {"s": 0, "e": 0, "w": "Agent", "m": "turn"},
                {"s": 0, "e": 500, "w": "hello"},
                {"s": start, "e": end, "w": "there"},
            ]
        },
    }


@pytest.mark.parametrize(
    ("doc", "field"),
    [
        (_words(600, 2**63), r"transcript\.words\[2\]\.e"),
        (_words(600, 1e300), r"transcript\.words\[2\]\.e"),
        (_words(2**63, 2**63), r"transcript\.words\[2\]\.s"),
        (_words(600, 900, length=10**30), r"length"),
    ],
    ids=["e=2**63", "e=1e300", "s=e=2**63", "length=1e30"],
)
def test_times_past_the_valid_range_are_refused_at_load_and_break_no_entry_point(doc, field):
    with pytest.raises(InvalidInputError, match=field):
        vbformats.load(doc)
    assert _escapes(doc) == []


def _speaker_payload(speaker: Any) -> dict[str, Any]:
    doc = json.loads((DATA / "stt_diarized_2024.json").read_text())
    for utterance in doc["response"]["utterances"]:
        utterance["speakerId"] = speaker
        for word in utterance.get("wordTimings", []):
            word["speakerId"] = speaker
    return doc


@pytest.mark.parametrize("speaker", [True, [1], {"a": 1}], ids=["bool", "list", "object"])
def test_an_odd_speaker_id_is_refused_naming_the_field(speaker):
    doc = _speaker_payload(speaker)
    for source in (doc, json.dumps(doc)):
        with pytest.raises(InvalidInputError, match=r"utterances\[0\]\.speakerId"):
            vbformats.load(source)


@pytest.mark.parametrize(
    ("extended", "expected"),
    [
        ({"a": 2**63}, ["9223372036854775808"]),
        ({"a": -(2**63) - 1, "b": 1}, ["-9223372036854775809", "1"]),
        ({"a.b": 1, "a": {"b": 2}}, ["1", "2"]),  # two fields, one column name
    ],
    ids=["2**63", "below int64", "dotted collision"],
)
def test_metadata_extended_keeps_every_value_without_crashing(extended, expected):
    media = vbformats.load({"metadata": {"extended": extended}, "transcript": {"words": []}})
    table = frames.metadata(media)
    shown = [str(value) for value in table.iloc[0].tolist()]
    for value in expected:
        assert value in shown, (value, shown)


def _dfxp(frame_rate: str, tick_rate: str, multiplier: str, begin: str = "25f") -> bytes:
    return (
        '<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" '
        f'ttp:frameRate="{frame_rate}" ttp:tickRate="{tick_rate}" '
        f'ttp:frameRateMultiplier="{multiplier}"><body><div>'
        f'<p begin="{begin}" end="10000t">hello there</p></div></body></tt>'
    ).encode()


@pytest.mark.parametrize(
    ("body", "attribute"),
    [
        (_dfxp("0", "10000", "1 1"), "frameRate"),
        (_dfxp("30", "0", "1 1", begin="10t"), "tickRate"),
        (_dfxp("30", "10000", "0 1"), "frameRateMultiplier"),
        (_dfxp("3²", "10000", "1 1"), "frameRate"),  # isdigit() says yes, Fraction() no
    ],
    ids=["frameRate 0", "tickRate 0", "multiplier 0 1", "superscript digit"],
)
def test_odd_dfxp_rates_are_refused_naming_the_attribute(body, attribute):
    with pytest.raises(InvalidInputError, match=rf"ttp:{attribute} must be"):
        vbformats.load(body, format="dfxp")


@pytest.mark.parametrize(
    "body",
    [
        b"1\n" + b"9" * 5000 + b":00:00,000 --> 00:00:02,000\nhello\n",
        _dfxp("30", "9" * 5000, "1 1"),
    ],
    ids=["srt hour", "dfxp tickRate"],
)
def test_clocks_with_thousands_of_digits_are_refused(body):
    with pytest.raises(InvalidInputError, match=r"not a clock time|tickRate must be"):
        vbformats.load(body)


@pytest.mark.parametrize("key", ['a"b', "a\\b", "a\x01b"], ids=["quote", "backslash", "control"])
def test_an_odd_word_key_is_kept_from_a_dict_and_from_json_text(key):
    doc = {"transcript": {"words": [{"s": 0, "e": 1, "w": "x", key: 1}]}}
    assert vbformats.load(doc).to_dict() == doc
    assert vbformats.load(json.dumps(doc)).to_dict() == doc


def test_a_lone_surrogate_gives_the_same_result_from_a_dict_and_from_text():
    doc = _words(600, 900, mediaId="call-\ud800")

    def outcome(source: Any) -> Any:
        try:
            media = vbformats.load(source)
        except VBFormatsError as error:
            return type(error).__name__
        return media.to_dict()

    assert outcome(doc) == outcome(json.dumps(doc))


def test_a_lone_surrogate_in_a_ringcentral_payload_is_refused_naming_the_field():
    doc = _speaker_payload("\ud800")
    with pytest.raises(InvalidInputError, match=r"speakerId: lone surrogate U\+D800"):
        vbformats.load(doc)


@pytest.mark.parametrize("value", [2**53 + 1, 2**64 + 3, -(2**63) - 1, 1])
def test_an_int_in_a_float_field_round_trips_exactly_from_a_dict_and_from_text(value):
    doc = {
        "transcript": {
            "words": [
                {"s": 0, "e": 10, "w": "hello", "c": value, "v": value},
                {"s": 10, "e": 20, "w": "there", "frq": [{"f": value, "e": value}]},
            ]
        }
    }
    text = json.dumps(doc)
    assert vbformats.load(doc).to_dict() == doc
    assert vbformats.load(text).to_dict() == doc
    dumped = json.dumps(vbformats.load(text).to_dict(), sort_keys=True)
    assert dumped == json.dumps(doc, sort_keys=True)  # the int itself: 1 stays 1, not 1.0


@pytest.mark.parametrize("status", ["9" * 5000, "١٢٣", "4e3"], ids=["5000 digits", "arabic", "4e3"])
def test_a_status_that_is_no_http_status_is_read_as_a_plain_string(status):
    doc = _words(600, 900, status=status)
    assert vbformats.load(doc).to_dict() == doc
    assert _escapes(doc) == []


def test_a_status_of_three_ascii_digits_is_still_an_http_error():
    with pytest.raises(vbformats.ApiErrorResponse, match="quota"):
        vbformats.load({"status": " 429 ", "errors": [{"error": "quota exceeded"}]})
