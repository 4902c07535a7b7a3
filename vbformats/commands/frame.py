"""``vbformats frame INPUT... TABLE``: one tidy table from one result or a folder of them.

Exit codes: 0 written; 1 written, but some inputs were skipped (``--errors collect``, each one
named on stderr); 2 bad input or usage (nothing written).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import vbformats.commands.content_filters as content_filters
from vbformats.commands import (
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
from vbformats.errors import InvalidInputError

HELP = "write one table (words, turns, cues, metrics, ...) as CSV, Parquet or JSON"

EXAMPLES = """examples:
  vbformats frame call.json words                         CSV to stdout
  vbformats frame calls/ turns -o turns.parquet           a folder into one Parquet file
  vbformats frame 'calls/**/*.json' metrics -o m.csv      a glob (quoted: vbformats expands it)
  vbformats frame calls/ sentiments --errors collect -o s.csv
                                                          skip bad files, name them on stderr
  vbformats frame call.json verb_noun_pairs --with-sentiment --role Employee=agent
  vbformats frame rc/ turns --speaker 0=Agent --speaker 1=Customer   RingCentral speaker ids

  vbformats frame calls/ words --jobs 2 -o words.parquet    in 2 worker processes
  vbformats frame calls/ words -o words/ --format parquet --partition-by date
                                                          a Parquet dataset, Hive folders by day
  vbformats frame calls/ turns -o t.csv --scheduler tcp://scheduler:8786   on a Dask cluster

Several inputs, a folder or a glob add `media_id` and `source` columns in front.
Exit status: 0 written, 1 written but some inputs skipped (--errors collect), 2 error.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the ``frame`` arguments."""
    from vbformats.frames import SAVE_FORMATS
    from vbformats.frames.core import tables

    by_family: dict[str, list[str]] = {}
    for table in tables().values():
        by_family.setdefault(table.family, []).append(table.name)

    parser.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="result files (JSON, SRT, WebVTT, DFXP), folders or glob patterns",
    )
    parser.add_argument(
        "table",
        metavar="TABLE",
        choices=[name for names in by_family.values() for name in names],
        help="; ".join(f"{family}: {', '.join(names)}" for family, names in by_family.items()),
    )
    parser.add_argument(
        "--format",
        choices=tuple(SAVE_FORMATS),
        help="output format (default: from the -o extension, else csv); parquet needs "
        "the 'parquet' extra (pyarrow)",
    )
    parser.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout)")
    parser.add_argument(
        "--errors",
        choices=("raise", "collect"),
        default="raise",
        help="raise: stop at the first bad input (default); collect: skip it and go on",
    )
    add_role_argument(parser)
    add_speaker_argument(parser)
    add_quiet_argument(parser)
    parser.add_argument(
        "--with-sentiment",
        action="store_true",
        help="verb_noun_pairs: add the sentiment of the turn each pair is in",
    )
    parser.add_argument(
        "--include-dtmf", action="store_true", help="turns: keep keypad tones in the text"
    )
    parser.add_argument(
        "--no-progress", action="store_true", help="no progress line, even on a terminal"
    )
    content_filters.add_arguments(parser)
    from vbformats.commands.batch_frame import add_batch_arguments

    add_batch_arguments(parser, shared=False)  # --jobs, datasets, --dask...: issue #12


# the table options a flag sets: flag as typed, option name, argparse dest
_TABLE_FLAGS = (
    ("--with-sentiment", "with_sentiment", "with_sentiment"),
    ("--include-dtmf", "include_dtmf", "include_dtmf"),
)


def table_options(table: str, args: argparse.Namespace) -> dict[str, Any]:
    """The options of ``table`` its flags set; a flag the table does not take is an error.

    Raises:
        InvalidInputError: (path: the flag) the table has no such option.
    """
    from vbformats.frames.core import get

    declared = get(table).options
    options: dict[str, Any] = {}
    for flag, option, dest in _TABLE_FLAGS:
        given = bool(getattr(args, dest, False))
        if option in declared:
            options[option] = given
        elif given:
            takers = [t.name for t in _tables_with(option)]
            raise InvalidInputError(
                flag, f"the {table} table has no such option (it applies to {', '.join(takers)})"
            )
    return options


def _tables_with(option: str) -> list[Any]:
    from vbformats.frames.core import tables

    return [t for t in tables().values() if option in t.options]


def run(args: argparse.Namespace) -> int:
    """Build the table and write it; see the module docstring for exit codes."""
    from vbformats import frames
    from vbformats.commands import batch_frame
    from vbformats.frames.export import require_pyarrow
    from vbformats.sources import expand

    if batch_frame.wants_batch(args):  # --jobs, a Parquet dataset, Dask...: issue #12
        return batch_frame.run_batch(args)
    if not args.inputs:
        raise InvalidInputError("INPUT", "no inputs: name files, folders or globs")
    by_suffix = {ext: name for name, exts in frames.SAVE_FORMATS.items() for ext in exts}
    fmt = output_format(args.format, "--format", args.output, by_suffix, "csv")
    if fmt == "parquet":
        if not args.output or args.output == "-":
            raise InvalidInputError("--format", "parquet is binary: give an output file with -o")
        require_pyarrow()  # fail before reading a folder of files
    options = table_options(args.table, args)
    roles = parse_roles(args.role, args.role_flag) or None
    speakers = parse_speakers(args.speaker)
    source: Any = args.inputs[0] if len(args.inputs) == 1 else list(args.inputs)
    items, many = expand(source)
    if not items:
        raise InvalidInputError("", f"no input files found in {' '.join(args.inputs)}")
    if speakers and not many:
        # one result: a --speaker that does not apply to it is an error, as in convert;
        # over many, one mapping serves the folder (ids a call lacks are left alone)
        source = load_input(args.inputs[0], speakers=speakers)
    try:
        table = frames.build(
            args.table,
            source,
            errors=args.errors,
            progress=False if args.no_progress or args.quiet else None,
            roles=roles,
            transform=content_filters.transform(args),
            speakers=speakers,
            **options,
        )
    except frames.SourceError as error:
        hint = " (--errors collect skips bad inputs)"
        raise frames.SourceError(error.path, error.problem + hint) from error
    if args.output and args.output != "-":  # -: stdout
        frames.save(table, args.output, fmt)
        wrote(args.output, args.quiet, f"{len(table)} rows, {fmt}")
    elif fmt == "json":
        sys.stdout.write(frames.to_json(table) + "\n")
    else:
        sys.stdout.write(frames.to_csv(table))
    failures = table.attrs.get("errors", [])
    for failure in failures:
        say(f"skipped {failure['source']}: {failure['error']}")
    if failures:
        say(f"{len(failures)} of {len(items)} inputs skipped")
        return 1
    return 0
