"""The speaker-label grammar: how a ``Name:`` label at the start of a cue line looks.

One rule for the writers that print labels (SRT, plain text) and for every reader that takes
them back (SRT, text, and a label inside a WebVTT or TTML cue): a name of at most three words and
40 characters, not starting with ``-`` or ``:``, without a colon, followed by ``": "`` (a colon
then whitespace or the end of the line). ``10:30`` is not a label (no space after the colon).
Names are otherwise free: ``A&B``, ``Dr. Ümit Öz``, ``李雷``.
"""

from __future__ import annotations

import re

__all__ = ["LABEL_MAX_CHARS", "match_label"]

_LABEL = re.compile(r"^(?P<name>[^\s:-][^:\s]*(?:[ \t]+[^:\s]+){0,2}):(?:\s+|$)")
#: Longest name read as a label, in characters.
LABEL_MAX_CHARS = 40


def match_label(text: str) -> tuple[str, str] | None:
    """``(name, rest of the line)`` when ``text`` starts with a speaker label, else ``None``.

    >>> match_label("Agent: Hi there"), match_label("at 10:30 sharp")
    (('Agent', 'Hi there'), None)
    """
    match = _LABEL.match(text)
    if match is None or len(match.group("name")) > LABEL_MAX_CHARS:
        return None
    return match.group("name"), text[match.end() :]
