"""The one place that pauses Python's cyclic garbage collector around a large build.

Loading 100,000 words, cutting them into cues, writing SRT, building DataFrame columns and
computing the metrics each allocate hundreds of thousands of small objects and no reference
cycle. With the collector on, every 700 allocations start a collection that walks the whole
growing heap (the word table's columns included): measured on the 100,000-token benchmark file
(issue #6), decoding the words went from 105 to 52 ms, ``WordTable.to_dicts`` from 262 to 60 ms,
building cues lost about 40% of its time, writing SRT about 14 ms. Nothing built under the pause
can form a cycle, so reference counting frees it all anyway.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the ``with`` block (or, as ``@gc_paused()``,
    for each call of a function).

    The collector is switched back on afterwards only if it was on, so a caller that disabled it
    keeps it disabled. Nesting is safe.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
