"""Integer-millisecond time: clock-time formatting and parsing for SRT, WebVTT and TTML.

Inside vbformats every time is an ``int`` number of milliseconds (names end in ``_ms``). Text
timestamps exist only at the edges, and this module is the one place that formats and parses
them. Formatting is pure integer arithmetic (``divmod``), so there is no float drift, no ``:60``
seconds, no wrap at 24 hours; hours past 99 are written with as many digits as they need.

Interval algebra on half-open ``[start, end)`` spans lives in :mod:`vbformats.spans`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from fractions import Fraction

from vbformats.errors import InvalidInputError

__all__ = [
    "MAX_TIME_MS",
    "check_ms",
    "format_clock",
    "format_srt",
    "format_ttml",
    "format_vtt",
    "memoized_clock",
    "parse_clock",
    "parse_ttml_time",
    "seconds_to_ms",
    "wire_ms",
]

#: The largest time vbformats accepts anywhere, in ms: 10^12 ms, about 31.7 years (RingCentral's
#: largest accepted time, 10^9 s, is the same). Times are relative to the media's start, so
#: anything beyond is a corrupt value, not a long call; refusing it at load keeps every later
#: step (numpy int64 sums, pandas Int64, caption clocks) far from overflow.
MAX_TIME_MS = 1_000_000_000_000


def check_ms(ms: int, where: str = "") -> int:
    """``ms`` when ``0 <= ms <= MAX_TIME_MS``.

    Raises:
        InvalidInputError: a negative time, or one beyond :data:`MAX_TIME_MS`, naming ``where``.
    """
    if 0 <= ms <= MAX_TIME_MS:
        return ms
    raise InvalidInputError(where, _out_of_range(ms))


def _out_of_range(value: object) -> str:
    text = str(value)
    shown = text if len(text) <= 24 else f"{text[:12]}... ({len(text)} characters)"
    if isinstance(value, (int, float)) and value < 0:
        return f"negative time {shown} ms"
    return f"time {shown} ms is beyond the largest accepted time (10^12 ms, 31.7 years)"


def wire_ms(value: object, where: str) -> int:
    """A time in ms as a service sends it: an int, a float or a numeric string (floats rounded
    half up, never truncated), within ``[0, MAX_TIME_MS]``. Booleans are not numbers.

    Raises:
        InvalidInputError: anything else, naming ``where``.
    """
    if isinstance(value, bool) or value is None:
        raise InvalidInputError(where, f"expected a time in ms, got {value!r}")
    if isinstance(value, int):
        if 0 <= value <= MAX_TIME_MS:
            return value
        raise InvalidInputError(where, _out_of_range(value))
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            shown = value if len(value) <= 40 else value[:37] + "..."
            raise InvalidInputError(where, f"expected a time in ms, got {shown!r}") from None
    elif isinstance(value, float):
        number = value
    else:
        raise InvalidInputError(where, f"expected a time in ms, got {type(value).__name__}")
    if number != number or number in (float("inf"), float("-inf")):
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        raise InvalidInputError(where, f"time is not a finite number: {shown}")
    result = math.floor(number + 0.5) if -1 <= number <= MAX_TIME_MS else -1
    if result < 0 or result > MAX_TIME_MS:
        raise InvalidInputError(where, _out_of_range(value if isinstance(value, float) else number))
    return result


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


_CLOCK = re.compile(
    r"^\s*(?:(?P<h>[0-9]{1,9}):)?(?P<m>[0-9]{1,2}):(?P<s>[0-9]{1,2})(?:[.,](?P<f>[0-9]{1,9}))?\s*$"
)


def parse_clock(text: str) -> int:
    """Parse an SRT / WebVTT / TTML clock time into integer milliseconds.

    Accepts ``HH:MM:SS,mmm``, ``HH:MM:SS.mmm``, ``MM:SS.mmm`` (WebVTT without hours), any
    number of hour digits, and fractions of 1–9 digits read as a decimal fraction of a second:
    ``00:00:05,81`` is 5.81 s = 5810 ms (VoiceBase's own SRT examples use two digits). Fractions
    finer than a millisecond are rounded half-up.

    Raises:
        InvalidInputError: the text is not a clock time, minutes/seconds are 60 or more, or the
            time is beyond :data:`MAX_TIME_MS`.
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
    return check_ms(((hours * 60 + minutes) * 60 + seconds) * 1000 + millis, "")


def seconds_to_ms(seconds: float) -> int:
    """Convert seconds to integer milliseconds by rounding half away from zero, never truncating.

    ``8.12`` s is ``8120`` ms even though ``8.12 * 1000 == 8119.999999999999`` in binary floats:
    the product is rounded to a micro-millisecond first, then half away from zero.
    """
    if seconds != seconds or seconds in (float("inf"), float("-inf")):
        raise InvalidInputError("", f"time is not a finite number: {seconds!r}")
    if abs(seconds) > MAX_TIME_MS / 1000:
        raise InvalidInputError("", f"time {seconds!r} s is beyond the largest accepted time")
    scaled = round(float(seconds) * 1000, 6)
    return int(scaled + 0.5) if scaled >= 0 else -int(-scaled + 0.5)


# ASCII digits, bounded: Python reads other digits (Arabic-Indic, ...) as numbers too, and a
# 5,000-digit number exceeds int()'s limit; no valid time needs more than these
_OFFSET = re.compile(r"^\s*(?P<n>[0-9]{1,16}(?:\.[0-9]{1,9})?)(?P<unit>h|ms|m|s|f|t)\s*$")
_FRAMES = re.compile(
    r"^\s*(?P<h>[0-9]{1,9}):(?P<m>[0-9]{2}):(?P<s>[0-9]{2}):(?P<f>[0-9]{1,9}(?:\.[0-9]{1,9})?)\s*$"
)


def parse_ttml_time(
    text: str, *, frame_rate: Fraction = Fraction(30), tick_rate: Fraction = Fraction(1)
) -> int:
    """Parse a TTML time expression into integer milliseconds (rounded half up).

    Offset times (``2.5s``, ``1500ms``, ``3m``, ``1h``, ``12f`` frames, ``800t`` ticks), clock
    times with frames (``00:00:01:12``) and the clock times of :func:`parse_clock`.

    Args:
        text: The attribute value (``begin``, ``end``, ``dur``).
        frame_rate: Frames per second (``ttp:frameRate`` times ``ttp:frameRateMultiplier``).
        tick_rate: Ticks per second (``ttp:tickRate``).

    Raises:
        InvalidInputError: not a TTML time expression.
    """
    match = _OFFSET.match(text)
    if match is not None:
        number = Fraction(match.group("n"))
        unit = match.group("unit")
        scale = {
            "h": Fraction(3_600_000),
            "m": Fraction(60_000),
            "s": Fraction(1000),
            "ms": Fraction(1),
            "f": Fraction(1000) / frame_rate,
            "t": Fraction(1000) / tick_rate,
        }[unit]
        return check_ms(_round_half_up(number * scale), "")
    match = _FRAMES.match(text)
    if match is not None:
        seconds = int(match.group("h")) * 3600 + int(match.group("m")) * 60
        seconds += int(match.group("s"))
        frames = Fraction(match.group("f"))
        return check_ms(_round_half_up(seconds * Fraction(1000) + frames * 1000 / frame_rate), "")
    try:
        return parse_clock(text)
    except InvalidInputError:
        raise InvalidInputError("", f"not a TTML time expression: {text!r}") from None


def _round_half_up(value: Fraction) -> int:
    return int((value + Fraction(1, 2)) // 1)


_MILLIS = [f"{millis:03d}" for millis in range(1000)]
_SECONDS = [f"{seconds:02d}" for seconds in range(60)]


def memoized_clock(format_ms: Callable[[int], str]) -> Callable[[int], str]:
    """A faster stand-in for one of the formatters above, for writing many cues.

    ``format_ms`` (``format_srt``, ``format_vtt``, ``format_ttml``) must write
    ``…MM:SS<separator>mmm``. It is called once per distinct minute and its ``…MM:`` part kept;
    seconds and milliseconds are appended from tables, so hours (any number of digits) still
    come from the formatter. Same output at a fraction of the cost: a 100,000-word call spans
    about ten hours, and formatting two timestamps per cue was a third of the SRT writer's time.

    Raises:
        InvalidInputError: from ``format_ms``, for a negative time.
    """
    separator = format_ms(0)[-4]
    heads: dict[int, str] = {}

    def clock(ms: int) -> str:
        if ms < 0:
            return format_ms(ms)  # raises the formatter's own error
        minutes, rest = divmod(ms, 60_000)
        head = heads.get(minutes)
        if head is None:
            head = heads[minutes] = format_ms(minutes * 60_000)[:-6]
        seconds, millis = divmod(rest, 1000)
        return f"{head}{_SECONDS[seconds]}{separator}{_MILLIS[millis]}"

    return clock
