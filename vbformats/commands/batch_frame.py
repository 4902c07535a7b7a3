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

from vbformats.commands import say
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

__all__ = ["HELP", "add_batch_arguments", "main", "run_batch", "wants_batch", "writes_dataset"]

HELP = "write one table of many results: worker processes, Parquet datasets, Dask"


def add_batch_arguments(parser: argparse.ArgumentParser, *, shared: bool = True) -> None:
    """Declare the many-input arguments of ``frame`` (``shared``: also ``INPUT... TABLE``,
    ``-o``, ``--format``, ``--errors``, ``--role``, which the ``frame`` command has)."""
    from vbformats.frames import SAVE_FORMATS

    add_common_batch_arguments(parser, inputs=shared, jobs_default="1, this process")
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


def wants_batch(args: argparse.Namespace) -> bool:
    """The ``frame`` command's arguments need this module: ``--jobs``, a dataset, a Dask
    cluster, ``--inputs-from`` or ``--errors-out``."""
    return any(
        getattr(args, name, None)
        for name in ("jobs", "inputs_from", "errors_out", "scheduler", "dask")
    ) or writes_dataset(args)


def _options(args: argparse.Namespace) -> dict[str, Any]:
    """The table's options among the ``frame`` flags (``--with-sentiment``, ``--include-dtmf``)."""
    from vbformats.frames.core import get

    declared = get(args.table).options
    return {
        name: bool(getattr(args, name))
        for name in ("with_sentiment", "include_dtmf")
        if name in declared and hasattr(args, name)
    }


def _build(args: argparse.Namespace, inputs: list[Any], dataset: bool) -> tuple[Any, Any]:
    """``(table or None, dataset result or None)``, built locally or on Dask."""
    from vbformats import frames
    from vbformats.commands import parse_roles, parse_speakers
    from vbformats.frames.export import write_dataset

    given = getattr(args, "role", None) or []
    roles = parse_roles(given, getattr(args, "role_flag", "--role")) or None
    errors: Any = getattr(args, "errors", "raise")
    quiet = bool(getattr(args, "quiet", False) or getattr(args, "no_progress", False))
    output: str = getattr(args, "output", None) or ""
    options = _options(args)
    from vbformats.commands import content_filters

    transform = content_filters.transform(args)
    speakers = parse_speakers(getattr(args, "speaker", None) or [])
    if speakers and (getattr(args, "dask", None) or getattr(args, "scheduler", None)):
        raise InvalidInputError(
            "--speaker", "not available with --dask/--scheduler yet: run with --jobs"
        )
    with dask_client(args) as client:
        if client is not None:
            from vbformats import dask as vbdask

            if transform is not None:
                raise InvalidInputError(
                    "--redact" if getattr(args, "redact", None) else "--profanity-filter",
                    "not available with --dask/--scheduler yet: run with --jobs",
                )

            if dataset:
                return None, vbdask.to_parquet(
                    inputs,
                    args.table,
                    output,
                    partition_by=args.partition_by,
                    files_per_partition=args.files_per_part,
                    errors=errors,
                    roles=roles,
                    **options,
                )
            lazy, bad = vbdask.frame_with_errors(
                inputs, args.table, errors=errors, roles=roles, **options
            )
            return vbdask.compute_with_errors(lazy, bad), None
        if dataset:
            return None, write_dataset(
                args.table,
                inputs,
                output,
                partition_by=args.partition_by,
                files_per_part=args.files_per_part,
                jobs=getattr(args, "jobs", None) or 1,
                errors=errors,
                roles=roles,
                progress=not quiet,
                transform=transform,
                speakers=speakers,
                **options,
            )
        table = frames.build(
            args.table,
            inputs[0] if len(inputs) == 1 else inputs,
            errors=errors,
            roles=roles,
            progress=not quiet,
            jobs=getattr(args, "jobs", None) or 1,
            transform=transform,
            speakers=speakers,
            **options,
        )
        return table, None


def run_batch(args: argparse.Namespace) -> int:
    """Build and write the table; see the module docstring for the exit status."""
    from vbformats import frames
    from vbformats.batch import Failure, write_error_report
    from vbformats.batch.convert import one_line

    inputs = gather_inputs(args)
    total = check_found(inputs)
    output: str = getattr(args, "output", None) or ""
    dataset = writes_dataset(args)
    if dataset and not output:
        raise InvalidInputError("-o", "a dataset needs an output folder: -o DIR/")
    fmt = getattr(args, "format", None) or (frames.format_for_path(output) if output else "csv")
    if fmt == "parquet":
        if not output:
            raise InvalidInputError("--format", "parquet is binary: give an output file with -o")
        from vbformats.frames.export import require_pyarrow

        require_pyarrow()  # before reading a folder of files
    try:
        table, result = _build(args, inputs, dataset)
    except frames.SourceError as error:
        hint = " (--errors collect skips bad inputs)"
        raise frames.SourceError(error.path, error.problem + hint) from error
    if table is not None:
        skipped = table.attrs.get("errors", [])
        if output:
            frames.save(table, output, fmt)
        elif fmt == "json":
            sys.stdout.write(frames.to_json(table) + "\n")
        else:
            sys.stdout.write(frames.to_csv(table))
    else:
        skipped = result.errors
    failures: list[Any] = [Failure(i["source"], i["type"], one_line(i["error"])) for i in skipped]
    errors_out = getattr(args, "errors_out", None)
    if errors_out:
        write_error_report(errors_out, failures)
    print_failures(failures, errors_out)
    if not getattr(args, "quiet", False):
        if result is not None:
            say(f"{len(result.files):,} files, {result.rows:,} rows in {output}")
        if failures:
            say(f"{len(failures):,} of {total:,} inputs skipped")
    return exit_status(total, len(failures)) and 1


def main(argv: Sequence[str] | None = None) -> int:
    """Standalone entry point (``python -m vbformats.commands.batch_frame``)."""
    parser = argparse.ArgumentParser(prog="vbformats frame", description=HELP)
    add_batch_arguments(parser)
    return run_standalone(run_batch, parser.parse_args(argv))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
