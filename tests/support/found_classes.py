"""Helpers for the properties about classes of hostile input found by the first runs.

Every class those runs found is fixed (tests/hostile/test_hostile_found_classes.py keeps a
reproducer of each); one difference stays, by decision: a JSON number in a float field (``c``,
``v``, ``frq``) is a double when read from JSON text, as every JSON parser reads it, so an
integer past 2**53 there is exact from a dict and rounded from text.
"""

from __future__ import annotations

from typing import Any

__all__ = ["without_big_numbers"]


def without_big_numbers(value: Any) -> Any:
    """``value`` with every number of magnitude 2**53 or more replaced by ``"<big>"``: the
    one documented difference (an int past 2**53 in a float field is an exact int from a dict and
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
