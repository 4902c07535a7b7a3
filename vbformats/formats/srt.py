"""SRT (SubRip) captions: reader and writer.

**Writing.** Each cue is a number (from 1), a ``HH:MM:SS,mmm --> HH:MM:SS,mmm`` line, its text
lines and a blank line. Speakers are shown as a ``Name: `` label at the start of the first cue of
every turn, as VoiceBase does, and also on any cue whose speaker differs from the previous cue's
(in stereo overtalk a turn's cues can be interleaved with the other speaker's; the label keeps
every cue attributable, to viewers and to SRT readers): the SRT rule of
:class:`~vbformats.captions.SpeakerLabels`, passed to the caption engine as its label policy. The
label's width counts against ``max_chars_per_line``. A dialogue cue (``overlap="merge"``) labels
each line: ``- Agent: Hi``. SRT has no escaping: text is written as cleaned by
:func:`vbformats.captions.clean_text` (no newline, no control character, no blank line can appear
inside a cue). Hours past 99 are written with as many digits as they need.

**Reading.** One pass of our own over the blank-line separated blocks (the parser of record, see
the README's dependency table): an optional cue number, a timing line (``,`` or ``.`` before the
fraction, 1–9 fraction digits, position coordinates after it), the text lines. The tags players
understand (``<i>``, ``<b>``, ``<u>``, ``<s>``, ``<font>``, ``{\\an8}`` overrides) are dropped,
character references ending in ``;`` decoded, ``Name: `` labels read as speakers
(:mod:`vbformats.formats.labels`). A text block without a timing line is an error naming its line
(players would silently drop it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import Field

from vbformats.captions import CaptionOptions, LabelPolicy, SpeakerLabels
from vbformats.errors import InvalidInputError
from vbformats.formats.base import NO, POSSIBLE, CaptionFormat
from vbformats.formats.cuebody import (
    CueBlock,
    blocks,
    parse_timing,
    read_cues,
    segments_from_lines,
    unescape,
    where,
)
from vbformats.formats.labels import label_text, safe_lines
from vbformats.models.media import Media
from vbformats.timing import format_srt, memoized_clock

__all__ = ["FORMAT", "SrtFormat", "SrtLabels", "SrtOptions"]

# tags an SRT player understands (anything else in angle brackets is text, e.g. "<3")
_SRT_TAG = re.compile(r"</?(?:b|i|u|s|font)(?:\s[^>]*)?>", re.IGNORECASE)
_OVERRIDE = re.compile(r"\{\\[^}]*\}")
# a timing line as SRT files write it (hours optional, "," or "." before the fraction), not any
# line with an arrow: source code and HTML comments hold "-->" too
_TIMING_LINE = re.compile(
    r"^[ \t]*(?:\d+:)?\d{1,2}:\d{2}(?:[,.]\d+)?[ \t]*-->[ \t]*(?:\d+:)?\d{1,2}:\d{2}",
    re.MULTILINE,
)
_BATCH = 2000  # cues per chunk: few generator steps, bounded chunk size for save()


class SrtOptions(CaptionOptions):
    """SRT options: every :class:`~vbformats.captions.CaptionOptions` field, plus ``labels``."""

    labels: bool = Field(
        True,
        description="Start a speaker's cue with 'Name: ' (first cue of a turn, and after "
        "another speaker's cue). Mono transcripts have no names and get no labels.",
    )


def _clean_markup(line: str) -> str:
    # SRT players accept a few HTML tags (<i>, <b>, <u>, <font>) and {\an8}-style ASS overrides
    return unescape(_OVERRIDE.sub("", _SRT_TAG.sub("", line)))


def parse_srt(text: str, path_name: str | None) -> list[CueBlock]:
    """The cues of a decoded SRT body, in file order.

    Raises:
        InvalidInputError: a block without a timing line, a timing line that does not parse, a
            cue ending before it starts; the path names the file and line.
    """
    cues: list[CueBlock] = []
    for first, lines in blocks(text):
        timing_at = next((i for i, line in enumerate(lines[:2]) if "-->" in line), None)
        if timing_at is None:
            hint = ""
            if first == 1 and lines[0].startswith("WEBVTT"):
                hint = " (the file starts with WEBVTT: read it as vtt)"
            raise InvalidInputError(
                where(path_name, first),
                f"expected a cue number and a timing line, got {lines[0].strip()[:60]!r}{hint}",
            )
        line_no = first + timing_at
        start, end, _ = parse_timing(lines[timing_at], where(path_name, line_no))
        body = lines[timing_at + 1 :] or [""]
        segments, dialogue = segments_from_lines([(None, _clean_markup(line)) for line in body])
        cues.append(CueBlock(start, end, segments, line_no, dialogue, len(cues)))
    return cues


class SrtLabels(SpeakerLabels):
    """:class:`~vbformats.captions.SpeakerLabels` with names in the label grammar of
    :mod:`vbformats.formats.labels`, so that every name reads back (``[Mary Ann Van Dyke]:``)."""

    def name(self, speaker: str | None) -> str | None:
        """The speaker's label text: plain, or bracketed when the plain form cannot hold it."""
        return label_text(super().name(speaker))


class SrtFormat(CaptionFormat):
    """SubRip ``.srt``: numbered cues, ``HH:MM:SS,mmm`` times, ``Name: `` labels."""

    name = "srt"
    aliases = ("subrip",)
    extensions = (".srt",)
    media_type = "text/srt"
    options_model = SrtOptions

    sniff_evidence = "an SRT timing line (00:00:01,000 --> 00:00:02,000)"

    def sniff(self, head: str) -> int:
        """:data:`POSSIBLE` when some line is a timing line (``00:00:01,000 --> ...``)."""
        return POSSIBLE if _TIMING_LINE.search(head) else NO

    def read(
        self,
        data: bytes | str,
        path_name: str | None = None,
        *,
        speakers: dict[str, str] | None = None,
    ) -> Media:
        """Read an SRT body (words' times estimated from the cues)."""
        return read_cues(data, path_name, parse_srt, self.name)

    def label_policy(self, options: Any) -> LabelPolicy | None:
        """SRT's speaker labels, unless ``labels=False``."""
        return SrtLabels() if options.labels else None

    def lines(self, media: Any, options: Any) -> Iterator[str]:
        """Yield the cues, a batch of cues per chunk."""
        cues = self._cues(media, options)
        clock = memoized_clock(format_srt)
        texts = [
            "\n".join(safe_lines(lines, cue.line_labels, cue.line_speakers is not None))
            for cue, lines in zip(cues, cues.displayed(), strict=True)
        ]
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


FORMAT = SrtFormat()
