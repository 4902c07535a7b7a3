"""RingCentral AI results: recognition, envelope generations, result kinds, failures, words.

Fixtures in tests/data/ringcentral/ are ours (our calls, names and numbers), modelled on the
documented shapes. Expected values below were worked out by hand from those files.
"""

from __future__ import annotations

import json
import pickle
import warnings
from pathlib import Path

import pytest

import vbformats
from vbformats import InvalidInputError, JobFailedError, JobInProgressError
from vbformats.errors import JobError, LossyConversionWarning
from vbformats.models.ringcentral import RingCentralResult, RingCentralWord, Utterance
from vbformats.readers import ringcentral as reader
from vbformats.turns import turns

DATA = Path(__file__).resolve().parents[1] / "data" / "ringcentral"


def load(name: str, **kwargs):
    return vbformats.load(DATA / name, **kwargs)


def tokens(media):
    """(w, s, e, m) of every token."""
    table = media.words
    return list(zip(table.text, table.start_ms, table.end_ms, table.flags_text, strict=True))


def turn_rows(media):
    return [(t.speaker, t.start_ms, t.end_ms, t.text) for t in turns(media)]


# --- recognition ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(DATA.glob("*.json")), ids=lambda p: p.name)
def test_every_fixture_is_sniffed_and_recognised(path):
    text = path.read_bytes()
    assert reader.sniff_json(text)
    assert reader.sniff_json(text.decode())
    assert reader.is_ringcentral(json.loads(text))


def test_voicebase_documents_are_not_ringcentral():
    vb = {
        "mediaId": "m-1",
        "status": "finished",
        "transcript": {"words": [{"p": 1, "s": 0, "e": 10, "w": "hi"}]},
        "metadata": {"extended": {"api": "/ai/whatever", "response": {}}},
    }
    assert not reader.is_ringcentral(vb)
    assert not reader.sniff_json(json.dumps(vb))
    assert vbformats.load(vb).source_format == "v3"
    # a VoiceBase error body with a status word is not a RingCentral envelope either
    assert not reader.is_ringcentral({"status": 404, "errors": [{"code": "x"}]})
    assert not reader.sniff_json("[1, 2]")
    assert not reader.sniff_json('{"response": ')  # invalid JSON: left to the VoiceBase reader


def test_envelope_keys_found_beyond_the_head_of_a_large_response():
    # `response` first and huge: the envelope keys after it are not in the sniffed head, but
    # "response" itself is
    words = [{"word": "ok", "start": i, "end": i + 0.5} for i in range(2000)]
    doc = {"response": {"words": words, "transcript": "ok " * 2000}, "status": "Success"}
    text = json.dumps(doc)
    assert len(text) > 20000
    assert reader.sniff_json(text)
    assert len(vbformats.load(text).words) == 2000


@pytest.mark.parametrize(
    ("name", "kind", "envelope"),
    [
        ("stt_diarized_2024.json", "speech-to-text", "2023"),
        ("stt_plain_2023.json", "speech-to-text", "2023"),
        ("stt_legacy_2022.json", "speech-to-text", "2022"),
        ("stt_top_words_2024.json", "speech-to-text", "2023"),
        ("stt_crosstalk_2024.json", "speech-to-text", "2023"),
        ("diarize_2023.json", "speaker-diarize", "2023"),
        ("identify_2024.json", "speaker-identify", "2023"),
        ("identify_bare_2022.json", "speaker-identify", "bare"),
        ("interaction_2024.json", "analyze-interaction", "2023"),
        ("summarize_2022.json", "summarize", "2022"),
        ("punctuate_2023.json", "punctuate", "2023"),
        ("emotion_legacy_2022.json", "recognize-emotion", "2022"),
    ],
)
def test_kind_and_envelope_generation(name, kind, envelope):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        media = load(name)
    # only the cross-talk payload loses anything: one utterance echoed on the other channel
    echoes = name == "stt_crosstalk_2024.json"
    assert len(caught) == echoes
    assert all(str(w.message).startswith("1 utterance(s) left out") for w in caught)
    assert all(issubclass(w.category, LossyConversionWarning) for w in caught)
    assert media.source_format == "ringcentral"
    assert isinstance(media.ringcentral, RingCentralResult)
    assert media.ringcentral.kind == kind
    assert media.ringcentral.envelope == envelope
    # the payload as read is kept whole
    assert media.ringcentral.raw == json.loads((DATA / name).read_text())
    assert media.ringcentral.to_dict() == media.ringcentral.raw


@pytest.mark.parametrize(
    ("response", "kind"),
    [
        ({"transcript": "a", "words": []}, "speech-to-text"),
        ({"utterances": [{"start": 0, "end": 1, "text": "Hi."}]}, "speech-to-text"),
        (
            {"speakerCount": 1, "utterances": [{"speakerId": "0", "start": 0, "end": 1}]},
            "speaker-diarize",
        ),
        ({"utterances": [{"speakerId": "7", "start": 0, "end": 1}]}, "speaker-identify"),
        ({"speakerInsights": {"insights": []}}, "analyze-interaction"),
        ({"summaries": []}, "summarize"),
        ({"texts": ["A."]}, "punctuate"),
        ([{"start": 0, "end": 3, "emotion": "Joy"}], "recognize-emotion"),
        ({"somethingNew": 1}, "unknown"),
    ],
)
def test_kind_from_keys_without_api(response, kind):
    assert reader.result_kind(None, response) == kind
    # an api path wins over the keys
    assert reader.result_kind("/ai/audio/v1/async/speaker-diarize", response) == "speaker-diarize"


def test_unknown_result_warns_and_keeps_the_payload():
    doc = {"status": "Success", "response": {"somethingNew": [1, 2]}}
    with pytest.warns(LossyConversionWarning):
        media = vbformats.load(doc)
    assert media.ringcentral.kind == "unknown"
    assert media.ringcentral.raw["response"] == {"somethingNew": [1, 2]}
    assert len(media.words) == 0


# --- envelope fields, to_dict -----------------------------------------------------------------


def test_envelope_fields_map_to_voicebase_fields():
    media = load("stt_diarized_2024.json")
    rc = media.ringcentral
    assert rc.job_id == "5f0c1d2e-3a4b-11ef-9a01-00163e7a0b21"
    assert rc.api == "/ai/audio/v1/async/speech-to-text"
    assert rc.status == "Success"
    assert rc.creation_time == "2024-06-03T09:15:02.114Z"
    assert rc.completion_time == "2024-06-03T09:15:40.902Z"
    assert rc.expiration_time == "2024-06-10T09:15:02.114Z"
    doc = media.to_dict()
    assert doc["mediaId"] == rc.job_id
    assert doc["status"] == "finished"
    assert doc["dateCreated"] == "2024-06-03T09:15:02.114Z"
    assert doc["dateFinished"] == "2024-06-03T09:15:40.902Z"
    assert doc["expiresOn"] == "2024-06-10T09:15:02.114Z"
    assert doc["transcript"]["confidence"] == 0.88
    # the extension is not part of the VoiceBase wire form
    assert "ringcentral" not in doc and "sourceFormat" not in doc
    assert "length" not in doc  # RingCentral does not report the media length


def test_legacy_audio_duration_is_the_length_rounded():
    media = load("stt_legacy_2022.json")
    assert media.length == 4246  # 4.2456 s
    assert media.media_id is None
    assert media.ringcentral.job_id is None


def test_repr_is_short_and_names_the_kind():
    media = load("stt_diarized_2024.json")
    assert repr(media.ringcentral) == (
        "RingCentralResult(kind='speech-to-text', envelope='2023', "
        "job_id='5f0c1d2e-3a4b-11ef-9a01-00163e7a0b21', status='Success')"
    )
    assert "RingCentralResult(kind='speech-to-text'" in repr(media)


def test_media_with_extension_pickles():
    media = load("interaction_2024.json")
    copy = pickle.loads(pickle.dumps(media))
    assert copy.to_dict() == media.to_dict()
    assert copy.ringcentral.raw == media.ringcentral.raw
    assert copy.ringcentral.interaction == media.ringcentral.interaction


# --- failures and jobs without a result -------------------------------------------------------


def test_failed_job_2023_carries_every_error():
    with pytest.raises(JobFailedError) as caught:
        load("fail_2023.json")
    error = caught.value
    assert error.job_id == "f00dbabe-0c0c-11ef-9e9e-00163e7a0b21"
    assert error.status == "Fail"
    assert error.codes == ("CAI-101", "CAI-104")
    assert error.errors == (
        JobError(
            "CAI-101",
            "Parameter [encoding] is invalid. It should be one of Mpeg, Mp4, Wav",
            "encoding",
        ),
        JobError("CAI-104", "Media could not be downloaded", None),
    )
    assert error.error_code == "CAI-101"
    assert error.parameter_name == "encoding"
    text = str(error)
    assert "f00dbabe-0c0c-11ef-9e9e-00163e7a0b21" in text
    assert "CAI-104: Media could not be downloaded" in text
    assert "(parameter encoding)" in text
    assert isinstance(error, ValueError)


def test_failed_job_2022_and_pickling():
    with pytest.raises(JobFailedError) as caught:
        load("fail_2022.json")
    error = caught.value
    assert error.job_id is None
    assert error.parameter_name == "languageCode"
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is JobFailedError
    assert again.errors == error.errors
    assert again.job_id is None and again.codes == ("CAI-101",)
    assert str(again) == str(error)


def test_errors_key_means_failure_whatever_the_status():
    doc = {"status": "Success", "response": {"errors": [{"errorCode": "CAI-105", "message": "x"}]}}
    with pytest.raises(JobFailedError) as caught:
        vbformats.load(doc)
    assert caught.value.error_code == "CAI-105"
    # Fail without details still fails, clearly
    with pytest.raises(JobFailedError, match="without error details"):
        vbformats.load({"jobId": "j", "status": "Fail"})


def test_in_progress_job():
    with pytest.raises(JobInProgressError) as caught:
        load("in_progress_2024.json")
    assert caught.value.job_id == "1d2e3f40-aaaa-11ef-b0b0-00163e7a0b21"
    assert caught.value.status == "InProgress"
    again = pickle.loads(pickle.dumps(caught.value))
    assert (again.job_id, again.status) == (caught.value.job_id, "InProgress")


def test_accepted_202_body_has_no_result():
    with pytest.raises(JobInProgressError) as caught:
        load("accepted_202.json")
    assert caught.value.job_id == "2e3f4051-bbbb-11ef-c1c1-00163e7a0b21"
    assert caught.value.status is None


def test_unknown_status_is_not_final_and_success_needs_a_response():
    with pytest.raises(JobInProgressError):
        vbformats.load({"jobId": "j", "status": "Queued", "response": {}})
    with pytest.raises(InvalidInputError, match="has no result") as caught:
        vbformats.load({"jobId": "j", "status": "Success"})
    assert caught.value.path == "response"


# --- malformed payloads -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "path"),
    [
        ({"words": [{"word": "a", "start": "soon", "end": 1}]}, "response.words[0].start"),
        ({"words": [{"word": "a", "start": 2, "end": 1}]}, "response.words[0]"),
        ({"words": [{"word": "a", "start": -1, "end": 1}]}, "response.words[0].start"),
        ({"words": [{"start": 0, "end": 1}]}, "response.words[0]"),
        (
            {
                "utterances": [
                    {
                        "start": 0,
                        "end": 1,
                        "text": "A.",
                        "wordTimings": [
                            {"word": "a", "start": 0, "end": 1},
                            {"word": "b", "start": 1, "end": None},
                        ],
                    }
                ]
            },
            "response.utterances[0].wordTimings[1].end",
        ),
        ({"utterances": [{"start": 3, "end": 1, "text": "A."}]}, "response.utterances[0]"),
        ({"transcript": 5}, "response.transcript"),
    ],
)
def test_bad_values_name_their_json_path(response, path):
    with pytest.raises(InvalidInputError) as caught:
        vbformats.load(
            {"api": "/ai/audio/v1/async/speech-to-text", "status": "Success", "response": response}
        )
    assert caught.value.path == path


def test_envelope_field_of_the_wrong_type():
    with pytest.raises(InvalidInputError) as caught:
        vbformats.load({"jobId": 12, "status": "Success", "response": {"texts": []}})
    assert caught.value.path == "jobId"


def test_bad_speakers_map():
    with pytest.raises(InvalidInputError) as caught:
        load("stt_crosstalk_2024.json", speakers={"0": ""})
    assert caught.value.path == "speakers['0']"
    with pytest.raises(InvalidInputError):
        reader.media_from_ringcentral(
            json.loads((DATA / "diarize_2023.json").read_text()), speakers=["Agent"]
        )  # type: ignore[arg-type]


def test_numbers_as_strings_and_numeric_speaker_ids_are_accepted():
    doc = {
        "status": "Success",
        "response": {
            "transcript": "Yes.",
            "words": [{"word": "yes", "start": "1.25", "end": "1.5", "speakerId": 3}],
        },
    }
    media = vbformats.load(doc)
    assert tokens(media) == [
        ("Speaker 3", 1250, 1500, "turn"),
        ("Yes", 1250, 1500, None),
        (".", 1500, 1500, "punc"),
    ]
    word = media.ringcentral.speech_to_text.words[0]
    assert isinstance(word, RingCentralWord)
    assert (word.start, word.end, word.speaker_id) == (1.25, 1.5, "3")


# --- speech to text: words, punctuation, turns ------------------------------------------------


def test_diarized_stt_builds_words_from_word_timings():
    media = load("stt_diarized_2024.json")
    assert tokens(media) == [
        ("Speaker 0", 320, 2900, "turn"),
        ("Maple", 320, 610, None),
        ("Street", 610, 950, None),
        ("Library", 950, 1520, None),
        (",", 1520, 1520, "punc"),
        ("Dana", 1700, 2050, None),
        ("speaking", 2050, 2900, None),
        (".", 2900, 2900, "punc"),
        ("Speaker 1", 3400, 5600, "turn"),
        ("Hi", 3400, 3600, None),
        (",", 3600, 3600, "punc"),
        ("Dana", 3600, 3950, None),
        ("!", 3950, 3950, "punc"),
        ("I", 4100, 4180, None),
        ("need", 4180, 4400, None),
        ("to", 4400, 4500, None),
        ("renew", 4500, 4900, None),
        ("2", 4900, 5150, None),  # "two" in the words, "2" in the text: text shown, times kept
        ("books", 5150, 5600, None),  # 5.6000000000000005 s
        (".", 5600, 5600, "punc"),
        ("Speaker 0", 6000, 8120, "turn"),
        ("Sure", 6000, 6300, None),
        (".", 6300, 6300, "punc"),
        ("What's", 6500, 6700, None),
        ("the", 6700, 6800, None),
        ("card", 6800, 7200, None),
        ("number", 7200, 8120, None),  # 8.12 s is 8120 ms, not 8119
        ("?", 8120, 8120, "punc"),
    ]
    table = media.words
    assert table.position == list(range(1, 29))
    assert not any(table.estimated) and len(table.estimated) == len(
        table
    )  # every time came from a word
    # word confidence is the word's; a word without one takes its utterance's (0.9)
    assert table.confidence[1] == 0.93
    assert table.confidence[23] == 0.9
    assert table.confidence[0] == 1.0 and table.confidence[4] == 1.0  # marker, punctuation
    assert turn_rows(media) == [
        ("Speaker 0", 320, 2900, "Maple Street Library, Dana speaking."),
        ("Speaker 1", 3400, 5600, "Hi, Dana! I need to renew 2 books."),
        ("Speaker 0", 6000, 8120, "Sure. What's the card number?"),
    ]


def test_speakers_map_names_the_turns():
    media = load("stt_diarized_2024.json", speakers={"0": "Agent", "1": "Customer"})
    assert [t.speaker for t in turns(media)] == ["Agent", "Customer", "Agent"]
    assert media.ringcentral.speakers == {"0": "Agent", "1": "Customer"}
    # ids missing from the map keep the default name
    media = load("stt_diarized_2024.json", speakers={1: "Customer"})
    assert [t.speaker for t in turns(media)] == ["Speaker 0", "Customer", "Speaker 0"]


def test_non_diarized_stt_aligns_words_to_the_transcript():
    media = load("stt_plain_2023.json")
    assert tokens(media) == [
        ("Please", 500, 900, None),
        ("hold", 900, 1400, None),
        (",", 1400, 1400, "punc"),
        ("the", 1600, 1700, None),
        ("line", 1700, 2000, None),
        ("is", 2000, 2100, None),
        ("busy", 2100, 2600, None),
        (".", 2600, 2600, "punc"),
    ]
    assert not any(media.words.is_turn)  # no speakers: one speaker-less turn
    assert turn_rows(media) == [(None, 500, 2600, "Please hold, the line is busy.")]


def test_legacy_2022_stt():
    media = load("stt_legacy_2022.json")
    assert turn_rows(media) == [(None, 1100, 2950, "Gates open at nine tomorrow.")]
    assert media.words.confidence[:2] == [0.88, 0.93]


def test_top_level_words_are_given_to_utterances_and_normalised_numbers_spread():
    media = load("stt_top_words_2024.json")
    assert tokens(media) == [
        ("Speaker 1", 500, 2400, "turn"),
        ("Order", 500, 800, None),
        ("4471", 800, 1800, None),  # forty four seventy one: one token over their span
        ("shipped", 1800, 2050, None),
        ("today", 2050, 2400, None),
        (".", 2400, 2400, "punc"),
        ("Speaker 0", 2600, 3700, "turn"),
        ("Great", 2600, 2900, None),
        (",", 2900, 2900, "punc"),
        ("thank", 3100, 3350, None),
        ("you", 3350, 3700, None),
        (".", 3700, 3700, "punc"),
    ]
    estimated = media.words.estimated
    assert estimated is not None
    assert [i for i, flag in enumerate(estimated) if flag] == [2]


def test_crosstalk_keeps_overlap_apart_and_leaves_the_channel_echo_out():
    with pytest.warns(LossyConversionWarning, match="1 utterance"):
        media = load("stt_crosstalk_2024.json")
    assert turn_rows(media) == [
        ("Speaker 0", 1000, 3000, "Can you hear me now?"),
        # overlapping speech of two people: separate turns, not merged; channel 0's echo of
        # the answer (same words, same time, confidence 0.41 < 0.82) is left out, so the
        # answer and "Go ahead." are one turn of Speaker 1
        ("Speaker 1", 2400, 4000, "Yes, I can hear you. Go ahead."),
    ]
    assert media.ringcentral.dropped_utterances == [2]
    assert len(media.ringcentral.raw["response"]["utterances"]) == 4


def test_utterances_are_taken_in_time_order():
    doc = {
        "status": "Success",
        "response": {
            "transcript": "",
            "utterances": [
                {
                    "speakerId": "1",
                    "start": 2,
                    "end": 3,
                    "text": "Second.",
                    "wordTimings": [{"word": "second", "start": 2, "end": 3}],
                },
                {
                    "speakerId": "0",
                    "start": 0,
                    "end": 1,
                    "text": "First.",
                    "wordTimings": [{"word": "first", "start": 0, "end": 1}],
                },
            ],
        },
    }
    media = vbformats.load(doc)
    assert [t for t, *_ in tokens(media)] == ["Speaker 0", "First", ".", "Speaker 1", "Second", "."]


def test_text_words_and_recognised_extras_are_never_lost():
    doc = {
        "status": "Success",
        "response": {
            "utterances": [
                {
                    "speakerId": "0",
                    "start": 0,
                    "end": 4,
                    "text": "Well, J O N is here.",
                    "wordTimings": [
                        {"word": "um", "start": 0.0, "end": 0.2},
                        {"word": "well", "start": 0.3, "end": 0.6},
                        {"word": "jon", "start": 0.8, "end": 1.4},
                        {"word": "is", "start": 1.5, "end": 1.7},
                        {"word": "here", "start": 1.7, "end": 2.0},
                    ],
                }
            ]
        },
    }
    media = vbformats.load(doc)
    assert tokens(media) == [
        ("Speaker 0", 0, 2000, "turn"),
        ("um", 0, 200, None),  # recognised but not in the text: kept as recognised
        ("Well", 300, 600, None),
        (",", 600, 600, "punc"),
        ("J", 800, 1000, None),  # three letters share jon's 600 ms
        ("O", 1000, 1200, None),
        ("N", 1200, 1400, None),
        ("is", 1500, 1700, None),
        ("here", 1700, 2000, None),
        (".", 2000, 2000, "punc"),
    ]
    assert [i for i, f in enumerate(media.words.estimated) if f] == [4, 5, 6]


def test_text_without_word_timings_is_spread_over_the_utterance():
    doc = {
        "status": "Success",
        "response": {
            "utterances": [
                {
                    "speakerId": "0",
                    "start": 1.0,
                    "end": 2.0,
                    "text": "Ab cd, ef.",
                    "confidence": 0.7,
                }
            ]
        },
    }
    media = vbformats.load(doc)
    # three words of 2 letters each (+1): 1000 ms in thirds, integer ms
    assert tokens(media) == [
        ("Speaker 0", 1000, 2000, "turn"),
        ("Ab", 1000, 1333, None),
        ("cd", 1333, 1666, None),
        (",", 1666, 1666, "punc"),
        ("ef", 1666, 2000, None),
        (".", 2000, 2000, "punc"),
    ]
    assert media.words.confidence[1] == 0.7
    assert media.words.estimated == [False, True, True, False, True, False]


def test_speaker_less_utterances_in_a_diarized_result_are_unknown():
    doc = {
        "status": "Success",
        "response": {
            "utterances": [
                {
                    "speakerId": "0",
                    "start": 0,
                    "end": 1,
                    "text": "One.",
                    "wordTimings": [{"word": "one", "start": 0, "end": 1}],
                },
                {
                    "start": 1,
                    "end": 2,
                    "text": "Two.",
                    "wordTimings": [{"word": "two", "start": 1, "end": 2}],
                },
            ]
        },
    }
    media = vbformats.load(doc)
    assert [t.speaker for t in turns(media)] == ["Speaker 0", "Unknown"]


# --- diarization and identification -----------------------------------------------------------


def test_diarization_becomes_voice_activity():
    media = load("diarize_2023.json")
    assert len(media.words) == 0
    assert media.to_dict()["transcript"]["voiceActivity"] == [
        {"speakerName": "Speaker 0", "occurrences": [{"s": 0, "e": 4500}, {"s": 9250, "e": 12000}]},
        {"speakerName": "Speaker 1", "occurrences": [{"s": 4500, "e": 9250}]},
    ]
    segments = media.ringcentral.diarization.utterances
    assert [s.confidence for s in segments] == [0.81, 0.77, 0.84]


def test_identification_uses_enrolled_ids_and_never_its_confidence():
    media = load("identify_2024.json", speakers={"40100231002": "Ines Ortega"})
    activity = media.to_dict()["transcript"]["voiceActivity"]
    assert activity == [
        {
            "speakerName": "40100231001",
            "occurrences": [{"s": 0, "e": 6000}, {"s": 18000, "e": 24000}],
        },
        {"speakerName": "Ines Ortega", "occurrences": [{"s": 6000, "e": 12000}]},
        {"speakerName": "Unknown", "occurrences": [{"s": 12000, "e": 18000}]},
    ]
    # 31.204 is not a 0..1 confidence: it appears nowhere in the VoiceBase-shaped document
    assert "31.204" not in json.dumps(media.to_dict())
    assert media.ringcentral.diarization.utterances[0].confidence == 31.204
    assert media.ringcentral.speakers["UserNotIdentified"] == "Unknown"


def test_bare_identification_2022():
    media = load("identify_bare_2022.json")
    assert [a.speaker_name for a in media.transcript.voice_activity] == ["8801", "8802"]
    assert media.status is None  # no envelope, no status


# --- interaction analytics --------------------------------------------------------------------


def test_interaction_turns_use_utterance_text_and_real_span_voice_activity():
    media = load("interaction_2024.json", speakers={"0": "Agent", "1": "Customer"})
    assert turn_rows(media) == [
        ("Agent", 1200, 4000, "Harbor View Hotel, this is Priya."),
        ("Customer", 4400, 7600, "Hello, I need to move my booking to Friday."),
        ("Agent", 8000, 10500, "Of course. Which booking?"),
        ("Customer", 10500, 12000, "The Friday booking."),
    ]
    # the one utterance with wordTimings has exact word times; the others are estimated
    table = media.words
    hello = table.text.index("Hello")
    assert (table.start_ms[hello], table.end_ms[hello], table.estimated[hello]) == (
        4400,
        4800,
        False,
    )
    harbor = table.text.index("Harbor")
    assert table.estimated[harbor] is True
    assert media.to_dict()["transcript"]["voiceActivity"] == [
        {"speakerName": "Agent", "occurrences": [{"s": 1200, "e": 4000}, {"s": 8000, "e": 10500}]},
        {
            "speakerName": "Customer",
            "occurrences": [{"s": 4400, "e": 7600}, {"s": 10500, "e": 12000}],
        },
    ]


def test_interaction_key_phrases_and_topics_become_knowledge():
    media = load("interaction_2024.json", speakers={"0": "Agent", "1": "Customer"})
    knowledge = media.to_dict()["knowledge"]
    assert knowledge["keywords"] == [
        {
            "keyword": "booking",
            "relevance": 0.95,  # the highest occurrence confidence
            "mentions": [
                {
                    "speakerName": "Customer",
                    "occurrences": [{"s": 6050, "e": 6600, "exact": "booking"}],
                },
                {
                    "speakerName": "Agent",
                    "occurrences": [{"s": 9300, "e": 10500, "exact": "Booking"}],
                },
            ],
        },
        {
            "keyword": "Friday",
            "relevance": 0.83,
            "mentions": [
                {
                    "speakerName": "Customer",
                    "occurrences": [
                        {"s": 6750, "e": 7600, "exact": "Friday"},
                        {"s": 10800, "e": 11300, "exact": "friday"},
                    ],
                }
            ],
        },
    ]
    assert knowledge["topics"] == [
        {"topicName": "hotel reservation change", "relevance": 0.88, "keywords": []}
    ]
    # emotions are not forced into VoiceBase's numeric sentiment
    assert media.speaker_sentiments is None


def test_interaction_extension_keeps_emotions_insights_and_unexpected_types():
    rc = load("interaction_2024.json").ringcentral
    interaction = rc.interaction
    assert [u.emotion for u in interaction.utterance_insights] == [
        "Neutral",
        "Anticipation",
        "Joy",
        None,
    ]
    assert interaction.utterance_insights[2].insights[1].name == "Politeness"
    insights = {i.name: i for i in interaction.speaker_insights.insights}
    assert list(insights) == ["Energy", "Pace", "TalkToListenRatio", "QuestionsAsked", "Patience"]
    assert [v.value for v in insights["Energy"].values] == [88.4, 91.05]  # floats
    assert [v.value for v in insights["QuestionsAsked"].values] == [1, 0]  # ints
    assert [v.value for v in insights["TalkToListenRatio"].values] == ["47:53", "53:47"]
    assert [v.talk_listen for v in insights["TalkToListenRatio"].values] == [
        (47.0, 53.0),
        (53.0, 47.0),
    ]
    assert [v.wpm for v in insights["Pace"].values] == [101.5, 143.0]
    assert [v.value for v in insights["Patience"].values] == ["7", 6.5]  # unknown name, mixed
    assert insights["Patience"].values[0].model_extra == {"scale": "1-10"}
    question = insights["QuestionsAsked"].values[0].questions[0]
    assert (question.text, question.start_ms, question.end_ms) == (
        "Of course. Which booking?",
        8000,
        10500,
    )
    conversational = {c.name: c for c in interaction.conversational_insights}
    assert conversational["CallScore"].values[0].value == 8
    assert conversational["Tasks"].values[0].value == 0.5
    assert (
        conversational["ExtractiveSummary"].values[0].text
        == "Hello, I need to move my booking to Friday."
    )
    assert [v.group_id for v in conversational["AbstractiveSummaryLong"].values] == ["0", "1"]


def test_summarize_punctuate_and_legacy_emotion_live_in_the_extension():
    summary = load("summarize_2022.json")
    assert summary.transcript is None
    values = summary.ringcentral.summary.summaries[0].values
    assert [v.text for v in values] == [
        "The river trail closes at dusk for repairs.",
        "Visitors should use the east gate until May.",
    ]
    assert summary.ringcentral.speaker_name(values[0].speaker_id) is None  # "" is no speaker
    punctuated = load("punctuate_2023.json")
    assert punctuated.ringcentral.punctuation.texts == [
        "Well, that settles it, doesn't it?",
        "We leave at noon.",
    ]
    emotions = load("emotion_legacy_2022.json").ringcentral.emotions
    assert [(e.emotion, e.start_ms, e.end_ms, e.confidence) for e in emotions] == [
        ("Neutral", 0, 3000, 0.7),
        ("Frustration", 3000, 6000, 0.52),
        ("Happy", 6000, 9000, None),
    ]


def test_models_dump_their_wire_keys():
    utterance = Utterance.model_validate(
        {
            "start": 1,
            "end": 2.5,
            "text": "Hi.",
            "speakerId": "0",
            "somethingElse": [1],
            "wordTimings": [{"word": "hi", "start": 1, "end": 2.5, "speakerId": "0"}],
        }
    )
    assert utterance.to_dict() == {
        "start": 1.0,
        "end": 2.5,
        "text": "Hi.",
        "speakerId": "0",
        "somethingElse": [1],
        "wordTimings": [{"word": "hi", "start": 1.0, "end": 2.5, "speakerId": "0"}],
    }
    assert (utterance.start_ms, utterance.end_ms) == (1000, 2500)
