"""VoiceBase JSON (v3 media / callback / transcript-only, legacy v2) → :class:`Media`.

This is the only module that knows VoiceBase's JSON quirks. Decoding is done in layers with
msgspec so the large part, ``transcript.words``, never becomes a list of Python dicts:

1. the top level is decoded to ``dict[str, msgspec.Raw]`` (a scan, no objects built);
2. every section but ``transcript`` is decoded to plain Python and validated by pydantic;
3. ``transcript`` is split the same way, and its ``words`` go to
   :func:`vbformats.models.words.words_from_json` (C structs, with a tolerant fallback).
"""

from __future__ import annotations

import os
from typing import Any

import msgspec
from pydantic import ValidationError

from vbformats.errors import ApiErrorResponse, InvalidInputError, MediaFailedError
from vbformats.models.base import raise_from_validation_error
from vbformats.models.media import Media
from vbformats.models.words import WordTable, words_from_json, words_from_objects

__all__ = ["DEFAULT_MAX_BYTES", "media_from_json", "media_from_object", "read_source"]

#: Largest document :func:`vbformats.load` reads unless told otherwise (2 GiB).
DEFAULT_MAX_BYTES = 2 * 1024**3

_TOP_DECODER = msgspec.json.Decoder(dict[str, msgspec.Raw])


def read_source(
    source: str | bytes | bytearray | memoryview | os.PathLike[str], max_bytes: int
) -> bytes | str:
    """Return JSON text for a path / bytes / JSON-string source.

    A ``str`` is JSON text when its first non-blank character is ``{`` or ``[``; otherwise it is
    a path.

    Raises:
        InvalidInputError: the file is missing or larger than ``max_bytes``.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if len(data) > max_bytes:
            raise InvalidInputError("", f"input is {len(data)} bytes, above max_bytes={max_bytes}")
        return data
    if isinstance(source, str) and source.lstrip()[:1] in ("{", "["):
        if len(source) > max_bytes:
            raise InvalidInputError(
                "", f"input is {len(source)} chars, above max_bytes={max_bytes}"
            )
        return source
    path = os.fspath(source)
    try:
        size = os.path.getsize(path)
    except OSError as error:
        raise InvalidInputError("", f"cannot read {path!r}: {error.strerror or error}") from None
    if size > max_bytes:
        raise InvalidInputError("", f"{path!r} is {size} bytes, above max_bytes={max_bytes}")
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise InvalidInputError("", f"cannot read {path!r}: {error.strerror or error}") from None


def _decode(raw: Any, path: str) -> Any:
    try:
        return msgspec.json.decode(raw)
    except msgspec.DecodeError as error:
        raise InvalidInputError(path, f"invalid JSON: {error}") from None


def _decode_top(text: bytes | str) -> dict[str, msgspec.Raw]:
    try:
        top: dict[str, msgspec.Raw] = _TOP_DECODER.decode(text)
    except msgspec.ValidationError:
        kind = type(_decode(text, "")).__name__
        names = {"list": "an array", "str": "a string", "int": "a number", "float": "a number"}
        raise InvalidInputError(
            "", f"top level must be a JSON object, got {names.get(kind, kind)}"
        ) from None
    except msgspec.DecodeError as error:
        raise InvalidInputError("", f"invalid JSON: {error}") from None
    return top


def media_from_json(text: bytes | str) -> Media:
    """Parse VoiceBase JSON text. See :func:`vbformats.load` for the shapes accepted."""
    top = _decode_top(text)
    doc: dict[str, Any] = {}
    words: WordTable | None = None
    for key, raw in top.items():
        if key == "transcript":
            try:
                parts = msgspec.json.decode(raw, type=dict[str, msgspec.Raw])
            except (msgspec.ValidationError, msgspec.DecodeError):
                doc[key] = _decode(raw, key)  # not an object: pydantic names the problem
                continue
            section: dict[str, Any] = {}
            for part_key, part_raw in parts.items():
                if part_key == "words":
                    words = words_from_json(part_raw, "transcript.words")
                else:
                    section[part_key] = _decode(part_raw, f"transcript.{part_key}")
            doc[key] = section
        else:
            doc[key] = _decode(raw, key)
    return _build_media(doc, words)


def media_from_object(doc: Any) -> Media:
    """Validate an already-parsed document (a dict from ``json.load``)."""
    if not isinstance(doc, dict):
        raise InvalidInputError("", f"top level must be a JSON object, got {type(doc).__name__}")
    doc = dict(doc)
    words: WordTable | None = None
    transcript = doc.get("transcript")
    if isinstance(transcript, dict) and "words" in transcript:
        transcript = dict(transcript)
        words = words_from_objects(transcript.pop("words"), "transcript.words")
        doc["transcript"] = transcript
    return _build_media(doc, words)


def _check_error_body(doc: dict[str, Any]) -> None:
    status = doc.get("status")
    errors = doc.get("errors")
    codes: list[str] = []
    messages: list[str] = []
    if isinstance(errors, list):
        for entry in errors:
            if isinstance(entry, dict):
                if entry.get("code") is not None:
                    codes.append(str(entry["code"]))
                text = entry.get("error") or entry.get("message")
                if text:
                    messages.append(str(text))
            elif entry is not None:
                messages.append(str(entry))
    warnings = doc.get("warnings")
    if isinstance(warnings, dict) and warnings.get("message"):
        messages.append(str(warnings["message"]))
    elif isinstance(warnings, list):
        for entry in warnings:
            if isinstance(entry, dict) and entry.get("message"):
                messages.append(str(entry["message"]))
    reference = doc.get("reference")
    reference_text = str(reference) if reference is not None else None

    http_status: int | None = None
    if isinstance(status, int) and not isinstance(status, bool):
        http_status = status
    elif isinstance(status, str) and status.strip().isdigit():
        http_status = int(status.strip())
    if http_status is not None and http_status >= 400:
        raise ApiErrorResponse(
            "; ".join(messages) or "the service answered with an error",
            http_status,
            tuple(codes),
            reference_text,
        )
    if isinstance(status, str) and status.strip().lower() == "failed":
        raise MediaFailedError(
            "; ".join(messages) or f"media {doc.get('mediaId', '?')} failed",
            "failed",
            tuple(codes),
            reference_text,
        )
    is_result = any(k in doc for k in ("mediaId", "transcript", "transcripts"))
    if not is_result and isinstance(errors, list) and errors:
        raise ApiErrorResponse(
            "; ".join(messages) or "the service answered with an error",
            http_status,
            tuple(codes),
            reference_text,
        )


def _v2_words(doc: dict[str, Any]) -> Any | None:
    transcripts = doc.get("transcripts")
    if not isinstance(transcripts, dict):
        return None
    latest = transcripts.get("latest")
    if not isinstance(latest, dict) or "words" not in latest:
        return None
    words = latest["words"]
    # keep the rest of transcripts.latest as it was; words come back on dump
    doc["transcripts"] = {
        **transcripts,
        "latest": {k: v for k, v in latest.items() if k != "words"},
    }
    return words


def _build_media(doc: dict[str, Any], words: WordTable | None) -> Media:
    _check_error_body(doc)
    source_format = "v3"
    if "transcript" not in doc:
        legacy = _v2_words(doc)
        if legacy is not None:
            words = words_from_objects(legacy, "transcripts.latest.words")
            source_format = "v2"
    try:
        media = Media.model_validate(doc)
    except ValidationError as error:
        raise raise_from_validation_error(error) from None
    if words is not None:
        if media.transcript is None:
            from vbformats.models.media import Transcript

            media.transcript = Transcript()
            media.__pydantic_fields_set__.discard("transcript")
        media.transcript.words = words
    if source_format != "v3":
        media.source_format = source_format
    return media
