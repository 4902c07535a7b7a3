"""The caption engine: options, cutting rules, timing, overlap modes, the limits report.

Every expectation is worked out by hand from the words of the test (widths are counted in the
comments).
"""

from __future__ import annotations

import itertools

import pytest
from captions_support import load, spoken
from pydantic import ValidationError

import vbformats
from vbformats.captions import (
    CaptionOptions,
    Cue,
    CueList,
    Violation,
    build_cues,
    check_cues,
    clean_text,
    display_width,
)
from vbformats.errors import InvalidInputError


def _texts(cues: list[Cue]) -> list[list[str]]:
    return [cue.lines for cue in cues]


# --- options -----------------------------------------------------------------------------------


def test_defaults_follow_broadcast_practice() -> None:
    options = CaptionOptions()
    assert options.max_chars_per_line == 42
    assert options.max_lines == 2
    assert options.min_duration_ms == 1000
    assert options.max_duration_ms == 7000
    assert options.max_chars_per_second == 20
    assert options.pause_split_ms == 1500
    assert options.overlap == "keep"


def test_options_are_frozen_and_refuse_unknown_fields() -> None:
    options = CaptionOptions()
    with pytest.raises(ValidationError):
        options.max_lines = 3  # type: ignore[misc]
    with pytest.raises(ValidationError):
        CaptionOptions(max_char_per_line=30)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("options", "path"),
    [
        ({"max_char_per_line": 30}, "options.max_char_per_line"),
        ({"max_chars_per_line": 0}, "options.max_chars_per_line"),
        ({"max_lines": -1}, "options.max_lines"),
        ({"overlap": "both"}, "options.overlap"),
        ({"max_chars_per_second": float("nan")}, "options.max_chars_per_second"),
        ({"min_duration_ms": 8000}, "options"),  # above max_duration_ms
    ],
)
def test_bad_options_raise_invalid_input_naming_the_option(options: dict, path: str) -> None:
    media = load(("A", spoken("hello there", 0)))
    with pytest.raises(InvalidInputError) as caught:
        build_cues(media, options)
    assert caught.value.path == path
    assert isinstance(caught.value, ValueError)


def test_every_caption_writer_refuses_a_typo() -> None:
    media = load(("A", spoken("hello there", 0)))
    for fmt in ("srt", "vtt", "dfxp"):
        with pytest.raises(InvalidInputError, match=r"options\.max_chars_per_lines"):
            vbformats.render(media, fmt, {"max_chars_per_lines": 30})
    with pytest.raises(InvalidInputError, match=r"options\.label\b"):
        vbformats.render(media, "text", {"label": False})


def test_writer_options_models_are_accepted_by_the_engine() -> None:
    from vbformats.formats.srt import SrtOptions

    media = load(("A", spoken("one two three four", 0)))
    cues = build_cues(media, SrtOptions(max_chars_per_line=8, labels=False))
    assert cues.options.max_chars_per_line == 8
    assert all(len(line) <= 8 for cue in cues for line in cue.lines)


# --- display text ------------------------------------------------------------------------------


def test_display_width_counts_what_a_viewer_sees() -> None:
    assert display_width("hello") == 5
    assert display_width("e\u0301") == 1  # e + combining acute
    assert display_width("日本語") == 6  # wide
    assert display_width("ＡＢ") == 4  # full-width
    assert display_width("😀") == 2
    assert display_width("👩\u200d💻") == 2  # a ZWJ sequence is one emoji
    assert display_width("👍\U0001f3fd") == 2  # skin-tone modifier
    assert display_width("a\u00adb") == 2  # soft hyphen (format character)


def test_clean_text_removes_what_would_break_a_format() -> None:
    assert clean_text("a\nb") == "a b"
    assert clean_text("  a \t\r\n b  ") == "a b"
    assert clean_text("x\x00y\x1f\x7f") == "xy"
    assert clean_text("\u2028line\u2029") == "line"
    assert clean_text("bad\ud800") == "bad\ufffd"
    assert clean_text("\ufffe") == ""
    assert clean_text("& < --> 😀 e\u0301") == "& < --> 😀 e\u0301"


# --- cutting -----------------------------------------------------------------------------------


def test_a_speaker_change_starts_a_new_cue() -> None:
    media = load(("A", spoken("hello there", 0)), ("B", spoken("hi you", 600)))
    cues = build_cues(media)
    assert [(c.speaker, c.lines) for c in cues] == [
        ("A", ["hello there"]),
        ("B", ["hi you"]),
    ]
    words = media.words.text
    assert [[words[i] for i in c.token_indices] for c in cues] == [
        ["hello", "there"],
        ["hi", "you"],
    ]


def test_a_pause_of_pause_split_ms_starts_a_new_cue_a_shorter_one_does_not() -> None:
    media = load(("A", [(0, 300, "one"), (1800, 2100, "two"), (3599, 3900, "three")]))
    # gaps: one→two 1500 ms (split), two→three 1499 ms (no split)
    assert _texts(build_cues(media)) == [["one"], ["two three"]]
    assert _texts(build_cues(media, {"pause_split_ms": 1499})) == [["one"], ["two"], ["three"]]


def test_punctuation_attaches_to_the_word_before_it() -> None:
    media = load(("A", [(0, 200, "Hello"), (200, 200, ","), (300, 500, "world"), (500, 700, "!")]))
    (cue,) = build_cues(media)
    assert cue.lines == ["Hello, world!"]
    assert [media.words.text[i] for i in cue.token_indices] == ["Hello", ",", "world", "!"]


def test_cuts_after_a_sentence_end_rather_than_filling_the_cue() -> None:
    # 64 + 1 + 50 characters: does not fit 2 × 42; the sentence ends at 64 (in the last half)
    text = (
        "alpha bravo charlie delta echo foxtrot golf hotel india juliett. "
        "kilo lima mike november oscar papa quebec romeo"
    )
    cues = build_cues(load(("A", spoken(text, 0, step=100))))
    assert [" ".join(c.lines) for c in cues] == [
        "alpha bravo charlie delta echo foxtrot golf hotel india juliett.",
        "kilo lima mike november oscar papa quebec romeo",
    ]


def test_cuts_after_a_clause_when_there_is_no_sentence_end() -> None:
    text = (
        "alpha bravo charlie delta echo foxtrot golf hotel india juliett, "
        "kilo lima mike november oscar papa quebec romeo"
    )
    cues = build_cues(load(("A", spoken(text, 0, step=100))))
    assert " ".join(cues[0].lines).endswith("juliett,")


def test_cuts_at_the_longest_pause_when_there_is_no_punctuation() -> None:
    words = [
        "alpha",
        "bravo",
        "charlie",
        "delta",
        "echo",
        "foxtrot",
        "golf",
        "hotel",
        "india",
        "juliett",
        "kilo",
        "lima",
        "mike",
        "november",
        "oscar",
        "papa",
        "quebec",
        "romeo",
    ]
    run = []
    t = 0
    for word in words:
        run.append((t, t + 100, word))
        t += 100 + (900 if word == "hotel" else 0)  # a 900 ms pause after "hotel"
    cues = build_cues(load(("A", run)))
    assert " ".join(cues[0].lines).endswith("hotel")
    assert " ".join(cues[1].lines).startswith("india")


def test_two_line_cues_are_balanced() -> None:
    # 62 characters, one cue, no punctuation: lines of 30 and 31 (bottom heavier)
    text = "the quick brown fox jumps over the lazy dog and runs far away"
    (cue,) = build_cues(load(("A", spoken(text, 0, step=50))))
    assert cue.lines == ["the quick brown fox jumps over", "the lazy dog and runs far away"]


def test_a_line_break_prefers_a_sentence_end() -> None:
    text = "Yes, I can see the account here. Let me check the last payment."
    (cue,) = build_cues(load(("A", spoken(text, 0, step=100))))
    assert cue.lines == ["Yes, I can see the account here.", "Let me check the last payment."]


def test_rest_of_a_stretch_is_balanced_over_two_cues_not_left_as_an_orphan() -> None:
    # 92 characters without punctuation: greedy would leave "romeo sierra" alone
    words = "alpha bravo charlie delta echo foxtrot golf hotel india juliett kilo lima mike november oscar romeo sierra"
    cues = build_cues(load(("A", spoken(words, 0, step=100))))
    assert len(cues) == 2
    first, second = (len(" ".join(c.lines)) for c in cues)
    assert abs(first - second) <= 12


def test_max_lines_and_width_are_respected() -> None:
    text = " ".join(["word"] * 40)  # 199 characters
    for lines, width in [(1, 20), (2, 42), (3, 30)]:
        cues = build_cues(
            load(("A", spoken(text, 0, step=50))),
            {"max_lines": lines, "max_chars_per_line": width},
        )
        assert not [v for v in cues.violations if v.limit in {"max_chars_per_line", "max_lines"}]
        assert all(len(c.lines) <= lines for c in cues)
        assert all(len(line) <= width for c in cues for line in c.lines)
        assert " ".join(" ".join(c.lines) for c in cues) == text


def test_max_duration_cuts_a_slow_stretch() -> None:
    # ten words of 1 s each, 0.4 s apart: at most 7 s per cue → 5 + 5 words
    run = [(i * 1400, i * 1400 + 1000, f"w{i}") for i in range(10)]
    cues = build_cues(load(("A", run)))
    assert [c.lines for c in cues] == [["w0 w1 w2 w3 w4"], ["w5 w6 w7 w8 w9"]]
    assert all(c.duration_ms <= 7000 for c in cues)


# --- time --------------------------------------------------------------------------------------


def test_a_short_cue_is_extended_to_the_minimum_duration_into_free_time() -> None:
    (cue,) = build_cues(load(("A", [(1000, 1200, "Yes")])))
    assert (cue.start_ms, cue.end_ms) == (1000, 2000)


def test_extension_stops_at_the_next_cue_of_anyone() -> None:
    media = load(("A", [(1000, 1200, "Yes")]), ("B", [(1600, 1900, "Okay")]))
    cues = build_cues(media)
    assert [(c.speaker, c.start_ms, c.end_ms) for c in cues] == [
        ("A", 1000, 1600),
        ("B", 1600, 2600),
    ]
    assert cues.violations == [Violation(0, "min_duration_ms", 600, 1000)]


def test_extension_for_reading_speed() -> None:
    # 40 characters at 20 characters per second need 2 s on screen; spoken in 1.2 s
    text = "abcd efgh ijkl mnop qrst uvwx yzab cdefg"
    assert len(text) == 40
    (cue,) = build_cues(load(("A", spoken(text, 0, step=150))))
    assert (cue.start_ms, cue.end_ms) == (0, 2000)


def test_fast_speech_without_free_time_is_reported_not_hidden() -> None:
    text = "abcd efgh ijkl mnop qrst uvwx yzab cdefg"  # 40 characters in 1.2 s
    media = load(("A", spoken(text, 0, step=150)), ("B", spoken("next", 1200)))
    cues = build_cues(media)
    assert cues[0].end_ms == 1200
    assert Violation(0, "max_chars_per_second", 33.333, 20) in cues.violations


def test_a_speakers_cues_never_overlap_even_when_its_turns_do() -> None:
    # two turns of the same speaker listed as if from two channels, overlapping in time
    media = load(("A", spoken("one two three four", 0, step=500)), ("A", spoken("five six", 800)))
    cues = build_cues(media)
    assert all(a.end_ms <= b.start_ms for a, b in itertools.pairwise(cues))
    assert sorted(w for c in cues for w in " ".join(c.lines).split()) == sorted(
        ["one", "two", "three", "four", "five", "six"]
    )


def test_unsorted_stereo_words_give_cues_ordered_by_start() -> None:
    media = load(
        ("Caller", spoken("second speaker", 5000)),
        ("Agent", spoken("first speaker", 1000)),
        ("Caller", spoken("third", 9000)),
    )
    cues = build_cues(media)
    assert [(c.speaker, c.start_ms) for c in cues] == [
        ("Agent", 1000),
        ("Caller", 5000),
        ("Caller", 9000),
    ]


# --- impossible limits are written and reported -------------------------------------------------


def test_a_60_character_word_is_written_and_reported() -> None:
    long_word = "x" * 60
    media = load(("A", [(0, 300, "before"), (300, 900, long_word), (900, 1200, "after")]))
    cues = build_cues(media)
    assert [c.lines for c in cues] == [["before"], [long_word], ["after"]]
    (too_wide,) = [v for v in cues.violations if v.limit == "max_chars_per_line"]
    assert too_wide == Violation(1, "max_chars_per_line", 60, 42, line_index=0)
    assert too_wide.excess == 18
    assert str(too_wide) == "cue 2 line 1: max_chars_per_line 60 > 42"
    # no free time around the words: the short cues are reported too
    assert Violation(0, "min_duration_ms", 300, 1000) in cues.violations


def test_a_ten_second_word_is_written_and_reported() -> None:
    cues = build_cues(load(("A", [(0, 10_000, "hmmmmm"), (10_100, 10_400, "yes")])))
    assert cues[0].lines == ["hmmmmm"]
    assert (cues[0].start_ms, cues[0].end_ms) == (0, 10_000)
    assert Violation(0, "max_duration_ms", 10_000, 7000) in cues.violations


def test_check_cues_recomputes_the_report() -> None:
    media = load(("A", [(0, 200, "x" * 50)]), ("B", [(300, 400, "y")]))
    cues = build_cues(media)
    assert check_cues(cues, cues.options) == cues.violations
    assert {v.limit for v in cues.violations} == {
        "max_chars_per_line",
        "min_duration_ms",
        "max_chars_per_second",
    }


# --- overtalk ----------------------------------------------------------------------------------


def _overtalk() -> vbformats.Media:
    # A talks 0–3.6 s; B starts at 2.0 s while A is still talking
    return load(
        ("A", spoken("so the plan is to ship it on Monday morning", 0, step=400)),
        ("B", spoken("sounds good to me", 2000, step=400)),
    )


def test_keep_mode_lets_two_speakers_cues_overlap() -> None:
    cues = build_cues(_overtalk())
    assert [(c.speaker, c.start_ms, c.end_ms) for c in cues] == [
        ("A", 0, 4000),
        ("B", 2000, 3600),
    ]


def test_split_mode_is_strictly_sequential_and_cuts_where_the_other_starts() -> None:
    cues = build_cues(_overtalk(), {"overlap": "split"})
    assert all(a.end_ms <= b.start_ms for a, b in itertools.pairwise(cues))
    assert all(c.line_speakers is None for c in cues)
    # A's words up to B's start at 2.0 s ("ship" also starts at 2.0 s: the turn listed first
    # goes first), cut there; then the speakers alternate word by word
    assert (cues[0].speaker, cues[0].lines, cues[0].end_ms) == (
        "A",
        ["so the plan is to ship"],
        2000,
    )
    assert (cues[1].speaker, cues[1].start_ms) == ("B", 2000)
    a_words = [w for c in cues if c.speaker == "A" for w in " ".join(c.lines).split()]
    b_words = [w for c in cues if c.speaker == "B" for w in " ".join(c.lines).split()]
    assert a_words == ["so", "the", "plan", "is", "to", "ship", "it", "on", "Monday", "morning"]
    assert b_words == ["sounds", "good", "to", "me"]


def test_merge_mode_makes_one_dialogue_cue_with_a_line_per_speaker() -> None:
    cues = build_cues(_overtalk(), {"overlap": "merge"})
    assert all(a.end_ms <= b.start_ms for a, b in itertools.pairwise(cues))
    dialogue = [c for c in cues if c.is_dialogue]
    assert len(dialogue) == 1
    (cue,) = dialogue
    assert cue.line_speakers == cue.speakers == ("A", "B")
    assert cue.lines[0].startswith("- so the plan")
    assert cue.lines[1] == "- sounds good to me"
    assert all(len(line) <= 42 for c in cues for line in c.lines)
    # A's words: complete and in order over the dialogue cue and A's own cue
    a_words = [
        w
        for c in cues
        for line, speaker in zip(
            c.lines, c.line_speakers or (c.speaker,) * len(c.lines), strict=False
        )
        if speaker == "A"
        for w in line.removeprefix("- ").split()
    ]
    assert a_words == ["so", "the", "plan", "is", "to", "ship", "it", "on", "Monday", "morning"]


def test_merge_with_labels_labels_every_dialogue_line() -> None:
    cues = build_cues(_overtalk(), {"overlap": "merge"}, labels=True)
    (cue,) = [c for c in cues if c.is_dialogue]
    assert cue.display_lines()[1] == "- B: sounds good to me"
    assert cue.display_lines()[0].startswith("- A: so the plan")
    assert all(len(line) <= 42 for c in cues for line in c.display_lines())


# --- labels ------------------------------------------------------------------------------------


def test_labels_on_the_first_cue_of_a_turn_and_after_another_speakers_cue() -> None:
    long_turn = "one two three four five six seven eight nine ten eleven twelve"
    media = load(
        ("Agent", spoken(long_turn, 0, step=300) + spoken("thirteen fourteen", 5000, step=300)),
        ("Caller", spoken("mm-hmm", 4000)),
    )
    cues = build_cues(media, {"max_chars_per_line": 20, "max_lines": 1}, labels=True)
    shown = [c.display_lines()[0] for c in cues]
    assert shown[0].startswith("Agent: ")
    assert sum(line.startswith("Agent: ") for line in shown) == 2  # first, and after "mm-hmm"
    caller = shown.index("Caller: mm-hmm")
    assert shown[caller + 1].startswith("Agent: ")
    assert all(display_width(line) <= 20 for line in shown)


def test_mono_has_no_speaker_and_no_label() -> None:
    media = load((None, spoken("just one voice here", 0)))
    (cue,) = build_cues(media, labels=True)
    assert cue.speaker is None and cue.label is None
    assert (
        vbformats.render(media, "srt")
        == "1\n00:00:00,000 --> 00:00:01,200\njust one voice here\n\n"
    )


# --- sources and edge cases ---------------------------------------------------------------------


def test_accepts_media_word_table_or_turns_and_refuses_other_things() -> None:
    media = load(("A", spoken("hello there", 0)))
    expected = _texts(build_cues(media))
    assert _texts(build_cues(media.words)) == expected
    assert _texts(build_cues(vbformats.turns(media))) == expected
    with pytest.raises(InvalidInputError):
        build_cues("hello")


def test_empty_transcript_gives_no_cues() -> None:
    cues = build_cues(vbformats.load({}))
    assert isinstance(cues, CueList) and list(cues) == [] and cues.violations == []
    assert vbformats.render(vbformats.load({}), "srt") == ""


def test_invisible_words_never_make_an_empty_cue() -> None:
    media = load(("A", [(0, 100, "\x00")]), ("B", [(5000, 5300, "hi"), (5300, 5400, "\x01")]))
    cues = build_cues(media)
    assert [(c.speaker, c.lines) for c in cues] == [("B", ["hi"])]


def test_dtmf_tokens_only_when_asked() -> None:
    media = load(("A", [(0, 300, "press"), (400, 500, "5", "dtmf"), (600, 900, "now")]))
    assert _texts(build_cues(media)) == [["press now"]]
    assert _texts(build_cues(media, {"include_dtmf": True})) == [["press 5 now"]]
