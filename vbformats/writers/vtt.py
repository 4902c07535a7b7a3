"""WebVTT captions (``vtt``, alias ``webvtt``).

``WEBVTT`` header, then cues: an optional number, ``HH:MM:SS.mmm --> HH:MM:SS.mmm`` (hours
always written, any number of hour digits), the text. The speaker is a voice span on every cue,
``<v Agent>Hello``; a dialogue cue (``overlap="merge"``) has one closed voice span per line,
``<v Agent>- Hi</v>``. Mono transcripts have no voice spans.

Text and voice names are escaped (``&`` ``<`` ``>`` as ``&amp;`` ``&lt;`` ``&gt;``), so a cue can
never contain ``-->`` or a tag that was a word; words are cleaned by
:func:`vbformats.captions.clean_text`, so a cue never contains a blank line or a control
character.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import Field

from vbformats.captions import CaptionOptions, clean_text
from vbformats.timing import format_vtt
from vbformats.writers.base import CaptionWriter, memoized_clock

__all__ = ["WRITER", "VttOptions", "VttWriter", "escape_vtt"]


def escape_vtt(text: str) -> str:
    """Escape WebVTT cue text: ``&`` → ``&amp;``, ``<`` → ``&lt;``, ``>`` → ``&gt;``."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


class VttOptions(CaptionOptions):
    """WebVTT options: every :class:`~vbformats.captions.CaptionOptions` field, plus these."""

    cue_numbers: bool = Field(
        True, description="Write a cue identifier (1, 2, 3 …) before each cue's timing line."
    )


class VttWriter(CaptionWriter):
    """W3C WebVTT ``.vtt``: ``<v Name>`` voice spans, escaped text."""

    name = "vtt"
    aliases = ("webvtt",)
    extensions = (".vtt", ".webvtt")
    media_type = "text/vtt"
    options_model = VttOptions

    def lines(self, media: Any, options: Any) -> Iterator[str]:
        """Yield the header, then one chunk per cue."""
        clock = memoized_clock(format_vtt)
        voices: dict[str | None, str] = {None: ""}
        numbers = options.cue_numbers
        yield "WEBVTT\n\n"
        for number, cue in enumerate(self._cues(media, options), 1):
            if cue.line_speakers is None:
                voice = voices.get(cue.speaker)
                if voice is None:
                    voice = voices[cue.speaker] = _voice(cue.speaker)
                text = voice + escape_vtt("\n".join(cue.lines))
            else:
                parts = []
                for line, speaker in zip(cue.lines, cue.line_speakers, strict=False):
                    voice = voices.get(speaker)
                    if voice is None:
                        voice = voices[speaker] = _voice(speaker)
                    parts.append(f"{voice}{escape_vtt(line)}</v>" if voice else escape_vtt(line))
                text = "\n".join(parts)
            head = f"{number}\n" if numbers else ""
            yield f"{head}{clock(cue.start_ms)} --> {clock(cue.end_ms)}\n{text}\n\n"


def _voice(speaker: str | None) -> str:
    """``<v Name>`` for a speaker, ``""`` when it has no displayable name."""
    name = clean_text(speaker) if speaker is not None else ""
    return f"<v {escape_vtt(name)}>" if name else ""


WRITER = VttWriter()
