"""Metrics never raise on generated documents and stay within their documented ranges.

Generated documents (tests/support/strategies.py) include mono files, two-party and three-speaker calls,
overtalk, zero-length words, words in any order (chaos), speaker names of every kind, voice
features on some words and ``speakerSentiments`` with values in [-1, 1]. The ranges below are
the ones the definitions in vbformats/metrics/*.py state (ratios of a part to a whole, counts,
durations, means of sentiment values in [-1, 1], ...). ``None`` (undefined) is always allowed.
"""

from __future__ import annotations

import math
import warnings

from hypothesis import given
from hypothesis import strategies as st
from strategies import documents, property_settings

import vbformats
from vbformats import LossyConversionWarning, metrics

UNIT = (0.0, 1.0)
NON_NEGATIVE = (0.0, math.inf)
SENTIMENT = (-1.0, 1.0)

RANGES: dict[str, tuple[float, float]] = {
    "overtalk-ratio": UNIT,
    "agent-overtalk-ratio": UNIT,
    "caller-overtalk-ratio": UNIT,
    "agent-talk-ratio": UNIT,
    "caller-talk-ratio": UNIT,
    "silence-ratio": UNIT,
    "agent-talk-rate": NON_NEGATIVE,
    "caller-talk-rate": NON_NEGATIVE,
    "agent-to-caller-talk-rate-ratio": NON_NEGATIVE,
    "agent-intra-call-change-in-talk-rate": NON_NEGATIVE,
    "caller-intra-call-change-in-talk-rate": NON_NEGATIVE,
    "agent-intra-call-change-in-pitch": NON_NEGATIVE,
    "caller-intra-call-change-in-pitch": NON_NEGATIVE,
    "agent-intra-call-change-in-relative-voice-volume-energy": NON_NEGATIVE,
    "caller-intra-call-change-in-relative-voice-volume-energy": NON_NEGATIVE,
    "agent-relative-voice-volume-energy": NON_NEGATIVE,
    "caller-relative-voice-volume-energy": NON_NEGATIVE,
    "agent-voice-dynamism-std-dev-score": NON_NEGATIVE,
    "caller-voice-dynamism-std-dev-score": NON_NEGATIVE,
    "call-sentiment": SENTIMENT,
    "start-sentiment": SENTIMENT,
    "end-sentiment": SENTIMENT,
    "agent-sentiment": SENTIMENT,
    "agent-start-sentiment": SENTIMENT,
    "agent-end-sentiment": SENTIMENT,
    "caller-sentiment": SENTIMENT,
    "caller-start-sentiment": SENTIMENT,
    "caller-end-sentiment": SENTIMENT,
    "call-change-in-sentiment": (-2.0, 2.0),
    "agent-intra-call-change-in-sentiment": (-2.0, 2.0),
    "caller-intra-call-change-in-sentiment": (-2.0, 2.0),
    "vbformats-agent-talk-share": UNIT,
    "vbformats-caller-talk-share": UNIT,
    "vbformats-agent-talk-time-pct-of-call": (0.0, 100.0),
    "vbformats-caller-talk-time-pct-of-call": (0.0, 100.0),
    "vbformats-agent-longest-monologue": NON_NEGATIVE,
    "vbformats-caller-longest-monologue": NON_NEGATIVE,
    "vbformats-agent-patience": NON_NEGATIVE,
    "vbformats-caller-patience": NON_NEGATIVE,
    "vbformats-interactivity": NON_NEGATIVE,
}
COUNTS = (
    "overtalk-incidents",
    "agent-overtalk-incidents",
    "caller-overtalk-incidents",
    "silence-incidents",
)
STREAKS = ("agent", "caller", "")  # "" = both roles pooled


def _check(result: metrics.MetricsResult) -> None:
    names = (*metrics.METRIC_NAMES, *metrics.EXTENSION_NAMES)
    assert len(metrics.METRIC_NAMES) == 44
    for name in names:
        value = result[name]
        if value is None:
            continue
        assert isinstance(value, (int, float)) and not isinstance(value, bool), name
        assert math.isfinite(value), (name, value)
        if name in COUNTS:
            assert value == int(value) and value >= 0, (name, value)
        elif name in RANGES:
            low, high = RANGES[name]
            assert low - 1e-9 <= value <= high + 1e-9, (name, value)
        else:  # streaks, in seconds
            assert "streak" in name and value >= 0, (name, value)
    for role in STREAKS:
        prefix = f"{role}-" if role else ""
        longest = result[f"{prefix}longest-streak"]
        for kind in ("average", "median"):
            value = result[f"{prefix}{kind}-streak"]
            if value is not None and longest is not None:
                assert value <= longest + 1e-9, (prefix, kind)
    shares = [result["vbformats-agent-talk-share"], result["vbformats-caller-talk-share"]]
    if None not in shares:
        assert sum(shares) <= 1 + 1e-9
    incidents = [result[n] for n in COUNTS[:3]]
    if None not in incidents:
        assert incidents[1] + incidents[2] <= incidents[0]


@property_settings(ci_examples=1000)
@given(
    st.one_of(documents(max_words=600), documents(chaos=True, max_words=600)),
    st.booleans(),
)
def test_metrics_never_raise_and_stay_in_their_documented_ranges(generated, compat):
    media = vbformats.load(generated.doc)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LossyConversionWarning)
        result = metrics.compute(media)
        compat_result = metrics.compute(media, compat=True)
    _check(result)
    for name in metrics.METRIC_NAMES:
        value = compat_result[name]
        # VoiceBase's rendering: never undefined, rounded
        assert value is not None and math.isfinite(value), name
        assert value == round(value, 2), (name, value)
    # the VoiceBase-shaped output lists every metric of every group
    shaped = result.to_voicebase() if compat else compat_result.to_voicebase()
    listed = [v["metricName"] for group in shaped for v in group["metricValues"]]
    assert set(metrics.METRIC_NAMES) <= set(listed)
