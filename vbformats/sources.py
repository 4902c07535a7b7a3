"""What a caller hands us, read once: one source's bytes, and many sources expanded once.

Every entry point (:func:`vbformats.load`, the tables of :mod:`vbformats.frames`, the command
line) decides here, and nowhere else:

* **one source** – a path (``str`` or ``PathLike``), ``bytes``, a JSON ``str`` or a parsed
  ``dict``. A ``str`` is JSON text when its first non-blank character is ``{`` or ``[``
  (:func:`is_json_text`); any other ``str`` is a path. Paths that are URLs are refused (we never
  download), and every message about a path is redacted (a pasted media URL holds a token);
* **many sources** – a folder (its files with a readable format's extension, sorted, hidden
  files skipped, not recursive), a glob pattern (``**`` recurses) or an iterable of any of
  these: :func:`expand` lists them once as ``(label, item)`` pairs.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from typing import Any

from vbformats.errors import InvalidInputError
from vbformats.models.media import Media
from vbformats.models.vendor import VendorResult
from vbformats.redaction import redact

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Source",
    "expand",
    "folder_extensions",
    "is_json_text",
    "path_name",
    "read_source",
]

#: Largest input :func:`vbformats.load` reads unless told otherwise (2 GiB).
DEFAULT_MAX_BYTES = 2 * 1024**3

#: One source: a path, bytes, JSON text or a parsed document.
Source = str | bytes | bytearray | memoryview | os.PathLike[str] | dict[str, Any]


def is_json_text(value: Any) -> bool:
    """A ``str`` whose first non-blank character is ``{`` or ``[`` (JSON text, not a path)."""
    return isinstance(value, str) and value.lstrip()[:1] in ("{", "[")


def path_name(source: Any) -> str | None:
    """The file name a source stands for (``None`` for bytes, JSON text and objects)."""
    if isinstance(source, os.PathLike) or (isinstance(source, str) and not is_json_text(source)):
        return os.fspath(source)
    return None


def read_source(
    source: str | bytes | bytearray | memoryview | os.PathLike[str], max_bytes: int
) -> bytes | str:
    """The content of a path / bytes / JSON-text source (bytes for files, as given otherwise).

    Raises:
        InvalidInputError: the file is missing or unreadable, a URL, or larger than
            ``max_bytes``.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if len(data) > max_bytes:
            raise InvalidInputError("", f"input is {len(data)} bytes, above max_bytes={max_bytes}")
        return data
    if is_json_text(source):
        assert isinstance(source, str)
        if len(source) > max_bytes:
            raise InvalidInputError(
                "", f"input is {len(source)} chars, above max_bytes={max_bytes}"
            )
        return source
    path = os.fspath(source)
    # A path can be a pasted media URL holding an access token: never echo it unredacted.
    shown = redact(repr(path))
    if "://" in path:
        raise InvalidInputError(
            "", f"{shown} is a URL: vbformats never downloads anything; fetch it and pass the bytes"
        )
    try:
        size = os.path.getsize(path)
    except OSError as error:
        raise InvalidInputError("", f"cannot read {shown}: {error.strerror or error}") from None
    if size > max_bytes:
        raise InvalidInputError("", f"{shown} is {size} bytes, above max_bytes={max_bytes}")
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise InvalidInputError("", f"cannot read {shown}: {error.strerror or error}") from None


def folder_extensions() -> tuple[str, ...]:
    """File extensions a folder source is searched for: those of the readable formats that
    hold whole results (:attr:`vbformats.formats.base.Format.folder_extensions`)."""
    from vbformats import formats

    return formats.folder_extensions()


def _folder_files(folder: str) -> list[str]:
    extensions = folder_extensions()
    names = sorted(
        name
        for name in os.listdir(folder)
        if not name.startswith(".") and name.lower().endswith(extensions)
    )
    return [
        os.path.join(folder, name) for name in names if os.path.isfile(os.path.join(folder, name))
    ]


def _has_magic(text: str) -> bool:
    return any(char in text for char in "*?[")


def _expand_path(text: str) -> list[str] | None:
    """Files a directory or glob names; ``None`` when ``text`` is a single path."""
    if os.path.isdir(text):
        return _folder_files(text)
    if _has_magic(text) and not os.path.exists(text):
        return sorted(path for path in glob.glob(text, recursive=True) if os.path.isfile(path))
    return None


def _single(source: Any) -> bool:
    return isinstance(
        source, (Media, VendorResult, dict, bytes, bytearray, memoryview)
    ) or is_json_text(source)


def expand(source: Any) -> tuple[list[tuple[str, Any]], bool]:
    """``(label, item)`` pairs to read, and whether ``source`` is a collection.

    The label is the path, or ``"<item N>"`` for objects passed in memory. A single source
    (including a single file path) gives one pair and ``False``; a folder, a glob or an
    iterable gives ``True`` even when it holds one item (or none).

    Raises:
        InvalidInputError: ``source`` is of a type that cannot hold results.
    """
    if _single(source):
        return [("<item 0>", source)], False
    if isinstance(source, (str, os.PathLike)):
        text = os.fspath(source)
        expanded = _expand_path(text)
        if expanded is None:
            return [(text, text)], False
        return [(path, path) for path in expanded], True
    if isinstance(source, Iterable):
        items: list[tuple[str, Any]] = []
        for index, item in enumerate(source):
            if isinstance(item, (str, os.PathLike)) and not is_json_text(item):
                text = os.fspath(item)
                expanded = _expand_path(text)
                items += [(text, text)] if expanded is None else [(p, p) for p in expanded]
            else:
                items.append((f"<item {index}>", item))
        return items, True
    raise InvalidInputError(
        "", f"cannot read a {type(source).__name__}: pass a Media, path, folder, glob or a list"
    )
