"""The laws of the aligner, on generated calls (stereo and mono, overlapping turns, DTMF).

* aligning a transcript to itself changes nothing: as a loaded Media (every token, times and
  flags identical, odd words included) and as its own text rendering (the same turns, times
  and text);
* after only substitutions every time is kept: word k of the result has the time of word k of
  the call;
* every word of the edited text is in the result exactly once, in order;
* times never decrease within a speaker, whatever was inserted, deleted or substituted.
"""

from __future__ import annotations

from alignment_support import edit_text, make_call, speech, tokens, turn_view
from hypothesis import given
from hypothesis import strategies as st

import vbformats
from vbformats.alignment import align_with_report

calls = st.builds(
    make_call,
    seed=st.integers(0, 2**32 - 1),
    turns=st.integers(1, 14),
    stereo=st.booleans(),
    dtmf=st.booleans(),
    max_words=st.integers(1, 16),
)
odd_calls = st.builds(
    make_call,
    seed=st.integers(0, 2**32 - 1),
    turns=st.integers(1, 10),
    stereo=st.booleans(),
    dtmf=st.booleans(),
    odd=st.just(True),
)
seeds = st.integers(0, 2**32 - 1)


def _speech_times_in_turn_order(media: vbformats.Media) -> list[tuple[int, int]]:
    table = media.words
    return [
        (table.start_ms[i], table.end_ms[i])
        for turn in vbformats.turns(media)
        for i in turn.speech_indices
    ]


@given(odd_calls)
def test_aligning_a_media_to_itself_changes_nothing(doc) -> None:
    media = vbformats.load(doc)
    result = align_with_report(media, media)
    assert tokens(result.media) == tokens(media)
    assert turn_view(result.media, include_dtmf=True) == turn_view(media, include_dtmf=True)
    assert result.report.matched == result.report.edited_words
    assert not any(result.media.words.estimated)


@given(calls)
def test_aligning_a_media_to_its_own_text_changes_nothing(doc) -> None:
    media = vbformats.load(doc)
    result = align_with_report(media, vbformats.render(media, "text"))
    assert turn_view(result.media) == turn_view(media)
    assert _speech_times_in_turn_order(result.media) == _speech_times_in_turn_order(media)
    assert result.report.deleted == 0 and result.report.inserted == 0


@given(calls, seeds, st.floats(0.0, 0.4))
def test_after_only_substitutions_every_time_is_kept(doc, seed, rate) -> None:
    media = vbformats.load(doc)
    edited = edit_text(vbformats.render(media, "text"), seed, substitute=rate)
    result = align_with_report(media, edited.text, on_mismatch="ignore")
    assert [(s, e) for _, _, s, e in speech(result.media)] == _speech_times_in_turn_order(media)
    assert result.report.substituted == edited.substituted
    assert result.report.inserted == 0


@given(calls, seeds, st.floats(0.0, 0.3), st.floats(0.0, 0.3), st.floats(0.0, 0.3))
def test_every_edited_word_once_in_order_and_times_never_decrease(
    doc, seed, substitute, insert, delete
) -> None:
    media = vbformats.load(doc)
    edited = edit_text(
        vbformats.render(media, "text"), seed, substitute=substitute, insert=insert, delete=delete
    )
    result = align_with_report(media, edited.text, on_mismatch="ignore")
    # the edited words as the text reader reads them (an independent path)
    expected = vbformats.load(edited.text.encode(), format="text")
    want = [(w.text, w.flags_text) for w in expected.words if not w.is_turn]
    got = [
        (w.text, w.flags_text)
        for w in result.media.words
        if not (w.is_turn or w.flags_text == "dtmf")
    ]
    assert got == want
    latest: dict[str | None, int] = {}
    for speaker, text, start, end in speech(result.media):
        assert end >= start, text
        assert start >= latest.get(speaker, 0), (speaker, text, start)
        latest[speaker] = start
    # the result is a VoiceBase document: it loads back to the same words
    again = vbformats.load(result.media.to_dict())
    assert again.words.to_dicts() == result.media.words.to_dicts()
