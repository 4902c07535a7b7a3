"""THE format registry: every format vbformats reads or writes, one module each.

A format owns its name, aliases, extensions, content type, content sniffing, reader, writer and
writer options (:class:`~vbformats.formats.base.Format`; its docstring is the add-a-format
checklist). This module maps names to formats and is what every entry point asks:

* :func:`load` – sources → :class:`~vbformats.models.media.Media`: ``format=``, else the format
  whose sniff is :data:`~vbformats.formats.base.CERTAIN` of the content (JSON), else the file
  extension, else the best content sniff (:func:`detect`);
* :func:`render` / :func:`save` – a Media → text / a file (format from the name or the
  extension: :func:`get`, :func:`for_path`);
* folder expansion (:func:`folder_extensions`), the command line's ``--to`` choices and
  per-format flags, and ``vbformats info`` read :func:`formats`.

Formats are imported on first use, not by ``import vbformats``. JSON documents of other vendors
are read by **dialects** of the JSON format, listed in :data:`DIALECTS` (each a module exposing
``DIALECT`` with ``sniff_text``, ``sniff_object``, ``decode`` and ``read``).
"""

from __future__ import annotations

import importlib
import os
from typing import Any

from vbformats.errors import InvalidInputError, UnknownFormatError, UnrecognizedFormatError
from vbformats.formats.base import CERTAIN, FALLBACK, CaptionFormat, Dialect, Format
from vbformats.models.media import Media
from vbformats.secrets import redact
from vbformats.sources import DEFAULT_MAX_BYTES, Source, path_name, read_source

__all__ = [
    "DIALECTS",
    "FORMAT_MODULES",
    "CaptionFormat",
    "Format",
    "detect",
    "detect_why",
    "dialects",
    "folder_extensions",
    "for_path",
    "formats",
    "get",
    "load",
    "names",
    "read_body",
    "register",
    "render",
    "save",
    "unregister",
]

#: Modules of ``vbformats.formats`` that define ``FORMAT``, in registration order (the order of
#: :func:`names`; ties of content sniffing go to the earlier one).
FORMAT_MODULES: tuple[str, ...] = ("text", "srt", "webvtt", "ttml", "turns", "json")
# word-level timing outputs (issue #15)
FORMAT_MODULES += ("vtt_words", "ttml_words", "ass", "ass_karaoke", "words")

#: Modules that define a JSON ``DIALECT`` (asked before a JSON document is read as VoiceBase).
DIALECTS: tuple[str, ...] = (
    "vbformats.ringcentral.dialect",
    "vbformats.ringcentral.ace_dialect",
    "vbformats.ringcentral.utterance_list",
)

_SNIFF_BYTES = 65536

_registry: dict[str, Format] = {}
_aliases: dict[str, str] = {}
_loaded = False
_dialects: list[Dialect] | None = None


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module_name in FORMAT_MODULES:
        module = importlib.import_module(f"vbformats.formats.{module_name}")
        register(module.FORMAT)


def register(fmt: Format) -> Format:
    """Add a format (or replace the one with the same name); returns it.

    The format is then offered everywhere: :func:`load`, :func:`render`, :func:`save`, folder
    expansion and the command line (``convert --to``, its flags, ``--help``).

    Raises:
        InvalidInputError: the format has no name, or an alias of it names another format.
    """
    if not fmt.name:
        raise InvalidInputError("format", f"{type(fmt).__name__} has no name")
    _load()
    for alias in (fmt.name, *fmt.aliases):
        owner = _aliases.get(alias.lower())
        if owner is not None and owner != fmt.name:
            raise InvalidInputError("format", f"{alias!r} already names the {owner} format")
    _registry[fmt.name] = fmt
    for alias in (fmt.name, *fmt.aliases):
        _aliases[alias.lower()] = fmt.name
    return fmt


def unregister(name: str) -> None:
    """Remove a format registered with :func:`register` (no error when it is not there)."""
    _load()
    fmt = _registry.pop(name, None)
    if fmt is not None:
        for alias in (fmt.name, *fmt.aliases):
            if _aliases.get(alias.lower()) == name:
                del _aliases[alias.lower()]


def formats() -> tuple[Format, ...]:
    """Every registered format, in registration order."""
    _load()
    return tuple(_registry.values())


def names() -> tuple[str, ...]:
    """Canonical names of the formats that can be written."""
    return tuple(fmt.name for fmt in formats() if fmt.writable)


def get(name: str) -> Format:
    """The format with this name or alias (case-insensitive; a leading dot is ignored).

    Raises:
        UnknownFormatError: no such format (the name is redacted: it may come from a URL).
    """
    _load()
    canonical = _aliases.get(name.lower().lstrip("."))
    if canonical is None:
        raise UnknownFormatError(redact(name), tuple(sorted(_aliases)))
    return _registry[canonical]


def _by_extension(path: str, candidates: list[Format], reading: bool) -> Format | None:
    lower = path.lower()
    best: tuple[int, Format] | None = None
    for fmt in candidates:
        for extension in fmt.extensions + (fmt.read_extensions if reading else ()):
            if lower.endswith(extension) and (best is None or len(extension) > best[0]):
                best = (len(extension), fmt)
    return best[1] if best is not None else None


def for_path(path: str | os.PathLike[str]) -> Format:
    """The writable format whose extension ends ``path`` (the longest match).

    Raises:
        UnknownFormatError: no writable format has that extension.
    """
    name = os.fspath(path)
    writable = [fmt for fmt in formats() if fmt.writable]
    found = _by_extension(name, writable, reading=False)
    if found is None:
        raise UnknownFormatError(
            redact(os.path.splitext(name.lower())[1] or name),
            tuple(ext for fmt in writable for ext in fmt.extensions),
        )
    return found


def folder_extensions() -> tuple[str, ...]:
    """Extensions a folder source is searched for (see ``Format.in_folders``)."""
    return tuple(ext for fmt in formats() for ext in fmt.folder_extensions)


def dialects() -> list[Dialect]:
    """The JSON dialects of :data:`DIALECTS` (imported on first use)."""
    global _dialects
    if _dialects is None:
        _dialects = [importlib.import_module(module).DIALECT for module in DIALECTS]
    return _dialects


def _sniff_head(data: bytes | str) -> str:
    if isinstance(data, str):
        return data[:_SNIFF_BYTES]
    from vbformats.formats.cuebody import decode_head

    return decode_head(data[:_SNIFF_BYTES])


def detect(data: bytes | str, path: str | None = None, *, caption_body: bool = False) -> Format:
    """The readable format of a body: certain content, else the extension, else the best sniff.

    Plain text is never guessed: a body that only plain text would take is read as text when
    its extension says so (``.txt``) or when the format is named; otherwise it is refused.

    Args:
        data: The body (bytes or text).
        path: Its file name, if any.
        caption_body: Choose among caption bodies only (SRT, WebVTT, TTML, text).

    Raises:
        UnrecognizedFormatError: no readable format claims it (the message says what was
            looked for).
    """
    return detect_why(data, path, caption_body=caption_body)[0]


def detect_why(
    data: bytes | str, path: str | None = None, *, caption_body: bool = False
) -> tuple[Format, str | None]:
    """:func:`detect`, and why the format was guessed: ``None`` when the content is certain
    or the extension chose it, else the evidence (``"it has an SRT timing line ..."``)."""
    candidates = [
        fmt for fmt in formats() if fmt.readable and (fmt.caption_body or not caption_body)
    ]
    head = _sniff_head(data)
    scores = [(fmt.sniff(head), -position, fmt) for position, fmt in enumerate(candidates)]
    best = max(scores, key=lambda entry: entry[:2], default=None)
    if best is not None and best[0] >= CERTAIN:
        return best[2], None
    base = path.replace("\\", "/").rsplit("/", 1)[-1] if path else ""
    if base:
        found = _by_extension(base, candidates, True)
        if found is not None:
            return found, None
    if best is None or best[0] <= FALLBACK:
        raise UnrecognizedFormatError(
            redact(base) or "the input",
            tuple(fmt.name for fmt in candidates),
            tuple(fmt.sniff_evidence for fmt in candidates if fmt.sniff_evidence),
        )
    fmt = best[2]
    named = f"the name {base!r} names no format" if base else "no file name says otherwise"
    return fmt, f"it has {fmt.sniff_evidence} and {named}"


def _readable(name: str, caption_body: bool = False) -> Format:
    fmt = get(name)
    if not fmt.readable or (caption_body and not fmt.caption_body):
        known = tuple(
            f.name for f in formats() if f.readable and (f.caption_body or not caption_body)
        )
        raise UnknownFormatError(redact(name), known)
    return fmt


def load(
    source: Source,
    *,
    format: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    speakers: dict[str, str] | None = None,
) -> Media:
    """Load a speech-analytics result into a :class:`~vbformats.models.media.Media` model.

    Args:
        source: A path (``str`` or ``PathLike``), ``bytes``, a JSON string, or parsed JSON (a
            ``dict``, or a ``list``: a bare words array).
            A ``str`` whose first non-blank character is ``{`` or ``[`` is JSON text; any
            other ``str`` is a path.
        format: Force the input format (``"json"``, ``"srt"``, ``"vtt"``, ``"dfxp"``,
            ``"text"``, or any registered readable format); by default it is inferred from
            the content and the file extension (see :func:`detect`).
        max_bytes: Refuse inputs larger than this many bytes (default 2 GiB).
        speakers: Speaker id → name, for results that name speakers by id
            (RingCentral: ``{"0": "Agent"}``).

    Returns:
        The document as a :class:`~vbformats.models.media.Media`; ``media.to_dict()`` gives
        the document back. A document without words but with ``alternateFormats`` (a
        transcript-only response) has the words of its first srt, webvtt, dfxp or text
        alternate (times estimated; ``media.words_from`` names it; ``to_dict()`` unchanged).

    Raises:
        InvalidInputError: invalid JSON, a non-object top level, a wrong type, an impossible
            time; the message names the JSON path (``transcript.words[12].e``).
        ApiErrorResponse: the document is an error body (``MediaFailedError`` for
            ``"status": "failed"``; RingCentral ``JobFailedError``).
        JobInProgressError: a RingCentral job envelope without a result yet.
        UnknownFormatError: ``format`` names no readable format.
    """
    from vbformats.formats.alternate import words_from_alternates

    # no words but alternateFormats: their words, one rule for every command, table and metric
    return words_from_alternates(_load_source(source, format, max_bytes, speakers))


def _load_source(
    source: Source, format: str | None, max_bytes: int, speakers: dict[str, str] | None
) -> Media:
    if isinstance(source, (dict, list)):
        if format not in (None, "json"):
            kind = type(source).__name__
            raise InvalidInputError("", f"a {kind} can only be read as JSON, not {format!r}")
        from vbformats.formats.json import FORMAT as JSON

        return JSON.read_object(source, speakers=speakers)
    if not isinstance(source, (str, bytes, bytearray, memoryview, os.PathLike)):
        raise InvalidInputError(
            "", f"cannot load a {type(source).__name__}: pass a path, bytes, str or dict"
        )
    data = read_source(source, max_bytes)
    name = path_name(source)
    if format is not None:
        return _readable(format).read(data, name, speakers=speakers)
    return _read_detected(data, name, speakers=speakers)


def _read_detected(
    data: bytes | str,
    name: str | None,
    *,
    caption_body: bool = False,
    speakers: dict[str, str] | None = None,
) -> Media:
    fmt, why = detect_why(data, name, caption_body=caption_body)
    try:
        return fmt.read(data, name, speakers=speakers)
    except InvalidInputError as error:
        if why is None or type(error) is not InvalidInputError:
            raise
        # the format was a guess: say which, and why, so a wrong file is recognised as such
        raise InvalidInputError(
            error.path, f"{error.problem} (read as {fmt.name}, guessed: {why})"
        ) from None


def read_body(data: bytes | str, fmt: str | None, path: str | None) -> Media:
    """Read an SRT, WebVTT, DFXP/TTML or plain-text body into a Media.

    Args:
        data: The body, as bytes (any encoding :func:`~vbformats.formats.cuebody.decode_text`
            reads) or text.
        fmt: A caption format's name or alias, or ``None`` to decide from ``path``'s
            extension, then from the content (JSON is not considered).
        path: The file name, used to choose the format and in error messages.

    Raises:
        InvalidInputError: the body is malformed; the message starts with ``file:line``.
        UnknownFormatError: ``fmt`` is not a caption format.
    """
    if fmt is not None:
        return _readable(fmt, caption_body=True).read(data, path)
    return _read_detected(data, path, caption_body=True)


def render(media: Any, fmt: str, options: Any = None) -> str:
    """Render ``media`` in format ``fmt`` and return the text.

    Args:
        media: A :class:`~vbformats.models.media.Media`.
        fmt: Format name or alias: ``text``, ``srt``, ``vtt``/``webvtt``, ``dfxp``/``ttml``,
            ``turns``, ``json``, or any registered format.
        options: The format's options model, a dict of its fields, or ``None`` for defaults.

    Raises:
        UnknownFormatError: ``fmt`` is not registered.
        InvalidInputError: ``options`` has an unknown field or a bad value.
    """
    return _writable(fmt).render(media, options)


def _writable(name: str) -> Format:
    fmt = get(name)
    if not fmt.writable:
        raise UnknownFormatError(redact(name), names())
    return fmt


def save(
    media: Any, path: str | os.PathLike[str], fmt: str | None = None, options: Any = None
) -> None:
    """Write ``media`` to ``path`` atomically (temporary file + rename; nothing partial is left).

    ``fmt`` defaults to the format registered for the path's extension.
    """
    writer = _writable(fmt) if fmt is not None else for_path(path)
    writer.save(media, path, options)
