"""Cross-talk echoes between the channels of a RingCentral run: the one rule, for every
utterance list the RingCentral wing reads (speech-to-text ``utterances``, interaction
``utteranceInsights``, a bare list of utterances).

A two-channel run transcribes each channel on its own, so speech loud enough to reach both
channels comes back twice: once from its speaker and once, nearly word for word and at the same
time, attributed to the other channel. Left in, every caption and turn table would show that
sentence twice and the talk-time and overtalk metrics would count speech that did not happen.

The rule (:func:`echoes`): of two utterances of different speakers whose spans overlap by at
least half of the shorter one and whose texts are near-duplicates (:data:`ECHO_SIMILARITY`,
rapidfuzz ``ratio`` on lower-cased letters and digits; both at least :data:`ECHO_MIN_WORDS`
words, so two people saying "okay" at once stay two people), the one with the lower confidence
(on a tie, the later one in the list) is the echo. The reader leaves echoes out of the words,
turns, captions and voice activity, says how many with a
:class:`~vbformats.errors.LossyConversionWarning`, and lists their positions in
``media.ringcentral.dropped_utterances``; the payload as read stays in
``media.ringcentral.raw``. Genuine overlapping speech (a backchannel, two people talking at
once) differs in text and is kept as overlapping turns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from vbformats.ringcentral.fast_stt import FastUtterance

__all__ = ["ECHO_MIN_WORDS", "ECHO_SIMILARITY", "echoes"]

#: Near-duplicate threshold of two utterance texts (rapidfuzz ``ratio``, 0..100).
ECHO_SIMILARITY = 85.0
#: An utterance shorter than this many words is never taken for an echo.
ECHO_MIN_WORDS = 3

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def _key(text: Any) -> str:
    return _NOT_ALNUM.sub(" ", text.lower()).strip() if isinstance(text, str) else ""


def echoes(utterances: Sequence[Any]) -> list[int]:
    """Positions of the cross-talk echoes in ``utterances`` (see the module docstring): dicts
    as sent (``start``, ``end``, ``text``, ``speakerId``, ``confidence``) or the typed
    :class:`~vbformats.ringcentral.models.Utterance` models."""
    from rapidfuzz import fuzz

    if all(type(u) is FastUtterance for u in utterances):
        # the structs hold floats (seconds, confidence) already: nothing to check per field
        fields: list[tuple[float | None, float | None, Any, Any, float | None]] = [
            (u.start, u.end, u.text, u.speaker_id, u.confidence) for u in utterances
        ]
    else:
        fields = [_fields(u) for u in utterances]
    spans = sorted(
        (start, end, index)
        for index, (start, end, _, _, _) in enumerate(fields)
        if start is not None and end is not None and end >= start
    )
    keys: dict[int, str] = {}  # built on first need: most utterances overlap nothing

    def short(index: int) -> bool:
        if index not in keys:
            keys[index] = _key(fields[index][2])
        return len(keys[index].split()) < ECHO_MIN_WORDS

    dropped: set[int] = set()
    count = len(spans)
    for position, (start, end, index) in enumerate(spans):
        if index in dropped:
            continue
        # by index, not a slice of the rest: a slice per utterance is quadratic
        for later in range(position + 1, count):
            other_start, other_end, other = spans[later]
            if other_start >= end:
                break  # sorted by start: nothing later overlaps
            if other in dropped or fields[other][3] == fields[index][3]:
                continue
            overlap = min(end, other_end) - other_start
            shorter = min(end - start, other_end - other_start)
            if shorter <= 0 or overlap < shorter / 2:
                continue
            if short(index):
                break
            if short(other):
                continue
            if fuzz.ratio(keys[index], keys[other]) < ECHO_SIMILARITY:
                continue
            dropped.add(_weaker(fields, index, other))
            if index in dropped:
                break
    return sorted(dropped)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _fields(utterance: Any) -> tuple[float | None, float | None, Any, Any, float | None]:
    if isinstance(utterance, dict):
        get = utterance.get
        return (
            _number(get("start")),
            _number(get("end")),
            get("text"),
            get("speakerId"),
            _number(get("confidence")),
        )
    return (
        _number(utterance.start),
        _number(utterance.end),
        utterance.text,
        utterance.speaker_id,
        _number(utterance.confidence),
    )


def _weaker(fields: list[tuple[Any, ...]], first: int, second: int) -> int:
    a = fields[first][4] if fields[first][4] is not None else -1.0
    b = fields[second][4] if fields[second][4] is not None else -1.0
    if a != b:
        return first if a < b else second
    return max(first, second)
