"""What a caller hands us, read once: one source's bytes, and many sources expanded once.

Every entry point (:func:`vbformats.load`, the tables of :mod:`vbformats.frames`, the command
line) decides here, and nowhere else:

* **one source** – a path (``str`` or ``PathLike``), ``bytes``, a JSON ``str`` or a parsed
  ``dict``. A ``str`` is a path unless it clearly is a JSON document (:func:`is_json_text`:
  it starts with ``{`` or ``[`` and ends with the matching ``}`` or ``]``, or starts so and
  spans several lines), and an existing file of that name always wins: ``"[2024-05-01]
  call.json"`` is a file name, as is a file really named ``[1]``. Paths that are URLs are
  refused (we never download), and every message about a path is redacted (a pasted media URL
  holds a token);
* **reading a file** – ``max_bytes`` is enforced while reading, not from the size the file
  system reports (a device such as ``/dev/zero`` reports 0 and never ends): at most
  ``max_bytes + 1`` bytes are ever read. Any file that can be opened for reading is read (a
  regular file, a pipe such as ``/dev/stdin`` or ``<(command)``, a character device); a FIFO is
  opened without waiting for a writer, so a FIFO that no process writes to reads as empty
  instead of blocking forever. A folder is refused;
* **many sources** – a folder (its files with a readable format's extension, sorted, hidden
  files skipped, not recursive), a glob pattern (``**`` recurses) or an iterable of any of
  these: :func:`expand` lists them once as ``(label, item)`` pairs.
"""

from __future__ import annotations

import glob
import os
import re
import stat
from collections.abc import Iterable
from typing import Any

from vbformats.errors import InvalidInputError
from vbformats.models.media import Media
from vbformats.models.vendor import VendorResult
from vbformats.secrets import redact

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


_LEADING_BLANK = re.compile(r"\s*")
_CLOSERS = {"{": "}", "[": "]"}
# no longer name reaches a file system call (Linux PATH_MAX); a longer str is never a file
_PATH_MAX = 4096
# read a file in pieces of this size once its reported size is used up (pipes, devices)
_CHUNK = 1 << 20
# (the flags POSIX lacks are 0 where they do not exist: O_BINARY is Windows', O_NONBLOCK POSIX's)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_READ_FLAGS = os.O_RDONLY | _NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _clearly_json(value: str) -> bool:
    """Starts with ``{``/``[`` and ends with the matching closer, or spans lines (no file check)."""
    start = _LEADING_BLANK.match(value).end()  # type: ignore[union-attr]  # \s* always matches
    closer = _CLOSERS.get(value[start : start + 1])
    if closer is None:
        return False
    end = len(value)
    while end > start and value[end - 1].isspace():
        end -= 1
    return value[end - 1] == closer or "\n" in value


def _is_existing_path(value: str) -> bool:
    if len(value) > _PATH_MAX or "\x00" in value:
        return False
    return os.path.lexists(value)


def is_json_text(value: Any) -> bool:
    """A ``str`` that is a JSON document, not a path.

    It clearly is one: its first non-blank character is ``{`` or ``[`` and its last is the
    matching ``}`` or ``]`` (or it spans several lines), and no file (or folder) of that name
    exists. ``'{"mediaId": "m"}'`` is JSON text; ``"[2024-05-01] call.json"`` and
    ``"notes.txt"`` are paths; so is ``"[1]"`` when a file of that name exists.
    """
    if not isinstance(value, str):
        return False
    return _clearly_json(value) and not _is_existing_path(value)


def path_name(source: Any) -> str | None:
    """The file name a source stands for (``None`` for bytes, JSON text and objects); the same
    rule as :func:`read_source` (:func:`is_json_text`)."""
    if isinstance(source, os.PathLike) or (isinstance(source, str) and not is_json_text(source)):
        return os.fspath(source)
    return None


def read_source(
    source: str | bytes | bytearray | memoryview | os.PathLike[str], max_bytes: int
) -> bytes | str:
    """The content of a path / bytes / JSON-text source (bytes for files, as given otherwise).

    Raises:
        InvalidInputError: the file is missing or unreadable, a URL, a folder, or larger than
            ``max_bytes``; ``max_bytes`` is not a non-negative integer.
    """
    if not isinstance(max_bytes, int) or isinstance(max_bytes, bool) or max_bytes < 0:
        raise InvalidInputError("max_bytes", f"expected a number of bytes >= 0, got {max_bytes!r}")
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
    if not isinstance(path, str):
        raise InvalidInputError("", f"a path must be text, got {type(path).__name__}")
    # A path can be a pasted media URL holding an access token: never echo it unredacted (nor
    # megabytes of it: a long str is shown by its head, which never cuts a token's name off
    # its value in a way that shows the value)
    shown = redact(repr(path) if len(path) <= 300 else repr(path[:300]) + "...")
    opener = path[_LEADING_BLANK.match(path).end() :][:1]  # type: ignore[union-attr]
    # text opening like a JSON document is a cut-off document, not a URL, whatever it holds
    if "://" in path and opener not in _CLOSERS:
        raise InvalidInputError(
            "", f"{shown} is a URL: vbformats never downloads anything; fetch it and pass the bytes"
        )
    if "\x00" in path:  # no file name holds one (os.open would raise ValueError)
        problem = "no such file (the name holds a NUL character)"
    else:
        try:
            return _read_file(path, shown, max_bytes)
        except OSError as error:
            problem = error.strerror or type(error).__name__
    if opener in _CLOSERS:
        problem += f" (and as JSON text it is incomplete: it does not end with {_CLOSERS[opener]})"
    raise InvalidInputError("", f"cannot read {shown}: {problem}")


def _read_file(path: str, shown: str, max_bytes: int) -> bytes:
    """At most ``max_bytes`` bytes of a file, whatever kind of file it is (module docstring)."""
    # O_NONBLOCK only matters for a FIFO: open() would wait for a writer, forever if none comes
    handle = os.open(path, _READ_FLAGS)
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise InvalidInputError("", f"{shown} is a folder, not a file")
        regular = stat.S_ISREG(info.st_mode)
        if regular and info.st_size > max_bytes:
            raise InvalidInputError(
                "", f"{shown} is {info.st_size} bytes, above max_bytes={max_bytes}"
            )
        if _NONBLOCK:
            os.set_blocking(handle, True)  # a FIFO's writer may be slower than we are
        limit = max_bytes + 1  # one byte more than allowed tells "too large" from "just fits"
        pieces: list[bytes] = []
        total = 0
        # the first read asks for the reported size (+1 to see the end): one call for a file
        want = min(limit, info.st_size + 1 if regular else _CHUNK)
        while total < limit:
            piece = os.read(handle, min(want, limit - total))
            if not piece:
                break
            pieces.append(piece)
            total += len(piece)
            want = _CHUNK
        if total > max_bytes:
            raise InvalidInputError(
                "", f"{shown} holds more than max_bytes={max_bytes} bytes (read stopped there)"
            )
        return pieces[0] if len(pieces) == 1 else b"".join(pieces)
    finally:
        os.close(handle)


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
