"""The reliability properties of tests/formats/test_formats_readback_properties.py, extended to the
word-level outputs (issue #15): no word lost, times valid, independent readers agree.

* ``vtt-words``: webvtt-py reads the cues (timestamps are cue text tags it drops) and our own
  WebVTT reader reads them back; every cue timestamp, found by a regular expression in the raw
  text, is a well-formed clock, strictly after the cue start and the timestamp before it and
  strictly before the cue end (what the WebVTT spec requires and stable-ts breaks with
  ``:60``), and is the start of a generated word.
* ``ttml-words``: lxml and ttconv's TTML reader read the same paragraphs; every word span's
  ``begin``/``end`` is inside its paragraph, and paragraph begin + span begin is the start of a
  generated word (clipped to the paragraph).
* ``ass`` / ``ass-karaoke``: pysubs2 reads the events: the words (``{`` ``}`` ``\\`` shown as
  their full-width look-alikes), ``end >= start``; in karaoke events the ``\\k`` durations add
  up to the event's length in centiseconds.
"""

from __future__ import annotations

import html
import re
import warnings
from collections import Counter
from fractions import Fraction
from typing import Any

import pysubs2
import pytest
from hypothesis import given
from lxml import etree
from strategies import Generated, fixed_document, property_settings
from test_formats_readback_properties import (
    CLOCK,
    TTML,
    _clock_ms,
    _text_of,
    caption_options,
    check_clock_fields,
    check_cue_structure,
    check_our_reader,
    check_words,
    ordered_or_chaos,
    read_vtt,
)
from ttconv.imsc import reader as ttml_reader

import vbformats
from vbformats import writers
from vbformats.errors import LossyConversionWarning

STAMP = re.compile(r"<(\d+:\d\d:\d\d\.\d{3})>")
KARAOKE = re.compile(r"\{\\k(\d+)\}")
LOOKALIKE = str.maketrans({"{": "｛", "}": "｝", "\\": "＼"})


def check_vtt_timestamps(text: str, generated: Generated) -> int:
    """Every cue timestamp valid and a word's start; returns how many there are."""
    starts = {word.start_ms for word in generated.words}
    count = 0
    for block in text.split("\n\n")[1:]:
        lines = [line for line in block.split("\n") if line]
        timing = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing is None:
            continue
        begin_text, end_text = lines[timing].split(" --> ")
        begin, end = _clock_ms(begin_text), _clock_ms(end_text)
        last = begin
        for stamp in STAMP.findall("\n".join(lines[timing + 1 :])):
            check_clock_fields([stamp])
            value = _clock_ms(stamp)
            assert last < value < end, (block, stamp)
            assert value in starts, stamp
            last = value
            count += 1
    return count


def read_ttml_words(text: str, generated: Generated) -> list[list[str]]:
    """Tokens per paragraph by lxml, checked against ttconv; word spans checked for times."""
    root = etree.fromstring(text.encode("utf-8"))
    starts = {word.start_ms for word in generated.words}
    paragraphs = []
    for p in root.iter(f"{TTML}p"):
        begin, end = _clock_ms(p.get("begin")), _clock_ms(p.get("end"))
        for span in p.iter(f"{TTML}span"):
            if span.get("begin") is None:
                continue
            check_clock_fields([span.get("begin"), span.get("end")])
            offset, stop = _clock_ms(span.get("begin")), _clock_ms(span.get("end"))
            assert 0 <= offset < stop <= end - begin, etree.tostring(span)
            # the word's start, unless the writer clipped it to the paragraph
            clipped = offset in (0, end - begin - 1)
            assert begin + offset in starts or clipped, etree.tostring(span)
        paragraphs.append(_element_text(p).split())

    model = ttml_reader.to_model(etree.ElementTree(root))
    seen: list[tuple[Fraction, list[str]]] = []

    def walk(element: Any, offset: Fraction) -> None:
        begin = offset + (element.get_begin() or 0)
        if type(element).__name__ == "P":
            seen.append((begin, _text_of(element).split()))
            return
        for child in element:
            walk(child, begin)

    walk(model.get_body(), Fraction(0))
    shown = [
        tokens
        for p, tokens in zip(root.iter(f"{TTML}p"), paragraphs, strict=True)
        if _clock_ms(p.get("end")) > _clock_ms(p.get("begin"))
    ]
    assert [tokens for _, tokens in seen] == shown
    return paragraphs


def _element_text(element: Any) -> str:
    """An element's text in document order (``<br/>`` as a newline, nested spans included)."""
    parts = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag == f"{TTML}br" else _element_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def read_ass(text: str, karaoke: bool) -> list[list[str]]:
    subs = pysubs2.SSAFile.from_string(text)
    assert subs.format == "ass"
    out = []
    for event in subs.events:
        assert event.end >= event.start
        if karaoke:
            durations = [int(d) for d in KARAOKE.findall(event.text)]
            assert sum(durations) == (event.end - event.start) // 10, event.text
        out.append(event.plaintext.split())
    return out


def expected_ass_tokens(generated: Generated) -> Counter[str]:
    return Counter(token.translate(LOOKALIKE) for token in generated.stream())


@property_settings(ci_examples=400)
@given(ordered_or_chaos, caption_options)
def test_vtt_words_keeps_every_word_with_valid_timestamps(generated, options):
    media = vbformats.load(generated.doc)
    text = writers.render(media, "vtt-words", options)
    plain = writers.render(media, "vtt", options)
    assert STAMP.sub("", text) == plain  # the same cues, only the timestamps added
    cues = read_vtt(text)
    check_cue_structure(cues)
    check_words(cues, generated)
    check_vtt_timestamps(text, generated)
    check_our_reader(text, "vtt", generated)


@property_settings(ci_examples=400)
@given(ordered_or_chaos, caption_options)
def test_ttml_words_keeps_every_word_in_timed_spans(generated, options):
    media = vbformats.load(generated.doc)
    text = writers.render(media, "ttml-words", options)
    paragraphs = read_ttml_words(text, generated)
    assert Counter(t for p in paragraphs for t in p) == Counter(generated.stream())
    check_our_reader(text, "dfxp", generated)


@property_settings(ci_examples=400)
@given(ordered_or_chaos, caption_options)
def test_ass_and_karaoke_keep_every_word(generated, options):
    media = vbformats.load(generated.doc)
    for fmt, karaoke in (("ass", False), ("ass-karaoke", True)):
        with warnings.catch_warnings():
            # cues after 9:59:59.99 are clipped with a warning (tested below)
            warnings.simplefilter("ignore", LossyConversionWarning)
            events = read_ass(writers.render(media, fmt, options), karaoke)
        assert Counter(t for e in events for t in e) == expected_ass_tokens(generated), fmt


def test_large_documents_keep_every_word_in_every_word_format():
    for seed, layout in ((5, "stereo"), (6, "mono")):
        generated = fixed_document(seed, 3000, layout)
        media = vbformats.load(generated.doc)
        text = writers.render(media, "vtt-words")
        check_words(read_vtt(text), generated)
        # most words after a cue's first get a timestamp (not those starting with the word
        # before, or whose line the writer escaped: hostile words here)
        speech = len(generated.words)
        cues = len(read_vtt(text))
        assert check_vtt_timestamps(text, generated) >= (speech - cues) * 0.8
        paragraphs = read_ttml_words(writers.render(media, "ttml-words"), generated)
        assert Counter(t for p in paragraphs for t in p) == Counter(generated.stream())
        events = read_ass(writers.render(media, "ass-karaoke"), True)
        assert Counter(t for e in events for t in e) == expected_ass_tokens(generated)


def test_timestamps_decode_and_escape_like_the_plain_writer():
    doc = {
        "transcript": {
            "words": [
                {"s": 0, "e": 0, "w": "A<b>", "m": "turn"},
                {"s": 1000, "e": 1400, "w": "x&y"},
                {"s": 1500, "e": 1900, "w": "<00:00:09.000>"},
                {"s": 2000, "e": 2400, "w": "end"},
                {"s": 2400, "e": 2400, "w": ".", "m": "punc"},
            ]
        }
    }
    text = writers.render(vbformats.load(doc), "vtt-words")
    # a word that looks like a timestamp is escaped: only the writer's own are tags
    assert "&lt;00:00:09.000&gt;" in text
    assert STAMP.findall(text) == ["00:00:01.500", "00:00:02.000"]
    assert "<v A&lt;b&gt;>x&amp;y <00:00:01.500>&lt;00:00:09.000&gt; <00:00:02.000>end." in text
    caption = next(iter(read_vtt(text)))
    assert [html.unescape(t) for t in caption.tokens] == ["x&y", "<00:00:09.000>", "end."]
    assert CLOCK.fullmatch("00:00:02.000")


def test_ass_clips_cues_after_its_last_representable_time_with_a_warning():
    ten_hours = 10 * 3600 * 1000
    doc = {
        "transcript": {
            "words": [
                {"s": 1000, "e": 1500, "w": "early"},
                {"s": ten_hours + 500, "e": ten_hours + 900, "w": "late"},
            ]
        }
    }
    with pytest.warns(LossyConversionWarning, match=r"1 cue\(s\) end after 9:59:59.99"):
        text = writers.render(vbformats.load(doc), "ass-karaoke")
    events = pysubs2.SSAFile.from_string(text).events
    assert [e.plaintext for e in events] == ["early", "late"]
    assert events[1].start == events[1].end == ten_hours - 10
    assert KARAOKE.findall(events[0].text) == [str((events[0].end - events[0].start) // 10)]


def test_ass_without_its_extra_names_it():
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['pysubs2'] = None\n"
        "import vbformats\n"
        "media = vbformats.load('samples/stereo_call.json')\n"
        "print(vbformats.render(media, 'vtt-words')[:6])\n"
        "try:\n"
        "    vbformats.render(media, 'ass')\n"
        "except vbformats.errors.MissingDependencyError as error:\n"
        "    print(error)\n"
    )
    root = __import__("pathlib").Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines() == [
        "WEBVTT",
        "ASS/SSA output needs pysubs2, which is not installed: pip install 'vbformats[ass]'",
    ]
