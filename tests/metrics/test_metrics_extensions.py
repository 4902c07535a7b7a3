"""vbformats extensions (talk share, talk time % of call, longest monologue, patience,
interactivity): names prefixed ``vbformats-``, kept apart from VoiceBase's metrics."""

from __future__ import annotations

import pytest
from metrics_builders import compute, marker, word


def test_extensions_on_the_documented_example():
    """One character = 500 ms, L = 8000::

        seconds   0 1 2 3 4 5 6 7 8
        agent     [===)[=)   [==)         [0,2000) [2500,3500) [5500,7000)   |A| = 4500
        caller            [)              [4000,4500)                         |C| = 500
        runs      [======)[) [==)         agent, caller, agent: 2 switches

    talk share 4500/5000 = 0.9 and 0.1; % of call 56.25 and 6.25; longest monologue 3.5 s
    (agent), 0.5 s (caller); patience: the caller answered after 500 ms, the agent after
    1000 ms; interactivity 2 / (8000/60000) = 15 switches per minute.
    """
    tokens = [
        marker("Agent"),
        word(0, 2000),
        word(2500, 3500),
        marker("Caller"),
        word(4000, 4500),
        marker("Agent"),
        word(5500, 7000),
    ]
    result = compute(tokens, length=8000)
    x = result.extensions
    assert x["vbformats-agent-talk-share"] == 0.9
    assert x["vbformats-caller-talk-share"] == 0.1
    assert x["vbformats-agent-talk-time-pct-of-call"] == 56.25
    assert x["vbformats-caller-talk-time-pct-of-call"] == 6.25
    assert x["vbformats-agent-longest-monologue"] == 3.5
    assert x["vbformats-caller-longest-monologue"] == 0.5
    assert x["vbformats-agent-patience"] == 1.0
    assert x["vbformats-caller-patience"] == 0.5
    assert x["vbformats-interactivity"] == 15.0
    assert all(name.startswith("vbformats-") for name in x)


def test_a_backchannel_breaks_a_monologue_and_talking_over_counts_as_zero_patience():
    """::

        ms        0    1000 2000 3000
        agent     [===][===][===)       words [0,1000) [1000,2000) [2000,3000)
        caller      [=)                 "uh-huh" [1200,1500)
        runs      A [0,2000) | C [1200,1500) | A [2000,3000)

    agent longest monologue 2.0 s; the caller "answered" at 1200 while the agent still talked
    (gap -800 -> 0); the agent answered 500 ms after the caller stopped.
    """
    tokens = [
        marker("Agent"),
        word(0, 1000),
        word(1000, 2000),
        word(2000, 3000),
        marker("Caller"),
        word(1200, 1500, "uh-huh"),
    ]
    result = compute(tokens, length=6000)
    x = result.extensions
    assert x["vbformats-agent-longest-monologue"] == 2.0
    assert x["vbformats-caller-patience"] == 0.0
    assert x["vbformats-agent-patience"] == 0.5
    assert x["vbformats-interactivity"] == pytest.approx(2 / (6000 / 60000))


def test_three_speakers_shares_sum_to_one_in_the_speakers_frame():
    """::

        ms          0    1000 2000 2500 3000 3500
        Agent       [====)                          1000
        Caller           [=========)                2000
        Supervisor                [====)            1000 (from 2500, over the caller)

    shares 0.25, 0.5, 0.25 (sum 1); per-role shares 0.25 and 0.5 do not sum to 1 here.
    """
    tokens = [
        marker("Agent"),
        word(0, 1000),
        marker("Caller"),
        word(1000, 3000),
        marker("Supervisor"),
        word(2500, 3500),
    ]
    result = compute(tokens)
    frame = result.speakers_frame()
    assert list(frame["speaker"]) == ["Agent", "Caller", "Supervisor"]
    assert list(frame["role"].astype(object).fillna("-")) == ["agent", "caller", "-"]
    assert list(frame["talk_share"]) == [0.25, 0.5, 0.25]
    assert frame["talk_share"].sum() == 1.0
    assert list(frame["patience_ms"].fillna(-1)) == [-1, 0.0, 0.0]
    assert result.extensions["vbformats-agent-talk-share"] == 0.25
    assert result.extensions["vbformats-caller-talk-share"] == 0.5


def test_mono_call_has_per_speaker_figures_but_no_per_role_extensions():
    """::

    ms        0    1000      3000
    words     [====)    [====)        one speaker (None), no switches
    """
    result = compute([word(0, 1000), word(2000, 3000)])
    x = result.extensions
    for name, value in x.items():
        if name != "vbformats-interactivity":
            assert value is None, name
    assert x["vbformats-interactivity"] == 0.0
    (speaker,) = result.speakers
    assert speaker.speaker is None
    assert speaker.talk_share == 1.0
    assert speaker.talk_ms == 2000
    assert speaker.longest_monologue_ms == 3000
    assert speaker.patience_ms is None
