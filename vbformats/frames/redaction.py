"""The ``redactions`` table: what the content filters of :mod:`vbformats.redaction` did.

Read from the note a redacted or filtered document carries (``vbformatsContentFilters``, see
:func:`vbformats.redaction.redaction_note`), so it works on a redacted Media and on its
``to_dict()`` loaded again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from vbformats.frames.core import Table, columns, register, rows_frame
from vbformats.models.media import Media

if TYPE_CHECKING:
    import pandas as pd

__all__: list[str] = []

_NAMES = ("filter", "kind", "detector", "label", "start_ms", "end_ms", "words", "replacement")


def _int_or_none(value: Any) -> int | None:
    return value if type(value) is int else None


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _redactions_table(media: Media, roles: Mapping[str, str] | None) -> pd.DataFrame:
    from vbformats.redaction.apply import redaction_note

    rows: list[tuple[Any, ...]] = []
    for number, entry in enumerate(redaction_note(media)):
        kind = _text_or_none(entry.get("kind"))
        replacement = _text_or_none(entry.get("replacement"))
        regions = entry.get("regions")
        if kind == "redaction" and isinstance(regions, list):
            for region in regions:
                if not isinstance(region, dict):
                    continue
                rows.append(
                    (
                        number,
                        kind,
                        _text_or_none(region.get("detector")),
                        _text_or_none(region.get("label")),
                        _int_or_none(region.get("s")),
                        _int_or_none(region.get("e")),
                        _int_or_none(region.get("words")),
                        replacement,
                    )
                )
        else:
            words = _int_or_none(entry.get("words"))
            rows.append((number, kind, None, None, None, None, words, replacement))
    return rows_frame("redactions", _NAMES, rows)


register(
    Table(
        name="redactions",
        summary="one row per redacted region (and per profanity pass) of the content filters",
        columns=columns(
            """
            filter       Int64    which filter pass, 0-based, in the order they were applied
            kind         string   `redaction` or `profanity`
            detector     string   the region's `detectorName` (local rules: `vbformats-card`,
                                  ...); missing for a profanity pass
            label        string   its `detectorClassLabel` (`PCI`, `SSN`, `Number`, ...)
            start_ms     Int64    start of the region, ms
            end_ms       Int64    end of the region, ms
            words        Int64    words replaced in the region (a profanity pass: in all)
            replacement  string   what each word became (`[redacted]`, `…`)
            """
        ),
        build=_redactions_table,
        speakers=False,
        doc="""What :func:`vbformats.redaction.redact` and
        :func:`~vbformats.redaction.filter_profanity` did to a document, from the note they
        leave in it: a document never filtered gives an empty table.""",
        family="sections",
    )
)
