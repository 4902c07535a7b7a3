"""ASS / SSA subtitles for video editors (``ass``, ``ass-karaoke``), written through pysubs2.

`pysubs2 <https://pypi.org/project/pysubs2/>`_ (the ``ass`` extra) writes the file: script
info, one ``Default`` style, one ``Dialogue`` event per cue with the speaker in the event's
``Name`` field and ``\\N`` between lines. ``ass-karaoke`` adds a ``{\\kNN}`` tag before each word:
its duration in centiseconds, from the word's start to the next word's start (the last word to
the cue's end), with a silent ``{\\kNN}`` first when the first word starts after the cue, so the
highlight follows the speech; the durations of a cue always add up to the cue's length.

ASS has no escape every renderer honours for ``{``, ``}`` and ``\\`` in text (they start
override tags): the writer shows them as the full-width look-alikes ``｛`` ``｝`` ``＼``
(:func:`ass_text`), so a word can never become a tag. Times are pysubs2's (centiseconds in the
file, rounded by it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from pydantic import Field

from vbformats.captions import CaptionOptions
from vbformats.errors import require
from vbformats.formats.base import CaptionFormat
from vbformats.formats.wordtiming import Piece, timed_lines, word_table

__all__ = ["FORMAT", "AssFormat", "AssKaraokeFormat", "AssOptions", "ass_text"]

_LOOKALIKE = str.maketrans({"{": "｛", "}": "｝", "\\": "＼"})


def ass_text(text: str) -> str:
    """Text safe in an ASS event: ``{`` ``}`` ``\\`` as full-width look-alikes."""
    return text.translate(_LOOKALIKE)


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
        for cue in self._cues(media, resolved):
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
                    name=ass_text(cue.speaker or ""),
                    style="Default",
                )
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
    # centiseconds of each boundary from the cue start, rounded once, so durations add up
    marks = [round((bound - cue.start_ms) / 10) for bound in bounds]
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
