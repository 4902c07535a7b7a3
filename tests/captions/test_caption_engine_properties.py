"""Laws of the caption engine, checked on generated transcripts (hypothesis).

Generated: 0–3 speakers (or mono), stereo turns listed channel by channel (so the word array is
not time-sorted and turns overlap), zero-length words, words out of time order inside a turn,
punctuation with durations (also at the start of a turn), DTMF, invisible words, long words,
and odd characters (``&``, ``<``, ``-->``, emoji, combining marks, CJK, newlines, tabs and
control characters inside words), under random options and all three overlap modes.

Laws: nothing lost (each visible token exactly once, each turn's tokens in array order, the
cue text is exactly those tokens), cues ordered by start, one speaker's cues never overlap (no
cues overlap at all in split/merge), a cue never mixes speakers unless it is a dialogue cue,
every limit is either respected or reported, and nothing is reported that is not broken.

Widths are computed here from the generator's own table of characters (``WIDTH``), not by the
library.
"""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import vbformats
from vbformats.captions import CaptionOptions, build_cues, clean_text
from vbformats.turns import speaker_of_tokens

# every character the generator uses in words and names, with its displayed width
WIDTH = {
    **dict.fromkeys("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789'&<>-:", 1),
    " ": 1,
    "\u0301": 0,  # combining acute accent
    "\u0308": 0,  # combining diaeresis
    "日": 2,
    "本": 2,
    "語": 2,
    "話": 2,
    "者": 2,
    "😀": 2,
    "🎉": 2,
    "é": 1,
    "ß": 1,
}
# characters that clean_text turns into a space or drops
SPACING = ["\n", "\t", "\r\n", "\u2028"]
DROPPED = ["\x00", "\x07", "\x1b", "\x7f"]
PUNCTUATION = [".", ",", "?", "!", ";", "…"]
WIDTH.update(dict.fromkeys(PUNCTUATION, 1))


def width_of(text: str) -> int:
    return sum(WIDTH[ch] for ch in text)


glyphs = st.sampled_from(sorted(set(WIDTH) - {" "} - set(PUNCTUATION)))


@st.composite
def word_texts(draw: Any) -> str:
    kind = draw(st.integers(0, 19))
    if kind == 0:
        return draw(st.sampled_from(["-->", "<b>", "a-->b", "&amp;", "&", "<"]))
    if kind == 1:  # a long word
        return "".join(draw(st.lists(glyphs, min_size=40, max_size=70)))
    if kind == 2:  # whitespace / control characters inside a word
        left = "".join(draw(st.lists(glyphs, min_size=1, max_size=5)))
        right = "".join(draw(st.lists(glyphs, min_size=0, max_size=5)))
        return left + draw(st.sampled_from(SPACING + DROPPED)) + right
    if kind == 3:  # invisible once cleaned
        return draw(st.sampled_from(["\x00", "\x01\x02", "\n", ""]))
    return "".join(draw(st.lists(glyphs, min_size=1, max_size=9)))


@st.composite
def transcripts(draw: Any) -> dict[str, Any]:
    """A v3 document: turns on per-speaker time lines, listed channel by channel."""
    mono = draw(st.booleans()) and draw(st.booleans())
    names = ["Agent", "Caller", "話者 3"]
    speakers: list[str | None] = [None] if mono else names[: draw(st.integers(1, 3))]
    clocks = dict.fromkeys(speakers, 0)
    turns: list[tuple[str | None, list[dict[str, Any]]]] = []
    for _ in range(draw(st.integers(0, 6))):
        speaker = draw(st.sampled_from(speakers))
        # a turn may start before the other speaker's last one ended (overtalk)
        t = max(0, clocks[speaker] + draw(st.integers(-2000, 4000)))
        words: list[dict[str, Any]] = []
        if draw(st.integers(0, 9)) == 0:  # punctuation opening a turn
            words.append({"s": t, "e": t, "w": draw(st.sampled_from(PUNCTUATION)), "m": "punc"})
        for _ in range(draw(st.integers(1, 14))):
            t = max(0, t + draw(st.sampled_from([0, 0, 50, 200, 900, 1600, 3000, -400])))
            duration = draw(st.sampled_from([0, 0, 120, 300, 600, 1500, 9000]))
            words.append({"s": t, "e": t + duration, "w": draw(word_texts())})
            t += duration
            extra = draw(st.integers(0, 9))
            if extra < 3:  # punctuation, sometimes with a duration
                length = draw(st.sampled_from([0, 0, 80, 400]))
                mark = draw(st.sampled_from(PUNCTUATION))
                words.append({"s": t, "e": t + length, "w": mark, "m": "punc"})
            elif extra == 3:
                words.append({"s": t, "e": t + 100, "w": "5", "m": "dtmf"})
        clocks[speaker] = max(clocks[speaker], t)
        turns.append((speaker, words))
    if draw(st.booleans()):  # stereo callbacks list one channel's turns, then the other's
        turns.sort(key=lambda turn: speakers.index(turn[0]))
    array: list[dict[str, Any]] = []
    for speaker, words in turns:
        if speaker is not None:
            first = words[0]["s"]
            array.append({"s": first, "e": first, "w": f" {speaker}: ", "m": "turn"})
        array.extend(words)
    return {"transcript": {"words": array}}


@st.composite
def caption_options(draw: Any) -> dict[str, Any]:
    min_ms = draw(st.sampled_from([0, 500, 1000, 2000]))
    return {
        "max_chars_per_line": draw(st.integers(8, 50)),
        "max_lines": draw(st.integers(1, 3)),
        "min_duration_ms": min_ms,
        "max_duration_ms": draw(st.sampled_from([min_ms + 1, 3000, 7000, 20000])),
        "max_chars_per_second": draw(st.sampled_from([5, 12.5, 20, 30])),
        "pause_split_ms": draw(st.sampled_from([0, 300, 1500, 5000])),
        "overlap": draw(st.sampled_from(["keep", "split", "merge"])),
        "include_dtmf": draw(st.booleans()),
    }


def _units(tokens: list[str], punct: list[bool]) -> list[str]:
    """Cleaned token texts grouped the documented way: a word and what rides on it."""
    units: list[str] = []
    for word, is_punct in zip(tokens, punct, strict=True):
        clean = clean_text(word)
        if (is_punct or not clean) and units:
            units[-1] += clean
        else:
            units.append(clean)
    return [u for u in units if u]


def _attach(tokens: list[str], punct: list[bool]) -> list[str]:
    """The displayed words of tokens: units joined with spaces, split on whitespace."""
    return " ".join(_units(tokens, punct)).split()


@given(document=transcripts(), options=caption_options(), labels=st.booleans())
def test_caption_laws(document: dict[str, Any], options: dict[str, Any], labels: bool) -> None:
    media = vbformats.load(document)
    table = media.words
    opts = CaptionOptions(**options)
    cues = build_cues(media, opts, labels=labels)
    turns = vbformats.turns(media, include_dtmf=opts.include_dtmf)
    owner = speaker_of_tokens(table)
    texts = table.text
    punct = table.is_punctuation

    # --- nothing lost: every visible token exactly once; each turn's tokens in array order
    shown = [i for cue in cues for i in cue.token_indices]
    counts = Counter(shown)
    for turn in turns:
        for i in turn.token_indices:
            if clean_text(texts[i]):
                assert counts[i] == 1, (i, texts[i])
            else:
                assert counts[i] <= 1
    allowed = {i for turn in turns for i in turn.token_indices}
    assert set(counts) <= allowed
    turn_of = {i: n for n, turn in enumerate(turns) for i in turn.token_indices}
    last_seen: dict[int, int] = {}
    for i in shown:
        assert last_seen.get(turn_of[i], -1) < i
        last_seen[turn_of[i]] = i

    for index, cue in enumerate(cues):
        # --- the text is exactly the cue's tokens, with punctuation attached
        if cue.line_speakers is None:
            assert {owner[i] for i in cue.token_indices} == {cue.speaker}
            words = " ".join(cue.lines).split()
            assert words == _attach(
                [texts[i] for i in cue.token_indices], [punct[i] for i in cue.token_indices]
            )
        else:
            assert len(cue.lines) == len(cue.line_speakers) >= 2
            assert len(set(cue.line_speakers)) == len(cue.line_speakers)
            assert all(line.startswith("- ") for line in cue.lines)
            assert {owner[i] for i in cue.token_indices} == set(cue.line_speakers)
        for line in cue.lines:
            assert line and line == line.strip() and clean_text(line) == line
        assert 0 <= cue.start_ms <= cue.end_ms, index

        # --- limits respected or reported, and only broken ones reported
        shown_lines = cue.display_lines()
        widths = [width_of(line) for line in shown_lines]
        broken = set()
        for n, w in enumerate(widths):
            if w > opts.max_chars_per_line:
                broken.add(("max_chars_per_line", n))
        if len(shown_lines) > opts.max_lines:
            broken.add(("max_lines", None))
        duration = cue.end_ms - cue.start_ms
        if duration < opts.min_duration_ms:
            broken.add(("min_duration_ms", None))
        if duration > opts.max_duration_ms:
            broken.add(("max_duration_ms", None))
        if sum(widths) * 1000 > opts.max_chars_per_second * duration:
            broken.add(("max_chars_per_second", None))
        reported = {(v.limit, v.line_index) for v in cues.violations if v.cue_index == index}
        assert reported == broken, (index, cue, reported, broken)
        for v in cues.violations:
            if v.cue_index == index and v.limit == "max_chars_per_line":
                assert v.actual == widths[v.line_index] and v.allowed == opts.max_chars_per_line

        # --- a line wider than allowed holds a single word (one that fits no line)
        if cue.line_speakers is None:
            units = _units(
                [texts[i] for i in cue.token_indices], [punct[i] for i in cue.token_indices]
            )
            for line, w in zip(cue.lines, widths, strict=True):
                if w > opts.max_chars_per_line:
                    label_room = w - width_of(line)
                    assert line in units or label_room >= opts.max_chars_per_line, line
            if not labels:
                assert len(cue.lines) <= opts.max_lines

    # --- order and overlap
    assert all(a.start_ms <= b.start_ms for a, b in itertools.pairwise(cues))
    if opts.overlap == "keep":
        for speaker in {s for cue in cues for s in cue.speakers}:
            own = [c for c in cues if speaker in c.speakers]
            assert all(a.end_ms <= b.start_ms for a, b in itertools.pairwise(own)), speaker
    else:
        assert all(a.end_ms <= b.start_ms for a, b in itertools.pairwise(cues))
        assert opts.overlap == "merge" or all(c.line_speakers is None for c in cues)
