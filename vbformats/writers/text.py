"""Plain text: one paragraph per speaker turn, ``Agent: Hi this is …``.

Turns come from :func:`vbformats.turns` in time order; a paragraph is the turn's words with
punctuation attached, prefixed by ``Name: `` (mono transcripts have no names and no labels).
Paragraphs are separated by a blank line, or, with ``one_line``, written on a single line
separated by spaces (VoiceBase's own plain-text layout). Text is cleaned by
:func:`vbformats.captions.clean_text`, so a newline inside a word cannot split a paragraph.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from vbformats.captions import clean_text
from vbformats.timing import format_vtt
from vbformats.turns import turns
from vbformats.writers.base import Writer

__all__ = ["WRITER", "TextOptions", "TextWriter"]


class TextOptions(BaseModel):
    """Plain-text options. Frozen; unknown fields are refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    labels: bool = Field(True, description="Start each paragraph with 'Name: '.")
    one_line: bool = Field(False, description="Write every turn on one line, separated by spaces.")
    timestamps: bool = Field(
        False, description="Start each paragraph with its start time, '[HH:MM:SS.mmm] '."
    )
    include_dtmf: bool = Field(False, description="Include DTMF (keypad tone) tokens as words.")


class TextWriter(Writer):
    """Plain text ``.txt``: a paragraph per turn."""

    name = "text"
    aliases = ("txt", "plain")
    extensions = (".txt",)
    media_type = "text/plain"
    options_model = TextOptions

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
                label = labels[turn.speaker] = f"{name}: " if name else ""
            stamp = f"[{format_vtt(turn.start_ms)}] " if options.timestamps else ""
            yield f"{separator if started else ''}{stamp}{label}{text}"
            started = True
        if started:
            yield "\n"


WRITER = TextWriter()
