"""vbformats: VoiceBase v3 and RingCentral AI results into captions, text, turns, DataFrames
and conversation metrics.

Quick start::

    import vbformats
    media = vbformats.load("call.json")
    print(vbformats.render(media, "srt"))
    for turn in vbformats.turns(media):
        print(turn.speaker, turn.start_ms, turn.text)

This module is the public façade: it re-exports and never imports pandas
(``vbformats.frames`` does, on use).
"""

from __future__ import annotations

from vbformats.errors import (
    ApiErrorResponse,
    InvalidInputError,
    JobFailedError,
    JobInProgressError,
    LossyConversionWarning,
    MediaFailedError,
    UnknownFormatError,
    VBFormatsError,
)
from vbformats.models.media import Media
from vbformats.models.words import Word, WordTable
from vbformats.readers import load
from vbformats.turns import Turn, turns

__version__ = "0.1.0"

__all__ = [
    "ApiErrorResponse",
    "InvalidInputError",
    "JobFailedError",
    "JobInProgressError",
    "LossyConversionWarning",
    "Media",
    "MediaFailedError",
    "Turn",
    "UnknownFormatError",
    "VBFormatsError",
    "Word",
    "WordTable",
    "__version__",
    "load",
    "turns",
]
