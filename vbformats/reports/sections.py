"""The plotted and tabulated sections of a call report: sentiment over time and per period,
voice features over time, word confidence, and the metrics (computed next to reported).

Per-word work is numpy over the word table's columns (``volume_array``, ``pitch_hz_array``,
``confidence``); series are averaged into at most :data:`MAX_POINTS` time buckets, so no plot
grows with the number of words.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from vbformats.models.media import Media
from vbformats.reports.model import (
    ConfidenceSection,
    MetricRow,
    MetricsSection,
    PeriodRow,
    SentimentSection,
    Series,
    VoiceSection,
    differs,
)

if TYPE_CHECKING:  # pragma: no cover
    from vbformats.metrics import MetricsResult

__all__ = [
    "MAX_POINTS",
    "confidence_section",
    "metrics_section",
    "period_means",
    "sentiment_section",
    "voice_section",
]

#: Most points of one time series (mean per bucket above that).
MAX_POINTS = 300

Find = Callable[[str | None], int | None]


# --- sentiment, voice, confidence -------------------------------------------------------------


def period_means(
    values: list[tuple[int, float]], length_ms: int, periods: int
) -> tuple[tuple[float | None, ...], float | None]:
    """Mean of the values per period ``[k·L/n, (k+1)·L/n)`` of the call (by each value's start;
    starts at or after ``L`` count in the last period) and over the whole call."""
    sums = [0.0] * periods
    counts = [0] * periods
    for start, value in values:
        k = min(periods - 1, start * periods // length_ms) if length_ms > 0 else 0
        sums[k] += value
        counts[k] += 1
    means = tuple(s / c if c else None for s, c in zip(sums, counts, strict=True))
    overall = sum(v for _, v in values) / len(values) if values else None
    return means, overall


def _downsample(points: list[tuple[int, float]], length_ms: int) -> list[tuple[int, float]]:
    """At most :data:`MAX_POINTS` points: the mean time and value per time bucket."""
    if len(points) <= MAX_POINTS or length_ms <= 0:
        return points
    buckets: dict[int, list[tuple[int, float]]] = {}
    for time_ms, value in points:
        buckets.setdefault(min(MAX_POINTS - 1, time_ms * MAX_POINTS // length_ms), []).append(
            (time_ms, value)
        )
    return [
        (sum(t for t, _ in group) // len(group), sum(v for _, v in group) / len(group))
        for _, group in sorted(buckets.items())
    ]


def sentiment_section(
    rows: list[dict[str, Any]], find: Find, length_ms: int
) -> SentimentSection | None:
    per_lane: dict[int, list[tuple[int, float]]] = {}
    for row in rows:
        lane = find(row["speaker"])
        if lane is None or row["start_ms"] is None or row["value"] is None:
            continue
        per_lane.setdefault(lane, []).append((row["start_ms"], float(row["value"])))
    if not per_lane:
        return None
    everyone = sorted(p for points in per_lane.values() for p in points)
    series = [
        Series(lane, _downsample(sorted(points), length_ms))
        for lane, points in sorted(per_lane.items())
    ]

    def table(periods: int) -> list[PeriodRow]:
        out = []
        for lane, points in sorted(per_lane.items()):
            means, overall = period_means(points, length_ms, periods)
            out.append(PeriodRow(lane, means, overall, len(points)))
        means, overall = period_means(everyone, length_ms, periods)
        out.append(PeriodRow(None, means, overall, len(everyone)))
        return out

    return SentimentSection(series, table(3), table(4))


def _buckets(times: Any, length_ms: int, buckets: int) -> Any:
    """The bucket of each time: ``t·n // L``, clipped to the last bucket. Exact integer
    arithmetic while ``t·n`` fits int64; beyond (times near 2**63 ms) in floats, which cannot
    overflow (a wrapped product was a negative bucket, and np.bincount raised)."""
    length = max(length_ms, 1)
    small = length < 2**62 and (len(times) == 0 or int(times.max()) <= 2**62 // max(buckets, 1))
    if small:
        return np.minimum(buckets - 1, times * buckets // length)
    scaled = np.floor(times.astype(np.float64) * (buckets / length))
    return np.clip(scaled, 0, buckets - 1).astype(np.int64)


def _bucket_series(
    lanes: Any, times: Any, values: Any, length_ms: int, buckets: int
) -> list[Series]:
    out = []
    for lane in sorted(set(lanes.tolist())):
        pick = (lanes == lane) & ~np.isnan(values)
        if not pick.any():
            continue
        t, v = times[pick], values[pick]
        index = _buckets(t, length_ms, buckets)
        count = np.bincount(index, minlength=buckets)
        mean_v = np.bincount(index, weights=v, minlength=buckets)
        mean_t = np.bincount(index, weights=t, minlength=buckets)
        keep = count > 0
        points = [
            (int(tt), float(vv))
            for tt, vv in zip(mean_t[keep] / count[keep], mean_v[keep] / count[keep], strict=True)
        ]
        out.append(Series(int(lane), points))
    return out


def voice_section(media: Media, find: Find, length_ms: int) -> VoiceSection | None:
    table = media.words
    volume = np.frombuffer(table.volume_array, dtype=np.float64)
    pitch = np.frombuffer(table.pitch_hz_array, dtype=np.float64)
    speech = np.asarray(table.is_speech, dtype=bool)
    if not (speech & ~np.isnan(volume)).any() and not (speech & ~np.isnan(pitch)).any():
        return None
    from vbformats.turns import speaker_of_tokens

    cache: dict[str | None, int] = {}
    lane_of = [
        cache[name] if name in cache else cache.setdefault(name, _lane(find, name))
        for name in speaker_of_tokens(table)
    ]
    lanes = np.asarray(lane_of, dtype=np.int64)[speech]
    starts = np.asarray(table.start_ms, dtype=np.int64)[speech]
    ends = np.asarray(table.end_ms, dtype=np.int64)[speech]
    times = starts + (ends - starts) // 2  # the midpoint, without the int64 sum overflowing
    valid = lanes >= 0
    lanes, times = lanes[valid], times[valid]
    buckets = min(120, MAX_POINTS)
    return VoiceSection(
        volume=_bucket_series(lanes, times, volume[speech][valid], length_ms, buckets),
        pitch=_bucket_series(lanes, times, pitch[speech][valid], length_ms, buckets),
    )


def _lane(find: Find, name: str | None) -> int:
    found = find(name)
    return -1 if found is None else found


def confidence_section(table: Any, threshold: float) -> ConfidenceSection | None:
    speech = np.asarray(table.is_speech, dtype=bool)
    values = np.array([math.nan if c is None else c for c in table.confidence], dtype=np.float64)[
        speech
    ]
    values = values[~np.isnan(values)]
    if not len(values) or (table.estimated and all(table.estimated)):
        return None
    clipped = np.clip(values, 0.0, 1.0)
    bins = np.minimum((clipped * 10).astype(np.int64), 9)
    return ConfidenceSection(
        bins=np.bincount(bins, minlength=10).tolist(),
        mean=float(values.mean()),
        count=len(values),
        low_count=int((values < threshold).sum()),
        threshold=threshold,
    )


# --- metrics ----------------------------------------------------------------------------------


def metrics_section(result: MetricsResult, find: Find) -> MetricsSection:
    from vbformats.metrics import GROUPS

    reported = {row.metric: row for row in result.comparison() if row.metric is not None}
    raw = result.values
    rows: list[MetricRow] = []
    for group, names in GROUPS:
        for name in names:
            computed = raw.get(name)
            value = None if computed is None else float(computed)
            seen = reported.get(name)
            reported_value = seen.reported if seen is not None else None
            difference = (
                value - reported_value if value is not None and reported_value is not None else None
            )
            rows.append(
                MetricRow(
                    group,
                    name,
                    value,
                    reported_value,
                    difference,
                    seen is not None and differs(value, reported_value),
                )
            )
    for name, extension in result.extensions.items():
        rows.append(MetricRow("vbformats-extensions", name, extension, None, None, False))
    silences = result.silences
    talk = []
    for stats in result.speakers:
        lane = find(stats.speaker)
        if lane is not None:
            talk.append((lane, stats.talk_ms))
    return MetricsSection(
        rows=rows,
        has_reported=bool(result.reported),
        length_ms=result.length_ms,
        talk_ms=talk,
        silence_ms=sum(s.duration_ms for s in silences),
        overtalk_ms=sum(i.duration_ms for i in result.incidents),
        overtalk_count=len(result.incidents),
        silence_incidents=sum(1 for s in silences if s.is_incident),
        longest_silence_ms=max((s.duration_ms for s in silences), default=0),
    )
