"""Half-open integer-ms span algebra: hand-drawn cases, and laws checked against sets of
milliseconds (an independent model: a span [s, e) is the set {s, ..., e-1})."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vbformats.intervals import (
    covered_length,
    find_containing,
    gaps,
    intersect,
    merge_with_gap,
    normalize,
    overlaps,
    subtract,
    total_length,
    union,
)
from vbformats.metrics.base import merge_sorted

# --- hand-drawn ---------------------------------------------------------------------------------


def test_normalize_merges_overlapping_and_touching_spans_and_drops_empty_ones():
    """::

    ms     0    5    9   12        20
    in     [====)                        (0,5)
                [===)                    (5,9) touches (0,5)
                  [====)                 (7,12)
                               |         (20,20) empty
    out    [===========)                 (0,12)
    """
    assert normalize([(5, 9), (0, 5), (20, 20), (7, 12)]) == [(0, 12)]
    assert normalize([]) == []


def test_merge_with_gap_joins_gaps_up_to_the_limit():
    """::

    ms     0     1000 1050  2000  2500  3000
    in     [=====)    [=====)     [=====)
    100    [================)     [=====)      gap 50 joins, gap 500 does not
    500    [==============================)
    """
    spans = [(2500, 3000), (0, 1000), (1050, 2000)]
    assert merge_with_gap(spans, 100) == [(0, 2000), (2500, 3000)]
    assert merge_with_gap(spans, 500) == [(0, 3000)]
    assert merge_with_gap(spans, 499) == [(0, 2000), (2500, 3000)]


def test_merge_keeps_the_largest_end_when_a_short_span_sits_inside_a_long_one():
    """::

    ms     0        100 200       5000  5050
    in     [=====================)
                    [==)                      inside
                                        [==)  starts 50 after 5000 (not after 200)
    out    [==================================)
    """
    assert merge_with_gap([(0, 5000), (100, 200), (5050, 5100)], 100) == [(0, 5100)]


def test_negative_gap_merges_only_real_overlaps():
    """A rule "new run at a gap >= g" is ``merge_with_gap(spans, g - 1)``: with g = 0, touching
    spans stay apart and overlapping ones merge."""
    assert merge_with_gap([(0, 10), (10, 20), (15, 30)], -1) == [(0, 10), (10, 30)]


def test_intersect_subtract_gaps():
    """::

    ms     0    1000 2000 3000 4000 5000 6000
    a      [=========)    [==============)
    b           [===================)
    a∩b         [====)    [=========)
    a-b    [====)                   [====)
    gaps of a in [0, 7000): [2000,3000) [6000,7000)
    """
    a = [(0, 2000), (3000, 6000)]
    b = [(1000, 5000)]
    assert intersect(a, b) == [(1000, 2000), (3000, 5000)]
    assert subtract(a, b) == [(0, 1000), (5000, 6000)]
    assert gaps(a, (0, 7000)) == [(2000, 3000), (6000, 7000)]
    assert gaps(a, (0, 0)) == []
    assert gaps([], (0, 10)) == [(0, 10)]
    assert list(overlaps(a, b)) == [(1000, 2000, 0, 0), (3000, 5000, 1, 0)]


def test_lengths_and_containment():
    assert total_length([(0, 10), (20, 25)]) == 15
    assert covered_length([(0, 10), (5, 15), (15, 15)]) == 15
    spans = [(0, 10), (20, 25)]
    assert find_containing(spans, 0) == 0
    assert find_containing(spans, 9) == 0
    assert find_containing(spans, 10) is None  # half-open: the end is outside
    assert find_containing(spans, 20) == 1
    assert find_containing(spans, 30) is None
    assert find_containing([], 3) is None


def test_a_span_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="ends before it starts"):
        normalize([(5, 3)])


# --- laws against sets of milliseconds ---------------------------------------------------------

spans_strategy = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 15)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=12,
)


def points(spans: list[tuple[int, int]]) -> set[int]:
    return {t for s, e in spans for t in range(s, e)}


def is_normalized(spans: list[tuple[int, int]]) -> bool:
    return all(s < e for s, e in spans) and all(
        e1 < s2 for (_, e1), (s2, _) in itertools.pairwise(spans)
    )


@given(spans_strategy, st.integers(-5, 90), st.integers(-5, 90))
def test_gaps_of_any_window_match_sets_of_milliseconds(spans, low, high):
    normalized = normalize(spans)
    result = gaps(normalized, (low, high))
    assert points(result) == set(range(low, high)) - points(spans)
    assert is_normalized(result)


@given(spans_strategy)
def test_normalize_is_the_same_set_in_canonical_form(spans):
    result = normalize(spans)
    assert is_normalized(result)
    assert points(result) == points(spans)
    assert total_length(result) == len(points(spans)) == covered_length(spans)


@given(spans_strategy, spans_strategy)
def test_set_operations_match_sets_of_milliseconds(a, b):
    na, nb = normalize(a), normalize(b)
    assert points(union(a, b)) == points(a) | points(b)
    assert points(intersect(na, nb)) == points(a) & points(b)
    assert points(subtract(na, nb)) == points(a) - points(b)
    assert points(gaps(nb, (0, 80))) == set(range(80)) - points(b)
    for result in (union(a, b), intersect(na, nb), subtract(na, nb), gaps(nb, (0, 80))):
        assert is_normalized(result)
    for start, end, i, j in overlaps(na, nb):
        assert na[i][0] <= start < end <= na[i][1]
        assert nb[j][0] <= start < end <= nb[j][1]


@given(spans_strategy, st.integers(0, 10))
def test_merge_with_gap_fills_exactly_the_gaps_up_to_the_limit(spans, gap):
    """Independent model: take the covered milliseconds, then fill every hole between two
    covered runs that is at most ``gap`` long."""
    covered = points(spans)
    filled = set(covered)
    ordered = sorted(covered)
    for left, right in itertools.pairwise(ordered):
        if 1 < right - left <= gap + 1:
            filled.update(range(left + 1, right))
    result = merge_with_gap(spans, gap)
    assert points(result) == filled
    assert is_normalized(result)
    for (_, e1), (s2, _) in itertools.pairwise(result):
        assert s2 - e1 > gap


@given(spans_strategy, st.integers(0, 10), st.integers(0, 10))
def test_a_larger_gap_never_gives_more_spans(spans, gap, extra):
    assert len(merge_with_gap(spans, gap + extra)) <= len(merge_with_gap(spans, gap))


@given(spans_strategy, st.integers(0, 3000))
def test_array_merge_used_by_the_metrics_equals_the_sweep(spans, gap):
    ordered = sorted((s * 50, e * 50) for s, e in spans if e > s)
    starts = np.array([s for s, _ in ordered], dtype=np.int64)
    ends = np.array([e for _, e in ordered], dtype=np.int64)
    assert merge_sorted(starts, ends, gap) == merge_with_gap(ordered, gap)


@given(spans_strategy, st.integers(-5, 90))
def test_find_containing_matches_a_linear_scan(spans, instant):
    normalized = normalize(spans)
    expected = next((i for i, (s, e) in enumerate(normalized) if s <= instant < e), None)
    assert find_containing(normalized, instant) == expected
