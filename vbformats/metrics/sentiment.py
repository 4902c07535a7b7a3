"""Sentiment: VoiceBase's 12 ``sentiment`` metrics, from the document's ``speakerSentiments``.

VoiceBase scores sentences (-1 very negative … 1 very positive) and sends them per speaker in
``speakerSentiments``; this module only summarises them. Every value is taken (values without
``v`` are skipped) and sorted by ``(s, e, original order)``; values without ``s`` sort last.

Thirds are of the list of values, ``k = ceil(n/3)`` (n = 5 → k = 2)::

    values (time order)   +0.6  +0.2  0.0  -0.4  -0.8
    start (first k=2)     [+0.6  +0.2)                    start-sentiment = +0.4
    end   (last k=2)                       [-0.4  -0.8)   end-sentiment = -0.6
    call-change-in-sentiment = end - start = -1.0          call-sentiment = -0.08

* ``call-sentiment`` = mean of all values; ``start-``/``end-sentiment`` = mean of the first/last
  third; ``call-change-in-sentiment`` = end − start (so −2 = started very positive and ended
  very negative, as the docs' range says);
* ``agent-``/``caller-sentiment``, ``-start-``, ``-end-``, ``-intra-call-change-in-sentiment``:
  the same over that role's values. Speaker names are cleaned and matched to the call's roles
  exactly, then case-insensitively.

Call-level metrics are defined for any call with values; per-role metrics need a two-party call.
"""

from __future__ import annotations

import math

from vbformats.metrics.base import ROLES, PreparedCall, mean, thirds
from vbformats.roles import Role
from vbformats.turns import clean_speaker_name

__all__ = ["sentiment_metrics"]


def _summary(values: list[float]) -> tuple[float | None, float | None, float | None, float | None]:
    """(mean, start, end, end − start) of values already in time order."""
    first, last = thirds(values)
    start = mean(first)
    end = mean(last)
    change = end - start if start is not None and end is not None else None
    return mean(values), start, end, change


def sentiment_metrics(call: PreparedCall) -> dict[str, int | float | None]:
    """The 12 sentiment metrics, keyed by VoiceBase name (``None`` = undefined)."""
    entries = call.media.speaker_sentiments if call.media is not None else None
    rows: list[tuple[float, float, int, float, Role | None]] = []
    order = 0
    for entry in entries or ():
        name = clean_speaker_name(entry.speaker_name) if entry.speaker_name is not None else None
        role = call.role_of(name)
        for value in entry.sentiment_values:
            if value.v is not None:
                s = float(value.s) if value.s is not None else math.inf
                e = float(value.e) if value.e is not None else math.inf
                rows.append((s, e, order, value.v, role))
            order += 1
    rows.sort(key=lambda row: (row[0], row[1], row[2]))

    values: dict[str, int | float | None] = {}
    overall: float | None
    start: float | None
    end: float | None
    change: float | None
    overall, start, end, change = _summary([row[3] for row in rows])
    values["call-sentiment"] = overall
    values["start-sentiment"] = start
    values["end-sentiment"] = end
    values["call-change-in-sentiment"] = change
    for role in ROLES:
        if call.two_party:
            overall, start, end, change = _summary([row[3] for row in rows if row[4] == role])
        else:
            overall = start = end = change = None
        values[f"{role}-sentiment"] = overall
        values[f"{role}-start-sentiment"] = start
        values[f"{role}-end-sentiment"] = end
        values[f"{role}-intra-call-change-in-sentiment"] = change
    return values
