"""``--redact`` and ``--profanity-filter``: the content-filter flags every command shares.

A command calls :func:`add_arguments` on its parser and :func:`apply` on each Media it loaded
(or passes :func:`transform` to whatever loads for it); nothing happens unless a flag is given.

* ``--redact pci,ssn,numbers`` redacts the regions of those detectors
  (:func:`vbformats.redaction.redact`: ``detectorName`` or ``detectorClassLabel``,
  case-insensitive; ``numbers`` = ``Number``; the local rules also label ``email`` and
  ``phone``). The local detectors (:data:`vbformats.redaction.DEFAULT_RULES`) run first, so
  calls processed without VoiceBase's detectors are redacted too; ``--service-detections-only``
  uses only the detections in the document. ``--redact-replacement`` changes ``[redacted]``.
* ``--profanity-filter`` masks the words of the default list (``--profanity-language``, the
  ``profanity`` extra) with ``…``; ``--profanity-add`` / ``--profanity-remove`` change the list.

Redaction runs before the profanity filter.
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from vbformats.errors import InvalidInputError

if TYPE_CHECKING:
    from vbformats.models.media import Media

__all__ = ["active", "add_arguments", "apply", "transform"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the content-filter flags on ``parser`` (one argument group)."""
    group = parser.add_argument_group("content filters")
    group.add_argument(
        "--redact",
        metavar="NAMES",
        help="redact the words in these detectors' regions, comma-separated "
        "(pci,ssn,numbers,email,phone or any detectorName); local detectors run too",
    )
    group.add_argument(
        "--redact-replacement",
        metavar="TEXT",
        default="[redacted]",
        help="what a redacted word becomes (default: [redacted])",
    )
    group.add_argument(
        "--service-detections-only",
        action="store_true",
        help="--redact: use only the detections in the document (no local detectors)",
    )
    group.add_argument(
        "--profanity-filter",
        action="store_true",
        help="mask profane words with … (word list: --profanity-language)",
    )
    group.add_argument(
        "--profanity-language",
        metavar="LANG",
        default="english",
        help="the profanity list's language (default: english); comma-separated for several",
    )
    group.add_argument(
        "--profanity-add",
        action="append",
        default=[],
        metavar="WORD",
        help="also mask this word; repeatable",
    )
    group.add_argument(
        "--profanity-remove",
        action="append",
        default=[],
        metavar="WORD",
        help="do not mask this word; repeatable",
    )


def _names(text: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    if not names:
        raise InvalidInputError("--redact", "expected detector names, e.g. pci,ssn,numbers")
    return names


def active(args: argparse.Namespace) -> bool:
    """A content filter was asked for."""
    return bool(getattr(args, "redact", None)) or bool(getattr(args, "profanity_filter", False))


def apply(media: Media, args: argparse.Namespace) -> Media:
    """``media`` with the filters the flags ask for applied (unchanged without flags).

    Raises:
        InvalidInputError: an empty ``--redact`` list or a bad profanity language.
        MissingDependencyError: ``--profanity-filter`` without the ``profanity`` extra.
    """
    from vbformats import redaction

    if getattr(args, "redact", None):
        names = _names(args.redact)
        if not args.service_detections_only:
            media = redaction.with_local_detections(media)
        media = redaction.redact(media, detections=names, replacement=args.redact_replacement)
    if getattr(args, "profanity_filter", False):
        languages = [name.strip() for name in args.profanity_language.split(",") if name.strip()]
        media = redaction.filter_profanity(
            media,
            language=languages or "english",
            add=args.profanity_add,
            remove=args.profanity_remove,
        )
    return media


def transform(args: argparse.Namespace) -> Callable[[Media], Media] | None:
    """:func:`apply` bound to ``args`` for loaders that take a per-Media step (``None`` when
    no filter is asked for)."""
    if not active(args):
        return None
    if getattr(args, "redact", None):
        _names(args.redact)  # a bad list fails before any file is read
    # a partial of a module-level function pickles, so worker processes (frame --jobs) get it
    return functools.partial(_apply_with, args)


def _apply_with(args: argparse.Namespace, media: Media) -> Media:
    return apply(media, args)
