"""``vbformats convert INPUT [--to FORMAT] [-o OUT]``: any input format into any output format.

The output format is ``--to``, else the one registered for ``-o``'s extension, else ``text``;
an extension naming another format than ``--to`` is an error. Output goes to ``-o`` (written
atomically: a temporary file renamed into place, so an error never leaves a partial file; one
``wrote`` line on stderr unless ``--quiet``) or to stdout. Input is anything
:func:`vbformats.load` reads (``-``: stdin); a document without words but with
``alternateFormats`` has its words from them at load. Caption limits the words make impossible
are summarised in one stderr line (``--strict``: exit 1).

The format flags are generated from every format's options model
(:mod:`vbformats.commands.format_options`): a flag is passed only when the user gave it, and a
flag the chosen format does not have is an error, not silently ignored.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import vbformats.commands.content_filters as content_filters
from vbformats.commands import (
    add_input_format_argument,
    add_quiet_argument,
    add_speaker_argument,
    load_input,
    output_format,
    parse_speakers,
    say,
    wrote,
)
from vbformats.commands.batch_convert import EXAMPLES as BATCH_EXAMPLES
from vbformats.commands.format_options import add_format_flags, make_options
from vbformats.errors import UnknownFormatError

HELP = "convert a result (JSON, SRT, WebVTT, DFXP, text) to another format"

EXAMPLES = """examples:
  vbformats convert call.json -o call.srt               SRT captions (format from the extension)
  vbformats convert call.json --to vtt                  WebVTT to stdout
  vbformats convert call.json --to text --no-labels     plain text without speaker names
  vbformats convert call.json -o call.vtt --max-chars-per-line 32 --max-lines 1
  vbformats convert call.json --to srt --overlap merge  no overlapping cues: one dialogue cue
  vbformats convert callback.srt --to json              a caption body back to VoiceBase JSON
  vbformats convert body.txt --input-format srt --to vtt
                                                        name the input format when the
                                                        extension does not say it

Without --to and -o the output is plain text on stdout.
Exit status: 0 written, 2 error (one line on stderr, no output file).
"""
EXAMPLES += "\nMany inputs:\n" + BATCH_EXAMPLES.split("\n", 1)[1]  # issue #12


def _format_names() -> str:
    from vbformats import formats

    listed = []
    for fmt in formats.formats():
        if fmt.writable:
            aliases = f" ({', '.join(fmt.aliases)})" if fmt.aliases else ""
            listed.append(fmt.name + aliases)
    return ", ".join(listed)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the ``convert`` arguments."""
    parser.add_argument(
        "input",
        nargs="*",
        metavar="INPUT",
        help="result file (JSON, SRT, WebVTT, DFXP, text; '-' = stdin); several, folders or "
        "globs convert into the -o folder (see 'Many inputs' below)",
    )
    parser.add_argument(
        "--to",
        metavar="FORMAT",
        help=f"output format (aliases in brackets): {_format_names()}; default: from -o's "
        "extension, else text; several, comma-separated, into the -o folder (--to srt,vtt,text)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="output file, written atomically (default: stdout); the output folder for many inputs",
    )
    add_input_format_argument(parser)
    parser.add_argument(
        "--strict",
        action="store_true",
        help="caption limits the words make impossible are an error (exit 1; the output is "
        "still written), not a warning",
    )
    add_quiet_argument(parser)
    add_format_flags(parser)
    add_speaker_argument(parser)
    content_filters.add_arguments(parser)
    from vbformats.commands.batch_convert import add_batch_arguments

    add_batch_arguments(parser, shared=False)  # --jobs, --force, --errors-out...: issue #12


def writer_for(to: str | None, output: str | None, default: str = "text") -> Any:
    """The output format: ``--to``, else ``-o``'s extension, else ``default``; an extension
    that contradicts ``--to`` is an error naming both."""
    from vbformats import formats

    by_suffix = {
        extension: fmt.name
        for fmt in formats.formats()
        if fmt.writable
        for extension in fmt.extensions
    }
    given = None
    if to is not None:
        chosen = formats.get(to)
        if not chosen.writable:
            raise UnknownFormatError(to, formats.names())
        given = chosen.name
    return formats.get(output_format(given, "--to", output, by_suffix, default))


def run(args: argparse.Namespace) -> int:
    """Load, convert, write; 1 when ``--strict`` and a caption limit could not be met; many
    inputs go to :func:`vbformats.commands.batch_convert.run_batch`. Errors propagate to
    :func:`vbformats.cli.main`."""
    from vbformats.commands import batch_convert

    if batch_convert.wants_batch(args):  # many inputs, a folder, a glob, --to a,b: issue #12
        return batch_convert.run_batch(args)
    args.input = batch_convert.single_input(args)
    writer = writer_for(args.to, args.output)
    options = make_options(writer, args)
    broken = convert_one(args.input, args.output, writer, options, args)
    if args.output and args.output != "-":
        wrote(args.output, args.quiet, writer.name)
    if broken:
        if args.strict:
            say(f"error: {broken}")
            return 1
        say(f"warning: {broken}; --strict makes this an error")
    return 0


def convert_one(
    source: str, output: str | None, writer: Any, options: Any, args: argparse.Namespace
) -> str:
    """Convert one input to ``output`` (``None``/``-``: stdout) with a resolved writer and its
    options; returns :func:`limits_summary` of the cues written (``""``: all limits held)."""
    from vbformats.formats.base import collect_cues

    media = load_input(source, format=args.input_format, speakers=parse_speakers(args.speaker))
    media = content_filters.apply(media, args)
    # warnings print as one line each, after the output (vbformats.cli.main)
    with collect_cues() as built:
        if output and output != "-":
            writer.save(media, output, options)
        else:
            sys.stdout.write(writer.render(media, options))
            sys.stdout.flush()
    return limits_summary(built)


def limits_summary(built: list[Any]) -> str:
    """One line on the caption limits the cues break (``""`` when they all hold): how many
    cues, and which limits how often."""
    counts: dict[str, set[int]] = {}
    cues = set()
    for cue_list in built:
        for violation in cue_list.violations:
            counts.setdefault(violation.limit, set()).add(violation.cue_index)
            cues.add((id(cue_list), violation.cue_index))
    if not cues:
        return ""
    total = sum(len(cue_list) for cue_list in built)
    parts = ", ".join(f"{limit}: {len(indices)}" for limit, indices in sorted(counts.items()))
    return f"{len(cues)} of {total} cues break caption limits the words cannot meet ({parts})"
