"""Metric names and groups, exactly as VoiceBase spells them, plus vbformats' extensions.

The order inside each group is the order of the VoiceBase v3 documentation ("Conversation
Metrics"), so :meth:`MetricsResult.to_voicebase` lists them the way the docs do.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "EXTENSION_GROUP",
    "EXTENSION_NAMES",
    "GROUPS",
    "GROUP_OF",
    "INTEGER_IN_COMPAT",
    "METRIC_NAMES",
    "compat_value",
]

#: VoiceBase's four metric groups and their 44 metrics.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "overtalk",
        (
            "overtalk-incidents",
            "agent-overtalk-incidents",
            "caller-overtalk-incidents",
            "overtalk-ratio",
            "agent-overtalk-ratio",
            "caller-overtalk-ratio",
        ),
    ),
    (
        "talk-time-and-rate",
        (
            "agent-talk-ratio",
            "caller-talk-ratio",
            "silence-ratio",
            "silence-incidents",
            "agent-talk-rate",
            "caller-talk-rate",
            "agent-to-caller-talk-rate-ratio",
            "agent-intra-call-change-in-talk-rate",
            "caller-intra-call-change-in-talk-rate",
            "agent-average-streak",
            "agent-longest-streak",
            "agent-median-streak",
            "average-streak",
            "caller-average-streak",
            "caller-longest-streak",
            "caller-median-streak",
            "longest-streak",
            "median-streak",
        ),
    ),
    (
        "talk-style-tone-and-volume",
        (
            "agent-intra-call-change-in-pitch",
            "agent-intra-call-change-in-relative-voice-volume-energy",
            "agent-relative-voice-volume-energy",
            "agent-voice-dynamism-std-dev-score",
            "caller-intra-call-change-in-pitch",
            "caller-intra-call-change-in-relative-voice-volume-energy",
            "caller-relative-voice-volume-energy",
            "caller-voice-dynamism-std-dev-score",
        ),
    ),
    (
        "sentiment",
        (
            "call-sentiment",
            "start-sentiment",
            "end-sentiment",
            "call-change-in-sentiment",
            "agent-sentiment",
            "agent-start-sentiment",
            "agent-end-sentiment",
            "agent-intra-call-change-in-sentiment",
            "caller-sentiment",
            "caller-start-sentiment",
            "caller-end-sentiment",
            "caller-intra-call-change-in-sentiment",
        ),
    ),
)

#: All 44 VoiceBase metric names, in group order.
METRIC_NAMES: tuple[str, ...] = tuple(name for _, names in GROUPS for name in names)

#: Metric name -> its VoiceBase group.
GROUP_OF: dict[str, str] = {name: group for group, names in GROUPS for name in names}

#: Metrics VoiceBase reports as integers: incident counts and the two talk rates (words per
#: minute). ``compat=True`` rounds these half-up to integers and every other metric to 2 places.
INTEGER_IN_COMPAT: frozenset[str] = frozenset(
    {
        "overtalk-incidents",
        "agent-overtalk-incidents",
        "caller-overtalk-incidents",
        "silence-incidents",
        "agent-talk-rate",
        "caller-talk-rate",
    }
)

#: Group name of the vbformats extensions. Not a VoiceBase group, and every metric in it is
#: prefixed ``vbformats-`` so it can never be mistaken for a VoiceBase metric after a merge.
EXTENSION_GROUP = "vbformats-extensions"

#: The extension metrics (see :mod:`vbformats.metrics.extensions`).
EXTENSION_NAMES: tuple[str, ...] = (
    "vbformats-agent-talk-share",
    "vbformats-caller-talk-share",
    "vbformats-agent-talk-time-pct-of-call",
    "vbformats-caller-talk-time-pct-of-call",
    "vbformats-agent-longest-monologue",
    "vbformats-caller-longest-monologue",
    "vbformats-agent-patience",
    "vbformats-caller-patience",
    "vbformats-interactivity",
)

_ONE = Decimal(1)
_CENT = Decimal("0.01")


def compat_value(name: str, value: float | None) -> int | float:
    """``value`` as VoiceBase would report it: undefined → 0, rounded half-up.

    Integer metrics (:data:`INTEGER_IN_COMPAT`) round to whole numbers, every other metric to
    two decimals. Ties go away from zero (``-0.125`` → ``-0.13``), which is ``ROUND_HALF_UP``
    of :mod:`decimal`. Binary floating-point noise is removed first (the value is rounded to 9
    decimals, then read in its shortest decimal form), so a ratio that is 3.375 on paper but
    ``3.3749999999999996`` after float division rounds to 3.38, and ``0.045`` to 0.05, as a
    person rounding the printed number would expect.

    Example::

        >>> compat_value("overtalk-ratio", 0.045), compat_value("agent-talk-rate", 150.5)
        (0.05, 151)
        >>> compat_value("agent-talk-rate", None), compat_value("silence-ratio", None)
        (0, 0.0)
    """
    integer = name in INTEGER_IN_COMPAT
    if value is None:
        return 0 if integer else 0.0
    exact = Decimal(repr(round(float(value), 9)))
    if integer:
        return int(exact.quantize(_ONE, rounding=ROUND_HALF_UP))
    return float(exact.quantize(_CENT, rounding=ROUND_HALF_UP))
