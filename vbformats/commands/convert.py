"""``vbformats convert INPUT [--to FORMAT] [-o OUT]``: any input format into any output format.

The output format is ``--to``, else the one registered for ``-o``'s extension, else ``text``.
Output goes to ``-o`` (written atomically: a temporary file renamed into place, so an error
never leaves a partial file) or to stdout. Input is anything :func:`vbformats.load` reads; a
document without words but with ``alternateFormats`` (the transcript-only response) is converted
from its SRT/WebVTT/DFXP/text alternate
(:func:`vbformats.readers.captions.media_from_alternate_format`).

The format flags are generated from every format's options model
(:mod:`vbformats.commands.format_options`): a flag is passed only when the user gave it, and a
flag the chosen format does not have is an error, not silently ignored.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from vbformats.commands import add_input_format_argument, add_speaker_argument, parse_speakers
from vbformats.commands.batch_convert import EXAMPLES as BATCH_EXAMPLES
from vbformats.commands.format_options import add_format_flags, options_from_args

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
        help=f"output format: {_format_names()}; default: from -o's extension, else text; "
        "several, comma-separated, into the -o folder (--to srt,vtt,text)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="output file, written atomically (default: stdout); the output folder for many inputs",
    )
    add_input_format_argument(parser)
    add_format_flags(parser)
    add_speaker_argument(parser)
    from vbformats.commands.batch_convert import add_batch_arguments

    add_batch_arguments(parser, shared=False)  # --jobs, --force, --errors-out...: issue #12


def run(args: argparse.Namespace) -> int:
    """Load, convert, write. Returns 0; errors propagate to :func:`vbformats.cli.main`."""
    import vbformats
    from vbformats import formats
    from vbformats.commands import batch_convert

    if batch_convert.wants_batch(args):  # many inputs, a folder, a glob, --to a,b: issue #12
        return batch_convert.run_batch(args)
    args.input = batch_convert.single_input(args)
    if args.to is not None:
        writer = formats.get(args.to)
    elif args.output and args.output != "-":
        writer = formats.for_path(args.output)
    else:
        writer = formats.get("text")
    options = writer.make_options(options_from_args(writer.name, args))

    source = sys.stdin.buffer.read() if args.input == "-" else args.input  # "-": stdin
    media = vbformats.load(source, format=args.input_format, speakers=parse_speakers(args.speaker))
    if writer.name != "json" and len(media.words) == 0:
        media = _words_from_alternate(media)

    # warnings print as one line each, after the output (vbformats.cli.main)
    if args.output and args.output != "-":
        formats.save(media, args.output, writer.name, options)
    else:
        text = writer.render(media, options)
        sys.stdout.write(text)
        sys.stdout.flush()
    return 0


def _words_from_alternate(media: Any) -> Any:
    from vbformats.formats.alternate import media_from_alternate_format

    transcript = media.transcript
    has_alternates = bool(transcript is not None and transcript.alternate_formats) or bool(
        (media.model_extra or {}).get("alternateFormats")
    )
    if not has_alternates:
        return media
    return media_from_alternate_format(media)
