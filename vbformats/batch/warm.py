"""Imported once by a ``forkserver`` before it forks workers (see ``pool.mp_context``).

A worker forked from a warm server starts with the formats registry, the readers, pandas and the
table builders already imported and their first-use set-up done, instead of paying ~1 s for it
in every worker of every pool (a notebook that uses a Dask client runs threads, so its pools
use ``forkserver``). A failure here only costs that time back: it is never raised.
"""

from __future__ import annotations

import contextlib

_VOICEBASE = (
    b'{"mediaId": "warm-up", "transcript": {"words": ['
    b'{"p": 0, "c": 1.0, "s": 0, "e": 400, "w": "hello", "m": null},'
    b'{"p": 1, "c": 1.0, "s": 500, "e": 900, "w": "there"}]}}'
)


def warm() -> None:
    """Import and exercise what every many-file job uses (a two-word call, three tables)."""
    from vbformats import formats, frames

    formats.formats()
    for table in ("words", "turns", "call_metrics"):
        frames.build(table, [_VOICEBASE], errors="collect")


with contextlib.suppress(Exception):  # warming is an optimisation only
    warm()
