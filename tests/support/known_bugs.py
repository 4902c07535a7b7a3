"""Known bugs in files owned by another change of issue #11, as the properties see them.

The entry-point properties (tests/hostile/test_hostile_entry_points.py and
test_hostile_secrets_property.py) drive every public entry point with hostile documents. Some of
what they find belongs to the numeric and caption classes of issue #11 that are being fixed in
other files (formats, captions, models, frames, metrics, the RingCentral models) at the same
time. Each such class is listed here **once**, with a strict ``xfail`` reproducer in
tests/hostile/test_hostile_known_bugs.py named after it; the properties tolerate an exception
only when it matches an entry here, and fail on anything else.

When a class is fixed, its reproducer passes, strict ``xfail`` turns that into a failure, and
whoever fixed it deletes the entry here together with the ``xfail`` mark (the test
``test_every_known_bug_has_a_reproducer`` keeps the two lists equal).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

__all__ = [
    "BIG_INTS",
    "DIFFERENCES",
    "KNOWN",
    "LONE_SURROGATES",
    "KnownBug",
    "has_lone_surrogate",
    "known_escape",
    "known_internal_error",
    "without_big_numbers",
]

#: Classes the dict/text property allows for (differences of results, not only exceptions).
LONE_SURROGATES = "lead: numeric: lone surrogates"
BIG_INTS = "lead: numeric: ints above 2**53 in float fields"

#: Classes that are only differences (no exception to match): each has a reproducer too.
DIFFERENCES = (BIG_INTS,)


@dataclass(frozen=True)
class KnownBug:
    """One known class: which exceptions (type names), with which message, from where."""

    name: str
    types: tuple[str, ...]
    message: str  # regex searched in str(error)
    origin: str = ""  # regex searched in the "vbformats/...py:line" origin ("" = anywhere)


KNOWN: tuple[KnownBug, ...] = (
    KnownBug(
        "lead: numeric: valid time range refused at load",
        # word times / length of 2**63 ms, 1e300, 10**30: they load, then numpy's int64 fails
        ("OverflowError",),
        r"int too large to convert|cannot convert float infinity|too large for a float",
    ),
    KnownBug(
        "lead: numeric: DFXP frameRate/tickRate 0 or non-ASCII digits",
        ("ZeroDivisionError", "ValueError"),
        r"Fraction\(\d+, 0\)|division by zero|invalid literal|Exceeds the limit",
        r"vbformats/(timing|formats/ttml)\.py",
    ),
    KnownBug(
        # found by these properties, not listed in issue #11: an unknown key of a word holding
        # '"', '\\' or a control character, in JSON text (a dict is fine)
        "lead: models: a word key with a quote, backslash or control character",
        ("ValueError",),
        r"Renamed field names must not contain",
        r"vbformats/models/wire_words\.py",
    ),
    KnownBug(
        # a lone surrogate ("\\ud800", which json.loads accepts) in a RingCentral payload
        LONE_SURROGATES,
        ("UnicodeEncodeError",),
        r"surrogates not allowed",
    ),
    KnownBug(
        "lead: numeric: clock times with thousands of digits",
        ("ValueError",),
        r"Exceeds the limit \(\d+ digits\) for integer string conversion",
    ),
    KnownBug(
        "lead: numeric: RecursionError on a RingCentral speakerId of type bool/list/object",
        ("RecursionError",),
        r"maximum recursion depth",
        r"vbformats/ringcentral/",
    ),
    KnownBug(
        "lead: numeric: metadata.extended 2**63 and key collisions",
        ("TypeError", "OverflowError"),
        r"cannot safely cast non-equivalent uint64 to int64|int too large to convert",
        r"vbformats/frames/sections\.py",
    ),
)


def known_escape(error: BaseException, origin: str) -> KnownBug | None:
    """The known class an exception that is not ours belongs to, if any."""
    name = type(error).__name__
    text = str(error)
    for bug in KNOWN:
        if name in bug.types and re.search(bug.message, text) and re.search(bug.origin, origin):
            return bug
    return None


_INTERNAL = re.compile(r"^vbformats: internal error: (\w+): (.*) \(a bug in vbformats")


def known_internal_error(line: str) -> KnownBug | None:
    """The known class of a CLI ``internal error`` line (type and message; no origin)."""
    found = _INTERNAL.match(line)
    if found is None:
        return None
    name, text = found.groups()
    for bug in KNOWN:
        if name in bug.types and re.search(bug.message, text):
            return bug
    return None


def has_lone_surrogate(value: Any) -> bool:
    """A string anywhere in ``value`` (keys too) holds an unpaired surrogate: the class
    :data:`LONE_SURROGATES` (a dict with one loads, its JSON text does not)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(has_lone_surrogate(k) or has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_lone_surrogate(item) for item in value)
    return False


def without_big_numbers(value: Any) -> Any:
    """``value`` with every number of magnitude 2**53 or more replaced by ``"<big>"``: the
    class :data:`BIG_INTS` (an int past 2**53 in a float field is an exact int from a dict and
    a rounded float from JSON text), so a comparison checks everything else exactly."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and abs(value) >= 2**53:
        return "<big>"
    if isinstance(value, dict):
        return {key: without_big_numbers(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(without_big_numbers(item) for item in value)
    return value
