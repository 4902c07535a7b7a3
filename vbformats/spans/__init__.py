"""Half-open integer-millisecond spans and their algebra.

A span is a ``(start_ms, end_ms)`` tuple meaning the half-open interval ``[start, end)``: it
contains ``start`` and not ``end``, so ``[0, 1000)`` and ``[1000, 2000)`` share no instant and
together cover ``[0, 2000)`` exactly. A span with ``end == start`` is empty.

A **span list** is *normalized* when it is sorted, every span is non-empty, and no two spans
overlap or touch. Normalized lists are sets of instants with one canonical form: equal sets give
equal lists, and :func:`total_length` is just the sum of lengths.

This is the list face of the one interval algebra, which is implemented on numpy arrays in
:mod:`vbformats.spans.arrays` (imported when an operation runs, so importing this module stays
light): every operation is a sort, a running maximum or a binary search, nothing compares spans
pairwise. The conversation metrics
(:mod:`vbformats.metrics`) are built from these pieces::

    words     [==)  [===)[=)      [==)
    union     [==)  [======)      [==)        normalize()
    gap 100   [==============)    [==)        merge_with_gap(spans, 100)

Anchor: pyannote/pyannote-core ``timeline.py`` (``support``, ``gaps``), with integer ms instead
of float seconds so results are exact.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter
from typing import Any

__all__ = [
    "Span",
    "covered_length",
    "find_containing",
    "gaps",
    "intersect",
    "merge_with_gap",
    "normalize",
    "overlaps",
    "subtract",
    "total_length",
    "union",
]

#: ``(start_ms, end_ms)``, the half-open interval ``[start_ms, end_ms)``.
Span = tuple[int, int]


def _arrays() -> Any:
    # numpy only when an operation runs: `import vbformats.spans` stays light
    from vbformats.spans import arrays

    return arrays


def normalize(spans: Iterable[Span]) -> list[Span]:
    """The union of ``spans`` as a normalized list.

    Overlapping and touching spans are merged (``[0, 5) + [5, 9) → [0, 9)``); empty spans are
    dropped (they hold no instant). Input order does not matter.

    Args:
        spans: Any spans, in any order; ``end < start`` is not allowed.

    Returns:
        Sorted, non-empty, non-touching spans.

    Raises:
        ValueError: a span ends before it starts.

    Example::

        >>> normalize([(5, 9), (0, 5), (20, 20), (7, 12)])
        [(0, 12)]
    """
    return merge_with_gap(spans, 0)


def union(*span_lists: Iterable[Span]) -> list[Span]:
    """Normalized union of several span lists (each in any order)."""
    merged: list[Span] = []
    for spans in span_lists:
        merged.extend(spans)
    return normalize(merged)


def merge_with_gap(spans: Iterable[Span], join_gap_ms: int) -> list[Span]:
    """Merge spans whose gap is at most ``join_gap_ms``: sort, then one sweep.

    A span joins the current merged span when ``span.start - current_end <= join_gap_ms``,
    where ``current_end`` is the largest end seen so far in the current merged span (so a long
    span followed by shorter spans inside it keeps its end). Empty spans are dropped before
    merging: they hold no time and must never bridge a gap.

    ``join_gap_ms = 0`` merges touching and overlapping spans (that is :func:`normalize`); a
    negative gap ``-k`` merges only spans that overlap the current one by at least ``k`` ms.
    Times are integers, so a rule "a new run starts when the gap is ``>= g``" is exactly
    ``merge_with_gap(spans, g - 1)``.

    Args:
        spans: Spans in any order.
        join_gap_ms: Largest gap (ms) that still joins two spans.

    Returns:
        Merged spans, sorted by start. With ``join_gap_ms >= 0`` the result is normalized.

    Raises:
        ValueError: a span ends before it starts.

    Example::

        >>> merge_with_gap([(0, 1000), (1050, 2000), (2500, 3000)], 100)
        [(0, 2000), (2500, 3000)]
    """
    pairs = spans if isinstance(spans, list) else list(spans)
    if not pairs:
        return []
    arrays = _arrays()
    result: list[Span] = arrays.to_list(arrays.merge(arrays.from_list(pairs), join_gap_ms))
    return result


def overlaps(a: Sequence[Span], b: Sequence[Span]) -> Iterator[tuple[int, int, int, int]]:
    """Every non-empty overlap of two normalized lists, with where it came from.

    Args:
        a: A normalized span list.
        b: A normalized span list.

    Yields:
        ``(start_ms, end_ms, index_in_a, index_in_b)`` in time order; the pieces are disjoint
        and never touch (so each one is a maximal interval of ``a ∩ b``).
    """
    if not a or not b:
        return
    arrays = _arrays()
    starts, ends, index_a, index_b = arrays.overlaps(
        arrays.from_list(list(a)), arrays.from_list(list(b))
    )
    yield from zip(starts.tolist(), ends.tolist(), index_a.tolist(), index_b.tolist(), strict=True)


def intersect(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    """``a ∩ b`` of two normalized lists, normalized.

    Example::

        >>> intersect([(0, 2000)], [(1500, 3000)])
        [(1500, 2000)]
    """
    return [(start, end) for start, end, _, _ in overlaps(a, b)]


def subtract(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    """``a`` minus ``b`` for two normalized lists, normalized.

    Example::

        >>> subtract([(0, 10000)], [(1000, 2000), (5000, 6000)])
        [(0, 1000), (2000, 5000), (6000, 10000)]
    """
    if not a:
        return []
    if not b:
        return list(a)
    arrays = _arrays()
    result: list[Span] = arrays.to_list(
        arrays.subtract(arrays.from_list(list(a)), arrays.from_list(list(b)))
    )
    return result


def gaps(spans: Sequence[Span], window: Span) -> list[Span]:
    """The parts of ``window`` not covered by ``spans`` (a normalized list), normalized.

    Leading and trailing gaps are included: ``gaps([(3, 5)], (0, 10)) == [(0, 3), (5, 10)]``.
    An empty window has no gaps.
    """
    low, high = window
    if high <= low:
        return []
    if not spans:
        return [(low, high)]
    arrays = _arrays()
    result: list[Span] = arrays.to_list(arrays.gaps(arrays.from_list(list(spans)), low, high))
    return result


def total_length(spans: Iterable[Span]) -> int:
    """Sum of ``end - start`` in ms. Equals the covered time only for a normalized list
    (use :func:`covered_length` for anything else)."""
    if not isinstance(spans, (list, tuple)):
        spans = list(spans)
    # two C-level sums instead of a generator: this runs on tens of thousands of segments
    total: int = sum(map(_END, spans)) - sum(map(_START, spans))
    return total


def covered_length(spans: Iterable[Span]) -> int:
    """Milliseconds covered by the union of ``spans`` (any order, overlaps counted once)."""
    return total_length(normalize(spans))


def find_containing(spans: Sequence[Span], instant_ms: int) -> int | None:
    """Index of the span of a normalized list that contains ``instant_ms``, or ``None``.

    Binary search (``O(log n)``); ``[s, e)`` contains ``s`` and not ``e``.
    """
    index = bisect_right(spans, (instant_ms, _INFINITY)) - 1
    if index >= 0 and spans[index][0] <= instant_ms < spans[index][1]:
        return index
    return None


_START = itemgetter(0)
_END = itemgetter(1)

# larger than any end, so (t, _INFINITY) sorts after every span starting at t
_INFINITY = 1 << 62
