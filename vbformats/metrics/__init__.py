"""Conversation metrics recomputed locally: VoiceBase's 44, with written definitions, plus a few
clearly labelled vbformats extensions.

Quick start::

    import vbformats
    from vbformats import metrics

    result = metrics.compute(vbformats.load("call.json"))
    result["overtalk-ratio"]            # 0.05, or None when undefined
    result.to_voicebase()               # [{"metricGroupName": "overtalk", ...}, ...]
    result.incidents_frame()            # who interrupted whom, when (pandas)
    result.comparison_frame()           # reported by VoiceBase vs computed here

One module per metric family, all on :mod:`vbformats.spans` (sort + sweep, never pairwise):

* :mod:`~vbformats.metrics.base` – the primitives (speech words, speakers, roles, order,
  segments, streaks, the call window), applied once;
* :mod:`vbformats.spans.arrays` – :mod:`vbformats.spans` on numpy arrays, for the tens of
  thousands of segments of a long call;
* :mod:`~vbformats.metrics.overtalk` – overtalk incidents and ratios, with the interrupter;
* :mod:`~vbformats.metrics.talk` – talk ratios, silence, talk rates, streaks;
* :mod:`~vbformats.metrics.voice` – pitch and volume (talk style, tone and volume);
* :mod:`~vbformats.metrics.sentiment` – summaries of ``speakerSentiments``;
* :mod:`~vbformats.metrics.extensions` – talk share, talk time % of call, longest monologue,
  patience, interactivity (``vbformats-*`` names, never VoiceBase's).

The definitions (issue #4, with a timeline picture each) are in each module's docstring and in
the README section "Conversation metrics".
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from vbformats.metrics.base import MetricsParams, PreparedCall, gc_paused
from vbformats.metrics.extensions import SpeakerStats, extension_metrics
from vbformats.metrics.names import (
    EXTENSION_GROUP,
    EXTENSION_NAMES,
    GROUPS,
    METRIC_NAMES,
    compat_value,
)
from vbformats.metrics.overtalk import Incident, overtalk_metrics
from vbformats.metrics.result import (
    Comparison,
    MetricsResult,
    Segment,
    UnknownMetricError,
    reported_metrics,
)
from vbformats.metrics.sentiment import sentiment_metrics
from vbformats.metrics.talk import Silence, Streak, talk_metrics
from vbformats.metrics.voice import voice_metrics
from vbformats.models.media import Media
from vbformats.models.words import WordTable

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "EXTENSION_GROUP",
    "EXTENSION_NAMES",
    "GROUPS",
    "METRIC_NAMES",
    "Comparison",
    "Incident",
    "MetricsParams",
    "MetricsResult",
    "Segment",
    "Silence",
    "SpeakerStats",
    "Streak",
    "UnknownMetricError",
    "compat_value",
    "compute",
    "compute_many",
]


def compute(
    media: Media | WordTable,
    *,
    compat: bool = False,
    roles: Mapping[str, str] | None = None,
    join_gap_ms: int = 100,
    streak_gap_ms: int = 3000,
    silence_min_ms: int = 4000,
    agent_volume_divisor: float = 4.33,
    caller_volume_divisor: float = 7.57,
    length_ms: int | None = None,
) -> MetricsResult:
    """Compute every conversation metric of one call.

    Args:
        media: A loaded document (:func:`vbformats.load`) or a bare :class:`WordTable` (then
            there is no ``length`` and no sentiment).
        compat: Render values as VoiceBase does: undefined → 0, incident counts and talk rates
            rounded half-up to integers, everything else to 2 decimals. Off by default:
            undefined values are ``None`` and nothing is rounded.
        roles: Speaker name → ``"agent"``/``"caller"``, overriding the name rules
            (``{"Employee": "agent"}``); see :mod:`vbformats.roles`.
        join_gap_ms: A word joins the current talk segment when it starts at most this many ms
            after the segment's end.
        streak_gap_ms: A pause of at least this many ms starts a new streak.
        silence_min_ms: Silent intervals longer than this many ms are silence incidents.
        agent_volume_divisor: "Good agent" volume for agent-relative-voice-volume-energy.
        caller_volume_divisor: "Good caller" volume for caller-relative-voice-volume-energy.
        length_ms: Call length ``L`` in ms; by default media ``length`` when present and > 0,
            else the end of the last speech word.

    Returns:
        A :class:`MetricsResult` (values, intervals, frames, VoiceBase shape, comparison).

    Raises:
        InvalidInputError: a parameter out of range (named in the path), a ``roles`` value
            other than ``"agent"``/``"caller"``, or ``media`` of the wrong type.

    Warns:
        LossyConversionWarning: speech words ending before they start were left out.

    Example::

        >>> import vbformats
        >>> doc = {"length": 10000, "transcript": {"words": [
        ...     {"s": 0, "e": 0, "w": "Agent", "m": "turn"},
        ...     {"s": 0, "e": 1000, "w": "hello"}, {"s": 1050, "e": 2000, "w": "there"},
        ...     {"s": 1500, "e": 1500, "w": "Caller", "m": "turn"},
        ...     {"s": 1500, "e": 2500, "w": "hi"}, {"s": 2550, "e": 3000, "w": "yes"}]}}
        >>> result = compute(vbformats.load(doc))
        >>> result["overtalk-incidents"], result["overtalk-ratio"], result["silence-incidents"]
        (1, 0.05, 1)
        >>> result.incidents[0].interrupter
        'caller'
    """
    if not isinstance(media, (Media, WordTable)):
        from vbformats.errors import InvalidInputError

        raise InvalidInputError(
            "media",
            f"expected a Media (vbformats.load(...)) or a WordTable, got {type(media).__name__}",
        )
    params = MetricsParams(
        join_gap_ms=join_gap_ms,
        streak_gap_ms=streak_gap_ms,
        silence_min_ms=silence_min_ms,
        agent_volume_divisor=agent_volume_divisor,
        caller_volume_divisor=caller_volume_divisor,
        length_ms=length_ms,
    )
    with gc_paused():
        call = PreparedCall(media, params, dict(roles) if roles is not None else None)
        raw: dict[str, int | float | None] = {}
        overtalk, incidents = overtalk_metrics(call)
        raw.update(overtalk)
        talk, silent = talk_metrics(call)
        raw.update(talk)
        raw.update(voice_metrics(call))
        raw.update(sentiment_metrics(call))
        ordered = {name: raw[name] for name in METRIC_NAMES}
        extensions, speakers = extension_metrics(call)

    return MetricsResult(
        raw=ordered,
        extensions=extensions,
        compat=compat,
        params=params,
        roles=dict(call.roles),
        two_party=call.two_party,
        length_ms=call.length_ms,
        length_source=call.length_source,
        incidents=incidents,
        silent_spans=silent,
        segment_spans=call.segment_arrays,
        streak_spans=call.streak_arrays,
        speaker_roles={name: call.role_of(name) for name in call.speakers},
        speakers=speakers,
        reported=reported_metrics(call.media.metrics if call.media is not None else None),
        dropped_words=len(call.dropped),
    )


def compute_many(
    sources: Any,
    *,
    jobs: int | None = None,
    compare: bool = False,
    roles: Mapping[str, str] | None = None,
    errors: Literal["collect", "raise"] = "collect",
    progress: bool | None = None,
    **params: Any,
) -> pd.DataFrame:
    """Every metric of many calls: one row per call (the ``call_metrics`` table).

    Args:
        sources: A folder, a glob (``"calls/**/*.json"``), a path or an iterable of these or of
            documents in memory (:func:`vbformats.sources.expand`). One source gives one row.
        jobs: Worker processes (default: one per CPU; 1 = this process). The table is the
            same whatever the number.
        compare: Add ``<metric>_reported`` after each VoiceBase metric (the value the document
            reported; missing when it reported none).
        roles: Speaker name → ``"agent"``/``"caller"`` override, for every call.
        errors: ``"collect"`` (default: an archive goes on) lists a source that cannot be read
            in ``frame.attrs["errors"]`` (``{"source", "error", "type"}``) and goes on;
            ``"raise"`` stops with :class:`~vbformats.errors.SourceError` naming it.
        progress: ``True`` a bar on a terminal, a line every few seconds otherwise; ``False``
            nothing; default: the bar on a terminal.
        **params: The parameters of :func:`compute` (``compat``, ``join_gap_ms``,
            ``streak_gap_ms``, ``silence_min_ms``, ``agent_volume_divisor``,
            ``caller_volume_divisor``, ``length_ms``), and ``agent_key`` / ``caller_key``
            (fill ``agent`` / ``caller`` from a ``metadata.extended`` key).

    Returns:
        A DataFrame with the declared dtypes (``frames.SCHEMAS["call_metrics"]``):
        ``media_id``, ``source`` (categoricals), ``length_ms``, ``two_party``, ``agent``,
        ``caller``, ``speech_words``, the 44 VoiceBase metrics (``Float64``, named as the docs
        spell them, with ``<metric>_reported`` after each when ``compare``) and the
        ``vbformats-*`` extensions; a plain ``RangeIndex``, rows in input order.

    Raises:
        InvalidInputError: an unknown parameter, a parameter out of range, a bad ``roles``
            value or ``jobs``; with ``errors="raise"``, the first bad source
            (:class:`~vbformats.errors.SourceError`).

    Example::

        >>> from vbformats import metrics
        >>> table = metrics.compute_many(["samples/stereo_call.json"], jobs=1)
        >>> row = table.iloc[0]
        >>> row["agent"], float(row["overtalk-incidents"]), round(float(row["agent-talk-ratio"]), 3)
        ('Agent', 6.0, 0.687)
    """
    from vbformats.frames.many import build
    from vbformats.models.vendor import VendorResult

    single = (str, bytes, bytearray, memoryview, dict, os.PathLike, Media, VendorResult)
    if isinstance(sources, single):  # one row, still with media_id and source
        sources = [sources]
    return build(
        "call_metrics",
        sources,
        errors=errors,
        progress=progress,
        roles=roles,
        jobs=jobs,
        compare=compare,
        **params,
    )
