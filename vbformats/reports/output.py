"""Report formats and writing: the format from the extension, atomic files, the extra check.

HTML needs nothing beyond the core install (its plots are SVG written here, see
:mod:`vbformats.reports.svg`); Word needs the ``report`` extra (python-docx for the document,
matplotlib for its PNG charts), checked before any work so the error comes first.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from vbformats.errors import UnknownFormatError

if TYPE_CHECKING:  # pragma: no cover
    from vbformats.reports.model import CallReport
    from vbformats.reports.summaries import ArchiveReport

__all__ = ["FORMATS", "format_for_path", "require_report_extra", "write_archive", "write_call"]

#: Report format -> the file extensions that select it.
FORMATS: dict[str, tuple[str, ...]] = {"html": (".html", ".htm"), "docx": (".docx",)}


def format_for_path(path: str | os.PathLike[str], format: str | None = None) -> str:
    """``"html"`` or ``"docx"``: ``format`` when given, else from the extension.

    Raises:
        UnknownFormatError: an unknown format, or an extension no report format has (named,
            e.g. ``'.pdf'``).
    """
    if format is not None:
        name = format.lower().lstrip(".")
        name = "html" if name == "htm" else name
        if name not in FORMATS:
            raise UnknownFormatError(format, tuple(FORMATS))
        return name
    lower = os.fspath(path).lower()
    for name, extensions in FORMATS.items():
        if lower.endswith(extensions):
            return name
    extension = os.path.splitext(lower)[1] or os.fspath(path)
    raise UnknownFormatError(extension, tuple(e for exts in FORMATS.values() for e in exts))


def require_report_extra(purpose: str = "Word output") -> None:
    """Raise unless python-docx and matplotlib are importable.

    Raises:
        MissingDependencyError: naming the missing package and the ``report`` extra.
    """
    from vbformats.errors import MissingDependencyError

    for module, package in (("docx", "python-docx"), ("matplotlib", "matplotlib")):
        try:
            __import__(module)
        except ImportError:
            raise MissingDependencyError(package, "report", purpose) from None


def _write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    from vbformats.atomic import atomic_path

    with atomic_path(path) as temporary, open(temporary, "wb") as handle:
        handle.write(data)


def write_call(report: CallReport, path: str | os.PathLike[str], format: str | None = None) -> None:
    """Write a call report as HTML or Word (atomically: never half a file)."""
    fmt = format_for_path(path, format)
    if fmt == "html":
        from vbformats.reports.html import render_call

        _write_bytes(path, render_call(report).encode("utf-8"))
    else:
        require_report_extra()
        from vbformats.reports.word import call_document

        _write_bytes(path, call_document(report))


def write_archive(
    report: ArchiveReport, path: str | os.PathLike[str], format: str | None = None
) -> None:
    """Write an archive report as HTML or Word (atomically)."""
    fmt = format_for_path(path, format)
    if fmt == "html":
        from vbformats.reports.archive_html import render_archive

        _write_bytes(path, render_archive(report).encode("utf-8"))
    else:
        require_report_extra("Word output")
        from vbformats.reports.word import archive_document

        _write_bytes(path, archive_document(report))
