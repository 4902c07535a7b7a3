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
from collections.abc import Mapping
from typing import Any

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


def check_speakers(media: Any, speakers: dict[str, str] | None) -> None:
    """Refuse a ``--speaker`` that does not apply: on a result that names its speakers itself
    (VoiceBase, captions), or for a speaker id the result does not have.

    Raises:
        InvalidInputError: path ``--speaker``, naming the ids the result has.
    """
    if not speakers:
        return
    vendor = getattr(media, "vendor_result", None)
    ids = vendor.speaker_ids() if vendor is not None else None
    if ids is None:
        raise InvalidInputError(
            "--speaker",
            f"names RingCentral speaker ids; this is a {media.source_format} result, whose "
            "speakers are named in it",
        )
    unknown = [speaker_id for speaker_id in speakers if speaker_id not in ids]
    if unknown:
        raise InvalidInputError(
            "--speaker",
            f"no speaker id {', '.join(map(repr, unknown))} in this result "
            f"(its ids: {', '.join(ids) or 'none'})",
        )


def load_input(
    path: str, *, format: str | None = None, speakers: dict[str, str] | None = None
) -> Any:
    """The one way a single-input command reads its INPUT: ``-`` is stdin (read as bytes, the
    format from the content), anything else :func:`vbformats.load`; a ``--speaker`` that does
    not apply is an error (:func:`check_speakers`)."""
    import vbformats
    from vbformats.sources import DEFAULT_MAX_BYTES

    source: Any = path
    if path == "-":
        source = sys.stdin.buffer.read(DEFAULT_MAX_BYTES + 1)
    media = vbformats.load(source, format=format, speakers=speakers)
    check_speakers(media, speakers)
    return media


class _AppendTyped(argparse._AppendAction):
    """``append``, remembering the spelling typed (``--roles``) in ``<dest>_flag`` so that an
    error names the flag the user typed."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        super().__call__(parser, namespace, values, option_string)
        setattr(namespace, f"{self.dest}_flag", option_string)


def add_role_argument(parser: argparse.ArgumentParser) -> None:
    """``--role NAME=ROLE`` (repeatable; ``--roles`` is the same flag). Parse the values
    with ``parse_roles(args.role, args.role_flag)``."""
    parser.set_defaults(role_flag="--role")
    parser.add_argument(
        "--role",
        "--roles",
        dest="role",
        action=_AppendTyped,
        default=[],
        metavar="NAME=ROLE",
        help="speaker NAME is the agent or the caller (repeatable); overrides the name rules",
    )


def parse_roles(items: list[str], flag: str = "--role") -> dict[str, str]:
    """``["Employee=agent", "Member=caller"]`` → ``{"Employee": "agent", "Member": "caller"}``.

    Raises:
        InvalidInputError: (path ``flag``: the spelling typed) an item without ``=``, an
            empty name, or a role other than ``agent``/``caller``.
    """
    roles: dict[str, str] = {}
    for item in items:
        name, sep, role = item.rpartition("=")
        role = role.strip().lower()
        if not sep or not name.strip():
            raise InvalidInputError(flag, f"expected NAME=agent or NAME=caller, got {item!r}")
        if role not in ("agent", "caller"):
            raise InvalidInputError(flag, f"role must be agent or caller, got {role!r}")
        roles[name.strip()] = role
    return roles


def output_format(
    given: str | None,
    flag: str,
    output: str | None,
    by_suffix: Mapping[str, str],
    default: str,
) -> str:
    """The format a command writes: ``given`` (its ``--to``/``--format``), else the one
    ``output``'s extension names, else ``default``.

    Args:
        given: The format flag's value, as a format name of the command (``None``: not given).
        flag: That flag as the user types it (``"--format"``), for messages.
        output: The ``-o`` path (``None`` or ``"-"``: stdout).
        by_suffix: File-name ending (``".csv"``, ``".turns.json"``) → the format it names, for
            this command; the longest ending that matches wins.
        default: The format when neither says.

    Raises:
        InvalidInputError: (path ``-o``) the extension names another format than ``given``,
            or, without ``given``, names no format of this command.
    """
    if not output or output == "-":
        return given or default
    base = output.replace("\\", "/").rsplit("/", 1)[-1].lower()
    matches = [suffix for suffix in by_suffix if base.endswith(suffix) and base != suffix]
    named = by_suffix[max(matches, key=len)] if matches else None
    if given is not None:
        if named is not None and named != given:
            raise InvalidInputError(
                "-o", f"{output!r} names the {named} format, but {flag} says {given}"
            )
        return given
    if named is None:
        stem, dot, extension = base.rpartition(".")
        if dot and stem:
            known = ", ".join(by_suffix)
            raise InvalidInputError(
                "-o",
                f"the extension .{extension} names no format (known: {known}); give {flag}",
            )
    return named or default


def add_quiet_argument(parser: argparse.ArgumentParser) -> None:
    """``-q``/``--quiet``: no "wrote ..." line on stderr."""
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no 'wrote FILE' line on stderr (many inputs: no progress and no summary either)",
    )


def wrote(path: str, quiet: bool, detail: str = "") -> None:
    """The one stderr line of a successful ``-o``: ``vbformats: wrote PATH (detail)``."""
    if not quiet:
        say(f"wrote {path}" + (f" ({detail})" if detail else ""))
