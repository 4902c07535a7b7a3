"""Speech-to-text read by msgspec structs (vbformats.ringcentral.fast_stt) gives exactly what the
pydantic models give, and falls back to them for everything the structs do not accept."""

from __future__ import annotations

import copy
import json
from typing import Any

import hypothesis.strategies as st
import pytest
from hypothesis import given

import vbformats
from vbformats import InvalidInputError
from vbformats.ringcentral import fast_stt, reader
from vbformats.ringcentral.aligner import _split_all, split_text
from vbformats.ringcentral.models import SpeechToText


def _payload() -> dict[str, Any]:
    return {
        "jobId": "j-1",
        "api": "/ai/audio/v1/async/speech-to-text",
        "status": "Success",
        "futureEnvelopeKey": {"kept": True},
        "response": {
            "transcript": "Hi, Rachel. It's 100 %.",
            "confidence": 0.9,
            "speakerCount": 2,
            "futureResponseKey": [1, 2],
            "utterances": [
                {
                    "start": 0.2,
                    "end": 1.1,
                    "text": "Hi, Rachel.",
                    "confidence": 0.8,
                    "speakerId": "0",
                    "futureUtteranceKey": "x",
                    "wordTimings": [
                        {"word": "hi", "start": 0.2, "end": 0.5, "confidence": 0.7},
                        {"word": "rachel", "start": 0.5, "end": 1.1},
                    ],
                },
                {
                    "start": 1.3,
                    "end": 2.4,
                    "text": "It's 100 %.",
                    "confidence": 1,
                    "speakerId": "1",
                    "wordTimings": [
                        {"word": "it's", "start": 1.3, "end": 1.5, "confidence": 0.9},
                        {"word": "one", "start": 1.5, "end": 1.8, "confidence": 0.9},
                        {"word": "hundred", "start": 1.8, "end": 2.1, "confidence": 0.9},
                        {"word": "percent", "start": 2.1, "end": 2.4, "confidence": 0.9},
                    ],
                },
            ],
        },
    }


def _slow(monkeypatch: pytest.MonkeyPatch, doc: Any) -> vbformats.Media:
    """The same payload read by the pydantic models only."""
    with monkeypatch.context() as patch:
        patch.setattr(reader, "fast_speech_to_text", lambda response: None)
        return vbformats.load(copy.deepcopy(doc))


def test_the_structs_read_a_plain_result():
    assert fast_stt.fast_speech_to_text(_payload()["response"]) is not None


def test_both_paths_give_the_same_media_and_the_same_typed_model(monkeypatch):
    doc = _payload()
    fast = vbformats.load(copy.deepcopy(doc))
    slow = _slow(monkeypatch, doc)
    assert fast.to_dict() == slow.to_dict()
    assert fast.words.estimated == slow.words.estimated
    words = [w["w"] for w in fast.to_dict()["transcript"]["words"]]
    assert words[:6] == ["Speaker 0", "Hi", ",", "Rachel", ".", "Speaker 1"]
    # the typed model, built on first access, keeps every unknown key
    typed = fast.ringcentral.speech_to_text
    assert isinstance(typed, SpeechToText)
    assert typed == slow.ringcentral.speech_to_text
    assert typed.model_extra == {"futureResponseKey": [1, 2]}
    assert typed.utterances[0].model_extra == {"futureUtteranceKey": "x"}
    assert fast.ringcentral.speech_to_text is typed  # built once
    assert fast.ringcentral.to_dict() == doc
    assert fast.ringcentral.raw["futureEnvelopeKey"] == {"kept": True}


def test_dict_and_json_text_give_the_same_result():
    doc = _payload()
    from_dict = vbformats.load(copy.deepcopy(doc))
    from_text = vbformats.load(json.dumps(doc).encode())
    assert from_dict.to_dict() == from_text.to_dict()
    assert from_dict.ringcentral.speech_to_text == from_text.ringcentral.speech_to_text


def _with(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    doc = _payload()
    target: Any = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return doc


UTTERANCE = ("response", "utterances", 0)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ((*UTTERANCE, "speakerId"), 0),  # numeric speaker id: the models turn it into "0"
        ((*UTTERANCE, "start"), "0.2"),  # a number as a string (lax pydantic)
        ((*UTTERANCE, "wordTimings", 0, "end"), "0.5"),  # the same in a word (lax msgspec)
        ((*UTTERANCE, "speaker_id"), "7"),  # a snake_case key the models take by name
        ((*UTTERANCE, "insights"), [{"name": "Emotion", "value": "Fear"}]),
        (("response", "speaker_count"), 3),
        (("response", "speakerCount"), 2.0),
    ],
)
def test_what_the_structs_refuse_takes_the_pydantic_path(monkeypatch, path, value):
    doc = _with(path, value)
    assert fast_stt.fast_speech_to_text(doc["response"]) is None
    media = vbformats.load(copy.deepcopy(doc))
    assert media.to_dict() == _slow(monkeypatch, doc).to_dict()
    assert media.ringcentral.speech_to_text is not None


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        ((*UTTERANCE, "end"), 0.1, "response.utterances[0]"),  # end before start
        ((*UTTERANCE, "confidence"), float("nan"), "response.utterances[0].confidence"),
        ((*UTTERANCE, "confidence"), True, "response.utterances[0].confidence"),
        ((*UTTERANCE, "start"), -1, "response.utterances[0].start"),
        (("response", "confidence"), float("inf"), "response.confidence"),
        ((*UTTERANCE, "wordTimings", 1, "start"), None, "response.utterances[0].wordTimings[1]"),
    ],
)
def test_bad_values_get_the_error_of_the_models(path, value, where):
    with pytest.raises(InvalidInputError) as caught:
        vbformats.load(_with(path, value))
    assert caught.value.path.startswith(where)


_CHARACTERS = "aÉ東1_.,—%'\" \t\n…»-ß²٣\u00a0\x1c\u2028\u3000\u200b\ufeff\x85’)?!"


@given(
    st.lists(
        st.none() | st.text(alphabet=_CHARACTERS, max_size=14) | st.text(max_size=6), max_size=5
    )
)
def test_one_split_of_all_texts_is_the_split_of_each(texts):
    tokens: list[str] = []
    trails: list[str] = []
    bounds = [0]
    for text in texts:
        own, trail = split_text(text) if text else ([], [])
        tokens += own
        trails += trail
        bounds.append(len(tokens))
    assert _split_all(texts) == (tokens, trails, bounds)


def test_a_result_equals_its_twin_whether_or_not_its_model_was_built():
    first = vbformats.load(_payload())
    second = vbformats.load(_payload())
    assert second.ringcentral.speech_to_text is not None  # built on one side only
    assert first.ringcentral == second.ringcentral
    assert first == second
    other = _payload()
    other["response"]["utterances"][0]["futureUtteranceKey"] = "y"  # only in the typed model
    assert vbformats.load(other).ringcentral != first.ringcentral


def test_top_level_words_out_of_utterance_order_go_to_their_utterances():
    # two speakers talking over each other: in time order the words alternate utterances
    doc = {
        "status": "Success",
        "response": {
            "utterances": [
                {"start": 0.0, "end": 2.0, "text": "One two.", "speakerId": "0"},
                {"start": 1.0, "end": 3.0, "text": "Three four.", "speakerId": "1"},
            ],
            "words": [
                {"word": "one", "start": 0.2, "end": 0.6, "speakerId": "0"},
                {"word": "three", "start": 1.1, "end": 1.5, "speakerId": "1"},
                {"word": "two", "start": 1.5, "end": 1.9, "speakerId": "0"},
                {"word": "four", "start": 2.2, "end": 2.6, "speakerId": "1"},
            ],
        },
    }
    words = vbformats.load(doc).to_dict()["transcript"]["words"]
    assert [(w["w"], w["s"], w["e"]) for w in words] == [
        ("Speaker 0", 200, 1900),
        ("One", 200, 600),
        ("two", 1500, 1900),
        (".", 1900, 1900),
        ("Speaker 1", 1100, 2600),
        ("Three", 1100, 1500),
        ("four", 2200, 2600),
        (".", 2600, 2600),
    ]
