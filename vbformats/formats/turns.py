"""Speaker turns as JSON, in VoiceBase's ``transcript.turns`` shape (a writer only).

A JSON array, in time order, of ``{"speaker": "Agent", "text": "Hi, this is …", "s": 1420,
"e": 4260}``: speaker name (``null`` for mono), the turn's words with punctuation attached
(exactly as transcribed, not cleaned: JSON can carry any text), start and end in integer ms.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from vbformats.formats.base import Format
from vbformats.formats.json import json_text
from vbformats.turns import turns

__all__ = ["FORMAT", "TurnsFormat", "TurnsOptions"]


class TurnsOptions(BaseModel):
    """Turns JSON options. Frozen; unknown fields are refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    indent: int | None = Field(
        2, ge=0, le=16, description="Spaces per indentation level (0-16); None = one line."
    )
    include_dtmf: bool = Field(False, description="Include DTMF (keypad tone) tokens as words.")


class TurnsFormat(Format):
    """``[{speaker, text, s, e}, …]`` (``.turns.json``)."""

    name = "turns"
    aliases = ("turns-json", "turns_json")
    extensions = (".turns.json",)
    media_type = "application/json"
    options_model = TurnsOptions

    def lines(self, media: Any, options: Any) -> Iterator[str]:
        """Yield the array and a final newline."""
        rows = [turn.to_dict() for turn in turns(media, include_dtmf=options.include_dtmf)]
        yield json_text(rows, options.indent)
        yield "\n"


FORMAT = TurnsFormat()
