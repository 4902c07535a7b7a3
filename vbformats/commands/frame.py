"""``vbformats frame INPUT... TABLE``: one tidy table from one result or a folder of them.

Exit codes: 0 written; 1 written, but some inputs were skipped (``--errors collect``, each one
named on stderr); 2 bad input or usage (nothing written).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from vbformats.commands import say
from vbformats.errors import InvalidInputError

HELP = "write one table (words, turns, cues, metrics, ...) as CSV, Parquet or JSON"

EXAMPLES = """examples:
  vbformats frame call.json words                         CSV to stdout
  vbformats frame calls/ turns -o turns.parquet           a folder into one Parquet file
  vbformats frame 'calls/**/*.json' metrics -o m.csv      a glob (quoted: vbformats expands it)
  vbformats frame calls/ sentiments --errors collect -o s.csv
                                                          skip bad files, name them on stderr
  vbformats frame call.json verb_noun_pairs --with-sentiment --role Employee=agent

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
    parser.add_argument(
        "--role",
        action="append",
        default=[],
        metavar="NAME=ROLE",
        help="override a speaker's role (agent or caller); repeatable",
    )
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
    from vbformats.commands.batch_frame import add_batch_arguments

    add_batch_arguments(parser, shared=False)  # --jobs, datasets, --dask...: issue #12


def _parse_roles(pairs: list[str]) -> dict[str, str]:
    roles: dict[str, str] = {}
    for pair in pairs:
        name, sep, role = pair.rpartition("=")
        if not sep or not name.strip():
            raise InvalidInputError("--role", f"expected NAME=ROLE, got {pair!r}")
        roles[name.strip()] = role.strip().lower()
    return roles


def run(args: argparse.Namespace) -> int:
    """Build the table and write it; see the module docstring for exit codes."""
    from vbformats import frames
    from vbformats.commands import batch_frame
    from vbformats.frames.core import get
    from vbformats.frames.export import require_pyarrow
    from vbformats.sources import expand

    if batch_frame.wants_batch(args):  # --jobs, a Parquet dataset, Dask...: issue #12
        return batch_frame.run_batch(args)
    if not args.inputs:
        raise InvalidInputError("INPUT", "no inputs: name files, folders or globs")
    fmt = args.format or (frames.format_for_path(args.output) if args.output else "csv")
    if fmt == "parquet":
        if not args.output:
            raise InvalidInputError("--format", "parquet is binary: give an output file with -o")
        require_pyarrow()  # fail before reading a folder of files
    declared = get(args.table).options
    options: dict[str, Any] = {}
    if "with_sentiment" in declared:
        options["with_sentiment"] = args.with_sentiment
    if "include_dtmf" in declared:
        options["include_dtmf"] = args.include_dtmf
    roles = _parse_roles(args.role) or None
    source: Any = args.inputs[0] if len(args.inputs) == 1 else list(args.inputs)
    items, _many = expand(source)
    if not items:
        raise InvalidInputError("", f"no input files found in {' '.join(args.inputs)}")
    try:
        table = frames.build(
            args.table,
            source,
            errors=args.errors,
            progress=False if args.no_progress or args.quiet else None,
            roles=roles,
            **options,
        )
    except frames.SourceError as error:
        hint = " (--errors collect skips bad inputs)"
        raise frames.SourceError(error.path, error.problem + hint) from error
    if args.output:
        frames.save(table, args.output, fmt)
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
