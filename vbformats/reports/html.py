"""The call report as one self-contained HTML file (inline CSS, inline SVG, a small inline
script; nothing fetched). Lays out a :class:`~vbformats.reports.model.CallReport`.

Layout: a summary, then one ``<section id="...">`` per section the call has (ids are the keys
of :data:`~vbformats.reports.model.SECTION_TITLES`), the transcript last: one
``<div class="turn" id="t-N">`` per turn of ``vbformats.turns(media)``, which the timeline's
segments and every timestamp link to. Every input string is cleaned and escaped
(:func:`~vbformats.reports.html_base.esc`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from vbformats.reports import svg
from vbformats.reports.html_base import esc, page
from vbformats.reports.model import (
    DETECTION,
    DIFFERENCE_RULE,
    KEYWORD,
    LOW_CONFIDENCE,
    OVERTALK,
    SECTION_TITLES,
    CallReport,
    Cell,
    PeriodRow,
    Table,
    TurnRow,
)
from vbformats.reports.text import clock, duration, number, percent, signed

__all__ = ["cell_html", "render_call", "speakers_table", "table_html", "timeline_block"]

SILENCE_COLOR = "#ced4da"
OVERTALK_COLOR = "#e03131"


def render_call(report: CallReport) -> str:
    """The whole HTML document of a call report."""
    sections = report.sections()
    toc = " ".join(
        f'<a href="#{key}">{SECTION_TITLES[key]}</a>' for key in sections if key != "summary"
    )
    body = [f"<h1><bdi>{esc(report.title)}</bdi></h1>", f'<nav class="toc">{toc}</nav>']
    renderers = {
        "summary": _summary,
        "timeline": _timeline,
        "sentiment": _sentiment,
        "voice": _voice,
        "metrics": _metrics,
        "knowledge": _knowledge,
        "confidence": _confidence,
        "transcript": _transcript,
    }
    for key in sections:
        body.append(f'<section id="{key}"><h2>{SECTION_TITLES[key]}</h2>')
        body.append(renderers[key](report))
        body.append("</section>")
    body.append(
        '<p class="note">Made by vbformats from the result file alone; nothing in this page '
        "was fetched from anywhere.</p>"
    )
    return page(report.title, "\n".join(body), script=bool(report.transcript))


# --- shared pieces ----------------------------------------------------------------------------


def cell_html(cell: Cell) -> str:
    """One table cell's content: text (escaped, isolated) then linked timestamps."""
    links = " ".join(
        f'<a href="#t-{turn}">{clock(time_ms)}</a>' if turn is not None else clock(time_ms)
        for time_ms, turn in cell.links
    )
    text = f"<bdi>{esc(cell.text)}</bdi>" if cell.text else ""
    if cell.tone:
        text = f'<span class="{cell.tone}">{text}</span>'
    return " ".join(part for part in (links, text) if part)


def table_html(
    columns: Iterable[str], rows: Iterable[Iterable[Cell]], *, css: str = "", row_css: str = ""
) -> str:
    """A table of :class:`Cell` rows."""
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="n">{cell_html(cell)}</td>'
            if cell.number
            else f"<td>{cell_html(cell)}</td>"
            for cell in row
        )
        body.append(f"<tr{row_css}>{cells}</tr>")
    klass = f' class="{css}"' if css else ""
    return f"<table{klass}><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def speakers_table(report: CallReport) -> str:
    """Speakers with colour, role, words, talk time, share and rate."""
    rows = []
    for speaker in report.speakers:
        rows.append(
            f'<tr><td><span class="legend"><span><span class="k" style="background:'
            f'{speaker.color}"></span><bdi>{esc(speaker.label)}</bdi></span></span></td>'
            f'<td>{esc(speaker.role or "")}</td><td class="n">{speaker.word_count:,}</td>'
            f'<td class="n">{duration(speaker.talk_ms)}</td>'
            f'<td class="n">{percent(speaker.talk_share)}</td>'
            f'<td class="n">{number(speaker.talk_rate_wpm, 0)}</td></tr>'
        )
    return (
        '<table class="speakers"><thead><tr><th>Speaker</th><th>Role</th><th>Words</th>'
        "<th>Talk time</th><th>Talk share</th><th>Words / min</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def timeline_block(report: CallReport, *, links: bool = True) -> str:
    """The timeline SVG with its legend (empty when the report has no timeline)."""
    line = report.timeline
    if line is None:
        return ""
    items = [
        f'<span><span class="k" style="background:{report.speakers[lane].color}"></span>'
        f"<bdi>{esc(report.speakers[lane].label)}</bdi></span>"
        for lane, _ in line.lanes
    ]
    kinds = dict.fromkeys(marker.kind for marker in line.markers)
    items += [
        f'<span><span class="k" style="background:{svg.MARKER_STYLE[kind][0]}"></span>'
        f"{svg.MARKER_STYLE[kind][1]}</span>"
        for kind in kinds
        if kind in svg.MARKER_STYLE
    ]
    return svg.timeline(report.speakers, line, links=links) + (
        f'<div class="legend">{"".join(items)}</div>'
    )


# --- sections ---------------------------------------------------------------------------------


def _summary(report: CallReport) -> str:
    rows = "".join(
        f"<tr><th>{esc(label)}</th><td><bdi>{esc(value)}</bdi></td></tr>"
        for label, value in report.header
    )
    notes = "".join(f'<p class="note">{esc(note)}</p>' for note in report.notes)
    speakers = speakers_table(report) if report.speakers else ""
    return f'<table class="kv"><tbody>{rows}</tbody></table>{notes}{speakers}'


def _timeline(report: CallReport) -> str:
    line = report.timeline
    assert line is not None
    source = (
        "talk segments from the words (the metrics' segments)"
        if line.source == "words"
        else "voice activity (the result has no words)"
    )
    hint = " Click a segment or an event to go to its turn." if report.transcript else ""
    return (
        timeline_block(report, links=bool(report.transcript))
        + f'<p class="note">Lanes: {source}; spans less than {duration(line.bucket_ms)} apart '
        f"are drawn as one.{hint} Silences longer than "
        f"{duration(report.options.silence_min_ms)} are marked.</p>"
    )


def _period_table(report: CallReport, rows: list[PeriodRow], names: list[str]) -> str:
    body = []
    for row in rows:
        who = "Everyone" if row.speaker is None else report.speakers[row.speaker].label
        values = "".join(f'<td class="n">{signed(v)}</td>' for v in row.values)
        body.append(
            f'<tr><td><bdi>{esc(who)}</bdi></td>{values}<td class="n">{signed(row.overall)}'
            f'</td><td class="n">{row.count}</td></tr>'
        )
    head = "".join(f"<th>{name}</th>" for name in names)
    return (
        f"<table><thead><tr><th>Speaker</th>{head}<th>Whole call</th><th>Values</th></tr>"
        f"</thead><tbody>{''.join(body)}</tbody></table>"
    )


def _sentiment(report: CallReport) -> str:
    section = report.sentiment
    assert section is not None
    length = report.timeline.length_ms if report.timeline else 1
    series = [
        (report.speakers[s.speaker].color, report.speakers[s.speaker].label, s.points)
        for s in section.series
    ]
    chart = svg.line_chart(
        series, length, -1.0, 1.0, label="Sentiment over time per speaker", fmt=signed, zero=True
    )
    return (
        f"<figure>{chart}<figcaption>speakerSentiments values (−1 negative … +1 positive) "
        "at the start of each value.</figcaption></figure>"
        "<h3>Sentiment per quarter of the call</h3>"
        + _period_table(report, section.quarters, ["Q1", "Q2", "Q3", "Q4"])
        + "<h3>Sentiment per third of the call</h3>"
        + _period_table(report, section.thirds, ["First third", "Middle third", "Last third"])
        + '<p class="note">A value counts in the period holding its start.</p>'
    )


def _voice(report: CallReport) -> str:
    section = report.voice
    assert section is not None
    length = report.timeline.length_ms if report.timeline else 1
    figures = []
    for title, series, unit in (
        ("Volume (v)", section.volume, ""),
        ("Pitch (dominant frq peak)", section.pitch, " Hz"),
    ):
        values = [v for s in series for _, v in s.points]
        if not values:
            continue
        low, high = min(values), max(values)
        pad = (high - low) * 0.1 or 1.0
        chart = svg.line_chart(
            [
                (report.speakers[s.speaker].color, report.speakers[s.speaker].label, s.points)
                for s in series
            ],
            length,
            low - pad,
            high + pad,
            label=title,
            fmt=_unit_format(unit),
        )
        figures.append(
            f"<figure>{chart}<figcaption>{title} of speech words, mean per time bucket."
            "</figcaption></figure>"
        )
    return f'<div class="charts">{"".join(figures)}</div>'


def _unit_format(unit: str) -> Callable[[float], str]:
    def fmt(value: float) -> str:
        return f"{value:.0f}{unit}" if abs(value) >= 10 else f"{value:.2f}{unit}"

    return fmt


def _metrics(report: CallReport) -> str:
    section = report.metrics
    assert section is not None
    parts = [
        (report.speakers[lane].label, float(talk), report.speakers[lane].color)
        for lane, talk in section.talk_ms
    ]
    parts.append(("silence", float(section.silence_ms), SILENCE_COLOR))
    split = svg.split_bar(parts, label="Talk-time split")
    rates = svg.hbars(
        [
            (s.label, s.talk_rate_wpm, s.color, f"{number(s.talk_rate_wpm, 0)} words/min")
            for s in report.speakers
            if s.talk_ms > 0
        ],
        label="Talk rate per speaker",
    )
    legend = "".join(
        f'<span><span class="k" style="background:{color}"></span><bdi>{esc(name)}</bdi> '
        f"{duration(int(value))}</span>"
        for name, value, color in parts
    )
    facts = (
        f"{section.overtalk_count} overtalk incidents ({duration(section.overtalk_ms)}), "
        f"{section.silence_incidents} silences over {duration(report.options.silence_min_ms)}, "
        f"longest silence {duration(section.longest_silence_ms)}, call length "
        f"{duration(section.length_ms)}."
    )
    out = [
        '<div class="charts"><figure>',
        split,
        f"<figcaption>Talk-time split (each speaker's talk time, and silence).</figcaption>"
        f'<div class="legend">{legend}</div></figure><figure>',
        rates,
        "<figcaption>Talk rate: speech words per minute of the speaker's own talk time."
        "</figcaption></figure></div>",
        f'<p class="note">{facts}</p>',
    ]
    if section.has_reported:
        out.append(
            f'<p class="note">Computed here next to the values in the document; highlighted '
            f"where {esc(DIFFERENCE_RULE)}. Definitions: vbformats README, "
            "“Conversation metrics”.</p>"
        )
        head = "<th>Group</th><th>Metric</th><th>Computed</th><th>Reported</th><th>Difference</th>"
    else:
        out.append('<p class="note">The document reports no metrics: computed values only.</p>')
        head = "<th>Group</th><th>Metric</th><th>Computed</th>"
    rows = []
    for row in section.rows:
        cells = (
            f"<td>{esc(row.group)}</td><td>{esc(row.name)}</td>"
            f'<td class="n">{number(row.computed, 3)}</td>'
        )
        if section.has_reported:
            cells += (
                f'<td class="n">{number(row.reported, 3)}</td>'
                f'<td class="n d">{signed(row.difference, 3) if row.reported is not None else ""}'
                "</td>"
            )
        klass = ' class="differs"' if row.differs else ""
        rows.append(f"<tr{klass}>{cells}</tr>")
    out.append(
        f'<table class="metrics"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}'
        "</tbody></table>"
    )
    return "".join(out)


def _knowledge(report: CallReport) -> str:
    return "".join(_knowledge_table(table) for table in report.knowledge)


def _knowledge_table(table: Table) -> str:
    note = f'<p class="note">{esc(table.note)}</p>' if table.note else ""
    return f'<h3 id="k-{table.key}">{esc(table.title)}</h3>{note}' + table_html(
        table.columns, table.rows, css=f"k {table.key}"
    )


def _confidence(report: CallReport) -> str:
    section = report.confidence
    assert section is not None
    edges = [f"{k / 10:.1f}–{(k + 1) / 10:.1f}" for k in range(10)]
    alert = int(section.threshold * 10)
    chart = svg.histogram(section.bins, edges, label="Word confidence histogram", alert_below=alert)
    share = section.low_count / section.count if section.count else 0.0
    return (
        f"<figure>{chart}<figcaption>Confidence of {section.count:,} speech words; mean "
        f"<b>{section.mean:.3f}</b>; {section.low_count:,} ({percent(share, 1)}) below "
        f"{number(section.threshold)} (marked in the transcript).</figcaption></figure>"
    )


# --- transcript -------------------------------------------------------------------------------

_MARK_CLASS = {
    mark: " ".join(
        f"w{bit}" for bit in (LOW_CONFIDENCE, KEYWORD, DETECTION, OVERTALK) if mark & bit
    )
    for mark in range(16)
}
_TAGS = ((OVERTALK, "overtalk"), (DETECTION, "detection"), (KEYWORD, "keyword"))


def _sentiment_mark(value: float | None) -> str:
    if value is None:
        return ""
    if value > 0.05:
        css, symbol = "s-pos", "▲"
    elif value < -0.05:
        css, symbol = "s-neg", "▼"
    else:
        css, symbol = "s-neu", "●"
    return f' <span class="{css}" title="sentiment {signed(value)}">{symbol} {signed(value)}</span>'


def _transcript(report: CallReport) -> str:
    legend = (
        '<div class="legend"><span><span class="w1">dotted</span> confidence below '
        f"{number(report.options.low_confidence)}</span>"
        '<span><span class="w2">green</span> spotted keyword</span>'
        '<span><span class="w4">red</span> detection (PCI, SSN...)</span>'
        '<span><span class="w8">violet</span> overtalk</span>'
        "<span>▲ ▼ ● turn sentiment</span></div>"
    )
    out = [
        '<div class="tools"><label for="search">Search</label>'
        '<input id="search" type="search" placeholder="words or a speaker" autocomplete="off">'
        f'<span id="search-count">{len(report.transcript)} turns</span></div>',
        legend,
        '<div id="turns">',
    ]
    escaped: dict[str, str] = {}
    speakers = report.speakers
    labels = [esc(s.label) for s in speakers]
    for row in report.transcript:
        out.append(_turn_html(row, labels, [s.color for s in speakers], escaped))
    out.append("</div>")
    return "".join(out)


def _turn_html(row: TurnRow, labels: list[str], colors: list[str], escaped: dict[str, str]) -> str:
    pieces: list[str] = []
    for text, attach, mark in zip(row.texts, row.glue, row.marks, strict=True):
        safe = escaped.get(text)
        if safe is None:
            safe = escaped[text] = esc(text)
        if mark:
            safe = f'<span class="{_MARK_CLASS[mark & 15]}">{safe}</span>'
        if attach and pieces:
            pieces[-1] += safe
        else:
            pieces.append(safe)
    tags = "".join(f'<span class="tag">{name}</span>' for bit, name in _TAGS if row.flags & bit)
    if tags:
        tags = f'<div class="tags">{tags}</div>'
    label = labels[row.speaker] if row.speaker < len(labels) else ""
    color = colors[row.speaker % len(colors)] if colors else "#999"
    return (
        f'<div class="turn" id="t-{row.index}" style="--c:{color}" data-who="{label}">'
        f'<div class="meta"><a href="#t-{row.index}">{clock(row.start_ms)}</a> · '
        f'{duration(row.duration_ms)}<br><span class="who"><bdi>{label}</bdi></span>'
        f"{_sentiment_mark(row.sentiment)}"
        f"{tags}</div>"
        f"<p>{' '.join(pieces)}</p></div>\n"
    )
