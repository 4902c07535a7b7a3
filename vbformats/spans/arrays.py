"""Span lists as numpy arrays: :mod:`vbformats.spans` for the metrics' large lists.

A **span array** is a pair ``(starts, ends)`` of ``int64`` arrays holding the half-open spans
``[starts[i], ends[i])`` in ms. It is *normalized* under the same rule as a span list: sorted,
every span non-empty, no two spans overlapping or touching. Every function gives exactly what
its :mod:`vbformats.spans` namesake gives for the same spans (the tests compare them on
random inputs), as arrays::

    a            [====)     [======)          a = [0, 2500) [4000, 7500)
    b               [====)     [=)            b = [1500, 4000) [5500, 6500)
    intersect       [=)        [=)            [1500, 2500) [5500, 6500)
    subtract     [==)       [==)  [=)         [0, 1500) [4000, 5500) [6500, 7500)
    gaps, W=[0,9000)   [)          [===)      [2500, 4000) [7500, 9000) of a

This is where the algebra is implemented; :mod:`vbformats.spans` is its list face. Arrays,
because a 100,000-word call has about 20,000 talk segments, and Python sweeps over span tuples
cost about a third of computing all the metrics (issue #6).
Here every operation is a sort, a running maximum or a binary search over whole arrays; the
pairs of overlapping spans are found with two ``searchsorted`` calls, so nothing is pairwise and
the work stays linear (``O(n log n)``) in the number of spans.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from vbformats.spans import Span

__all__ = [
    "Spans",
    "clipped_total",
    "empty",
    "from_list",
    "gaps",
    "intersect",
    "merge",
    "merge_sorted",
    "overlaps",
    "subtract",
    "to_list",
    "total",
    "union",
]

Ints = npt.NDArray[np.int64]
#: ``(starts, ends)``: the spans ``[starts[i], ends[i])`` in ms, as ``int64`` arrays.
Spans = tuple[Ints, Ints]


def empty() -> Spans:
    """No spans."""
    return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)


def from_list(spans: list[Span]) -> Spans:
    """A span array holding ``spans`` in the same order."""
    if not spans:
        return empty()
    pairs = np.array(spans, dtype=np.int64)
    return pairs[:, 0].copy(), pairs[:, 1].copy()


def to_list(spans: Spans) -> list[Span]:
    """The spans as ``(start_ms, end_ms)`` tuples of Python ints, in array order."""
    starts, ends = spans
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def total(spans: Spans) -> int:
    """Sum of ``end - start`` in ms (the covered time of a normalized array)."""
    starts, ends = spans
    return int(ends.sum() - starts.sum())


def merge_sorted(starts: Ints, ends: Ints, join_gap_ms: int) -> Spans:
    """:func:`vbformats.spans.merge_with_gap` for non-empty spans already sorted by start.

    A span starts a new merged span when ``start - reach > join_gap_ms``, ``reach`` being the
    largest end of all spans before it. That is the sweep's ``current_end``: spans of earlier
    merged spans end before the current one began, so the running maximum over everything
    before is the current merged span's end. The merged end is the maximum end of its spans.
    """
    if not len(starts):
        return empty()
    reach = np.maximum.accumulate(ends)
    new = np.empty(len(starts), dtype=np.bool_)
    new[0] = True
    np.greater(starts[1:] - reach[:-1], join_gap_ms, out=new[1:])
    first = np.flatnonzero(new)
    return starts[first], np.maximum.reduceat(ends, first)


def merge(spans: Spans, join_gap_ms: int) -> Spans:
    """:func:`vbformats.spans.merge_with_gap` of spans in any order: empty spans are dropped
    (they hold no time and must never bridge a gap), the rest sorted by start and merged.

    Raises:
        ValueError: a span ends before it starts.
    """
    starts, ends = spans
    if np.any(ends < starts):
        raise ValueError("a span ends before it starts")
    kept = ends > starts
    starts = starts[kept]
    ends = ends[kept]
    order = np.argsort(starts, kind="stable")
    return merge_sorted(starts[order], ends[order], join_gap_ms)


def union(*arrays: Spans) -> Spans:
    """Normalized union of span arrays (each in any order; empty spans are dropped)."""
    if not arrays:
        return empty()
    if len(arrays) == 1 and _is_normalized(arrays[0]):
        return arrays[0]
    starts = np.concatenate([spans[0] for spans in arrays])
    ends = np.concatenate([spans[1] for spans in arrays])
    return merge((starts, ends), 0)


def _is_normalized(spans: Spans) -> bool:
    starts, ends = spans
    return bool(np.all(ends > starts) and np.all(starts[1:] > ends[:-1]))


def gaps(spans: Spans, low: int, high: int) -> Spans:
    """The parts of the window ``[low, high)`` not covered by a normalized span array.

    Leading and trailing gaps are included; an empty window has no gaps.
    """
    if high <= low:
        return empty()
    starts = np.clip(spans[0], low, high)
    ends = np.clip(spans[1], low, high)
    inside = ends > starts
    gap_starts = np.concatenate(([low], ends[inside]))
    gap_ends = np.concatenate((starts[inside], [high]))
    kept = gap_ends > gap_starts
    return gap_starts[kept], gap_ends[kept]


def overlaps(a: Spans, b: Spans) -> tuple[Ints, Ints, npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Every non-empty overlap of two normalized span arrays, with where it came from.

    Returns:
        ``(starts, ends, index_in_a, index_in_b)`` in time order, like
        :func:`vbformats.spans.overlaps`.

    For each span of ``a``, the spans of ``b`` overlapping it are a contiguous index range:
    from the first whose end is after its start to the last whose start is before its end (both
    arrays are sorted). The ranges are expanded into pairs without a Python loop; there are at
    most ``len(a) + len(b)`` of them.
    """
    a_starts, a_ends = a
    b_starts, b_ends = b
    first = np.searchsorted(b_ends, a_starts, side="right")
    stop = np.searchsorted(b_starts, a_ends, side="left")
    counts = np.maximum(stop - first, 0)
    index_a = np.repeat(np.arange(len(a_starts)), counts)
    # position of each pair inside its range: a running count restarted at every span of a
    offsets = np.cumsum(counts) - counts
    index_b = first[index_a] + np.arange(len(index_a)) - offsets[index_a]
    starts = np.maximum(a_starts[index_a], b_starts[index_b])
    ends = np.minimum(a_ends[index_a], b_ends[index_b])
    return starts, ends, index_a, index_b


def intersect(a: Spans, b: Spans) -> Spans:
    """``a ∩ b`` of two normalized span arrays, normalized."""
    starts, ends, _, _ = overlaps(a, b)
    return starts, ends


def subtract(a: Spans, b: Spans) -> Spans:
    """``a`` minus ``b`` of two normalized span arrays, normalized: ``a`` ∩ the gaps of ``b``
    over the window ``a`` spans."""
    if not len(a[0]):
        return empty()
    return intersect(a, gaps(b, int(a[0][0]), int(a[1][-1])))


def clipped_total(spans: Spans, low: int, high: int) -> int:
    """``|spans ∩ [low, high)|`` in ms for a normalized span array (0 when ``high <= low``)."""
    lengths = np.minimum(spans[1], high) - np.maximum(spans[0], low)
    return int(lengths[lengths > 0].sum())
