"""Rich notebook views (``_repr_html_``) of a Media, a MetricsResult and a report: a compact
summary and the timeline, as an HTML fragment with inline styles only (a notebook page has
none of the report's CSS, and no link target: the timeline is drawn without links)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vbformats.reports import svg
from vbformats.reports.html_base import esc
from vbformats.reports.model import Bar, CallReport, Marker, Speaker, Timeline
from vbformats.reports.text import clean, duration, percent

if TYPE_CHECKING:  # pragma: no cover
    from vbformats.metrics import MetricsResult
    from vbformats.models.media import Media

__all__ = ["media_html", "metrics_html", "report_html"]

_WRAP = (
    '<div class="vbformats-view" style="font-family:system-ui,sans-serif;font-size:13px;'
    'max-width:980px">'
)
_CELL = 'style="text-align:left;padding:2px 8px;border-bottom:1px solid #e9ecef"'
_SHOWN = ("Media id", "Title", "Format", "Length", "Channels", "Words", "Languages")


def _legend(speakers: list[Speaker], kinds: list[str]) -> str:
    items = [
        f'<span style="margin-right:12px"><span style="display:inline-block;width:10px;'
        f'height:10px;background:{s.color};margin-right:4px"></span>{esc(s.label)}</span>'
        for s in speakers
    ]
    items += [
        f'<span style="margin-right:12px"><span style="display:inline-block;width:10px;'
        f'height:10px;background:{svg.MARKER_STYLE[k][0]};margin-right:4px"></span>'
        f"{svg.MARKER_STYLE[k][1]}</span>"
        for k in kinds
        if k in svg.MARKER_STYLE
    ]
    return f'<div style="margin:4px 0">{"".join(items)}</div>'


def _speaker_rows(speakers: list[Speaker]) -> str:
    return "".join(
        f"<tr><th {_CELL}>{esc(s.label)}</th><td {_CELL}>{esc(s.role or '')}, "
        f"{s.word_count:,} words, {duration(s.talk_ms)} talk ({percent(s.talk_share)})</td></tr>"
        for s in speakers
    )


def _view(
    title: str,
    rows: list[tuple[str, str]],
    speakers: list[Speaker],
    line: Timeline | None,
    footer: str,
) -> str:
    table = "".join(f"<tr><th {_CELL}>{esc(k)}</th><td {_CELL}>{esc(v)}</td></tr>" for k, v in rows)
    parts = [
        _WRAP,
        f'<div style="font-weight:600;font-size:15px">{esc(title)}</div>',
        f'<table style="border-collapse:collapse">{table}{_speaker_rows(speakers)}</table>',
    ]
    if line is not None:
        kinds = list(dict.fromkeys(m.kind for m in line.markers))
        parts.append(
            svg.timeline(speakers, line, links=False)
            + _legend([speakers[lane] for lane, _ in line.lanes], kinds)
        )
    parts.append(f'<div style="color:#5b6570">{esc(footer)}</div></div>')
    return "".join(parts)


def report_html(report: CallReport) -> str:
    """A report's notebook view: key facts, speakers, the timeline."""
    rows = [(k, v) for k, v in report.header if k in _SHOWN]
    footer = (
        f"Sections: {', '.join(report.sections())}. report.save('call.html') writes the whole "
        "report."
    )
    return _view(report.title, rows, report.speakers, report.timeline, footer)


def media_html(media: Media) -> str:
    """A Media's notebook view (the report's, without building the transcript)."""
    from vbformats.reports.gather import build_report
    from vbformats.reports.options import ReportOptions

    report = build_report(media, ReportOptions(transcript=False))
    rows = [(k, v) for k, v in report.header if k in _SHOWN]
    footer = (
        f"Sections: {', '.join(report.sections_present) or 'none'}. "
        "vbformats.report(media, 'call.html') writes the whole report."
    )
    return _view(report.title, rows, report.speakers, report.timeline, footer)


def metrics_html(result: MetricsResult) -> str:
    """A MetricsResult's notebook view: headline metrics, speakers, the timeline of its
    segments, overtalk incidents and silences."""
    from vbformats.reports.gather import PALETTE, RESOLUTION, _merge
    from vbformats.reports.text import number

    speakers = [
        Speaker(
            s.speaker,
            clean(s.speaker) if s.speaker else "(no speaker)",
            s.role,
            PALETTE[i % len(PALETTE)],
            s.word_count,
            s.talk_ms,
            s.talk_share,
            s.word_count / (s.talk_ms / 60_000) if s.talk_ms else None,
        )
        for i, s in enumerate(result.speakers)
    ]
    index = {s.speaker: i for i, s in enumerate(result.speakers)}
    length = result.length_ms
    line = None
    if length > 0 and result.segments:
        bucket = max(1, -(-length // RESOLUTION))
        spans: dict[int, list[tuple[int, int]]] = {}
        for segment in result.segments:
            spans.setdefault(index.get(segment.speaker, 0), []).append(
                (segment.start_ms, segment.end_ms)
            )
        lanes = [
            (lane, [Bar(s, e, None, c) for s, e, c in _merge(spans[lane], bucket)])
            for lane in sorted(spans)
        ]
        markers = [
            Marker(
                "overtalk",
                i.start_ms,
                i.end_ms,
                index.get(i.interrupter_speaker),
                f"{i.interrupter_speaker or '?'} interrupted {i.interrupted_speaker or '?'}",
                None,
            )
            for i in result.incidents
        ] + [
            Marker(
                "silence", s.start_ms, s.end_ms, None, f"Silence {duration(s.duration_ms)}", None
            )
            for s in result.silences
            if s.is_incident
        ]
        line = Timeline(length, lanes, markers, "words", bucket)
    values = result.values
    rows = [
        (name, number(values.get(name), 3))
        for name in (
            "overtalk-incidents",
            "overtalk-ratio",
            "silence-ratio",
            "silence-incidents",
            "agent-talk-ratio",
            "caller-talk-ratio",
            "call-sentiment",
        )
    ]
    rows.insert(0, ("call length", duration(length)))
    return _view(
        "Conversation metrics",
        rows,
        speakers,
        line,
        "result.to_frame() lists all 44 metrics and the extensions.",
    )
