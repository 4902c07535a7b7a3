"""Plain text: a paragraph per speaker turn, ``Agent: Hi this is …`` (reader and writer).

**Writing.** Turns come from :func:`vbformats.turns` in time order; a paragraph is the turn's
words with punctuation attached, prefixed by ``Name: `` (mono transcripts have no names and no
labels). Paragraphs are separated by a blank line, or, with ``one_line``, written on a single
line separated by spaces (VoiceBase's own plain-text layout). Text is cleaned by
:func:`vbformats.captions.clean_text`, so a newline inside a word cannot split a paragraph.

**Reading.** Plain text has no times: words are laid out on a nominal timeline of
:data:`TEXT_MS_PER_CHAR` ms per character with :data:`TEXT_PARAGRAPH_GAP_MS` between paragraphs
(marked estimated); ``Name: `` labels (:mod:`vbformats.formats.labels`) give the speakers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from vbformats.captions import clean_text
from vbformats.formats.base import FALLBACK, Format
from vbformats.formats.cuebody import CueBlock, blocks, read_cues, segments_from_lines
from vbformats.formats.labels import escape_line, label_text
from vbformats.models.media import Media
from vbformats.timing import format_vtt
from vbformats.turns import turns

__all__ = ["FORMAT", "TEXT_MS_PER_CHAR", "TEXT_PARAGRAPH_GAP_MS", "TextFormat", "TextOptions"]

#: Nominal pace used to lay out plain text, which has no times (≈ 14 characters per second).
TEXT_MS_PER_CHAR = 70
#: Silence inserted between paragraphs of plain text, in ms.
TEXT_PARAGRAPH_GAP_MS = 500


def parse_text(text: str, path_name: str | None) -> list[CueBlock]:
    """Paragraphs (and each labelled segment in them) as cues on the nominal timeline."""
    cues: list[CueBlock] = []
    clock = 0
    for first, lines in blocks(text):
        segments, _ = segments_from_lines([(None, line) for line in lines])
        chars = sum(len(s.text) + 1 for s in segments)
        if not any(s.text.strip() for s in segments):
            continue
        start = clock
        end = start + chars * TEXT_MS_PER_CHAR
        # each labelled segment gets its own span, in proportion to its length
        for segment in segments:
            length = (len(segment.text) + 1) * TEXT_MS_PER_CHAR
            cues.append(CueBlock(start, start + length, [segment], first, False, len(cues)))
            start += length
        clock = end + TEXT_PARAGRAPH_GAP_MS
    return cues


class TextOptions(BaseModel):
    """Plain-text options. Frozen; unknown fields are refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    labels: bool = Field(True, description="Start each paragraph with 'Name: '.")
    one_line: bool = Field(False, description="Write every turn on one line, separated by spaces.")
    timestamps: bool = Field(
        False, description="Start each paragraph with its start time, '[HH:MM:SS.mmm] '."
    )
    include_dtmf: bool = Field(False, description="Include DTMF (keypad tone) tokens as words.")


class TextFormat(Format):
    """Plain text ``.txt``: a paragraph per turn."""

    name = "text"
    aliases = ("txt", "plain")
    extensions = (".txt",)
    media_type = "text/plain"
    caption_body = True
    in_folders = False  # a folder of calls often holds notes: .txt files are not results
    options_model = TextOptions

    def sniff(self, head: str) -> int:
        """:data:`FALLBACK` for anything: plain text is the last resort of detection."""
        return FALLBACK

    def read(
        self,
        data: bytes | str,
        path_name: str | None = None,
        *,
        speakers: dict[str, str] | None = None,
    ) -> Media:
        """Read plain text: a paragraph per turn, laid out on a nominal timeline."""
        return read_cues(data, path_name, parse_text, self.name)

    def lines(self, media: Any, options: Any) -> Iterator[str]:
        """Yield one chunk per turn."""
        separator = " " if options.one_line else "\n\n"
        labels: dict[str | None, str] = {None: ""}
        started = False
        for turn in turns(media, include_dtmf=options.include_dtmf):
            text = clean_text(turn.text)
            if not text:
                continue
            label = labels.get(turn.speaker)
            if label is None:
                name = clean_text(turn.speaker) if options.labels and turn.speaker else ""
                shown = label_text(name)
                label = labels[turn.speaker] = f"{shown}: " if shown else ""
            if not label:  # a paragraph that starts "Answer: ..." is no label: escape it
                text = escape_line(text)
            stamp = f"[{format_vtt(turn.start_ms)}] " if options.timestamps else ""
            yield f"{separator if started else ''}{stamp}{label}{text}"
            started = True
        if started:
            yield "\n"


FORMAT = TextFormat()
