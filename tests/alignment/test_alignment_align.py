"""``vbformats.align``: times of matched, substituted, inserted and deleted words, speakers,
punctuation and markers in VoiceBase's shape, and a result every writer, table and metric
takes. Expected values are worked out by hand from the small calls below."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from alignment_support import speech

import vbformats
from vbformats import frames, metrics
from vbformats.alignment import AlignmentError, align_with_report
from vbformats.errors import InvalidInputError

ROOT_SAMPLES = "samples"


def _call(*turns: tuple[str | None, list[tuple[str, int, int]]]) -> vbformats.Media:
    """A document from ``(speaker, [(word, s, e), ...])`` turns; a word ending in ``.`` or
    ``,`` gets a punctuation token at its end."""
    words = []
    for speaker, spoken in turns:
        if speaker is not None:
            words.append(
                {"s": spoken[0][1], "e": spoken[-1][2], "w": speaker, "m": "turn", "c": 0.5}
            )
        for text, s, e in spoken:
            mark = text[-1] if text[-1] in ".,?" else ""
            words.append({"s": s, "e": e, "w": text.rstrip(".,?"), "c": 0.9})
            if mark:
                words.append({"s": e, "e": e, "w": mark, "m": "punc", "c": 1.0})
    return vbformats.load({"mediaId": "m-1", "length": 60000, "transcript": {"words": words}})


AGENT = [("Thank", 1000, 1300), ("you", 1300, 1500), ("for", 2100, 2300), ("calling.", 2300, 2900)]
CALLER = [
    ("Hi,", 3500, 3800),
    ("its", 3900, 4100),
    ("Theo", 4100, 4400),
    ("O", 4400, 4500),
    ("cafe.", 4500, 4900),
]


def _rows(media: vbformats.Media) -> list[tuple]:
    table = media.words
    estimated = table.estimated or [False] * len(table)
    return [
        (table.text[i], table.start_ms[i], table.end_ms[i], table.flags_text[i], estimated[i])
        for i in range(len(table))
    ]


def test_insertions_share_the_gap_in_proportion_to_their_length() -> None:
    media = _call(("Agent", AGENT))
    result = align_with_report(media, "Agent: Thank you so much for calling.")
    # "so" (2) and "much" (4) share 1500..2100 as 2:4
    assert _rows(result.media) == [
        ("Agent", 1000, 2900, "turn", False),
        ("Thank", 1000, 1300, None, False),
        ("you", 1300, 1500, None, False),
        ("so", 1500, 1700, None, True),
        ("much", 1700, 2100, None, True),
        ("for", 2100, 2300, None, False),
        ("calling", 2300, 2900, None, False),
        (".", 2900, 2900, "punc", False),
    ]
    assert (result.report.inserted, result.report.matched) == (2, 4)


def test_words_before_the_first_and_after_the_last_time_go_next_to_it() -> None:
    media = _call(("Agent", AGENT))
    result = align_with_report(media, "Agent: Well, thank you for calling. Bye")
    rows = _rows(result.media)
    # "Well" (4 characters at 70 ms) right before "thank"; "Bye" (3) right after "calling"
    assert rows[1] == ("Well", 720, 1000, None, True)
    assert rows[-1] == ("Bye", 2900, 3110, None, True)


def test_substitutions_take_the_time_and_deletions_disappear() -> None:
    media = _call(("Agent", AGENT), ("Caller", CALLER))
    edited = "Agent: Thank you for calling.\n\nCaller: Hi, it's Theo Okafor."
    result = align_with_report(media, edited)
    words = [(w, s, e) for _, w, s, e in speech(result.media)]
    # "its" = "it's" (apostrophes do not count); "Okafor" replaces the garble "O cafe": it
    # takes the time of the word it is aligned to and of the deleted word next to it
    assert words[4:] == [
        ("Hi", 3500, 3800),
        ("it's", 3900, 4100),
        ("Theo", 4100, 4400),
        ("Okafor", 4400, 4900),
    ]
    report = result.report
    assert (report.matched, report.substituted, report.inserted, report.deleted) == (7, 1, 0, 1)
    # a deletion between two matched words just disappears
    plain = align_with_report(media, "Agent: Thank for calling.\n\nCaller: Hi, its Theo O cafe.")
    assert [w for _, w, _, _ in speech(plain.media)][:3] == ["Thank", "for", "calling"]
    assert speech(plain.media)[1][2:] == (2100, 2300)


def test_similar_words_are_paired_when_edits_tie() -> None:
    media = _call(("Agent", [("Larkspur", 0, 500), ("Fiber", 500, 900), ("here", 1000, 1200)]))
    result = align_with_report(media, "Agent: Larkspur Fibre Networks here")
    words = [(w, s, e) for _, w, s, e in speech(result.media)]
    # "Fibre" takes "Fiber"'s time (not "Networks"), "Networks" is estimated after it
    assert words == [
        ("Larkspur", 0, 500),
        ("Fibre", 500, 900),
        ("Networks", 900, 1000),
        ("here", 1000, 1200),
    ]


def test_keep_confidence_keeps_the_engines_c_on_matches_only() -> None:
    media = _call(("Agent", AGENT))
    plain = align_with_report(media, "Agent: Thank you for dialling.")
    assert set(plain.media.words.confidence) == {None}
    kept = align_with_report(media, "Agent: Thank you for dialling.", keep_confidence=True)
    table = kept.media.words
    by_word = dict(zip(table.text, table.confidence, strict=True))
    assert by_word["Thank"] == 0.9 and by_word["dialling"] is None
    assert by_word["Agent"] == 0.5 and by_word["."] == 1.0  # the media's marker and mark, as sent


def test_labels_reassign_speakers_and_keep_the_times() -> None:
    media = _call(("Agent", AGENT), ("Agent", CALLER))  # the engine gave both turns to the agent
    edited = "Agent: Thank you for calling.\n\nCaller: Hi, its Theo O cafe."
    result = align_with_report(media, edited)
    assert [(t.speaker, t.start_ms, t.end_ms) for t in vbformats.turns(result.media)] == [
        ("Agent", 1000, 2900),
        ("Caller", 3500, 4900),
    ]
    # a new name is a new speaker
    renamed = align_with_report(media, edited.replace("Caller:", "Theo:"))
    assert [t.speaker for t in vbformats.turns(renamed.media)] == ["Agent", "Theo"]


def test_without_labels_speakers_come_from_the_media() -> None:
    media = _call(("Agent", AGENT), ("Caller", CALLER))
    result = align_with_report(media, "thank you for calling hi its theo o cafe and bye")
    assert [(t.speaker, t.text) for t in vbformats.turns(result.media)] == [
        ("Agent", "thank you for calling"),
        ("Caller", "hi its theo o cafe and bye"),  # inserted words: the speaker before them
    ]


def test_punctuation_and_markers_have_voicebase_shape() -> None:
    media = _call(("Agent", AGENT), ("Caller", CALLER))
    result = align_with_report(
        media, "Agent: Thank you, for calling?\n\nCaller: Hi, its Theo O cafe."
    )
    rows = _rows(result.media)
    assert rows[:7] == [
        ("Agent", 1000, 2900, "turn", False),
        ("Thank", 1000, 1300, None, False),
        ("you", 1300, 1500, None, False),
        (",", 1500, 1500, "punc", False),  # new mark: at the end of the word before
        ("for", 2100, 2300, None, False),
        ("calling", 2300, 2900, None, False),
        ("?", 2900, 2900, "punc", False),
    ]
    assert rows[7] == ("Caller", 3500, 4900, "turn", False)


def test_the_result_is_a_voicebase_document_everything_reads(samples_dir) -> None:
    media = vbformats.load(samples_dir / "stereo_call.json")
    text = vbformats.render(media, "text").replace("Okafor", "O'Kafor").replace("Dana", "Donna")
    aligned = vbformats.align(media, text)
    document = aligned.to_dict()
    json.loads(aligned.to_json())
    again = vbformats.load(document)
    assert again.words.to_dicts() == aligned.words.to_dicts()
    assert again.knowledge == media.knowledge and again.length == media.length
    assert (
        "turns" not in document["transcript"] and "alternateFormats" not in document["transcript"]
    )
    for fmt in ("srt", "vtt", "dfxp", "text", "turns", "json"):
        assert "Donna" in vbformats.render(aligned, fmt)
    assert frames.words(aligned).text.str.contains("O'Kafor").any()
    assert len(frames.turns(aligned)) == len(vbformats.turns(media))
    assert len(frames.cues(aligned)) > 0
    computed = metrics.compute(aligned)
    assert computed["overtalk-incidents"] == metrics.compute(media)["overtalk-incidents"]
    assert aligned.media_id == media.media_id


def test_dtmf_tokens_of_the_media_are_kept_at_their_time(samples_dir) -> None:
    media = vbformats.load(samples_dir / "stereo_call.json")
    aligned = vbformats.align(media, vbformats.render(media, "text"))
    table = aligned.words
    tones = [i for i in range(len(table)) if table.flags_text[i] == "dtmf"]
    assert [table.text[i] for i in tones] == ["5", "8", "1", "3"]
    # after the speaker's word "second" and its full stop, before "Done"
    assert table.text[tones[0] - 2 : tones[0]] == ["second", "."]
    assert table.text[tones[-1] + 1] == "Done"


def test_an_edited_srt_or_another_engines_json_aligns_to_the_media_times(
    samples_dir, tmp_path
) -> None:
    media = vbformats.load(samples_dir / "stereo_call.json")
    srt = vbformats.render(media, "srt").replace("Okafor", "O'Kafor")
    path = tmp_path / "fixed.srt"
    path.write_text(srt, encoding="utf-8")
    from_srt = vbformats.align(media, str(path))
    want = [(t.speaker, t.start_ms, t.end_ms) for t in vbformats.turns(media)]
    assert [(t.speaker, t.start_ms, t.end_ms) for t in vbformats.turns(from_srt)] == want
    # another engine: same words, its own (here shifted) times: the media's times win
    other = media.to_dict()
    for word in other["transcript"]["words"]:
        word["s"] += 5000
        word["e"] += 5000
    from_other = vbformats.align(media, other)
    assert [(t.speaker, t.start_ms, t.end_ms) for t in vbformats.turns(from_other)] == want


def test_ringcentral_and_v2_media(samples_dir) -> None:
    rc = vbformats.load("tests/data/ringcentral/stt_diarized_2024.json")
    aligned = vbformats.align(rc, vbformats.render(rc, "text"))
    assert aligned.source_format == "v3" and aligned.ringcentral is None
    assert [t.text for t in vbformats.turns(aligned)] == [t.text for t in vbformats.turns(rc)]
    v2 = vbformats.load(samples_dir / "legacy_v2.json")
    aligned_v2 = vbformats.align(v2, vbformats.render(v2, "text"))
    assert "transcripts" in aligned_v2.to_dict() and aligned_v2.source_format == "v2"


def test_the_input_media_is_not_changed(samples_dir) -> None:
    media = vbformats.load(samples_dir / "stereo_call.json")
    before = media.to_json()
    aligned = vbformats.align(media, vbformats.render(media, "text").replace("Dana", "Donna"))
    aligned.knowledge.keywords[0].keyword = "changed"
    assert media.to_json() == before


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"min_matched": 1.5}, "min_matched"),
        ({"min_matched": "half"}, "min_matched"),
        ({"min_stretch_words": 0}, "min_stretch_words"),
        ({"normalize": "fuzzy"}, "normalize"),
        ({"normalize": {"lowercase": False, "typo": True}}, "normalize.typo"),
        ({"on_mismatch": "shrug"}, "on_mismatch"),
    ],
)
def test_bad_arguments_name_the_parameter(kwargs, path) -> None:
    media = _call(("Agent", AGENT))
    with pytest.raises(InvalidInputError) as caught:
        align_with_report(media, "Agent: Thank you for calling.", **kwargs)
    assert caught.value.path == path


def test_a_media_without_words_cannot_be_aligned() -> None:
    with pytest.raises(AlignmentError) as caught:
        vbformats.align(vbformats.load({"mediaId": "x"}), "Hello there, how are you?")
    assert caught.value.matched_fraction == 0.0
    assert isinstance(caught.value, ValueError)


def test_import_vbformats_stays_light_and_align_is_lazy() -> None:
    code = (
        "import sys, vbformats\n"
        "assert 'rapidfuzz' not in sys.modules and 'vbformats.alignment' not in sys.modules\n"
        "vbformats.align, vbformats.wer\n"
        "assert 'vbformats.alignment' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
