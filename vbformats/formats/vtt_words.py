"""WebVTT with a timestamp before every word (``vtt-words``): a writer only.

The same cues as :mod:`vbformats.formats.webvtt` (same options, voices and escaping), with a
WebVTT *cue timestamp* ``<00:00:01.250>`` before each word after the first, so a player can
light the words up as they are spoken (karaoke). The timestamps are valid where peers' are not:
each is strictly greater than the cue's start and the one before it and strictly less than the
cue's end, written by :func:`vbformats.timing.format_vtt` (hours always, never ``:60``); a word
that cannot get a valid one (it starts with the previous word, or after the cue ended) gets
none (:mod:`vbformats.formats.wordtiming`). ``--karaoke-style`` adds a ``STYLE`` block
(``::cue(:past)`` / ``::cue(:future)``) that dims the words still to come.

A separate format rather than an option of ``vtt`` so that ``vtt`` stays what every reader and
the golden files expect, and so that ``.words.vtt`` selects it by extension. Reading a
``.words.vtt`` back is the ``vtt`` reader's job (it drops the timestamps).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import Field

from vbformats.formats.base import CaptionFormat
from vbformats.formats.labels import safe_lines
from vbformats.formats.webvtt import VttOptions, _voice, escape_vtt
from vbformats.formats.wordtiming import Piece, cue_timestamps, timed_lines, word_table
from vbformats.models.words import WordTable
from vbformats.timing import format_vtt, memoized_clock

__all__ = ["FORMAT", "KARAOKE_STYLE", "VttWordsFormat", "VttWordsOptions"]

#: The STYLE block of ``karaoke_style``: spoken words white, words to come grey.
KARAOKE_STYLE = (
    "STYLE\n::cue(:past) {\n  color: #ffffff;\n}\n::cue(:future) {\n  color: #9e9e9e;\n}\n\n"
)


class VttWordsOptions(VttOptions):
    """Word-timed WebVTT options: every ``vtt`` option, plus these."""

    karaoke_style: bool = Field(
        False,
        description="Write a STYLE block that shows words still to come (::cue(:future)) grey "
        "and words already spoken (::cue(:past)) white.",
    )


class VttWordsFormat(CaptionFormat):
    """WebVTT ``.words.vtt`` with a cue timestamp before each word."""

    name = "vtt-words"
    aliases = ("webvtt-words", "vtt_words")
    extensions = (".words.vtt",)
    media_type = "text/vtt"
    options_model = VttWordsOptions

    def lines(self, media: Any, options: Any) -> Iterator[str]:
        """Yield the header (and style), then one chunk per cue."""
        clock = memoized_clock(format_vtt)
        table = word_table(media)
        voices: dict[str | None, str] = {None: ""}

        def voice_of(speaker: str | None) -> str:
            found = voices.get(speaker)
            if found is None:
                found = voices[speaker] = _voice(speaker)
            return found

        yield "WEBVTT\n\n"
        if options.karaoke_style:
            yield KARAOKE_STYLE
        for number, cue in enumerate(self._cues(media, options), 1):
            if cue.line_speakers is None:
                voice = voice_of(cue.speaker)
                shown = safe_lines(cue.lines, labels=not voice)
                text = voice + "\n".join(_timed(cue, table, shown, clock))
            else:
                voices_of = [voice_of(speaker) for speaker in cue.line_speakers]
                shown = [
                    safe_lines([line], dialogue=True, labels=not voice)[0]
                    for line, voice in zip(cue.lines, voices_of, strict=False)
                ]
                rendered = _timed(cue, table, shown, clock)
                text = "\n".join(
                    f"{voice}{line}</v>" if voice else line
                    for line, voice in zip(rendered, voices_of, strict=False)
                )
            head = f"{number}\n" if options.cue_numbers else ""
            yield f"{head}{clock(cue.start_ms)} --> {clock(cue.end_ms)}\n{text}\n\n"


def _timed(cue: Any, table: WordTable, shown: list[str], clock: Any) -> list[str]:
    """The lines of ``cue`` with a timestamp before each timed word (escaped for WebVTT)."""
    lines = timed_lines(cue, table, shown)
    stamps = cue_timestamps(cue, lines)
    return [_line(pieces, row, clock) for pieces, row in zip(lines, stamps, strict=True)]


def _line(pieces: list[Piece], stamps: list[int | None], clock: Any) -> str:
    return "".join(
        f"{piece.sep}<{clock(stamp)}>{escape_vtt(piece.text)}"
        if stamp is not None
        else piece.sep + escape_vtt(piece.text)
        for piece, stamp in zip(pieces, stamps, strict=True)
    )


FORMAT = VttWordsFormat()
