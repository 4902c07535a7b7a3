"""Recognising a RingCentral AI payload: the JSON dialect the RingCentral wing registers.

:mod:`vbformats.formats.json` asks every registered dialect (:data:`vbformats.formats.DIALECTS`)
whether a JSON document is theirs before reading it as VoiceBase. This module answers from the
**top-level keys** and imports the RingCentral models only when the document is one:
``import vbformats`` and loading a VoiceBase file never import them.

One rule for dicts and JSON text (issue #11): :func:`is_ringcentral` looks only at the
top-level keys, the scalar values of ``api`` and ``status`` and whether ``utterances`` is an
array, so it gives the same answer on a parsed ``dict`` and on the top level of JSON text split
one level down without decoding the large values. The JSON format splits the text that way
once, for VoiceBase's reader anyway, and asks :meth:`RingCentralDialect.sniff_top`: recognising
a payload costs no scan of its own. (It used to look for envelope keys in the first 8 KiB of
the text only, so a payload with more than 8 KiB of other keys in front loaded as RingCentral
from a dict but as an empty VoiceBase document from text.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, cast

import msgspec

from vbformats.errors import InvalidInputError
from vbformats.models.media import Media

__all__ = [
    "DIALECT",
    "ENVELOPE_KEYS",
    "ResultKind",
    "RingCentralDialect",
    "decode",
    "is_ringcentral",
    "result_kind",
    "sniff_json",
]

#: The result kinds, named after the last segment of the ``api`` path that produced them.
ResultKind = Literal[
    "speech-to-text",
    "speaker-diarize",
    "speaker-identify",
    "analyze-interaction",
    "summarize",
    "punctuate",
    "recognize-emotion",
    "unknown",
]

#: Top-level keys of a job envelope (webhook body = job-status body).
ENVELOPE_KEYS = frozenset(
    {"jobId", "api", "creationTime", "completionTime", "expirationTime", "status", "response"}
)
_NEW_ENVELOPE_KEYS = frozenset({"jobId", "api", "creationTime", "completionTime", "expirationTime"})
# Keys only a VoiceBase document has at its top level.
_VOICEBASE_KEYS = frozenset(
    {
        "mediaId",
        "transcript",
        "transcripts",
        "_links",
        "knowledge",
        "metrics",
        "prediction",
        "spotting",
        "mediaContentType",
        "length",
        "dateCreated",
    }
)
_RC_STATUSES = frozenset({"Success", "Fail", "InProgress"})
_KINDS: frozenset[str] = frozenset(
    {
        "speech-to-text",
        "speaker-diarize",
        "speaker-identify",
        "analyze-interaction",
        "summarize",
        "punctuate",
        "recognize-emotion",
    }
)
# the top level split one level down: containers stay undecoded (what JsonFormat splits too)
_TOP_DECODER = msgspec.json.Decoder(
    dict[str, dict[str, msgspec.Raw] | list[msgspec.Raw] | str | int | float | bool | None]
)


# --- recognising a payload ---------------------------------------------------------------------


def sniff_json(text: bytes | str) -> bool:
    """Is this raw JSON text a RingCentral AI payload? :func:`is_ringcentral` on its top level.

    One scan of the whole text (the top level split one level down, the large values left
    undecoded), wherever the envelope keys are. Invalid JSON and a non-object top level are
    not RingCentral (the VoiceBase reader explains what is wrong). :func:`vbformats.load` does
    not call this: it asks :meth:`RingCentralDialect.sniff_top` with the split it makes anyway.
    """
    try:
        top = _TOP_DECODER.decode(text)
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError, RecursionError):
        return False
    return is_ringcentral(top)


def decode(text: bytes | str) -> dict[str, Any]:
    """Decode RingCentral JSON text to a dict.

    Raises:
        InvalidInputError: invalid JSON, or a top level that is not an object.
    """
    try:
        doc = msgspec.json.decode(text)
    except msgspec.DecodeError as error:
        raise InvalidInputError("", f"invalid JSON: {error}") from None
    except UnicodeDecodeError as error:  # msgspec decodes string contents lazily
        raise InvalidInputError("", f"invalid UTF-8 at byte {error.start}") from None
    if not isinstance(doc, dict):
        raise InvalidInputError("", f"top level must be a JSON object, got {type(doc).__name__}")
    return doc


def is_ringcentral(doc: Mapping[str, Any]) -> bool:
    """Is this document a RingCentral AI payload (any envelope generation)?

    True for: an ``api`` path under ``/ai/``; a ``response`` key (VoiceBase has none); a
    ``jobId`` (a job-status body, or the 202 acknowledgement); a RingCentral status word
    (``Success``/``Fail``/``InProgress``) with only envelope keys; a bare
    ``{"utterances": [...]}``. False whenever a VoiceBase-only key (``mediaId``, ``transcript``...)
    is present.

    Only the keys, the scalar values of ``api`` and ``status`` and whether ``utterances`` is a
    list are looked at, so ``doc`` may be a parsed document or the top level of JSON text split
    one level down (containers undecoded): both give the same answer (module docstring).
    """
    if not isinstance(doc, Mapping):
        return False
    keys = set(doc)
    if keys & _VOICEBASE_KEYS:
        return False
    api = doc.get("api")
    if isinstance(api, str) and api.startswith("/ai/"):
        return True
    if "response" in keys or "jobId" in keys:
        return True
    status = doc.get("status")
    # a status of any other type (a list: unhashable) is simply not a RingCentral status word
    if keys <= ENVELOPE_KEYS and isinstance(status, str) and status in _RC_STATUSES:
        return True
    return (
        "utterances" in keys
        and keys <= {"utterances", "speakerCount"}
        and isinstance(doc["utterances"], list)
    )


def result_kind(api: Any, response: Any) -> ResultKind:
    """The result kind: the last segment of ``api`` when it names one, else from the keys.

    Keys: ``utteranceInsights``/``speakerInsights``/``conversationalInsights`` → interaction;
    ``transcript``/``words`` (or utterances with text) → speech-to-text; ``summaries`` →
    summarize; ``texts`` → punctuate; a list → legacy emotion; text-less ``utterances`` →
    diarize when ``speakerCount`` is present (it is required there), else identify.
    """
    if isinstance(api, str):
        last = api.rstrip("/").rsplit("/", 1)[-1]
        if last in _KINDS:
            return cast(ResultKind, last)
    if isinstance(response, list):
        return "recognize-emotion"
    if not isinstance(response, dict):
        return "unknown"
    keys = set(response)
    if keys & {"utteranceInsights", "speakerInsights", "conversationalInsights"}:
        return "analyze-interaction"
    if keys & {"transcript", "words"}:
        return "speech-to-text"
    if "summaries" in keys:
        return "summarize"
    if "texts" in keys:
        return "punctuate"
    if "utterances" in keys:
        utterances = response["utterances"]
        if isinstance(utterances, list) and any(
            isinstance(u, dict) and "text" in u for u in utterances
        ):
            return "speech-to-text"
        return "speaker-diarize" if "speakerCount" in keys else "speaker-identify"
    return "unknown"


class RingCentralDialect:
    """The RingCentral AI payload as a JSON dialect of :mod:`vbformats.formats.json`."""

    name = "ringcentral"

    def sniff_text(self, text: bytes | str) -> bool:
        """:func:`sniff_json`."""
        return sniff_json(text)

    def sniff_top(self, top: Mapping[str, Any]) -> bool:
        """:func:`is_ringcentral` on the top level of JSON text as the JSON format splits it
        (values of containers undecoded): no scan of its own."""
        return is_ringcentral(top)

    def sniff_object(self, doc: dict[str, Any]) -> bool:
        """:func:`is_ringcentral`."""
        return is_ringcentral(doc)

    def decode(self, text: bytes | str) -> dict[str, Any]:
        """:func:`decode`."""
        return decode(text)

    def read(self, doc: dict[str, Any], *, speakers: dict[str, str] | None = None) -> Media:
        """:func:`vbformats.ringcentral.reader.media_from_ringcentral`."""
        from vbformats.ringcentral.reader import media_from_ringcentral

        return media_from_ringcentral(doc, speakers=speakers)


#: The dialect instance the format registry imports.
DIALECT = RingCentralDialect()
