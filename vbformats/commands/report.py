"""``vbformats report INPUT... -o call.html|call.docx``: a call report, or an archive report.

One input file gives that call's report. Several inputs, a folder or a glob give the archive
report (distributions, per-agent and per-caller tables, the calls that stand out);
``--per-call DIR`` also writes each call's own report there and links them. The format comes
from ``-o``'s extension (``.html``/``.htm``: one self-contained file; ``.docx``: Word, needs
the ``report`` extra).
"""

from __future__ import annotations

import argparse

import vbformats.commands.content_filters as content_filters
from vbformats.commands import (
    add_role_argument,
    add_speaker_argument,
    load_input,
    parse_roles,
    parse_speakers,
    say,
)

HELP = "write a call report (HTML or Word, with plots) or an archive report over many calls"

EXAMPLES = """examples:
  vbformats report call.json -o call.html           one self-contained HTML file
  vbformats report call.json -o call.docx           Word (pip install 'vbformats[report]')
  vbformats report calls/ -o archive.html --per-call reports/ --jobs 2
                                                    archive report + one report per call
  vbformats report 'calls/*.json' -o archive.docx --role Employee=agent
  vbformats report job.json -o job.html --speaker 0=Agent --speaker 1=Customer

Exit status: 0 written, 1 written but some inputs could not be read (named on stderr),
2 error (one line on stderr).
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the ``report`` arguments."""
    parser.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="result file(s), folder(s) or glob(s)"
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="report file: .html or .docx"
    )
    parser.add_argument(
        "--per-call",
        metavar="DIR",
        help="archive report: also write each call's report into DIR and link them",
    )
    parser.add_argument(
        "--per-call-format",
        choices=("html", "docx"),
        default="html",
        help="format of the --per-call reports (default: html)",
    )
    parser.add_argument(
        "--low-confidence",
        type=float,
        default=0.5,
        metavar="C",
        help="mark transcript words with a confidence below C (0..1, default 0.5)",
    )
    parser.add_argument(
        "--silence-min-ms",
        type=int,
        default=4000,
        metavar="MS",
        help="silences longer than MS are marked (default 4000)",
    )
    add_role_argument(parser)
    add_speaker_argument(parser)
    content_filters.add_arguments(parser)
    parser.add_argument("--title", help="report title (default: the media id)")
    parser.add_argument(
        "--agent-key",
        metavar="KEY",
        help="archive: group calls per agent by this metadata.extended key (e.g. agentId)",
    )
    parser.add_argument(
        "--caller-key", metavar="KEY", help="archive: group calls per caller by this key"
    )
    parser.add_argument(
        "--jobs", type=int, default=1, metavar="N", help="archive: worker processes (default 1)"
    )
    parser.add_argument(
        "--archive",
        action="store_true",
        help="make an archive report even for a single input file",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no progress line and no summary on stderr"
    )


def _single_file(inputs: list[str]) -> bool:
    """One input that is one file (not a folder or a glob; an existing file always wins, so
    ``"[2024-05-01] call.json"`` is a file): :func:`vbformats.sources.expand`'s rule."""
    from vbformats.sources import expand

    return len(inputs) == 1 and not expand(inputs[0])[1]


def run(args: argparse.Namespace) -> int:
    """Write the report; 0 ok, 1 some inputs failed (report still written), 2 error."""
    from vbformats.reports import archive, format_for_path, report
    from vbformats.reports.options import coerce_options

    format_for_path(args.output)  # an unknown extension fails before any work
    options = coerce_options(
        {
            "low_confidence": args.low_confidence,
            "silence_min_ms": args.silence_min_ms,
            "roles": parse_roles(args.role, args.role_flag) or None,
            "title": args.title,
            "agent_key": args.agent_key,
            "caller_key": args.caller_key,
        }
    )
    speakers = parse_speakers(args.speaker)
    if _single_file(args.inputs) and not args.per_call and not args.archive:
        media = load_input(args.inputs[0], speakers=speakers)  # a --speaker that fits
        built = report(content_filters.apply(media, args), args.output, options=options)
        if not args.quiet:
            say(
                f"wrote {args.output} ({len(built.transcript)} turns; "
                f"{', '.join(built.sections())})"
            )
        return 0
    result = archive(
        args.inputs,
        args.output,
        per_call=args.per_call,
        per_call_format=args.per_call_format,
        jobs=args.jobs,
        options=options,
        speakers=speakers,
        progress=False if args.quiet else None,
        title=args.title or "Call archive report",
        transform=content_filters.transform(args),
    )
    if not args.quiet:
        say(f"wrote {args.output} ({len(result.calls)} calls, {len(result.failures)} failed)")
    for failure in result.failures:
        say(f"skipped {failure.source}: {failure.error}")
    if not result.calls:
        return 2
    return 1 if result.failures else 0
