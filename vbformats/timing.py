"""Integer-millisecond time: clock-time formatting and parsing for SRT, WebVTT and TTML.

Inside vbformats every time is an ``int`` number of milliseconds (names end in ``_ms``). Text
timestamps exist only at the edges, and this module is the one place that formats and parses
them. Formatting is pure integer arithmetic (``divmod``), so there is no float drift, no ``:60``
seconds, no wrap at 24 hours; hours past 99 are written with as many digits as they need.

Interval algebra on half-open ``[start, end)`` spans lives in :mod:`vbformats.intervals`.
"""

from __future__ import annotations

import re

from vbformats.errors import InvalidInputError

__all__ = [
    "format_clock",
    "format_srt",
    "format_ttml",
    "format_vtt",
    "parse_clock",
    "seconds_to_ms",
]


def _split(ms: int) -> tuple[int, int, int, int]:
    if ms < 0:
        raise InvalidInputError("", f"negative time {ms} ms cannot be written as a timestamp")
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return hours, minutes, seconds, millis


def format_clock(ms: int, separator: str = ".") -> str:
    """Format ``ms`` as ``HH:MM:SS<sep>mmm`` (hours zero-padded to at least two digits).

    Args:
        ms: Non-negative time in integer milliseconds.
        separator: The character between seconds and milliseconds.

    Raises:
        InvalidInputError: ``ms`` is negative.
    """
    hours, minutes, seconds, millis = _split(ms)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


def format_srt(ms: int) -> str:
    """SRT timestamp, ``HH:MM:SS,mmm``. ``3_723_004`` → ``"01:02:03,004"``."""
    return format_clock(ms, ",")


def format_vtt(ms: int) -> str:
    """WebVTT timestamp, ``HH:MM:SS.mmm`` (always with hours, valid for any cue)."""
    return format_clock(ms, ".")


def format_ttml(ms: int) -> str:
    """TTML clock-time, ``HH:MM:SS.mmm`` (TTML1 ``clock-time`` with a fraction)."""
    return format_clock(ms, ".")


_CLOCK = re.compile(r"^\s*(?:(?P<h>\d+):)?(?P<m>\d{1,2}):(?P<s>\d{1,2})(?:[.,](?P<f>\d{1,9}))?\s*$")


def parse_clock(text: str) -> int:
    """Parse an SRT / WebVTT / TTML clock time into integer milliseconds.

    Accepts ``HH:MM:SS,mmm``, ``HH:MM:SS.mmm``, ``MM:SS.mmm`` (WebVTT without hours), any
    number of hour digits, and fractions of 1–9 digits read as a decimal fraction of a second:
    ``00:00:05,81`` is 5.81 s = 5810 ms (VoiceBase's own SRT examples use two digits). Fractions
    finer than a millisecond are rounded half-up.

    Raises:
        InvalidInputError: the text is not a clock time, or minutes/seconds are 60 or more.
    """
    match = _CLOCK.match(text)
    if match is None:
        raise InvalidInputError("", f"not a clock time: {text!r}")
    hours = int(match.group("h") or 0)
    minutes = int(match.group("m"))
    seconds = int(match.group("s"))
    if minutes >= 60 or seconds >= 60:
        raise InvalidInputError("", f"minutes and seconds must be below 60 in {text!r}")
    fraction = match.group("f") or ""
    if len(fraction) <= 3:
        millis = int(fraction.ljust(3, "0")) if fraction else 0
    else:
        scale = 10 ** (len(fraction) - 3)
        millis = (int(fraction) + scale // 2) // scale
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def seconds_to_ms(seconds: float) -> int:
    """Convert seconds to integer milliseconds by rounding half away from zero, never truncating.

    ``8.12`` s is ``8120`` ms even though ``8.12 * 1000 == 8119.999999999999`` in binary floats:
    the product is rounded to a micro-millisecond first, then half away from zero.
    """
    if seconds != seconds or seconds in (float("inf"), float("-inf")):
        raise InvalidInputError("", f"time is not a finite number: {seconds!r}")
    scaled = round(float(seconds) * 1000, 6)
    return int(scaled + 0.5) if scaled >= 0 else -int(-scaled + 0.5)
