"""Old home of the caption readers: each is now its format's module in :mod:`vbformats.formats`
(kept so old imports work)."""

from __future__ import annotations

from vbformats.formats import detect, read_body
from vbformats.formats.alternate import media_from_alternate_format
from vbformats.formats.cuebody import decode_text, split_words
from vbformats.formats.text import TEXT_MS_PER_CHAR, TEXT_PARAGRAPH_GAP_MS

__all__ = [
    "TEXT_MS_PER_CHAR",
    "TEXT_PARAGRAPH_GAP_MS",
    "decode_text",
    "detect_format",
    "media_from_alternate_format",
    "read_caption_body",
    "split_words",
]

read_caption_body = read_body


def detect_format(text: str, fmt: str | None = None, path_name: str | None = None) -> str:
    """The caption format's name for ``text``: ``fmt`` if given, else the path's extension,
    else the content (:func:`vbformats.formats.detect` among caption bodies)."""
    from vbformats.formats import _readable

    if fmt is not None:
        return _readable(fmt, caption_body=True).name
    return detect(text, path_name, caption_body=True).name
