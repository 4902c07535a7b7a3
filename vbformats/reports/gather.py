"""Media -> :class:`~vbformats.reports.model.CallReport`, from the public API only.

The one place that decides what a call report shows; the renderers lay it out. Sources:

* speakers, talk segments, overtalk incidents, silences, talk time: ``vbformats.metrics.compute``
  (the same definitions the metrics section prints), roles from ``vbformats.roles``;
* turns: ``vbformats.turns`` (so the transcript has exactly its turns, in its order);
* sentiment, detections, spotting, categories, voice activity and the knowledge tables:
  ``vbformats.frames`` (:mod:`vbformats.reports.knowledge`);
* volume, pitch and confidence: the word table's columns (numpy, no object per word).

Cost: everything per word is a numpy pass or one list comprehension (no object per word), so a
100,000-word call's report is built in a fraction of its load time (``benchmarks/bench_report``).
Downsampling: the timeline merges segments and events closer than ``L / 1000`` (one pixel of
the 1000-unit-wide plot); time series are averaged into at most 300 buckets.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

import vbformats
from vbformats import frames
from vbformats.models.media import Media
from vbformats.reports import knowledge, sections
from vbformats.reports.model import (
    DETECTION,
    KEYWORD,
    LOW_CONFIDENCE,
    OVERTALK,
    Bar,
    CallReport,
    Marker,
    Speaker,
    Timeline,
    TurnRow,
)
from vbformats.reports.options import ReportOptions
from vbformats.reports.text import clean, clock, duration

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from vbformats.metrics import MetricsResult

__all__ = ["PALETTE", "build_report", "records"]

#: Speaker colours (Okabe-Ito, safe for colour-blind readers), in lane order.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7F7F7F", "#000000")
#: Plot width in display units; spans closer than ``L / RESOLUTION`` are merged.
RESOLUTION = 1000
NO_SPEAKER = "(no speaker)"


class _Speakers:
    """Speaker names -> lane index: exact, then cleaned and case-insensitive (sections spell
    names their own way, as :func:`vbformats.roles.role_of_name` allows)."""

    def __init__(self) -> None:
        self.items: list[Speaker] = []
        self._exact: dict[str | None, int] = {}
        self._folded: dict[str, int] = {}

    def add(self, name: str | None, role: str | None, **stats: Any) -> int:
        found = self.find(name)
        if found is not None:
            return found
        index = len(self.items)
        label = clean(name) if name is not None and name.strip() else NO_SPEAKER
        color = PALETTE[index % len(PALETTE)]
        self.items.append(Speaker(name, label, role, color, **stats))
        self._exact[name] = index
        if name is not None:
            self._folded.setdefault(_fold(name), index)
        return index

    def find(self, name: str | None) -> int | None:
        if name in self._exact:
            return self._exact[name]
        if name is None:
            return None
        return self._folded.get(_fold(name))


def _fold(name: str) -> str:
    from vbformats.turns import clean_speaker_name

    return clean_speaker_name(name).casefold()


def _value(value: Any) -> Any:
    """A pandas cell as a plain Python value (``None`` for NA)."""
    if value is None:
        return None
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return value  # lists and other containers
    return value.item() if hasattr(value, "item") else value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of a frame as dicts of plain values (``None`` for NA)."""
    columns = list(frame.columns)
    return [
        {column: _value(value) for column, value in zip(columns, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]


# --- the whole report -------------------------------------------------------------------------


def build_report(media: Media, options: ReportOptions, *, source: str | None = None) -> CallReport:
    """Gather every section of one call's report.

    Args:
        media: A loaded result (:func:`vbformats.load`).
        options: What to show and the thresholds.
        source: The file it came from (shown in the summary), if any.

    Returns:
        The report model; sections the input lacks are ``None`` / empty.
    """
    from vbformats.metrics import compute

    table = media.words
    turns = vbformats.turns(media)
    has_speech = bool(turns)
    result = compute(media, roles=options.roles, silence_min_ms=options.silence_min_ms)
    speakers = _Speakers()
    for stats in result.speakers:
        talk_rate = stats.word_count / (stats.talk_ms / 60_000) if stats.talk_ms > 0 else None
        speakers.add(
            stats.speaker,
            stats.role,
            word_count=stats.word_count,
            talk_ms=stats.talk_ms,
            talk_share=stats.talk_share,
            talk_rate_wpm=talk_rate,
        )
    for turn in turns:  # a speaker whose only words are zero-length still has turns
        speakers.add(turn.speaker, result.roles.get(turn.speaker or ""))
    activity = records(frames.voice_activity(media, roles=options.roles))
    sentiments = records(frames.sentiments(media, roles=options.roles))
    for row in activity + sentiments:
        if speakers.find(row["speaker"]) is None:
            speakers.add(row["speaker"], row.get("role"))

    length_ms = result.length_ms
    if length_ms <= 0:
        ends = [row["end_ms"] or row["start_ms"] or 0 for row in activity + sentiments]
        length_ms = max(ends, default=0)
    lookup = _TurnLookup(turns, speakers)
    facts = knowledge.Knowledge(media, options)
    timeline = _timeline(media, result, turns, speakers, lookup, activity, length_ms, facts)
    rows = _transcript(media, result, turns, speakers, sentiments, facts) if has_speech else []
    if not options.transcript:
        rows = []
    report = CallReport(
        title=clean(options.title or media.media_id or (source or "Call report")),
        header=[],
        sections_present=_sections_present(media),
        speakers=speakers.items,
        timeline=timeline,
        sentiment=sections.sentiment_section(sentiments, speakers.find, length_ms),
        voice=sections.voice_section(media, speakers.find, length_ms) if has_speech else None,
        metrics=(
            sections.metrics_section(result, speakers.find)
            if has_speech or result.reported
            else None
        ),
        knowledge=facts.tables(speakers.find, lookup),
        confidence=(
            sections.confidence_section(table, options.low_confidence) if has_speech else None
        ),
        transcript=rows,
        options=options,
        source=source,
    )
    report.header = _header(media, report, result, turns, source)
    if table.estimated and any(table.estimated):
        report.notes.append(
            "Word times were estimated by the reader (caption or text input): talk time, "
            "overtalk and silence are approximate."
        )
    if not result.two_party and len([s for s in speakers.items if s.name is not None]) > 1:
        report.notes.append("Roles are not both filled: per-role metrics are undefined.")
    return report


# --- turns and links --------------------------------------------------------------------------


class _TurnLookup:
    """Time (and optionally speaker) -> index of the transcript turn to link to."""

    def __init__(self, turns: Sequence[vbformats.Turn], speakers: _Speakers) -> None:
        self.count = len(turns)
        self.starts = [turn.start_ms for turn in turns]
        self.by_speaker: dict[int, tuple[list[int], list[int]]] = {}
        for index, turn in enumerate(turns):
            lane = speakers.find(turn.speaker)
            if lane is None:
                continue
            starts, indices = self.by_speaker.setdefault(lane, ([], []))
            starts.append(turn.start_ms)
            indices.append(index)

    def turn_at(self, time_ms: int | None, lane: int | None = None) -> int | None:
        """The turn (of ``lane``'s speaker, when it has turns) that started last at or before
        ``time_ms``; the first turn when the time is before every turn."""
        if time_ms is None or not self.count:
            return None
        if lane is not None and lane in self.by_speaker:
            starts, indices = self.by_speaker[lane]
            position = bisect.bisect_right(starts, time_ms) - 1
            return indices[max(position, 0)]
        return max(bisect.bisect_right(self.starts, time_ms) - 1, 0)


# --- timeline ---------------------------------------------------------------------------------


def _merge(spans: list[tuple[int, int]], bucket: int) -> list[tuple[int, int, int]]:
    """Sorted spans merged across gaps of at most ``bucket`` ms: ``(start, end, count)``."""
    merged: list[tuple[int, int, int]] = []
    for start, end in sorted(spans):
        if merged and start - merged[-1][1] <= bucket:
            first, last, count = merged[-1]
            merged[-1] = (first, max(last, end), count + 1)
        else:
            merged.append((start, end, 1))
    return merged


def _timeline(
    media: Media,
    result: MetricsResult,
    turns: Sequence[vbformats.Turn],
    speakers: _Speakers,
    lookup: _TurnLookup,
    activity: list[dict[str, Any]],
    length_ms: int,
    facts: knowledge.Knowledge,
) -> Timeline | None:
    spans: dict[int, list[tuple[int, int]]] = {}
    source = "words"
    if turns:
        for segment in result.segments:
            lane = speakers.find(segment.speaker)
            if lane is not None:
                spans.setdefault(lane, []).append((segment.start_ms, segment.end_ms))
    else:
        source = "voice activity"
        for row in activity:
            lane = speakers.find(row["speaker"])
            if lane is not None and row["start_ms"] is not None:
                end = row["end_ms"] if row["end_ms"] is not None else row["start_ms"]
                spans.setdefault(lane, []).append((row["start_ms"], end))
    if not spans or length_ms <= 0:
        return None
    bucket = max(1, math.ceil(length_ms / RESOLUTION))
    lanes = [
        (
            lane,
            [
                Bar(start, end, lookup.turn_at(start, lane), count)
                for start, end, count in _merge(spans[lane], bucket)
            ],
        )
        for lane in sorted(spans)
    ]
    markers: list[Marker] = []
    for incident in result.incidents:
        lane = speakers.find(incident.interrupter_speaker)
        if incident.interrupter_speaker is not None and incident.interrupted_speaker is not None:
            who = speakers.items[lane].label if lane is not None else incident.interrupter_speaker
            other = speakers.find(incident.interrupted_speaker)
            whom = (
                speakers.items[other].label if other is not None else incident.interrupted_speaker
            )
            label = f"{who} interrupted {whom}"
        else:
            label = "Overtalk (both started together)"
        markers.append(
            Marker(
                "overtalk",
                incident.start_ms,
                incident.end_ms,
                lane,
                label,
                lookup.turn_at(incident.start_ms, lane),
            )
        )
    for silence in result.silences:
        if silence.is_incident:
            markers.append(
                Marker(
                    "silence",
                    silence.start_ms,
                    silence.end_ms,
                    None,
                    f"Silence {duration(silence.duration_ms)}",
                    lookup.turn_at(silence.end_ms),
                )
            )
    markers.extend(_dtmf_markers(media, speakers, lookup))
    markers.extend(facts.markers(speakers.find, lookup))
    return Timeline(length_ms, lanes, _merge_markers(markers, bucket), source, bucket)


def _dtmf_markers(media: Media, speakers: _Speakers, lookup: _TurnLookup) -> list[Marker]:
    """Keypad tones, one marker per burst (tones less than 2 s apart); the digits are not
    shown (they are often card or account numbers)."""
    table = media.words
    is_dtmf = table.is_dtmf
    if not any(is_dtmf):
        return []
    from vbformats.turns import speaker_of_tokens

    names = speaker_of_tokens(table)
    bursts: list[list[int]] = []  # [start, end, count, token index]
    for index in sorted(
        (i for i, flag in enumerate(is_dtmf) if flag), key=table.start_ms.__getitem__
    ):
        start, end = table.start_ms[index], table.end_ms[index]
        if bursts and start - bursts[-1][1] < 2000 and names[bursts[-1][3]] == names[index]:
            bursts[-1][1] = max(bursts[-1][1], end)
            bursts[-1][2] += 1
        else:
            bursts.append([start, end, 1, index])
    out = []
    for start, end, count, index in bursts:
        lane = speakers.find(names[index])
        tones = "tone" if count == 1 else "tones"
        out.append(
            Marker("dtmf", start, end, lane, f"DTMF ({count} {tones})", lookup.turn_at(start, lane))
        )
    return out


def _merge_markers(markers: list[Marker], bucket: int) -> list[Marker]:
    """Markers of one kind on one lane closer than ``bucket`` become one (labels joined)."""
    markers.sort(key=lambda m: (m.kind, m.lane if m.lane is not None else -1, m.start_ms))
    out: list[Marker] = []
    for marker in markers:
        last = out[-1] if out else None
        if (
            last is not None
            and last.kind == marker.kind
            and last.lane == marker.lane
            and marker.start_ms - last.end_ms <= bucket
        ):
            labels = last.label.split("; ")
            if marker.label not in labels and len(labels) < 3:
                labels.append(marker.label)
            label = "; ".join(labels)
            out[-1] = Marker(
                last.kind,
                last.start_ms,
                max(last.end_ms, marker.end_ms),
                last.lane,
                label,
                last.turn,
                last.count + marker.count,
            )
        else:
            out.append(marker)
    out.sort(key=lambda m: (m.start_ms, m.kind))
    return out


# --- transcript -------------------------------------------------------------------------------


def _span_arrays(spans: list[tuple[int, int]]) -> tuple[Any, Any]:
    """Disjoint sorted spans (zero-length ones widened to 1 ms) as two numpy arrays."""
    merged = _merge([(s, max(e, s + 1)) for s, e in spans], 0)
    starts = np.array([m[0] for m in merged], dtype=np.int64)
    ends = np.array([m[1] for m in merged], dtype=np.int64)
    return starts, ends


def _overlapping(token_starts: Any, token_ends: Any, spans: list[tuple[int, int]]) -> Any:
    """Boolean array: token ``[s, max(e, s+1))`` overlaps one of ``spans``."""
    if not spans:
        return np.zeros(len(token_starts), dtype=bool)
    starts, ends = _span_arrays(spans)
    # the last span starting before the token's end is the only one to check: the spans are
    # disjoint and sorted, so it has the largest end of all that start before the token ends
    index = np.searchsorted(starts, token_ends, side="left") - 1
    valid = index >= 0
    result = np.zeros(len(token_starts), dtype=bool)
    result[valid] = ends[index[valid]] > token_starts[valid]
    return result


def _transcript(
    media: Media,
    result: MetricsResult,
    turns: Sequence[vbformats.Turn],
    speakers: _Speakers,
    sentiments: list[dict[str, Any]],
    facts: knowledge.Knowledge,
) -> list[TurnRow]:
    options = facts.options
    table = media.words
    starts = np.asarray(table.start_ms, dtype=np.int64)
    ends = np.maximum(np.asarray(table.end_ms, dtype=np.int64), starts + 1)
    speech = np.asarray(table.is_speech, dtype=bool)
    confidence = np.array(
        [math.nan if c is None else c for c in table.confidence], dtype=np.float64
    )
    marks = np.zeros(len(table), dtype=np.int64)
    low = speech & (confidence < options.low_confidence)  # NaN compares False
    marks[low] |= LOW_CONFIDENCE
    keyword_spans, detection_spans = facts.highlight_spans()
    marks[speech & _overlapping(starts, ends, keyword_spans)] |= KEYWORD
    marks[speech & _overlapping(starts, ends, detection_spans)] |= DETECTION
    incident_spans = [(i.start_ms, i.end_ms) for i in result.incidents]
    marks[speech & _overlapping(starts, ends, incident_spans)] |= OVERTALK
    mark_list: list[int] = marks.tolist()
    texts = table.text
    punct = table.is_punctuation
    values = _SentimentLookup(sentiments, speakers)
    rows: list[TurnRow] = []
    for index, turn in enumerate(turns):
        tokens = turn.token_indices
        token_marks = [mark_list[i] for i in tokens]
        flags = 0
        for mark in set(token_marks):
            flags |= mark
        lane = speakers.find(turn.speaker)
        rows.append(
            TurnRow(
                index=index,
                speaker=lane if lane is not None else 0,
                start_ms=turn.start_ms,
                end_ms=turn.end_ms,
                texts=[texts[i] for i in tokens],
                glue=[punct[i] for i in tokens],
                marks=token_marks,
                sentiment=values.value(lane, turn.start_ms, turn.end_ms),
                flags=flags,
            )
        )
    return rows


class _SentimentLookup:
    """The sentiment value of a speaker's turn: the value of the same speaker whose span
    contains the turn's midpoint, else one that starts inside the turn."""

    def __init__(self, rows: list[dict[str, Any]], speakers: _Speakers) -> None:
        by_lane: dict[int, list[tuple[int, int, float]]] = {}
        for row in rows:
            lane = speakers.find(row["speaker"])
            if lane is None or row["start_ms"] is None or row["value"] is None:
                continue
            end = row["end_ms"] if row["end_ms"] is not None else row["start_ms"]
            by_lane.setdefault(lane, []).append((row["start_ms"], end, float(row["value"])))
        self.by_lane = {lane: sorted(values) for lane, values in by_lane.items()}
        self.starts = {lane: [v[0] for v in values] for lane, values in self.by_lane.items()}

    def value(self, lane: int | None, start_ms: int, end_ms: int) -> float | None:
        if lane is None or lane not in self.by_lane:
            return None
        values, starts = self.by_lane[lane], self.starts[lane]
        middle = (start_ms + end_ms) // 2
        position = bisect.bisect_right(starts, middle) - 1
        if position >= 0 and values[position][1] >= middle:
            return values[position][2]
        position = bisect.bisect_left(starts, start_ms)
        if position < len(values) and values[position][0] <= end_ms:
            return values[position][2]
        return None


# --- header -----------------------------------------------------------------------------------


#: Media fields that are sections (the rest are scalars: id, status, dates, length).
_SECTION_FIELDS = (
    "metadata",
    "transcript",
    "knowledge",
    "spotting",
    "prediction",
    "metrics",
    "categories",
    "conversation",
    "speaker_sentiments",
    "entities",
    "streams",
    "encryption",
    "warnings",
    "errors",
    "job",
    "links",
)


def _sections_present(media: Media) -> list[str]:
    names = []
    for name in _SECTION_FIELDS:
        if getattr(media, name) is not None:
            info = Media.model_fields[name]
            names.append(info.alias or name)
    if media.ringcentral is not None:
        names.append(f"ringcentral {media.ringcentral.kind}")
    return names


def _languages(media: Media) -> list[str]:
    """Language tags the document names (``language``/``languageCode`` at the top level, in
    ``metadata.extended``, in ``_job`` or in a RingCentral payload; two levels deep at most)."""
    found: list[str] = []

    def look(value: Any, depth: int) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("language", "languageCode", "languages") and depth <= 3:
                    for tag in item if isinstance(item, list) else [item]:
                        if isinstance(tag, str) and tag and clean(tag) not in found:
                            found.append(clean(tag))
                elif isinstance(item, dict) and depth < 3:
                    look(item, depth + 1)

    look(media.model_extra or {}, 0)
    if media.metadata is not None:
        look(media.metadata.extended or {}, 0)
    look(media.job if isinstance(media.job, dict) else {}, 0)
    if media.ringcentral is not None:
        raw = media.ringcentral.raw
        look({k: v for k, v in raw.items() if k != "response"}, 0)
        response = raw.get("response")
        if isinstance(response, dict):
            look({k: v for k, v in response.items() if not isinstance(v, list)}, 1)
    return found


def _header(
    media: Media,
    report: CallReport,
    result: MetricsResult,
    turns: Sequence[vbformats.Turn],
    source: str | None,
) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []

    def add(label: str, value: object) -> None:
        if value is not None and value != "":
            rows.append((label, clean(value)))

    add("Media id", media.media_id)
    if media.metadata is not None:
        add("Title", media.metadata.title)
        add("External id", media.metadata.external_id)
    add("Source", source)
    add("Format", media.source_format)
    add("Status", media.status)
    rc = media.ringcentral
    if rc is not None:
        add("RingCentral API", rc.api or rc.kind)
    add("Created", media.date_created or (rc.creation_time if rc else None))
    add("Finished", media.date_finished or (rc.completion_time if rc else None))
    if media.length is not None:
        add("Length", f"{clock(media.length)} ({media.length:,} ms)")
    elif report.timeline is not None:
        add("Length", f"{clock(report.timeline.length_ms)} (last word; no length in the file)")
    add("Languages", ", ".join(_languages(media)) or None)
    named = [s for s in report.speakers if s.name is not None]
    channels: str | None
    if result.two_party:
        channels = "two-party (agent and caller)"
    elif len(named) > 1:
        channels = f"{len(named)} speakers"
    else:
        channels = "mono (one voice)" if turns else None
    add("Channels", channels)
    add(
        "Speakers",
        ", ".join(f"{s.label} ({s.role})" if s.role else s.label for s in report.speakers),
    )
    words = sum(1 for flag in media.words.is_speech if flag)
    if words:
        add("Words", f"{words:,} in {len(turns):,} turns")
    if media.transcript is not None and media.transcript.confidence is not None:
        add("Transcript confidence", f"{media.transcript.confidence:.2f}")
    add("Sections", ", ".join(report.sections_present))
    return rows
