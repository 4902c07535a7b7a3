"""The call report under extreme times (found by tests/hostile/test_hostile_entry_points.py).

A word ending at 10**18 ms made the report's time axis a list of 10**10 ticks (MemoryError), and
times near 2**63 ms wrapped int64 in the sentiment and voice buckets (a negative bucket:
``np.bincount`` raised ValueError). Whatever range of times ``load`` accepts, the report's
axis has at most nine ticks and every bucket index is in range.
"""

from __future__ import annotations

import itertools
import subprocess
import sys

import numpy as np
import pytest

from vbformats.reports.sections import _buckets
from vbformats.reports.svg import time_ticks

DAY = 86_400_000


@pytest.mark.parametrize("length", [1, 999, 60_000, 3_600_000, 8 * DAY, 10 * DAY, 400 * DAY])
def test_the_time_axis_has_round_ticks_and_at_most_nine(length):
    ticks = time_ticks(length)
    assert 1 <= len(ticks) <= 9
    assert ticks[0] == 0 and ticks[-1] <= length
    steps = {b - a for a, b in itertools.pairwise(ticks)}
    assert len(steps) <= 1  # evenly spaced
    if length > 8 * DAY:
        assert all(step % DAY == 0 for step in steps)  # whole days


_HUGE = """
import resource
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # a runaway list dies, not CI
from vbformats.reports.svg import time_ticks
for length in (10**18, 2**63 - 1, 10**30):
    ticks = time_ticks(length)
    assert 1 <= len(ticks) <= 9 and ticks[-1] <= length, (length, len(ticks))
print("ok")
"""


def test_the_time_axis_of_an_enormous_length_is_still_nine_ticks():
    done = subprocess.run(
        [sys.executable, "-c", _HUGE], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


@pytest.mark.parametrize("length", [10_000, 2**62, 2**63 - 1])
def test_buckets_stay_in_range_for_times_near_int64(length):
    times = np.array([0, 1, length // 3, length - 1, length, 2**63 - 1], dtype=np.int64)
    index = _buckets(times, length, 300)
    assert index.dtype.kind == "i"
    assert int(index.min()) >= 0 and int(index.max()) <= 299
    assert list(index) == sorted(index)  # later times never fall in earlier buckets
    assert index[0] == 0 and index[-1] == 299


def test_buckets_are_exact_for_ordinary_calls():
    times = np.arange(0, 600_000, 137, dtype=np.int64)
    assert list(_buckets(times, 600_000, 300)) == [t * 300 // 600_000 for t in times.tolist()]


@pytest.mark.parametrize("start", [2**61, 2**62, 2**63 - 10])
def test_a_report_of_words_near_int64_is_built_or_refused_at_load(start):
    """Either ``load`` refuses such times (a valid time range) or the report copes with them:
    the voice plot's word midpoints used to overflow int64 ((s + e) // 2)."""
    import vbformats

    words = [{"s": 0, "e": 0, "w": "Agent", "m": "turn"}, {"s": 0, "e": 10, "w": "hi", "v": 1.0}]
    words.append({"s": start, "e": 2**63 - 1, "w": "there", "v": 2.0})
    try:
        media = vbformats.load({"length": 1, "transcript": {"words": words}})
    except vbformats.InvalidInputError:
        return
    from vbformats.reports.sections import voice_section

    section = voice_section(media, lambda name: 0, 1)
    assert section is not None and section.volume
    times = [time for series in section.volume for time, _ in series.points]
    assert times and all(0 <= time < 2**63 for time in times)
