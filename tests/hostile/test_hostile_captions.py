"""Hostile SRT and WebVTT bodies (what a ``transcript`` callback may deliver), and defects the
property tests found in the caption path, each pinned by its smallest input.

Every expectation is written by hand from the input below it.
"""

from __future__ import annotations

import pytest

import vbformats
from vbformats import VBFormatsError, writers

SRT = (
    "1\n"
    "00:00:01,000 --> 00:00:05,81\n"
    "Agent: Héllo there.\n"
    "\n"
    "2\n"
    "00:00:00,500 --> 00:00:02,000\n"
    "Caller: Hi ça va\n"
    "\n"
    "3\n"
    "00:00:03,000 --> 00:00:04,000\n"
    "Caller: Okay\n"
)

VTT = (
    "WEBVTT\n"
    "\n"
    "00:01.000 --> 00:05.81\n"
    "<v Agent>Héllo &amp; there\n"
    "\n"
    "00:00.500 --> 00:02.000\n"
    "<v Caller>Hi ça va\n"
    "\n"
    "00:03.000 --> 00:04.000\n"
    "<v Caller>Okay\n"
)

# unsorted (cue 2 starts first), overlapping (Agent 1.0-5.81 s over both Caller cues), and a
# two-digit fraction: 00:00:05,81 is 5.81 s = 5810 ms, not 81 ms
EXPECTED = [
    ("Caller", 500, 2000, "Hi ça va"),
    ("Agent", 1000, 5810, "Héllo there."),
    ("Caller", 3000, 4000, "Okay"),
]
EXPECTED_VTT = [
    ("Caller", 500, 2000, "Hi ça va"),
    ("Agent", 1000, 5810, "Héllo & there"),
    ("Caller", 3000, 4000, "Okay"),
]


def _turns(data: bytes, fmt: str | None) -> list[tuple[str | None, int, int, str]]:
    media = vbformats.load(data, format=fmt)
    return [(t.speaker, t.start_ms, t.end_ms, t.text) for t in vbformats.turns(media)]


def _variants(text: str) -> dict[str, bytes]:
    return {
        "utf-8": text.encode("utf-8"),
        "utf-8 with BOM": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "utf-16 (BOM, little endian)": text.encode("utf-16"),
        "utf-16-be with BOM": b"\xfe\xff" + text.encode("utf-16-be"),
        "latin-1": text.encode("latin-1"),
        "windows-1252": text.encode("cp1252"),
        "CRLF": text.replace("\n", "\r\n").encode("utf-8"),
        "CR only": text.replace("\n", "\r").encode("utf-8"),
        "no final newline": text.rstrip("\n").encode("utf-8"),
        "CRLF + BOM + no final newline": b"\xef\xbb\xbf"
        + text.rstrip("\n").replace("\n", "\r\n").encode("utf-8"),
        "blank lines around": ("\n\n" + text + "\n\n\n").encode("utf-8"),
    }


@pytest.mark.parametrize("variant", list(_variants(SRT)))
@pytest.mark.parametrize("fmt", ["srt", None])
def test_srt_bodies_in_any_encoding_and_line_ending_read_the_same(variant, fmt):
    data = _variants(SRT)[variant]
    if fmt is None and variant == "blank lines around":
        fmt = "srt"  # content sniffing needs the cue number first; a file name would do too
    assert _turns(data, fmt) == EXPECTED


@pytest.mark.parametrize("variant", list(_variants(VTT)))
@pytest.mark.parametrize("fmt", ["vtt", None])
def test_webvtt_bodies_in_any_encoding_and_line_ending_read_the_same(variant, fmt):
    data = _variants(VTT)[variant]
    assert _turns(data, fmt) == EXPECTED_VTT


def test_srt_from_a_file_with_its_extension(tmp_path):
    path = tmp_path / "callback.srt"
    path.write_bytes(_variants(SRT)["CRLF + BOM + no final newline"])
    media = vbformats.load(path)
    assert [(t.speaker, t.start_ms, t.end_ms, t.text) for t in vbformats.turns(media)] == EXPECTED
    assert media.source_format == "srt"
    assert media.words.estimated is not None and all(media.words.estimated)


@pytest.mark.parametrize(
    ("stamp", "ms"),
    [
        ("00:00:05,81", 5810),
        ("00:00:05,8", 5800),
        ("00:00:05,810", 5810),
        ("00:00:05,8105", 5811),  # sub-millisecond digits round half up
        ("00:00:05.81", 5810),  # '.' instead of ',' is tolerated
        ("100:00:00,000", 360_000_000),  # hours past 99
    ],
)
def test_srt_fractions_are_decimal_fractions_of_a_second(stamp, ms):
    body = f"1\n00:00:00,000 --> {stamp}\nhello\n".encode()
    assert _turns(body, "srt") == [(None, 0, ms, "hello")]


@pytest.mark.parametrize(
    "body",
    [
        b"1\n00:00:00,000 --> 00:00:60,000\nbad seconds\n",
        b"1\n00:00:00,000 --> 00:61:00,000\nbad minutes\n",
        b"1\n00:00:00,000 -> 00:00:01,000\nbroken arrow\n",
        b"1\nnot a time --> 00:00:01,000\nx\n",
        b"hello without any timing\n",
        b"\x00\x01\x02\x03binary\xff\xfe",
    ],
)
def test_broken_srt_bodies_are_refused_with_our_error(body):
    with pytest.raises(VBFormatsError):
        vbformats.load(body, format="srt")


def test_srt_error_names_the_line():
    body = b"1\n00:00:00,000 --> 00:00:01,000\nfine\n\n2\n00:00:02,000 --> 00:00:99,000\nbad\n"
    with pytest.raises(VBFormatsError) as caught:
        vbformats.load(body, format="srt")
    assert "line 6" in str(caught.value)


def test_empty_caption_files_read_as_empty_transcripts():
    # what our writers produce for a transcript without words reads back as one
    empty = vbformats.load({"transcript": {"words": []}})
    for fmt in ("srt", "vtt", "dfxp", "text"):
        body = writers.render(empty, fmt).encode()
        media = vbformats.load(body, format=fmt)
        assert len(media.words) == 0, fmt


# --- defects found by the property tests ---------------------------------------------------


@pytest.mark.parametrize("fmt", ["srt", "vtt", "dfxp"])
@pytest.mark.parametrize("width", [37, 40, 42])
def test_a_long_word_after_a_short_one_is_captioned_not_a_crash(fmt, width):
    # found by test_formats_readback_properties: IndexError in captions._Stream._balance_two for
    # ["hello", "x" * 37..42] (two words, default options)
    media = vbformats.load(
        {
            "transcript": {
                "words": [
                    {"s": 0, "e": 100, "w": "hello"},
                    {"s": 100, "e": 200, "w": "x" * width},
                ]
            }
        }
    )
    text = writers.render(media, fmt)
    assert "hello" in text and "x" * width in text


@pytest.mark.parametrize("fmt", ["srt", "vtt", "dfxp"])
def test_two_lines_starting_with_a_minus_sign_are_not_a_dialogue(fmt):
    # found by test_formats_readback_properties: a cue whose two lines start with "-" (here "-5" and
    # "-3") is read back as a two-speaker dialogue cue and loses the minus signs
    words = [
        {"s": 0, "e": 500, "w": "-5"},
        {"s": 500, "e": 900, "w": "degrees"},
        {"s": 900, "e": 1000, "w": "-3"},
        {"s": 1000, "e": 1200, "w": "tomorrow"},
    ]
    media = vbformats.load({"transcript": {"words": words}})
    body = writers.render(media, fmt, {"max_chars_per_line": 11})
    assert len(writers.get_writer(fmt).cues(media, {"max_chars_per_line": 11})) == 1
    again = vbformats.load(body.encode(), format=fmt)
    assert again.words.text == ["-5", "degrees", "-3", "tomorrow"]
