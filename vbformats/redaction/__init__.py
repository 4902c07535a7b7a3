"""Content redaction: PII/PCI/SSN regions and profanity, done locally (issue #15).

* :func:`redact` ``(media, detections=..., replacement="[redacted]")`` replaces every speech
  word (and keypad tone) that overlaps a detected region of the named detectors, as
  VoiceBase's transcript redaction does, and applies *analytics redaction* (what is removed
  or masked: :mod:`vbformats.redaction.apply`). The detections are VoiceBase's
  ``prediction.detectors``, or local ones (:func:`detect`, :func:`with_local_detections`),
  which are rules kept as data (:data:`DEFAULT_RULES`).
* :func:`filter_profanity` ``(media, replacement="…", words=None, language="english")``: the
  swear word filter, with word lists from the ``glin-profanity`` package (extra
  ``profanity``) or your own.
* :func:`redaction_note` reads back what was redacted; the ``redactions`` table
  (:mod:`vbformats.frames`) shows it per detector and region.

Compatibility: this module used to be the *secrets* redaction (access tokens), now
:mod:`vbformats.secrets`. ``redact(text)`` given a ``str`` still returns the
secret-redacted text, and ``REDACTED`` / ``RedactingFilter`` / ``get_logger`` are still
importable from here; they are deprecated aliases of :mod:`vbformats.secrets` (import them from
there). Importing this module imports only :mod:`vbformats.secrets`; the rest loads on first use.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, overload

from vbformats import secrets as _secrets
from vbformats.secrets import REDACTED, RedactingFilter, get_logger

if TYPE_CHECKING:
    from vbformats.models.media import Media
    from vbformats.redaction.apply import redaction_note
    from vbformats.redaction.detectors import (
        DEFAULT_RULES,
        DetectorRule,
        detect,
        with_local_detections,
    )
    from vbformats.redaction.profanity import (
        filter_profanity,
        profanity_languages,
        profanity_words,
    )

__all__ = [
    "DEFAULT_DETECTIONS",
    "DEFAULT_RULES",
    "REDACTED",
    "DetectorRule",
    "RedactingFilter",
    "detect",
    "filter_profanity",
    "get_logger",
    "profanity_languages",
    "profanity_words",
    "redact",
    "redaction_note",
    "with_local_detections",
]

#: The detector names :func:`redact` looks for by default (``detectorName`` or
#: ``detectorClassLabel``, compared case-insensitively); the local detectors label their
#: detections with these too (``Email`` and ``Phone`` are local only).
DEFAULT_DETECTIONS: tuple[str, ...] = ("PCI", "SSN", "Number", "PCI-Spanish", "SSN-Spanish")


@overload
def redact(media: str) -> str: ...


@overload
def redact(
    media: Media,
    *,
    detections: Iterable[str] = DEFAULT_DETECTIONS,
    replacement: str = "[redacted]",
) -> Media: ...


def redact(
    media: Media | str,
    *,
    detections: Iterable[str] = DEFAULT_DETECTIONS,
    replacement: str = "[redacted]",
) -> Media | str:
    """Redact the words in the detected regions of ``media``, everywhere in the document.

    Args:
        media: A loaded :class:`~vbformats.models.media.Media`. (A ``str`` is the deprecated
            secrets call: it returns :func:`vbformats.secrets.redact` of the text.)
        detections: Detector names to redact; each matches a detector's ``detectorName`` or a
            detection's ``detectorClassLabel``, case-insensitively (``"pci"`` matches
            ``"PCI"``). ``"numbers"`` is accepted for ``"Number"``.
        replacement: What each redacted word becomes (VoiceBase's default ``[redacted]``).

    Returns:
        A new Media: every speech word and keypad tone overlapping a region is
        ``replacement`` (times, speakers and confidence kept, so the word count is unchanged),
        analytics in the regions are removed (see :mod:`vbformats.redaction.apply`), and
        ``to_dict()`` carries a note of what was redacted (:func:`redaction_note`). The
        input is not changed. A document without detections comes back with only the note.

    Raises:
        InvalidInputError: ``media`` is neither a Media nor a str, or ``detections`` is a
            bare string (pass a tuple: ``("PCI",)``).

    Example:
        >>> import vbformats
        >>> from vbformats.redaction import redact
        >>> doc = {"transcript": {"words": [
        ...     {"p": 0, "s": 0, "e": 400, "w": "card"},
        ...     {"p": 1, "s": 500, "e": 900, "w": "4111"}]},
        ...  "prediction": {"detectors": [{"detectorName": "PCI", "detections": [
        ...     {"detectorClassLabel": "PCI", "detectedSegments": [
        ...         {"occurrences": [{"s": 450, "e": 950}]}]}]}]}}
        >>> redact(vbformats.load(doc)).words.text
        ['card', '[redacted]']
    """
    if isinstance(media, str):
        return _secrets.redact(media)
    from vbformats.redaction.apply import redact_media

    return redact_media(media, detections=detections, replacement=replacement)


# The rest is imported on first use: importing this module costs only vbformats.secrets, so the
# deprecated ``from vbformats.redaction import redact`` still works in the lowest modules
# (errors, models) without an import cycle.
_LAZY = {
    "redaction_note": "vbformats.redaction.apply",
    "DEFAULT_RULES": "vbformats.redaction.detectors",
    "DetectorRule": "vbformats.redaction.detectors",
    "detect": "vbformats.redaction.detectors",
    "with_local_detections": "vbformats.redaction.detectors",
    "filter_profanity": "vbformats.redaction.profanity",
    "profanity_languages": "vbformats.redaction.profanity",
    "profanity_words": "vbformats.redaction.profanity",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'vbformats.redaction' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
