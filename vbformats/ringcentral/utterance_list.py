"""A bare list of RingCentral utterances: ``[{"start", "end", "text", "speakerId"}, ...]``.

People save the ``utteranceInsights`` (or speech-to-text ``utterances``) of a result alone. This
JSON dialect reads such a list as a speech-to-text result: turns from the utterances in time
order, words estimated from each utterance's text and span (marked in
``media.words.estimated``), speakers named like every RingCentral id (``"0"`` → ``Speaker 0``, or
the ``speakers=`` map); ``wordTimings``, when an utterance has them, give real word times.
Cross-talk echoes between channels are left out as in every RingCentral result
(:mod:`vbformats.ringcentral.crosstalk`); ``media.ringcentral.raw`` is the list as read.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec

from vbformats.errors import InvalidInputError
from vbformats.models.media import Media

__all__ = ["DIALECT", "UtteranceListDialect", "is_utterance_list", "media_from_utterance_list"]

_HEAD = re.compile(r'^\s*\[\s*\{[^\[\]{}]*"(?:speakerId|start|end|text)"\s*:')
_HEAD_B = re.compile(_HEAD.pattern.encode())
_KEYS = frozenset({"start", "end"})
_ANY_OF = frozenset({"text", "speakerId", "wordTimings"})


def is_utterance_list(doc: Any) -> bool:
    """A non-empty list whose first item has ``start``/``end`` and a ``text`` or
    ``speakerId`` (and no VoiceBase word's ``w``)."""
    if not isinstance(doc, list) or not doc or not isinstance(doc[0], dict):
        return False
    keys = set(doc[0])
    return keys >= _KEYS and bool(keys & _ANY_OF) and "w" not in keys


def media_from_utterance_list(items: list[Any], speakers: dict[str, str] | None = None) -> Media:
    """Read a bare utterance list (see the module docstring).

    Raises:
        InvalidInputError: an item that is not an utterance object, or a bad time (naming
            ``[i].start`` ...).
    """
    from vbformats.ringcentral.reader import media_from_ringcentral

    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise InvalidInputError(
                f"[{index}]", f"expected an utterance object, got {type(item).__name__}"
            )
    try:
        media = media_from_ringcentral({"utterances": items}, speakers=speakers)
    except InvalidInputError as error:
        raise _renumbered(error) from None
    result = media.ringcentral
    result.envelope = "list"
    result.raw = items
    return media


def _renumbered(error: InvalidInputError) -> InvalidInputError:
    """The reader's ``utterances[i]`` path as the list's own ``[i]``."""
    found = re.match(r"utterances(\[\d+\].*)", error.path)
    return InvalidInputError(found.group(1), error.problem) if found else error


class UtteranceListDialect:
    """A bare RingCentral utterance list as a JSON dialect of :mod:`vbformats.formats.json`."""

    name = "ringcentral-utterances"

    def sniff_text(self, text: bytes | str) -> bool:
        """The text starts like ``[{"start": ...`` (a key of an utterance in its first object)."""
        head = text[:4096]
        return bool(_HEAD_B.match(head) if isinstance(head, bytes) else _HEAD.match(head))

    def sniff_top(self, top: Any) -> bool:
        """:func:`is_utterance_list` on the top level as the JSON format splits it (a list of
        undecoded items: only the first one's keys are read)."""
        if not isinstance(top, list) or not top:
            return False
        first = top[0]
        if isinstance(first, msgspec.Raw):
            try:
                first = dict.fromkeys(msgspec.json.decode(first, type=dict[str, msgspec.Raw]))
            except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError):
                return False
        return is_utterance_list([first])

    def sniff_object(self, doc: Any) -> bool:
        """:func:`is_utterance_list`."""
        return is_utterance_list(doc)

    def decode(self, text: bytes | str) -> Any:
        """The JSON text decoded."""
        try:
            return msgspec.json.decode(text)
        except msgspec.DecodeError as error:
            raise InvalidInputError("", f"invalid JSON: {error}") from None
        except UnicodeDecodeError as error:
            raise InvalidInputError("", f"invalid UTF-8 at byte {error.start}") from None

    def read(self, doc: Any, *, speakers: dict[str, str] | None = None) -> Media:
        """:func:`media_from_utterance_list` (a list that is not one is handed back to the
        JSON reader's words-array path)."""
        if not is_utterance_list(doc):
            from vbformats.formats.json import media_from_object

            return media_from_object(doc)
        return media_from_utterance_list(doc, speakers=speakers)


#: The dialect instance the format registry imports.
DIALECT = UtteranceListDialect()
