"""A RingCentral speech-to-text result converts exactly as a VoiceBase file with the same words.

RC_CALL is a RingCentral result; VB_CALL is the VoiceBase document written by hand (not by
the converter) with the same words: cased and punctuated from the utterance text, times from
the RingCentral words rounded to ms, a turn marker per change of speaker. Every output must be
identical: text, SRT, WebVTT, DFXP, turns JSON, the words and turns frames, the metrics.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import vbformats
from vbformats import frames, metrics
from vbformats.cli import main
from vbformats.writers import render

DATA = Path(__file__).resolve().parents[1] / "data" / "ringcentral"


def w(word, start, end, confidence):
    return {"word": word, "start": start, "end": end, "confidence": confidence}


RC_CALL = {
    "jobId": "b1c2d3e4-5f60-11ef-a7a7-00163e7a0b21",
    "api": "/ai/audio/v1/async/speech-to-text",
    "creationTime": "2024-08-12T15:00:00.000Z",
    "completionTime": "2024-08-12T15:00:14.375Z",
    "expirationTime": "2024-08-19T15:00:00.000Z",
    "status": "Success",
    "response": {
        "confidence": 0.9,
        "speakerCount": 2,
        "transcript": "Hello, thanks for calling Riverside Bikes. Hi! My chain snapped. "
        "Can you bring it in today? We close at 6. Sure, thanks.",
        "utterances": [
            {
                "speakerId": "0",
                "start": 0.5,
                "end": 2.43,
                "confidence": 0.91,
                "text": "Hello, thanks for calling Riverside Bikes.",
                "wordTimings": [
                    w("hello", 0.5, 0.82, 0.95),
                    w("thanks", 0.9, 1.2, 0.9),
                    w("for", 1.2, 1.33, 0.97),
                    w("calling", 1.33, 1.71, 0.93),
                    w("riverside", 1.8, 2.12, 0.88),
                    w("bikes", 2.12, 2.43, 0.91),
                ],
            },
            {
                "speakerId": "1",
                "start": 2.9,
                "end": 4.6,
                "confidence": 0.92,
                "text": "Hi! My chain snapped.",
                "wordTimings": [
                    w("hi", 2.9, 3.1, 0.92),
                    w("my", 3.3, 3.45, 0.96),
                    w("chain", 3.45, 3.8, 0.89),
                    w("snapped", 3.8, 4.6, 0.9),
                ],
            },
            {
                "speakerId": "0",
                "start": 5.0,
                "end": 6.12,
                "confidence": 0.94,
                "text": "Can you bring it in today?",
                "wordTimings": [
                    w("can", 5.0, 5.1, 0.94),
                    w("you", 5.1, 5.2, 0.95),
                    w("bring", 5.2, 5.45, 0.9),
                    w("it", 5.45, 5.5, 0.97),
                    w("in", 5.5, 5.7, 0.96),
                    w("today", 5.7, 6.12, 0.93),
                ],
            },
            {
                "speakerId": "0",
                "start": 6.3,
                "end": 7.0,
                "confidence": 0.92,
                "text": "We close at 6.",
                "wordTimings": [
                    w("we", 6.3, 6.4, 0.9),
                    w("close", 6.4, 6.7, 0.92),
                    w("at", 6.7, 6.8, 0.95),
                    w("six", 6.8, 7.0, 0.9),
                ],
            },
            {
                "speakerId": "1",
                "start": 7.5,
                "end": 8.12,
                "confidence": 0.93,
                "text": "Sure, thanks.",
                "wordTimings": [w("sure", 7.5, 7.8, 0.91), w("thanks", 7.85, 8.12, 0.94)],
            },
        ],
    },
}


def vb(p, s, e, text, c=None, m=None):
    word = {"p": p}
    if c is not None:
        word["c"] = c
    word.update({"s": s, "e": e, "w": text})
    if m:
        word["m"] = m
    return word


VB_CALL = {
    "mediaId": "b1c2d3e4-5f60-11ef-a7a7-00163e7a0b21",
    "status": "finished",
    "dateCreated": "2024-08-12T15:00:00.000Z",
    "dateFinished": "2024-08-12T15:00:14.375Z",
    "expiresOn": "2024-08-19T15:00:00.000Z",
    "transcript": {
        "confidence": 0.9,
        "words": [
            vb(1, 500, 2430, "Agent", 1.0, "turn"),
            vb(2, 500, 820, "Hello", 0.95),
            vb(3, 820, 820, ",", 1.0, "punc"),
            vb(4, 900, 1200, "thanks", 0.9),
            vb(5, 1200, 1330, "for", 0.97),
            vb(6, 1330, 1710, "calling", 0.93),
            vb(7, 1800, 2120, "Riverside", 0.88),
            vb(8, 2120, 2430, "Bikes", 0.91),
            vb(9, 2430, 2430, ".", 1.0, "punc"),
            vb(10, 2900, 4600, "Caller", 1.0, "turn"),
            vb(11, 2900, 3100, "Hi", 0.92),
            vb(12, 3100, 3100, "!", 1.0, "punc"),
            vb(13, 3300, 3450, "My", 0.96),
            vb(14, 3450, 3800, "chain", 0.89),
            vb(15, 3800, 4600, "snapped", 0.9),
            vb(16, 4600, 4600, ".", 1.0, "punc"),
            vb(17, 5000, 7000, "Agent", 1.0, "turn"),
            vb(18, 5000, 5100, "Can", 0.94),
            vb(19, 5100, 5200, "you", 0.95),
            vb(20, 5200, 5450, "bring", 0.9),
            vb(21, 5450, 5500, "it", 0.97),
            vb(22, 5500, 5700, "in", 0.96),
            vb(23, 5700, 6120, "today", 0.93),
            vb(24, 6120, 6120, "?", 1.0, "punc"),
            vb(25, 6300, 6400, "We", 0.9),
            vb(26, 6400, 6700, "close", 0.92),
            vb(27, 6700, 6800, "at", 0.95),
            vb(28, 6800, 7000, "6", 0.9),
            vb(29, 7000, 7000, ".", 1.0, "punc"),
            vb(30, 7500, 8120, "Caller", 1.0, "turn"),
            vb(31, 7500, 7800, "Sure", 0.91),
            vb(32, 7800, 7800, ",", 1.0, "punc"),
            vb(33, 7850, 8120, "thanks", 0.94),
            vb(34, 8120, 8120, ".", 1.0, "punc"),
        ],
    },
}

SPEAKERS = {"0": "Agent", "1": "Caller"}
FORMATS = ("text", "srt", "vtt", "dfxp", "turns")


@pytest.fixture(scope="module")
def pair():
    return vbformats.load(RC_CALL, speakers=SPEAKERS), vbformats.load(VB_CALL)


def test_the_converted_document_is_the_hand_written_voicebase_document(pair):
    rc_media, vb_media = pair
    assert rc_media.to_dict() == VB_CALL
    assert rc_media.source_format == "ringcentral" and vb_media.source_format == "v3"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_writer_gives_the_same_output(pair, fmt):
    rc_media, vb_media = pair
    out = render(rc_media, fmt)
    assert out == render(vb_media, fmt)
    assert "Riverside Bikes." in out  # the utterance text, cased and punctuated
    assert "riverside" not in out


def test_text_and_srt_read_like_the_utterances(pair):
    rc_media, _ = pair
    text = render(rc_media, "text")
    for sentence in (
        "Hello, thanks for calling Riverside Bikes.",
        "Hi! My chain snapped.",
        "Can you bring it in today? We close at 6.",
        "Sure, thanks.",
    ):
        assert sentence in text
    assert render(rc_media, "srt").startswith("1\n00:00:00,500 --> ")
    last_turn = json.loads(render(rc_media, "turns"))[-1]
    assert (last_turn["speaker"], last_turn["e"]) == ("Caller", 8120)  # 8.12 s: not 8119


@pytest.mark.parametrize("table", ["words", "turns", "cues", "voice_activity", "metadata"])
def test_frames_are_identical(pair, table):
    rc_media, vb_media = pair
    left = frames.build(table, rc_media)
    right = frames.build(table, vb_media)
    pd.testing.assert_frame_equal(left, right)
    if table in ("words", "turns"):
        assert len(left) > 0


def test_words_frame_content(pair):
    rc_media, _ = pair
    words = frames.words(rc_media)
    speech = words[words["is_speech"]]
    assert list(speech["text"][:3]) == ["Hello", "thanks", "for"]
    assert speech["role"].iloc[0] == "agent"
    assert speech["estimated"].eq(False).all()


def test_metrics_are_identical(pair):
    rc_media, vb_media = pair
    left = metrics.compute(rc_media)
    right = metrics.compute(vb_media)
    assert left.values == right.values
    assert left.roles == right.roles == {"Agent": "agent", "Caller": "caller"}
    assert left.to_voicebase() == right.to_voicebase()
    assert left["agent-talk-ratio"] is not None


def test_cli_info_and_convert_on_ringcentral_files(tmp_path, capsys):
    path = tmp_path / "bikes_call.json"
    path.write_text(json.dumps(RC_CALL))
    assert main(["info", str(path)]) == 0
    info = capsys.readouterr().out
    assert "ringcentral" in info
    assert "b1c2d3e4-5f60-11ef-a7a7-00163e7a0b21" in info
    out = tmp_path / "bikes_call.srt"
    assert main(["convert", str(path), "-o", str(out)]) == 0
    capsys.readouterr()
    # default names (no speakers map on the command line): Speaker 0 / Speaker 1
    expected = render(vbformats.load(RC_CALL), "srt")
    assert out.read_text(encoding="utf-8") == expected
    assert "Speaker 0" in expected and "Riverside Bikes." in expected


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.json")))
def test_cli_handles_every_fixture(name, capsys):
    code = main(["info", str(DATA / name)])
    out, err = capsys.readouterr()
    if name.startswith(("fail_", "in_progress", "accepted_")):
        assert code == 2
        assert err.startswith("vbformats: error: ")
        assert "Traceback" not in err
    else:
        assert code == 0, err
        assert "ringcentral" in out
        assert main(["convert", str(DATA / name), "--to", "vtt"]) == 0
        assert capsys.readouterr().out.startswith("WEBVTT")
