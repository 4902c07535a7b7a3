"""The call and archive reports as Word documents (python-docx), charts as embedded PNGs.

Real headings (Title, Heading 1/2: Word's navigation pane and table of contents see them),
real tables (style "Table Grid", header rows repeated on every page), one transcript table row
per turn. Highlights in the transcript are character formats, so they survive editing and
forwarding: low-confidence words grey italic, spotted keywords highlighted green, detections
pink, overtalk underlined. Every string is cleaned first (Word's XML refuses control
characters). python-docx and matplotlib come with the ``report`` extra and are imported here.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from vbformats.reports import charts
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
    TurnRow,
)
from vbformats.reports.text import clean, clock, duration, number, percent, signed

if TYPE_CHECKING:  # pragma: no cover
    from vbformats.reports.summaries import ArchiveReport

__all__ = ["archive_document", "call_document"]

WIDTH_IN = 6.5


def _document(title: str) -> Any:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.core_properties.title = clean(title)[:250]
    document.core_properties.author = "vbformats"
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10)
    document.add_heading(clean(title), 0)
    return document


def _bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _picture(document: Any, png: bytes) -> None:
    from docx.shared import Inches

    document.add_picture(io.BytesIO(png), width=Inches(WIDTH_IN))


def _shade(cell: Any, color: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), color.lstrip("#"))
    cell._tc.get_or_add_tcPr().append(shading)


def _light(color: str) -> str:
    """``color`` mixed 75% with white (a cell background that keeps black text readable)."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{int(c + (255 - c) * 0.75):02X}" for c in (red, green, blue))


def _table(document: Any, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    header = table.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    for cell, name in zip(header.cells, columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(clean(name)).bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = clean(value)
    return table


def _cell_text(cell: Cell) -> str:
    links = ", ".join(clock(time_ms) for time_ms, _ in cell.links)
    return " ".join(part for part in (links, cell.text) if part)


def call_document(report: CallReport) -> bytes:
    """The Word document (.docx bytes) of a call report."""
    document = _document(report.title)
    for key in report.sections():
        document.add_heading(SECTION_TITLES[key], 1)
        _SECTIONS[key](document, report)
    document.add_paragraph("Made by vbformats from the result file alone.")
    return _bytes(document)


def _summary(document: Any, report: CallReport) -> None:
    _table(document, ("Field", "Value"), report.header)
    for note in report.notes:
        document.add_paragraph(clean(note))
    if report.speakers:
        document.add_paragraph()
        table = _table(
            document,
            ("Speaker", "Role", "Words", "Talk time", "Talk share", "Words / min"),
            [
                (
                    s.label,
                    s.role or "",
                    f"{s.word_count:,}",
                    duration(s.talk_ms),
                    percent(s.talk_share),
                    number(s.talk_rate_wpm, 0),
                )
                for s in report.speakers
            ],
        )
        for row, speaker in zip(table.rows[1:], report.speakers, strict=True):
            _shade(row.cells[0], _light(speaker.color))


def _timeline(document: Any, report: CallReport) -> None:
    _picture(document, charts.timeline_png(report))
    document.add_paragraph(
        "One lane per speaker (talk segments), events on top: overtalk on the interrupter's "
        "lane, DTMF and detections, spotted keywords; silences over "
        f"{duration(report.options.silence_min_ms)} on the events lane."
    )


def _periods(document: Any, report: CallReport, rows: list[PeriodRow], names: list[str]) -> None:
    _table(
        document,
        ("Speaker", *names, "Whole call", "Values"),
        [
            (
                "Everyone" if row.speaker is None else report.speakers[row.speaker].label,
                *(signed(v) for v in row.values),
                signed(row.overall),
                str(row.count),
            )
            for row in rows
        ],
    )


def _sentiment(document: Any, report: CallReport) -> None:
    section = report.sentiment
    assert section is not None
    _picture(document, charts.sentiment_png(report))
    document.add_heading("Sentiment per quarter of the call", 2)
    _periods(document, report, section.quarters, ["Q1", "Q2", "Q3", "Q4"])
    document.add_heading("Sentiment per third of the call", 2)
    _periods(document, report, section.thirds, ["First third", "Middle third", "Last third"])


def _voice(document: Any, report: CallReport) -> None:
    _picture(document, charts.voice_png(report))


def _metrics(document: Any, report: CallReport) -> None:
    section = report.metrics
    assert section is not None
    _picture(document, charts.talk_png(report))
    document.add_paragraph(
        f"{section.overtalk_count} overtalk incidents ({duration(section.overtalk_ms)}), "
        f"{section.silence_incidents} silences over {duration(report.options.silence_min_ms)}, "
        f"longest silence {duration(section.longest_silence_ms)}."
    )
    if section.has_reported:
        document.add_paragraph(f"Computed next to reported; rows shaded where {DIFFERENCE_RULE}.")
        columns: tuple[str, ...] = ("Group", "Metric", "Computed", "Reported", "Difference")
        rows: list[tuple[str, ...]] = [
            (
                r.group,
                r.name,
                number(r.computed, 3),
                number(r.reported, 3),
                signed(r.difference, 3) if r.reported is not None else "",
            )
            for r in section.rows
        ]
    else:
        document.add_paragraph("The document reports no metrics: computed values only.")
        columns = ("Group", "Metric", "Computed")
        rows = [(r.group, r.name, number(r.computed, 3)) for r in section.rows]
    table = _table(document, columns, rows)
    for row, metric in zip(table.rows[1:], section.rows, strict=True):
        if metric.differs:
            for cell in row.cells:
                _shade(cell, "#FFF3BF")


def _knowledge(document: Any, report: CallReport) -> None:
    for table in report.knowledge:
        document.add_heading(clean(table.title), 2)
        _table(document, table.columns, [[_cell_text(c) for c in row] for row in table.rows])


def _confidence(document: Any, report: CallReport) -> None:
    section = report.confidence
    assert section is not None
    _picture(document, charts.confidence_png(report))
    document.add_paragraph(
        f"Confidence of {section.count:,} speech words: mean {section.mean:.3f}; "
        f"{section.low_count:,} below {number(section.threshold)}."
    )


def _transcript(document: Any, report: CallReport) -> None:
    from docx.enum.text import WD_COLOR_INDEX
    from docx.shared import RGBColor

    document.add_paragraph(
        f"Grey italic: confidence below {number(report.options.low_confidence)}; green: spotted "
        "keyword; pink: detection; underlined: overtalk."
    )
    table = _table(document, ("Start", "Duration", "Speaker", "Sentiment", "Text"), [])
    shades = [_light(s.color) for s in report.speakers]
    for turn in report.transcript:
        cells = table.add_row().cells
        speaker = report.speakers[turn.speaker] if turn.speaker < len(report.speakers) else None
        cells[0].text = clock(turn.start_ms)
        cells[1].text = duration(turn.duration_ms)
        cells[2].text = speaker.label if speaker else ""
        if speaker is not None:
            _shade(cells[2], shades[turn.speaker])
        cells[3].text = signed(turn.sentiment) if turn.sentiment is not None else ""
        paragraph = cells[4].paragraphs[0]
        for text, mark in _runs(turn):
            run = paragraph.add_run(text)
            if mark & LOW_CONFIDENCE:
                run.italic = True
                run.font.color.rgb = RGBColor(0x86, 0x8E, 0x96)
            if mark & DETECTION:
                run.font.highlight_color = WD_COLOR_INDEX.PINK
            elif mark & KEYWORD:
                run.font.highlight_color = WD_COLOR_INDEX.BRIGHT_GREEN
            if mark & OVERTALK:
                run.underline = True


def _runs(turn: TurnRow) -> list[tuple[str, int]]:
    """The turn's text as runs of equally marked tokens (a space stays with the run before it,
    so a highlight covers the word only)."""
    runs: list[tuple[str, int]] = []
    for text, attach, mark in zip(turn.texts, turn.glue, turn.marks, strict=True):
        piece = clean(text)
        if runs and not attach:
            runs[-1] = (runs[-1][0] + " ", runs[-1][1])
        if runs and runs[-1][1] == mark:
            runs[-1] = (runs[-1][0] + piece, mark)
        else:
            runs.append((piece, mark))
    return runs


_SECTIONS = {
    "summary": _summary,
    "timeline": _timeline,
    "sentiment": _sentiment,
    "voice": _voice,
    "metrics": _metrics,
    "knowledge": _knowledge,
    "confidence": _confidence,
    "transcript": _transcript,
}


# --- archive ----------------------------------------------------------------------------------


def archive_document(report: ArchiveReport) -> bytes:
    """The Word document (.docx bytes) of an archive report."""
    from vbformats.reports.summaries import group_rows, standout_rows

    document = _document(report.title)
    document.add_heading("Overview", 1)
    _table(document, ("Field", "Value"), report.overview())
    if report.failures:
        document.add_heading("Inputs that could not be read", 2)
        _table(document, ("Source", "Error"), [(f.source, f.error or "") for f in report.failures])
    document.add_heading("Distributions across calls", 1)
    _table(
        document,
        ("Measure", "Calls", "Mean", "Median", "Min", "Max"),
        [
            (
                row.title,
                str(len(row.values)),
                number(row.mean, 3),
                number(row.median, 3),
                number(row.low, 3),
                number(row.high, 3),
            )
            for row in report.distributions
        ],
    )
    for _, png in charts.archive_charts(report):
        _picture(document, png)
    for title, columns, rows in group_rows(report):
        document.add_heading(title, 1)
        _table(document, columns, rows)
    document.add_heading("Calls that stand out", 1)
    for title, standout in standout_rows(report):
        document.add_heading(title, 2)
        _table(document, ("Call", "Value", "Report"), standout)
    return _bytes(document)
