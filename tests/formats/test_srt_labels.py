"""SRT speaker labels: an SRT reader must be able to attribute every cue."""

from __future__ import annotations

import vbformats


def test_continuation_after_an_interjection_inside_a_longer_cue_is_labelled():
    # Customer's cue [0, 1050) contains Agent's short cue [1, 1001); Agent goes on at 1601.
    # Unlabelled, a reader would give the 1601 cue to Customer (latest cue to end before it).
    words = [{"s": 0, "e": 0, "w": "Agent", "m": "turn"}]
    words += [{"s": 0, "e": 0, "w": "one"}]
    words += [{"s": 0, "e": 0, "w": "Customer", "m": "turn"}]
    words += [{"s": 0, "e": 0, "w": "two"}, {"s": 0, "e": 10, "w": "three"}]
    words += [{"s": 1, "e": 1, "w": "Agent", "m": "turn"}]
    words += [{"s": 1, "e": 1, "w": "four"}, {"s": 1601, "e": 1601, "w": "five"}]
    media = vbformats.load({"transcript": {"words": words}})
    srt = vbformats.render(media, "srt")
    assert "Agent: five" in srt
    again = vbformats.load(srt.encode(), format="srt")
    by_speaker: dict[str, list[str]] = {}
    for turn in vbformats.turns(again):
        by_speaker.setdefault(turn.speaker, []).extend(turn.text.split())
    assert by_speaker == {"Agent": ["one", "four", "five"], "Customer": ["two", "three"]}


def test_plain_sequential_turn_keeps_a_single_label():
    words = [{"s": 0, "e": 0, "w": "Agent", "m": "turn"}]
    words += [{"s": i * 1000, "e": i * 1000 + 400, "w": f"w{i}."} for i in range(12)]
    media = vbformats.load({"transcript": {"words": words}})
    srt = vbformats.render(media, "srt", {"max_duration_ms": 3000})
    assert srt.count("Agent: ") == 1
    assert srt.count("-->") > 1
