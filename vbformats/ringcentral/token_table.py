"""The RingCentral word table: emitted text tokens (each with its trailing punctuation) as
columns, interleaved with punctuation tokens and turn markers by index arithmetic, then built
by :meth:`~vbformats.models.words.WordTable.from_columns` (one struct per token, no dict, no
JSON round trip; issue #17, row 5)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from vbformats.models.words import WordTable

__all__ = ["Items", "token_table"]

_TURN_CONFIDENCE = 1.0
_PUNC_CONFIDENCE = 1.0


@dataclass
class Items:
    """Emitted text tokens as columns, each with the punctuation that follows it (``""``)."""

    text: list[str] = field(default_factory=list)
    trail: list[str] = field(default_factory=list)
    start: list[int] = field(default_factory=list)
    end: list[int] = field(default_factory=list)
    confidence: list[float | None] = field(default_factory=list)
    speaker: list[str | None] = field(default_factory=list)
    estimated: list[bool] = field(default_factory=list)

    def add(
        self,
        text: str,
        trail: str,
        start_ms: int,
        end_ms: int,
        confidence: float | None,
        speaker: str | None,
        estimated: bool,
    ) -> None:
        self.text.append(text)
        self.trail.append(trail)
        self.start.append(start_ms)
        self.end.append(end_ms)
        self.confidence.append(confidence)
        self.speaker.append(speaker)
        self.estimated.append(estimated)


def token_table(items: Items, names: Callable[[str | None], str | None]) -> WordTable:
    """Tokens (each item, then its punctuation) with a turn marker before every change of
    speaker (when any token has one), numbered from 1."""
    count = len(items.text)
    has_trail = np.fromiter(map(bool, items.trail), dtype=bool, count=count)
    # token positions: each item after the punctuation tokens of the items before it
    at = np.arange(count) + np.cumsum(has_trail) - has_trail
    after = at[has_trail] + 1
    total = count + len(after)
    item_end = np.asarray(items.end, dtype=np.int64)
    item_start = np.asarray(items.start, dtype=np.int64)
    start = np.empty(total, dtype=np.int64)
    end = np.empty(total, dtype=np.int64)
    start[at] = item_start
    end[at] = np.maximum(item_end, item_start)
    start[after] = end[after] = item_end[has_trail]
    text = _objects(total, at, items.text, after, _pick(items.trail, has_trail))
    confidence = _objects(total, at, items.confidence, after, _PUNC_CONFIDENCE)
    speaker = _objects(total, at, items.speaker, after, _pick(items.speaker, has_trail))
    flags = _objects(total, at, None, after, "punc")
    estimated = np.zeros(total, dtype=bool)
    estimated[at] = items.estimated

    if any(s is not None for s in items.speaker):
        # a marker before each run of one speaker: w = its name, s/e = the run's span
        codes = {s: k for k, s in enumerate(dict.fromkeys(items.speaker))}
        code = np.fromiter(map(codes.__getitem__, speaker.tolist()), dtype=np.int64, count=total)
        runs = np.flatnonzero(np.concatenate(([True], code[1:] != code[:-1])))
        run_speakers = speaker[runs].tolist()
        marker_names = [names(s) or "Unknown" for s in run_speakers]
        marker_ends = np.maximum.reduceat(end, runs)
        is_run = np.zeros(total, dtype=bool)
        is_run[runs] = True
        token_at = np.arange(total) + np.cumsum(is_run)
        marker_at = runs + np.arange(len(runs))
        size = total + len(runs)
        start = _numbers(size, token_at, start, marker_at, start[runs])
        end = _numbers(size, token_at, end, marker_at, marker_ends)
        text = _objects(size, token_at, text, marker_at, marker_names)
        confidence = _objects(size, token_at, confidence, marker_at, _TURN_CONFIDENCE)
        flags = _objects(size, token_at, flags, marker_at, "turn")
        marked = np.zeros(size, dtype=bool)
        marked[token_at] = estimated
        estimated = marked
        total = size
    any_estimated = bool(estimated.any())
    return WordTable.from_columns(
        start.tolist(),
        end.tolist(),
        text.tolist(),
        flags_text=flags.tolist(),
        confidence=confidence.tolist(),
        estimated=estimated.tolist() if any_estimated else None,
        position=range(1, total + 1),
    )


def _pick(values: list[Any], mask: npt.NDArray[np.bool_]) -> npt.NDArray[Any]:
    return _object_array(values)[mask]


def _object_array(values: Any) -> npt.NDArray[Any]:
    """A 1-d object array of ``values`` (a list of anything, strings and tuples stay items)."""
    if isinstance(values, np.ndarray):
        return values
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def _objects(
    size: int,
    first_at: npt.NDArray[np.intp],
    first: Any,
    second_at: npt.NDArray[np.intp],
    second: Any,
) -> npt.NDArray[Any]:
    """An object column of ``size``: ``first`` (values, or ``None``) at ``first_at``, ``second``
    (values or one value) at ``second_at``."""
    out = np.empty(size, dtype=object)  # None everywhere
    if first is not None:
        out[first_at] = _object_array(first)
    if len(second_at):
        out[second_at] = second if not isinstance(second, list) else _object_array(second)
    return out


def _numbers(
    size: int,
    first_at: npt.NDArray[np.intp],
    first: npt.NDArray[np.int64],
    second_at: npt.NDArray[np.intp],
    second: npt.NDArray[np.int64],
) -> npt.NDArray[np.int64]:
    out = np.empty(size, dtype=np.int64)
    out[first_at] = first
    out[second_at] = second
    return out
