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

This module is the public façade: it re-exports, and imports nothing up front (every name is
imported on first use, see ``__getattr__``): ``vbformats --version`` and the commands pay only
for what they use (issue #17, row 6); pandas, numpy, lxml and the RingCentral wing are imported
only by the parts that need them. ``__all__`` lists the functions, so ``help(vbformats)`` is a
page and not every inherited pydantic and ``Exception`` member of every class; the classes are
importable from here all the same, and typed for checkers (``import X as X``).
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: The names ``help(vbformats)`` documents: the functions (see the module docstring for the
#: classes, importable from here too).
__all__ = [
    "__version__",
    "build_cues",
    "check_cues",
    "load",
    "render",
    "save",
    "turns",
]

if TYPE_CHECKING:  # typed for checkers, imported on first use at run time (see __getattr__)
    from vbformats.alignment import align as align
    from vbformats.alignment import wer as wer
    from vbformats.captions import CaptionOptions as CaptionOptions
    from vbformats.captions import Cue as Cue
    from vbformats.captions import CueList as CueList
    from vbformats.captions import Violation as Violation
    from vbformats.captions import build_cues as build_cues
    from vbformats.captions import check_cues as check_cues
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
    from vbformats.formats import load as load
    from vbformats.formats import render as render
    from vbformats.formats import save as save
    from vbformats.models.media import Media as Media
    from vbformats.models.words import Word as Word
    from vbformats.models.words import WordTable as WordTable
    from vbformats.reports import report as report
    from vbformats.turns import Turn as Turn
    from vbformats.turns import turns as turns

# Public names -> their module, imported on first use (the last three pull in rapidfuzz, numpy,
# the report renderers). ``vbformats.report`` is the function; its package is ``reports``.
_LAZY_NAMES = {
    "CaptionOptions": "vbformats.captions",
    "Cue": "vbformats.captions",
    "CueList": "vbformats.captions",
    "Violation": "vbformats.captions",
    "build_cues": "vbformats.captions",
    "check_cues": "vbformats.captions",
    "ApiErrorResponse": "vbformats.errors",
    "InvalidInputError": "vbformats.errors",
    "JobError": "vbformats.errors",
    "JobFailedError": "vbformats.errors",
    "JobInProgressError": "vbformats.errors",
    "LossyConversionWarning": "vbformats.errors",
    "MediaFailedError": "vbformats.errors",
    "MediaNotReadyError": "vbformats.errors",
    "MissingDependencyError": "vbformats.errors",
    "SourceError": "vbformats.errors",
    "UnknownFormatError": "vbformats.errors",
    "UnrecognizedFormatError": "vbformats.errors",
    "VBFormatsError": "vbformats.errors",
    "load": "vbformats.formats",
    "render": "vbformats.formats",
    "save": "vbformats.formats",
    "Media": "vbformats.models.media",
    "Word": "vbformats.models.words",
    "WordTable": "vbformats.models.words",
    "Turn": "vbformats.turns",
    "turns": "vbformats.turns",
    "align": "vbformats.alignment",
    "wer": "vbformats.alignment",
    "report": "vbformats.reports",
}


def __getattr__(name: str) -> object:
    import importlib

    if name in _LAZY_NAMES:
        value = getattr(importlib.import_module(_LAZY_NAMES[name]), name)
        if name != "turns":  # the function, not the module (see _Package)
            globals()[name] = value  # once: later lookups are plain attribute reads
        return value
    if not name.startswith("_"):  # a submodule, imported on first use (`vbformats.frames`)
        try:
            return importlib.import_module(f"vbformats.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"vbformats.{name}":
                raise
    raise AttributeError(f"module 'vbformats' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__) | set(_LAZY_NAMES))


class _Package(types.ModuleType):
    """``vbformats.turns`` is the function although ``vbformats/turns.py`` is a module too:
    the import system sets the module on the package when anything first imports it, which
    the eager façade used to undo by importing the function after it. Here the attribute
    always reads the function and that assignment is ignored."""

    @property
    def turns(self) -> object:
        from vbformats.turns import turns

        return turns

    @turns.setter
    def turns(self, value: object) -> None:
        pass  # only ever the submodule, from the import system

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        # pickled by name, as a plain module is: cloudpickle (Dask, joblib) finds its module
        # reducer by exact type, so a lambda that uses `vbformats` would not pickle otherwise
        import importlib

        return importlib.import_module, (self.__name__,)


sys.modules[__name__].__class__ = _Package
