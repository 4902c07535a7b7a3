"""WebVTT captions (``vtt``, alias ``webvtt``): reader and writer.

**Writing.** ``WEBVTT`` header, then cues: an optional number, ``HH:MM:SS.mmm --> HH:MM:SS.mmm``
(hours always written, any number of hour digits), the text. The speaker is a voice span on every
cue, ``<v Agent>Hello``; a dialogue cue (``overlap="merge"``) has one closed voice span per line,
``<v Agent>- Hi</v>``. Mono transcripts have no voice spans. Text and voice names are escaped
(``&`` ``<`` ``>`` as ``&amp;`` ``&lt;`` ``&gt;``), so a cue can never contain ``-->`` or a tag
that was a word; words are cleaned by :func:`vbformats.captions.clean_text`, so a cue never
contains a blank line or a control character.

**Reading.** One pass of our own (the parser of record, see the README's dependency table):
cue blocks with an optional identifier, timing lines with or without hours and with cue
settings, ``<v Name>`` voices (also per line), the cue text tags (``<c>``, ``<i>``, ``<b>``,
``<u>``, ``<ruby>``, ``<rt>``, ``<lang>``, timestamps) dropped, character references decoded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import Field

from vbformats.captions import CaptionOptions, clean_text
from vbformats.errors import InvalidInputError
from vbformats.formats import cuebody
from vbformats.formats.base import LIKELY, NO, CaptionFormat
from vbformats.formats.cuebody import CueBlock
from vbformats.formats.labels import safe_lines
from vbformats.models.media import Media
from vbformats.timing import format_vtt, memoized_clock

__all__ = ["FORMAT", "VttFormat", "VttOptions", "escape_vtt"]

# WebVTT cue text tags: c, i, b, u, ruby, rt, v, lang and timestamps
_VTT_TAG = re.compile(r"</?(?:c|i|b|u|ruby|rt|v|lang)(?:[.\s][^>]*)?>|<\d[\d:.]*>", re.IGNORECASE)
_VOICE = re.compile(r"^\s*(?P<dash>-\s*)?<v(?:\.[^\s>]*)?(?:\s+(?P<name>[^>]*))?>")


def parse_vtt(text: str, path_name: str | None) -> list[CueBlock]:
    """The cues of a decoded WebVTT body, in file order (``NOTE``, ``STYLE`` and ``REGION``
    blocks skipped; a missing ``WEBVTT`` header tolerated).

    Raises:
        InvalidInputError: a block that is not a cue, a timing line that does not parse, a
            missing blank line after the header; the path names the file and line.
    """
    offset = 0  # lines added in front of the caller's text (for line numbers)
    if not text.lstrip().startswith("WEBVTT"):
        text = "WEBVTT\n\n" + text
        offset = 2
    cues: list[CueBlock] = []
    for first, lines in cuebody.blocks(text):
        first -= offset
        if lines[0].startswith("WEBVTT"):
            if any("-->" in line for line in lines):
                raise InvalidInputError(
                    cuebody.where(path_name, first),
                    "a blank line is missing after the WEBVTT header",
                )
            continue
        head = lines[0].split(maxsplit=1)[0] if lines[0].split() else ""
        if head in ("NOTE", "STYLE", "REGION"):
            continue
        timing_at = next((i for i, line in enumerate(lines[:2]) if "-->" in line), None)
        if timing_at is None:
            raise InvalidInputError(
                cuebody.where(path_name, first),
                f"expected a cue (optional id, then a timing line), got {lines[0].strip()[:60]!r}",
            )
        line_no = first + timing_at
        start, end, _ = cuebody.parse_timing(lines[timing_at], cuebody.where(path_name, line_no))
        cue_lines: list[tuple[str | None, str]] = []
        voice: str | None = None
        for raw in lines[timing_at + 1 :] or [""]:
            match = _VOICE.match(raw)
            if match is not None:
                voice = cuebody.unescape((match.group("name") or "").strip()) or None
                raw = (match.group("dash") or "") + raw[match.end() :]
            cue_lines.append((voice, cuebody.unescape(_VTT_TAG.sub("", raw))))
        segments, dialogue = cuebody.segments_from_lines(cue_lines)
        cues.append(CueBlock(start, end, segments, line_no, dialogue, len(cues)))
    return cues


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


class VttFormat(CaptionFormat):
    """W3C WebVTT ``.vtt``: ``<v Name>`` voice spans, escaped text."""

    name = "vtt"
    aliases = ("webvtt",)
    extensions = (".vtt", ".webvtt")
    media_type = "text/vtt"
    options_model = VttOptions

    sniff_evidence = "a WEBVTT header"

    def sniff(self, head: str) -> int:
        """:data:`LIKELY` for a body that starts with ``WEBVTT``."""
        return LIKELY if head.lstrip().startswith("WEBVTT") else NO

    def read(
        self,
        data: bytes | str,
        path_name: str | None = None,
        *,
        speakers: dict[str, str] | None = None,
    ) -> Media:
        """Read a WebVTT body (words' times estimated from the cues)."""
        return cuebody.read_cues(data, path_name, parse_vtt, self.name)

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
                # where a voice names the speaker, readers do not look for text labels
                text = voice + escape_vtt("\n".join(safe_lines(cue.lines, labels=not voice)))
            else:
                parts = []
                for line, speaker in zip(cue.lines, cue.line_speakers, strict=False):
                    voice = voices.get(speaker)
                    if voice is None:
                        voice = voices[speaker] = _voice(speaker)
                    (line,) = safe_lines([line], dialogue=True, labels=not voice)
                    parts.append(f"{voice}{escape_vtt(line)}</v>" if voice else escape_vtt(line))
                text = "\n".join(parts)
            head = f"{number}\n" if numbers else ""
            yield f"{head}{clock(cue.start_ms)} --> {clock(cue.end_ms)}\n{text}\n\n"


def _voice(speaker: str | None) -> str:
    """``<v Name>`` for a speaker, ``""`` when it has no displayable name."""
    name = clean_text(speaker) if speaker is not None else ""
    return f"<v {escape_vtt(name)}>" if name else ""


FORMAT = VttFormat()
