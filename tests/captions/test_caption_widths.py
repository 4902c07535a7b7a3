"""The engine's displayed width of each cue (issue #17): taken from the stream's width prefix
sums instead of measuring every displayed line character by character, it must equal
``sum(display_width(line))`` over the cue's displayed lines (labels included) on any input:
combining marks, wide characters, emoji, zero-width joiners at the end of a word or a speaker
name (where widths stop adding up), turns opening with invisible tokens, dialogue cues.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import vbformats
from vbformats.captions import build_cues, display_width
from vbformats.captions.layout import Stream

# characters of every width class display_width knows: 1, 0 (combining, format, skin tone,
# Hangul medial jamo), 2 (wide, full-width, emoji), and the zero-width joiner
GLYPHS = [
    "a",
    "Z",
    "7",
    "é",
    "ß",
    "\u0301",
    "\u00ad",
    "\U0001f3fd",
    "\u1161",
    "日",
    "語",
    "Ａ",
    "😀",
    "&",
    "<",
]
ZWJ = "\u200d"
PUNCTUATION = [".", ",", "?", "。", "…"]


@st.composite
def word_texts(draw: Any, joiners: bool, invisible: bool) -> str:
    glyphs = st.sampled_from([*GLYPHS, ZWJ] if joiners else GLYPHS)
    kind = draw(st.integers(0, 9))
    if kind == 0 and invisible:  # invisible once cleaned
        return draw(st.sampled_from(["", "\x00", "\n"]))
    if kind == 1:  # a long word
        return "".join(draw(st.lists(glyphs, min_size=30, max_size=50)))
    return "".join(draw(st.lists(glyphs, min_size=1, max_size=8)))


@st.composite
def documents(draw: Any) -> dict[str, Any]:
    # joiners and invisible tokens only sometimes: they make most streams take the measured
    # path, and the prefix-sum path must be exercised as much
    joiners = draw(st.integers(0, 3)) == 0
    invisible = draw(st.booleans())
    names = draw(st.sampled_from([[None], ["Agent", "Caller"], ["日本", "A", "B\u0301"]]))
    if joiners and draw(st.booleans()):
        names = ["Ana" + ZWJ, "Bo"]
    clocks = dict.fromkeys(names, 0)
    array: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(1, 6))):
        speaker = draw(st.sampled_from(names))
        t = max(0, clocks[speaker] + draw(st.integers(-1500, 3000)))
        if speaker is not None:
            array.append({"s": t, "e": t, "w": speaker, "m": "turn"})
        for _ in range(draw(st.integers(1, 16))):
            t += draw(st.sampled_from([0, 60, 300, 1700]))
            duration = draw(st.sampled_from([0, 150, 400, 2000]))
            array.append({"s": t, "e": t + duration, "w": draw(word_texts(joiners, invisible))})
            t += duration
            if draw(st.integers(0, 4)) == 0:
                array.append({"s": t, "e": t, "w": draw(st.sampled_from(PUNCTUATION)), "m": "punc"})
        clocks[speaker] = t
    return {"transcript": {"words": array}}


@given(
    document=documents(),
    width=st.integers(6, 42),
    lines=st.integers(1, 3),
    overlap=st.sampled_from(["keep", "split", "merge"]),
    labels=st.booleans(),
)
def test_cue_width_is_the_width_of_its_displayed_lines(
    document: dict[str, Any], width: int, lines: int, overlap: str, labels: bool
) -> None:
    media = vbformats.load(document)
    options = {"max_chars_per_line": width, "max_lines": lines, "overlap": overlap}
    cues = build_cues(media, options, labels=labels)
    expected = [sum(display_width(line) for line in cue.display_lines()) for cue in cues]
    assert cues._chars == expected


def _stream(texts: list[str], names: list[str | None] | None = None) -> Stream:
    words: list[dict[str, Any]] = []
    for index, text in enumerate(texts):
        if names is not None and index == 0:
            words.append({"s": 0, "e": 0, "w": names[0] or "", "m": "turn"})
        words.append({"s": 100 * index, "e": 100 * index + 90, "w": text})
    media = vbformats.load({"transcript": {"words": words}})
    from vbformats.captions import CaptionOptions, SpeakerLabels

    return Stream(vbformats.turns(media), CaptionOptions(), SpeakerLabels())


def test_widths_add_up_except_after_a_joiner_or_an_invisible_opening() -> None:
    assert _stream(["caf\u00e9", "日本", "e\u0301"]).widths_add_up
    # a joiner at the end of a word hides the space after it on the line
    assert not _stream(["👩\u200d", "x"]).widths_add_up
    # inside a word it only joins that word's characters: still additive
    assert _stream(["👩\u200d💻", "x"]).widths_add_up
    # a speaker name ending in a joiner hides the ":" of its label
    assert not _stream(["hi"], names=["Ana\u200d"]).widths_add_up
    # a turn opening with an invisible token
    assert not _stream(["\x00", "hi"]).widths_add_up


def test_accented_cue_durations_use_displayed_width() -> None:
    # 30 displayed characters at 10 per second need 3 s on screen: "é" counts 1, "日" 2
    words = [
        {"s": 0, "e": 100, "w": "\u00e9" * 10},
        {"s": 100, "e": 200, "w": "日" * 5},
        {"s": 200, "e": 300, "w": "e\u0301" * 8},
    ]
    media = vbformats.load({"transcript": {"words": words}})
    cues = build_cues(media, {"max_chars_per_second": 10, "min_duration_ms": 0})
    assert [cue.display_lines() for cue in cues] == [
        ["\u00e9" * 10 + " " + "日" * 5 + " " + "e\u0301" * 8]
    ]
    assert cues._chars == [10 + 1 + 10 + 1 + 8]
    assert cues[0].end_ms == 3000


def _reference_width(text: str) -> int:
    """display_width as documented, one character at a time."""
    import unicodedata

    width = 0
    after_joiner = False
    for ch in text:
        if after_joiner:
            after_joiner = False
            continue
        if ch == ZWJ:
            after_joiner = True
            continue
        code = ord(ch)
        if 0x1F3FB <= code <= 0x1F3FF or 0x1160 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF:
            continue
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


@given(text=st.text(st.sampled_from([*GLYPHS, ZWJ, " "]) | st.characters(), max_size=40))
def test_display_width_matches_its_definition(text: str) -> None:
    assert display_width(text) == _reference_width(text)
    # twice: the second time from the per-character cache
    assert display_width(text) == _reference_width(text)
