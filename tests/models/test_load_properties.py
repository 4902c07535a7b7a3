"""Properties of loading generated documents: exact round trip, words and turns as generated.

Every document comes from tests/strategies.py (stereo and mono, unsorted stereo words, overlaps,
hostile Unicode, numbers as strings, unknown keys at every level, including snake_case names of
known fields and second aliases). The expectations are the generator's own facts, never the
code under test's output.
"""

from __future__ import annotations

import json
from collections import Counter

from hypothesis import given
from strategies import Generated, documents, ms, property_settings

import vbformats


def _check_words_and_turns(media: vbformats.Media, generated: Generated) -> None:
    table = media.words
    words = generated.doc["transcript"]["words"]
    assert len(table) == len(words)
    assert table.text == [w["w"] for w in words]
    assert table.start_ms == [ms(w["s"]) for w in words]
    assert table.end_ms == [ms(w["e"]) for w in words]
    speech_indices = [i for i, is_speech in enumerate(table.is_speech) if is_speech]
    assert speech_indices == [w.index for w in generated.words]

    turns = vbformats.turns(media)
    got = [(t.speaker, t.start_ms, t.end_ms, t.text) for t in turns]
    expected = [(t.speaker, t.start_ms, t.end_ms, t.text) for t in generated.turns]
    if generated.layout == "mono" or not generated.ordered:
        # a mono file is one turn; in chaos mode only the multiset of speech words is defined
        assert Counter(table.text[i] for t in turns for i in t.speech_indices) == Counter(
            w.text for w in generated.words
        )
    if generated.ordered:
        if generated.layout == "mono":
            assert len(turns) == (1 if generated.words else 0)
            assert " ".join(t.text for t in turns) == " ".join(t.text for t in generated.turns)
        else:
            assert got == expected
    # every speech word is in exactly one turn
    in_turns = sorted(i for t in turns for i in t.speech_indices)
    assert in_turns == speech_indices


@property_settings(ci_examples=1000)
@given(documents())
def test_load_round_trips_exactly_and_yields_the_generated_words_and_turns(generated):
    doc = generated.doc
    media = vbformats.load(doc)
    assert media.to_dict() == doc
    dumped = media.to_json()
    assert json.loads(dumped) == doc  # the dumped JSON equals the input, unknown keys included

    # the same document as JSON text (bytes and str) gives the same model
    for source in (json.dumps(doc).encode(), json.dumps(doc, ensure_ascii=False)):
        again = vbformats.load(source)
        assert again.to_dict() == doc
        assert again == media

    # load(dump(load(x))) == load(x)
    reloaded = vbformats.load(dumped)
    assert reloaded == media
    assert reloaded.to_dict() == doc
    _check_words_and_turns(media, generated)


@property_settings(ci_examples=1000)
@given(documents(chaos=True, sections=False))
def test_arbitrary_times_never_lose_a_word_and_still_round_trip(generated):
    media = vbformats.load(json.dumps(generated.doc))
    assert media.to_dict() == generated.doc
    assert vbformats.load(media.to_json()) == media
    _check_words_and_turns(media, generated)
