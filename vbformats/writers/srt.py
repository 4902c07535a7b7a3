"""SRT (SubRip) captions.

Each cue is a number (from 1), a ``HH:MM:SS,mmm --> HH:MM:SS,mmm`` line, its text lines and a
blank line. Speakers are shown as a ``Name: `` label at the start of the first cue of every turn,
as VoiceBase does, and also on any cue whose speaker differs from the previous cue's (in stereo
overtalk a turn's cues can be interleaved with the other speaker's; the label keeps every cue
attributable, to viewers and to SRT readers). The label's width counts against
``max_chars_per_line``. A dialogue cue (``overlap="merge"``) labels each line: ``- Agent: Hi``.

SRT has no escaping: text is written as cleaned by :func:`vbformats.captions.clean_text`
(no newline, no control character, no blank line can appear inside a cue). Hours past 99 are
written with as many digits as they need.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import Field

from vbformats.captions import CaptionOptions
from vbformats.timing import format_srt
from vbformats.writers.base import CaptionWriter, memoized_clock

__all__ = ["WRITER", "SrtOptions", "SrtWriter"]


class SrtOptions(CaptionOptions):
    """SRT options: every :class:`~vbformats.captions.CaptionOptions` field, plus ``labels``."""

    labels: bool = Field(
        True,
        description="Start a speaker's cue with 'Name: ' (first cue of a turn, and after "
        "another speaker's cue). Mono transcripts have no names and get no labels.",
    )


class SrtWriter(CaptionWriter):
    """SubRip ``.srt``: numbered cues, ``HH:MM:SS,mmm`` times, ``Name: `` labels."""

    name = "srt"
    aliases = ("subrip",)
    extensions = (".srt",)
    media_type = "text/srt"
    options_model = SrtOptions
    labels_option = "labels"

    def lines(self, media: Any, options: Any) -> Iterator[str]:
        """Yield the cues, a batch of cues per chunk."""
        cues = self._cues(media, options)
        clock = memoized_clock(format_srt)
        texts = ["\n".join(lines) for lines in cues.displayed()]
        starts = [clock(cue.start_ms) for cue in cues]
        ends = [clock(cue.end_ms) for cue in cues]
        for first in range(0, len(cues), _BATCH):
            last = first + _BATCH
            yield "".join(
                [
                    f"{number}\n{start} --> {end}\n{text}\n\n"
                    for number, start, end, text in zip(
                        range(first + 1, last + 1),
                        starts[first:last],
                        ends[first:last],
                        texts[first:last],
                        strict=False,
                    )
                ]
            )


_BATCH = 2000  # cues per chunk: few generator steps, bounded chunk size for save()


WRITER = SrtWriter()
