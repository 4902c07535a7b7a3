"""Recognising a RingCentral ACE payload: the JSON dialect of :mod:`vbformats.ringcentral.ace`.

Kept apart from the reader so that asking "is this ACE?" of every JSON document loaded imports
nothing heavy: the ACE and RingCentral models are built only for a payload that is one.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec

from vbformats.errors import InvalidInputError
from vbformats.models.media import Media

__all__ = ["DIALECT", "AceDialect", "is_ace"]

#: Keys only an ACE record has at its top level (with ``insights``).
_RECORD_KEYS = frozenset(
    {"speakerInfo", "recordingDurationMs", "sourceRecordId", "sourceSessionId", "domain"}
)
_EVENT_KEYS = frozenset({"uuid", "event", "subscriptionId", "ownerId", "body"})
_HEAD = re.compile(
    r'"(?:speakerInfo|recordingDurationMs|sourceRecordId|sourceSessionId|subscriptionId)"\s*:'
)
_HEAD_B = re.compile(_HEAD.pattern.encode())
_HEAD_CHARS = 65536
_SNIFF_KEYS = _RECORD_KEYS | {"records", "body"}


# --- recognising a payload --------------------------------------------------------------------


def is_ace(doc: Any) -> bool:
    """Is this parsed document an ACE record, a session answer or an ACE push event?"""
    if not isinstance(doc, dict):
        return False
    keys = set(doc)
    if "insights" in keys and keys & _RECORD_KEYS:
        return True
    records = doc.get("records")
    if isinstance(records, list) and "paging" in keys:
        return all(isinstance(r, dict) and "insights" in r for r in records)
    body = doc.get("body")
    return len(keys & _EVENT_KEYS) >= 3 and isinstance(body, dict) and "insights" in body


def _sniff_text(text: bytes | str) -> bool:
    head = text[:_HEAD_CHARS]
    found = _HEAD_B.search(head) if isinstance(head, bytes) else _HEAD.search(head)
    if found is None:
        return False
    try:
        top = msgspec.json.decode(text, type=dict[str, msgspec.Raw])
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError):
        return False
    probe: dict[str, Any] = {key: None for key in top}
    for key in ("records", "body"):
        if key in top:
            probe[key] = _probe(top[key])
    return is_ace(probe)


def _probe(raw: msgspec.Raw) -> Any:
    """A cheap stand-in of a nested value: its top-level keys, or a list of such."""
    try:
        value = msgspec.json.decode(raw, type=dict[str, msgspec.Raw] | list[dict[str, msgspec.Raw]])
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError):
        return None
    if isinstance(value, list):
        return [dict.fromkeys(item) for item in value]
    return dict.fromkeys(value)


class AceDialect:
    """ACE payloads as a JSON dialect of :mod:`vbformats.formats.json`."""

    name = "ringcentral-ace"

    def sniff_text(self, text: bytes | str) -> bool:
        """An ACE key in the first 64 KiB, then :func:`is_ace` on the top-level keys."""
        return _sniff_text(text)

    def sniff_top(self, top: Any) -> bool:
        """:func:`is_ace` on the top level of JSON text as the JSON format splits it (nested
        values undecoded): no scan of its own."""
        if not isinstance(top, dict) or not (top.keys() & _SNIFF_KEYS):
            return False
        probe = dict(top)
        records = top.get("records")
        if isinstance(records, list):
            probe["records"] = [_probe(r) if isinstance(r, msgspec.Raw) else r for r in records]
        return is_ace(probe)

    def sniff_object(self, doc: Any) -> bool:
        """:func:`is_ace`."""
        return is_ace(doc)

    def decode(self, text: bytes | str) -> Any:
        """The JSON text decoded."""
        try:
            return msgspec.json.decode(text)
        except msgspec.DecodeError as error:
            raise InvalidInputError("", f"invalid JSON: {error}") from None
        except UnicodeDecodeError as error:
            raise InvalidInputError("", f"invalid UTF-8 at byte {error.start}") from None

    def read(self, doc: Any, *, speakers: dict[str, str] | None = None) -> Media:
        """:func:`vbformats.ringcentral.ace.media_from_ace`."""
        from vbformats.ringcentral.ace import media_from_ace

        return media_from_ace(doc, speakers=speakers)


#: The dialect instance the format registry imports.
DIALECT = AceDialect()
