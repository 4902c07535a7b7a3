"""The archive report as one self-contained HTML file (same shell and escaping as the call
report): overview, distributions (histogram + box plot per measure), per-agent and per-caller
tables, the calls that stand out (linked to their own reports), and every call in a table."""

from __future__ import annotations

from collections.abc import Sequence

from vbformats.reports import svg
from vbformats.reports.html_base import esc, page
from vbformats.reports.summaries import ArchiveReport, CallSummary, group_rows, standouts
from vbformats.reports.text import duration, number

__all__ = ["render_archive", "render_archive_fragment"]


def _call_link(report: ArchiveReport, call: CallSummary) -> str:
    name = esc(call.media_id or call.source)
    link = report.link(call)
    return f'<a href="{esc(link)}"><bdi>{name}</bdi></a>' if link else f"<bdi>{name}</bdi>"


def _histogram(values: list[float]) -> tuple[list[int], list[str]]:
    low, high = min(values), max(values)
    bins = 10 if len(values) > 1 and high > low else 1
    width = (high - low) / bins if bins > 1 else 1.0
    counts = [0] * bins
    for value in values:
        counts[min(bins - 1, int((value - low) / width)) if bins > 1 else 0] += 1
    edges = [number(low + k * width, 2) for k in range(bins)]
    return counts, edges


def _kv(rows: list[tuple[str, str]]) -> str:
    body = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)
    return f'<table class="kv"><tbody>{body}</tbody></table>'


def _table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{esc(v)}</td>' if i else f"<td><bdi>{esc(v)}</bdi></td>"
            for i, v in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_archive(report: ArchiveReport) -> str:
    """The whole HTML document of an archive report."""
    sections = ["overview", "distributions", "groups", "standouts", "calls"]
    titles = {
        "overview": "Overview",
        "distributions": "Distributions across calls",
        "groups": "Per agent and per caller",
        "standouts": "Calls that stand out",
        "calls": "Every call",
    }
    body = [f"<h1>{esc(report.title)}</h1>"]
    body.append(
        '<nav class="toc">'
        + " ".join(f'<a href="#{key}">{titles[key]}</a>' for key in sections[1:])
        + "</nav>"
    )
    body.append(f'<section id="overview"><h2>{titles["overview"]}</h2>')
    body.append(_kv(report.overview()))
    if report.failures:
        body.append("<h3>Inputs that could not be read</h3>")
        body.append(
            _table(("Source", "Error"), [(f.source, f.error or "") for f in report.failures])
        )
    body.append("</section>")

    body.append(f'<section id="distributions"><h2>{titles["distributions"]}</h2>')
    rows = [
        (
            d.title,
            str(len(d.values)),
            number(d.mean, 3),
            number(d.median, 3),
            number(d.low, 3),
            number(d.high, 3),
        )
        for d in report.distributions
    ]
    body.append(_table(("Measure", "Calls", "Mean", "Median", "Min", "Max"), rows))
    body.append('<div class="charts">')
    for row in report.distributions:
        if not row.values:
            continue
        counts, edges = _histogram(row.values)
        body.append(
            f"<figure>{svg.histogram(counts, edges, label=row.title, height=140)}"
            f"{svg.box_strip(row.values, label=row.title, fmt=lambda v: number(v, 2))}"
            f"<figcaption>{esc(row.title)}: {len(row.values)} calls (histogram; box: "
            "quartiles and median, line: min to max).</figcaption></figure>"
        )
    body.append("</div></section>")

    body.append(f'<section id="groups"><h2>{titles["groups"]}</h2>')
    groups = group_rows(report)
    if not groups:
        body.append('<p class="note">No call has an agent or a caller.</p>')
    for title, columns, table_rows in groups:
        body.append(f"<h3>{esc(title)}</h3>{_table(columns, table_rows)}")
    body.append(
        '<p class="note">Means over each person\'s calls; "talk ratio", "interruptions by them",'
        ' "sentiment" and "talk rate" are the role\'s VoiceBase metrics.</p></section>'
    )

    body.append(f'<section id="standouts"><h2>{titles["standouts"]}</h2>')
    for title, calls in standouts(report):
        items = "".join(
            f'<tr><td>{_call_link(report, c)}</td><td class="n">{esc(value)}</td></tr>'
            for c, value in calls
        )
        body.append(
            f"<h3>{esc(title)}</h3><table><thead><tr><th>Call</th><th>Value</th></tr></thead>"
            f"<tbody>{items}</tbody></table>"
        )
    body.append("</section>")

    body.append(f'<section id="calls"><h2>{titles["calls"]}</h2>')
    call_rows = "".join(
        f"<tr><td>{_call_link(report, c)}</td><td><bdi>{esc(c.source)}</bdi></td>"
        f'<td class="n">{duration(c.length_ms)}</td><td class="n">{c.words:,}</td>'
        f'<td class="n">{number(c.metrics.get("overtalk-incidents"), 0)}</td>'
        f'<td class="n">{number(c.metrics.get("silence-ratio"), 2)}</td>'
        f'<td class="n">{number(c.metrics.get("end-sentiment"), 2)}</td></tr>'
        for c in report.calls
    )
    body.append(
        "<table><thead><tr><th>Call</th><th>Source</th><th>Length</th><th>Words</th>"
        "<th>Overtalk</th><th>Silence ratio</th><th>End sentiment</th></tr></thead>"
        f"<tbody>{call_rows}</tbody></table></section>"
    )
    return page(report.title, "\n".join(body), script=False)


def render_archive_fragment(report: ArchiveReport) -> str:
    """A compact notebook view: the overview and the distribution table."""
    rows = "".join(
        f"<tr><td>{esc(d.title)}</td><td>{len(d.values)}</td><td>{number(d.mean, 3)}</td>"
        f"<td>{number(d.median, 3)}</td></tr>"
        for d in report.distributions
    )
    return (
        f"<div><b>{esc(report.title)}</b>{_kv(report.overview())}<table><thead><tr>"
        "<th>Measure</th><th>Calls</th><th>Mean</th><th>Median</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )
