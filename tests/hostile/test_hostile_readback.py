"""Our own output read back loses no word and no speaker (issue #11, "words lost or invented").

Each case was seen on main before the fix: a word ending in ``:`` at the start of a cue line read
back as a speaker label, a bare ``-`` word taken for a dialogue dash and dropped, a speaker name
the label grammar could not hold coming back as words, and a word far out of order giving cues
that end where they start. Every caption and text format, mono and stereo.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
import srt as srt_package
import webvtt

import vbformats
from vbformats import formats
from vbformats.formats.labels import escape_line, label_text, match_label

FORMATS = ("srt", "vtt", "dfxp", "text")


def doc(*items: str, gap: int = 2000) -> dict[str, Any]:
    """``"@Name"`` starts a turn, ``"^:"`` is a punctuation token, anything else a word."""
    words: list[dict[str, Any]] = []
    now = 0
    for item in items:
        if item.startswith("@"):
            words.append({"s": now, "e": now, "w": item[1:], "m": "turn"})
        elif item.startswith("^"):
            words.append({"s": now, "e": now, "w": item[1:], "m": "punc"})
        else:
            words.append({"s": now, "e": now + 300, "w": item})
            now += gap
    return {"transcript": {"words": words}}


def spoken(media: vbformats.Media) -> dict[str | None, list[str]]:
    """Each speaker's words, as the turns join them (a no-break space is a space)."""
    out: dict[str | None, list[str]] = {}
    for turn in vbformats.turns(media):
        out.setdefault(turn.speaker, []).extend(turn.text.replace("\xa0", " ").split())
    return out


def read_back(media: vbformats.Media, fmt: str) -> vbformats.Media:
    return vbformats.load(vbformats.render(media, fmt).encode("utf-8"), format=fmt)


CASES = {
    "mono word with a colon": doc("My", "answer:", "yes"),
    "mono punctuation colon ending a line": doc("Answer", "^:", gap=9000),
    "stereo colon after a speaker's first cue": doc(
        "@Agent", "hi", "@Caller", "Answer", "^:", "ok"
    ),
    "stereo colon on a continuation line": doc(
        "@Agent", *("word " * 12).split(), "Note", "^:", "this", gap=300
    ),
    "mono bare dashes": doc("-", "yes", "-", "no", gap=300),
    "stereo bare dashes": doc("@A", "-", "yes", "@B", "-", "no", gap=300),
    "bracket look-alike": doc("@Agent", "[x]:", "y", "@Caller", "[a]:", gap=3000),
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_label_and_dash_look_alikes_read_back_as_words(case: str, fmt: str) -> None:
    media = vbformats.load(CASES[case])
    assert spoken(read_back(media, fmt)) == spoken(media)


HOSTILE_NAMES = (
    "Mary Ann Van Dyke",  # four words
    "Dr: Who",  # a colon
    "-dash",  # a leading dash
    "[team] lead",  # a leading bracket
    "a]b\\c",  # what the bracketed form escapes
    "Department of Customer Relations and Billing",  # over 40 characters
)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_speaker_name_survives_the_label_grammar(fmt: str) -> None:
    items: list[str] = []
    for name in HOSTILE_NAMES:
        items += [f"@{name}", "hello", "there"]
    media = vbformats.load(doc(*items))
    back = read_back(media, fmt)
    assert [turn.speaker for turn in vbformats.turns(back)] == list(HOSTILE_NAMES)
    assert spoken(back) == spoken(media)


def test_the_grammar_is_one_rule_for_writing_and_reading() -> None:
    for name in (*HOSTILE_NAMES, "Agent", "Speaker 1", "李雷", "A&B"):
        shown = label_text(name)
        assert shown is not None
        assert match_label(f"{shown}: hello") == (name, "hello")
    assert label_text("Agent") == "Agent"  # VoiceBase's own labels are untouched
    assert label_text("Mary Ann Van Dyke") == "[Mary Ann Van Dyke]"
    # text that is not a label stays text for our reader, and looks the same
    for line in ("My answer: yes", "Answer:", "- yes", "[x]: y"):
        escaped = escape_line(line)
        assert match_label(escaped) is None
        assert escaped.replace("\xa0", " ").rstrip() == line.rstrip()
    assert escape_line("at 10:30 sharp") == "at 10:30 sharp"  # nothing to escape


def test_independent_readers_see_the_same_words() -> None:
    media = vbformats.load(CASES["mono word with a colon"])
    (cue, *_) = srt_package.parse(vbformats.render(media, "srt"))
    assert cue.content.replace("\xa0", " ").split() == ["My"]  # the words, not a label
    caption = webvtt.from_string(vbformats.render(media, "vtt")).captions[1]
    assert caption.text.replace("\xa0", " ").split() == ["answer:"]


def _far_out_of_order() -> vbformats.Media:
    words = [{"s": 0, "e": 0, "w": "A", "m": "turn"}, {"s": 0, "e": 300, "w": "one"}]
    words.append({"s": 900_000, "e": 900_300, "w": "far"})
    words += [{"s": 400 + i * 400, "e": 700 + i * 400, "w": f"w{i}"} for i in range(60)]
    words += [{"s": 30_000, "e": 30_000, "w": "B", "m": "turn"}]
    words += [{"s": 900_300, "e": 900_300, "w": f"z{i}"} for i in range(5)]
    return vbformats.load({"transcript": {"words": words}})


@pytest.mark.parametrize("overlap", ["keep", "split", "merge"])
@pytest.mark.parametrize("fmt", ["srt", "vtt", "dfxp"])
def test_no_cue_ends_at_or_before_its_start(fmt: str, overlap: str) -> None:
    media = _far_out_of_order()
    cues = formats.get(fmt).cues(media, {"overlap": overlap})
    assert cues and all(cue.end_ms > cue.start_ms for cue in cues)
    assert [c.start_ms for c in cues] == sorted(c.start_ms for c in cues)
    if overlap == "keep":
        last: dict[str | None, int] = {}
        for cue in cues:
            assert cue.start_ms >= last.get(cue.speaker, 0)
            last[cue.speaker] = cue.end_ms
    else:
        assert all(a.end_ms <= b.start_ms for a, b in itertools.pairwise(cues))
    # and every word comes back (ttconv and players drop empty cues; we make none)
    words = sorted(spoken(read_back(media, fmt)).get("A", []))
    assert words == sorted(spoken(media)["A"])
