"""Old home of the VoiceBase JSON reader: now :mod:`vbformats.formats.json` (kept for imports)."""

from vbformats.formats.json import (
    MAX_NESTING,
    is_bare_transcript,
    media_from_json,
    media_from_object,
)
from vbformats.sources import DEFAULT_MAX_BYTES, read_source

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_NESTING",
    "is_bare_transcript",
    "media_from_json",
    "media_from_object",
    "read_source",
]
