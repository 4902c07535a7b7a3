"""The speaker-label grammar: one rule for the writers that print labels and every reader.

A line of cue or paragraph text may start with a speaker label. Two forms are read:

* **plain** – ``Name: text``: a name of at most three words and 40 characters, not starting with
  ``-``, ``[`` or ``:``, without a colon, then a colon and a space or tab (or the end of the
  line). ``10:30`` is not a label (no space after the colon). This is what VoiceBase writes
  (``Agent: Hi``), and names are otherwise free: ``A&B``, ``Dr. Ümit Öz``, ``李雷``;
* **bracketed** – ``[Any name: at all]: text``: any name, with ``\\`` before a ``]`` or ``\\``
  in it. The writers use it for a name the plain form cannot hold (four words, a colon, a
  leading dash...), so every speaker name survives a round trip (issue #11).

Text that is **not** a label but would read as one (an unlabelled line ``My answer: yes``, a
word ``Answer`` then ``:`` at the end of a line) is escaped by the writers: the space after
the colon becomes a no-break space (U+00A0), or a no-break space is added after a colon that ends
the line. The same holds for a line that starts with a lone ``-`` word, which would read as the
dash of a dialogue line (``- Hi``). A no-break space looks like a space, and every reader splits
words on it, so the words come back unchanged; only the grammar's "colon, then a space or tab"
and "dash, then a space or tab" tell the two apart.
"""

from __future__ import annotations

import re

__all__ = [
    "LABEL_MAX_CHARS",
    "escape_line",
    "is_dialogue_line",
    "label_text",
    "match_label",
    "safe_lines",
]

#: Longest plain name read as a label, in characters (a bracketed name has no limit).
LABEL_MAX_CHARS = 40

_NBSP = "\u00a0"
_PLAIN = re.compile(r"^(?P<name>[^\s:\-\[][^:\s]*(?:[ \t]+[^:\s]+){0,2}):(?P<sep>[ \t]+|$)")
_BRACKETED = re.compile(r"^\[(?P<name>(?:[^\]\\\n]|\\.)+)\]:(?P<sep>[ \t]+|$)")
_PLAIN_NAME = re.compile(r"[^\s:\-\[][^:\s]*(?:[ ][^:\s]+){0,2}")
_UNESCAPE = re.compile(r"\\(.)")
_ESCAPE = re.compile(r"([\]\\])")


def _match(text: str) -> re.Match[str] | None:
    if text[:1] == "[":
        return _BRACKETED.match(text)
    match = _PLAIN.match(text)
    if match is not None and len(match.group("name")) > LABEL_MAX_CHARS:
        return None
    return match


def match_label(text: str) -> tuple[str, str] | None:
    """``(name, rest of the line)`` when ``text`` starts with a speaker label, else ``None``.

    >>> match_label("Agent: Hi there"), match_label("at 10:30 sharp")
    (('Agent', 'Hi there'), None)
    >>> match_label(r"[Dr. No: the \\] sequel]: yes")
    ('Dr. No: the ] sequel', 'yes')
    """
    match = _match(text)
    if match is None:
        return None
    name = match.group("name")
    if text[:1] == "[":
        name = _UNESCAPE.sub(r"\1", name)
    return name, text[match.end() :]


def label_text(name: str | None) -> str | None:
    """The label a writer shows for a (display-cleaned) speaker name, without the ``": "``:
    the name itself when the plain form holds it, else the bracketed form; ``None`` for no name.

    >>> label_text("Agent"), label_text("Mary Ann Van Dyke"), label_text("")
    ('Agent', '[Mary Ann Van Dyke]', None)
    """
    if not name:
        return None
    if len(name) <= LABEL_MAX_CHARS and _PLAIN_NAME.fullmatch(name):
        return name
    return "[" + _ESCAPE.sub(r"\\\1", name) + "]"


def is_dialogue_line(text: str) -> bool:
    """A dialogue line: ``-`` then a space or tab, as writers put them (``-5 degrees`` is a
    number, ``-\u00a0yes`` an escaped word)."""
    stripped = text.lstrip()
    return stripped[:1] == "-" and stripped[1:2] in (" ", "\t")


def escape_line(line: str, labels: bool = True) -> str:
    """``line`` as written so that no reader takes its words for a label or a dialogue dash.

    Args:
        line: A displayed line that carries no label of its own.
        labels: Escape label-like starts (``False`` where speakers are marked up instead and the
            readers do not look for labels: WebVTT voices, TTML agents).

    >>> escape_line("My answer: yes") == "My answer:\u00a0yes"
    True
    >>> escape_line("- sure") == "-\u00a0sure", escape_line("plain text")
    (True, 'plain text')
    """
    if line[:1] == "-" and line[1:2] in (" ", "\t"):
        return "-" + _NBSP + line[2:]
    if not labels or ":" not in line:
        return line
    match = _match(line)
    if match is None:
        return line
    cut = match.start("sep")
    separator = match.group("sep")
    return line[:cut] + _NBSP + (separator[1:] if separator else "") + line[match.end() :]


def safe_lines(
    lines: list[str],
    labelled: tuple[str | None, ...] | None = None,
    dialogue: bool = False,
    labels: bool = True,
) -> list[str]:
    """A cue's lines as written: :func:`escape_line` on each line that carries no label.

    Args:
        lines: The displayed lines (labels included where the format shows them).
        labelled: Per line, the label shown at its start (``None``: none), as
            ``Cue.line_labels``.
        dialogue: The cue is a dialogue cue: each line's ``- `` is meant, the rest is escaped.
        labels: As :func:`escape_line`.
    """
    if not any(":" in line or line[:1] == "-" for line in lines):
        return lines  # the usual case: nothing a reader could misread
    out = []
    for index, line in enumerate(lines):
        if labelled is not None and index < len(labelled) and labelled[index] is not None:
            out.append(line)
        elif dialogue and line[:2] == "- ":
            out.append("- " + escape_line(line[2:], labels))
        else:
            out.append(escape_line(line, labels))
    return out
