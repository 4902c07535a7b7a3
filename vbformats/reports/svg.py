"""Inline SVG plots for the HTML reports, written directly (no plotting library).

Why not matplotlib's SVG backend here: the timeline must be a set of links into the
transcript, every label must go through our one escaper, text must stay text (searchable,
styled, printed sharp), and the charts of a 100,000-word call must cost milliseconds, not the
seconds a figure per chart costs (see ``benchmarks/bench_report.py``). The Word report does use
matplotlib (:mod:`vbformats.reports.charts`), where a PNG is what is wanted.

**Size rule.** No plot grows with the number of words: lanes draw talk segments merged to the
1000-unit plot width (at most ~500 shapes per lane), events merged the same way, series hold at
most 300 points (:mod:`vbformats.reports.gather`). Coordinates are written with one decimal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from vbformats.reports.html_base import esc
from vbformats.reports.model import Marker, Speaker, Timeline
from vbformats.reports.text import clock, duration

__all__ = ["box_strip", "hbars", "histogram", "line_chart", "split_bar", "time_ticks", "timeline"]

WIDTH = 1000
LEFT = 118
RIGHT = 12
PLOT = WIDTH - LEFT - RIGHT

MARKER_STYLE: dict[str, tuple[str, str]] = {
    # kind -> (colour, legend text)
    "overtalk": ("#e03131", "overtalk (on the interrupter's lane)"),
    "silence": ("#adb5bd", "silence over the threshold"),
    "dtmf": ("#7048e8", "DTMF tones"),
    "detection": ("#a61e4d", "detection (PCI, SSN...)"),
    "keyword": ("#2b8a3e", "spotted keyword"),
    "category": ("#212529", "category match"),
}

_STEPS_MS = (
    1_000,
    2_000,
    5_000,
    10_000,
    15_000,
    30_000,
    60_000,
    120_000,
    300_000,
    600_000,
    900_000,
    1_800_000,
    3_600_000,
    7_200_000,
    10_800_000,
    21_600_000,
    43_200_000,
    86_400_000,
)


def _f(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _short(label: str, limit: int = 16) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def time_ticks(length_ms: int, most: int = 9) -> list[int]:
    """Round tick times (ms) from 0 to ``length_ms``, at most ``most`` of them."""
    if length_ms <= 0:
        return [0]
    step = next((s for s in _STEPS_MS if length_ms / s <= most - 1), None)
    if step is None:  # longer than the steps reach: whole days, still at most `most` ticks
        day = _STEPS_MS[-1]
        step = -(-length_ms // ((most - 1) * day)) * day
    return list(range(0, length_ms + 1, step))


def _x(time_ms: float, length_ms: int) -> float:
    return LEFT + PLOT * min(max(time_ms, 0), length_ms) / max(length_ms, 1)


def _time_axis(length_ms: int, top: float, bottom: float) -> list[str]:
    out = []
    for tick in time_ticks(length_ms):
        x = _f(_x(tick, length_ms))
        out.append(
            f'<line x1="{x}" y1="{_f(top)}" x2="{x}" y2="{_f(bottom)}" stroke="#e9ecef"/>'
            f'<text x="{x}" y="{_f(top - 5)}" font-size="11" text-anchor="middle" '
            f'fill="#5b6570">{clock(tick)}</text>'
        )
    return out


def _open(height: float, label: str, css: str = "") -> str:
    extra = f' class="{css}"' if css else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_f(height)}" '
        f'role="img" aria-label="{esc(label)}"{extra}>'
    )


def _link(turn: int | None, shape: str, css: str, links: bool) -> str:
    if not links or turn is None:
        return shape
    return f'<a href="#t-{turn}" class="{css}">{shape}</a>'


def timeline(
    speakers: Sequence[Speaker], line: Timeline, *, links: bool = True, events: bool = True
) -> str:
    """One lane per speaker (talk segments linking to their turns, the speaker's events on
    top) and an events lane (silences, events without a speaker)."""
    lane_height, gap, top = 22, 10, 22
    by_lane: dict[int | None, list[Marker]] = {}
    if events:
        for marker in line.markers:
            lane = marker.lane if marker.kind != "silence" else None
            by_lane.setdefault(lane, []).append(marker)
    rows = len(line.lanes) + (1 if by_lane.get(None) else 0)
    height = top + rows * (lane_height + gap) + 4
    length = line.length_ms
    out = [_open(height, "Call timeline: talk segments per speaker and events", "timeline")]
    out += _time_axis(length, top, height - 4)
    y = float(top)
    for lane, bars in line.lanes:
        speaker = speakers[lane]
        out.append(
            f'<text x="{LEFT - 8}" y="{_f(y + 15)}" font-size="12" text-anchor="end">'
            f"{esc(_short(speaker.label))}</text>"
            f'<rect x="{LEFT}" y="{_f(y)}" width="{PLOT}" height="{lane_height}" fill="#f4f6f8"/>'
        )
        for bar in bars:
            x1, x2 = _x(bar.start_ms, length), _x(bar.end_ms, length)
            merged = f", {bar.count} segments" if bar.count > 1 else ""
            shape = (
                f'<rect x="{_f(x1)}" y="{_f(y + 2)}" width="{_f(max(x2 - x1, 0.8))}" '
                f'height="{lane_height - 4}" fill="{speaker.color}"><title>{esc(speaker.label)} '
                f"{clock(bar.start_ms)}–{clock(bar.end_ms)}{merged}</title></rect>"
            )
            out.append(_link(bar.turn, shape, "seg", links))
        out += [_marker(m, y, lane_height, length, links) for m in by_lane.get(lane, [])]
        y += lane_height + gap
    if by_lane.get(None):
        out.append(
            f'<text x="{LEFT - 8}" y="{_f(y + 15)}" font-size="12" text-anchor="end" '
            f'fill="#5b6570">events</text>'
            f'<rect x="{LEFT}" y="{_f(y)}" width="{PLOT}" height="{lane_height}" fill="#fbfbfc"/>'
        )
        out += [_marker(m, y, lane_height, length, links) for m in by_lane[None]]
    out.append("</svg>")
    return "".join(out)


def _marker(marker: Marker, y: float, height: int, length: int, links: bool) -> str:
    color = MARKER_STYLE.get(marker.kind, ("#495057", ""))[0]
    x1, x2 = _x(marker.start_ms, length), _x(marker.end_ms, length)
    more = f" ({marker.count} events)" if marker.count > 1 else ""
    span = clock(marker.start_ms)
    if marker.end_ms > marker.start_ms:
        span += f"–{clock(marker.end_ms)}, {duration(marker.end_ms - marker.start_ms)}"
    title = f"<title>{esc(marker.label)}{more}: {span}</title>"
    if marker.kind == "silence":
        shape = (
            f'<rect x="{_f(x1)}" y="{_f(y + 2)}" width="{_f(max(x2 - x1, 2))}" '
            f'height="{height - 4}" fill="{color}" fill-opacity="0.7">{title}</rect>'
        )
    elif marker.kind == "overtalk":
        shape = (
            f'<rect x="{_f(x1 - 1)}" y="{_f(y - 3)}" width="{_f(max(x2 - x1, 2) + 2)}" '
            f'height="7" fill="{color}">{title}</rect>'
        )
    elif marker.kind in ("dtmf", "detection"):
        shape = (
            f'<rect x="{_f(x1)}" y="{_f(y + height - 6)}" width="{_f(max(x2 - x1, 3))}" '
            f'height="8" fill="{color}">{title}</rect>'
        )
    else:  # keyword, category: a tick with a head
        shape = (
            f'<path d="M{_f(x1)} {_f(y - 4)}l4 0l-4 7l-4 -7z" fill="{color}">{title}</path>'
            if marker.kind == "keyword"
            else f'<rect x="{_f(x1 - 1)}" y="{_f(y + 1)}" width="3" height="{height - 2}" '
            f'fill="{color}">{title}</rect>'
        )
    return _link(marker.turn, shape, f"ev {marker.kind}", links)


def line_chart(
    series: Sequence[tuple[str, str, Sequence[tuple[int, float]]]],
    length_ms: int,
    low: float,
    high: float,
    *,
    label: str,
    fmt: Callable[[float], str],
    zero: bool = False,
    height: int = 190,
) -> str:
    """Lines over time: ``(colour, name, points)`` per series; y from ``low`` to ``high``."""
    top, bottom = 24, height - 8
    span = (high - low) or 1.0

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * (min(max(value, low), high) - low) / span

    out = [_open(height, label)]
    out += _time_axis(length_ms, top, bottom)
    for k in range(5):
        value = low + span * k / 4
        y = _f(y_of(value))
        stroke = "#868e96" if zero and abs(value) < 1e-9 else "#e9ecef"
        out.append(
            f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="{stroke}"/>'
            f'<text x="{LEFT - 6}" y="{y}" dy="4" font-size="11" text-anchor="end" '
            f'fill="#5b6570">{esc(fmt(value))}</text>'
        )
    for color, name, points in series:
        if not points:
            continue
        coords = " ".join(f"{_f(_x(t, length_ms))},{_f(y_of(v))}" for t, v in points)
        out.append(
            f'<polyline points="{coords}" fill="none" stroke="{color}" stroke-width="1.8">'
            f"<title>{esc(name)}</title></polyline>"
        )
        if len(points) <= 80:
            out += [
                f'<circle cx="{_f(_x(t, length_ms))}" cy="{_f(y_of(v))}" r="2.6" fill="{color}">'
                f"<title>{esc(name)} {clock(t)}: {esc(fmt(v))}</title></circle>"
                for t, v in points
            ]
    out.append("</svg>")
    return "".join(out)


def hbars(
    items: Sequence[tuple[str, float | None, str, str]], *, label: str, most: float | None = None
) -> str:
    """Horizontal bars: ``(name, value, colour, value text)``; ``None`` values draw no bar."""
    row = 26
    height = 8 + row * len(items)
    top_value = most or max((v for _, v, _, _ in items if v is not None), default=1.0) or 1.0
    out = [_open(height, label)]
    for index, (name, value, color, text) in enumerate(items):
        y = 4 + index * row
        width = PLOT * 0.85 * (value or 0) / top_value
        out.append(
            f'<text x="{LEFT - 8}" y="{_f(y + 15)}" font-size="12" text-anchor="end">'
            f"{esc(_short(name))}</text>"
        )
        if value is not None:
            out.append(
                f'<rect x="{LEFT}" y="{_f(y + 2)}" width="{_f(max(width, 0.5))}" height="18" '
                f'fill="{color}"/>'
            )
        out.append(
            f'<text x="{_f(LEFT + width + 6)}" y="{_f(y + 15)}" font-size="12">{esc(text)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def split_bar(parts: Sequence[tuple[str, float, str]], *, label: str) -> str:
    """One 100% bar split into ``(name, value, colour)`` parts, names inside when they fit."""
    total = sum(max(v, 0) for _, v, _ in parts) or 1.0
    out = [_open(40, label)]
    x = 0.0
    for name, value, color in parts:
        width = (WIDTH - 2) * max(value, 0) / total
        if width <= 0:
            continue
        out.append(
            f'<rect x="{_f(x + 1)}" y="4" width="{_f(width)}" height="30" fill="{color}">'
            f"<title>{esc(name)}: {100 * value / total:.1f}%</title></rect>"
        )
        text = f"{_short(name, 14)} {100 * value / total:.0f}%"
        if width > 9 * len(text):
            out.append(
                f'<text x="{_f(x + 7)}" y="24" font-size="12" fill="#fff">{esc(text)}</text>'
            )
        x += width
    out.append("</svg>")
    return "".join(out)


def histogram(
    counts: Sequence[int],
    edges: Sequence[str],
    *,
    label: str,
    color: str = "#0072B2",
    alert_below: int = 0,
    height: int = 170,
) -> str:
    """Vertical bars with their counts; bins before ``alert_below`` are drawn in red."""
    top, bottom = 18, height - 22
    n = max(len(counts), 1)
    most = max(counts, default=0) or 1
    width = PLOT / n
    out = [_open(height, label)]
    out.append(
        f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" stroke="#adb5bd"/>'
    )
    for index, count in enumerate(counts):
        x = LEFT + index * width
        bar = (bottom - top) * count / most
        fill = "#e8590c" if index < alert_below else color
        out.append(
            f'<rect x="{_f(x + 2)}" y="{_f(bottom - bar)}" width="{_f(width - 4)}" '
            f'height="{_f(bar)}" fill="{fill}"><title>{esc(edges[index])}: {count}</title></rect>'
            f'<text x="{_f(x + width / 2)}" y="{_f(bottom - bar - 3)}" font-size="11" '
            f'text-anchor="middle">{count}</text>'
            f'<text x="{_f(x + width / 2)}" y="{_f(bottom + 14)}" font-size="10.5" '
            f'text-anchor="middle" fill="#5b6570">{esc(edges[index])}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def box_strip(
    values: Sequence[float], *, label: str, fmt: Callable[[float], str], color: str = "#0072B2"
) -> str:
    """A box plot (min, quartiles, median, max) over a number line, with the values as dots
    (at most 400 of them, evenly picked)."""
    import numpy as np

    data = np.asarray(values, dtype=np.float64)
    low, high = float(data.min()), float(data.max())
    span = (high - low) or 1.0
    q1, median, q3 = (float(q) for q in np.percentile(data, [25, 50, 75]))

    def x_of(value: float) -> float:
        return LEFT + PLOT * (value - low) / span

    out = [_open(54, label)]
    out.append(
        f'<line x1="{_f(x_of(low))}" y1="20" x2="{_f(x_of(high))}" y2="20" stroke="#495057"/>'
        f'<rect x="{_f(x_of(q1))}" y="10" width="{_f(max(x_of(q3) - x_of(q1), 1))}" height="20" '
        f'fill="{color}" fill-opacity="0.25" stroke="{color}"/>'
        f'<line x1="{_f(x_of(median))}" y1="8" x2="{_f(x_of(median))}" y2="32" '
        f'stroke="{color}" stroke-width="2.5"/>'
    )
    step = max(1, len(data) // 400)
    for index, value in enumerate(data[::step]):
        out.append(
            f'<circle cx="{_f(x_of(float(value)))}" cy="{20 + (index % 5 - 2) * 2}" r="1.8" '
            f'fill="{color}" fill-opacity="0.6"/>'
        )
    for value, anchor in ((low, "start"), (median, "middle"), (high, "end")):
        out.append(
            f'<text x="{_f(x_of(value))}" y="47" font-size="11" text-anchor="{anchor}" '
            f'fill="#5b6570">{esc(fmt(value))}</text>'
        )
    out.append("</svg>")
    return "".join(out)
