"""The tables of locally computed metrics (:func:`vbformats.metrics.compute`).

``computed_metrics`` (every metric, VoiceBase's and the extensions), ``overtalk_incidents``,
``silences``, ``streaks``, ``talk_segments``, ``speaker_metrics`` and ``metric_comparison``:
each is what a :class:`~vbformats.metrics.MetricsResult` method returns
(``result.incidents_frame()`` …) and, from a source, ``vbformats.frames.<name>(source, ...)``,
which computes the metrics first (per file, for many). The declarations here are the only ones:
the result's methods build their frames through :func:`result_frame`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from vbformats.frames.core import Column, Table, columns, frame, register

if TYPE_CHECKING:
    import pandas as pd

    from vbformats.metrics.result import MetricsResult
    from vbformats.models.media import Media

__all__ = ["result_frame"]

_METRICS_OPTIONS = {
    "compat": "Render values as VoiceBase does (undefined → 0, rounded); see "
    ":func:`vbformats.metrics.compute`.",
    "join_gap_ms": "Talk segments join across gaps of at most this many ms (100).",
    "streak_gap_ms": "A pause of at least this many ms starts a new streak (3000).",
    "silence_min_ms": "Silences longer than this many ms are incidents (4000).",
    "agent_volume_divisor": "'Good agent' volume for agent-relative-voice-volume-energy (4.33).",
    "caller_volume_divisor": "'Good caller' volume for caller-relative-voice-volume-energy (7.57).",
    "length_ms": "Call length ``L`` in ms (default: media length, else the last word's end).",
}


def _span_data(rows: list[Any]) -> dict[str, Any]:
    return {
        "speaker": [r.speaker for r in rows],
        "role": [r.role for r in rows],
        "start_ms": [r.start_ms for r in rows],
        "end_ms": [r.end_ms for r in rows],
        "duration_ms": [r.duration_ms for r in rows],
    }


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _values(result: MetricsResult, extensions: bool = True) -> dict[str, Any]:
    from vbformats.metrics.names import EXTENSION_GROUP, GROUP_OF, METRIC_NAMES

    values = result.values
    rows: list[tuple[str, str, float | None, bool]] = [
        (GROUP_OF[name], name, _float(values[name]), False) for name in METRIC_NAMES
    ]
    if extensions:
        rows += [(EXTENSION_GROUP, name, value, True) for name, value in result.extensions.items()]
    return {
        "group": [row[0] for row in rows],
        "metric": [row[1] for row in rows],
        "value": [row[2] for row in rows],
        "extension": [row[3] for row in rows],
    }


def _incidents(result: MetricsResult) -> dict[str, Any]:
    rows = result.incidents
    return {
        "start_ms": [r.start_ms for r in rows],
        "end_ms": [r.end_ms for r in rows],
        "duration_ms": [r.duration_ms for r in rows],
        "interrupter": [r.interrupter for r in rows],
        "interrupted": [r.interrupted for r in rows],
        "interrupter_speaker": [r.interrupter_speaker for r in rows],
        "interrupted_speaker": [r.interrupted_speaker for r in rows],
    }


def _silences(result: MetricsResult) -> dict[str, Any]:
    rows = result.silences
    return {
        "start_ms": [r.start_ms for r in rows],
        "end_ms": [r.end_ms for r in rows],
        "duration_ms": [r.duration_ms for r in rows],
        "is_incident": [r.is_incident for r in rows],
    }


def _speakers(result: MetricsResult) -> dict[str, Any]:
    rows = result.speakers
    names = (
        "speaker",
        "role",
        "word_count",
        "talk_ms",
        "talk_share",
        "talk_pct_of_call",
        "longest_monologue_ms",
        "patience_ms",
        "segment_count",
        "streak_count",
    )
    return {name: [getattr(row, name) for row in rows] for name in names}


def _comparison(result: MetricsResult) -> dict[str, Any]:
    rows = result.comparison()
    return {
        "group": [r.group for r in rows],
        "metric": [r.metric for r in rows],
        "reported": [r.reported for r in rows],
        "computed": [_float(r.computed) for r in rows],
        "difference": [r.difference for r in rows],
    }


_DATA: dict[str, Callable[..., dict[str, Any]]] = {
    "computed_metrics": _values,
    "overtalk_incidents": _incidents,
    "silences": _silences,
    "streaks": lambda result: _span_data(result.streaks),
    "talk_segments": lambda result: _span_data(result.segments),
    "speaker_metrics": _speakers,
    "metric_comparison": _comparison,
}


def result_frame(table: str, result: MetricsResult, **options: Any) -> pd.DataFrame:
    """The ``table`` of a computed :class:`~vbformats.metrics.MetricsResult`."""
    data = _DATA[table](result, **options)
    return frame(table, data, len(next(iter(data.values()))))


def _builder(table: str) -> Callable[..., pd.DataFrame]:
    def build(media: Media, roles: Mapping[str, str] | None, **options: Any) -> pd.DataFrame:
        from vbformats.metrics import compute

        extensions = options.pop("extensions", True)
        result = compute(media, roles=roles, **options)
        if table == "computed_metrics":
            return result_frame(table, result, extensions=extensions)
        return result_frame(table, result)

    return build


def _declare(
    name: str, summary: str, columns: tuple[Column, ...], options: Mapping[str, str] = {}
) -> None:
    register(
        Table(
            name=name,
            summary=summary,
            columns=columns,
            build=_builder(name),
            options={**_METRICS_OPTIONS, **options},
            speakers=True,
            family="metrics",
        )
    )


_SPAN = columns(
    """
    speaker      category  speaker name as the computed metrics gives it
    role         category  `agent` / `caller` / missing (see Roles)
    start_ms     Int64     start, ms (inclusive)
    end_ms       Int64     end, ms (exclusive)
    duration_ms  Int64     `end_ms - start_ms`
    """
)

_declare(
    "computed_metrics",
    "one row per metric computed here (the 44 of VoiceBase, then the `vbformats-*` extensions)",
    columns(
        """
        group      string   the metric group (`overtalk`, ..., `vbformats-extensions`)
        metric     string   the metric name as VoiceBase spells it
        value      Float64  the value; missing when undefined
        extension  boolean  a `vbformats-*` extension, not a VoiceBase metric
        """
    ),
    {"extensions": "Include the ``vbformats-*`` extension metrics (default true)."},
)
_declare(
    "overtalk_incidents",
    "one row per overtalk incident (who interrupted whom), time order",
    columns(
        """
        start_ms             Int64     start of the overlap, ms
        end_ms               Int64     end of the overlap, ms
        duration_ms          Int64     `end_ms - start_ms`
        interrupter          category  role that started talking second (missing: together)
        interrupted          category  role that was talking (missing: together)
        interrupter_speaker  category  the interrupter's speaker name
        interrupted_speaker  category  the interrupted speaker's name
        """
    ),
)
_declare(
    "silences",
    "one row per silent interval of the call window `[0, L)`, time order",
    columns(
        """
        start_ms     Int64    start of the silence, ms
        end_ms       Int64    end of the silence, ms
        duration_ms  Int64    `end_ms - start_ms`
        is_incident  boolean  longer than `silence_min_ms` (a silence incident)
        """
    ),
)
_declare("streaks", "one row per streak of one speaker, by start", _SPAN)
_declare("talk_segments", "one row per talk segment of one speaker, by start", _SPAN)
_declare(
    "speaker_metrics",
    "one row per speaker: talk time and the extension figures, speaker order",
    columns(
        """
        speaker               category  speaker name as the computed metrics gives it
        role                  category  `agent` / `caller` / missing (see Roles)
        word_count            Int64     speech words (zero-length ones included)
        talk_ms               Int64     length of the union of the speaker's talk segments, ms
        talk_share            Float64   `talk_ms` / the sum over speakers, 0..1
        talk_pct_of_call      Float64   `100 * talk_ms / L`
        longest_monologue_ms  Int64     longest run of the speaker's words, ms
        patience_ms           Float64   mean pause before the speaker answers, ms
        segment_count         Int64     talk segments
        streak_count          Int64     streaks
        """
    ),
)
_declare(
    "metric_comparison",
    "one row per metric the document reported: reported next to computed",
    columns(
        """
        group       string   `metricGroupName` as reported
        metric      string   `metricName` as reported
        reported    Float64  the reported value
        computed    Float64  the value computed here (missing: undefined or unknown)
        difference  Float64  `computed - reported`
        """
    ),
)
