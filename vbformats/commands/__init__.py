"""Subcommands of the ``vbformats`` command line (see :mod:`vbformats.cli`), the few argument
helpers they share, and the one way a command talks to the user on stderr (:func:`say`).

**Diagnostics.** Every line the command line writes to stderr (errors, warnings, skipped
inputs, "wrote ..." summaries) goes through :func:`say`: it is redacted
(:func:`vbformats.secrets.redact`) and put on **one line** by :func:`one_line`, which escapes
what a terminal would act on: C0 and C1 control characters and DEL (``\\n``, ``\\r``,
``\\t``, ``\\x1b``...), the Unicode line and paragraph separators, the bidirectional
controls that can reorder what a terminal shows, and lone surrogates (which cannot even be
encoded to a UTF-8 stderr). An error body, a job message, a media id, a file name or a speaker
name holding a newline or an ANSI escape code therefore prints as one inert line. ``info``'s
human summary escapes names the same way (its ``--json`` output is JSON, escaped by JSON).
"""

from __future__ import annotations

import argparse
import re
import sys

from vbformats.errors import InvalidInputError
from vbformats.secrets import redact

# C0, DEL, C1; U+2028/2029; the bidi embeddings, overrides, isolates and marks; surrogates
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: object) -> str:
    r"""``str(text)`` with every character a terminal would act on escaped (module docstring).

    Example:
        >>> one_line("bad\nline \x1b[31mred")
        'bad\\nline \\x1b[31mred'
    """
    return _UNSAFE.sub(_escape, str(text))


def say(message: object) -> None:
    """Print ``vbformats: <message>`` to stderr as one redacted, escaped line."""
    print(f"vbformats: {one_line(redact(str(message)))}", file=sys.stderr)


def add_input_format_argument(parser: argparse.ArgumentParser) -> None:
    """``--from F`` (also ``--input-format F``): read INPUT as this format (the readable
    formats of the registry)."""
    from vbformats import formats

    readable = ", ".join(fmt.name for fmt in formats.formats() if fmt.readable)
    parser.add_argument(
        "--from",
        "--input-format",
        dest="input_format",
        metavar="F",
        help=f"read INPUT as {readable} (default: from content and extension)",
    )


def add_speaker_argument(parser: argparse.ArgumentParser) -> None:
    """``--speaker ID=NAME`` (repeatable): names for RingCentral speaker ids."""
    parser.add_argument(
        "--speaker",
        action="append",
        default=[],
        metavar="ID=NAME",
        help="RingCentral results: name a speaker id (e.g. --speaker 0=Agent); repeatable",
    )


def parse_speakers(pairs: list[str]) -> dict[str, str] | None:
    """``["0=Agent", "1=Customer"]`` → ``{"0": "Agent", "1": "Customer"}`` (``None`` if empty).

    Raises:
        InvalidInputError: a pair without ``=`` or with an empty side.
    """
    speakers: dict[str, str] = {}
    for pair in pairs:
        speaker_id, sep, name = pair.partition("=")
        if not sep or not speaker_id.strip() or not name.strip():
            raise InvalidInputError("--speaker", f"expected ID=NAME, got {pair!r}")
        speakers[speaker_id.strip()] = name.strip()
    return speakers or None
