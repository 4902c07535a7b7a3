"""Caption bodies (SRT, WebVTT, DFXP/TTML, plain text) → Media (placeholder; see issue #2)."""

from __future__ import annotations

from vbformats.errors import UnknownFormatError
from vbformats.models.media import Media


def read_caption_body(text: bytes | str, fmt: str | None, path_name: str | None) -> Media:
    """Read a caption body into a Media."""
    raise UnknownFormatError(fmt or "caption", ("json",))
