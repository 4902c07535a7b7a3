"""Reports people read: a call report (HTML or Word, with plots), an archive report over many
calls, and rich notebook views.

Quick start::

    import vbformats
    vbformats.report("call.json", "call.html")        # one self-contained HTML file
    vbformats.report("call.json", "call.docx")        # Word (needs the ``report`` extra)
    report = vbformats.report("call.json")            # the report object: .to_html(), .save()

    from vbformats import reports
    reports.archive("calls/", "archive.html", per_call="calls-reports/")

Modules, one job each:

* :mod:`~vbformats.reports.model` – the report model (plain data, what a report shows);
* :mod:`~vbformats.reports.gather` / :mod:`~vbformats.reports.knowledge` – Media -> model,
  from the public API (turns, metrics, frames);
* :mod:`~vbformats.reports.html_base`, :mod:`~vbformats.reports.svg`,
  :mod:`~vbformats.reports.html` – the self-contained HTML (escaping, inline SVG plots);
* :mod:`~vbformats.reports.charts`, :mod:`~vbformats.reports.word` – the Word document
  (matplotlib PNG charts, python-docx; the ``report`` extra);
* :mod:`~vbformats.reports.summaries`, :mod:`~vbformats.reports.archive_html` – per-call
  summaries (a plain function of one source, mappable in parallel) and the archive report;
* :mod:`~vbformats.reports.notebook` – ``_repr_html_`` views;
* :mod:`~vbformats.reports.output` – formats, the extra check, atomic writing.

HTML needs only the core install; Word needs ``pip install 'vbformats[report]'``.
"""

from __future__ import annotations

import os
from typing import Any

from vbformats.models.media import Media
from vbformats.reports.model import SECTION_TITLES, CallReport
from vbformats.reports.options import ReportOptions, coerce_options
from vbformats.reports.output import FORMATS, format_for_path
from vbformats.reports.summaries import ArchiveReport, CallSummary, archive, summarize

__all__ = [
    "FORMATS",
    "SECTION_TITLES",
    "ArchiveReport",
    "CallReport",
    "CallSummary",
    "ReportOptions",
    "archive",
    "build",
    "format_for_path",
    "report",
    "summarize",
]


def _media_and_source(source: Any, speakers: dict[str, str] | None) -> tuple[Media, str | None]:
    if isinstance(source, Media):
        return source, None
    import vbformats

    label = os.fspath(source) if isinstance(source, (str, os.PathLike)) else None
    if speakers:
        return vbformats.load(source, speakers=speakers), label
    return vbformats.load(source), label


def build(
    source: Any,
    *,
    options: ReportOptions | dict[str, Any] | None = None,
    speakers: dict[str, str] | None = None,
) -> CallReport:
    """Gather a call report without writing it.

    Args:
        source: A loaded :class:`~vbformats.Media`, or anything :func:`vbformats.load` reads
            (a path, bytes, JSON text, a dict).
        options: :class:`ReportOptions` or a dict of its fields (``low_confidence``,
            ``roles``, ``silence_min_ms``, ``title``, ``transcript``).
        speakers: RingCentral speaker id -> name, passed to :func:`vbformats.load`.

    Returns:
        The :class:`CallReport` (``.to_html()``, ``.save(path)``, rich display in notebooks).

    Raises:
        InvalidInputError: the source does not load, or a bad option (``options.<field>``).
    """
    from vbformats.reports.gather import build_report

    media, label = _media_and_source(source, speakers)
    return build_report(media, coerce_options(options), source=label)


def report(
    source: Any,
    path: str | os.PathLike[str] | None = None,
    *,
    format: str | None = None,
    options: ReportOptions | dict[str, Any] | None = None,
    speakers: dict[str, str] | None = None,
) -> CallReport:
    """Build a call report and, when ``path`` is given, write it (``vbformats.report``).

    Args:
        source: A loaded :class:`~vbformats.Media` or anything :func:`vbformats.load` reads.
        path: Output file: ``.html``/``.htm`` (one self-contained file) or ``.docx`` (Word,
            needs the ``report`` extra). Written atomically.
        format: ``"html"`` or ``"docx"``, overriding the extension.
        options: :class:`ReportOptions` or a dict of its fields.
        speakers: RingCentral speaker id -> name.

    Returns:
        The :class:`CallReport`.

    Raises:
        UnknownFormatError: ``path`` has an extension no report format has.
        MissingDependencyError: Word output without the ``report`` extra (checked first).
        InvalidInputError: the source does not load, or a bad option.

    Example::

        >>> import vbformats
        >>> report = vbformats.report("samples/stereo_call.json")
        >>> report.sections()[:4]
        ['summary', 'timeline', 'sentiment', 'voice']
        >>> len(report.transcript)  # one row per vbformats.turns(media) turn
        32
    """
    if path is not None:
        fmt = format_for_path(path, format)
        if fmt == "docx":
            from vbformats.reports.output import require_report_extra

            require_report_extra()
    result = build(source, options=options, speakers=speakers)
    if path is not None:
        result.save(path, format)
    return result
