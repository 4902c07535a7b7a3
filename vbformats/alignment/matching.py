"""Which media unit each edited unit is aligned to: the aligner's two passes.

1. **Words.** Each word token is one unit, its key under the normalisation without number
   reading and hyphen splitting ("Fiber," → ``fiber``, "O'Kafor" → ``okafor``). With speakers
   on both sides, each turn start is one more unit on both sides, so the alignment keeps turns
   together: "okay" ending one turn is not matched to "okay" starting the next (the crossing
   would cost the two boundaries). Aligned by :func:`~vbformats.alignment.core.anchored_opcodes`
   and :func:`~vbformats.alignment.core.refine`.
2. **Units, where the words disagree.** In each stretch between two equal runs that holds a
   word whose units differ from its key (a number, written or spoken; a hyphenated word), both
   sides' words are read as units (``4472`` → ``4 4 7 2``; "four four seven two" → the same;
   "uh-huh" → ``uh huh``) and aligned again, exactly (the stretches are short).

Why two passes rather than units everywhere: spoken numbers are read in context ("seven
hundred" is 700, "hundred" alone is 100), so replacing one word of a number would change the
units of its neighbours and move their times; words stay words wherever they match as words.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import compress
from typing import Any

import numpy as np

from vbformats.alignment.core import Opcode, anchored_opcodes, codes_of, opcodes, refine
from vbformats.alignment.normalize import Normalization, Units, Vocabulary, units_of, word_keys
from vbformats.alignment.tokens import Stream

__all__ = ["BOUNDARY", "UnitAlignment", "align_units"]

#: The unit that marks a turn start (never a normalised word: it starts with a control char).
BOUNDARY = "\x01turn"


@dataclass
class UnitAlignment:
    """The units of both sides and how they are aligned.

    Attributes:
        media: The media's units.
        edited: The edited text's units.
        e2o: For each edited unit, the media unit it is aligned to (-1: none, an insertion).
        equal: For each edited unit, whether it equals that media unit.
        o_equal: For each media unit, whether an edited unit equals it.
    """

    media: Units
    edited: Units
    e2o: np.ndarray
    equal: np.ndarray
    o_equal: np.ndarray


class _Side:
    """One side's units being built: key ids, token and rank per unit, and boundaries."""

    def __init__(self, stream: Stream, keys: list[int], tokens: list[int], bounds: bool) -> None:
        self.stream = stream
        self.keys = keys
        self.tokens = tokens
        turn = stream.turn_array[np.asarray(tokens, dtype=np.int64)]
        # positions (in units) where a new turn starts: a boundary unit goes before each
        self.starts = (np.flatnonzero(np.diff(turn) != 0) + 1).tolist() if bounds else []

    def extended(self, boundary: int) -> tuple[list[int], np.ndarray]:
        """Key ids with the ``boundary`` id inserted at each turn start, and each position's
        word index (-1 for a boundary)."""
        place = np.arange(len(self.keys), dtype=np.int64)
        if not self.starts:
            return self.keys, place
        keys = np.insert(np.asarray(self.keys, dtype=np.int64), self.starts, boundary).tolist()
        return keys, np.insert(place, self.starts, -1)


def _prefix(flags: list[bool], place: np.ndarray) -> list[int]:
    """Running count of flagged words over extended positions (boundaries count 0), with a
    leading 0: positions ``i1:i2`` hold a flagged word when ``out[i2] > out[i1]``."""
    flagged = np.asarray(flags, dtype=np.int64)
    at = np.where(place >= 0, flagged[np.maximum(place, 0)], 0) if len(flagged) else place * 0
    counts: list[int] = np.concatenate(([0], np.cumsum(at))).tolist()
    return counts


def _stretches(codes: list[Opcode]) -> list[tuple[int, int, int, int, int, int]]:
    """``(first opcode, end opcode, i1, i2, j1, j2)`` of each run of non-equal opcodes."""
    out = []
    k = 0
    while k < len(codes):
        if codes[k][0] == "equal":
            k += 1
            continue
        first = k
        while k < len(codes) and codes[k][0] != "equal":
            k += 1
        out.append((first, k, codes[first][1], codes[k - 1][2], codes[first][3], codes[k - 1][4]))
    return out


def _sub_stream(stream: Stream, first: int, last: int) -> Stream:
    """Tokens ``first..last`` (inclusive) of a stream, punctuation between them included."""
    stop = last + 1
    return Stream(
        text=stream.text[first:stop],
        punc=stream.punc[first:stop],
        speaker=stream.speaker[first:stop],
        turn=stream.turn[first:stop],
    )


def _units_in(
    side: _Side, place: np.ndarray, i1: int, i2: int, norm: Normalization, bounds: bool
) -> _Run:
    """Units, with boundaries where the stretch has them, of extended positions ``i1:i2``."""
    out = _Run([], [], [])
    words_at = [int(k) for k in place[i1:i2] if k >= 0]
    if not words_at:
        out.add_boundary(i2 - i1)
        return out
    first, last = side.tokens[words_at[0]], side.tokens[words_at[-1]]
    units = units_of(_sub_stream(side.stream, first, last), norm, keep_empty=True)
    tokens = (units.token + first).tolist()
    turn = side.stream.turn
    if place[i1] < 0:  # the stretch starts with a boundary
        out.add_boundary(1)
    for k, (word, token, rank) in enumerate(
        zip(units.words, tokens, units.rank.tolist(), strict=True)
    ):
        if bounds and k and rank == 0 and turn[token] != turn[tokens[k - 1]]:
            out.add_boundary(1)
        out.words.append(word)
        out.token.append(token)
        out.rank.append(rank)
    if place[i2 - 1] < 0:  # ... or ends with one
        out.add_boundary(1)
    return out


@dataclass
class _Run:
    """Units in extended coordinates: word (a string, then its vocabulary id), token (-1 for a
    boundary) and rank per position."""

    words: list[Any]
    token: list[int]
    rank: list[int]

    def add_boundary(self, count: int) -> None:
        self.words += [BOUNDARY] * count
        self.token += [-1] * count
        self.rank += [0] * count


@dataclass
class _Piece:
    """A stretch of pass 1 (opcodes ``first:stop``, positions ``i1:i2`` × ``j1:j2``) and its
    pass-2 units and alignment."""

    first: int
    stop: int
    i1: int
    i2: int
    j1: int
    j2: int
    media: _Run
    edited: _Run
    codes: list[Opcode]


def align_units(original: Stream, edit: Stream, norm: Normalization) -> UnitAlignment:
    """Align the units of two streams (the two passes of the module docstring)."""
    vocabulary = Vocabulary()
    boundary = vocabulary[BOUNDARY]
    keys_o, tokens_o, complex_o = word_keys(original, norm, vocabulary)
    keys_e, tokens_e, complex_e = word_keys(edit, norm, vocabulary)
    bounds = original.has_speakers and edit.has_speakers and bool(keys_o) and bool(keys_e)
    side_o, side_e = (
        _Side(original, keys_o, tokens_o, bounds),
        _Side(edit, keys_e, tokens_e, bounds),
    )
    words_o, place_o = side_o.extended(boundary)
    words_e, place_e = side_e.extended(boundary)
    codes = refine(anchored_opcodes(words_o, words_e), words_o, words_e, vocabulary.names)

    # per extended position: token (-1 boundary) and rank; pass 2 replaces stretches
    tokens_o_arr = np.asarray(tokens_o, dtype=np.int64)
    tokens_e_arr = np.asarray(tokens_e, dtype=np.int64)
    token_o = (
        np.where(place_o >= 0, tokens_o_arr[np.maximum(place_o, 0)], -1) if keys_o else place_o
    )
    token_e = (
        np.where(place_e >= 0, tokens_e_arr[np.maximum(place_e, 0)], -1) if keys_e else place_e
    )
    rank_o = np.zeros(len(words_o), dtype=np.int64)
    rank_e = np.zeros(len(words_e), dtype=np.int64)
    if any(complex_o) or any(complex_e):
        # "a complex word in extended positions i1:i2" by prefix sums, not a scan per stretch
        hits_o = _prefix(complex_o, place_o)
        hits_e = _prefix(complex_e, place_e)
        pieces = []
        for first, stop, i1, i2, j1, j2 in _stretches(codes):
            if i2 == i1 or j2 == j1:
                continue  # a pure insertion or deletion: nothing to compare
            if hits_o[i2] == hits_o[i1] and hits_e[j2] == hits_e[j1]:
                continue
            new_o = _units_in(side_o, place_o, i1, i2, norm, bounds)
            new_e = _units_in(side_e, place_e, j1, j2, norm, bounds)
            local = refine(opcodes(*codes_of(new_o.words, new_e.words)), new_o.words, new_e.words)
            # from here on, units are vocabulary ids like the first pass's
            new_o.words = list(map(vocabulary.__getitem__, new_o.words))
            new_e.words = list(map(vocabulary.__getitem__, new_e.words))
            pieces.append(_Piece(first, stop, i1, i2, j1, j2, new_o, new_e, local))
        if pieces:
            codes, (words_o, token_o, rank_o), (words_e, token_e, rank_e) = _splice(
                codes, pieces, (words_o, token_o, rank_o), (words_e, token_e, rank_e)
            )
    return _mapping(codes, words_o, token_o, rank_o, words_e, token_e, rank_e, vocabulary.names)


_Columns = tuple[list[int], np.ndarray, np.ndarray]  # word ids, token, rank per position


def _splice(
    codes: list[Opcode], pieces: list[_Piece], media: _Columns, edited: _Columns
) -> tuple[list[Opcode], _Columns, _Columns]:
    """Replace each stretch of pass 1 by its pass-2 units and alignment (array segments
    joined once: the stretches are a few percent of a call)."""
    out: list[Opcode] = []
    parts_o: tuple[list[int], list[np.ndarray], list[np.ndarray]] = ([], [], [])
    parts_e: tuple[list[int], list[np.ndarray], list[np.ndarray]] = ([], [], [])
    size_o = size_e = 0  # lengths of the new columns so far
    at_code = at_o = at_e = 0

    def take(parts: Any, columns: _Columns, start: int, stop: int) -> int:
        parts[0].extend(columns[0][start:stop])
        parts[1].append(columns[1][start:stop])
        parts[2].append(columns[2][start:stop])
        return stop - start

    def put(parts: Any, run: _Run) -> int:
        parts[0].extend(run.words)
        parts[1].append(np.asarray(run.token, dtype=np.int64))
        parts[2].append(np.asarray(run.rank, dtype=np.int64))
        return len(run.words)

    for piece in [*pieces, None]:
        first = piece.first if piece is not None else len(codes)
        # the opcodes up to the stretch, as they were, shifted by the growth so far
        di, dj = size_o - at_o, size_e - at_e
        for tag, a1, a2, b1, b2 in codes[at_code:first]:
            out.append((tag, a1 + di, a2 + di, b1 + dj, b2 + dj))
        stop_o = piece.i1 if piece is not None else len(media[0])
        stop_e = piece.j1 if piece is not None else len(edited[0])
        size_o += take(parts_o, media, at_o, stop_o)
        size_e += take(parts_e, edited, at_e, stop_e)
        if piece is None:
            break
        for tag, a1, a2, b1, b2 in piece.codes:
            out.append((tag, a1 + size_o, a2 + size_o, b1 + size_e, b2 + size_e))
        size_o += put(parts_o, piece.media)
        size_e += put(parts_e, piece.edited)
        at_code, at_o, at_e = piece.stop, piece.i2, piece.j2
    return (
        out,
        (parts_o[0], np.concatenate(parts_o[1]), np.concatenate(parts_o[2])),
        (parts_e[0], np.concatenate(parts_e[1]), np.concatenate(parts_e[2])),
    )


def _mapping(
    codes: list[Opcode],
    words_o: list[int],
    tok_o: np.ndarray,
    rank_o: np.ndarray,
    words_e: list[int],
    tok_e: np.ndarray,
    rank_e: np.ndarray,
    names: list[str],
) -> UnitAlignment:
    """From opcodes over units and boundaries to the unit mapping (boundaries dropped)."""
    n_o, n_e = len(words_o), len(words_e)
    e2o = np.full(n_e, -1, dtype=np.int64)
    equal = np.zeros(n_e, dtype=bool)
    o_equal = np.zeros(n_o, dtype=bool)
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal":
            e2o[j1:j2] = np.arange(i1, i2)
            equal[j1:j2] = True
            o_equal[i1:i2] = True
        elif tag == "replace":
            e2o[j1:j2] = np.arange(i1, i2)
    tok_o = np.asarray(tok_o, dtype=np.int64)
    tok_e = np.asarray(tok_e, dtype=np.int64)
    real_o, real_e = tok_o >= 0, tok_e >= 0
    unit_of_o = np.full(n_o, -1, dtype=np.int64)
    unit_of_o[real_o] = np.arange(int(real_o.sum()))
    e2o, equal = e2o[real_e], equal[real_e]
    if n_o:
        e2o = np.where(e2o >= 0, unit_of_o[np.maximum(e2o, 0)], -1)
    equal &= e2o >= 0
    media = Units.from_ids(
        words_o if real_o.all() else list(compress(words_o, real_o.tolist())),
        names,
        tok_o[real_o],
        np.asarray(rank_o, dtype=np.int64)[real_o],
    )
    edited = Units.from_ids(
        words_e if real_e.all() else list(compress(words_e, real_e.tolist())),
        names,
        tok_e[real_e],
        np.asarray(rank_e, dtype=np.int64)[real_e],
    )
    return UnitAlignment(media, edited, e2o, equal, o_equal[real_o])
