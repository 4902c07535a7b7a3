"""The report model: what a report shows, as plain data, before any HTML or Word.

:func:`vbformats.reports.gather.build_report` fills it from the public API (``vbformats.turns``,
``vbformats.metrics.compute``, ``vbformats.frames``); the HTML
and Word renderers only lay it out. Text is kept exactly as the input has it (renderers escape
it); times are integer ms; a section the input lacks is ``None`` (or an empty list) and is left
out of every rendering. Plots hold already downsampled points: no list grows with the number
of words except the transcript.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from vbformats.reports.options import ReportOptions

__all__ = [
    "SECTION_TITLES",
    "Bar",
    "CallReport",
    "Cell",
    "ConfidenceSection",
    "Marker",
    "MetricRow",
    "MetricsSection",
    "PeriodRow",
    "SentimentSection",
    "Series",
    "Speaker",
    "Table",
    "Timeline",
    "TurnRow",
    "VoiceSection",
]

#: Token marks in :attr:`TurnRow.marks` (bit flags).
LOW_CONFIDENCE, KEYWORD, DETECTION, OVERTALK = 1, 2, 4, 8

#: Section id -> title, in report order (the HTML ids and the Word headings).
SECTION_TITLES: dict[str, str] = {
    "summary": "Call summary",
    "timeline": "Timeline",
    "sentiment": "Sentiment",
    "voice": "Voice",
    "metrics": "Metrics",
    "knowledge": "Knowledge",
    "confidence": "Word confidence",
    "transcript": "Transcript",
}


@dataclass(frozen=True, slots=True)
class Speaker:
    """One speaker (lane, colour, legend entry).

    Attributes:
        name: The name on the words (``None``: a mono call's single voice).
        label: What the report prints (``name``, or ``"(no speaker)"``).
        role: ``"agent"``, ``"caller"`` or ``None``.
        color: CSS hex colour of the speaker's lane, legend and transcript stripe.
        word_count: Speech words.
        talk_ms: Union of the speaker's talk segments, ms.
        talk_share: ``talk_ms`` / every speaker's talk time (``None`` when nobody talks).
        talk_rate_wpm: ``word_count / (talk_ms / 60000)``, words per minute of own talk time.
    """

    name: str | None
    label: str
    role: str | None
    color: str
    word_count: int = 0
    talk_ms: int = 0
    talk_share: float | None = None
    talk_rate_wpm: float | None = None


@dataclass(frozen=True, slots=True)
class Bar:
    """A talk segment as drawn: segments closer than the display resolution are merged.

    Attributes:
        start_ms, end_ms: The merged span, ms.
        turn: Index of the transcript turn it links to (``None`` without a transcript).
        count: How many segments were merged into it.
    """

    start_ms: int
    end_ms: int
    turn: int | None
    count: int = 1


@dataclass(frozen=True, slots=True)
class Marker:
    """An event on the timeline.

    Attributes:
        kind: ``"overtalk"``, ``"silence"``, ``"dtmf"``, ``"detection"`` or ``"keyword"``.
        start_ms, end_ms: Where, ms (``end_ms == start_ms`` for a point).
        lane: Speaker index of the lane it sits on (``None``: the call-wide events lane).
        label: What it is, in words ("Caller interrupted Agent", "PCI", "billing").
        turn: Index of the transcript turn it links to.
        count: Events merged into this marker (many in one display pixel).
    """

    kind: str
    start_ms: int
    end_ms: int
    lane: int | None
    label: str
    turn: int | None
    count: int = 1


@dataclass(slots=True)
class Timeline:
    """One lane per speaker plus an events lane.

    Attributes:
        length_ms: The call length drawn (metrics' ``L``, else the last word's end).
        lanes: ``(speaker index, bars)`` per speaker.
        markers: Events, time order.
        source: ``"words"`` (talk segments of the metrics) or ``"voice activity"``.
        bucket_ms: Display resolution: spans and events closer than this were merged.
    """

    length_ms: int
    lanes: list[tuple[int, list[Bar]]]
    markers: list[Marker]
    source: str
    bucket_ms: int


@dataclass(frozen=True, slots=True)
class Series:
    """One speaker's values over time, downsampled (mean per time bucket).

    Attributes:
        speaker: Speaker index.
        points: ``(time_ms, value)`` pairs, time order.
    """

    speaker: int
    points: list[tuple[int, float]]


@dataclass(frozen=True, slots=True)
class PeriodRow:
    """Mean value per period of the call for one speaker (``speaker=None``: everyone).

    Attributes:
        speaker: Speaker index or ``None``.
        values: Mean per period (``None`` when the period has no value).
        overall: Mean over the whole call.
        count: Values averaged.
    """

    speaker: int | None
    values: tuple[float | None, ...]
    overall: float | None
    count: int


@dataclass(slots=True)
class SentimentSection:
    """``speakerSentiments`` over time and per third / quarter of the call.

    A value belongs to the period holding its start (``[k·L/n, (k+1)·L/n)``).
    """

    series: list[Series]
    thirds: list[PeriodRow]
    quarters: list[PeriodRow]


@dataclass(slots=True)
class VoiceSection:
    """Volume (``v``) and pitch (dominant ``frq`` peak, Hz) of speech words over time."""

    volume: list[Series]
    pitch: list[Series]


@dataclass(frozen=True, slots=True)
class MetricRow:
    """One metric: the value computed here and, when the document had one, the reported value.

    Attributes:
        group, name: VoiceBase's group and metric name (or ``vbformats-extensions``).
        computed: Computed value (``None``: undefined for this call).
        reported: Value in the document (``None``: not reported).
        difference: ``computed - reported``.
        differs: The difference is larger than rounding (see :data:`DIFFERENCE_RULE`).
    """

    group: str
    name: str
    computed: float | None
    reported: float | None
    difference: float | None
    differs: bool


#: When a computed metric is highlighted as different from the reported one.
DIFFERENCE_RULE = "|computed - reported| > max(0.01, 5% of |reported|)"


def differs(computed: float | None, reported: float | None) -> bool:
    """:data:`DIFFERENCE_RULE`; a value on one side only differs too."""
    if computed is None and reported is None:
        return False
    if computed is None or reported is None:
        return True
    return abs(computed - reported) > max(0.01, 0.05 * abs(reported))


@dataclass(slots=True)
class MetricsSection:
    """Computed (and reported) metrics, talk split and talk rates.

    Attributes:
        rows: Every VoiceBase metric (and the extensions), group order.
        has_reported: The document carried a ``metrics`` section.
        length_ms: The call length ``L`` the metrics used.
        talk_ms: ``(speaker index, talk ms)`` for the talk-time split.
        silence_ms: Time nobody talks within ``L``.
        overtalk_ms: Time both parties talk.
        overtalk_count: Overtalk incidents.
        silence_incidents: Silences longer than the threshold.
        longest_silence_ms: The longest silence.
    """

    rows: list[MetricRow]
    has_reported: bool
    length_ms: int
    talk_ms: list[tuple[int, int]]
    silence_ms: int
    overtalk_ms: int
    overtalk_count: int
    silence_incidents: int
    longest_silence_ms: int


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell: text, and optionally times that link to the transcript.

    Attributes:
        text: The cell text (raw; renderers escape it).
        links: ``(time_ms, turn index or None)`` shown after the text as timestamps.
        tone: ``"good"``, ``"bad"`` or ``None`` (matched / not matched, and the like).
        number: The cell is a number (right-aligned).
    """

    text: str = ""
    links: tuple[tuple[int, int | None], ...] = ()
    tone: str | None = None
    number: bool = False


@dataclass(slots=True)
class Table:
    """A titled table (the knowledge section is a list of them).

    Attributes:
        key: Stable id (``keywords``, ``categories``...), used for HTML ids.
        title: Heading.
        columns: Column headings.
        rows: Cells, one tuple per row.
        note: One line under the heading, or ``None``.
    """

    key: str
    title: str
    columns: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    note: str | None = None


@dataclass(slots=True)
class ConfidenceSection:
    """Speech-word confidences: a 10-bin histogram over 0..1 and the mean.

    Attributes:
        bins: Word counts per bin ``[k/10, (k+1)/10)`` (the last bin includes 1.0).
        mean: Mean confidence.
        count: Words with a confidence.
        low_count: Words below the threshold.
        threshold: The low-confidence threshold.
    """

    bins: list[int]
    mean: float
    count: int
    low_count: int
    threshold: float


@dataclass(slots=True)
class TurnRow:
    """One transcript turn.

    Attributes:
        index: Position in time order (``t-<index>`` in HTML), equal to the index in
            ``vbformats.turns(media)``.
        speaker: Speaker index.
        start_ms, end_ms: As :class:`vbformats.Turn`.
        texts: The turn's tokens (words and punctuation), raw.
        glue: Per token: attaches to the previous one without a space (punctuation).
        marks: Per token: bit flags (``LOW_CONFIDENCE``, ``KEYWORD``, ``DETECTION``,
            ``OVERTALK``).
        sentiment: The speaker's sentiment value for this turn, ``None`` if none.
        flags: Union of ``marks``.
    """

    index: int
    speaker: int
    start_ms: int
    end_ms: int
    texts: list[str]
    glue: list[bool]
    marks: list[int]
    sentiment: float | None
    flags: int = 0

    @property
    def duration_ms(self) -> int:
        """``end_ms - start_ms``."""
        return self.end_ms - self.start_ms

    @property
    def text(self) -> str:
        """Tokens joined as ``vbformats.Turn.text`` joins them."""
        parts: list[str] = []
        for text, attach in zip(self.texts, self.glue, strict=True):
            if attach and parts:
                parts[-1] += text
            else:
                parts.append(text)
        return " ".join(parts)


@dataclass(slots=True)
class CallReport:
    """Everything a call report shows. Build with :func:`vbformats.reports.build`.

    Attributes:
        title: Report title.
        header: ``(label, value)`` rows of the call summary.
        sections_present: Wire names of the sections the document has.
        speakers: Speakers, lane order.
        timeline: The timeline, or ``None`` without any timed speech.
        sentiment, voice, metrics, confidence: Sections, ``None`` when the input lacks them.
        knowledge: Knowledge tables (empty when the input has none).
        transcript: Turns (empty without words).
        source: Where the input came from (path, or ``None``).
        options: The options used.
        notes: Remarks printed under the summary (times estimated, roles assumed...).
    """

    title: str
    header: list[tuple[str, str]]
    sections_present: list[str]
    speakers: list[Speaker]
    timeline: Timeline | None
    sentiment: SentimentSection | None
    voice: VoiceSection | None
    metrics: MetricsSection | None
    knowledge: list[Table]
    confidence: ConfidenceSection | None
    transcript: list[TurnRow]
    options: ReportOptions
    source: str | None = None
    notes: list[str] = field(default_factory=list)

    def sections(self) -> list[str]:
        """Ids of the sections this report shows, in order (see :data:`SECTION_TITLES`)."""
        present = {
            "summary": True,
            "timeline": self.timeline is not None,
            "sentiment": self.sentiment is not None,
            "voice": self.voice is not None,
            "metrics": self.metrics is not None,
            "knowledge": bool(self.knowledge),
            "confidence": self.confidence is not None,
            "transcript": bool(self.transcript),
        }
        return [key for key in SECTION_TITLES if present[key]]

    def to_html(self) -> str:
        """The self-contained HTML document (see :mod:`vbformats.reports.html`)."""
        from vbformats.reports.html import render_call

        return render_call(self)

    def save(self, path: str | os.PathLike[str], format: str | None = None) -> None:
        """Write the report to ``path``: ``html`` or ``docx`` (default: from the extension).

        Raises:
            UnknownFormatError: the extension (or ``format``) is not ``.html``/``.htm``/``.docx``.
            MissingDependencyError: ``docx`` without the ``report`` extra.
        """
        from vbformats.reports.output import write_call

        write_call(self, path, format)

    def _repr_html_(self) -> str:
        from vbformats.reports.notebook import report_html

        return report_html(self)

    def __repr__(self) -> str:
        return (
            f"<CallReport {self.title!r}: {len(self.speakers)} speakers, "
            f"{len(self.transcript)} turns, sections {', '.join(self.sections())}>"
        )


def summary_dict(report: CallReport) -> dict[str, Any]:
    """The header as a dict (label -> value), for scripts and tests."""
    return dict(report.header)
