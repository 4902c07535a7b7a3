"""Inputs of the aligner and of WER → one token stream (words and punctuation, with speakers).

Both jobs compare two transcripts word by word, whatever they were given as. This module turns
each side into a :class:`Stream`: the tokens in reading order (speaker turns in time order, as
:func:`vbformats.turns` and our text writer give them), each a speech word or a punctuation
mark, with its speaker and its turn number, and for a loaded :class:`~vbformats.Media` the index
of the token in its word table (so times and the other word fields can be read back).

**What a ``str`` is.** A ``str`` is plain text unless it is the path of an existing file: one
line (no newline), at most 4,096 characters, for which ``os.path.isfile`` is true. A file goes
through :func:`vbformats.load` (SRT, WebVTT, DFXP, text, VoiceBase or RingCentral JSON, chosen
by content and extension). ``bytes``, a ``dict`` and an ``os.PathLike`` always go through
:func:`vbformats.load`; a :class:`~vbformats.Media` is used as it is. (``vbformats.load`` itself
reads a ``str`` as JSON or a path; here the everyday input is the corrected text itself, so
text is the default and a path has to exist to count as one.)

**Plain text** gives the same words, punctuation and speakers as
``vbformats.load(text.encode(), format="text")`` (a property test checks it token for token),
by a tokeniser of our own that builds no word table and no times (about 4× faster on a
100,000-word call). One difference, on purpose: every label starts a turn, also when it
repeats the speaker before ("Agent: ..." twice: two turns, as our text writer prints two turns
of one speaker in a row); the reader, made for captions that label every cue, merges them.

* paragraphs are separated by blank lines (:func:`vbformats.formats.cuebody.blocks`); a line
  starting with a speaker label (the grammar of :mod:`vbformats.formats.labels`, which our
  text writer's labels are written in) starts a new speaker turn; a paragraph
  without a label continues the turn before it; text before any label has no speaker;
* words are split at whitespace; a trailing run of punctuation (``.,;:!?…`` and closing
  quotes and brackets) becomes its own punctuation token, like VoiceBase's ``m: "punc"``;
  a token made only of punctuation is a word when nothing precedes it in its paragraph part;
* two lines of a paragraph that start with ``- `` are a dialogue: the dashes are dropped.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from operator import itemgetter
from typing import Any

import numpy as np

from vbformats.errors import InvalidInputError
from vbformats.formats.cuebody import TRAILING_PUNCTUATION, blocks, segments_from_lines
from vbformats.models.media import Media
from vbformats.turns import turns

__all__ = [
    "Stream",
    "is_file_path",
    "resolve",
    "stream_from_media",
    "stream_from_text",
]

#: Longest ``str`` that is looked up as a file path.
MAX_PATH_CHARS = 4096


@dataclass
class Stream:
    """One transcript as tokens in reading order.

    Attributes:
        text: Each token as written (a word, or a punctuation mark).
        punc: ``True`` for punctuation tokens.
        speaker: Speaker of each token (``None`` where the input names none).
        turn: Turn number of each token (0, 1, ...; a new number at each speaker turn).
        source: Index of each token in ``media.words`` (loaded inputs only, else ``None``).
        media: The loaded input (``None`` for plain text).
        markers: For loaded inputs, the word-table index of each turn's speaker marker
            (``-1`` where the turn has none), indexed by turn number.
    """

    text: list[str] = field(default_factory=list)
    punc: list[bool] = field(default_factory=list)
    speaker: list[str | None] = field(default_factory=list)
    turn: list[int] = field(default_factory=list)
    source: list[int] | None = None
    media: Media | None = None
    markers: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.text)

    @cached_property
    def punc_array(self) -> np.ndarray:
        """:attr:`punc` as a bool array (cached: several passes read it)."""
        return np.asarray(self.punc, dtype=bool)

    @cached_property
    def turn_array(self) -> np.ndarray:
        """:attr:`turn` as an int64 array (cached)."""
        return np.asarray(self.turn, dtype=np.int64)

    @cached_property
    def source_array(self) -> np.ndarray:
        """:attr:`source` as an int64 array (empty for plain text; cached)."""
        return np.asarray(self.source or [], dtype=np.int64)

    @property
    def has_speakers(self) -> bool:
        """Whether any token has a speaker."""
        return any(name is not None for name in set(self.speaker))

    @property
    def word_count(self) -> int:
        """Number of word (non-punctuation) tokens."""
        return len(self.punc) - sum(self.punc)


def is_file_path(text: str) -> bool:
    """Whether a ``str`` argument names an existing file (see the module docstring)."""
    if not text or len(text) > MAX_PATH_CHARS or "\n" in text or "\r" in text or "\0" in text:
        return False
    try:
        return os.path.isfile(text)
    except (OSError, ValueError):  # pragma: no cover - exotic names on exotic systems
        return False


def resolve(source: Any, what: str) -> Media | str:
    """A Media, or the plain text, for an aligner or WER argument.

    Args:
        source: A :class:`Media`, plain text or a file path (``str``, see the module
            docstring), an ``os.PathLike``, ``bytes`` or a parsed ``dict``.
        what: The argument's name, for error messages (``"edited"``, ``"reference"``).

    Raises:
        InvalidInputError: a type that is none of these (path ``what``), or whatever
            :func:`vbformats.load` raises for the file.
    """
    if isinstance(source, Media):
        return source
    if isinstance(source, str):
        if is_file_path(source):
            from vbformats.formats import load

            return load(source)
        return source
    if isinstance(source, (bytes, bytearray, memoryview, os.PathLike, dict)):
        from vbformats.formats import load

        return load(source)
    raise InvalidInputError(
        what,
        f"expected a Media, plain text, a path, bytes or a dict, got {type(source).__name__}",
    )


def stream_of(source: Media | str) -> Stream:
    """The stream of a resolved argument (:func:`resolve`)."""
    return stream_from_text(source) if isinstance(source, str) else stream_from_media(source)


def stream_from_media(media: Media) -> Stream:
    """Speech words and punctuation of a loaded transcript, turns in time order.

    Markers are not tokens (they give the speaker and the turn); DTMF and tokens with unknown
    flags are left out, as in :func:`vbformats.turns`.
    """
    table = media.words
    is_turn = table.is_turn
    stream = Stream(media=media)
    all_turns = turns(media)
    source = list(chain.from_iterable(turn.token_indices for turn in all_turns))
    stream.source = source
    texts = table.text
    stream.text = (
        list(itemgetter(*source)(texts)) if len(source) > 1 else [texts[i] for i in source]
    )
    is_punc = table.is_punctuation
    stream.punc = list(map(is_punc.__getitem__, source))
    speaker: list[str | None] = []
    number: list[int] = []
    for index, turn in enumerate(all_turns):
        count = len(turn.token_indices)
        speaker += [turn.speaker] * count
        number += [index] * count
        marker = turn.token_indices[0] - 1
        while marker >= 0 and not is_turn[marker]:
            marker -= 1  # DTMF or unknown tokens may sit between the marker and the words
        stream.markers.append(marker if turn.speaker is not None else -1)
    stream.speaker = speaker
    stream.turn = number
    return stream


def _segments(lines: list[str]) -> list[tuple[str | None, str]]:
    """A paragraph's ``(label or None, text)`` segments, as the text reader cuts them (a label
    or a dialogue dash starts one: :func:`vbformats.formats.cuebody.segments_from_lines`)."""
    segments, _ = segments_from_lines([(None, line) for line in lines])
    return [(segment.speaker, segment.text) for segment in segments]


class _PunctOnly(dict[str, bool]):
    """Token → whether it is made only of trailing-punctuation characters (cached per
    distinct token: a call repeats a few thousand)."""

    def __missing__(self, token: str) -> bool:
        value = self[token] = not token.rstrip(TRAILING_PUNCTUATION)
        return value


class _Pieces(dict[str, tuple[str, ...]]):
    """Whitespace-separated token → the word and its trailing punctuation run (cached per
    distinct token: a call repeats a few thousand, so each costs one dict lookup; a Python
    step per token took 3× as long on a 100,000-word call)."""

    def __missing__(self, raw: str) -> tuple[str, ...]:
        cut = len(raw)
        while cut > 0 and raw[cut - 1] in TRAILING_PUNCTUATION:
            cut -= 1
        value = (raw,) if cut == len(raw) or cut == 0 else (raw[:cut], raw[cut:])
        self[raw] = value
        return value


def stream_from_text(text: str) -> Stream:
    """Tokens of plain text (the rules of the module docstring).

    Example:
        >>> stream = stream_from_text("Agent: Hi, Dana.\\n\\nCaller: Hello!")
        >>> list(zip(stream.text, stream.punc, stream.speaker))  # doctest: +NORMALIZE_WHITESPACE
        [('Hi', False, 'Agent'), (',', True, 'Agent'), ('Dana', False, 'Agent'),
         ('.', True, 'Agent'), ('Hello', False, 'Caller'), ('!', True, 'Caller')]
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    only_punct = _PunctOnly().__getitem__
    pieces_of = _Pieces().__getitem__
    out_text: list[str] = []
    out_punc: list[bool] = []
    speaker: list[str | None] = []
    number: list[int] = []
    current: str | None = None  # speaker of the latest segment (an unlabelled one continues it)
    marked: str | None = None  # speaker of the current turn (a change starts a new turn)
    turn = 0
    started = False
    for _, lines in blocks(text):
        segments = _segments(lines)
        for _, segment in segments:
            if segment and not segment.isspace():
                break
        else:
            continue  # the reader skips a paragraph without text (its labels included)
        for label, segment in segments:
            if label is not None:
                current = label
            raw = segment.split()
            if not raw:
                continue
            if label is not None or (current is not None and current != marked):
                marked = current
                if started:
                    turn += 1
            started = True
            tokens = list(chain.from_iterable(map(pieces_of, raw)))
            # a piece made only of punctuation is a punctuation token; the segment's first
            # token is a word, even "..." alone (as the reader decides)
            flags = list(map(only_punct, tokens))
            flags[0] = False
            count = len(tokens)
            out_text += tokens
            out_punc += flags
            speaker += [current] * count
            number += [turn] * count
    return Stream(text=out_text, punc=out_punc, speaker=speaker, turn=number)
