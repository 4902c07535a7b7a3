"""JSON: VoiceBase documents in every generation, the JSON dialects of other vendors, and the
loaded document dumped back.

**Reading** (VoiceBase: v3 media / callback / transcript-only, legacy v2). This is the only
module that knows VoiceBase's JSON quirks. Decoding is done in layers with msgspec so the large
part, ``transcript.words``, never becomes a list of Python dicts:

1. the top level is decoded to ``dict[str, msgspec.Raw]`` (a scan, no objects built);
2. every section but ``transcript`` is decoded to plain Python and validated by pydantic;
3. ``transcript`` is split the same way, and its ``words`` go to
   :func:`vbformats.models.words.words_from_json` (C structs, with a tolerant fallback).

Other vendors' JSON is read by their **dialects** (:data:`vbformats.formats.DIALECTS`), asked
first: each recognises its own payload cheaply and converts it to the VoiceBase shape
(RingCentral: :mod:`vbformats.ringcentral.dialect`).

**Writing.** ``media.to_dict()`` as JSON, for a lossless round trip: same keys and values as the
input document, unknown keys and key aliases included. Non-ASCII text is written as UTF-8; a
document holding a lone surrogate (possible in a parsed ``dict``, impossible in UTF-8) is written
with ``\\uXXXX`` escapes instead, so the file stays valid UTF-8 and reads back to the same
strings.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

import msgspec
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vbformats.errors import (
    InvalidInputError,
)
from vbformats.formats import legacy, refusals
from vbformats.formats.base import CERTAIN, NO, Dialect, Format
from vbformats.models.base import WIRE_CONTEXT, raise_from_validation_error
from vbformats.models.media import Media
from vbformats.models.words import WordTable, words_from_json, words_from_objects
from vbformats.secrets import redact

__all__ = [
    "FORMAT",
    "MAX_NESTING",
    "JsonFormat",
    "JsonOptions",
    "is_bare_transcript",
    "json_text",
    "media_from_json",
    "media_from_object",
]


def dialects() -> list[Dialect]:
    """The registered JSON dialects (imported on first use)."""
    from vbformats.formats import dialects as registered

    return registered()


#: Deepest nesting of JSON arrays and objects accepted anywhere in a document (the document
#: itself is level 1). Real results nest about 8 levels; free-form ``metadata.extended`` gets
#: plenty of room while every later step (validation, dumping, ``json.dumps``) stays far from
#: Python's recursion limit. Deeper input raises :class:`InvalidInputError`.
MAX_NESTING = 100

# One scan of the document splits it two levels deep: every top-level object becomes a dict of
# undecoded values, so ``transcript.words`` is found without scanning its megabytes a second time
# (a ``dict[str, Raw]`` per level cost two full scans: 33 ms → 23 ms on the 100,000-token
# benchmark file). Arrays become lists of undecoded items; scalars are decoded as they are.
_Section = dict[str, msgspec.Raw] | list[msgspec.Raw] | str | int | float | bool | None
_TOP_DECODER = msgspec.json.Decoder(dict[str, _Section])
_ARRAY_DECODER = msgspec.json.Decoder(list[msgspec.Raw])


def _decode(raw: Any, path: str) -> Any:
    try:
        return msgspec.json.decode(raw)
    except msgspec.DecodeError as error:
        raise InvalidInputError(path, f"invalid JSON: {error}") from None
    except UnicodeDecodeError as error:
        raise InvalidInputError(path, _utf8_problem(error)) from None


def _utf8_problem(error: UnicodeDecodeError) -> str:
    # msgspec checks UTF-8 only when it builds a string, and raises UnicodeDecodeError, not
    # its DecodeError: found by the fuzzer (fuzz/targets.py json)
    return f"invalid UTF-8 in JSON text ({error.reason}, byte {error.object[error.start]:#04x})"


def _decode_top(text: bytes | str) -> dict[str, Any] | list[Any]:
    try:
        top: dict[str, Any] = _TOP_DECODER.decode(text)
    except msgspec.ValidationError:
        try:  # an array: split into undecoded items (a words array is decoded once, later)
            items: list[Any] = _ARRAY_DECODER.decode(text)
            return items
        except msgspec.ValidationError:
            pass
        except msgspec.DecodeError as error:
            where = line_and_column(text, error)
            raise InvalidInputError("", f"invalid JSON: {error}{where}") from None
        except UnicodeDecodeError as error:
            raise InvalidInputError("", _utf8_problem(error)) from None
        value = _decode(text, "")
        kind = type(value).__name__
        names = {"str": "a string", "int": "a number", "float": "a number", "NoneType": "null"}
        names["bool"] = "true" if value is True else "false"
        raise InvalidInputError(
            "", f"top level must be a JSON object or array, got {names.get(kind, kind)}"
        ) from None
    except msgspec.DecodeError as error:
        where = line_and_column(text, error)
        raise InvalidInputError("", f"invalid JSON: {error}{where}") from None
    except UnicodeDecodeError as error:
        raise InvalidInputError("", _utf8_problem(error)) from None
    return top


_BYTE = re.compile(r"\(byte (\d+)\)")


def line_and_column(text: bytes | str, error: Exception) -> str:
    """``" at line 32, column 5"`` for a msgspec error that names a byte offset of ``text``
    (editors count lines; nobody counts bytes), else ``""``."""
    found = _BYTE.search(str(error))
    if found is None:
        return ""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else bytes(text)
    offset = min(int(found.group(1)), len(data))
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f" at line {line}, column {column}"


def split_top(text: bytes | str) -> dict[str, Any] | list[Any]:
    """The one scan of JSON text: its top level, objects split one level down (values
    undecoded), arrays as undecoded items, scalars decoded. What the dialects are asked about
    and what :func:`media_from_json` reads from.

    Raises:
        InvalidInputError: invalid JSON, invalid UTF-8, or a top level that is neither an
            object nor an array (an array is decoded, not split).
    """
    try:
        return _decode_top(text)
    except RecursionError:
        raise InvalidInputError("", f"JSON nested deeper than {MAX_NESTING} levels") from None
    except InvalidInputError as error:
        raise _redacted(error) from None


def media_from_json(text: bytes | str, top: dict[str, Any] | list[Any] | None = None) -> Media:
    """Parse VoiceBase JSON text. See :func:`vbformats.load` for the shapes accepted.

    ``top`` is the text's :func:`split_top`, when the caller has it already (no second scan).
    """
    try:
        return _media_from_json(text, top)
    except RecursionError:
        # nesting deep enough to exhaust the stack before MAX_NESTING could be checked
        raise InvalidInputError("", f"JSON nested deeper than {MAX_NESTING} levels") from None
    except InvalidInputError as error:
        raise _redacted(error) from None
    except UnicodeDecodeError as error:  # from the words' decoder (transcript.words)
        raise InvalidInputError("transcript.words", _utf8_problem(error)) from None


def _media_from_json(text: bytes | str, top: dict[str, Any] | list[Any] | None) -> Media:
    if top is None:
        top = _decode_top(text)
    if isinstance(top, list):
        return media_from_array(top, text)
    doc: dict[str, Any] = {}
    words: WordTable | None = None
    bare = is_bare_transcript(top)
    for key, value in top.items():
        if bare and key == "words" and isinstance(value, list):
            # a transcript-only response: its words are at the top level (already split)
            words = words_from_json(b"[" + b",".join(bytes(item) for item in value) + b"]", "words")
        elif isinstance(value, dict):
            section: dict[str, Any] = {}
            for part_key, part_raw in value.items():
                if key == "transcript" and part_key == "words":
                    words = words_from_json(part_raw, "transcript.words")
                else:
                    section[part_key] = _decode(part_raw, f"{key}.{part_key}")
            doc[key] = section
        elif isinstance(value, list):
            doc[key] = [_decode(item, f"{key}[{index}]") for index, item in enumerate(value)]
        else:
            doc[key] = value  # a scalar, already decoded; pydantic names a wrong type
    return _build_media(doc, words, bare)


def media_from_array(items: list[Any], text: bytes | str | None = None) -> Media:
    """A top-level JSON array: a bare words array (``transcript.words`` saved alone, as the
    Aligner docs and 2016-era fixtures show), read as a transcript; mono unless its words hold
    turn markers (``"m": "turn"``). ``text`` is the array's JSON text, when read from text (the
    fast words path).

    Raises:
        InvalidInputError: an empty array, or items that are not words (naming the first).
    """
    if not items:
        raise InvalidInputError("", "the top-level array is empty: there are no words to read")
    first = items[0]
    if isinstance(first, msgspec.Raw):
        first = _decode(first, "[0]")
    if not isinstance(first, dict) or "w" not in first:
        shown = sorted(first)[:6] if isinstance(first, dict) else type(first).__name__
        raise InvalidInputError(
            "[0]",
            "a top-level array is read as a words array (objects with p, s, e, w), "
            f"but its first item is not a word (keys {shown})",
        )
    from vbformats.models.media import Transcript

    words = words_from_json(text, "") if text is not None else words_from_objects(items, "")
    return Media(transcript=Transcript(words=words), source_format="words")


def media_from_object(doc: Any) -> Media:
    """Validate an already-parsed document (a dict from ``json.load``, or a words array)."""
    if isinstance(doc, list):
        return media_from_array(doc)
    if not isinstance(doc, dict):
        raise InvalidInputError(
            "", f"top level must be a JSON object or array, got {type(doc).__name__}"
        )
    try:
        return _media_from_object(doc)
    except RecursionError:
        raise InvalidInputError("", f"JSON nested deeper than {MAX_NESTING} levels") from None
    except InvalidInputError as error:
        raise _redacted(error) from None


def check_unicode(doc: Any) -> None:
    """Refuse a lone surrogate (``"\\ud800"``) in any key or string of a parsed document.

    One C-speed encode when the document is clean; only a failure walks the document to name
    the field.

    Raises:
        InvalidInputError: naming the path of the first string that is not valid Unicode.
    """
    try:
        msgspec.json.encode(doc)
        return
    except UnicodeEncodeError:
        pass
    except (TypeError, ValueError, OverflowError, RecursionError):
        pass  # not JSON-encodable for another reason: the validation that follows names it
    stack: list[tuple[Any, str, int]] = [(doc, "", 1)]
    while stack:
        value, where, depth = stack.pop()
        if isinstance(value, str):
            _check_string(value, where)
        elif depth > MAX_NESTING:
            continue  # too deep (or a cycle): the nesting check refuses it, naming the path
        elif isinstance(value, dict):
            for key, item in value.items():
                child = f"{where}.{key}" if where else str(key)
                if isinstance(key, str):
                    _check_string(key, f"{child} (a key)")
                stack.append((item, child, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, f"{where}[{index}]", depth + 1) for index, item in enumerate(value))


def _check_string(text: str, where: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        code = ord(text[error.start])
        raise InvalidInputError(
            redact(where.encode("utf-8", "backslashreplace").decode("utf-8")),
            f"lone surrogate U+{code:04X} at character {error.start}: not valid Unicode text",
        ) from None


def _redacted(error: InvalidInputError) -> InvalidInputError:
    """``error`` without secrets: messages quote input values (a time that is a pasted media
    URL with its access token), and exceptions must never carry a token."""
    path, problem = redact(error.path), redact(error.problem)
    if (path, problem) == (error.path, error.problem):
        return error
    return type(error)(path, problem)


def _media_from_object(doc: dict[str, Any]) -> Media:
    doc = dict(doc)
    words: WordTable | None = None
    transcript = doc.get("transcript")
    if isinstance(transcript, dict) and "words" in transcript:
        transcript = dict(transcript)
        words = words_from_objects(transcript.pop("words"), "transcript.words")
        doc["transcript"] = transcript
    return _build_media(doc, words)


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


def _check_nesting(value: Any, path: str, depth: int) -> None:
    """Refuse arrays/objects nested deeper than :data:`MAX_NESTING` (``depth`` = level of
    ``value``; the document is level 1). Iterative, so the check itself cannot overflow."""
    stack: list[tuple[Any, str, int]] = [(value, path, depth)]
    while stack:
        item, where, level = stack.pop()
        if isinstance(item, dict):
            children: Any = item.items()
        elif isinstance(item, list):
            children = enumerate(item)
        else:
            continue
        if level > MAX_NESTING:
            raise InvalidInputError(where, f"JSON nested deeper than {MAX_NESTING} levels")
        for key, child in children:
            if isinstance(child, (dict, list)):
                child_path = (
                    f"{where}[{key}]"
                    if isinstance(key, int)
                    else (f"{where}.{key}" if where else str(key))
                )
                stack.append((child, child_path, level + 1))


def is_bare_transcript(doc: Mapping[str, Any]) -> bool:
    """A transcript-only response (``GET /v3/media/{id}/transcript``): the transcript object
    itself, with ``words`` and/or ``alternateFormats`` at the top and no media keys."""
    if "transcript" in doc or "mediaId" in doc or "transcripts" in doc:
        return False
    return "words" in doc or "alternateFormats" in doc


def _build_media(doc: dict[str, Any], words: WordTable | None, bare: bool | None = None) -> Media:
    _check_nesting(doc, "", 1)
    if words is not None:
        for index, extra in words.overrides.items():
            # a word is at level 4 (document, transcript, words, word)
            _check_nesting(extra, f"transcript.words[{index}]", 4)
    refusals.check_not_a_result(doc)
    doc, older = legacy.prepare(doc)
    refusals.check_error_body(doc)
    refusals.check_finished(doc, words)
    source_format = "v3"
    if bare if bare is not None else is_bare_transcript(doc):
        doc = {"transcript": doc}
        source_format = "transcript"
    elif "transcript" not in doc:
        v2_words = _v2_words(doc)
        if v2_words is not None:
            words = words_from_objects(v2_words, "transcripts.latest.words")
            source_format = "v2"
    try:
        media = Media.model_validate(doc, context=WIRE_CONTEXT)
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
    if older is not None:
        legacy.finish(media, older)
        if source_format == "v3":
            media.source_format = older.generation
    return media


# --- the format ------------------------------------------------------------------------------


def json_text(value: Any, indent: int | None) -> str:
    """``value`` as JSON text that is always encodable as UTF-8 (see the module docstring)."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(value, ensure_ascii=True, indent=indent)
    return text


class JsonOptions(BaseModel):
    """JSON dump options. Frozen; unknown fields are refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    indent: int | None = Field(
        None, ge=0, le=16, description="Spaces per indentation level (0-16); None = one line."
    )


class JsonFormat(Format):
    """The document as JSON ``.json`` (round trip of what was loaded)."""

    name = "json"
    aliases = ()
    extensions = (".json",)
    media_type = "application/json"
    options_model = JsonOptions

    sniff_evidence = "JSON ({ or [ first)"

    def sniff(self, head: str) -> int:
        """:data:`CERTAIN` when the first non-blank character is ``{`` or ``[`` (content beats a
        file extension: a ``.srt`` file holding JSON is read as JSON)."""
        return CERTAIN if head.lstrip()[:1] in ("{", "[") else NO

    def read(
        self,
        data: bytes | str,
        path_name: str | None = None,
        *,
        speakers: dict[str, str] | None = None,
    ) -> Media:
        """Read JSON text: a registered dialect's payload (RingCentral), else VoiceBase."""
        text = data[3:] if isinstance(data, bytes) and data.startswith(b"\xef\xbb\xbf") else data
        if isinstance(text, str) and text.startswith("\ufeff"):
            text = text[1:]
        # one scan, asked of every dialect and read by VoiceBase's reader: a dialect with
        # sniff_top judges the same top-level keys as read_object does for a dict (issue #11)
        top = split_top(text)
        for dialect in dialects():
            sniff_top = getattr(dialect, "sniff_top", None)
            if sniff_top(top) if sniff_top is not None else dialect.sniff_text(text):
                return dialect.read(dialect.decode(text), speakers=speakers)
        return media_from_json(text, top)

    def read_object(self, doc: Any, *, speakers: dict[str, str] | None = None) -> Media:
        """Read an already-parsed document (a dict from ``json.load``): a registered dialect's
        payload, else VoiceBase.

        Raises:
            InvalidInputError: as :meth:`read`; also a lone surrogate in any key or string
                (``json.loads`` accepts ``"\\ud800"``, JSON text read here does not), so a
                dict and its JSON text are read alike and every dump reads back.
        """
        if isinstance(doc, (dict, list)):
            check_unicode(doc)
            for dialect in dialects():
                if dialect.sniff_object(doc):
                    return dialect.read(doc, speakers=speakers)
        return media_from_object(doc)

    def lines(self, media: Any, options: Any) -> Iterator[str]:
        """Yield the document and a final newline."""
        if not isinstance(media, Media):
            raise InvalidInputError(
                "media", f"the json writer needs a Media, got {type(media).__name__}"
            )
        yield media.to_json(options.indent)
        yield "\n"


FORMAT = JsonFormat()
