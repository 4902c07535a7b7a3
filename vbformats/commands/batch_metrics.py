"""``vbformats metrics`` over many inputs: one table, one row per call.

Called by the ``metrics`` command for more than one input, a folder, a glob or
``--inputs-from``. The table is :func:`vbformats.metrics.compute_many`'s (``media_id``,
``source``, the call's length, agent and caller, every metric as a column, ``<metric>_reported``
after each with ``--compare``), written as CSV, JSON (an array of rows) or Parquet by ``-o``'s
extension or ``--format`` (CSV on stdout without ``-o``). Inputs that cannot be read are
skipped, named on stderr and, with ``--errors-out``, listed in a CSV.

    python -m vbformats.commands.batch_metrics calls/ -o metrics.parquet --compare --jobs 2
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from vbformats.commands.batch_common import (
    add_common_batch_arguments,
    check_found,
    dask_client,
    exit_status,
    gather_inputs,
    print_failures,
    run_standalone,
    single_input,
    wants_batch,
)
from vbformats.errors import InvalidInputError

__all__ = [
    "HELP",
    "add_batch_arguments",
    "main",
    "single_input",
    "wants_batch",
    "wants_table",
]

HELP = "recompute the conversation metrics of many calls: one row per call"

EXAMPLES = """examples:
  vbformats metrics calls/ -o metrics.csv                one row per call, every metric a column
  vbformats metrics 'calls/**/*.json' -o m.parquet --compare --jobs 4
  vbformats metrics --inputs-from list.txt -o m.json --roles Employee=agent
  vbformats metrics calls/ -o m.csv --scheduler tcp://scheduler:8786

Exit status: 0 written, 1 written but some inputs failed (named on stderr), 2 error.
"""

#: The definition parameters: flag, type, default, help (as the one-call command has them).
PARAMETERS: tuple[tuple[str, type, Any, str], ...] = (
    ("--join-gap-ms", int, 100, "a word joins its speaker's segment across a gap of at most MS"),
    ("--streak-gap-ms", int, 3000, "a pause of MS or more starts a new streak"),
    ("--silence-min-ms", int, 4000, "silences longer than MS are silence incidents"),
    ("--agent-volume-divisor", float, 4.33, "'good agent' volume"),
    ("--caller-volume-divisor", float, 7.57, "'good caller' volume"),
    ("--length-ms", int, None, "call length L (default: media length, else the last word's end)"),
)

_FORMATS = ("csv", "json", "parquet")


def add_batch_arguments(parser: argparse.ArgumentParser, *, shared: bool = True) -> None:
    """Declare the many-input arguments of ``metrics``.

    Args:
        parser: The parser (the ``metrics`` command's, or a standalone one).
        shared: Also declare what the one-call ``metrics`` already has (``INPUT...``, ``-o``,
            ``--format``, ``--compat``, ``--compare``, ``--roles`` and the definition
            parameters); pass
            ``False`` when adding to a parser that declares those.
    """
    add_common_batch_arguments(parser, inputs=shared)
    if shared:
        parser.add_argument("-o", "--output", metavar="FILE", help="output file (default: stdout)")
        parser.add_argument(
            "--format",
            choices=_FORMATS,
            help="csv, json or parquet (default: from -o's extension, else csv)",
        )
        parser.add_argument("--compat", action="store_true", help="render as VoiceBase does")
        parser.add_argument(
            "--compare", action="store_true", help="add <metric>_reported after each metric"
        )
        parser.add_argument(
            "--roles",
            action="append",
            default=[],
            metavar="NAME=ROLE",
            help="speaker NAME is the agent or the caller (repeatable)",
        )
        tuning = parser.add_argument_group("definition parameters (VoiceBase's defaults)")
        for flag, kind, default, text in PARAMETERS:
            tuning.add_argument(flag, type=kind, default=default, metavar="X", help=text)
    parser.add_argument(
        "--agent-key", metavar="KEY", help="the agent column from this metadata.extended key"
    )
    parser.add_argument(
        "--caller-key", metavar="KEY", help="the caller column from this metadata.extended key"
    )


def _params(args: argparse.Namespace) -> dict[str, Any]:
    params: dict[str, Any] = {"compat": bool(getattr(args, "compat", False))}
    for flag, _, default, _ in PARAMETERS:
        name = flag.lstrip("-").replace("-", "_")
        value = getattr(args, name, default)
        if value != default:
            params[name] = value
    for key in ("agent_key", "caller_key"):
        if getattr(args, key, None):
            params[key] = getattr(args, key)
    return params


def _format(args: argparse.Namespace) -> str:
    from vbformats.frames.export import format_for_path

    chosen = getattr(args, "format", None)
    if chosen is not None and chosen not in _FORMATS:  # the one-call command's --format table
        raise InvalidInputError(
            "--format", f"{chosen} is for one call; a table of many is csv, json or parquet"
        )
    output = getattr(args, "output", None)
    if chosen is None:
        chosen = format_for_path(output) if output and output != "-" else "csv"
    if chosen == "parquet" and (not output or output == "-"):
        raise InvalidInputError("--format", "parquet is binary: give an output file with -o")
    return chosen


def wants_table(args: argparse.Namespace) -> bool:
    """The ``metrics`` command's arguments ask for the one-row-per-call table: many inputs
    (:func:`~vbformats.commands.batch_common.wants_batch`) or Parquet (``--format parquet``
    or ``-o *.parquet``: the table of one call)."""
    output = getattr(args, "output", None) or ""
    parquet = getattr(args, "format", None) == "parquet" or output.lower().endswith(".parquet")
    return parquet or wants_batch(args)


def run_batch(args: argparse.Namespace) -> int:
    """Compute the table and write it. Returns 0, 1 (some inputs failed), 2 (all failed);
    usage errors raise."""
    from vbformats import frames
    from vbformats.batch import Failure, write_error_report
    from vbformats.batch.convert import one_line
    from vbformats.commands import parse_roles
    from vbformats.frames.export import require_pyarrow
    from vbformats.metrics import compute_many

    inputs = gather_inputs(args)
    fmt = _format(args)
    if fmt == "parquet":
        require_pyarrow()  # before reading a folder of files
    given = getattr(args, "role", None) or []
    roles = parse_roles(given, getattr(args, "role_flag", "--role")) or None
    params = _params(args)
    total = check_found(inputs)
    quiet = bool(getattr(args, "quiet", False))
    compare = bool(getattr(args, "compare", False))
    with dask_client(args) as client:
        if client is not None:
            from vbformats import dask as vbdask

            table, bad = vbdask.frame_with_errors(
                inputs, "call_metrics", errors="collect", roles=roles, compare=compare, **params
            )
            table = vbdask.compute_with_errors(table, bad)
        else:
            table = compute_many(
                inputs,
                jobs=getattr(args, "jobs", None),
                compare=compare,
                roles=roles,
                errors="collect",
                progress=not quiet,
                **params,
            )
    output = getattr(args, "output", None)
    if output and output != "-":
        frames.save(table, output, fmt)
    elif fmt == "json":
        sys.stdout.write(frames.to_json(table) + "\n")
    else:
        sys.stdout.write(frames.to_csv(table))
    failures = [
        Failure(item["source"], item["type"], one_line(item["error"]))
        for item in table.attrs.get("errors", [])
    ]
    errors_out = getattr(args, "errors_out", None)
    if errors_out:
        write_error_report(errors_out, failures)
    print_failures(failures, errors_out)
    if not quiet:
        print(
            f"vbformats: {len(table):,} calls measured, {len(failures):,} of {total:,} inputs "
            "failed",
            file=sys.stderr,
        )
    return exit_status(total, len(failures))


def main(argv: Sequence[str] | None = None) -> int:
    """Standalone entry point (``python -m vbformats.commands.batch_metrics``)."""
    parser = argparse.ArgumentParser(
        prog="vbformats metrics",
        description=HELP,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_batch_arguments(parser)
    return run_standalone(run_batch, parser.parse_args(argv))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
