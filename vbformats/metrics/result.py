"""The result of :func:`vbformats.metrics.compute`: values, the intervals behind them, and every
way to render them (VoiceBase's ``metrics`` section, frames, a reported-vs-computed comparison).

pandas is imported inside the ``*_frame`` methods only, so computing metrics never needs it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from vbformats.intervals import Span
from vbformats.metrics.base import MetricsParams
from vbformats.metrics.extensions import SpeakerStats
from vbformats.metrics.names import (
    EXTENSION_GROUP,
    GROUP_OF,
    GROUPS,
    METRIC_NAMES,
    compat_value,
)
from vbformats.metrics.overtalk import Incident
from vbformats.metrics.spans import Spans, to_list
from vbformats.metrics.talk import Silence, Streak
from vbformats.roles import Role

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["Comparison", "MetricsResult", "Segment"]

Number = int | float
T = TypeVar("T", "Segment", "Streak")


@dataclass(frozen=True, slots=True)
class Segment:
    """One talk segment of one speaker (words joined across gaps of at most ``join_gap_ms``).

    Attributes:
        speaker: Speaker name (``None`` in mono files).
        role: ``"agent"``, ``"caller"`` or ``None``.
        start_ms: Start (ms, inclusive).
        end_ms: End (ms, exclusive).
    """

    speaker: str | None
    role: Role | None
    start_ms: int
    end_ms: int

    @property
    def duration_ms(self) -> int:
        """``end_ms - start_ms``."""
        return self.end_ms - self.start_ms


@dataclass(frozen=True, slots=True)
class Comparison:
    """A metric VoiceBase reported next to the value computed here.

    Attributes:
        group: The group it was reported in.
        metric: Its name.
        reported: The value in the document (``None`` when it was null or not a number).
        computed: The value computed here (``None`` undefined, or a name vbformats does not know).
        difference: ``computed - reported`` (``None`` when either is missing).
    """

    group: str | None
    metric: str | None
    reported: float | None
    computed: Number | None
    difference: float | None


class MetricsResult:
    """Conversation metrics of one call.

    Attributes:
        raw: The 44 VoiceBase metrics as computed, ``None`` = undefined (no compat rounding).
        extensions: The ``vbformats-*`` extension metrics (never rounded).
        compat: Whether values are rendered the VoiceBase way (undefined → 0, rounded).
        params: The parameters used.
        roles: Speaker name → role.
        two_party: Both roles were filled.
        length_ms: The call length ``L`` used.
        length_source: ``"argument"``, ``"length"`` (media length), ``"words"`` (last speech
            word's end) or ``"none"`` (no length, no words: ``L = 0``).
        incidents: Overtalk incidents, time order.
        silences: Silent intervals of ``[0, L)``, time order (built on first use).
        streaks: Every speaker's streaks, by start (built on first use).
        segments: Every speaker's talk segments, by start (built on first use).
        speakers: Per-speaker figures, speaker order.
        reported: ``(group, name, value)`` of every metric the document itself carries.
        dropped_words: Speech words left out because they end before they start.
    """

    def __init__(
        self,
        *,
        raw: dict[str, Number | None],
        extensions: dict[str, float | None],
        compat: bool,
        params: MetricsParams,
        roles: dict[str, Role],
        two_party: bool,
        length_ms: int,
        length_source: str,
        incidents: list[Incident],
        silent_spans: Spans | list[Span],
        segment_spans: Mapping[str | None, Spans | list[Span]],
        streak_spans: Mapping[str | None, Spans | list[Span]],
        speaker_roles: dict[str | None, Role | None],
        speakers: list[SpeakerStats],
        reported: list[tuple[str | None, str | None, float | None]],
        dropped_words: int,
    ) -> None:
        self.raw = raw
        self.extensions = extensions
        self.compat = compat
        self.params = params
        self.roles = roles
        self.two_party = two_party
        self.length_ms = length_ms
        self.length_source = length_source
        self.incidents = incidents
        self._silent_spans = silent_spans
        self._silences: list[Silence] | None = None
        self._segment_spans = segment_spans
        self._streak_spans = streak_spans
        self._speaker_roles = speaker_roles
        self._segments: list[Segment] | None = None
        self._streaks: list[Streak] | None = None
        self.speakers = speakers
        self.reported = reported
        self.dropped_words = dropped_words
        self._values: dict[str, Number | None] | None = None

    # Segment and Streak objects are built on first use: a 100,000-word call has tens of
    # thousands of them, and creating them eagerly made the garbage collector run full passes
    # over the word table during compute().

    @property
    def segments(self) -> list[Segment]:
        """Every speaker's talk segments, ordered by start (then speaker order)."""
        if self._segments is None:
            self._segments = _per_speaker(Segment, self._segment_spans, self._speaker_roles)
        return self._segments

    @property
    def silences(self) -> list[Silence]:
        """Silent intervals of ``[0, L)``, time order (leading and trailing ones included)."""
        if self._silences is None:
            minimum = self.params.silence_min_ms
            self._silences = [
                Silence(start, end, end - start > minimum)
                for start, end in _span_list(self._silent_spans)
            ]
        return self._silences

    @property
    def streaks(self) -> list[Streak]:
        """Every speaker's streaks, ordered by start (then speaker order)."""
        if self._streaks is None:
            self._streaks = _per_speaker(Streak, self._streak_spans, self._speaker_roles)
        return self._streaks

    # --- values -------------------------------------------------------------------------------

    @property
    def values(self) -> dict[str, Number | None]:
        """The 44 VoiceBase metrics as rendered (a copy): with ``compat``, rounded and never
        ``None``; without, the raw values."""
        return dict(self._rendered())

    def _rendered(self) -> dict[str, Number | None]:
        if self._values is None:
            if self.compat:
                self._values = {name: compat_value(name, v) for name, v in self.raw.items()}
            else:
                self._values = dict(self.raw)
        return self._values

    def __getitem__(self, name: str) -> Number | None:
        """A metric (VoiceBase name or ``vbformats-*`` extension) as rendered.

        Raises:
            KeyError: an unknown name.
        """
        if name in self.raw:
            return self._rendered()[name]
        return self.extensions[name]

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={self.values[name]!r}"
            for name in ("overtalk-incidents", "overtalk-ratio", "silence-ratio")
        )
        return f"<MetricsResult {shown}, ... two_party={self.two_party}>"

    def _repr_html_(self) -> str:
        from vbformats.reports.notebook import metrics_html

        return metrics_html(self)

    # --- VoiceBase shape ----------------------------------------------------------------------

    def to_voicebase(self, *, extensions: bool = False) -> list[dict[str, Any]]:
        """The VoiceBase ``metrics`` section: ``[{metricGroupName, metricValues: [...]}]``.

        The four groups and 44 metrics in the documentation's order; ``None`` (``null`` in JSON)
        for undefined values unless ``compat``. The list can replace a callback's ``metrics``.

        Args:
            extensions: Append a ``vbformats-extensions`` group with the extension metrics.
        """
        values = self.values
        section: list[dict[str, Any]] = [
            {
                "metricGroupName": group,
                "metricValues": [
                    {"metricName": name, "metricValue": values[name]} for name in names
                ],
            }
            for group, names in GROUPS
        ]
        if extensions:
            section.append(
                {
                    "metricGroupName": EXTENSION_GROUP,
                    "metricValues": [
                        {"metricName": name, "metricValue": value}
                        for name, value in self.extensions.items()
                    ],
                }
            )
        return section

    # --- comparison ---------------------------------------------------------------------------

    def comparison(self) -> list[Comparison]:
        """One row for every metric the document reported, in the document's order."""
        values = self.values
        rows: list[Comparison] = []
        for group, name, reported in self.reported:
            computed = values.get(name) if name is not None else None
            difference = (
                float(computed) - reported
                if computed is not None and reported is not None
                else None
            )
            rows.append(Comparison(group, name, reported, computed, difference))
        return rows

    # --- frames (pandas imported here only) ---------------------------------------------------

    def to_frame(self, *, extensions: bool = True) -> pd.DataFrame:
        """One row per metric: ``group``, ``metric``, ``value`` (Float64, NaN = undefined),
        ``extension`` (True for ``vbformats-*`` metrics)."""
        import pandas as pd

        values = self.values
        rows: list[tuple[str, str, float | None, bool]] = [
            (GROUP_OF[name], name, _float(values[name]), False) for name in METRIC_NAMES
        ]
        if extensions:
            rows.extend(
                (EXTENSION_GROUP, name, value, True) for name, value in self.extensions.items()
            )
        return _frame(
            {
                "group": pd.array([row[0] for row in rows], dtype="string"),
                "metric": pd.array([row[1] for row in rows], dtype="string"),
                "value": pd.array([row[2] for row in rows], dtype="Float64"),
                "extension": pd.array([row[3] for row in rows], dtype="boolean"),
            }
        )

    def incidents_frame(self) -> pd.DataFrame:
        """Overtalk incidents: ``start_ms``, ``end_ms``, ``duration_ms``, ``interrupter``,
        ``interrupted`` (roles; NA when both started together), ``interrupter_speaker``,
        ``interrupted_speaker``."""
        import pandas as pd

        rows = self.incidents
        return _frame(
            {
                "start_ms": pd.array([r.start_ms for r in rows], dtype="Int64"),
                "end_ms": pd.array([r.end_ms for r in rows], dtype="Int64"),
                "duration_ms": pd.array([r.duration_ms for r in rows], dtype="Int64"),
                "interrupter": pd.array([r.interrupter for r in rows], dtype="string"),
                "interrupted": pd.array([r.interrupted for r in rows], dtype="string"),
                "interrupter_speaker": pd.array(
                    [r.interrupter_speaker for r in rows], dtype="string"
                ),
                "interrupted_speaker": pd.array(
                    [r.interrupted_speaker for r in rows], dtype="string"
                ),
            }
        )

    def silences_frame(self) -> pd.DataFrame:
        """Silent intervals of ``[0, L)``: ``start_ms``, ``end_ms``, ``duration_ms``,
        ``is_incident`` (longer than ``silence_min_ms``)."""
        import pandas as pd

        rows = self.silences
        return _frame(
            {
                "start_ms": pd.array([r.start_ms for r in rows], dtype="Int64"),
                "end_ms": pd.array([r.end_ms for r in rows], dtype="Int64"),
                "duration_ms": pd.array([r.duration_ms for r in rows], dtype="Int64"),
                "is_incident": pd.array([r.is_incident for r in rows], dtype="boolean"),
            }
        )

    def streaks_frame(self) -> pd.DataFrame:
        """Streaks: ``speaker``, ``role``, ``start_ms``, ``end_ms``, ``duration_ms``."""
        return _spans_frame(self.streaks)

    def segments_frame(self) -> pd.DataFrame:
        """Talk segments: ``speaker``, ``role``, ``start_ms``, ``end_ms``, ``duration_ms``."""
        return _spans_frame(self.segments)

    def speakers_frame(self) -> pd.DataFrame:
        """Per speaker: ``speaker``, ``role``, ``word_count``, ``talk_ms``, ``talk_share``,
        ``talk_pct_of_call``, ``longest_monologue_ms``, ``patience_ms``, ``segment_count``,
        ``streak_count`` (the extensions for every speaker, mono calls included)."""
        import pandas as pd

        rows = self.speakers
        return _frame(
            {
                "speaker": pd.array([r.speaker for r in rows], dtype="string"),
                "role": pd.array([r.role for r in rows], dtype="string"),
                "word_count": pd.array([r.word_count for r in rows], dtype="Int64"),
                "talk_ms": pd.array([r.talk_ms for r in rows], dtype="Int64"),
                "talk_share": pd.array([r.talk_share for r in rows], dtype="Float64"),
                "talk_pct_of_call": pd.array([r.talk_pct_of_call for r in rows], dtype="Float64"),
                "longest_monologue_ms": pd.array(
                    [r.longest_monologue_ms for r in rows], dtype="Int64"
                ),
                "patience_ms": pd.array([r.patience_ms for r in rows], dtype="Float64"),
                "segment_count": pd.array([r.segment_count for r in rows], dtype="Int64"),
                "streak_count": pd.array([r.streak_count for r in rows], dtype="Int64"),
            }
        )

    def comparison_frame(self) -> pd.DataFrame:
        """Reported vs computed for every metric the document reported: ``group``, ``metric``,
        ``reported``, ``computed``, ``difference`` (``computed - reported``)."""
        import pandas as pd

        rows = self.comparison()
        return _frame(
            {
                "group": pd.array([r.group for r in rows], dtype="string"),
                "metric": pd.array([r.metric for r in rows], dtype="string"),
                "reported": pd.array([r.reported for r in rows], dtype="Float64"),
                "computed": pd.array([_float(r.computed) for r in rows], dtype="Float64"),
                "difference": pd.array([r.difference for r in rows], dtype="Float64"),
            }
        )


def _frame(columns: dict[str, Any]) -> pd.DataFrame:
    import pandas as pd

    frame: pd.DataFrame = pd.DataFrame(columns)
    return frame


def _span_list(spans: Spans | list[Span]) -> list[Span]:
    """Spans as tuples of Python ints (the metrics hand over numpy span arrays)."""
    return spans if isinstance(spans, list) else to_list(spans)


def _per_speaker(
    kind: type[T], spans_by_speaker: Mapping[str | None, Any], roles: Mapping[Any, Role | None]
) -> list[T]:
    """Every speaker's spans as ``kind`` (Segment or Streak), ordered by start (stable: then
    speaker order)."""
    items = [
        kind(name, roles.get(name), start, end)
        for name, spans in spans_by_speaker.items()
        for start, end in _span_list(spans)
    ]
    items.sort(key=lambda item: item.start_ms)
    return items


def _float(value: Number | None) -> float | None:
    return None if value is None else float(value)


def _spans_frame(rows: list[Streak] | list[Segment]) -> pd.DataFrame:
    import pandas as pd

    return _frame(
        {
            "speaker": pd.array([r.speaker for r in rows], dtype="string"),
            "role": pd.array([r.role for r in rows], dtype="string"),
            "start_ms": pd.array([r.start_ms for r in rows], dtype="Int64"),
            "end_ms": pd.array([r.end_ms for r in rows], dtype="Int64"),
            "duration_ms": pd.array([r.duration_ms for r in rows], dtype="Int64"),
        }
    )


def reported_metrics(
    groups: list[Any] | None,
) -> list[tuple[str | None, str | None, float | None]]:
    """``(group, name, value)`` of every metric value in a document's ``metrics`` section."""
    rows: list[tuple[str | None, str | None, float | None]] = []
    for group in groups or ():
        for value in group.metric_values:
            number = value.metric_value
            if number is not None and not math.isfinite(number):
                number = None
            rows.append((group.metric_group_name, value.metric_name, number))
    return rows
