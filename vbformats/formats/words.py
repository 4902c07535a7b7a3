"""The ``words`` table as a file (``convert --to words``): a writer only.

One row per token of ``transcript.words`` with its speaker, role, times and flags: exactly the
``words`` table of :mod:`vbformats.frames` (its columns are listed in the README), written by
the table export (:mod:`vbformats.frames.export`): a JSON array of row objects, or CSV.
Which one: ``table_format`` (``--table-format``), else the output file's extension
(``.words.csv`` is CSV), else JSON.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from vbformats.atomic import atomic_path
from vbformats.formats.base import Format

__all__ = ["FORMAT", "WordsFormat", "WordsOptions"]


class WordsOptions(BaseModel):
    """Words table options. Frozen; unknown fields are refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    table_format: Literal["json", "csv"] | None = Field(
        None, description="json or csv; default: from the output file's extension, else json."
    )


class WordsFormat(Format):
    """The ``words`` table: ``.words.json`` (row objects) or ``.words.csv``."""

    name = "words"
    aliases = ("words-json", "words-csv", "words_table")
    extensions = (".words.json", ".words.csv")
    media_type = "application/json"
    options_model = WordsOptions

    def lines(self, media: Any, options: Any) -> Iterator[str]:
        """Yield the table as JSON (or CSV with ``table_format="csv"``) and a final newline."""
        yield _text(media, options.table_format or "json")

    def save(self, media: Any, path: str | os.PathLike[str], options: Any = None) -> None:
        """Write atomically; the format from the options, else the extension."""
        resolved = self.make_options(options)
        fmt = resolved.table_format
        if fmt is None:
            fmt = "csv" if os.fspath(path).lower().endswith(".csv") else "json"
        with (
            atomic_path(path) as temporary,
            open(temporary, "w", encoding="utf-8", newline="") as stream,
        ):
            stream.write(_text(media, fmt))


def _text(media: Any, fmt: str) -> str:
    from vbformats import frames

    frame = frames.build("words", media)
    if fmt == "csv":
        return frames.to_csv(frame)
    return frames.to_json(frame) + "\n"


FORMAT = WordsFormat()
