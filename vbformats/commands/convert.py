"""``vbformats convert INPUT [--to FORMAT] [-o OUT]``: any input format into any output format.

The output format is ``--to``, else the one registered for ``-o``'s extension, else ``text``.
Output goes to ``-o`` (written atomically: a temporary file renamed into place, so an error
never leaves a partial file) or to stdout. Input is anything :func:`vbformats.load` reads; a
document without words but with ``alternateFormats`` (the transcript-only response) is converted
from its SRT/WebVTT/DFXP/text alternate
(:func:`vbformats.readers.captions.media_from_alternate_format`).

Writer options come from the writer's own options model (``vbformats.writers``): a flag is
passed only when the user gave it, and a flag the chosen format does not have is an error, not
silently ignored.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from typing import Any

from vbformats.commands import add_speaker_argument, parse_speakers
from vbformats.errors import InvalidInputError

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

# CLI flag (argparse dest) -> candidate option fields of a writer, with the value to pass.
# Several candidates, because formats name the same idea differently; the first field the
# chosen writer's options model has is used.
_OPTION_FIELDS: dict[str, tuple[str, ...]] = {
    "max_chars_per_line": ("max_chars_per_line", "max_line_chars"),
    "max_lines": ("max_lines", "max_lines_per_cue"),
    "max_cue_ms": ("max_duration_ms", "max_cue_ms", "max_cue_duration_ms"),
    "min_cue_ms": ("min_duration_ms", "min_cue_ms", "min_cue_duration_ms"),
    "max_cps": ("max_chars_per_second", "max_cps", "max_reading_speed"),
    "pause_ms": ("pause_split_ms", "pause_ms", "split_pause_ms"),
    "include_dtmf": ("include_dtmf",),
    "overlap": ("overlap", "overlap_mode", "overlaps"),
    "one_line": ("one_line", "single_line"),
    "language": ("lang", "language"),
    "timestamps": ("timestamps",),
    "indent": ("indent",),
}
_FLAG_OF = {
    "max_chars_per_line": "--max-chars-per-line",
    "max_lines": "--max-lines",
    "max_cue_ms": "--max-cue-ms",
    "min_cue_ms": "--min-cue-ms",
    "max_cps": "--max-cps",
    "pause_ms": "--pause-ms",
    "include_dtmf": "--include-dtmf",
    "overlap": "--overlap",
    "one_line": "--one-line",
    "language": "--language",
    "timestamps": "--timestamps",
    "indent": "--indent",
    "no_cue_numbers": "--no-cue-numbers",
    "no_labels": "--no-labels",
}


def _format_names() -> str:
    try:
        from vbformats.writers import names

        return ", ".join(names())
    except (ImportError, AttributeError):  # pragma: no cover - a writer module is missing
        return "see vbformats.writers.names()"


def _overlap_modes() -> tuple[str, ...]:
    from typing import get_args

    from vbformats.captions import OverlapMode

    return tuple(str(mode) for mode in get_args(OverlapMode))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the ``convert`` arguments."""
    parser.add_argument(
        "input", metavar="INPUT", help="result file (JSON, SRT, WebVTT, DFXP, text)"
    )
    parser.add_argument(
        "--to",
        metavar="FORMAT",
        help=f"output format: {_format_names()} (aliases such as webvtt, ttml accepted); "
        "default: from -o's extension, else text",
    )
    parser.add_argument(
        "-o", "--output", metavar="OUT", help="output file, written atomically (default: stdout)"
    )
    parser.add_argument(
        "--input-format",
        metavar="F",
        help="read INPUT as json, srt, vtt, dfxp or text (default: from content and extension)",
    )
    group = parser.add_argument_group("caption and text options (formats that have them)")
    group.add_argument("--max-chars-per-line", type=int, metavar="N", help="characters per line")
    group.add_argument("--max-lines", type=int, metavar="N", help="lines per cue")
    group.add_argument("--max-cue-ms", type=int, metavar="MS", help="longest cue, in ms")
    group.add_argument("--min-cue-ms", type=int, metavar="MS", help="shortest cue, in ms")
    group.add_argument("--max-cps", type=float, metavar="CPS", help="reading speed, chars/second")
    group.add_argument("--pause-ms", type=int, metavar="MS", help="start a new cue after a pause")
    group.add_argument(
        "--overlap",
        choices=_overlap_modes(),
        help="when two speakers talk at once: keep overlapping cues (default), split at the "
        "overlap, or merge them into one dialogue cue",
    )
    group.add_argument("--include-dtmf", action="store_true", help="show keypad tones as words")
    group.add_argument("--no-labels", action="store_true", help="no speaker names")
    group.add_argument("--one-line", action="store_true", help="text: one line per turn")
    group.add_argument(
        "--timestamps", action="store_true", help="text: start each paragraph with its time"
    )
    group.add_argument("--no-cue-numbers", action="store_true", help="vtt: no cue identifiers")
    group.add_argument("--language", metavar="TAG", help="dfxp: language tag for xml:lang")
    group.add_argument("--indent", type=int, metavar="N", help="json, turns: spaces per level")
    add_speaker_argument(parser)


def _options_for(writer: Any, args: argparse.Namespace) -> dict[str, Any]:
    """The options dict for ``writer`` from the flags the user gave."""
    fields = getattr(writer.options_model, "model_fields", {})
    options: dict[str, Any] = {}
    wanted: list[tuple[str, tuple[str, ...], Any]] = []
    for dest, candidates in _OPTION_FIELDS.items():
        value = getattr(args, dest, None)
        if value is None or value is False:
            continue
        wanted.append((dest, candidates, value))
    if args.no_labels:
        wanted.append(("no_labels", ("labels", "speaker_labels", "show_labels"), False))
    if args.no_cue_numbers:
        wanted.append(("no_cue_numbers", ("cue_numbers",), False))
    for dest, candidates, value in wanted:
        if dest == "no_labels" and "no_labels" in fields:
            options["no_labels"] = True
            continue
        field = next((name for name in candidates if name in fields), None)
        if field is None:
            raise InvalidInputError(_FLAG_OF[dest], f"the {writer.name} format has no such option")
        options[field] = value
    return options


def run(args: argparse.Namespace) -> int:
    """Load, convert, write. Returns 0; errors propagate to :func:`vbformats.cli.main`."""
    import vbformats
    from vbformats import writers

    if args.to is not None:
        writer = writers.get_writer(args.to)
    elif args.output and args.output != "-":
        writer = writers.writer_for_path(args.output)
    else:
        writer = writers.get_writer("text")
    options = writer.make_options(_options_for(writer, args))

    media = vbformats.load(
        args.input, format=args.input_format, speakers=parse_speakers(args.speaker)
    )
    if writer.name != "json" and len(media.words) == 0:
        media = _words_from_alternate(media)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if args.output and args.output != "-":
            writers.save(media, args.output, writer.name, options)
        else:
            text = writer.render(media, options)
            sys.stdout.write(text)
            sys.stdout.flush()
    for warning in caught:
        # one line per warning (the default format spreads each over two lines with a path)
        print(f"vbformats: warning: {warning.message}", file=sys.stderr)
    return 0


def _words_from_alternate(media: Any) -> Any:
    from vbformats.readers.captions import media_from_alternate_format

    transcript = media.transcript
    has_alternates = bool(transcript is not None and transcript.alternate_formats) or bool(
        (media.model_extra or {}).get("alternateFormats")
    )
    if not has_alternates:
        return media
    return media_from_alternate_format(media)
