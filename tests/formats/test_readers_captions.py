"""Reading SRT, WebVTT, DFXP/TTML and plain text back into words and turns.

The small files under tests/data/captions/ are named after the quirk or defect they carry.
Expected times are worked out by hand from the rule in vbformats.readers.captions: a cue's span
is shared among its words in proportion to their length (integer floor of the running sum),
punctuation gets zero length at the end of the word before it.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import vbformats
from vbformats.errors import InvalidInputError, UnknownFormatError, UnrecognizedFormatError
from vbformats.formats import ttml
from vbformats.models.media import Media
from vbformats.readers.captions import (
    detect_format,
    media_from_alternate_format,
    read_caption_body,
    split_words,
)
from vbformats.turns import turns

DATA = Path(__file__).resolve().parents[1] / "data" / "captions"


def tokens(media: Media) -> list[tuple[str, int, int, str | None]]:
    w = media.words
    return list(zip(w.text, w.start_ms, w.end_ms, w.flags_text, strict=True))


def turn_list(media: Media) -> list[tuple[str | None, str, int, int]]:
    return [(t.speaker, t.text, t.start_ms, t.end_ms) for t in turns(media)]


# --- SRT --------------------------------------------------------------------------------------


def test_two_digit_fraction_is_hundredths_of_a_second() -> None:
    media = vbformats.load(DATA / "two_digit_fraction.srt")
    assert media.source_format == "srt"
    # cue 1: 00:00:00,05 = 50 ms to 00:00:05,81 = 5810 ms; "Hello"/"there" share 5760 ms 5:5
    # cue 2: "00:00:07,9" has a one-digit fraction = 7900 ms
    assert tokens(media) == [
        ("Hello", 50, 2930, None),
        ("there", 2930, 5810, None),
        (".", 5810, 5810, "punc"),
        ("Bye", 5820, 7900, None),
        (".", 7900, 7900, "punc"),
    ]
    assert media.words.estimated == [True] * 5


def test_crlf_and_missing_final_newline_and_label_continuation() -> None:
    media = vbformats.load(DATA / "crlf_no_final_newline.srt")
    assert turn_list(media) == [("Agent", "Good morning. How can I help?", 1000, 4000)]
    # the second cue has no label: it continues the agent; "help?" is the last word
    assert tokens(media)[-2:] == [("help", 3454, 4000, None), ("?", 4000, 4000, "punc")]
    # the marker spans the whole turn, like VoiceBase's
    assert tokens(media)[0] == ("Agent", 1000, 4000, "turn")


def test_utf8_bom_is_not_part_of_the_first_label() -> None:
    media = vbformats.load(DATA / "utf8_bom.srt")
    assert turn_list(media) == [("Caller", "Ça va, merci.", 1000, 2000)]


def test_utf16_big_endian_with_bom() -> None:
    media = vbformats.load(DATA / "utf16be_bom.srt")
    assert turn_list(media) == [(None, "Naïve résumé.", 1000, 2000)]


def test_latin1_bytes_fall_back_to_a_single_byte_codec() -> None:
    media = vbformats.load(DATA / "latin1.srt")
    assert turn_list(media) == [("Caller", "Señor Muñoz, café.", 1000, 2000)]


def test_unsorted_and_overlapping_cues_are_sorted_and_kept() -> None:
    media = vbformats.load(DATA / "unsorted_overlapping.srt")
    assert turn_list(media) == [
        ("Agent", "Thanks for calling, how can I help?", 1000, 4000),
        ("Caller", "My bill is wrong.", 3500, 5500),
        ("Agent", "Let me check that.", 6000, 8000),
        ("Caller", "Okay.", 6500, 7000),
        # unlabelled: the agent's cue ended at 8000, the caller's at 7000 -> agent
        ("Agent", "It will take a minute.", 8200, 9000),
    ]


def test_tags_and_ass_overrides_are_removed_from_srt_text() -> None:
    media = vbformats.load(DATA / "srt_tags.srt")
    assert turn_list(media) == [("Agent", "Hello there & welcome.", 1000, 3000)]


def test_only_player_tags_and_full_references_are_markup() -> None:
    body = "1\n00:00:01,000 --> 00:00:02,000\n<b>I</b> <3 AT&T &amp; Q&A &copy\n"
    media = read_caption_body(body.encode(), None, None)
    assert [t.text for t in turns(media)] == ["I <3 AT&T & Q&A &copy"]


@pytest.mark.parametrize(
    ("line", "speaker", "text"),
    [
        ("A&B: hello", "A&B", "hello"),
        ("Dr. Ümit Öz: hello", "Dr. Ümit Öz", "hello"),
        ("李雷: 你好", "李雷", "你好"),
        ("<Boss>: hello", "<Boss>", "hello"),
        ("The reason is simple: we moved", None, "The reason is simple: we moved"),
        ("At 10:30 works", None, "At 10:30 works"),
        ("- no label", None, "- no label"),
    ],
)
def test_speaker_labels(line: str, speaker: str | None, text: str) -> None:
    media = read_caption_body(f"1\n00:00:01,000 --> 00:00:02,000\n{line}\n".encode(), None, None)
    assert [(t.speaker, t.text) for t in turns(media)] == [(speaker, text)]


def test_srt_dialogue_cue_gives_each_speaker_the_whole_span() -> None:
    media = vbformats.load(DATA / "srt_dialogue.srt")
    assert turn_list(media) == [
        ("Agent", "Are you there?", 1000, 3000),
        ("Caller", "Yes.", 1000, 3000),
    ]


def test_srt_with_dots_and_position_coordinates() -> None:
    media = vbformats.load(DATA / "dot_and_coordinates.srt")
    # "One"/"line" share 1250 ms 3:4 -> 1250 + 1250*3//7 = 1785
    assert tokens(media) == [
        ("One", 1250, 1785, None),
        ("line", 1785, 2500, None),
        (".", 2500, 2500, "punc"),
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bad_timestamp.srt", "bad_timestamp.srt:6: not a clock time: '00:00:0x,000'"),
        ("block_without_timing.srt", "block_without_timing.srt:5: expected a cue number"),
        ("end_before_start.srt", "end_before_start.srt:2: cue ends (4000 ms) before it starts"),
        ("bad_timestamp.vtt", "bad_timestamp.vtt:6: not a clock time: '00:00:x4.000'"),
        ("stray_text.vtt", "stray_text.vtt:6: expected a cue"),
        ("malformed.dfxp", "malformed.dfxp:6: malformed XML"),
        ("untimed.dfxp", "untimed.dfxp:4: <p> has text but no time"),
        ("not_tt_root.dfxp", "not_tt_root.dfxp:2: root element is <html>"),
        ("binary.srt", "binary.srt:2: binary content"),
    ],
)
def test_defective_files_name_file_and_line(name: str, message: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        vbformats.load(DATA / name)
    text = str(caught.value)
    assert message in text, text
    assert isinstance(caught.value, ValueError)


def test_error_without_a_file_name_says_line() -> None:
    with pytest.raises(InvalidInputError) as caught:
        vbformats.load(b"1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:03,000 --> soon\nx\n")
    assert str(caught.value).startswith("line 6: ")


def test_webvtt_file_given_to_the_srt_reader_gets_a_hint() -> None:
    body = (DATA / "no_hours.vtt").read_bytes()
    with pytest.raises(InvalidInputError, match="read it as vtt"):
        vbformats.load(body, format="srt")


# --- WebVTT -----------------------------------------------------------------------------------


def test_utf16_bom_vtt_with_voice() -> None:
    media = vbformats.load(DATA / "utf16_bom.vtt")
    assert media.source_format == "vtt"
    assert turn_list(media) == [("Agent", "Café crème, s'il vous plaît.", 1000, 2000)]


def test_vtt_timestamps_without_hours() -> None:
    media = vbformats.load(DATA / "no_hours.vtt")
    assert turn_list(media) == [("Agent", "Short times.", 1500, 3000)]


def test_voicebase_style_vtt_numbered_two_digit_fractions() -> None:
    media = vbformats.load(DATA / "voicebase_style.vtt")
    assert turn_list(media) == [(None, "To start with some words and then more", 50, 10900)]
    assert media.words.start_ms[media.words.text.index("and")] == 5820


def test_vtt_notes_styles_settings_entities_and_tags() -> None:
    media = vbformats.load(DATA / "notes_styles_settings.vtt")
    # NOTE and STYLE blocks are not text; <v.loud Agent Smith> names the speaker; entities are
    # unescaped; the second cue has no voice and continues the same speaker
    assert turn_list(media) == [("Agent Smith", "Tom & Jerry <3 really still talking", 1000, 3000)]


def test_vtt_dialogue_cue_with_two_voices() -> None:
    media = vbformats.load(DATA / "dialogue.vtt")
    assert turn_list(media) == [
        ("Agent", "Are you there?", 1000, 3000),
        ("Caller", "Yes, hi.", 1000, 3000),
    ]


def test_vtt_without_header_is_read() -> None:
    media = vbformats.load(DATA / "missing_header.vtt")
    assert turn_list(media) == [("Caller", "No header here.", 1000, 2000)]


# --- DFXP / TTML ------------------------------------------------------------------------------


def test_dfxp_agents_offsets_durations_and_frames() -> None:
    media = vbformats.load(DATA / "agents.dfxp")
    assert media.source_format == "dfxp"
    assert turn_list(media) == [
        # div begin 10s + p 1s..2.5s; ttm:name gives "Agent"; <br/> is a space
        ("Agent", "Hello there, welcome.", 11000, 12500),
        # begin 3s + dur 1500ms; agent c1 has no ttm:name -> its id
        ("c1", "Hi & thanks.", 13000, 14500),
        # 00:00:05:10 at ttp:frameRate 25 = 5400 ms, + 10 s
        ("Agent", "Frames here.", 15400, 16000),
    ]


def test_dfxp_timed_spans_inside_an_untimed_p() -> None:
    media = vbformats.load(DATA / "word_spans.dfxp")
    assert turn_list(media) == [("x", "one two", 1000, 2000)]


def test_dfxp_legacy_namespace_and_label_in_text() -> None:
    media = vbformats.load(DATA / "legacy_namespace.dfxp")
    assert turn_list(media) == [("Caller", "Old namespace.", 500, 1750)]


@pytest.mark.parametrize("name", ["xxe.dfxp", "billion_laughs.dfxp"])
def test_doctype_and_entities_are_refused(name: str) -> None:
    with pytest.raises(InvalidInputError, match=r":2: <!DOCTYPE> is not allowed"):
        vbformats.load(DATA / name)


def test_parser_itself_resolves_no_entities(monkeypatch: pytest.MonkeyPatch) -> None:
    # defence in depth: even if the DOCTYPE check were gone, lxml must neither read a local
    # file nor expand nested entities
    monkeypatch.setattr(ttml, "_FORBIDDEN", re.compile(r"(?!x)x"))
    media = vbformats.load(DATA / "xxe.dfxp")
    assert not any("root" in text for text in media.words.text)
    try:
        laughs = vbformats.load(DATA / "billion_laughs.dfxp")
    except InvalidInputError:
        return  # libxml2 refused the amplification: fine
    assert sum(len(text) for text in laughs.words.text) < 1000


# --- plain text -------------------------------------------------------------------------------


def test_plain_text_paragraphs_with_labels_on_a_nominal_timeline() -> None:
    media = vbformats.load(DATA / "labelled.txt")
    assert media.source_format == "text"
    # "Thank you for calling, this is Dana." is 36 characters: (36 + 1) * 70 ms = 2590 ms,
    # then a 500 ms paragraph gap; the caller's two lines are one paragraph
    assert turn_list(media) == [
        ("Agent", "Thank you for calling, this is Dana.", 0, 2590),
        ("Caller", "Hi Dana. My internet keeps dropping.", 3090, 5680),
        ("Agent", "Sorry to hear that.", 6180, 7580),
    ]


# --- format choice, decoding, words -----------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "fmt"),
    [
        ("WEBVTT\n\n00:01.000 --> 00:02.000\nx\n", "vtt"),
        ('<?xml version="1.0"?>\n<tt xmlns="http://www.w3.org/ns/ttml"/>', "dfxp"),
        ("1\n00:00:01,000 --> 00:00:02,000\nx\n", "srt"),
        ("1\n0:00:01.5 --> 0:00:02.5\nx\n", "srt"),
    ],
)
def test_content_sniffing(body: str, fmt: str) -> None:
    assert detect_format(body) == fmt


@pytest.mark.parametrize(
    "body",
    [
        "Agent: hello\n",
        "#!/usr/bin/env python3\nprint('x')  # -->\n",
        "<!-- a comment --> <p>html</p>\n",
        'x = "00:00:01,000 --> 00:00:02,000"\n',
    ],
)
def test_a_body_no_format_recognises_is_refused_not_read_as_text(body: str) -> None:
    with pytest.raises(UnrecognizedFormatError) as caught:
        vbformats.load(body.encode())
    message = str(caught.value)
    assert "matches no format" in message and "--from text" in message
    assert "SRT timing line" in message and "WEBVTT" in message
    # plain text is read when the extension or the caller says so
    assert detect_format(body, None, "notes.txt") == "text"
    assert vbformats.load(body.encode(), format="text").source_format == "text"


def test_a_guessed_format_that_fails_says_which_and_why(tmp_path: Path) -> None:
    path = tmp_path / "script.py"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\nhello\n\ndef main():\n    pass\n")
    with pytest.raises(InvalidInputError) as caught:
        vbformats.load(path)
    message = str(caught.value)
    assert "def main()" in message
    assert "read as srt, guessed: it has an SRT timing line" in message
    assert "'script.py' names no format" in message
    # chosen by the extension, the error is the reader's alone
    path.rename(tmp_path / "script.srt")
    with pytest.raises(InvalidInputError) as caught:
        vbformats.load(tmp_path / "script.srt")
    assert "guessed:" not in str(caught.value)


def test_format_argument_then_extension_then_content() -> None:
    srt_body = "1\n00:00:01,000 --> 00:00:02,000\nx\n"
    assert detect_format(srt_body, "webvtt", "a.srt") == "vtt"
    assert detect_format(srt_body, None, "dir/a.TTML") == "dfxp"
    assert detect_format(srt_body, None, "a.unknown") == "srt"
    with pytest.raises(UnknownFormatError) as caught:
        detect_format(srt_body, "docx")
    assert "srt" in caught.value.known


def test_text_extension_wins_over_srt_looking_content() -> None:
    media = read_caption_body(b"1\n00:00:01,000 --> 00:00:02,000\nHi\n", None, "notes.txt")
    assert media.source_format == "text"
    assert "-->" in media.words.text


def test_empty_bodies_give_no_words() -> None:
    assert len(read_caption_body(b"  \n\n", "srt", None).words) == 0
    # a header (and a note) without cues is a valid, empty WebVTT file
    assert len(read_caption_body("WEBVTT\n\nNOTE only a note\n", "vtt", None).words) == 0
    assert len(read_caption_body("WEBVTT\n", None, None).words) == 0


def test_split_words_punctuation_rules() -> None:
    assert split_words('He said "stop." — then, (quietly) left…') == [
        ("He", False),
        ("said", False),
        ('"stop', False),
        ('."', True),
        ("—", False),
        ("then", False),
        (",", True),
        ("(quietly", False),
        (")", True),
        ("left", False),
        ("…", True),
    ]
    assert split_words(". start") == [(".", False), ("start", False)]


def test_unlabelled_cue_after_a_backchannel_stays_with_the_interrupted_speaker() -> None:
    body = (
        "1\n00:00:01,000 --> 00:00:05,000\nAgent: Let me explain the new plan.\n\n"
        "2\n00:00:03,000 --> 00:00:03,500\nCaller: Mm-hmm.\n\n"
        "3\n00:00:05,200 --> 00:00:07,000\nIt costs less.\n\n"
        "4\n00:00:06,500 --> 00:00:08,000\nCaller: Sounds good,\n\n"
        "5\n00:00:08,200 --> 00:00:09,000\nlet's do it.\n"
    )
    media = read_caption_body(body.encode(), None, None)
    assert [(t.speaker, t.text) for t in turns(media)] == [
        ("Agent", "Let me explain the new plan."),
        ("Caller", "Mm-hmm."),
        ("Agent", "It costs less."),
        ("Caller", "Sounds good, let's do it."),
    ]


# --- alternate formats of a transcript-only response --------------------------------------------


def _alternate(fmt: str, body: str, encoding: str = "base64") -> dict[str, str]:
    return {
        "format": fmt,
        "contentEncoding": encoding,
        "data": base64.b64encode(body.encode()).decode(),
    }


def test_media_from_alternate_format_wrapped_and_by_name() -> None:
    doc = {
        "mediaId": "m1",
        "transcript": {
            "alternateFormats": [
                _alternate("text", "Agent: text version.\n"),
                _alternate("webvtt", "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Agent>vtt version.\n"),
                _alternate(
                    "srt", "1\n00:00:01,00 --> 00:00:02,00\nAgent: srt version.\n", "Base64"
                ),
            ]
        },
    }
    media = vbformats.load(doc)
    # load reads the words of the first timed alternate (issue #16: one rule for every use)
    # and keeps the document as it is
    assert media.words_from == "alternateFormats[srt]" and media.words.text[-2:] == [
        "version",
        ".",
    ]
    assert media.to_dict() == doc
    first = media_from_alternate_format(media)
    assert first.source_format == "srt"  # timed formats first, whatever the list order
    assert [t.text for t in turns(first)] == ["srt version."]
    assert first.media_id == "m1" and first.to_dict()["transcript"]["alternateFormats"]
    assert [t.text for t in turns(media_from_alternate_format(media, "vtt"))] == ["vtt version."]
    assert [t.text for t in turns(media_from_alternate_format(media, "text"))] == ["text version."]
    assert [t.text for t in turns(media)] == ["srt version."]  # the input is not changed


def test_media_from_alternate_format_bare_transcript_object() -> None:
    # GET /v3/media/{id}/transcript returns the transcript object itself
    media = vbformats.load(
        {"alternateFormats": [_alternate("srt", "1\n00:00:01,000 --> 00:00:02,000\nhi\n")]}
    )
    assert media_from_alternate_format(media).words.text == ["hi"]


def test_media_from_alternate_format_errors() -> None:
    media = vbformats.load({"transcript": {"alternateFormats": [_alternate("text", "x")]}})
    with pytest.raises(InvalidInputError, match=r"no alternate format srt .*present: text"):
        media_from_alternate_format(media, "srt")
    broken = {
        "transcript": {"alternateFormats": [_alternate("srt", "1\n00:00:01,000 --> never\nx\n")]}
    }
    # the words of a document without words come from its alternate at load: a broken one is
    # an error there, naming the alternate and the line
    with pytest.raises(InvalidInputError, match=r"^alternateFormats\[srt\]:2: "):
        vbformats.load(broken)


# --- property: what an SRT says is what comes back ------------------------------------------------

_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzÀéß漢字", min_size=1, max_size=12)


@given(
    st.lists(
        st.tuples(
            st.integers(0, 5000),  # gap before the cue, ms
            st.integers(0, 8000),  # cue duration, ms
            st.lists(_word, min_size=1, max_size=12),
            st.booleans(),  # two-digit (VoiceBase) or three-digit fractions
        ),
        min_size=1,
        max_size=15,
    )
)
def test_srt_round_trip_keeps_every_word_within_its_cue(
    cues: list[tuple[int, int, list[str], bool]],
) -> None:
    lines = []
    expected: list[tuple[str, int, int]] = []
    clock = 0
    for number, (gap, duration, words, centis) in enumerate(cues, 1):
        start = clock + gap
        end = start + duration
        if centis:  # two-digit fractions can only say multiples of 10 ms; never go back in time
            start = (start + 9) // 10 * 10
            end = max(start, end // 10 * 10)
        clock = end

        def stamp(ms: int, centis: bool = centis) -> str:
            s, milli = divmod(ms, 1000)
            frac = f"{milli // 10:02d}" if centis else f"{milli:03d}"
            return f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d},{frac}"

        lines += [str(number), f"{stamp(start)} --> {stamp(end)}", " ".join(words), ""]
        expected += [(w, start, end) for w in words]
    media = read_caption_body("\r\n".join(lines).encode("utf-8"), "srt", None)
    table = media.words
    assert table.text == [w for w, _, _ in expected]
    for index, (_, start, end) in enumerate(expected):
        assert start <= table.start_ms[index] <= table.end_ms[index] <= end
    # words tile their cue: the first starts at the cue start, the last ends at the cue end
    assert table.start_ms[0] == expected[0][1]
    assert table.end_ms[-1] == expected[-1][2]
