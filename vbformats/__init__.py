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

from typing import TYPE_CHECKING

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
    MediaNotReadyError,
    MissingDependencyError,
    SourceError,
    UnknownFormatError,
    UnrecognizedFormatError,
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
    "MediaNotReadyError",
    "MissingDependencyError",
    "SourceError",
    "Turn",
    "UnknownFormatError",
    "UnrecognizedFormatError",
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
        "alignment",
        "batch",
        "captions",
        "dask",
        "formats",
        "frames",
        "intervals",
        "metrics",
        "progress",
        "reports",
        "ringcentral",
        "roles",
        "sources",
        "spans",
    }
)


if TYPE_CHECKING:  # typed for checkers, imported on first use at run time (see __getattr__)
    from vbformats.alignment import align as align
    from vbformats.alignment import wer as wer
    from vbformats.reports import report as report

# Functions whose module pulls in heavy dependencies (rapidfuzz, numpy, the report renderers):
# imported on first use. ``vbformats.report`` is the function; its package is ``reports``.
_LAZY_FUNCTIONS = {
    "align": "vbformats.alignment",
    "wer": "vbformats.alignment",
    "report": "vbformats.reports",
}


def __getattr__(name: str) -> object:
    import importlib

    if name in _LAZY_FUNCTIONS:
        return getattr(importlib.import_module(_LAZY_FUNCTIONS[name]), name)
    if name in _LAZY_SUBMODULES:
        return importlib.import_module(f"vbformats.{name}")
    raise AttributeError(f"module 'vbformats' has no attribute {name!r}")
