"""The format base class. Its docstring is the add-a-format checklist.

A format is one module that owns everything about one kind of file: its name, aliases,
extensions, content type, how to recognise it, how to read it, how to write it and the options
of the writer. Adding one:

1. create ``vbformats/formats/<module>.py`` with a :class:`Format` subclass (a
   :class:`CaptionFormat` for timed captions) and ``FORMAT = YourFormat()``;
2. set :attr:`~Format.name`, :attr:`~Format.aliases`, :attr:`~Format.extensions` (with the dot,
   lower case; the first is the output default) and :attr:`~Format.media_type`;
3. **reading**: implement :meth:`~Format.sniff` (how sure you are that a text is yours: a
   score; only :data:`CERTAIN` beats a file extension) and :meth:`~Format.read`
   (``data`` → :class:`~vbformats.models.media.Media`; raise
   :class:`~vbformats.errors.InvalidInputError` naming the line or field);
4. **writing**: set :attr:`~Format.options_model` (a frozen pydantic model with
   ``extra="forbid"`` and documented defaults) and implement :meth:`~Format.lines` (yield text
   chunks made from turns or cues, never from the raw JSON). Every option field is a flag of
   ``vbformats convert``: ``--field-name``, ``--no-field-name`` for a boolean that defaults to
   true, or the name in ``json_schema_extra={"cli": "--name"}``;
5. register it: add the module name to :data:`vbformats.formats.FORMAT_MODULES`, or call
   :func:`vbformats.formats.register` with the instance (a format of your own, outside the
   package). ``load``, ``render``, ``save``, folder expansion, ``convert --to`` and its flags,
   and ``info`` then know it;
6. test it: a golden file, and an independent reader of the output.

:meth:`Format.render` joins the chunks; :meth:`Format.save` streams them to a temporary file in
the target's folder and renames it into place, so a failure never leaves a partial file
(pyannote-core's RTTM writer is the anchor for "one generator, two thin sinks").
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from pydantic import BaseModel, ConfigDict, ValidationError

from vbformats.atomic import atomic_path
from vbformats.captions import CaptionOptions, CueList, LabelPolicy, build_cues
from vbformats.errors import InvalidInputError
from vbformats.gcpause import gc_paused
from vbformats.models.base import raise_from_validation_error

if TYPE_CHECKING:
    from vbformats.models.media import Media

__all__ = [
    "CERTAIN",
    "FALLBACK",
    "LIKELY",
    "NO",
    "POSSIBLE",
    "CaptionFormat",
    "Dialect",
    "Format",
    "NoOptions",
]

#: :meth:`Format.sniff` scores (the highest wins; a tie goes to the format registered first).
#: Only :data:`CERTAIN` beats a file extension: the content starts the way only this format
#: starts (JSON). :data:`LIKELY`: a header or root element (``WEBVTT``, ``<tt``);
#: :data:`POSSIBLE`: a telling line somewhere (an SRT timing line); :data:`FALLBACK`: anything
#: (plain text): chosen only by its file extension or by name, never guessed, so a file that
#: matches no format is refused instead of read as text; :data:`NO`: not this format.
NO, FALLBACK, POSSIBLE, LIKELY, CERTAIN = 0, 1, 20, 50, 100


class Dialect(Protocol):
    """A vendor's JSON, read by the JSON format (registered in
    :data:`vbformats.formats.DIALECTS`; RingCentral's is
    :data:`vbformats.ringcentral.dialect.DIALECT`)."""

    name: str

    def sniff_text(self, text: bytes | str) -> bool:
        """Is this JSON text the vendor's? Cheap: it runs on every JSON document loaded."""
        ...

    def sniff_object(self, doc: Any) -> bool:
        """Is this parsed document the vendor's?"""
        ...

    def decode(self, text: bytes | str) -> Any:
        """JSON text → the parsed document (errors as :class:`InvalidInputError`)."""
        ...

    def read(self, doc: Any, *, speakers: dict[str, str] | None = None) -> Media:
        """The parsed document → a VoiceBase-shaped :class:`Media`."""
        ...


class NoOptions(BaseModel):
    """Options of a writer that has none."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Format:
    """One file format: name, aliases, extensions, sniffing, reader and/or writer, options.

    Class attributes:
        name: The canonical name (``"srt"``), what :func:`vbformats.formats.names` lists.
        aliases: Other names accepted wherever a format is named (``"subrip"``).
        extensions: File extensions, with the dot, lower case; the first is the default for
            output. The longest matching extension wins (``.turns.json`` before ``.json``).
        read_extensions: More extensions that select this format for reading only
            (``.xml`` for TTML); not searched for in folders.
        in_folders: A folder that is a source of many results is searched for this format's
            :attr:`extensions` (plain text opts out: a folder of calls often holds notes).
        media_type: The MIME type of the output.
        options_model: The writer's options (:class:`NoOptions` when it has none).
        caption_body: A caption body (SRT, WebVTT, TTML, text): what the alternate formats of
            a transcript-only response hold, and what is estimated from cue times on reading.
    """

    name: ClassVar[str] = ""
    aliases: ClassVar[tuple[str, ...]] = ()
    extensions: ClassVar[tuple[str, ...]] = ()
    read_extensions: ClassVar[tuple[str, ...]] = ()
    in_folders: ClassVar[bool] = True
    media_type: ClassVar[str] = "text/plain"
    options_model: ClassVar[type[BaseModel]] = NoOptions
    caption_body: ClassVar[bool] = False

    # --- what it can do ---------------------------------------------------------------------

    @property
    def readable(self) -> bool:
        """The format has a reader (its class overrides :meth:`read`)."""
        return type(self).read is not Format.read

    @property
    def writable(self) -> bool:
        """The format has a writer (its class overrides :meth:`lines`)."""
        return type(self).lines is not Format.lines

    @property
    def folder_extensions(self) -> tuple[str, ...]:
        """Extensions of this format's files in a folder of results (see the class doc)."""
        return self.extensions if self.readable and self.in_folders else ()

    # --- reading ----------------------------------------------------------------------------

    #: What :meth:`sniff` looks for, for messages (``"an SRT timing line"``):
    #: when a format was guessed from the content and the body then fails to read, the
    #: error says why that format was guessed.
    sniff_evidence: str = ""

    def sniff(self, head: str) -> int:
        """How sure the format is that a body starting with ``head`` is its own.

        Args:
            head: The first 64 KiB of the body, decoded leniently (BOM, UTF-8, UTF-16, else
                Windows-1252), ``\\n`` line ends.

        Returns:
            A score: :data:`CERTAIN`, :data:`LIKELY`, :data:`POSSIBLE`, :data:`FALLBACK` or
            :data:`NO`.
        """
        return NO

    def read(
        self,
        data: bytes | str,
        path_name: str | None = None,
        *,
        speakers: dict[str, str] | None = None,
    ) -> Media:
        """Read a body of this format.

        Args:
            data: The body as read from the source (bytes of a file, or text).
            path_name: The file name, for error messages (``call.srt:14: ...``).
            speakers: Speaker id → name, for results that name speakers by id (RingCentral).

        Raises:
            InvalidInputError: the body is malformed, naming the line or field.
        """
        raise NotImplementedError(f"the {self.name} format has no reader")

    # --- writing ----------------------------------------------------------------------------

    def make_options(self, options: Any = None) -> Any:
        """Validate ``options`` (model instance, dict or ``None``) into :attr:`options_model`.

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
        raise NotImplementedError(f"the {self.name} format has no writer")

    def render(self, media: Any, options: Any = None) -> str:
        """The whole output as one string."""
        resolved = self.make_options(options)
        with gc_paused():
            return "".join(self.lines(media, resolved))

    def save(self, media: Any, path: str | os.PathLike[str], options: Any = None) -> None:
        """Write atomically to ``path`` as UTF-8 (temporary file in the same folder + rename)."""
        resolved = self.make_options(options)
        with (
            atomic_path(path) as temporary,
            open(temporary, "w", encoding="utf-8", newline="") as stream,
            gc_paused(),
        ):
            for chunk in self.lines(media, resolved):
                stream.write(chunk)

    def __repr__(self) -> str:
        return f"<format {self.name}>"


# the cue lists the caption formats build while collect_cues() is active (None: not collecting)
_BUILT: ContextVar[list[CueList] | None] = ContextVar("vbformats_built_cues", default=None)


@contextmanager
def collect_cues() -> Iterator[list[CueList]]:
    """Within the block, every :class:`CueList` a caption format builds to write is appended to
    the list yielded, so a caller of ``render``/``save`` can see the limits the words made
    impossible (``cues.violations``) without building the cues twice. The output is not
    changed."""
    built: list[CueList] = []
    token = _BUILT.set(built)
    try:
        yield built
    finally:
        _BUILT.reset(token)


class CaptionFormat(Format):
    """A timed-caption format (SRT, WebVTT, DFXP): serialises the cues of
    :func:`vbformats.captions.build_cues`.

    :attr:`options_model` subclasses :class:`~vbformats.captions.CaptionOptions`, so every
    caption limit is an option of every caption format. A format that shows speaker labels in
    the text returns its :class:`~vbformats.captions.LabelPolicy` from :meth:`label_policy`
    (the cues are then planned with room for them); one that marks speakers up returns
    ``None``.
    """

    options_model: ClassVar[type[BaseModel]] = CaptionOptions
    caption_body: ClassVar[bool] = True

    def label_policy(self, options: Any) -> LabelPolicy | None:
        """The label placement for these options (``None``: speakers are not in the text)."""
        return None

    def cues(self, media: Any, options: Any = None) -> CueList:
        """The cues this format would write, with their ``violations`` report.

        Raises:
            InvalidInputError: bad options, or ``media`` is not a Media / WordTable / turns.
        """
        return self._cues(media, self.make_options(options))

    def _cues(self, media: Any, options: Any) -> CueList:
        cues = build_cues(media, options, labels=self.label_policy(options) or False)
        sink = _BUILT.get()
        if sink is not None:
            sink.append(cues)
        return cues
