"""Readers: every input shape → :class:`vbformats.models.media.Media`.

:func:`load` is the single entry point. It decides what it was given:

* a ``dict`` → validated as a parsed JSON document;
* ``bytes`` / a JSON string / a path → JSON when the content starts with ``{`` or ``[`` (after a
  BOM and blanks), otherwise a caption body (SRT, WebVTT, DFXP/TTML, plain text) chosen by
  ``format=`` or the file extension or the content (see :mod:`vbformats.readers.captions`);
* JSON documents are VoiceBase v3, legacy v2, or RingCentral AI results
  (:mod:`vbformats.readers.ringcentral`), told apart by their keys.
"""

from __future__ import annotations

import os
from typing import Any

from vbformats.errors import InvalidInputError
from vbformats.models.media import Media
from vbformats.readers.voicebase import (
    DEFAULT_MAX_BYTES,
    media_from_json,
    media_from_object,
    read_source,
)

__all__ = ["DEFAULT_MAX_BYTES", "Source", "load"]

Source = str | bytes | bytearray | memoryview | os.PathLike[str] | dict[str, Any]

_JSON_EXTENSIONS = (".json",)


def _strip_bom(text: bytes | str) -> bytes | str:
    if isinstance(text, bytes):
        return text[3:] if text.startswith(b"\xef\xbb\xbf") else text
    return text[1:] if text.startswith("\ufeff") else text


def _looks_like_json(text: bytes | str) -> bool:
    head = text[:64].lstrip()
    if isinstance(head, bytes):
        return head[:1] in (b"{", b"[")
    return head[:1] in ("{", "[")


def load(
    source: Source,
    *,
    format: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    speakers: dict[str, str] | None = None,
) -> Media:
    """Load a speech-analytics result into a :class:`Media` model.

    Args:
        source: A path (``str`` or ``PathLike``), ``bytes``, a JSON string, or a parsed ``dict``.
            A ``str`` whose first non-blank character is ``{`` or ``[`` is JSON text; any
            other ``str`` is a path.
        format: Force the input format (``"json"``, ``"srt"``, ``"vtt"``, ``"dfxp"``,
            ``"text"``); by default it is inferred from the content and the file extension.
        max_bytes: Refuse inputs larger than this many bytes (default 2 GiB).
        speakers: RingCentral only: speaker id → name (``{"0": "Agent"}``).

    Returns:
        The document as a :class:`Media` model; ``media.to_dict()`` gives the document back.

    Raises:
        InvalidInputError: invalid JSON, a non-object top level, a wrong type, an impossible
            time; the message names the JSON path (``transcript.words[12].e``).
        ApiErrorResponse: the document is an error body (``MediaFailedError`` for
            ``"status": "failed"``; RingCentral ``JobFailedError``).
        JobInProgressError: a RingCentral job envelope without a result yet.
    """
    if isinstance(source, dict):
        if format not in (None, "json"):
            raise InvalidInputError("", f"a dict can only be read as JSON, not {format!r}")
        return _from_object(source, speakers)
    if not isinstance(source, (str, bytes, bytearray, memoryview, os.PathLike)):
        raise InvalidInputError(
            "", f"cannot load a {type(source).__name__}: pass a path, bytes, str or dict"
        )
    text = _strip_bom(read_source(source, max_bytes))
    path_name = None
    if isinstance(source, (str, os.PathLike)) and not (
        isinstance(source, str) and source.lstrip()[:1] in ("{", "[")
    ):
        path_name = os.fspath(source)
    fmt = format
    if fmt is None and (
        _looks_like_json(text)
        or (path_name is not None and path_name.lower().endswith(_JSON_EXTENSIONS))
    ):
        fmt = "json"
    if fmt == "json":
        return _from_json(text, speakers)
    from vbformats.readers.captions import read_caption_body

    return read_caption_body(text, fmt, path_name)


def _from_json(text: bytes | str, speakers: dict[str, str] | None) -> Media:
    try:
        from vbformats.readers import ringcentral
    except ImportError:  # pragma: no cover - the module ships with the package
        return media_from_json(text)
    if ringcentral.sniff_json(text):
        return ringcentral.media_from_ringcentral(ringcentral.decode(text), speakers=speakers)
    return media_from_json(text)


def _from_object(doc: dict[str, Any], speakers: dict[str, str] | None) -> Media:
    try:
        from vbformats.readers import ringcentral
    except ImportError:  # pragma: no cover
        return media_from_object(doc)
    if ringcentral.is_ringcentral(doc):
        return ringcentral.media_from_ringcentral(doc, speakers=speakers)
    return media_from_object(doc)
