"""Recognising a RingCentral AI payload: the JSON dialect the RingCentral wing registers.

:mod:`vbformats.formats.json` asks every registered dialect (:data:`vbformats.formats.DIALECTS`)
whether a JSON document is theirs before reading it as VoiceBase. This module answers cheaply
(a look at the first 8 KiB, then at the top-level keys) and imports the RingCentral models only
when the document is one: ``import vbformats`` and loading a VoiceBase file never import them.
"""

from __future__ import annotations

import re
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
_HEAD_BYTES = 8192
_HEAD_B = re.compile(
    rb'"(?:response|jobId|api|utterances)"\s*:|"status"\s*:\s*"(?:Success|Fail|InProgress)"'
)
_HEAD_S = re.compile(
    r'"(?:response|jobId|api|utterances)"\s*:|"status"\s*:\s*"(?:Success|Fail|InProgress)"'
)
_SMALL_VALUE = 1024


# --- recognising a payload ---------------------------------------------------------------------


def sniff_json(text: bytes | str) -> bool:
    """Cheap check on raw JSON text: is this a RingCentral AI payload?

    Looks for an envelope key in the first 8 KiB; only then scans the top-level keys (no
    objects are built for the large values) and applies :func:`is_ringcentral` to them. A
    VoiceBase document never gets past the first step in practice.
    """
    head = text[:_HEAD_BYTES]
    found = _HEAD_B.search(head) if isinstance(head, bytes) else _HEAD_S.search(head)
    if found is None:
        return False
    try:
        top = msgspec.json.decode(text, type=dict[str, msgspec.Raw])
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError):
        return False  # not an object, or invalid JSON: the VoiceBase reader explains
    probe: dict[str, Any] = {}
    for key, raw in top.items():
        data = memoryview(raw).tobytes() if len(raw) <= _SMALL_VALUE else memoryview(raw)[:1]
        if key in ("response", "utterances") or len(raw) > _SMALL_VALUE:
            first = bytes(data[:1])
            probe[key] = [] if first == b"[" else {} if first == b"{" else None
        else:
            try:
                probe[key] = msgspec.json.decode(data)
            except (msgspec.DecodeError, UnicodeDecodeError):  # invalid UTF-8 inside a string
                probe[key] = None
    return is_ringcentral(probe)


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


def is_ringcentral(doc: dict[str, Any]) -> bool:
    """Is this parsed document a RingCentral AI payload (any envelope generation)?

    True for: an ``api`` path under ``/ai/``; a ``response`` key (VoiceBase has none); a
    ``jobId`` (a job-status body, or the 202 acknowledgement); a RingCentral status word
    (``Success``/``Fail``/``InProgress``) with only envelope keys; a bare
    ``{"utterances": [...]}``. False whenever a VoiceBase-only key (``mediaId``, ``transcript``...)
    is present.
    """
    if not isinstance(doc, dict):
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
