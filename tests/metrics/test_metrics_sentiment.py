"""Sentiment metrics: summaries of ``speakerSentiments`` in time order, per call and per role."""

from __future__ import annotations

import pytest
from metrics_builders import compute, doc, marker, word

import vbformats
from vbformats import metrics

SENTIMENT = (
    "call-sentiment",
    "start-sentiment",
    "end-sentiment",
    "call-change-in-sentiment",
    "agent-sentiment",
    "agent-start-sentiment",
    "agent-end-sentiment",
    "agent-intra-call-change-in-sentiment",
    "caller-sentiment",
    "caller-start-sentiment",
    "caller-end-sentiment",
    "caller-intra-call-change-in-sentiment",
)

TWO_PARTY = [marker("Agent"), word(0, 1000), marker("Caller"), word(2000, 3000)]


def test_call_and_role_sentiment_from_values_listed_per_speaker():
    """``speakerSentiments`` lists the caller's values, then the agent's; time order merges::

    ms        0     1000  2000  3000  4000  5000  6000  7000
    agent     [+0.6)                  [-0.4)
    caller                [+0.2)[ 0.0)            [-0.8)
    time order: +0.6 +0.2 0.0 -0.4 -0.8          n = 5, k = 2
    start = (+0.6 +0.2)/2 = +0.4   end = (-0.4 -0.8)/2 = -0.6   change = -1.0
    call = -0.4/5 = -0.08
    agent  [+0.6, -0.4]: k = 1, start +0.6, end -0.4, change -1.0, mean +0.1
    caller [+0.2, 0.0, -0.8]: k = 1, start +0.2, end -0.8, change -1.0, mean -0.2
    """
    sentiments = [
        ("Caller", [(2000, 3000, 0.2), (3000, 4000, 0.0), (6000, 7000, -0.8)]),
        ("Agent", [(0, 1000, 0.6), (4000, 5000, -0.4)]),
    ]
    result = compute(TWO_PARTY, sentiments=sentiments)
    assert result["call-sentiment"] == pytest.approx(-0.08)
    assert result["start-sentiment"] == pytest.approx(0.4)
    assert result["end-sentiment"] == pytest.approx(-0.6)
    assert result["call-change-in-sentiment"] == pytest.approx(-1.0)
    assert result["agent-sentiment"] == pytest.approx(0.1)
    assert result["agent-start-sentiment"] == pytest.approx(0.6)
    assert result["agent-end-sentiment"] == pytest.approx(-0.4)
    assert result["agent-intra-call-change-in-sentiment"] == pytest.approx(-1.0)
    assert result["caller-sentiment"] == pytest.approx(-0.2)
    assert result["caller-start-sentiment"] == pytest.approx(0.2)
    assert result["caller-end-sentiment"] == pytest.approx(-0.8)
    assert result["caller-intra-call-change-in-sentiment"] == pytest.approx(-1.0)


def test_equal_times_keep_the_document_order_and_minus_two_means_positive_to_negative():
    """Two values over the same [0,1000): the one listed first comes first::

    listed   Agent +1.0 over [0,1000), then Caller -1.0 over [0,1000)
    order    +1.0, -1.0          start +1.0, end -1.0, change -2.0
    """
    sentiments = [("Agent", [(0, 1000, 1.0)]), ("Caller", [(0, 1000, -1.0)])]
    result = compute(TWO_PARTY, sentiments=sentiments)
    assert result["start-sentiment"] == 1.0
    assert result["end-sentiment"] == -1.0
    assert result["call-change-in-sentiment"] == -2.0


def test_sentiment_speaker_names_are_cleaned_and_matched_case_insensitively():
    """Words say ``Agent``/``Caller``; the sentiments say ``agent:`` and ``CALLER``."""
    sentiments = [("agent:", [(0, 1000, 0.5)]), ("CALLER", [(2000, 3000, -0.5)])]
    result = compute(TWO_PARTY, sentiments=sentiments)
    assert result["agent-sentiment"] == 0.5
    assert result["caller-sentiment"] == -0.5


def test_mono_call_has_call_level_sentiment_only():
    """No markers: call-level metrics defined, per-role undefined::

    values   +0.3 [0,1000)   -0.1 [1000,2000)     k = 1: start 0.3, end -0.1
    """
    media = doc(
        [word(0, 1000), word(1000, 2000)],
        sentiments=[("Speaker 1", [(0, 1000, 0.3), (1000, 2000, -0.1)])],
    )
    result = metrics.compute(media)
    assert result["call-sentiment"] == pytest.approx(0.1)
    assert result["call-change-in-sentiment"] == pytest.approx(-0.4)
    for name in SENTIMENT[4:]:
        assert result[name] is None


def test_no_sentiment_section_leaves_everything_undefined_and_compat_zero():
    result = compute(TWO_PARTY)
    for name in SENTIMENT:
        assert result[name] is None
    compat = compute(TWO_PARTY, compat=True)
    assert [compat[name] for name in SENTIMENT] == [0.0] * 12


def test_a_role_without_values_has_empty_thirds():
    """Two-party call, only the agent has sentiment: the caller's list is empty (n = 0)."""
    result = compute(TWO_PARTY, sentiments=[("Agent", [(0, 1000, 0.2)])])
    assert result["agent-sentiment"] == 0.2
    assert result["agent-intra-call-change-in-sentiment"] == 0.0
    assert result["caller-sentiment"] is None
    assert result["caller-start-sentiment"] is None
    assert result["caller-intra-call-change-in-sentiment"] is None


def test_document_without_words_takes_roles_from_the_sentiment_speakers():
    """No transcript at all: ``Customer`` and ``Agent`` from ``speakerSentiments`` fill the
    roles by name (Customer speaks first, but the names decide)."""
    media = vbformats.load(
        {
            "mediaId": "m",
            "speakerSentiments": [
                {"speakerName": "Customer", "sentimentValues": [{"s": 0, "e": 900, "v": -0.5}]},
                {"speakerName": "Agent", "sentimentValues": [{"s": 1000, "e": 1900, "v": 0.7}]},
            ],
        }
    )
    result = metrics.compute(media)
    assert result.roles == {"Customer": "caller", "Agent": "agent"}
    assert result["agent-sentiment"] == 0.7
    assert result["caller-sentiment"] == -0.5
    assert result["call-change-in-sentiment"] == pytest.approx(1.2)
