"""PNG charts for the Word reports, drawn with matplotlib's Agg backend (headless).

Only the object-oriented API is used (``Figure`` + ``FigureCanvasAgg``), never ``pyplot``: no
global state, no GUI backend, safe in threads and in worker processes. matplotlib is imported
inside the functions (the ``report`` extra). Labels are input text: they are cleaned and ``$``
is escaped so no speaker name is read as mathtext; missing glyph warnings are silenced (the
Word text itself carries every character).
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from vbformats.reports.model import CallReport
from vbformats.reports.svg import MARKER_STYLE, time_ticks
from vbformats.reports.text import clean, clock

if TYPE_CHECKING:  # pragma: no cover
    from vbformats.reports.summaries import ArchiveReport

__all__ = [
    "archive_charts",
    "confidence_png",
    "label",
    "sentiment_png",
    "talk_png",
    "timeline_png",
    "voice_png",
]

DPI = 110


def label(text: object, limit: int = 24) -> str:
    """Input text as a matplotlib label: cleaned, shortened, ``$`` escaped (no mathtext)."""
    value = clean(text)
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return value.replace("\\", "\\\\").replace("$", r"\$")


@contextmanager
def _figure(width: float, height: float) -> Iterator[tuple[Any, io.BytesIO]]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        figure = Figure(figsize=(width, height), dpi=DPI)
        FigureCanvasAgg(figure)
        yield figure, buffer
        figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")


def _time_axis(axes: Any, length_ms: int) -> None:
    ticks = time_ticks(length_ms, 8)
    axes.set_xlim(0, max(length_ms, 1))
    axes.set_xticks(ticks)
    axes.set_xticklabels([clock(t) for t in ticks], fontsize=8)


def timeline_png(report: CallReport) -> bytes:
    """Lanes of talk segments per speaker, events on top, silences on an events lane."""
    line = report.timeline
    assert line is not None
    lanes = list(line.lanes)
    rows = len(lanes) + 1
    with _figure(7.5, 0.45 * rows + 0.8) as (figure, buffer):
        axes = figure.add_subplot()
        names = []
        for row, (lane, bars) in enumerate(lanes):
            speaker = report.speakers[lane]
            y = rows - 1 - row
            axes.broken_barh(
                [(b.start_ms, max(b.end_ms - b.start_ms, line.bucket_ms)) for b in bars],
                (y - 0.35, 0.7),
                facecolors=speaker.color,
            )
            names.append((y, label(speaker.label, 14)))
        seen: set[str] = set()
        lane_y = {lane: rows - 1 - row for row, (lane, _) in enumerate(lanes)}
        for marker in line.markers:
            color, text = MARKER_STYLE.get(marker.kind, ("#495057", marker.kind))
            y = 0 if marker.kind == "silence" or marker.lane is None else lane_y.get(marker.lane, 0)
            width = max(marker.end_ms - marker.start_ms, line.bucket_ms * 2)
            offset, height = (-0.35, 0.7) if y == 0 else (0.3, 0.18)
            axes.broken_barh(
                [(marker.start_ms, width)],
                (y + offset, height),
                facecolors=color,
                label=None if text in seen else text,
            )
            seen.add(text)
        names.append((0, "events"))
        axes.set_yticks([y for y, _ in names])
        axes.set_yticklabels([n for _, n in names], fontsize=8)
        axes.set_ylim(-0.6, rows - 0.4)
        _time_axis(axes, line.length_ms)
        if seen:
            axes.legend(
                fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=3, frameon=False
            )
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
    return buffer.getvalue()


def _series_png(
    report: CallReport,
    panels: Sequence[tuple[str, Sequence[Any], tuple[float, float] | None]],
) -> bytes:
    length = report.timeline.length_ms if report.timeline else 1
    with _figure(7.5, 2.2 * len(panels)) as (figure, buffer):
        for index, (title, series, limits) in enumerate(panels, 1):
            axes = figure.add_subplot(len(panels), 1, index)
            for item in series:
                speaker = report.speakers[item.speaker]
                xs = [t for t, _ in item.points]
                ys = [v for _, v in item.points]
                axes.plot(
                    xs,
                    ys,
                    color=speaker.color,
                    linewidth=1.4,
                    marker="o" if len(xs) < 60 else None,
                    markersize=3,
                    label=label(speaker.label, 14),
                )
            if limits:
                axes.set_ylim(*limits)
                axes.axhline(0, color="#868e96", linewidth=0.8)
            axes.set_title(title, fontsize=9, loc="left")
            axes.tick_params(labelsize=8)
            axes.grid(alpha=0.3)
            _time_axis(axes, length)
            axes.legend(fontsize=7, loc="best")
        figure.tight_layout()
    return buffer.getvalue()


def sentiment_png(report: CallReport) -> bytes:
    """Sentiment over time per speaker (-1..1)."""
    assert report.sentiment is not None
    return _series_png(report, [("Sentiment over time", report.sentiment.series, (-1.05, 1.05))])


def voice_png(report: CallReport) -> bytes:
    """Volume and pitch over time per speaker."""
    assert report.voice is not None
    panels = [
        (title, series, None)
        for title, series in (
            ("Volume (v)", report.voice.volume),
            ("Pitch (Hz)", report.voice.pitch),
        )
        if series
    ]
    return _series_png(report, panels)


def talk_png(report: CallReport) -> bytes:
    """Talk-time split (one stacked bar) and talk rate per speaker."""
    section = report.metrics
    assert section is not None
    talkers = [s for s in report.speakers if s.talk_ms > 0]
    with _figure(7.5, 1.2 + 0.35 * len(talkers)) as (figure, buffer):
        split, rates = figure.subplots(1, 2, gridspec_kw={"width_ratios": [1.2, 1]})
        left = 0.0
        total = sum(t for _, t in section.talk_ms) + section.silence_ms or 1
        for lane, talk in section.talk_ms:
            speaker = report.speakers[lane]
            split.barh(
                0,
                talk / total,
                left=left,
                color=speaker.color,
                label=f"{label(speaker.label, 14)} {100 * talk / total:.0f}%",
            )
            left += talk / total
        split.barh(
            0,
            section.silence_ms / total,
            left=left,
            color="#ced4da",
            label=f"silence {100 * section.silence_ms / total:.0f}%",
        )
        split.set_xlim(0, 1)
        split.set_yticks([])
        split.set_title("Talk-time split", fontsize=9, loc="left")
        split.legend(
            fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=3, frameon=False
        )
        split.tick_params(labelsize=8)
        names = [label(s.label, 14) for s in talkers]
        values = [s.talk_rate_wpm or 0 for s in talkers]
        rates.barh(range(len(talkers)), values, color=[s.color for s in talkers])
        rates.set_yticks(range(len(talkers)))
        rates.set_yticklabels(names, fontsize=8)
        rates.invert_yaxis()
        rates.set_title("Talk rate (words per minute)", fontsize=9, loc="left")
        rates.tick_params(labelsize=8)
        for index, value in enumerate(values):
            rates.text(value, index, f" {value:.0f}", va="center", fontsize=8)
        figure.tight_layout()
    return buffer.getvalue()


def confidence_png(report: CallReport) -> bytes:
    """The 10-bin confidence histogram, bins under the threshold in orange."""
    section = report.confidence
    assert section is not None
    with _figure(6.5, 2.2) as (figure, buffer):
        axes = figure.add_subplot()
        alert = int(section.threshold * 10)
        colors = ["#e8590c" if k < alert else "#0072B2" for k in range(10)]
        axes.bar([k / 10 + 0.05 for k in range(10)], section.bins, width=0.09, color=colors)
        axes.axvline(
            section.mean,
            color="#212529",
            linestyle="--",
            linewidth=1,
            label=f"mean {section.mean:.3f}",
        )
        axes.set_xlim(0, 1)
        axes.set_xlabel("confidence", fontsize=8)
        axes.set_ylabel("words", fontsize=8)
        axes.tick_params(labelsize=8)
        axes.legend(fontsize=7)
    return buffer.getvalue()


def archive_charts(report: ArchiveReport) -> list[tuple[str, bytes]]:
    """One PNG per distribution row of the archive report: histogram with a box plot."""
    out = []
    for row in report.distributions:
        if not row.values:
            continue
        with _figure(6.5, 1.9) as (figure, buffer):
            hist, box = figure.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1]})
            hist.hist(row.values, bins=min(20, max(5, len(row.values) // 3)), color="#0072B2")
            hist.set_title(label(row.title, 60), fontsize=9, loc="left")
            hist.tick_params(labelsize=8)
            box.boxplot(row.values, vert=False, widths=0.6)
            box.set_yticks([])
            box.tick_params(labelsize=8)
            figure.tight_layout()
        out.append((row.title, buffer.getvalue()))
    return out
