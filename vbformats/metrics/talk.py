"""Talk time and rate: talk ratios, silence, talk rates and streaks (VoiceBase's 18
``talk-time-and-rate`` metrics).

Talk ratio (``A``, ``C`` = agent/caller segments, ``T`` = union of every speaker's segments;
one character = 500 ms)::

    seconds   0 1 2 3 4 5 6
    agent  A  [====)              |A| = 2500
    caller C      [======)        |C| = 3500
    T         [==========)        |T| = 5500
    agent-talk-ratio = 2500/5500 = 0.45   caller-talk-ratio = 3500/5500 = 0.64

Silence (``W = [0, L)`` minus ``T``; incidents are silent intervals longer than 4 s, leading and
trailing ones included)::

    seconds   0 1 2 3 4 5 6 7 8 9 10
    T         [==)     [=)            T = [0, 1500) [4500, 5500), L = 10000
    silence      [=====) [========)   3000 ms (not > 4000) and 4500 ms (an incident)
    silence-ratio = 7500/10000 = 0.75   silence-incidents = 1

Talk rate of X: ``R`` = X's streaks minus the other role's segments; ``N`` = X's speech words
whose midpoint ``(s+e)/2`` lies in ``R``; rate = ``N / (|R| / 60000)`` words per minute::

    agent words   aa aa aa aa aa aa aa
    agent streak  [===================)   no pause of 3 s or more
    caller C              [===)
    R             [=======)   [=======)   the 4th word's midpoint is under C: N = 6

Intra-call change in talk rate: rate on ``R ∩ [2L/3, L)`` / rate on ``R ∩ [0, L/3)``
(undefined when the first-third rate is 0 or undefined).

Streaks: per speaker, a new streak starts at a pause of ``streak_gap_ms`` (3000) or more;
duration = end − start in seconds::

    seconds   0 1 2 3 4 5 6 7 8 9 10  12
    words     [=)[=) [=)       [==)[=)
    streaks   [========)       [=====)   pause 4500 -> 8500 is >= 3 s: 2 streaks, 4.5 s and 3 s

Role streak metrics use the role's streaks; ``average-``/``longest-``/``median-streak`` pool
both roles' streaks (a call that is not two-party pools the streaks of every speaker present).
Medians of an even count are the mean of the two middle values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from vbformats.metrics.base import ROLES, PreparedCall
from vbformats.roles import Role
from vbformats.spans import arrays as spans
from vbformats.spans.arrays import Spans

__all__ = ["Silence", "Streak", "talk_metrics"]

_MS_PER_MINUTE = 60_000


@dataclass(frozen=True, slots=True)
class Silence:
    """A maximal interval of the call window where nobody talks.

    Attributes:
        start_ms: Start (ms, inclusive).
        end_ms: End (ms, exclusive).
        is_incident: Longer than ``silence_min_ms`` (counted by ``silence-incidents``).
    """

    start_ms: int
    end_ms: int
    is_incident: bool

    @property
    def duration_ms(self) -> int:
        """``end_ms - start_ms``."""
        return self.end_ms - self.start_ms


@dataclass(frozen=True, slots=True)
class Streak:
    """One speaker's streak: talk without a pause of ``streak_gap_ms`` or more.

    Attributes:
        speaker: Speaker name (``None`` in mono files).
        role: ``"agent"``, ``"caller"`` or ``None``.
        start_ms: Start of its first word (ms).
        end_ms: Largest end of its words (ms).
    """

    speaker: str | None
    role: Role | None
    start_ms: int
    end_ms: int

    @property
    def duration_ms(self) -> int:
        """``end_ms - start_ms``."""
        return self.end_ms - self.start_ms


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _streak_stats(streaks: Spans) -> tuple[float | None, float | None, float | None]:
    """Average, longest and median duration in seconds (``None`` without streaks).

    ``(end - start) / 1000`` in numpy is the same correctly rounded double as in Python (the
    integers are exact in float64), and the average sums them left to right in the given order.
    """
    seconds: list[float] = ((streaks[1] - streaks[0]) / 1000).tolist()
    if not seconds:
        return None, None, None
    return sum(seconds) / len(seconds), max(seconds), _median(seconds)


def _doubled_midpoints(call: PreparedCall, role: Role) -> npt.NDArray[np.int64]:
    """``s + e`` (twice the midpoint) of the role's words, sorted: exact integers, no ``/ 2``."""
    words = call.role_word_array(role)
    doubled = call.start_array[words] + call.end_array[words]
    doubled.sort()
    return doubled


def _count_in(doubled: npt.NDArray[np.int64], region: Spans, low: int, high: int) -> int:
    """How many doubled midpoints ``d`` lie in ``region`` with ``low <= d < high``.

    A midpoint ``d/2`` lies in ``[rs, re)`` exactly when ``2*rs <= d < 2*re``; each piece of
    the region is two binary searches in the sorted midpoints, never a loop over words.
    """
    if not len(region[0]):
        return 0
    lo = np.maximum(region[0] * 2, low)
    hi = np.minimum(region[1] * 2, high)
    counts = np.searchsorted(doubled, hi, side="left") - np.searchsorted(doubled, lo, side="left")
    return int(counts[hi > lo].sum())


def _third_length_x3(region: Spans, low_x3: int, high_x3: int) -> int:
    """``3 × |region ∩ [low_x3/3, high_x3/3)|``: thirds of ``L`` in exact integer arithmetic."""
    return spans.clipped_total((region[0] * 3, region[1] * 3), low_x3, high_x3)


def _rates(call: PreparedCall, role: Role, other: Role) -> tuple[float | None, float | None]:
    """(talk rate, intra-call change in talk rate) of ``role``."""
    region = spans.subtract(
        spans.union(call.role_streak_arrays(role)), call.role_segment_arrays(other)
    )
    size = spans.total(region)
    doubled = _doubled_midpoints(call, role)
    unbounded = 1 << 62
    count = _count_in(doubled, region, -unbounded, unbounded)
    rate = count * _MS_PER_MINUTE / size if size > 0 else None

    length = call.length_ms
    # Thirds [0, L/3) and [2L/3, L) without fractions: lengths are taken ×3, and a doubled
    # midpoint d is in the first third when 3d < 2L (d < ceil(2L/3)), in the last when
    # 4L <= 3d < 6L (ceil(4L/3) <= d < 2L).
    first_x3 = _third_length_x3(region, 0, length)
    last_x3 = _third_length_x3(region, 2 * length, 3 * length)
    first_count = _count_in(doubled, region, -unbounded, (2 * length + 2) // 3)
    last_count = _count_in(doubled, region, (4 * length + 2) // 3, 2 * length)
    # rate on a region of 3*|R| ms: count / (|R| / 60000) = count * 3 * 60000 / (3*|R|)
    first_rate = first_count * 3 * _MS_PER_MINUTE / first_x3 if first_x3 > 0 else None
    last_rate = last_count * 3 * _MS_PER_MINUTE / last_x3 if last_x3 > 0 else None
    change = None
    if first_rate and last_rate is not None:  # first third 0 or undefined -> undefined
        change = last_rate / first_rate
    return rate, change


def talk_metrics(call: PreparedCall) -> tuple[dict[str, int | float | None], Spans]:
    """The 18 talk-time-and-rate metrics and the silent intervals.

    Returns:
        ``(values, silent)``; values keyed by VoiceBase name (``None`` = undefined), ``silent``
        = the normalized gaps of ``[0, L)`` as a span array (see :class:`Silence`). The streaks
        themselves are ``call.streaks`` (see :class:`Streak`).
    """
    values: dict[str, int | float | None] = {}
    length = call.length_ms
    everyone = call.all_segment_arrays()
    talk_total = spans.total(everyone)

    two_party = call.two_party
    for role in ROLES:
        values[f"{role}-talk-ratio"] = (
            spans.total(call.role_segment_arrays(role)) / talk_total
            if two_party and talk_total > 0
            else None
        )

    silent = spans.gaps(everyone, 0, length)
    minimum = call.params.silence_min_ms
    values["silence-ratio"] = spans.total(silent) / length if length > 0 else None
    values["silence-incidents"] = int(np.count_nonzero(silent[1] - silent[0] > minimum))

    rates: dict[str, tuple[float | None, float | None]] = {}
    if two_party:
        rates["agent"] = _rates(call, "agent", "caller")
        rates["caller"] = _rates(call, "caller", "agent")
    agent_rate, agent_change = rates.get("agent", (None, None))
    caller_rate, caller_change = rates.get("caller", (None, None))
    values["agent-talk-rate"] = agent_rate
    values["caller-talk-rate"] = caller_rate
    values["agent-to-caller-talk-rate-ratio"] = (
        agent_rate / caller_rate if agent_rate is not None and caller_rate else None
    )
    values["agent-intra-call-change-in-talk-rate"] = agent_change
    values["caller-intra-call-change-in-talk-rate"] = caller_change

    for role in ROLES:
        average, longest, median = (
            _streak_stats(call.role_streak_arrays(role)) if two_party else (None, None, None)
        )
        values[f"{role}-average-streak"] = average
        values[f"{role}-longest-streak"] = longest
        values[f"{role}-median-streak"] = median
    if two_party:
        parts = [call.role_streak_arrays("agent"), call.role_streak_arrays("caller")]
    else:
        parts = list(call.streak_arrays.values())
    pooled = (
        (np.concatenate([part[0] for part in parts]), np.concatenate([part[1] for part in parts]))
        if parts
        else spans.empty()
    )
    average, longest, median = _streak_stats(pooled)
    values["average-streak"] = average
    values["longest-streak"] = longest
    values["median-streak"] = median

    return values, silent
