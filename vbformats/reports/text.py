"""Text at the edge of a report: cleaning hostile input, and how times and numbers read.

Input text is hostile (speaker names and words can hold markup, quotes, control characters,
lone surrogates, bidi overrides). :func:`clean` makes it safe to *store* in any output (XML 1.0
refuses control characters, UTF-8 refuses lone surrogates); each renderer still escapes it for
its own syntax (HTML escaping lives in :mod:`vbformats.reports.html_base`). Bidi controls are
kept: the HTML isolates every piece of input text (``<bdi>`` / ``unicode-bidi: isolate``) so
they cannot reorder the report around them.
"""

from __future__ import annotations

import math
import re

__all__ = ["clean", "clock", "duration", "number", "percent", "signed"]

# C0 controls except tab/newline/carriage return, DEL and C1 controls; lone surrogates;
# U+FFFE/U+FFFF (not characters). XML 1.0 refuses all of these, HTML calls them parse errors.
_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACE = re.compile("[\t\n\r\u2028\u2029]")


def clean(text: object) -> str:
    """``text`` as a string safe for HTML, XML and matplotlib: control characters and lone
    surrogates dropped, line breaks and tabs turned into spaces. ``None`` gives ``""``."""
    if text is None:
        return ""
    value = text if isinstance(text, str) else str(text)
    if value.isprintable() and value.isascii():
        return value  # the common case, at C speed
    return _BAD.sub("", _SPACE.sub(" ", value))


def clock(ms: int | None) -> str:
    """``83_456`` -> ``"1:23"``, ``3_723_004`` -> ``"1:02:03"`` (truncated to the second)."""
    if ms is None:
        return ""
    seconds = max(0, int(ms)) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def duration(ms: int | None) -> str:
    """A length for people: ``850`` -> ``"0.9 s"``, ``83_456`` -> ``"1 min 23 s"``,
    ``7_384_000`` -> ``"2 h 3 min"``."""
    if ms is None:
        return ""
    ms = max(0, int(ms))
    if ms < 60_000:
        return f"{ms / 1000:.1f} s"
    minutes, seconds = divmod(ms // 1000, 60)
    if minutes < 60:
        return f"{minutes} min {seconds} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


def number(value: float | None, digits: int = 2) -> str:
    """``0.81234`` -> ``"0.81"``, ``6.0`` -> ``"6"``, ``None``/NaN -> ``"–"``."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def signed(value: float | None, digits: int = 2) -> str:
    """:func:`number` with a sign: ``"+0.12"``, ``"-1"``, ``"0"``."""
    text = number(value, digits)
    if text not in ("–", "0") and not text.startswith("-"):
        return "+" + text
    return text


def percent(share: float | None, digits: int = 0) -> str:
    """``0.6799`` -> ``"68%"``; ``None`` -> ``"–"``."""
    if share is None or not math.isfinite(share):
        return "–"
    return f"{100 * share:.{digits}f}%"
