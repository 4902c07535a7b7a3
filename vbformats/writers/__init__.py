"""Output formats: a small registry of writers, one module per format.

Adding a format = one module with a :class:`~vbformats.writers.base.Writer` subclass, one line
in ``_MODULES`` below, one test. The CLI's ``--to`` choices and ``-o`` extension inference read
this registry.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

from vbformats.errors import UnknownFormatError
from vbformats.redaction import redact
from vbformats.writers.base import Writer

__all__ = ["Writer", "get_writer", "names", "render", "save", "writer_for_path"]

# module names under vbformats.writers, each defining exactly one Writer subclass as WRITER
_MODULES = ("text", "srt", "vtt", "dfxp", "turns_json", "json_dump")

_REGISTRY: dict[str, Writer] = {}
_ALIASES: dict[str, str] = {}


def _load() -> None:
    if _REGISTRY:
        return
    for module_name in _MODULES:
        module = importlib.import_module(f"vbformats.writers.{module_name}")
        writer: Writer = module.WRITER
        _REGISTRY[writer.name] = writer
        for alias in (writer.name, *writer.aliases):
            _ALIASES[alias.lower()] = writer.name


def names() -> tuple[str, ...]:
    """Canonical names of every registered format."""
    _load()
    return tuple(_REGISTRY)


def get_writer(name: str) -> Writer:
    """The writer for a format name or alias (case-insensitive).

    Raises:
        UnknownFormatError: no such format.
    """
    _load()
    canonical = _ALIASES.get(name.lower().lstrip("."))
    if canonical is None:
        # the name may come from a URL or a path that carries a token: never echo the token
        raise UnknownFormatError(redact(name), tuple(sorted(_ALIASES)))
    return _REGISTRY[canonical]


def writer_for_path(path: str | os.PathLike[str]) -> Writer:
    """The writer whose extensions match ``path`` (``.srt``, ``.vtt``, ``.dfxp``, ``.txt``...).

    Raises:
        UnknownFormatError: the extension is not registered.
    """
    _load()
    name = os.fspath(path).lower()
    for writer in _REGISTRY.values():
        if any(name.endswith(ext) for ext in writer.extensions):
            return writer
    raise UnknownFormatError(
        redact(os.path.splitext(name)[1] or name),
        tuple(ext for w in _REGISTRY.values() for ext in w.extensions),
    )


def render(media: Any, fmt: str, options: Any = None) -> str:
    """Render ``media`` in format ``fmt`` and return the text.

    Args:
        media: A :class:`~vbformats.models.media.Media`.
        fmt: Format name or alias: ``text``, ``srt``, ``vtt``/``webvtt``, ``dfxp``/``ttml``,
            ``turns``, ``json``.
        options: The writer's options model, a dict of its fields, or ``None`` for defaults.

    Raises:
        UnknownFormatError: ``fmt`` is not registered.
        InvalidInputError: ``options`` has an unknown field or a bad value.
    """
    return get_writer(fmt).render(media, options)


def save(
    media: Any, path: str | os.PathLike[str], fmt: str | None = None, options: Any = None
) -> None:
    """Write ``media`` to ``path`` atomically (temporary file + rename; nothing partial is left).

    ``fmt`` defaults to the format registered for the path's extension.
    """
    writer = get_writer(fmt) if fmt is not None else writer_for_path(path)
    writer.save(media, path, options)
