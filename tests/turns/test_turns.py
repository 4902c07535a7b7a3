"""Speaker turns: time order, names, punctuation, mono."""

from __future__ import annotations

import vbformats
from vbformats.turns import clean_speaker_name, join_tokens


def _doc(words):
    return {"transcript": {"words": words}}


def test_stereo_turns_are_in_time_order_with_clean_names_and_attached_punctuation():
    media = vbformats.load(
        _doc(
            [
                {"s": 1000, "e": 1000, "w": " Agent: ", "m": "turn"},
                {"s": 1000, "e": 1400, "w": "Hello"},
                {"s": 1400, "e": 1450, "w": ",", "m": "punc"},
                {"s": 1500, "e": 1900, "w": "there"},
                {"s": 1900, "e": 1900, "w": ".", "m": "punc"},
                {"s": 300, "e": 300, "w": "Caller", "m": "turn|punc"},
                {"s": 300, "e": 600, "w": "Hi"},
                {"s": 700, "e": 900, "w": "1", "m": "dtmf"},
            ]
        )
    )
    turns = vbformats.turns(media)
    assert [(t.speaker, t.start_ms, t.end_ms, t.text) for t in turns] == [
        ("Caller", 300, 600, "Hi"),
        ("Agent", 1000, 1900, "Hello, there."),
    ]
    assert turns[1].word_count == 2
    assert [w.text for w in turns[1].words] == ["Hello", ",", "there", "."]
    assert turns[0].to_dict() == {"speaker": "Caller", "text": "Hi", "s": 300, "e": 600}
    with_dtmf = vbformats.turns(media, include_dtmf=True)
    assert with_dtmf[0].text == "Hi 1"


def test_mono_is_one_turn_without_speaker():
    media = vbformats.load(_doc([{"s": 0, "e": 5, "w": "a"}, {"s": 6, "e": 9, "w": "b"}]))
    (turn,) = vbformats.turns(media)
    assert turn.speaker is None
    assert turn.text == "a b"


def test_marker_without_speech_is_dropped_and_empty_transcript_gives_no_turns():
    media = vbformats.load(_doc([{"s": 0, "e": 0, "w": "A", "m": "turn"}]))
    assert vbformats.turns(media) == []
    assert vbformats.turns(vbformats.load({})) == []


def test_equal_starts_keep_array_order():
    media = vbformats.load(
        _doc(
            [
                {"s": 0, "e": 0, "w": "B", "m": "turn"},
                {"s": 100, "e": 200, "w": "b"},
                {"s": 0, "e": 0, "w": "A", "m": "turn"},
                {"s": 100, "e": 300, "w": "a"},
            ]
        )
    )
    assert [t.speaker for t in vbformats.turns(media)] == ["B", "A"]


def test_name_cleaning_and_joining():
    assert clean_speaker_name("  agent: ") == "agent"
    assert clean_speaker_name("Caller::") == "Caller:"
    assert join_tokens([",", "a", ".", "b", "!"], [True, False, True, False, True]) == ", a. b!"
