"""The words of each caption line with their times: what the word-level writers share.

The caption engine cuts cues and wraps lines (:mod:`vbformats.captions`); a cue keeps the
indices of the tokens it shows (``Cue.token_indices``). A line's text is its tokens' display
text (:func:`vbformats.captions.clean_text`), a space before each word and none before
punctuation. :func:`timed_lines` walks the tokens again and rebuilds each line piece by piece:
a piece is one word (or keypad tone) with the punctuation attached after it, and carries the
word's ``[start_ms, end_ms)``. A line the walk does not rebuild exactly (the writers changed
it: a dialogue dash, an escaped label colon) comes back as one untimed piece, so a writer can
never lose or reorder a word, only write fewer timestamps.

:func:`cue_timestamps` turns the piece starts into times valid inside a cue as WebVTT requires
of cue timestamps (strictly increasing, strictly after the cue start and before its end): a
word that starts at or before the previous timestamp, or at/after the cue end, gets none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vbformats.captions import Cue, clean_text
from vbformats.errors import InvalidInputError
from vbformats.models.media import Media
from vbformats.models.words import PUNCTUATION, WordTable

__all__ = ["Piece", "cue_timestamps", "timed_lines", "word_table"]


def word_table(source: Any) -> WordTable:
    """The word table whose indices the cues of ``source`` hold (a Media's words, a table, or
    the one table of a list of turns).

    Raises:
        InvalidInputError: turns of more than one table, or not a Media / table / turns.
    """
    if isinstance(source, Media):
        return source.words
    if isinstance(source, WordTable):
        return source
    tables = {id(getattr(turn, "table", None)): getattr(turn, "table", None) for turn in source}
    found = [table for table in tables.values() if isinstance(table, WordTable)]
    if len(found) != 1 or len(tables) != 1:
        raise InvalidInputError("source", "word-timed output needs turns of one word table")
    return found[0]


@dataclass(slots=True)
class Piece:
    """A word as shown on a line.

    Attributes:
        sep: What comes before it on the line (``""`` or ``" "``).
        text: The word and any punctuation attached after it (display text, not escaped).
        start_ms: The word's start, ms (``None`` for an untimed piece).
        end_ms: The word's end, ms (``None`` for an untimed piece).
    """

    sep: str
    text: str
    start_ms: int | None
    end_ms: int | None


def timed_lines(cue: Cue, table: WordTable, lines: list[str] | None = None) -> list[list[Piece]]:
    """The pieces of each line of ``cue`` (``lines`` if given: the lines as the writer
    shows them), each line's pieces joined giving the line exactly."""
    texts, kinds = table.text, table.kinds
    starts, ends = table.start_ms, table.end_ms
    shown = cue.lines if lines is None else lines
    tokens = cue.token_indices
    position = 0
    out: list[list[Piece]] = []
    for line in shown:
        prefix = "- " if cue.line_speakers is not None and line.startswith("- ") else ""
        body = line[len(prefix) :]
        pieces: list[Piece] = []
        built = ""
        while position < len(tokens) and len(built) < len(body):
            index = tokens[position]
            position += 1
            clean = clean_text(texts[index])
            if not clean:
                continue
            if kinds[index] == PUNCTUATION and pieces:
                pieces[-1].text += clean
                built += clean
                continue
            sep = " " if built else ""
            pieces.append(Piece(sep, clean, starts[index], ends[index]))
            built += sep + clean
        if built != body:
            pieces = [Piece("", body, None, None)]
        if prefix:
            pieces.insert(0, Piece("", prefix.rstrip(" "), None, None))
            if len(pieces) > 1:
                pieces[1].sep = " "
        out.append(pieces)
    return out


def cue_timestamps(cue: Cue, lines: list[list[Piece]]) -> list[list[int | None]]:
    """Per piece, the timestamp to write before it (``None``: none), valid for WebVTT."""
    last = cue.start_ms
    out: list[list[int | None]] = []
    for pieces in lines:
        row: list[int | None] = []
        for piece in pieces:
            start = piece.start_ms
            if start is not None and last < start < cue.end_ms:
                row.append(start)
                last = start
            else:
                row.append(None)
        out.append(row)
    return out
