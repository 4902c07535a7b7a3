"""RingCentral AI API results → :class:`Media` (placeholder until issue #5 lands)."""

from __future__ import annotations

from typing import Any

from vbformats.errors import InvalidInputError
from vbformats.models.media import Media

__all__ = ["decode", "is_ringcentral", "media_from_ringcentral", "sniff_json"]


def sniff_json(text: bytes | str) -> bool:
    """Cheap check on raw JSON text: could this be a RingCentral payload?"""
    return False


def decode(text: bytes | str) -> dict[str, Any]:
    """Decode RingCentral JSON text to a dict."""
    raise InvalidInputError("", "RingCentral results are not supported yet")


def is_ringcentral(doc: dict[str, Any]) -> bool:
    """Is this parsed document a RingCentral AI payload?"""
    return False


def media_from_ringcentral(doc: dict[str, Any], speakers: dict[str, str] | None = None) -> Media:
    """Convert a RingCentral AI payload."""
    raise InvalidInputError("", "RingCentral results are not supported yet")
