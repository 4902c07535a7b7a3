"""RingCentral speech-to-text: punctuated utterance text aligned onto the timed words.

RingCentral words are lower case and unpunctuated (``"rachel"``); casing and punctuation live only
in the utterance text. This module turns both into VoiceBase tokens (see the rules in
:mod:`vbformats.ringcentral.reader`): each text token's letters and digits are aligned to the
words with a windowed greedy diff (linear time); aligned tokens keep the word's times, the rest
share the span around them and are marked estimated; trailing punctuation becomes a ``punc``
token; a turn marker precedes every change of speaker.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

import msgspec

from vbformats.models.words import WordTable, words_from_json
from vbformats.ringcentral.models import RingCentralWord, SpeechToText, Utterance
from vbformats.timing import seconds_to_ms

__all__ = ["Segment", "build_words", "stt_segments", "utterance_segments"]

#: Speaker id -> display name (``None`` for no id).
Names = Callable[[str | None], str | None]

_TURN_CONFIDENCE = 1.0
_PUNC_CONFIDENCE = 1.0
# How far (in tokens, each side) the aligner looks for the next agreeing pair.
_ALIGN_WINDOW = 8


@dataclass
class _TimedWord:
    key: str
    text: str
    start_ms: int
    end_ms: int
    confidence: float | None
    speaker: str | None  # speaker id


@dataclass
class Segment:
    """Text to align with timed words, inside ``[start_ms, end_ms]``."""

    text: str | None
    words: list[_TimedWord]
    start_ms: int
    end_ms: int
    confidence: float | None
    speaker: str | None  # speaker id of the utterance
    # the whole transcript against all words: speakers come from the words, and text tokens
    # without a word take the speaker of the token before them
    per_word: bool = False


@dataclass
class _Tokens:
    start: list[int] = field(default_factory=list)
    end: list[int] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    punc: list[bool] = field(default_factory=list)
    confidence: list[float | None] = field(default_factory=list)
    estimated: list[bool] = field(default_factory=list)
    speaker: list[str | None] = field(default_factory=list)

    def add(
        self,
        text: str,
        start_ms: int,
        end_ms: int,
        confidence: float | None,
        speaker: str | None,
        *,
        punc: bool = False,
        estimated: bool = False,
    ) -> None:
        self.text.append(text)
        self.start.append(start_ms)
        self.end.append(max(end_ms, start_ms))
        self.confidence.append(confidence)
        self.speaker.append(speaker)
        self.punc.append(punc)
        self.estimated.append(estimated)


_NOT_ALNUM = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=65536)
def _key(text: str) -> str:
    """Alignment key: letters and digits, case-folded; a symbol-only token is its own key."""
    return _NOT_ALNUM.sub("", text.casefold()) or text


# the word is everything up to its last letter or digit ([^\W_] is exactly str.isalnum)
_WORD_AND_TRAIL = re.compile(r"(.*[^\W_])(.*)", re.DOTALL)


def _split_text(text: str) -> list[tuple[str, str]]:
    """``"Hi, Rachel."`` → ``[("Hi", ","), ("Rachel", ".")]``: (word, trailing punctuation).

    A chunk without any letter or digit (``"%"``, ``"—"``) is a word of its own, so joining the
    tokens back gives the text's spacing.
    """
    out = []
    match = _WORD_AND_TRAIL.fullmatch
    for chunk in text.split():
        found = match(chunk)
        out.append((chunk, "") if found is None else (found.group(1), found.group(2)))
    return out


# Times repeat (a word's end is often the next word's start): convert each value once.
_ms = functools.lru_cache(maxsize=1 << 16)(seconds_to_ms)


def _timed_words(words: list[RingCentralWord]) -> list[_TimedWord]:
    return [
        _TimedWord(_key(w.word), w.word, _ms(w.start), _ms(w.end), w.confidence, w.speaker_id)
        for w in words
    ]


def stt_segments(stt: SpeechToText, names: Names) -> list[Segment]:
    utterances = stt.utterances or []
    words = stt.words or []
    if utterances:
        return utterance_segments(utterances, words, names)
    if not words and not stt.transcript:
        return []
    timed = _timed_words(words)
    start = min((w.start_ms for w in timed), default=0)
    end = max((w.end_ms for w in timed), default=0)
    return [Segment(stt.transcript, timed, start, end, stt.confidence, None, per_word=True)]


def utterance_segments(
    utterances: list[Utterance], words: list[RingCentralWord], names: Names
) -> list[Segment]:
    """One segment per utterance, in time order (stable)."""
    if any(u.word_timings for u in utterances):
        per_utterance = [_timed_words(u.word_timings or []) for u in utterances]
    elif words:
        per_utterance = _assign_words(_timed_words(words), utterances)
    else:
        per_utterance = [[] for _ in utterances]
    order = sorted(range(len(utterances)), key=lambda k: utterances[k].start)
    segments = []
    for k in order:
        utterance = utterances[k]
        segments.append(
            Segment(
                utterance.text,
                per_utterance[k],
                seconds_to_ms(utterance.start),
                seconds_to_ms(utterance.end),
                utterance.confidence,
                utterance.speaker_id,
            )
        )
    return segments


def _assign_words(words: list[_TimedWord], utterances: list[Utterance]) -> list[list[_TimedWord]]:
    """Give each top-level word to the utterance whose span holds its midpoint.

    Several candidates (crosstalk): the one with the word's own speaker id, else the latest
    starting. None: the nearer of the utterances just before and just after.
    """
    order = sorted(range(len(utterances)), key=lambda k: utterances[k].start)
    starts = [seconds_to_ms(utterances[k].start) for k in order]
    ends = [seconds_to_ms(utterances[k].end) for k in order]
    result: list[list[_TimedWord]] = [[] for _ in utterances]
    for word in words:
        middle = (word.start_ms + word.end_ms) / 2
        index = bisect.bisect_right(starts, middle)
        candidates = [t for t in range(index - 1, max(-1, index - 17), -1) if ends[t] >= middle]
        chosen: int | None = None
        if candidates:
            chosen = candidates[0]
            if word.speaker is not None:
                for t in candidates:
                    if utterances[order[t]].speaker_id == word.speaker:
                        chosen = t
                        break
        else:
            before = index - 1 if index > 0 else None
            after = index if index < len(order) else None
            if before is None:
                chosen = after
            elif after is None:
                chosen = before
            else:
                chosen = before if middle - ends[before] <= starts[after] - middle else after
        assert chosen is not None
        result[order[chosen]].append(word)
    return result


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


def _emit_segment(tokens: _Tokens, segment: Segment) -> None:
    words = segment.words
    pieces = _split_text(segment.text) if segment.text else []

    def speaker_of(word: _TimedWord | None) -> str | None:
        if segment.speaker is not None:
            return segment.speaker
        if word is not None and word.speaker is not None:
            return word.speaker
        if not segment.per_word:
            return None
        return tokens.speaker[-1] if tokens.speaker else (words[0].speaker if words else None)

    def emit_text(
        index: int,
        start: int,
        end: int,
        confidence: float | None,
        speaker: str | None,
        estimated: bool,
    ) -> None:
        text, trail = pieces[index]
        tokens.add(text, start, end, confidence, speaker, estimated=estimated)
        if trail:
            tokens.add(trail, end, end, _PUNC_CONFIDENCE, speaker, punc=True)

    last_end = segment.start_ms
    blocks = _align([_key(p[0]) for p in pieces], [w.key for w in words])
    for i0, i1, j0, j1 in blocks:
        di, dj = i1 - i0, j1 - j0
        if di == dj:  # matches, and same-length differences: pair in order, times exact
            for offset in range(di):
                word = words[j0 + offset]
                conf = word.confidence if word.confidence is not None else segment.confidence
                emit_text(i0 + offset, word.start_ms, word.end_ms, conf, speaker_of(word), False)
                last_end = max(last_end, word.end_ms)
        elif di == 0:  # recognised words the text does not have: keep them as recognised
            for word in words[j0:j1]:
                conf = word.confidence if word.confidence is not None else segment.confidence
                tokens.add(word.text, word.start_ms, word.end_ms, conf, speaker_of(word))
                last_end = max(last_end, word.end_ms)
        else:
            if dj:  # the text's tokens share the words' span
                span_start = words[j0].start_ms
                span_end = max(w.end_ms for w in words[j0:j1])
                confs = [w.confidence for w in words[j0:j1] if w.confidence is not None]
                conf = min(confs) if confs else segment.confidence
                speaker = speaker_of(words[j0])
            else:  # text without words: the gap up to the next word (or the segment end)
                span_start = last_end
                span_end = words[j1].start_ms if j1 < len(words) else segment.end_ms
                conf = segment.confidence
                speaker = speaker_of(None)
            span_end = max(span_end, span_start)
            weights = [max(1, len(pieces[i][0])) for i in range(i0, i1)]
            for offset, (start, end) in enumerate(_spread(weights, span_start, span_end)):
                emit_text(i0 + offset, start, end, conf, speaker, True)
            last_end = max(last_end, span_end)


def build_words(segments: list[Segment], names: Names) -> WordTable:
    """Emit every segment's tokens, then number them and insert turn markers."""
    tokens = _Tokens()
    for segment in segments:
        _emit_segment(tokens, segment)
    count = len(tokens.text)
    diarized = any(s is not None for s in tokens.speaker)
    dicts: list[dict[str, Any]] = []
    estimated: list[bool] = []
    index = 0
    position = 1
    while index < count:
        run_end = index + 1
        if diarized:
            speaker = tokens.speaker[index]
            while run_end < count and tokens.speaker[run_end] == speaker:
                run_end += 1
            name = names(speaker) or "Unknown"
            dicts.append(
                {
                    "p": position,
                    "c": _TURN_CONFIDENCE,
                    "s": tokens.start[index],
                    "e": max(tokens.end[index:run_end]),
                    "w": name,
                    "m": "turn",
                }
            )
            estimated.append(False)
            position += 1
        else:
            run_end = count
        for k in range(index, run_end):
            entry: dict[str, Any] = {"p": position}
            if tokens.confidence[k] is not None:
                entry["c"] = float(cast(float, tokens.confidence[k]))
            entry["s"] = tokens.start[k]
            entry["e"] = tokens.end[k]
            entry["w"] = tokens.text[k]
            if tokens.punc[k]:
                entry["m"] = "punc"
            dicts.append(entry)
            estimated.append(tokens.estimated[k])
            position += 1
        index = run_end
    # Encode once and decode through the fast path: compact structs, validated times.
    table = words_from_json(msgspec.json.encode(dicts), "transcript.words")
    if any(estimated):
        table.estimated = estimated
    return table
