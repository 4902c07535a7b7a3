"""vbformats: VoiceBase v3 and RingCentral AI results into captions, text, turns, DataFrames
and conversation metrics.

Quick start::

    import vbformats
    media = vbformats.load("call.json")
    print(vbformats.render(media, "srt"))
    for turn in vbformats.turns(media):
        print(turn.speaker, turn.start_ms, turn.text)

This module is the public façade: it re-exports, and imports neither pandas, numpy, lxml nor
the RingCentral wing (``vbformats.frames``, ``vbformats.metrics`` and the formats that need
them import them on use).
"""

from __future__ import annotations

from vbformats.captions import (
    CaptionOptions,
    Cue,
    CueList,
    Violation,
    build_cues,
    check_cues,
)
from vbformats.errors import (
    ApiErrorResponse,
    InvalidInputError,
    JobError,
    JobFailedError,
    JobInProgressError,
    LossyConversionWarning,
    MediaFailedError,
    MissingDependencyError,
    SourceError,
    UnknownFormatError,
    VBFormatsError,
)
from vbformats.formats import load, render, save
from vbformats.models.media import Media
from vbformats.models.words import Word, WordTable
from vbformats.turns import Turn, turns

__version__ = "0.1.0"

__all__ = [
    "ApiErrorResponse",
    "CaptionOptions",
    "Cue",
    "CueList",
    "InvalidInputError",
    "JobError",
    "JobFailedError",
    "JobInProgressError",
    "LossyConversionWarning",
    "Media",
    "MediaFailedError",
    "MissingDependencyError",
    "SourceError",
    "Turn",
    "UnknownFormatError",
    "VBFormatsError",
    "Violation",
    "Word",
    "WordTable",
    "__version__",
    "build_cues",
    "check_cues",
    "load",
    "render",
    "save",
    "turns",
]

# Submodules reachable as attributes without importing them up front: `vbformats.frames`
# imports pandas, which `import vbformats` must not (a notebook pays for it on first use only).
_LAZY_SUBMODULES = frozenset(
    {
        "captions",
        "formats",
        "frames",
        "intervals",
        "metrics",
        "reports",
        "ringcentral",
        "roles",
        "sources",
        "spans",
    }
)


def __getattr__(name: str) -> object:
    if name in _LAZY_SUBMODULES:
        import importlib

        return importlib.import_module(f"vbformats.{name}")
    if name == "report":  # vbformats.report(media, "call.html"): the function, not a module
        from vbformats.reports import report

        return report
    raise AttributeError(f"module 'vbformats' has no attribute {name!r}")
