"""Overtalk metrics, each test drawn as a timeline (issue #4).

Conventions of the pictures: ``[====)`` is a half-open span, times in ms; "array order" is
the order tokens are listed in ``transcript.words``.
"""

from __future__ import annotations

import pytest
from metrics_builders import compute, marker, punc, word, worked_check

OVERTALK = (
    "overtalk-incidents",
    "agent-overtalk-incidents",
    "caller-overtalk-incidents",
    "overtalk-ratio",
    "agent-overtalk-ratio",
    "caller-overtalk-ratio",
)


def test_worked_check_from_the_issue():
    """Agent words [0,1000) [1050,2000) join (gap 50 <= 100); caller [1500,2500) [2550,3000)::

        ms      0         1000      2000      3000             10000
        A       [===================)                            A = [0, 2000)
        C                      [===============)                 C = [1500, 3000)
        O                      [====)                            one incident, 500 ms
                               caller's segment started later -> the caller interrupted

    overtalk-ratio = 500 / 10000 = 0.05.
    """
    result = compute(worked_check(), length=10000)
    assert result["overtalk-incidents"] == 1
    assert result["overtalk-ratio"] == 0.05
    assert result["agent-overtalk-incidents"] == 0
    assert result["caller-overtalk-incidents"] == 1
    assert result["agent-overtalk-ratio"] == 0.0
    assert result["caller-overtalk-ratio"] == 0.05
    (incident,) = result.incidents
    assert (incident.start_ms, incident.end_ms) == (1500, 2000)
    assert (incident.interrupter, incident.interrupted) == ("caller", "agent")
    assert (incident.interrupter_speaker, incident.interrupted_speaker) == ("Caller", "Agent")


def test_two_incidents_one_by_each_party_from_unsorted_stereo_words():
    """Stereo callbacks list one channel, then the other; here each channel is also listed
    out of time order. One character = 500 ms::

        seconds   0 1 2 3 4 5 6
        agent  A  [====)  [==)        words [0,1200) [1200,2500) | [4000,5500)
        caller C    [===)[====)       words [1000,3000) | [3500,4800) [4800,6000)
        O           [==)  [==)        [1000,2500) 1500 ms, [4000,5500) 1500 ms
                    #1    #2
        #1: A's segment started at 0, C's at 1000    -> caller interrupted
        #2: C's segment started at 3500, A's at 4000 -> agent interrupted

    L = 10000: overtalk-ratio 3000/10000 = 0.3, each party 0.15.
    """
    tokens = [
        marker("Agent"),
        word(4000, 5500),
        word(1200, 2500),
        word(0, 1200),
        marker("Caller"),
        word(3500, 4800),
        word(4800, 6000),
        word(1000, 3000),
    ]
    result = compute(tokens, length=10000)
    assert result["overtalk-incidents"] == 2
    assert result["agent-overtalk-incidents"] == 1
    assert result["caller-overtalk-incidents"] == 1
    assert result["overtalk-ratio"] == pytest.approx(0.3)
    assert result["agent-overtalk-ratio"] == pytest.approx(0.15)
    assert result["caller-overtalk-ratio"] == pytest.approx(0.15)
    assert [(i.start_ms, i.end_ms, i.interrupter) for i in result.incidents] == [
        (1000, 2500, "caller"),
        (4000, 5500, "agent"),
    ]


def test_equal_starts_interrupt_nobody_and_length_missing_uses_last_word():
    """Both segments start at 0: the incident counts in the total but for neither party.
    No ``length``: L = the largest end of a speech word = 1000::

        ms      0    500  1000
        A       [=========)
        C       [====)
        O       [====)          500 ms of L = 1000 -> 0.5
    """
    tokens = [marker("Agent"), word(0, 1000), marker("Caller"), word(0, 500)]
    result = compute(tokens)
    assert result.length_ms == 1000
    assert result.length_source == "words"
    assert result["overtalk-incidents"] == 1
    assert result["agent-overtalk-incidents"] == 0
    assert result["caller-overtalk-incidents"] == 0
    assert result["overtalk-ratio"] == 0.5
    assert result["agent-overtalk-ratio"] == 0.0
    assert result["caller-overtalk-ratio"] == 0.0
    assert result.incidents[0].interrupter is None
    assert result.incidents[0].interrupted is None


def test_overlapping_words_on_one_channel_keep_the_longest_end():
    """A long agent word listed after a short one inside it. Sorted by (s, e, index) the
    segment's end is the largest end so far (3000), not the end of the last word (1000)::

        ms      0    500  1000 1500 2000 2500 3000
        agent   [=============================)      [0,3000)
        agent        [====)                         [500,1000) (listed first)
        caller                     [=====)          [2000,2600)
        O                          [=====)          caller interrupted at 2000
    """
    tokens = [
        marker("Agent"),
        word(500, 1000),
        word(0, 3000),
        marker("Caller"),
        word(2000, 2600),
    ]
    result = compute(tokens, length=6000)
    assert result["overtalk-incidents"] == 1
    assert result["caller-overtalk-incidents"] == 1
    assert result["overtalk-ratio"] == pytest.approx(600 / 6000)
    assert [(s.speaker, s.start_ms, s.end_ms) for s in result.segments] == [
        ("Agent", 0, 3000),
        ("Caller", 2000, 2600),
    ]


def test_zero_length_words_and_punctuation_with_duration_are_not_talk():
    """Inside the agent's talk the caller has a zero-length word (a word, but no time) and a
    punctuation token with a real duration (never speech). The caller's marker is
    ``turn|punc`` (still a marker)::

        ms      0    500  1000 1500 2000 2500 3000
        agent   [===================)                 [0,2000)
        caller            |                           zero-length word at 1000
        caller              [.......)                 punctuation [1200,1800)
        caller                           [=====)      [2500,3000)
        O       (nothing)
    """
    tokens = [
        marker("Agent"),
        word(0, 2000),
        marker("Caller", 1000, m="turn|punc"),
        word(1000, 1000, "uh"),
        punc(1200, 1800, ","),
        word(2500, 3000),
    ]
    result = compute(tokens, length=4000)
    assert result.two_party
    assert result["overtalk-incidents"] == 0
    assert result["overtalk-ratio"] == 0.0
    assert result.incidents == []


def test_mono_call_has_no_overtalk_and_compat_reports_zero():
    """No markers: one speaker (None), no roles. Its own overlapping words are not overtalk::

    ms      0    500  1000 1500
    words   [=========)
                 [=========)
    """
    tokens = [word(0, 1000), word(500, 1500)]
    result = compute(tokens)
    assert not result.two_party
    for name in OVERTALK:
        assert result[name] is None
    compat = compute(tokens, compat=True)
    assert [compat[name] for name in OVERTALK] == [0, 0, 0, 0.0, 0.0, 0.0]
    assert isinstance(compat["overtalk-incidents"], int)


def test_third_speaker_talking_over_either_party_is_not_overtalk():
    """Supervisor is neither agent nor caller: only A ∩ C counts::

    ms          0    1000 2000 3000 4000
    Agent       [=========)                 [0,2000)
    Supervisor    [====)        [=)         [500,1500) [3500,3800)
    Caller                  [=======)       [3000,4000)
    """
    tokens = [
        marker("Agent"),
        word(0, 2000),
        marker("Supervisor"),
        word(500, 1500),
        marker("Caller"),
        word(3000, 4000),
        marker("Supervisor"),
        word(3500, 3800),
    ]
    result = compute(tokens, length=5000)
    assert result.roles == {"Agent": "agent", "Caller": "caller"}
    assert result["overtalk-incidents"] == 0
    assert result["overtalk-ratio"] == 0.0


def test_names_outside_the_role_lists_take_roles_by_first_word_and_can_be_overridden():
    """Bob speaks first (agent by order), Alice second (caller)::

        ms      0    500  1000 1500 2000
        Bob     [===================)        [0,2000)
        Alice        [====)                  [500,1000): Alice interrupted Bob

    With ``roles={"Alice": "agent"}`` Alice is the agent, so the agent interrupted.
    """
    tokens = [marker("Bob"), word(0, 2000), marker("Alice"), word(500, 1000)]
    result = compute(tokens, length=2000)
    assert result.roles == {"Bob": "agent", "Alice": "caller"}
    assert result["caller-overtalk-incidents"] == 1
    assert result.incidents[0].interrupter_speaker == "Alice"

    swapped = compute(tokens, length=2000, roles={"Alice": "agent"})
    assert swapped.roles == {"Bob": "caller", "Alice": "agent"}
    assert swapped["agent-overtalk-incidents"] == 1
    assert swapped["caller-overtalk-incidents"] == 0
    assert swapped["agent-overtalk-ratio"] == 0.25
