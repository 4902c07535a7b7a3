"""The result of :func:`vbformats.metrics.compute`: values, the intervals behind them, and every
way to render them (VoiceBase's ``metrics`` section, frames, a reported-vs-computed comparison).

pandas is imported inside the ``*_frame`` methods only, so computing metrics never needs it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from vbformats.errors import InvalidInputError, scrub
from vbformats.metrics.base import MetricsParams
from vbformats.metrics.extensions import SpeakerStats
from vbformats.metrics.names import EXTENSION_GROUP, GROUPS, compat_value
from vbformats.metrics.overtalk import Incident
from vbformats.metrics.talk import Silence, Streak
from vbformats.roles import Role
from vbformats.spans import Span
from vbformats.spans.arrays import Spans, to_list

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


class UnknownMetricError(InvalidInputError, KeyError):
    """``result[name]`` with a name that is no metric: our error (a ``ValueError``) and a
    ``KeyError``, as a mapping lookup raises."""

    def __init__(self, name: object, known: list[str] | tuple[str, ...] = ()) -> None:
        shown = ", ".join(known[:6]) + (", ..." if len(known) > 6 else "")
        super().__init__(
            "name", f"no metric named {name!r}" + (f"; metrics: {shown}" if known else "")
        )
        self.name = scrub(name)
        self.known = scrub(tuple(known))
        self.args = (self.name, self.known)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.name, self.known))

    def __str__(self) -> str:  # KeyError would quote the whole message
        return InvalidInputError.__str__(self)


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
            UnknownMetricError: an unknown name (a ``KeyError`` too, as a mapping's lookup
                raises, and an :class:`~vbformats.errors.InvalidInputError` naming the known
                names).
        """
        if isinstance(name, str):
            if name in self.raw:
                return self._rendered()[name]
            if name in self.extensions:
                return self.extensions[name]
        raise UnknownMetricError(name, self.names())

    def __contains__(self, name: object) -> bool:
        return name in self.raw or name in self.extensions

    def __iter__(self) -> Iterator[str]:
        """The metric names: the 44 VoiceBase ones, then the extensions."""
        return iter(self.names())

    def __len__(self) -> int:
        return len(self.raw) + len(self.extensions)

    def names(self) -> list[str]:
        """Every metric name, VoiceBase ones first (the order of :attr:`raw`), then the
        ``vbformats-*`` extensions."""
        return [*self.raw, *self.extensions]

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

    # --- frames (declared in vbformats.frames.computed; pandas imported there only) ---------

    def _table(self, name: str, **options: Any) -> pd.DataFrame:
        from vbformats.frames.computed import result_frame

        return result_frame(name, self, **options)

    def to_frame(self, *, extensions: bool = True) -> pd.DataFrame:
        """The ``computed_metrics`` table: one row per metric: ``group``, ``metric``, ``value``
        (Float64, missing = undefined), ``extension`` (True for ``vbformats-*`` metrics)."""
        return self._table("computed_metrics", extensions=extensions)

    def incidents_frame(self) -> pd.DataFrame:
        """The ``overtalk_incidents`` table: ``start_ms``, ``end_ms``, ``duration_ms``,
        ``interrupter``, ``interrupted`` (roles; missing when both started together),
        ``interrupter_speaker``, ``interrupted_speaker``."""
        return self._table("overtalk_incidents")

    def silences_frame(self) -> pd.DataFrame:
        """The ``silences`` table: silent intervals of ``[0, L)``: ``start_ms``, ``end_ms``,
        ``duration_ms``, ``is_incident`` (longer than ``silence_min_ms``)."""
        return self._table("silences")

    def streaks_frame(self) -> pd.DataFrame:
        """The ``streaks`` table: ``speaker``, ``role``, ``start_ms``, ``end_ms``,
        ``duration_ms``."""
        return self._table("streaks")

    def segments_frame(self) -> pd.DataFrame:
        """The ``talk_segments`` table: ``speaker``, ``role``, ``start_ms``, ``end_ms``,
        ``duration_ms``."""
        return self._table("talk_segments")

    def speakers_frame(self) -> pd.DataFrame:
        """The ``speaker_metrics`` table: ``speaker``, ``role``, ``word_count``, ``talk_ms``,
        ``talk_share``, ``talk_pct_of_call``, ``longest_monologue_ms``, ``patience_ms``,
        ``segment_count``, ``streak_count`` (the extensions for every speaker, mono calls
        included)."""
        return self._table("speaker_metrics")

    def comparison_frame(self) -> pd.DataFrame:
        """The ``metric_comparison`` table: reported vs computed for every metric the document
        reported: ``group``, ``metric``, ``reported``, ``computed``, ``difference``
        (``computed - reported``)."""
        return self._table("metric_comparison")


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
