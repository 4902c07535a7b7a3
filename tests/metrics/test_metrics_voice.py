"""Talk style, tone and volume (pitch and volume from ``frq`` and ``v``), drawn per word."""

from __future__ import annotations

import math

import pytest
from metrics_builders import compute, marker, word

from vbformats.metrics.voice import word_pitch

VOICE = (
    "agent-intra-call-change-in-pitch",
    "agent-intra-call-change-in-relative-voice-volume-energy",
    "agent-relative-voice-volume-energy",
    "agent-voice-dynamism-std-dev-score",
    "caller-intra-call-change-in-pitch",
    "caller-intra-call-change-in-relative-voice-volume-energy",
    "caller-relative-voice-volume-energy",
    "caller-voice-dynamism-std-dev-score",
)


def test_pitch_of_a_word_is_the_frequency_with_the_largest_energy():
    """Entries need ``f > 0`` and ``e > 0``; equal energies pick the lower ``f``::

    frq (f Hz, e)                          pitch
    (260.9, 1.0) (521.8, 0.35)             260.9
    (300, 0.8) (200, 0.8) (100, 0.5)       200     tie on e -> lower f
    (0, 1.0) (150, 0.4)                    150     f = 0 is not a pitch
    (-5, 1.0) / (120, 0) / none / []       None
    """
    assert word_pitch([(260.9, 1.0), (521.8, 0.35)]) == 260.9
    assert word_pitch([(300.0, 0.8), (200.0, 0.8), (100.0, 0.5)]) == 200.0
    assert word_pitch([(0.0, 1.0), (150.0, 0.4)]) == 150.0
    assert word_pitch([(-5.0, 1.0)]) is None
    assert word_pitch([(120.0, 0.0)]) is None
    assert word_pitch(None) is None
    assert word_pitch([]) is None


def test_change_in_pitch_uses_thirds_of_the_time_sorted_words_that_have_a_pitch():
    """Agent words listed in reverse time order; two without a usable pitch are skipped.
    Each pitched word has its pitch as the dominant peak and an octave with less energy::

        time order   w0  w1  w2  w3  (x)  w4  w5  (x)  w6        x = no usable pitch
        pitch Hz     120 130 140 150      160 170      180       n = 7, k = ceil(7/3) = 3
        first third  [120 130 140)                               mean 130
        last third                        [160 170     180)      mean 170

    agent-intra-call-change-in-pitch = 170/130. The caller has one pitched word: both thirds
    are that word (k = 1), change 1.0.
    """
    pitched = [
        word(1000 * i, 1000 * i + 500, frq=[(2 * hz, 0.3), (hz, 1.0)])
        for i, hz in enumerate((120, 130, 140, 150))
    ]
    pitched += [
        word(5000, 5500, frq=[(160, 1.0)]),
        word(6000, 6500, frq=[(170, 1.0)]),
        word(8000, 8500, frq=[(180, 0.9), (90, 0.1)]),
    ]
    skipped = [word(4500, 4800, frq=[(0.0, 1.0)]), word(7000, 7500)]
    tokens = [
        marker("Agent"),
        *reversed(pitched + skipped),
        marker("Caller"),
        word(9000, 9500, frq=[(210, 1.0)]),
    ]
    result = compute(tokens)
    assert result["agent-intra-call-change-in-pitch"] == pytest.approx(170 / 130)
    assert result["caller-intra-call-change-in-pitch"] == 1.0


def test_volume_metrics_change_energy_and_dynamism():
    """Agent ``v`` in time order 2, 4, 6, 8 (n = 4, k = 2, thirds overlap nothing here)::

        time order   2   4   6   8
        first third  [2   4)            mean 3
        last third           [6   8)    mean 7        change 7/3
        mean 5 -> relative energy 5/4.33; population std dev sqrt(20/4) = sqrt(5)

    Caller ``v`` 7.57 and 22.71 (its own words, divided by 7.57): energy 2.0, change 3.0,
    std dev 7.57. Words without ``v`` are skipped.
    """
    tokens = [
        marker("Agent"),
        word(3000, 3500, v=8.0),
        word(2000, 2500, v=6.0),
        word(1000, 1500, v=4.0),
        word(0, 500, v=2.0),
        word(500, 900),  # no v: skipped
        marker("Caller"),
        word(4000, 4500, v=7.57),
        word(5000, 5500, v=22.71),
    ]
    result = compute(tokens)
    assert result["agent-intra-call-change-in-relative-voice-volume-energy"] == pytest.approx(7 / 3)
    assert result["agent-relative-voice-volume-energy"] == pytest.approx(5 / 4.33)
    assert result["agent-voice-dynamism-std-dev-score"] == pytest.approx(math.sqrt(5))
    assert result["caller-relative-voice-volume-energy"] == pytest.approx(2.0)
    assert result["caller-intra-call-change-in-relative-voice-volume-energy"] == pytest.approx(3.0)
    assert result["caller-voice-dynamism-std-dev-score"] == pytest.approx(7.57)


def test_volume_divisors_are_parameters():
    """Same words, divisors 2 and 4: energy = mean v / divisor (agent mean 3, caller mean 8)."""
    tokens = [
        marker("Agent"),
        word(0, 500, v=3.0),
        marker("Caller"),
        word(1000, 1500, v=8.0),
    ]
    result = compute(tokens, agent_volume_divisor=2, caller_volume_divisor=4)
    assert result["agent-relative-voice-volume-energy"] == 1.5
    assert result["caller-relative-voice-volume-energy"] == 2.0


def test_no_voice_features_leave_all_eight_undefined():
    """A two-party call processed without voice features: no ``v``, no ``frq``::

    agent   [==)      caller   [==)        (no v, no frq anywhere)
    """
    tokens = [marker("Agent"), word(0, 500), marker("Caller"), word(1000, 1500)]
    result = compute(tokens)
    assert result.two_party
    for name in VOICE:
        assert result[name] is None
    assert [compute(tokens, compat=True)[name] for name in VOICE] == [0.0] * 8


def test_voice_metrics_need_two_parties():
    """Mono words with voice features: still undefined (per-role metrics)."""
    tokens = [word(0, 500, v=3.0, frq=[(100, 1.0)]), word(600, 900, v=4.0, frq=[(110, 1.0)])]
    result = compute(tokens)
    for name in VOICE:
        assert result[name] is None


def test_zero_volume_first_third_makes_the_change_undefined():
    """A first-third mean of 0 cannot be divided by::

    time order   0.0   5.0   5.0       n = 3, k = 1: 5.0 / 0.0 -> undefined
    """
    tokens = [
        marker("Agent"),
        word(0, 100, v=0.0),
        word(200, 300, v=5.0),
        word(400, 500, v=5.0),
        marker("Caller"),
        word(1000, 1100, v=1.0),
    ]
    result = compute(tokens)
    assert result["agent-intra-call-change-in-relative-voice-volume-energy"] is None
    assert result["agent-relative-voice-volume-energy"] == pytest.approx(10 / 3 / 4.33)
