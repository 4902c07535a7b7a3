"""The writer base class. Its docstring is the add-a-format checklist.

Adding a format:

1. create ``vbformats/writers/<name>.py`` with a ``Writer`` subclass and ``WRITER = YourWriter()``;
2. set ``name``, ``aliases``, ``extensions`` (with the dot), ``media_type``, ``options_model``
   (a frozen pydantic model with ``extra="forbid"`` and documented defaults);
3. implement ``lines(media, options)``: yield text chunks; consume turns/cues
   (:mod:`vbformats.turns`, :mod:`vbformats.captions`), never the raw JSON;
4. add the module name to ``_MODULES`` in ``vbformats/writers/__init__.py``;
5. add a golden-file test and an independent-reader check in ``tests/``.

``render`` joins the chunks; ``save`` streams them to a temporary file in the target's folder
and renames it into place, so a failure never leaves a partial file (pyannote-core's RTTM writer
is the anchor for "one generator, two thin sinks").
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError

from vbformats.errors import InvalidInputError
from vbformats.models.base import raise_from_validation_error

__all__ = ["NoOptions", "Writer"]


class NoOptions(BaseModel):
    """Options of a writer that has none."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Writer:
    """One output format."""

    name: ClassVar[str] = ""
    aliases: ClassVar[tuple[str, ...]] = ()
    extensions: ClassVar[tuple[str, ...]] = ()
    media_type: ClassVar[str] = "text/plain"
    options_model: ClassVar[type[BaseModel]] = NoOptions

    def make_options(self, options: Any = None) -> Any:
        """Validate ``options`` (model instance, dict or ``None``) into ``options_model``.

        Raises:
            InvalidInputError: unknown option or bad value, naming the option.
        """
        if options is None:
            return self.options_model()
        if isinstance(options, self.options_model):
            return options
        if isinstance(options, BaseModel):
            options = options.model_dump(exclude_unset=True)
        if not isinstance(options, dict):
            raise InvalidInputError(
                "options", f"expected {self.options_model.__name__} or a dict, got {options!r}"
            )
        try:
            return self.options_model.model_validate(options)
        except ValidationError as error:
            raise raise_from_validation_error(error, "options") from None

    def lines(self, media: Any, options: Any) -> Iterator[str]:
        """Yield the output in chunks (each chunk ends with its own newline if it has one)."""
        raise NotImplementedError

    def render(self, media: Any, options: Any = None) -> str:
        """The whole output as one string."""
        return "".join(self.lines(media, self.make_options(options)))

    def save(self, media: Any, path: str | os.PathLike[str], options: Any = None) -> None:
        """Write atomically to ``path`` as UTF-8 (temporary file in the same folder + rename)."""
        resolved = self.make_options(options)
        target = os.fspath(path)
        folder = os.path.dirname(os.path.abspath(target))
        handle, temporary = tempfile.mkstemp(prefix=".vbformats-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                for chunk in self.lines(media, resolved):
                    stream.write(chunk)
            os.replace(temporary, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
