"""RingCentral speech-to-text: punctuated utterance text aligned onto the timed words.

RingCentral words are lower case and unpunctuated (``"rachel"``); casing and punctuation live only
in the utterance text. This module turns both into VoiceBase tokens (see the rules in
:mod:`vbformats.ringcentral.reader`): each text token's letters and digits are aligned to the
words with a windowed greedy diff (linear time); aligned tokens keep the word's times, the rest
share the span around them and are marked estimated; trailing punctuation becomes a ``punc``
token; a turn marker precedes every change of speaker.

How it stays close to the VoiceBase load of the same words (issue #17, row 5; it took 40× that):

* the words are **columns** (keys, texts, ms times, confidences, speakers), read off the
  structs with one ``map`` each, never one object per word; seconds become ms for the whole
  column at once with numpy (:func:`ms_column`, the rounding of
  :func:`~vbformats.timing.seconds_to_ms`, which decides the rare values near a half
  millisecond);
* each word goes to the utterance holding its midpoint by one ``searchsorted`` over all words;
  only words with no such utterance, or whose utterance has another speaker, take the
  per-word rule (crosstalk);
* an utterance whose text tokens have exactly its words' keys (most: the text differs from the
  words only in case and punctuation) is emitted by **slices** of the columns; the windowed
  aligner runs only for the others (fillers, numbers written as digits);
* the tokens, the punctuation after them and the turn markers are interleaved by index
  arithmetic, and the table is built by :meth:`WordTable.from_columns` (one struct per token,
  no dict, no JSON round trip).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import attrgetter
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from vbformats.gcpause import gc_paused
from vbformats.models.words import WordTable
from vbformats.ringcentral.fast_stt import FastSpeechToText, FastUtterance
from vbformats.ringcentral.models import RingCentralWord, SpeechToText, Utterance
from vbformats.ringcentral.token_table import Items, token_table
from vbformats.timing import seconds_to_ms

__all__ = [
    "Segment",
    "build_words",
    "ms_column",
    "split_text",
    "stt_segments",
    "utterance_segments",
]

#: Speaker id -> display name (``None`` for no id).
Names = Callable[[str | None], str | None]

# How far (in tokens, each side) the aligner looks for the next agreeing pair.
_ALIGN_WINDOW = 8
# How many utterances before the midpoint's the per-word rule looks at (crosstalk).
_CANDIDATES = 16


# --- text and keys -----------------------------------------------------------------------------

_NOT_ALNUM = re.compile(r"[\W_]+")


class _Keys(dict[str, str]):
    """Token text → alignment key: letters and digits, case-folded; a symbol-only token is its
    own key. Computed once per distinct text (a call repeats a few thousand)."""

    def __missing__(self, text: str) -> str:
        key = self[text] = _NOT_ALNUM.sub("", text.casefold()) or text
        return key


# A whitespace-separated chunk: the word is everything up to its last letter or digit
# ([^\W_] is exactly str.isalnum), the rest is its trailing punctuation; a chunk without any
# letter or digit ("%", "—") is a word of its own. One scan of the whole text.
_CHUNK = re.compile(r"(\S*[^\W_])((?:[^\s\w]|_)*)|(\S+)")


def split_text(text: str) -> tuple[list[str], list[str]]:
    """``"Hi, Rachel."`` → ``(["Hi", "Rachel"], [",", "."])``: each chunk's word and its
    trailing punctuation (``""`` for none), so joining the tokens back gives the text's
    spacing. Chunks are ``text.split()``'s."""
    found = _CHUNK.findall(text)
    return [word or alone for word, _, alone in found], [trail for _, trail, _ in found]


# --- seconds -> ms -----------------------------------------------------------------------------

# the fast conversion is exact for times below this many seconds (~11.5 days), by far
_FAST_SECONDS = 1e6


def ms_column(seconds: Sequence[float]) -> list[int]:
    """:func:`~vbformats.timing.seconds_to_ms` of every value, computed for the whole column.

    numpy rounds the product to a micro-millisecond, then half up, like ``seconds_to_ms``;
    numpy's ``round(x, 6)`` may differ from Python's in the last digit, which changes the
    result only for a value within a micro-millisecond of a half millisecond: those (and any
    column with a negative, non-finite or huge value, which ``seconds_to_ms`` refuses or
    rounds away from zero) are converted one by one.

    Raises:
        InvalidInputError: as ``seconds_to_ms``.
    """
    if not len(seconds):
        return []
    values = np.asarray(seconds, dtype=np.float64)
    if not (values.min() >= 0 and values.max() < _FAST_SECONDS):  # NaN fails both
        return [seconds_to_ms(value) for value in seconds]
    scaled = np.round(values * 1000, 6)
    out: list[int] = np.floor(scaled + 0.5).astype(np.int64).tolist()
    fraction = scaled - np.floor(scaled)
    for index in np.flatnonzero(np.abs(fraction - 0.5) < 1e-5).tolist():
        out[index] = seconds_to_ms(seconds[index])
    return out


# --- timed words as columns --------------------------------------------------------------------

_WORD = attrgetter("word")
_START = attrgetter("start")
_END = attrgetter("end")
_CONFIDENCE = attrgetter("confidence")
_SPEAKER = attrgetter("speaker_id")


_FLOAT_OR_NONE = frozenset({float, type(None)})


def _floats(values: list[Any]) -> list[float | None]:
    """Confidences as floats (a struct built by hand may hold an int), ``None`` kept."""
    if set(map(type, values)) <= _FLOAT_OR_NONE:
        return values
    return [None if value is None else float(value) for value in values]


@dataclass
class _Words:
    """Timed words as parallel columns (ms times, keys for the aligner)."""

    key: list[str]
    text: list[str]
    start: list[int]
    end: list[int]
    confidence: list[float | None]
    speaker: list[str | None]

    @classmethod
    def of(cls, words: Sequence[RingCentralWord], keys: _Keys) -> _Words:
        texts = list(map(_WORD, words))
        return cls(
            list(map(keys.__getitem__, texts)),
            texts,
            ms_column(list(map(_START, words))),
            ms_column(list(map(_END, words))),
            _floats(list(map(_CONFIDENCE, words))),
            list(map(_SPEAKER, words)),
        )

    def take(self, order: list[int]) -> _Words:
        """The words in ``order`` (indices)."""
        return _Words(
            *([column[i] for i in order] for column in self.columns()),
        )

    def columns(self) -> tuple[list[Any], ...]:
        return (self.key, self.text, self.start, self.end, self.confidence, self.speaker)


@dataclass
class Segment:
    """Text to align with the timed words ``[lo, hi)`` of the columns, inside
    ``[start_ms, end_ms]``."""

    text: str | None
    lo: int
    hi: int
    start_ms: int
    end_ms: int
    confidence: float | None
    speaker: str | None  # speaker id of the utterance
    # the whole transcript against all words: speakers come from the words, and text tokens
    # without a word take the speaker of the token before them
    per_word: bool = False


@dataclass
class _Segments:
    """The segments in time order and the words they index."""

    words: _Words
    segments: list[Segment]
    keys: _Keys = field(default_factory=_Keys)


def stt_segments(stt: SpeechToText | FastSpeechToText, names: Names) -> _Segments:
    """Segments of a speech-to-text result: its utterances, else ``transcript`` against all
    words."""
    utterances = stt.utterances or []
    words = stt.words or []
    if utterances:
        return utterance_segments(utterances, words, names)
    keys = _Keys()
    columns = _Words.of(words, keys)
    if not words and not stt.transcript:
        return _Segments(columns, [], keys)
    start = min(columns.start, default=0)
    end = max(columns.end, default=0)
    segment = Segment(stt.transcript, 0, len(words), start, end, stt.confidence, None, True)
    return _Segments(columns, [segment], keys)


def utterance_segments(
    utterances: Sequence[Utterance | FastUtterance],
    words: list[RingCentralWord],
    names: Names,
) -> _Segments:
    """One segment per utterance, in time order (stable), each with its words: the
    utterances' ``wordTimings`` when any has them, else the top-level ``words`` given to the
    utterance whose span holds the word's midpoint."""
    keys = _Keys()
    starts_s = [u.start for u in utterances]
    order = sorted(range(len(utterances)), key=starts_s.__getitem__)
    starts = ms_column([starts_s[k] for k in order])
    ends = ms_column([utterances[k].end for k in order])
    if any(u.word_timings for u in utterances):
        timings = [utterances[k].word_timings or [] for k in order]
        columns = _Words.of([w for own in timings for w in own], keys)
        bounds = np.cumsum([0, *map(len, timings)]).tolist()
    elif words:
        columns = _Words.of(words, keys)
        chosen = _assign_words(columns, [utterances[k].speaker_id for k in order], starts, ends)
        # each utterance's words in array order: a stable sort by utterance (in time order)
        if len(chosen) > 1 and bool((chosen[1:] < chosen[:-1]).any()):
            columns = columns.take(np.argsort(chosen, kind="stable").tolist())
        # else: the words are in utterance order already (the usual case), nothing to move
        counts = np.bincount(chosen, minlength=len(order))
        bounds = [0, *np.cumsum(counts).tolist()]
    else:
        columns = _Words.of([], keys)
        bounds = [0] * (len(order) + 1)
    segments = [
        Segment(
            utterances[k].text,
            bounds[t],
            bounds[t + 1],
            starts[t],
            ends[t],
            utterances[k].confidence,
            utterances[k].speaker_id,
        )
        for t, k in enumerate(order)
    ]
    return _Segments(columns, segments, keys)


def _assign_words(
    words: _Words, speakers: list[str | None], starts: list[int], ends: list[int]
) -> npt.NDArray[np.intp]:
    """For each word, the utterance (its position in time order) whose span holds its midpoint.

    Several candidates (crosstalk): the one with the word's own speaker id, else the latest
    starting (among the 16 before the midpoint). None: the nearer of the utterances just before
    and just after. Midpoints are compared doubled, in integers.
    """
    mid2 = np.asarray(words.start, dtype=np.int64) + np.asarray(words.end, dtype=np.int64)
    start2 = 2 * np.asarray(starts, dtype=np.int64)
    end2 = 2 * np.asarray(ends, dtype=np.int64)
    index = np.searchsorted(start2, mid2, side="right")
    latest = np.maximum(index - 1, 0)
    # speaker ids as codes (-1: none); the latest utterance before the midpoint wins when it
    # holds the midpoint and the word has no speaker or the utterance's
    codes: dict[str | None, int] = {None: -1}
    for speaker in speakers:
        codes.setdefault(speaker, len(codes))
    utterance_code = np.asarray([codes[s] for s in speakers], dtype=np.int64)
    word_code = np.fromiter(
        map(codes.get, words.speaker, repeat(-2)), dtype=np.int64, count=len(words.speaker)
    )
    simple = (
        (index > 0)
        & (end2[latest] >= mid2)
        & ((word_code == -1) | (utterance_code[latest] == word_code))
    )
    chosen = np.where(simple, latest, 0)
    for i in np.flatnonzero(~simple).tolist():
        chosen[i] = _choose(int(mid2[i]), words.speaker[i], int(index[i]), speakers, start2, end2)
    return chosen


def _choose(
    mid2: int,
    speaker: str | None,
    index: int,
    speakers: list[str | None],
    start2: npt.NDArray[np.int64],
    end2: npt.NDArray[np.int64],
) -> int:
    """The per-word rule of :func:`_assign_words` for one word (``index``: utterances starting
    at or before its midpoint)."""
    candidates = [
        t for t in range(index - 1, max(-1, index - 1 - _CANDIDATES), -1) if end2[t] >= mid2
    ]
    if candidates:
        if speaker is not None:
            for t in candidates:
                if speakers[t] == speaker:
                    return t
        return candidates[0]
    count = len(speakers)
    before = index - 1 if index > 0 else None
    after = index if index < count else None
    if before is None:
        assert after is not None
        return after
    if after is None:
        return before
    return before if mid2 - end2[before] <= start2[after] - mid2 else after


# --- alignment ---------------------------------------------------------------------------------


def _align(text_keys: list[str], word_keys: list[str]) -> list[tuple[int, int, int, int]]:
    """Blocks ``(i0, i1, j0, j1)`` covering both sequences in order.

    A block with one token and one word of equal keys is a match; any other block is a
    difference. At a mismatch the best agreeing pair within ``_ALIGN_WINDOW`` tokens each side
    is chosen by :func:`_resync`; none found → a 1:1 pair. Linear in the length of the
    sequences (a bounded amount of work per mismatch).
    """
    blocks = []
    i = j = 0
    n, m = len(text_keys), len(word_keys)
    while i < n and j < m:
        if text_keys[i] == word_keys[j]:
            blocks.append((i, i + 1, j, j + 1))
            i += 1
            j += 1
            continue
        skip = _resync(text_keys, word_keys, i, j)
        di, dj = skip if skip is not None else (1, 1)
        blocks.append((i, i + di, j, j + dj))
        i += di
        j += dj
    if i < n or j < m:
        blocks.append((i, n, j, m))
    return blocks


def _resync(a: list[str], b: list[str], i: int, j: int) -> tuple[int, int] | None:
    """The skip ``(di, dj)`` to the best agreeing pair near a mismatch at ``(i, j)``.

    Each candidate pair within the window costs its skip ``di + dj`` minus twice the length of
    the agreeing run it starts (capped at 3): a pair followed by more agreement wins over a
    nearer lone match of a common word, but a one-word insertion next to another difference
    (``um`` before ``J O N`` / ``jon``) is still found. Ties: the smaller skip.
    """
    n, m = len(a), len(b)
    best: tuple[int, int, int, int] | None = None  # (cost, total, di, dj)
    for di in range(min(_ALIGN_WINDOW, n - i - 1) + 1):
        for dj in range(min(_ALIGN_WINDOW, m - j - 1) + 1):
            if (di == 0 and dj == 0) or a[i + di] != b[j + dj]:
                continue
            run = 1
            while (
                run < 3
                and i + di + run < n
                and j + dj + run < m
                and a[i + di + run] == b[j + dj + run]
            ):
                run += 1
            total = di + dj
            candidate = (total - 2 * run, total, di, dj)
            if best is None or candidate < best:
                best = candidate
    return None if best is None else (best[2], best[3])


def _spread(weights: list[int], start_ms: int, end_ms: int) -> list[tuple[int, int]]:
    """Split ``[start_ms, end_ms]`` into consecutive spans proportional to ``weights``."""
    if end_ms <= start_ms:
        return [(start_ms, start_ms)] * len(weights)
    total = sum(weights)
    width = end_ms - start_ms
    spans = []
    done = 0
    for weight in weights:
        span_start = start_ms + width * done // total
        done += weight
        spans.append((span_start, start_ms + width * done // total))
    return spans


# --- emission ----------------------------------------------------------------------------------


def _split_all(texts: list[str | None]) -> tuple[list[str], list[str], list[int]]:
    """:func:`split_text` of every text in one scan: all tokens, all trailing punctuation, and
    each text's first token (``len(texts) + 1`` offsets). The texts are joined around a
    separator chunk (``NUL``, its own chunk between spaces); a text holding one is split alone."""
    if any(text and _SEPARATOR in text for text in texts):
        tokens: list[str] = []
        trails: list[str] = []
        bounds = [0]
        for text in texts:
            own, trail = split_text(text) if text else ([], [])
            tokens += own
            trails += trail
            bounds.append(len(tokens))
        return tokens, trails, bounds
    if not texts:
        return [], [], [0]
    chunks = f" {_SEPARATOR} ".join([text or "" for text in texts]).split()
    tokens = []
    trails = []
    bounds = [0]
    separator, common, chunk_of = _SEPARATOR, _COMMON_TRAILS, _CHUNK.fullmatch
    for chunk in chunks:
        word = chunk.rstrip(common)
        if word and word[-1].isalnum():  # the word up to its last letter or digit, as _CHUNK
            tokens.append(word)
            trails.append(chunk[len(word) :])
        elif chunk == separator:
            bounds.append(len(tokens))
        else:  # no letter or digit, or another trailing character: the regular expression
            match = cast("re.Match[str]", chunk_of(chunk))
            word, after, alone = match.groups(default="")
            tokens.append(word or alone)
            trails.append(after)
    bounds.append(len(tokens))
    return tokens, trails, bounds


_SEPARATOR = "\x00"
# trailing punctuation stripped without the regular expression (none is a letter or digit)
_COMMON_TRAILS = ".,?!;:\"')]}\u2026\u00bb\u201d\u2019"


def _emit_all(items: Items, segments: _Segments) -> None:
    """Every segment's tokens. A run of consecutive segments whose text tokens are exactly
    their words (most: the text differs from the words only in case and punctuation) is
    emitted by slices of the columns, paired in order, times exact; the others by
    :func:`_emit_aligned`."""
    words = segments.words
    w_key, w_confidence, w_speaker = words.key, words.confidence, words.speaker
    tokens, trails, bounds = _split_all([segment.text for segment in segments.segments])
    keys = list(map(segments.keys.__getitem__, tokens))
    run: list[Segment] = []  # consecutive matching segments not emitted yet
    run_from = 0  # the position of the run's first segment

    def flush() -> None:
        lo, hi = run[0].lo, run[-1].hi
        a, b = bounds[run_from], bounds[run_from + len(run)]
        confidence = w_confidence[lo:hi]
        if None in confidence:
            confidence = []
            for segment in run:
                own = segment.confidence
                confidence += [
                    own if c is None else c for c in w_confidence[segment.lo : segment.hi]
                ]
        speaker: list[str | None] = []
        for segment in run:
            if segment.speaker is not None:
                speaker += repeat(segment.speaker, segment.hi - segment.lo)
            else:
                speaker += w_speaker[segment.lo : segment.hi]
        items.text += tokens[a:b]
        items.trail += trails[a:b]
        items.start += words.start[lo:hi]
        items.end += words.end[lo:hi]
        items.confidence += confidence
        items.speaker += speaker
        items.estimated += repeat(False, hi - lo)
        run.clear()

    for t, segment in enumerate(segments.segments):
        a, b = bounds[t], bounds[t + 1]
        lo, hi = segment.lo, segment.hi
        if (segment.speaker is not None or not segment.per_word) and keys[a:b] == w_key[lo:hi]:
            if run and run[-1].hi != lo:
                flush()
            if not run:
                run_from = t
            run.append(segment)
            continue
        if run:
            flush()
        _emit_aligned(items, words, segment, tokens[a:b], trails[a:b], keys[a:b])
    if run:
        flush()


def _emit_aligned(
    items: Items,
    words: _Words,
    segment: Segment,
    texts: list[str],
    trails: list[str],
    text_keys: list[str],
) -> None:
    """The general case: the text tokens aligned to the words by :func:`_align`."""
    lo, hi = segment.lo, segment.hi
    w_start, w_end = words.start, words.end
    w_confidence, w_speaker = words.confidence, words.speaker

    def speaker_of(j: int | None) -> str | None:
        if segment.speaker is not None:
            return segment.speaker
        if j is not None and w_speaker[j] is not None:
            return w_speaker[j]
        if not segment.per_word:
            return None
        return items.speaker[-1] if items.speaker else (w_speaker[lo] if hi > lo else None)

    def confidence_of(j: int) -> float | None:
        own = w_confidence[j]
        return own if own is not None else segment.confidence

    last_end = segment.start_ms
    for i0, i1, j0, j1 in _align(text_keys, words.key[lo:hi]):
        di, dj = i1 - i0, j1 - j0
        j0 += lo
        j1 += lo
        if di == dj:  # matches, and same-length differences: pair in order, times exact
            for offset in range(di):
                j = j0 + offset
                i = i0 + offset
                items.add(
                    texts[i],
                    trails[i],
                    w_start[j],
                    w_end[j],
                    confidence_of(j),
                    speaker_of(j),
                    False,
                )
                last_end = max(last_end, w_end[j])
        elif di == 0:  # recognised words the text does not have: keep them as recognised
            for j in range(j0, j1):
                items.add(
                    words.text[j], "", w_start[j], w_end[j], confidence_of(j), speaker_of(j), False
                )
                last_end = max(last_end, w_end[j])
        else:
            if dj:  # the text's tokens share the words' span
                span_start = w_start[j0]
                span_end = max(w_end[j0:j1])
                confs = [c for c in w_confidence[j0:j1] if c is not None]
                conf = min(confs) if confs else segment.confidence
                speaker = speaker_of(j0)
            else:  # text without words: the gap up to the next word (or the segment end)
                span_start = last_end
                span_end = w_start[j1] if j1 < hi else segment.end_ms
                conf = segment.confidence
                speaker = speaker_of(None)
            span_end = max(span_end, span_start)
            weights = [max(1, len(texts[i])) for i in range(i0, i1)]
            for offset, (start, end) in enumerate(_spread(weights, span_start, span_end)):
                i = i0 + offset
                items.add(texts[i], trails[i], start, end, conf, speaker, True)
            last_end = max(last_end, span_end)


# --- the word table ----------------------------------------------------------------------------


def build_words(segments: _Segments, names: Names) -> WordTable:
    """Emit every segment's tokens, then number them and insert turn markers."""
    with gc_paused():
        items = Items()
        _emit_all(items, segments)
        return token_table(items, names)
