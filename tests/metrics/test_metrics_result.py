"""The metrics result: VoiceBase's section shape, compat rendering, frames, the comparison with
what VoiceBase reported, parameters, bad input, and every bundled sample."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import warnings

import pandas as pd
import pytest
from metrics_builders import compute, doc, marker, punc, word, worked_check

import vbformats
from vbformats import metrics
from vbformats.errors import InvalidInputError, LossyConversionWarning
from vbformats.models.wire_words import WireWord
from vbformats.models.words import WordTable

# Written out from the VoiceBase v3 documentation ("Conversation Metrics"), in its order.
DOCUMENTED = {
    "overtalk": [
        "overtalk-incidents",
        "agent-overtalk-incidents",
        "caller-overtalk-incidents",
        "overtalk-ratio",
        "agent-overtalk-ratio",
        "caller-overtalk-ratio",
    ],
    "talk-time-and-rate": [
        "agent-talk-ratio",
        "caller-talk-ratio",
        "silence-ratio",
        "silence-incidents",
        "agent-talk-rate",
        "caller-talk-rate",
        "agent-to-caller-talk-rate-ratio",
        "agent-intra-call-change-in-talk-rate",
        "caller-intra-call-change-in-talk-rate",
        "agent-average-streak",
        "agent-longest-streak",
        "agent-median-streak",
        "average-streak",
        "caller-average-streak",
        "caller-longest-streak",
        "caller-median-streak",
        "longest-streak",
        "median-streak",
    ],
    "talk-style-tone-and-volume": [
        "agent-intra-call-change-in-pitch",
        "agent-intra-call-change-in-relative-voice-volume-energy",
        "agent-relative-voice-volume-energy",
        "agent-voice-dynamism-std-dev-score",
        "caller-intra-call-change-in-pitch",
        "caller-intra-call-change-in-relative-voice-volume-energy",
        "caller-relative-voice-volume-energy",
        "caller-voice-dynamism-std-dev-score",
    ],
    "sentiment": [
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
    ],
}


def test_to_voicebase_has_the_four_documented_groups_and_44_metrics_in_order():
    section = compute(worked_check(), length=10000).to_voicebase()
    assert [group["metricGroupName"] for group in section] == list(DOCUMENTED)
    for group in section:
        assert [v["metricName"] for v in group["metricValues"]] == DOCUMENTED[
            group["metricGroupName"]
        ]
        assert set(group) == {"metricGroupName", "metricValues"}
    assert sum(len(names) for names in DOCUMENTED.values()) == 44


def test_undefined_values_are_json_null_and_compat_turns_them_into_zero():
    """The worked check has no voice features and no sentiment: those are null."""
    section = compute(worked_check(), length=10000).to_voicebase()
    text = json.dumps(section)
    values = {v["metricName"]: v["metricValue"] for g in section for v in g["metricValues"]}
    assert values["agent-intra-call-change-in-pitch"] is None
    assert '"metricValue": null' in text
    compat = compute(worked_check(), length=10000, compat=True).to_voicebase()
    compat_values = {v["metricName"]: v["metricValue"] for g in compat for v in g["metricValues"]}
    assert None not in compat_values.values()
    assert compat_values["call-sentiment"] == 0.0
    assert compat_values["overtalk-incidents"] == 1
    assert compat_values["overtalk-ratio"] == 0.05


def test_compat_rounds_half_up_counts_and_rates_to_integers_the_rest_to_two_places():
    assert metrics.compat_value("overtalk-ratio", 0.125) == 0.13
    assert metrics.compat_value("call-change-in-sentiment", -0.125) == -0.13
    assert metrics.compat_value("overtalk-ratio", 0.045) == 0.05
    assert metrics.compat_value("overtalk-ratio", 0.0449) == 0.04
    assert metrics.compat_value("agent-talk-rate", 150.5) == 151
    assert metrics.compat_value("caller-talk-rate", 149.49) == 149
    assert metrics.compat_value("silence-incidents", 3) == 3
    assert metrics.compat_value("agent-average-streak", 6.8049) == 6.8
    assert metrics.compat_value("agent-talk-rate", None) == 0
    assert isinstance(metrics.compat_value("agent-talk-rate", 150.5), int)


def test_extensions_are_a_separate_labelled_group_only_when_asked():
    result = compute(worked_check(), length=10000)
    assert len(result.to_voicebase()) == 4
    section = result.to_voicebase(extensions=True)
    assert section[-1]["metricGroupName"] == "vbformats-extensions"
    names = [v["metricName"] for v in section[-1]["metricValues"]]
    assert all(name.startswith("vbformats-") for name in names)
    assert not set(names) & {n for g in DOCUMENTED.values() for n in g}
    assert result["vbformats-interactivity"] == pytest.approx(1 / (10000 / 60000))


def test_to_frame_has_a_row_per_metric_with_nan_for_undefined():
    frame = compute(worked_check(), length=10000).to_frame()
    assert list(frame.columns) == ["group", "metric", "value", "extension"]
    assert str(frame["value"].dtype) == "Float64"
    assert len(frame) == 44 + 9
    assert frame["extension"].sum() == 9
    by_name = frame.set_index("metric")["value"]
    assert by_name["overtalk-ratio"] == 0.05
    assert pd.isna(by_name["call-sentiment"])
    assert len(compute(worked_check(), length=10000).to_frame(extensions=False)) == 44


def test_interval_frames_of_the_worked_check():
    """Worked check: segments A [0,2000), C [1500,3000); streaks the same; one incident
    [1500,2000) caller over agent; one silence [3000,10000)."""
    result = compute(worked_check(), length=10000)
    incidents = result.incidents_frame()
    assert incidents.to_dict("records") == [
        {
            "start_ms": 1500,
            "end_ms": 2000,
            "duration_ms": 500,
            "interrupter": "caller",
            "interrupted": "agent",
            "interrupter_speaker": "Caller",
            "interrupted_speaker": "Agent",
        }
    ]
    assert str(incidents["start_ms"].dtype) == "Int64"
    silences = result.silences_frame()
    assert silences.to_dict("records") == [
        {"start_ms": 3000, "end_ms": 10000, "duration_ms": 7000, "is_incident": True}
    ]
    segments = result.segments_frame()
    assert segments[["speaker", "role", "start_ms", "end_ms", "duration_ms"]].values.tolist() == [
        ["Agent", "agent", 0, 2000, 2000],
        ["Caller", "caller", 1500, 3000, 1500],
    ]
    streaks = result.streaks_frame()
    assert streaks[["speaker", "start_ms", "end_ms"]].values.tolist() == [
        ["Agent", 0, 2000],
        ["Caller", 1500, 3000],
    ]


def test_empty_call_gives_empty_frames_with_the_same_columns():
    result = compute([])
    for frame, columns in (
        (result.incidents_frame(), 7),
        (result.silences_frame(), 4),
        (result.segments_frame(), 5),
        (result.streaks_frame(), 5),
        (result.speakers_frame(), 10),
        (result.comparison_frame(), 5),
    ):
        assert len(frame) == 0
        assert len(frame.columns) == columns


def test_comparison_lists_every_reported_metric_with_the_difference():
    """Reported: overtalk-ratio 0.04 (computed 0.05), overtalk-incidents 1 (same), a null,
    and a name vbformats does not know."""
    reported = [
        (
            "overtalk",
            [("overtalk-ratio", 0.04), ("overtalk-incidents", 1), ("caller-overtalk-ratio", None)],
        ),
        ("custom", [("made-up-metric", 3)]),
    ]
    result = compute(worked_check(), length=10000, reported=reported)
    rows = [(r.group, r.metric, r.reported, r.computed, r.difference) for r in result.comparison()]
    assert rows[0][:4] == ("overtalk", "overtalk-ratio", 0.04, 0.05)
    assert rows[0][4] == pytest.approx(0.01)
    assert rows[1] == ("overtalk", "overtalk-incidents", 1.0, 1, 0.0)
    assert rows[2] == ("overtalk", "caller-overtalk-ratio", None, 0.05, None)
    assert rows[3] == ("custom", "made-up-metric", 3.0, None, None)
    frame = result.comparison_frame()
    assert list(frame.columns) == ["group", "metric", "reported", "computed", "difference"]
    assert pd.isna(frame.loc[3, "computed"])


def test_a_computed_section_merged_back_into_the_callback_compares_equal():
    media = doc(worked_check(), length=10000)
    result = metrics.compute(media, compat=True)
    merged = media.to_dict()
    merged["metrics"] = result.to_voicebase()
    again = metrics.compute(vbformats.load(merged), compat=True)
    rows = again.comparison()
    assert len(rows) == 44
    assert all(row.difference == 0 for row in rows)


def test_every_parameter_is_validated_and_named_in_the_error():
    for name, bad in (
        ("join_gap_ms", -1),
        ("streak_gap_ms", 0),
        ("silence_min_ms", -5),
        ("agent_volume_divisor", 0),
        ("caller_volume_divisor", float("nan")),
        ("length_ms", -1),
    ):
        with pytest.raises(InvalidInputError) as error:
            compute(worked_check(), **{name: bad})
        assert error.value.path == name
    with pytest.raises(InvalidInputError):
        compute(worked_check(), roles={"Agent": "boss"})
    with pytest.raises(InvalidInputError):
        metrics.compute({"transcript": {}})  # type: ignore[arg-type]


def test_length_ms_argument_overrides_the_media_length():
    result = compute(worked_check(), length=10000, length_ms=20000)
    assert result.length_ms == 20000
    assert result.length_source == "argument"
    assert result["overtalk-ratio"] == 0.025


def test_speech_words_ending_before_they_start_are_dropped_with_a_warning():
    """The loader refuses ``e < s``; a table built by hand can still hold one. It is left out
    (and named), the rest is computed::

        ms        0    1000 2000
        agent     [====)             caller  [1500,2000) and a bad word s=900 e=100
    """
    items = [
        WireWord(s=0, e=0, w="Agent", m="turn"),
        WireWord(s=0, e=1000, w="a"),
        WireWord(s=1000, e=1000, w="Caller", m="turn"),
        WireWord(s=900, e=100, w="bad"),
        WireWord(s=1500, e=2000, w="c"),
    ]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = metrics.compute(WordTable(items))
    assert any(issubclass(w.category, LossyConversionWarning) for w in caught)
    assert "transcript.words[3]" in str(caught[0].message)
    assert result.dropped_words == 1
    assert [(s.speaker, s.start_ms, s.end_ms) for s in result.segments] == [
        ("Agent", 0, 1000),
        ("Caller", 1500, 2000),
    ]
    assert result.length_ms == 2000


def test_a_bare_word_table_works_without_length_or_sentiment():
    table = doc(worked_check()).words
    result = metrics.compute(table)
    assert result.length_ms == 3000
    assert result["overtalk-ratio"] == pytest.approx(500 / 3000)
    assert result["call-sentiment"] is None


def test_dtmf_and_unknown_flags_are_not_speech():
    """A dtmf token and a token with an unknown flag inside the caller's turn add no talk."""
    tokens = [
        marker("Agent"),
        word(0, 1000),
        marker("Caller"),
        {"s": 2000, "e": 2500, "w": "5", "m": "dtmf"},
        {"s": 3000, "e": 3500, "w": "x", "m": "laughter"},
        punc(3500, 3600),
        word(4000, 4500),
    ]
    result = compute(tokens, length=5000)
    assert [(s.speaker, s.start_ms) for s in result.segments] == [("Agent", 0), ("Caller", 4000)]
    assert result["silence-ratio"] == pytest.approx(3500 / 5000)


def test_importing_metrics_does_not_import_pandas():
    code = (
        "import sys, vbformats, vbformats.metrics, vbformats.intervals;"
        "import vbformats.commands.metrics;"
        "print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_every_bundled_json_sample_computes(samples_dir):
    paths = sorted(samples_dir.glob("*.json"))
    computed = 0
    for path in paths:
        try:
            media = vbformats.load(path)
        except vbformats.VBFormatsError:
            continue  # error bodies are samples too
        result = metrics.compute(media)
        assert len(result.to_voicebase()) == 4
        for value in result.values.values():
            assert value is None or math.isfinite(value)
        computed += 1
    assert computed >= 3
    stereo = metrics.compute(vbformats.load(samples_dir / "stereo_call.json"))
    assert stereo.two_party
    assert stereo.roles == {"Agent": "agent", "Caller": "caller"}
    assert len(stereo.comparison()) == 44
