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

Caption formats derive from :class:`CaptionWriter`: their options model subclasses
:class:`~vbformats.captions.CaptionOptions` (so every caption limit is an option of every caption
format) and ``cues(media, options)`` gives the cues and the limit report the output is made of.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError

from vbformats.atomic import atomic_path
from vbformats.captions import CaptionOptions, CueList, build_cues
from vbformats.errors import InvalidInputError
from vbformats.models.base import raise_from_validation_error

__all__ = ["CaptionWriter", "NoOptions", "Writer", "memoized_clock"]


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
        resolved = self.make_options(options)
        with _gc_paused():
            return "".join(self.lines(media, resolved))

    def save(self, media: Any, path: str | os.PathLike[str], options: Any = None) -> None:
        """Write atomically to ``path`` as UTF-8 (temporary file in the same folder + rename)."""
        resolved = self.make_options(options)
        with (
            atomic_path(path) as temporary,
            open(temporary, "w", encoding="utf-8", newline="") as stream,
            _gc_paused(),
        ):
            for chunk in self.lines(media, resolved):
                stream.write(chunk)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a writer runs (restored only if it was on).

    Writers build strings and a few containers per cue and no reference cycle. With the
    collector on, the first allocations after the cues are built start a collection that walks
    every container made since the last one: the word table's 100,000-entry columns and the
    cues, about 14 ms of writing a 100,000-word call's SRT (issue #6). Paused, what the writer
    made is freed by reference counting before the next collection.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class CaptionWriter(Writer):
    """A timed-caption format (SRT, WebVTT, DFXP): serialises the cues of
    :func:`vbformats.captions.build_cues`.

    ``options_model`` must subclass :class:`~vbformats.captions.CaptionOptions`;
    ``labels_option`` names a boolean option that asks for ``Name:`` labels in the text (the
    cues are then planned with room for them), or is empty when speakers are marked up instead.
    """

    options_model: ClassVar[type[BaseModel]] = CaptionOptions
    labels_option: ClassVar[str] = ""

    def cues(self, media: Any, options: Any = None) -> CueList:
        """The cues this writer would write, with their ``violations`` report.

        Raises:
            InvalidInputError: bad options, or ``media`` is not a Media / WordTable / turns.
        """
        return self._cues(media, self.make_options(options))

    def _cues(self, media: Any, options: Any) -> CueList:
        labels = bool(getattr(options, self.labels_option)) if self.labels_option else False
        return build_cues(media, options, labels=labels)


_MILLIS = [f"{millis:03d}" for millis in range(1000)]
_SECONDS = [f"{seconds:02d}" for seconds in range(60)]


def memoized_clock(format_ms: Callable[[int], str]) -> Callable[[int], str]:
    """A faster stand-in for a :mod:`vbformats.timing` formatter, for writing many cues.

    ``format_ms`` (``format_srt``, ``format_vtt``, ``format_ttml``) must write
    ``…MM:SS<separator>mmm``. It is called once per distinct minute and its ``…MM:`` part kept;
    seconds and milliseconds are appended from tables, so hours (any number of digits) still
    come from :mod:`vbformats.timing`. Same output at a fraction of the cost: a 100,000-word
    call spans about ten hours, and formatting two timestamps per cue was a third of the SRT
    writer's time.

    Raises:
        InvalidInputError: from ``format_ms``, for a negative time.
    """
    separator = format_ms(0)[-4]
    heads: dict[int, str] = {}

    def clock(ms: int) -> str:
        if ms < 0:
            return format_ms(ms)  # raises the formatter's own error
        minutes, rest = divmod(ms, 60_000)
        head = heads.get(minutes)
        if head is None:
            head = heads[minutes] = format_ms(minutes * 60_000)[:-6]
        seconds, millis = divmod(rest, 1000)
        return f"{head}{_SECONDS[seconds]}{separator}{_MILLIS[millis]}"

    return clock
