"""Laws of the text-to-words alignment (punctuated utterance text, times from the words)."""

from __future__ import annotations

import hypothesis.strategies as st
from hypothesis import given

import vbformats
from vbformats.turns import join_tokens, turns

WORDS = st.sampled_from(
    ["ride", "the", "blue", "bus", "to", "Oak", "park", "at", "9", "o'clock", "I", "we", "100"]
)
TRAILS = st.sampled_from(["", "", "", ",", ".", "?", "!", "?!"])


@st.composite
def utterances(draw):
    """(text, text cores) of a punctuated sentence."""
    cores = draw(st.lists(WORDS, min_size=1, max_size=12))
    pieces = [core + draw(TRAILS) for core in cores]
    return " ".join(pieces), cores


def key(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def timed(cores, start_ms=0, step_ms=300):
    return [
        {
            "word": key(core),
            "start": (start_ms + k * step_ms) / 1000,
            "end": (start_ms + k * step_ms + 250) / 1000,
            "confidence": 0.8,
        }
        for k, core in enumerate(cores)
    ]


def load_one(text, words, start=0.0, end=None):
    if end is None:
        end = max([w["end"] for w in words] + [start + 1.0])
    doc = {
        "status": "Success",
        "response": {
            "utterances": [
                {
                    "speakerId": "0",
                    "start": start,
                    "end": end,
                    "text": text,
                    "confidence": 0.5,
                    "wordTimings": words,
                }
            ]
        },
    }
    return vbformats.load(doc)


@given(utterances())
def test_agreeing_words_reproduce_the_text_with_exact_times(sample):
    text, cores = sample
    words = timed(cores)
    media = load_one(text, words)
    (turn,) = turns(media)
    assert turn.text == text
    table = media.words
    assert not any(table.estimated)
    speech = turn.speech_indices
    assert [table.text[i] for i in speech] == cores
    assert [table.start_ms[i] for i in speech] == [k * 300 for k in range(len(cores))]
    assert [table.end_ms[i] for i in speech] == [k * 300 + 250 for k in range(len(cores))]


@st.composite
def disagreeing(draw):
    """A sentence and a word list edited from it: words dropped, added, replaced, merged."""
    text, cores = draw(utterances())
    keys = [key(c) for c in cores]
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["drop", "add", "replace", "merge"]))
        if not keys:
            keys.append("uh")
            continue
        at = draw(st.integers(0, len(keys) - 1))
        if op == "drop":
            del keys[at]
        elif op == "add":
            keys.insert(at, draw(st.sampled_from(["um", "uh", "like"])))
        elif op == "replace":
            keys[at] = draw(st.sampled_from(["hundred", "nine", "oclock", "blew"]))
        elif at + 1 < len(keys):
            keys[at : at + 2] = [keys[at] + keys[at + 1]]
    words = timed(keys, start_ms=draw(st.integers(0, 5000)))
    return text, cores, words


@given(disagreeing())
def test_any_disagreement_keeps_every_text_token_and_valid_times(sample):
    text, _cores, words = sample
    media = load_one(text, words, start=0.0)
    table = media.words
    body = [i for i in range(len(table)) if not table.is_turn[i]]
    produced = [table.text[i] for i in body]
    # every text token, in order, is among the produced tokens (a subsequence)
    remaining = iter(produced)
    wanted = []
    for piece in text.split():
        core = piece.rstrip(",.?!")
        wanted.append(core)
        if piece != core:
            wanted.append(piece[len(core) :])
    assert all(any(token == w for token in remaining) for w in wanted)
    # anything else produced is a recognised word, never invented text
    allowed = set(wanted) | {w["word"] for w in words}
    assert set(produced) <= allowed
    # times are valid and inside the utterance or the words' span
    last = max([w["end"] for w in words] + [1.0]) * 1000
    for i in body:
        assert 0 <= table.start_ms[i] <= table.end_ms[i] <= round(last)
    # text without any extra recognised word reads exactly like the utterance
    if len(produced) == len(wanted):
        assert produced == wanted
        assert turns(media)[0].text == text
        assert join_tokens(produced, [table.is_punctuation[i] for i in body]) == text
