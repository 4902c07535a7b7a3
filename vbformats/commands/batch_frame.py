"""``vbformats frame`` over many inputs with worker processes, Parquet datasets and Dask.

The ``frame`` command reads many inputs already; this adds ``--jobs N`` (worker processes, the
same table as a serial build), ``-o DIR/ --format parquet`` (a dataset: one file per chunk of
``--files-per-part`` inputs, ``--partition-by date`` or a column, Hive folders), and
``--scheduler`` / ``--dask`` (built on a Dask cluster; a dataset is then written by the
workers). Exit status as the command: 0 written, 1 written but some inputs skipped
(``--errors collect``), 2 error.

    python -m vbformats.commands.batch_frame calls/ words -o words/ --partition-by date --jobs 2
"""

from __future__ import annotations

import argparse
import os
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
)
from vbformats.errors import InvalidInputError

__all__ = ["HELP", "add_batch_arguments", "main", "run_batch", "writes_dataset"]

HELP = "write one table of many results: worker processes, Parquet datasets, Dask"


def add_batch_arguments(parser: argparse.ArgumentParser, *, shared: bool = True) -> None:
    """Declare the many-input arguments of ``frame`` (``shared``: also ``INPUT... TABLE``,
    ``-o``, ``--format``, ``--errors``, ``--role``, which the ``frame`` command has)."""
    from vbformats.frames import SAVE_FORMATS

    add_common_batch_arguments(parser, inputs=shared)
    if shared:
        parser.add_argument("table", metavar="TABLE", help="a table name (frames.TABLES)")
        parser.add_argument("-o", "--output", metavar="OUT", help="file, or folder for a dataset")
        parser.add_argument("--format", choices=tuple(SAVE_FORMATS), help="csv, json or parquet")
        parser.add_argument("--errors", choices=("raise", "collect"), default="raise")
        parser.add_argument("--role", action="append", default=[], metavar="NAME=ROLE")
    parser.add_argument(
        "--partition-by",
        metavar="COLUMN",
        help="dataset: Hive folders by this column ('date' = the day of dateCreated)",
    )
    parser.add_argument(
        "--files-per-part", type=int, default=100, metavar="N", help="dataset: inputs per file"
    )


def writes_dataset(args: argparse.Namespace) -> bool:
    """A Parquet dataset is asked for: ``--partition-by``, or Parquet into a folder (``-o``
    ending in ``/`` or naming an existing folder)."""
    output = getattr(args, "output", None) or ""
    folder = output.endswith(("/", os.sep)) or os.path.isdir(output)
    return bool(getattr(args, "partition_by", None)) or (
        getattr(args, "format", None) == "parquet" and folder
    )


def run_batch(args: argparse.Namespace) -> int:
    """Build and write the table; see the module docstring for the exit status."""
    from vbformats import frames
    from vbformats.batch import Failure, write_error_report
    from vbformats.batch.convert import one_line
    from vbformats.commands.metrics import parse_roles
    from vbformats.frames.export import write_dataset

    inputs = gather_inputs(args)
    total = check_found(inputs)
    roles = parse_roles(getattr(args, "role", None) or []) or None
    errors: Any = getattr(args, "errors", "raise")
    quiet = bool(getattr(args, "quiet", False))
    output: str = getattr(args, "output", None) or ""
    dataset = writes_dataset(args)
    if dataset and not output:
        raise InvalidInputError("-o", "a dataset needs an output folder: -o DIR/")
    with dask_client(args) as client:
        if client is not None:
            from vbformats import dask as vbdask

            if dataset:
                result = vbdask.to_parquet(
                    inputs,
                    args.table,
                    output,
                    partition_by=args.partition_by,
                    errors=errors,
                    roles=roles,
                )
                skipped = result.errors
            else:
                import dask

                table, bad = vbdask.frame_with_errors(
                    inputs, args.table, errors=errors, roles=roles
                )
                table, found = dask.compute(table, bad)
                table = table.reset_index(drop=True)
                skipped = list(found)
        elif dataset:
            result = write_dataset(
                args.table,
                inputs,
                output,
                partition_by=args.partition_by,
                files_per_part=args.files_per_part,
                jobs=getattr(args, "jobs", None),
                errors=errors,
                roles=roles,
                progress=not quiet,
            )
            skipped = result.errors
        else:
            table = frames.build(
                args.table,
                inputs,
                errors=errors,
                roles=roles,
                progress=not quiet,
                jobs=getattr(args, "jobs", None),
            )
            skipped = table.attrs["errors"]
    if not dataset:
        fmt = getattr(args, "format", None) or (frames.format_for_path(output) if output else "csv")
        if output:
            frames.save(table, output, fmt)
        elif fmt == "json":
            sys.stdout.write(frames.to_json(table) + "\n")
        else:
            sys.stdout.write(frames.to_csv(table))
    failures: list[Any] = [Failure(i["source"], i["type"], one_line(i["error"])) for i in skipped]
    errors_out = getattr(args, "errors_out", None)
    if errors_out:
        write_error_report(errors_out, failures)
    print_failures(failures, errors_out)
    if not quiet and dataset:
        print(f"vbformats: {len(result.files):,} files, {result.rows:,} rows", file=sys.stderr)
    return exit_status(total, len(failures)) and 1


def main(argv: Sequence[str] | None = None) -> int:
    """Standalone entry point (``python -m vbformats.commands.batch_frame``)."""
    parser = argparse.ArgumentParser(prog="vbformats frame", description=HELP)
    add_batch_arguments(parser)
    return run_standalone(run_batch, parser.parse_args(argv))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
