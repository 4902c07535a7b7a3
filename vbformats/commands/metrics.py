"""``vbformats metrics INPUT``: recompute the conversation metrics of one call.

Prints VoiceBase's ``metrics`` section shape by default (JSON, ``null`` for undefined values),
so the output can be merged back into a callback. ``--compare`` prints, for every metric the
document itself reported, the reported value, the computed one and the difference. Definitions:
README, "Conversation metrics".
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from typing import Any

from vbformats.commands import (
    add_input_format_argument,
    add_quiet_argument,
    add_role_argument,
    add_speaker_argument,
    load_input,
    output_format,
    parse_roles,
    parse_speakers,
    say,
    wrote,
)
from vbformats.commands.batch_metrics import EXAMPLES as BATCH_EXAMPLES

HELP = "recompute the conversation metrics (overtalk, talk time and rate, tone, sentiment)"

EXAMPLES = """examples:
  vbformats metrics call.json                       VoiceBase's metrics section, as JSON
  vbformats metrics call.json --compat              undefined -> 0, rounded as VoiceBase does
  vbformats metrics call.json --compare --format table
                                                    reported vs computed, side by side
  vbformats metrics call.json --role Employee=agent --role Member=caller
                                                    say who is who when names are not standard
  vbformats metrics call.json --format csv --extensions > metrics.csv

Exit status: 0 ok, 2 error (one line on stderr).
"""
EXAMPLES += "\nMany inputs:\n" + BATCH_EXAMPLES.split("\n", 1)[1]  # issue #12

_FORMATS = ("json", "csv", "table", "parquet")  # parquet: the one-row-per-call table


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the ``metrics`` arguments."""
    parser.add_argument(
        "input",
        nargs="*",
        metavar="INPUT",
        help="result file (JSON, or a caption body); several, folders or globs make one table, "
        "one row per call (see 'Many inputs' below)",
    )
    parser.add_argument(
        "--compat",
        action="store_true",
        help="render as VoiceBase does: undefined -> 0, counts and talk rates rounded to "
        "integers, everything else to 2 decimals (half-up)",
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="show reported vs computed for every metric the document reported",
    )
    parser.add_argument(
        "--format",
        choices=_FORMATS,
        default=None,
        help="output format (default: from -o's extension: .json, .csv, .txt for table, "
        ".parquet; else json; many inputs: from -o's extension, else csv)",
    )
    add_role_argument(parser)
    parser.add_argument(
        "--extensions",
        action="store_true",
        help="add the vbformats-extensions group (talk share, patience, interactivity...)",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")
    add_quiet_argument(parser)
    add_input_format_argument(parser)
    add_speaker_argument(parser)
    from vbformats.commands.batch_metrics import add_batch_arguments

    add_batch_arguments(parser, shared=False)  # --jobs, --errors-out, --dask...: issue #12
    tuning = parser.add_argument_group("definition parameters (VoiceBase's defaults)")
    tuning.add_argument(
        "--join-gap-ms",
        type=int,
        default=100,
        metavar="MS",
        help="a word joins its speaker's talk segment across a gap of at most MS (100)",
    )
    tuning.add_argument(
        "--streak-gap-ms",
        type=int,
        default=3000,
        metavar="MS",
        help="a pause of MS or more starts a new streak (3000)",
    )
    tuning.add_argument(
        "--silence-min-ms",
        type=int,
        default=4000,
        metavar="MS",
        help="silences longer than MS are silence incidents (4000)",
    )
    tuning.add_argument(
        "--agent-volume-divisor",
        type=float,
        default=4.33,
        metavar="X",
        help="'good agent' volume for agent-relative-voice-volume-energy (4.33)",
    )
    tuning.add_argument(
        "--caller-volume-divisor",
        type=float,
        default=7.57,
        metavar="X",
        help="'good caller' volume for caller-relative-voice-volume-energy (7.57)",
    )
    tuning.add_argument(
        "--length-ms",
        type=int,
        default=None,
        metavar="MS",
        help="call length L (default: media length, else the last word's end)",
    )


#: ``-o`` endings → the format they name.
BY_SUFFIX = {".json": "json", ".csv": "csv", ".txt": "table"}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _table_cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        text = f"{value:.4f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    return str(value)


def render(result: Any, fmt: str, *, compare: bool, extensions: bool) -> str:
    """The text ``vbformats metrics`` prints for a :class:`~vbformats.metrics.MetricsResult`."""
    if compare:
        header = ["group", "metric", "reported", "computed", "difference"]
        rows = [
            [row.group, row.metric, row.reported, row.computed, row.difference]
            for row in result.comparison()
        ]
        if fmt == "json":
            keys = ("metricGroupName", "metricName", "reported", "computed", "difference")
            return json.dumps([dict(zip(keys, row, strict=True)) for row in rows], indent=2) + "\n"
    else:
        if fmt == "json":
            return json.dumps(result.to_voicebase(extensions=extensions), indent=2) + "\n"
        header = ["group", "metric", "value"]
        rows = [
            [group["metricGroupName"], value["metricName"], value["metricValue"]]
            for group in result.to_voicebase(extensions=extensions)
            for value in group["metricValues"]
        ]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([[_text(cell) for cell in row] for row in rows])
        return buffer.getvalue()
    cells = [header] + [[_table_cell(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for row in cells:
        # text columns left-aligned, numbers right-aligned
        parts = [
            cell.ljust(width) if i < 2 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines) + "\n"


def metrics_text(source: str, fmt: str, args: argparse.Namespace) -> str:
    """What ``vbformats metrics`` prints for one input, in format ``fmt``; a note on stderr
    when ``--compare`` meets a document that reports no metrics."""
    from vbformats.metrics import compute

    roles = parse_roles(args.role, args.role_flag) if args.role else None
    media = load_input(source, format=args.input_format, speakers=parse_speakers(args.speaker))
    result = compute(
        media,
        compat=args.compat,
        roles=roles,
        join_gap_ms=args.join_gap_ms,
        streak_gap_ms=args.streak_gap_ms,
        silence_min_ms=args.silence_min_ms,
        agent_volume_divisor=args.agent_volume_divisor,
        caller_volume_divisor=args.caller_volume_divisor,
        length_ms=args.length_ms,
    )
    if args.compare and not media.metrics:
        say("note: the document reports no metrics (no `metrics` section): nothing to compare")
    return render(result, fmt, compare=args.compare, extensions=args.extensions)


def run(args: argparse.Namespace) -> int:
    """Load INPUT, compute, print; many inputs (or Parquet) make one table, a row per call
    (:mod:`vbformats.commands.batch_metrics`)."""
    from vbformats.commands import batch_metrics

    if batch_metrics.wants_table(args):  # many calls: one table, a row per call (issue #12)
        return batch_metrics.run_batch(args)
    args.input = batch_metrics.single_input(args)
    fmt = output_format(args.format, "--format", args.output, BY_SUFFIX, "json")
    text = metrics_text(args.input, fmt, args)
    if args.output and args.output != "-":  # -: stdout
        from vbformats.atomic import atomic_path

        with (
            atomic_path(args.output) as temporary,
            open(temporary, "w", encoding="utf-8", newline="") as handle,
        ):
            handle.write(text)
        wrote(args.output, args.quiet, fmt)
    else:
        sys.stdout.write(text)
    return 0
