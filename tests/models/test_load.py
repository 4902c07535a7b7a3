"""The JSON loader: accepted shapes, drift tolerance, exact round trip, clear errors."""

from __future__ import annotations

import json
import pickle

import pytest

import vbformats
from vbformats import (
    ApiErrorResponse,
    InvalidInputError,
    MediaFailedError,
    VBFormatsError,
)

STEREO = {
    "mediaId": "m-1",
    "status": "finished",
    "length": 9000,
    "transcript": {
        "confidence": 0.9,
        "words": [
            {"p": 1, "s": 1000, "e": 1400, "c": 1.0, "w": "Agent", "m": "turn"},
            {"p": 2, "s": 1000, "e": 1400, "c": 0.9, "w": "Hello"},
            {"p": 3, "s": 1400, "e": 1400, "c": 1.0, "w": ",", "m": "punc"},
            {"p": 4, "s": 1500, "e": 1900, "c": 0.8, "w": "there"},
            {"p": 5, "s": 300, "e": 600, "c": 1.0, "w": "Caller:", "m": "turn"},
            {"p": 6, "s": 300, "e": 600, "c": 0.7, "w": "Hi"},
        ],
    },
}


def test_dict_bytes_str_and_path_give_the_same_media(tmp_path):
    path = tmp_path / "call.json"
    path.write_text(json.dumps(STEREO))
    loaded = [
        vbformats.load(STEREO),
        vbformats.load(json.dumps(STEREO)),
        vbformats.load(json.dumps(STEREO).encode()),
        vbformats.load(path),
        vbformats.load(str(path)),
    ]
    for media in loaded:
        assert media.to_dict() == STEREO
        assert media.words.start_ms == [1000, 1000, 1400, 1500, 300, 300]


def test_utf8_bom_is_accepted():
    media = vbformats.load(b"\xef\xbb\xbf" + json.dumps(STEREO).encode())
    assert len(media.words) == 6


def test_drift_is_tolerated_and_round_trips_exactly():
    doc = {
        "length": "1000",
        "knowledge": {
            "keywords": [{"name": "cable", "relevance": "0.953", "mentions": []}],
            "topics": [{"topicName": "t", "subTopics": [], "surprise": {"x": [1]}}],
        },
        "spotting": {"groups": [{"groupName": "g", "score": "0.4439", "spotted": False}]},
        "prediction": {"classifiers": [{"predictedCategory": 1, "predictedCategoryLabel": "yes"}]},
        "transcript": {
            "words": [
                {"p": 0, "s": "10", "e": 20.0, "c": "0.5", "w": "hi", "extra": {"k": None}},
                {"s": 30, "e": 40, "w": "x", "m": "turn|punc", "frq": [{"f": "1", "e": 2}]},
            ]
        },
        "unknownSection": [1, "two", None],
    }
    for source in (doc, json.dumps(doc)):
        media = vbformats.load(source)
        assert media.to_dict() == doc
        assert json.loads(media.to_json()) == doc
        assert media.length == 1000
        assert media.knowledge.keywords[0].keyword == "cable"
        assert media.knowledge.keywords[0].relevance == pytest.approx(0.953)
        assert media.knowledge.topics[0].subtopics == []
        assert media.spotting.groups[0].score == pytest.approx(0.4439)
        assert media.prediction.classifiers[0].predicted_class == 1
        assert media.prediction.classifiers[0].predicted_class_label == "yes"
        assert media.words.start_ms == [10, 30]
        assert media.words.confidence[0] == 0.5
        assert media.words[0].model_extra == {"extra": {"k": None}}
        assert media.words.is_turn == [False, True]


def test_changed_value_is_dumped_as_changed_not_as_the_original_string():
    media = vbformats.load({"knowledge": {"keywords": [{"keyword": "a", "relevance": "0.5"}]}})
    media.knowledge.keywords[0].relevance = 0.75
    assert media.to_dict()["knowledge"]["keywords"][0]["relevance"] == 0.75


def test_transcript_only_response_decodes_alternate_formats_by_name():
    import base64

    srt = "1\n00:00:00,050 --> 00:00:01,000\nHello\n"
    doc = {
        "mediaId": "m",
        "transcript": {
            "alternateFormats": [
                {
                    "format": "text",
                    "contentEncoding": "base64",
                    "data": base64.b64encode(b"plain").decode(),
                },
                {
                    "format": "srt",
                    "contentEncoding": "Base64",
                    "data": base64.b64encode(srt.encode()).decode(),
                },
            ]
        },
    }
    media = vbformats.load(doc)
    assert media.transcript.alternate_format("srt") == srt
    assert media.transcript.alternate_format("text") == "plain"
    assert media.transcript.alternate_format("webvtt") is None
    assert media.to_dict() == doc


def test_legacy_v2_words_are_read_and_dumped_back_in_v2_shape():
    doc = {
        "mediaId": "old",
        "transcripts": {
            "latest": {
                "engine": "standard",
                "words": [
                    {"p": 1, "s": 0, "e": 10, "c": 1, "w": "agent: ", "m": "turn"},
                    {"p": 2, "s": 0, "e": 10, "c": 0.9, "w": "Hello"},
                ],
            }
        },
    }
    media = vbformats.load(doc)
    assert media.source_format == "v2"
    assert [t.speaker for t in vbformats.turns(media)] == ["agent"]
    assert media.to_dict() == doc


@pytest.mark.parametrize(
    ("text", "path", "words"),
    [
        (
            '{"transcript": {"words": [{"s": 5, "e": 2, "w": "b"}]}}',
            "transcript.words[0].e",
            "before",
        ),
        ('{"transcript": {"words": [{"s": 1, "e": 2}]}}', "transcript.words[0].w", "missing"),
        (
            '{"transcript": {"words": [{"s": "NaN", "e": 2, "w": "a"}]}}',
            "transcript.words[0].s",
            "finite",
        ),
        (
            '{"transcript": {"words": [{"s": -3, "e": 2, "w": "a"}]}}',
            "transcript.words[0].s",
            "negative",
        ),
        (
            '{"transcript": {"words": [{"s": true, "e": 2, "w": "a"}]}}',
            "transcript.words[0].s",
            "time",
        ),
        ('{"transcript": {"words": {"s": 1}}}', "transcript.words", "array"),
        ('{"transcript": {"words": [3]}}', "transcript.words[0]", "object"),
        ('{"length": "long"}', "length", "integer"),
        (
            '{"knowledge": {"keywords": [{"mentions": [{"occurrences": [{"s": 9, "e": 1}]}]}]}}',
            "knowledge.keywords[0].mentions[0].occurrences[0]",
            "before",
        ),
        (
            '{"knowledge": {"keywords": [{"relevance": "high"}]}}',
            "knowledge.keywords[0].relevance",
            "number",
        ),
        ("[1, 2]", "[0]", "not a word"),
        ('{"a": ', "", "invalid JSON"),
    ],
)
def test_bad_input_names_the_path(text, path, words):
    with pytest.raises(InvalidInputError) as caught:
        vbformats.load(text.encode())
    assert caught.value.path == path
    assert words in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_nan_from_python_json_is_refused():
    doc = json.loads('{"knowledge": {"keywords": [{"relevance": NaN}]}}')
    with pytest.raises(InvalidInputError) as caught:
        vbformats.load(doc)
    assert caught.value.path == "knowledge.keywords[0].relevance"


def test_error_bodies_raise_with_status_codes_and_message():
    with pytest.raises(ApiErrorResponse) as caught:
        vbformats.load({"status": 404, "warnings": {"message": "not ready"}, "reference": "r-1"})
    assert caught.value.status == 404
    assert caught.value.reference == "r-1"
    assert "not ready" in str(caught.value)
    with pytest.raises(ApiErrorResponse) as caught:
        vbformats.load({"errors": [{"code": 4001, "error": "bad request"}]})
    assert caught.value.codes == ("4001",)
    with pytest.raises(MediaFailedError) as failed:
        vbformats.load(
            {"mediaId": "m", "status": "failed", "errors": [{"code": 9, "error": "no audio"}]}
        )
    assert failed.value.codes == ("9",)
    assert "no audio" in str(failed.value)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(InvalidInputError, match="cannot read"):
        vbformats.load(tmp_path / "nope.json")


def test_wrong_source_type_is_refused():
    with pytest.raises(InvalidInputError):
        vbformats.load(12)  # type: ignore[arg-type]


def test_size_limit_is_enforced():
    with pytest.raises(InvalidInputError, match="max_bytes"):
        vbformats.load(json.dumps(STEREO), max_bytes=10)


@pytest.mark.parametrize(
    "error",
    [
        InvalidInputError("a.b[1]", "bad"),
        ApiErrorResponse("m", 404, ("1",), "ref"),
        MediaFailedError("m", "failed", ("2",)),
        vbformats.UnknownFormatError("xyz", ("srt",)),
        vbformats.JobInProgressError("job", "InProgress"),
    ],
)
def test_errors_survive_pickling(error):
    clone = pickle.loads(pickle.dumps(error))
    assert type(clone) is type(error)
    assert str(clone) == str(error)
    assert isinstance(clone, VBFormatsError)


def test_import_does_not_import_pandas():
    import subprocess
    import sys

    code = "import sys, vbformats; vbformats.load({}); print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_url_is_refused_without_echoing_its_token():
    token = "tok-ZX81-very-secret"
    for source in (
        f"https://media.ringcentral.com/restapi/v1.0/recording/1/content?access_token={token}",
        f"/no/such/dir/file.json?access_token={token}",
    ):
        with pytest.raises(InvalidInputError) as caught:
            vbformats.load(source)
        assert token not in str(caught.value)
        assert token not in repr(caught.value)
    with pytest.raises(InvalidInputError, match="never downloads"):
        vbformats.load(f"https://media.ringcentral.com/x?access_token={token}")


def test_transcript_only_response_is_the_transcript_object_and_dumps_back_bare():
    bare = {
        "confidence": 0.91,
        "words": [
            {"p": 1, "s": 0, "e": 400, "w": "Agent", "m": "turn"},
            {"p": 2, "s": 0, "e": 400, "w": "Hello"},
            {"p": 3, "s": 400, "e": 400, "w": ".", "m": "punc"},
        ],
    }
    for source in (bare, json.dumps(bare), json.dumps(bare).encode()):
        media = vbformats.load(source)
        assert media.source_format == "transcript"
        assert media.transcript.confidence == 0.91
        assert media.words.text == ["Agent", "Hello", "."]
        assert [(t.speaker, t.text) for t in vbformats.turns(media)] == [("Agent", "Hello.")]
        assert media.to_dict() == bare
    with pytest.raises(InvalidInputError) as caught:
        vbformats.load(b'{"words": [{"s": 9, "e": 1, "w": "x"}]}')
    assert caught.value.path == "words[0].e"
