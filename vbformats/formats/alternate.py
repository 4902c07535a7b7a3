"""Words from a transcript-only response's ``alternateFormats`` (SRT, WebVTT, DFXP or text).

A transcript-only response (``GET /v3/media/{id}/transcript?includeAlternateFormat=srt``) or a
callback configured without words carries the transcript only as base64 text; this reads the
chosen body with its caption format.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from vbformats import formats
from vbformats.errors import InvalidInputError, UnknownFormatError
from vbformats.models.base import raise_from_validation_error
from vbformats.models.media import Media, Transcript

__all__ = ["media_from_alternate_format", "words_from_alternates"]

# Alternate formats tried, in order, when media_from_alternate_format is not given a name:
# the timed ones first, plain text last.
_ALTERNATE_PREFERENCE = ("srt", "webvtt", "dfxp", "text")


def media_from_alternate_format(media: Media, name: str | None = None) -> Media:
    """Build words from one of a Media's ``alternateFormats`` (SRT, WebVTT, DFXP or text).

    A transcript-only response (``GET /v3/media/{id}/transcript?includeAlternateFormat=srt``)
    or a callback configured without words carries the transcript only as base64 text. This
    decodes the alternate chosen **by its format name** (never by position) and reads it like a
    caption file.

    Args:
        media: A loaded Media. Its alternates are looked up in ``transcript.alternateFormats``,
            or at the top level for the bare transcript object that the transcript endpoint
            returns (``{"alternateFormats": [...]}``, kept as an extra key).
        name: ``"srt"``, ``"webvtt"``/``"vtt"``, ``"dfxp"``/``"ttml"`` or ``"text"``. By
            default the first present of srt, webvtt, dfxp, text (timed formats first).

    Returns:
        A deep copy of ``media`` whose ``transcript.words`` come from the alternate (times
        estimated, ``words.estimated`` all ``True``) and whose ``source_format`` names the
        reader used (``"srt"``, ``"vtt"``, ``"dfxp"``, ``"text"``). The input is not changed.

    Raises:
        InvalidInputError: no such alternate format (the message lists those present), bad
            base64, or a malformed body (path ``alternateFormats[srt]:LINE``).

    Example:
        >>> media = vbformats.load("samples/transcript_only.json")  # doctest: +SKIP
        >>> media_from_alternate_format(media).words.text[:3]  # doctest: +SKIP
        ['Good', 'morning', ',']
    """
    transcript = media.transcript
    if transcript is None or not transcript.alternate_formats:
        extra = (media.model_extra or {}).get("alternateFormats")
        if extra is not None:
            try:
                transcript = Transcript.model_validate({"alternateFormats": extra})
            except ValidationError as error:
                raise raise_from_validation_error(error) from None
    present = [
        (alternate.format or "").lower()
        for alternate in (transcript.alternate_formats if transcript is not None else [])
    ]
    wanted = [name] if name is not None else list(_ALTERNATE_PREFERENCE)
    for candidate in wanted:
        try:
            reader = formats.get(candidate)
        except UnknownFormatError:
            raise UnknownFormatError(candidate, _ALTERNATE_PREFERENCE) from None
        if not reader.caption_body:
            raise UnknownFormatError(candidate, _ALTERNATE_PREFERENCE)
        alternate = next(
            (
                a
                for a in (transcript.alternate_formats if transcript is not None else [])
                if _format_of(a.format) is reader
            ),
            None,
        )
        if alternate is None:
            continue
        parsed = reader.read(alternate.decoded(), f"alternateFormats[{candidate}]")
        result = media.model_copy(deep=True)
        if result.transcript is None:
            result.transcript = Transcript(words=parsed.words)
        else:
            result.transcript.words = parsed.words
            result.transcript.__pydantic_fields_set__.add("words")
        result.source_format = parsed.source_format
        return result
    listing = ", ".join(p or "(unnamed)" for p in present) or "none"
    asked = name if name is not None else "srt, webvtt, dfxp or text"
    raise InvalidInputError(
        "transcript.alternateFormats",
        f"no alternate format {asked} in this document (present: {listing})",
    )


def words_from_alternates(media: Media) -> Media:
    """The one rule for a document without words but with ``alternateFormats`` (a
    transcript-only response, a callback configured without words): :func:`vbformats.load`
    reads its words from the first of srt, webvtt, dfxp, text present, so every command, table,
    metric and writer sees the same words.

    The words go into ``media.transcript.words`` (times estimated, ``words.estimated`` all
    ``True``) **without** being marked as read, so ``to_dict()`` is still the document as read
    (no ``words`` key is added); ``media.words_from`` says where they came from
    (``"alternateFormats[srt]"``). A document with words, or with no alternate of a caption
    format, is returned unchanged. Changes ``media`` in place and returns it.

    Raises:
        InvalidInputError: the chosen alternate is malformed (path ``alternateFormats[srt]:LINE``)
            or not valid base64.
    """
    if len(media.words) > 0:
        return media
    transcript = media.transcript
    alternates = transcript.alternate_formats if transcript is not None else []
    if not alternates:
        extra = (media.model_extra or {}).get("alternateFormats")
        if not isinstance(extra, list) or not extra:
            return media
    read = _read_first(media)
    if read is None:
        return media
    name, words = read
    if media.transcript is None:
        media.transcript = Transcript()
        media.__pydantic_fields_set__.discard("transcript")
    had_words = "words" in media.transcript.__pydantic_fields_set__
    media.transcript.words = words
    if not had_words:
        media.transcript.__pydantic_fields_set__.discard("words")
    media.words_from = f"alternateFormats[{name}]"
    return media


def _read_first(media: Media) -> tuple[str, Any] | None:
    """``(name, words)`` of the preferred alternate of a caption format; ``None`` if none."""
    try:
        converted = media_from_alternate_format(media)
    except UnknownFormatError:
        return None
    except InvalidInputError as error:
        if error.path == "transcript.alternateFormats":  # none of a caption format
            return None
        raise
    return converted.source_format, converted.words


def _format_of(name: str | None) -> formats.Format | None:
    """The registered format an alternate's ``format`` names (``None`` when unknown)."""
    try:
        return formats.get(name or "")
    except UnknownFormatError:
        return None
