"""Talk time and rate metrics (talk ratios, silence, talk rates, streaks), each drawn as a
timeline. Expected values are worked out by hand in each docstring."""

from __future__ import annotations

import pytest
from metrics_builders import compute, marker, punc, word, worked_check

from vbformats.errors import LossyConversionWarning

STREAK_ROLES = (
    "agent-average-streak",
    "agent-longest-streak",
    "agent-median-streak",
    "caller-average-streak",
    "caller-longest-streak",
    "caller-median-streak",
)


# --- talk ratio --------------------------------------------------------------------------------


def test_talk_ratio_divides_by_the_union_of_all_talk():
    """One character = 500 ms::

        seconds   0 1 2 3 4 5 6
        agent  A  [====)              |A| = 2500
        caller C      [======)        |C| = 3500
        T         [==========)        |T| = 5500 (overlap counted once)

    agent-talk-ratio = 2500/5500, caller-talk-ratio = 3500/5500 (they add up to more than 1).
    """
    tokens = [marker("Caller"), word(2000, 5500), marker("Agent"), word(0, 2500)]
    result = compute(tokens)
    assert result["agent-talk-ratio"] == pytest.approx(2500 / 5500)
    assert result["caller-talk-ratio"] == pytest.approx(3500 / 5500)


def test_talk_ratio_with_three_speakers_counts_the_third_in_the_denominator():
    """::

    ms          0    1000 2000 3000 4000 5000 6000
    Agent       [====)                               1000
    Caller                [====)                     1000
    Supervisor                      [=========)      2000   T = 4000
    """
    tokens = [
        marker("Agent"),
        word(0, 1000),
        marker("Caller"),
        word(2000, 3000),
        marker("Supervisor"),
        word(4000, 6000),
    ]
    result = compute(tokens)
    assert result["agent-talk-ratio"] == 0.25
    assert result["caller-talk-ratio"] == 0.25


def test_talk_ratio_undefined_for_mono_and_punctuation_time_is_not_talk():
    """Mono: undefined. Punctuation with a duration adds no talk time (silence grows)::

    ms      0    1000 2000
    words   [====)                   [0,1000)
    punc         [...)               [1000,1900) punctuation, not speech
    silence      [=========)         [1000,2000) with L = 2000 -> 0.5
    """
    result = compute([word(0, 1000), punc(1000, 1900)], length=2000)
    assert result["agent-talk-ratio"] is None
    assert result["caller-talk-ratio"] is None
    assert result["silence-ratio"] == 0.5


# --- silence -----------------------------------------------------------------------------------


def test_silence_ratio_and_incidents_count_only_gaps_longer_than_4_s():
    """One character = 500 ms, L = 10000::

        seconds   0 1 2 3 4 5 6 7 8 9 10
        T         [==)     [=)            T = [0,1500) [4500,5500)
        silence      [=====) [========)   3000 ms (not > 4000), 4500 ms (an incident)

    silence-ratio = 7500/10000 = 0.75, silence-incidents = 1.
    """
    tokens = [marker("Agent"), word(0, 1500), marker("Caller"), word(4500, 5500)]
    result = compute(tokens, length=10000)
    assert result["silence-ratio"] == 0.75
    assert result["silence-incidents"] == 1
    assert [(s.start_ms, s.end_ms, s.is_incident) for s in result.silences] == [
        (1500, 4500, False),
        (5500, 10000, True),
    ]


def test_worked_check_silence_is_the_trailing_7_s():
    """The issue's worked check: talk covers [0,3000) of L = 10000::

    ms      0         3000                          10000
    T       [=========)
    silence           [=============================)   7000 ms, one incident
    """
    result = compute(worked_check(), length=10000)
    assert result["silence-ratio"] == 0.7
    assert result["silence-incidents"] == 1


def test_leading_and_trailing_silence_count_in_a_mono_call():
    """Mono calls have silence too. L = 12000::

        ms      0         4500 5000 6000 7000          12000
        words             [====)    [====)
        silence [=========)    [====)    [=============)
                4500 (incident)  1000    5000 (incident)

    silence-ratio = 10500/12000 = 0.875, silence-incidents = 2.
    """
    result = compute([word(4500, 5000), word(6000, 7000)], length=12000)
    assert result["silence-ratio"] == 0.875
    assert result["silence-incidents"] == 2


def test_a_gap_of_exactly_4000_ms_is_not_an_incident_unless_the_minimum_is_lowered():
    """::

    ms      0    1000           5000 6000
    words   [====)              [====)
    gap          [==============)        exactly 4000 ms: not "> 4000"
    """
    tokens = [word(0, 1000), word(5000, 6000)]
    assert compute(tokens)["silence-incidents"] == 0
    assert compute(tokens, silence_min_ms=3999)["silence-incidents"] == 1


def test_no_length_and_no_words_leaves_silence_ratio_undefined():
    """No words, no length: L = 0, W is empty; a ratio over it is undefined, no incidents."""
    result = compute([])
    assert result.length_ms == 0
    assert result["silence-ratio"] is None
    assert result["silence-incidents"] == 0


# --- talk rate ---------------------------------------------------------------------------------


def _rate_call() -> list[dict[str, object]]:
    """One character = 100 ms::

    ms            0    500  1000 1500 2000 2500 3000
    agent words   aa aa aa aa aa aa aa                 [0,200) [300,500) ... [1800,2000)
    agent streak  [===================)                [0,2000)
    caller words          [===)        [===)           [800,1200) [2500,2900)
    caller streak         [====================)       [800,2900) (pause 1300 < 3000)
    A (segments)  [===================)                gaps of 100 join: [0,2000)
    R agent       [=======)   [=======)                streak - C: 800 + 800 = 1600 ms
    R caller                           [=====)         streak - A: [2000,2900) = 900 ms
    """
    agent = [word(start, start + 200) for start in range(0, 2000, 300)]
    return [
        marker("Agent"),
        *agent,
        marker("Caller"),
        word(2500, 2900),
        word(800, 1200),
    ]


def test_talk_rate_counts_words_whose_midpoint_lies_in_the_region():
    """(picture in ``_rate_call``) Agent midpoints 100, 400, 700, 1000, 1300, 1600, 1900;
    1000 lies under the caller, so N = 6 over 1600 ms: 6 / (1600/60000) = 225 wpm.
    Caller midpoints 1000 (under the agent) and 2700: N = 1 over 900 ms = 66.67 wpm.
    """
    result = compute(_rate_call(), length=3000)
    assert result["agent-talk-rate"] == pytest.approx(225.0)
    assert result["caller-talk-rate"] == pytest.approx(60000 / 900)
    assert result["agent-to-caller-talk-rate-ratio"] == pytest.approx(225.0 / (60000 / 900))
    compat = compute(_rate_call(), length=3000, compat=True)
    assert compat["agent-talk-rate"] == 225
    assert compat["caller-talk-rate"] == 67  # 66.666... rounded half-up to an integer
    # 225 / 66.67 is 3.3749999999999996 in binary floats; compat rounds the 3.375 a person
    # would compute, half-up
    assert compat["agent-to-caller-talk-rate-ratio"] == 3.38


def test_talk_rate_undefined_when_the_region_is_empty():
    """The caller only talks inside the agent's talk: R caller is empty, so the caller rate
    and the agent-to-caller ratio are undefined. The agent's region is 1500 ms, but its one
    word has its midpoint (1000) under the caller: 0 words, a rate of 0 (defined)::

        ms        0         1000      2000
        agent     [===================)
        caller              [====)
        R agent   [=========)    [====)
    """
    tokens = [marker("Agent"), word(0, 2000), marker("Caller"), word(1000, 1500)]
    result = compute(tokens)
    assert result["caller-talk-rate"] is None
    assert result["agent-to-caller-talk-rate-ratio"] is None
    assert result["agent-talk-rate"] == 0.0


def test_zero_length_words_count_as_words_but_add_no_time():
    """A zero-length agent word at 1000 is a word (midpoint 1000 is in R) but no time::

        ms        0         1000      2000            5000      6000
        agent     [=========)|[=======)                              N = 3, |R| = 2000
        caller                                        [=========)

    agent-talk-rate = 3 / (2000/60000) = 90 wpm.
    """
    tokens = [
        marker("Agent"),
        word(0, 1000),
        word(1000, 1000, "uh"),
        word(1050, 2000),
        marker("Caller"),
        word(5000, 6000),
    ]
    result = compute(tokens)
    assert result["agent-talk-rate"] == pytest.approx(90.0)
    agent = next(s for s in result.speakers if s.speaker == "Agent")
    assert agent.word_count == 3
    assert agent.talk_ms == 2000


def test_intra_call_change_in_talk_rate_compares_last_and_first_third_of_the_call():
    """L = 9000: thirds [0,3000) and [6000,9000). Agent words of 1000 ms, none at [7000,8000)
    (a pause inside the streak still counts as time); the caller talks at [4000,5000)::

        ms        0    1000 2000 3000 4000 5000 6000 7000 8000 9000
        agent     [===][===][===][===)    [===][===)    [===)
        caller                        [===)
        R agent   [===================)   [============================)
        thirds    |first: 3 words/3000 ms|           |last: 2 words/3000 ms|

    first-third rate 60 wpm, last-third rate 40 wpm: change = 40/60.
    The caller's region is empty (covered by the agent): undefined.
    """
    agent = [word(start, start + 1000) for start in (0, 1000, 2000, 3000, 5000, 6000, 8000)]
    tokens = [marker("Agent"), *agent, marker("Caller"), word(4000, 5000)]
    result = compute(tokens, length=9000)
    assert result["agent-intra-call-change-in-talk-rate"] == pytest.approx(40 / 60)
    assert result["caller-intra-call-change-in-talk-rate"] is None


def test_thirds_are_half_open_and_exact_for_midpoints_on_the_boundaries():
    """L = 900: thirds [0,300) and [600,900). Midpoints 100 | 300 | 600 800::

    ms        0    200  400  600  800  900
    agent     [===)[===)   [===)[===)          midpoints 100, 300, 600, 800
    first third: 300 is not < 300 -> 1 word / 300 ms = 200 wpm
    last third:  600 and 800      -> 2 words / 300 ms = 400 wpm   change = 2.0
    """
    tokens = [
        marker("Agent"),
        word(0, 200),
        word(200, 400),
        word(500, 700),
        word(700, 900),
        marker("Caller"),
        word(2000, 2100),
    ]
    with pytest.warns(
        LossyConversionWarning, match="speech ends at 2100 ms, after the call length 900"
    ):
        result = compute(tokens, length=900)
    assert result["agent-intra-call-change-in-talk-rate"] == pytest.approx(2.0)


def test_intra_call_change_undefined_for_an_empty_first_third_or_a_zero_first_rate():
    """Left: the agent only talks after L/3, the first-third region is empty. Right: the
    first-third region has 500 ms but no word midpoint (3000 is not < 3000): rate 0::

        ms        0    3000  5000      9000          0   2500 3500      9000
        agent                [=========)                 [====)  [=====)
    """
    late = [marker("Agent"), word(5000, 9000), marker("Caller"), word(9500, 9600)]
    with pytest.warns(LossyConversionWarning, match="speech ends at 9600 ms"):
        assert compute(late, length=9000)["agent-intra-call-change-in-talk-rate"] is None
    straddle = [
        marker("Agent"),
        word(2500, 3500),
        word(7000, 8000),
        marker("Caller"),
        word(9500, 9600),
    ]
    with pytest.warns(LossyConversionWarning, match="speech ends at 9600 ms"):
        assert compute(straddle, length=9000)["agent-intra-call-change-in-talk-rate"] is None


# --- streaks -----------------------------------------------------------------------------------


def test_streak_metrics_per_role_and_pooled():
    """A new streak starts at a pause of 3000 ms or more; 2999 does not break one::

        ms       0    1000 2500    5500 6000    9000 9500
        agent    [===)[===)        [==)         [==)         pauses 500 | 3000 | 3000
        streaks  [=======)         [==)         [==)         2.5 s, 0.5 s, 0.5 s
        caller        3000 [===) ... 6999 [===) 7999         pause 2999: one streak 4.999 s

    agent: average 3.5/3, longest 2.5, median 0.5; caller: 4.999 for all three;
    pooled [2.5, 0.5, 0.5, 4.999]: average 8.499/4, longest 4.999, median (0.5+2.5)/2 = 1.5.
    """
    tokens = [
        marker("Agent"),
        word(0, 1000),
        word(1500, 2500),
        word(5500, 6000),
        word(9000, 9500),
        marker("Caller"),
        word(3000, 4000),
        word(6999, 7999),
    ]
    result = compute(tokens)
    assert result["agent-average-streak"] == pytest.approx(3.5 / 3)
    assert result["agent-longest-streak"] == 2.5
    assert result["agent-median-streak"] == 0.5
    assert result["caller-average-streak"] == pytest.approx(4.999)
    assert result["caller-longest-streak"] == pytest.approx(4.999)
    assert result["caller-median-streak"] == pytest.approx(4.999)
    assert result["average-streak"] == pytest.approx(8.499 / 4)
    assert result["longest-streak"] == pytest.approx(4.999)
    assert result["median-streak"] == pytest.approx(1.5)


def test_streak_end_is_the_largest_end_when_words_overlap_on_one_channel():
    """The 100..200 word ends before the 0..5000 word; the pause is measured from 5000::

    ms       0                   5000      7500 8000
    agent    [===================)
             [)                                        [100,200)
                                           [==)        gap 2500 < 3000: same streak
    streak   [=====================================)   8.0 s
    """
    tokens = [
        marker("Agent"),
        word(100, 200),
        word(0, 5000),
        word(7500, 8000),
        marker("Caller"),
        word(20000, 21000),
    ]
    result = compute(tokens)
    assert result["agent-longest-streak"] == 8.0
    assert [(s.start_ms, s.end_ms) for s in result.streaks if s.speaker == "Agent"] == [(0, 8000)]


def test_zero_length_words_never_start_or_bridge_a_streak():
    """A zero-length word at 4000 would start a streak (3000 after 1000) that bridges to the
    word at 6000; it adds no time, so the streaks are [0,1000) and [6000,7000)::

        ms       0    1000      4000      6000 7000
        agent    [===)          |         [===)
    """
    tokens = [
        marker("Agent"),
        word(0, 1000),
        word(4000, 4000, "uh"),
        word(6000, 7000),
        marker("Caller"),
        word(9000, 9500),
    ]
    result = compute(tokens)
    assert result["agent-average-streak"] == 1.0
    assert result["agent-longest-streak"] == 1.0


def test_mono_pools_the_streaks_of_every_speaker_present_and_role_streaks_are_undefined():
    """Mono (no markers): role streak metrics undefined, pooled ones defined::

    ms       0    1000      5000 5500
    words    [===)          [==)            streaks 1.0 s and 0.5 s
    """
    result = compute([word(0, 1000), word(5000, 5500)])
    for name in STREAK_ROLES:
        assert result[name] is None
    assert result["average-streak"] == 0.75
    assert result["longest-streak"] == 1.0
    assert result["median-streak"] == 0.75


# --- segments ----------------------------------------------------------------------------------


def test_join_gap_joins_at_exactly_join_gap_ms_and_is_a_parameter():
    """Gaps of 100 (joins) and 101 (splits)::

    ms       0   100 200 300  401 500
    words    [==)    [==)     [==)
    segments [==========)     [==)       join_gap_ms = 100
    segments [====================)      join_gap_ms = 101
    """
    tokens = [word(0, 100), word(200, 300), word(401, 500)]
    default = compute(tokens)
    assert [(s.start_ms, s.end_ms) for s in default.segments] == [(0, 300), (401, 500)]
    wider = compute(tokens, join_gap_ms=101)
    assert [(s.start_ms, s.end_ms) for s in wider.segments] == [(0, 500)]
