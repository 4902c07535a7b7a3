"""vbformats: VoiceBase v3 and RingCentral AI results into captions, text, turns, DataFrames
and conversation metrics.

Quick start::

    import vbformats
    media = vbformats.load("call.json")
    print(vbformats.render(media, "srt"))
    for turn in vbformats.turns(media):
        print(turn.speaker, turn.start_ms, turn.text)

Functions (below): ``load``, ``render``, ``save``, ``turns``, ``build_cues``, ``check_cues``;
on first use also ``report`` (a call report), ``align`` and ``wer`` (an edited transcript).

Classes, importable from here (``help(vbformats.Media)`` documents each):

* ``Media``: a loaded document (``media.words``, ``media.to_dict()``); ``Word``,
  ``WordTable``: its words, one model per word or a columnar table.
* ``Turn``: one speaker's run of words; ``Cue``, ``CueList``, ``CaptionOptions``,
  ``Violation``: caption cues, their limits and the limits the words could not meet.
* Errors (``vbformats.errors``): ``VBFormatsError`` is the root; ``InvalidInputError``
  (names the JSON path), ``UnknownFormatError``, ``UnrecognizedFormatError``,
  ``SourceError``, ``ApiErrorResponse``, ``MediaFailedError``, ``MediaNotReadyError``,
  ``JobError``, ``JobFailedError``, ``JobInProgressError``, ``MissingDependencyError``;
  the warning ``LossyConversionWarning``.

Packages, imported on first use: ``vbformats.frames`` (pandas tables), ``vbformats.metrics``,
``vbformats.formats`` (the format registry), ``vbformats.captions``, ``vbformats.reports``,
``vbformats.ringcentral``, ``vbformats.alignment``.

This module is the public façade: it re-exports, and imports neither pandas, numpy, lxml nor
the RingCentral wing (``vbformats.frames``, ``vbformats.metrics`` and the formats that need
them import them on use). ``__all__`` lists the functions, so ``help(vbformats)`` is a page
and not every inherited pydantic and ``Exception`` member of every class; the classes are
re-exported explicitly (``import X as X``), so type checkers see them as public.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vbformats.captions import CaptionOptions as CaptionOptions
from vbformats.captions import Cue as Cue
from vbformats.captions import CueList as CueList
from vbformats.captions import Violation as Violation
from vbformats.captions import build_cues, check_cues
from vbformats.errors import ApiErrorResponse as ApiErrorResponse
from vbformats.errors import InvalidInputError as InvalidInputError
from vbformats.errors import JobError as JobError
from vbformats.errors import JobFailedError as JobFailedError
from vbformats.errors import JobInProgressError as JobInProgressError
from vbformats.errors import LossyConversionWarning as LossyConversionWarning
from vbformats.errors import MediaFailedError as MediaFailedError
from vbformats.errors import MediaNotReadyError as MediaNotReadyError
from vbformats.errors import MissingDependencyError as MissingDependencyError
from vbformats.errors import SourceError as SourceError
from vbformats.errors import UnknownFormatError as UnknownFormatError
from vbformats.errors import UnrecognizedFormatError as UnrecognizedFormatError
from vbformats.errors import VBFormatsError as VBFormatsError
from vbformats.formats import load, render, save
from vbformats.models.media import Media as Media
from vbformats.models.words import Word as Word
from vbformats.models.words import WordTable as WordTable
from vbformats.turns import Turn as Turn
from vbformats.turns import turns

__version__ = "0.1.0"

#: The names ``help(vbformats)`` documents: the functions (see the module docstring for the
#: classes, each re-exported above).
__all__ = [
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
