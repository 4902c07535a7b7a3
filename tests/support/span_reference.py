"""The plain sweeps the span algebra was first written as: the reference model of the tests.

vbformats implements the algebra once, on numpy arrays (vbformats/spans/arrays.py); these
pure-Python sweeps (a sort, then one pass) are the independent model the array code is checked
against on random inputs (tests/spans/test_span_arrays.py). No tests here.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise
from operator import itemgetter

Span = tuple[int, int]


def normalize(spans: Iterable[Span]) -> list[Span]:
    return merge_with_gap(spans, 0)


def union(*span_lists: Iterable[Span]) -> list[Span]:
    merged: list[Span] = []
    for spans in span_lists:
        merged.extend(spans)
    return normalize(merged)


def merge_with_gap(spans: Iterable[Span], join_gap_ms: int) -> list[Span]:
    result: list[Span] = []
    current_start = current_end = 0
    open_span = False
    for start, end in sorted(spans):
        if end <= start:
            if end < start:
                raise ValueError(f"span ({start}, {end}) ends before it starts")
            continue
        if open_span and start - current_end <= join_gap_ms:
            if end > current_end:
                current_end = end
            continue
        if open_span:
            result.append((current_start, current_end))
        current_start, current_end = start, end
        open_span = True
    if open_span:
        result.append((current_start, current_end))
    return result


def overlaps(a: Sequence[Span], b: Sequence[Span]) -> Iterator[tuple[int, int, int, int]]:
    i = j = 0
    while i < len(a) and j < len(b):
        a_start, a_end = a[i]
        b_start, b_end = b[j]
        start = a_start if a_start > b_start else b_start
        end = a_end if a_end < b_end else b_end
        if start < end:
            yield start, end, i, j
        # advance whichever span ends first (both when they end together)
        if a_end <= b_end:
            i += 1
        if b_end <= a_end:
            j += 1


def intersect(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    return [(start, end) for start, end, _, _ in overlaps(a, b)]


def subtract(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    result: list[Span] = []
    append = result.append
    count = len(b)
    j = 0
    for start, end in a:
        cursor = start
        # skip spans of b that end before this span of a begins (j only moves forward)
        while j < count and b[j][1] <= cursor:
            j += 1
        k = j
        while k < count:
            b_start, b_end = b[k]
            if b_start >= end:
                break
            if b_start > cursor:
                append((cursor, b_start))
            if b_end > cursor:
                cursor = b_end
            if cursor >= end:
                break
            k += 1
        if cursor < end:
            append((cursor, end))
    return result


def gaps(spans: Sequence[Span], window: Span) -> list[Span]:
    low, high = window
    if high <= low:
        return []
    # the spans that reach into the window (normalized input: sorted, disjoint); only the
    # first and the last of them can stick out of it
    first = bisect_right(spans, (low, _INFINITY))
    if first and spans[first - 1][1] > low:
        first -= 1
    stop = bisect_left(spans, (high,))
    if stop <= first:
        return [(low, high)]
    inside = spans[first:stop]
    # the gaps are between consecutive spans, plus the leading and trailing ones
    result = [(e1, s2) for (_, e1), (s2, _) in pairwise(inside)]
    if inside[0][0] > low:
        result.insert(0, (low, inside[0][0]))
    if inside[-1][1] < high:
        result.append((inside[-1][1], high))
    return result


def total_length(spans: Iterable[Span]) -> int:
    if not isinstance(spans, (list, tuple)):
        spans = list(spans)
    # two C-level sums instead of a generator: this runs on tens of thousands of segments
    total: int = sum(map(_END, spans)) - sum(map(_START, spans))
    return total


def covered_length(spans: Iterable[Span]) -> int:
    return total_length(normalize(spans))


_START = itemgetter(0)
_END = itemgetter(1)
_INFINITY = 1 << 62
