"""ASS / SSA subtitles for video editors (``ass``, ``ass-karaoke``), written through pysubs2.

`pysubs2 <https://pypi.org/project/pysubs2/>`_ (the ``ass`` extra) writes the file: script
info, one ``Default`` style, one ``Dialogue`` event per cue with the speaker in the event's
``Name`` field and ``\\N`` between lines. ``ass-karaoke`` adds a ``{\\kNN}`` tag before each word:
its duration in centiseconds, from the word's start to the next word's start (the last word to
the cue's end), with a silent ``{\\kNN}`` first when the first word starts after the cue, so the
highlight follows the speech; the durations of an event add up to its length in the file.

ASS has no escape every renderer honours for ``{``, ``}`` and ``\\`` in text (they start
override tags): the writer shows them as the full-width look-alikes ``｛`` ``｝`` ``＼``
(:func:`ass_text`), so a word can never become a tag; a speaker name also has ``,`` (the field
separator) as ``，`` (:func:`ass_name`). Times are centiseconds in the file (rounded half up,
as pysubs2 and Aegisub do); the clock ends at 9:59:59.99 (:data:`MAX_ASS_MS`): a cue after that is
written ending then, with a :class:`~vbformats.errors.LossyConversionWarning`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, ClassVar

from pydantic import Field

from vbformats.captions import CaptionOptions, clean_text
from vbformats.errors import LossyConversionWarning, require
from vbformats.formats.base import CaptionFormat
from vbformats.formats.wordtiming import Piece, timed_lines, word_table

__all__ = [
    "FORMAT",
    "MAX_ASS_MS",
    "AssFormat",
    "AssKaraokeFormat",
    "AssOptions",
    "ass_name",
    "ass_text",
]

#: The latest time an ASS file can hold (9:59:59.99, the ``H:MM:SS.cc`` clock), ms.
MAX_ASS_MS = 10 * 3600 * 1000 - 10

_LOOKALIKE = str.maketrans({"{": "｛", "}": "｝", "\\": "＼"})
_NAME_LOOKALIKE = str.maketrans({"{": "｛", "}": "｝", "\\": "＼", ",": "，"})


def ass_text(text: str) -> str:
    """Text safe in an ASS event: ``{`` ``}`` ``\\`` as full-width look-alikes."""
    return text.translate(_LOOKALIKE)


def ass_name(speaker: str | None) -> str:
    """A speaker name safe in the ``Name`` field: cleaned, and ``,`` (the field separator)
    written as the full-width ``，`` as well."""
    return clean_text(speaker).translate(_NAME_LOOKALIKE) if speaker else ""


class AssOptions(CaptionOptions):
    """ASS options: every :class:`~vbformats.captions.CaptionOptions` field, plus these."""

    play_res_x: int = Field(1920, ge=16, le=16384, description="PlayResX: script width, pixels.")
    play_res_y: int = Field(1080, ge=16, le=16384, description="PlayResY: script height, pixels.")
    font_size: int = Field(
        54, ge=4, le=512, description="Font size of the Default style, script pixels."
    )


class AssFormat(CaptionFormat):
    """Advanced SubStation Alpha ``.ass``: one event per cue, the speaker as its name."""

    name = "ass"
    aliases: ClassVar[tuple[str, ...]] = ("ssa", "substation")
    extensions: ClassVar[tuple[str, ...]] = (".ass", ".ssa")
    media_type = "text/x-ssa"
    options_model = AssOptions
    karaoke = False

    def lines(self, media: Any, options: Any) -> Iterator[str]:
        """Yield the whole file (pysubs2 serialises it in one go)."""
        yield self.document(media, options)

    def document(self, media: Any, options: Any = None) -> str:
        """The ASS file as text."""
        require("pysubs2", "ass", "ASS/SSA output")
        import pysubs2

        resolved = self.make_options(options)
        subs = pysubs2.SSAFile()
        subs.info["PlayResX"] = str(resolved.play_res_x)
        subs.info["PlayResY"] = str(resolved.play_res_y)
        subs.info["WrapStyle"] = "2"  # lines break only at \N: ours are already wrapped
        subs.styles["Default"] = pysubs2.SSAStyle(fontsize=resolved.font_size)
        table = word_table(media)
        clipped = 0
        for cue in self._cues(media, resolved):
            if cue.end_ms > MAX_ASS_MS:
                # the clock has one hour digit: later cues are kept, at the latest time
                clipped += 1
                cue = replace(cue, start_ms=min(cue.start_ms, MAX_ASS_MS), end_ms=MAX_ASS_MS)
            if self.karaoke:
                lines = timed_lines(cue, table)
                text = _karaoke(cue, lines)
            else:
                text = "\\N".join(ass_text(line) for line in cue.lines)
            subs.events.append(
                pysubs2.SSAEvent(
                    start=cue.start_ms,
                    end=cue.end_ms,
                    text=text,
                    name=ass_name(cue.speaker),
                    style="Default",
                )
            )
        if clipped:
            warnings.warn(
                LossyConversionWarning(
                    f"{clipped} cue(s) end after 9:59:59.99, the latest time ASS can write: "
                    "written ending then"
                ),
                stacklevel=2,
            )
        document: str = subs.to_string("ass")
        return document


def _karaoke(cue: Any, lines: list[list[Piece]]) -> str:
    """Event text with a ``{\\k}`` before each timed word; durations sum to the cue's."""
    starts = [p.start_ms for pieces in lines for p in pieces if p.start_ms is not None]
    # the boundaries of the highlight: each timed word starts one (clipped to the cue, never
    # going back), the cue's end closes the last
    bounds: list[int] = []
    last = cue.start_ms
    for start in starts:
        last = min(max(start, last), cue.end_ms)
        bounds.append(last)
    bounds.append(cue.end_ms)
    # centiseconds of each boundary from the cue start, rounded as the file's times are
    # (pysubs2 and Aegisub: half up), so the durations add up to the event's length exactly
    start_cs = (cue.start_ms + 5) // 10
    marks = [(bound + 5) // 10 - start_cs for bound in bounds]
    out = []
    if marks and marks[0] > 0:
        out.append(f"{{\\k{marks[0]}}}")
    word = 0
    for number, pieces in enumerate(lines):
        if number:
            out.append("\\N")
        for piece in pieces:
            out.append(ass_text(piece.sep))
            if piece.start_ms is not None:
                out.append(f"{{\\k{marks[word + 1] - marks[word]}}}")
                word += 1
            out.append(ass_text(piece.text))
    return "".join(out)


class AssKaraokeFormat(AssFormat):
    """``.karaoke.ass``: the ASS events with a ``{\\k}`` karaoke tag per word (registered by
    :mod:`vbformats.formats.ass_karaoke`)."""

    name = "ass-karaoke"
    aliases = ("karaoke", "ass_karaoke")
    extensions = (".karaoke.ass",)
    karaoke = True


FORMAT = AssFormat()
