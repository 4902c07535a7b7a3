"""The span algebra (vbformats.spans.arrays) gives what the plain sweeps give.

The sweeps the metrics were first defined on are kept as the reference model in
tests/support/span_reference.py (vbformats.spans, the list face, is checked against sets of
instants in test_spans.py); the arrays must agree with them on every input, as lists of ints.
"""

from __future__ import annotations

import numpy as np
import pytest
import span_reference as intervals
from hypothesis import given
from hypothesis import strategies as st

from vbformats.spans import arrays as spans

raw_spans = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 12)).map(
        lambda p: (p[0] * 50, (p[0] + p[1]) * 50)
    ),
    max_size=25,
)


def arrays(span_list: list[tuple[int, int]]) -> spans.Spans:
    return spans.from_list(span_list)


def test_worked_example_of_the_module_docstring():
    a = arrays([(0, 2500), (4000, 7500)])
    b = arrays([(1500, 4000), (5500, 6500)])
    assert spans.to_list(spans.intersect(a, b)) == [(1500, 2500), (5500, 6500)]
    assert spans.to_list(spans.subtract(a, b)) == [(0, 1500), (4000, 5500), (6500, 7500)]
    assert spans.to_list(spans.gaps(a, 0, 9000)) == [(2500, 4000), (7500, 9000)]
    starts, ends, in_a, in_b = spans.overlaps(a, b)
    assert [starts.tolist(), ends.tolist()] == [[1500, 5500], [2500, 6500]]
    assert [in_a.tolist(), in_b.tolist()] == [[0, 1], [0, 1]]
    assert spans.total(a) == 6000
    assert spans.clipped_total(a, 2000, 5000) == 1500


def test_empty_inputs():
    nothing = spans.empty()
    assert spans.to_list(spans.union()) == []
    assert spans.to_list(spans.union(nothing, nothing)) == []
    assert spans.to_list(spans.gaps(nothing, 0, 10)) == [(0, 10)]
    assert spans.to_list(spans.gaps(nothing, 10, 10)) == []
    assert spans.to_list(spans.subtract(nothing, arrays([(0, 5)]))) == []
    assert spans.to_list(spans.subtract(arrays([(0, 5)]), nothing)) == [(0, 5)]
    assert spans.total(nothing) == 0
    assert spans.to_list(spans.merge_sorted(nothing[0], nothing[1], 100)) == []


def test_union_refuses_a_span_ending_before_it_starts():
    with pytest.raises(ValueError):
        spans.union(arrays([(10, 5), (0, 1)]))


def test_to_list_gives_python_ints():
    ((start, end),) = spans.to_list(arrays([(1, 2)]))
    assert type(start) is int and type(end) is int


@given(raw_spans, raw_spans)
def test_union_and_normalize_agree(a, b):
    assert spans.to_list(spans.union(arrays(a), arrays(b))) == intervals.union(a, b)
    assert spans.to_list(spans.union(arrays(a))) == intervals.normalize(a)


@given(raw_spans, st.integers(0, 400))
def test_merge_sorted_agrees_with_merge_with_gap(a, gap):
    ordered = sorted(span for span in a if span[1] > span[0])
    merged = spans.merge_sorted(
        np.array([s for s, _ in ordered], dtype=np.int64),
        np.array([e for _, e in ordered], dtype=np.int64),
        gap,
    )
    assert spans.to_list(merged) == intervals.merge_with_gap(ordered, gap)


@given(raw_spans, raw_spans)
def test_overlaps_intersect_subtract_agree(a, b):
    na, nb = intervals.normalize(a), intervals.normalize(b)
    starts, ends, in_a, in_b = spans.overlaps(arrays(na), arrays(nb))
    got = list(zip(starts.tolist(), ends.tolist(), in_a.tolist(), in_b.tolist(), strict=True))
    assert got == list(intervals.overlaps(na, nb))
    assert spans.to_list(spans.intersect(arrays(na), arrays(nb))) == intervals.intersect(na, nb)
    assert spans.to_list(spans.subtract(arrays(na), arrays(nb))) == intervals.subtract(na, nb)


@given(raw_spans, st.integers(-100, 3500), st.integers(-100, 3500))
def test_gaps_and_clipped_total_agree(a, low, high):
    na = intervals.normalize(a)
    assert spans.to_list(spans.gaps(arrays(na), low, high)) == intervals.gaps(na, (low, high))
    clipped = intervals.intersect(na, [(low, high)]) if high > low else []
    assert spans.clipped_total(arrays(na), low, high) == intervals.total_length(clipped)
    assert spans.total(arrays(na)) == intervals.total_length(na)
