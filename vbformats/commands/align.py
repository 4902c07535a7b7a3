"""``vbformats align MEDIA EDITED``: the corrected transcript with the machine's word times.

MEDIA is the machine transcript (anything :func:`vbformats.load` reads); EDITED is the
corrected one: a text file (``Name:`` labels re-assign speakers), an SRT/WebVTT/DFXP someone
corrected, or another engine's VoiceBase/RingCentral JSON; ``-`` reads plain text from stdin.
The result is written as VoiceBase JSON, or in any output format: ``--to``, else from ``-o``'s
extension, else JSON. One line of diagnostics goes to stderr (``--quiet`` drops it; ``--report
FILE`` writes them all as JSON). Definitions: README, "Aligning an edited transcript, and WER".
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings

from vbformats.commands import add_speaker_argument, load_input, parse_speakers, wrote

HELP = "align an edited transcript to the machine's word times (captions after correction)"

EXAMPLES = """examples:
  vbformats align call.json corrected.txt -o corrected.json
                                           the corrected text with the call's word times
  vbformats align call.json corrected.txt --to srt > corrected.srt
                                           straight to captions (any format of convert)
  vbformats align call.json fixed.srt -o fixed.vtt --report report.json
                                           a corrected SRT; diagnostics as JSON
  vbformats align call.json notes.txt --min-matched 0.2 --on-mismatch warn
                                           align a loose paraphrase anyway, with a warning

Exit status: 0 aligned, 1 aligned below --min-matched (with --on-mismatch warn),
2 error (one line on stderr, no output file; too little matched with the default
--on-mismatch raise).
"""


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number 0..1, got {text!r}") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {text}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the ``align`` arguments."""
    parser.add_argument("media", metavar="MEDIA", help="the machine transcript (JSON, captions)")
    parser.add_argument(
        "edited",
        metavar="EDITED",
        help="the corrected transcript: text, SRT/WebVTT/DFXP or JSON file; - = text on stdin",
    )
    parser.add_argument(
        "-o", "--output", metavar="OUT", help="output file, written atomically (default: stdout)"
    )
    parser.add_argument(
        "--to",
        metavar="FORMAT",
        help="output format (json, srt, vtt, dfxp, text, turns; default: from -o, else json)",
    )
    parser.add_argument(
        "--input-format", metavar="F", help="read MEDIA as json, srt, vtt, dfxp or text"
    )
    parser.add_argument(
        "--edited-format", metavar="F", help="read EDITED as json, srt, vtt, dfxp or text"
    )
    parser.add_argument(
        "--min-matched",
        type=_fraction,
        default=0.5,
        metavar="X",
        help="least share of edited words that must match the media, 0..1 (0.5)",
    )
    parser.add_argument(
        "--on-mismatch",
        choices=("raise", "warn"),
        default="raise",
        help="below --min-matched: stop with an error (default) or write with a warning",
    )
    parser.add_argument(
        "--normalize",
        metavar="PRESET",
        default=None,
        help="how words are compared: standard, raw, loose (default: the aligner's matching: "
        "case, punctuation, hyphens and number formatting do not count)",
    )
    parser.add_argument(
        "--keep-confidence", action="store_true", help="keep the engine's confidence on matches"
    )
    parser.add_argument("--report", metavar="FILE", help="write the diagnostics as JSON to FILE")
    parser.add_argument("--quiet", action="store_true", help="no diagnostics on stderr")
    add_speaker_argument(parser)


def run(args: argparse.Namespace) -> int:
    """Load both, align, write. Returns 0, or 1 when aligned below the threshold."""
    import vbformats
    from vbformats import writers
    from vbformats.alignment import MATCHING, align_with_report
    from vbformats.commands.convert import writer_for

    writer = writer_for(args.to if args.to is not None else None, args.output, default="json")
    speakers = parse_speakers(args.speaker)
    media = load_input(args.media, format=args.input_format, speakers=speakers)
    edited: object
    if args.edited == "-":
        edited = sys.stdin.read()
    else:
        edited = vbformats.load(args.edited, format=args.edited_format, speakers=speakers)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = align_with_report(
            media,
            edited,
            normalize=MATCHING if args.normalize is None else args.normalize,
            min_matched=args.min_matched,
            on_mismatch=args.on_mismatch,
            keep_confidence=args.keep_confidence,
        )
        if args.output and args.output != "-":
            writers.save(result.media, args.output, writer.name)
        else:
            sys.stdout.write(writer.render(result.media))
            sys.stdout.flush()
    report = result.report
    if args.report:
        from vbformats.atomic import atomic_path

        with (
            atomic_path(args.report) as temporary,
            open(temporary, "w", encoding="utf-8") as handle,
        ):
            json.dump(report.to_dict(), handle, indent=2)
            handle.write("\n")
    from vbformats.secrets import redact

    for warning in caught:
        print(f"vbformats: warning: {redact(str(warning.message))}", file=sys.stderr)
    if not args.quiet:
        print(f"vbformats: {report}", file=sys.stderr)  # str(report) is redacted
    if args.output and args.output != "-":
        wrote(args.output, args.quiet, writer.name)
    return 0 if report.passed else 1
