"""Subcommands of the ``vbformats`` command line (see :mod:`vbformats.cli`), and the few
argument helpers they share."""

from __future__ import annotations

import argparse

from vbformats.errors import InvalidInputError


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
