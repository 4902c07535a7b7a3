"""``vbformats convert`` over many inputs: a folder of ``<stem>.<ext>`` files, in worker processes.

Called by the ``convert`` command when it is given more than one input, a folder, a glob or
``--inputs-from`` (:func:`~vbformats.commands.batch_common.wants_batch`); the library behind it
is :func:`vbformats.batch.convert` (names, resume, atomic writes, the error report). ``-o``
names the output folder (created if missing), ``--to`` one or more formats
(``--to srt,vtt,text``); a format flag applies to every chosen format that has it (and is an
error when none has it). ``--scheduler`` / ``--dask`` run the same conversion as a Dask bag
(:func:`vbformats.dask.convert`).

    python -m vbformats.commands.batch_convert calls/ -o out/ --to srt,vtt --jobs 2
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
    "format_options",
    "main",
    "run_batch",
    "single_input",
    "wants_batch",
]

HELP = "convert many results (files, folders, globs) into a folder of captions or text"

EXAMPLES = """examples:
  vbformats convert calls/ -o out/ --to srt              every call of a folder to SRT
  vbformats convert 'calls/**/*.json' -o out/ --to srt,vtt,text --jobs 4
  find /data -name '*.json' | vbformats convert --inputs-from - -o out/ --to vtt
  vbformats convert calls/ -o out/ --to srt --errors-out failed.csv --quiet
  vbformats convert calls/ -o out/ --to srt --scheduler tcp://scheduler:8786

Outputs are <stem>.<ext> (clashing stems get -2, -3...); an output newer than its input
is kept (--force writes it again), so a second run finishes an interrupted one.
Exit status: 0 all written, 1 some inputs failed (all others written), 2 error.
"""


def add_batch_arguments(parser: argparse.ArgumentParser, *, shared: bool = True) -> None:
    """Declare the many-input arguments of ``convert``.

    Args:
        parser: The parser (the ``convert`` command's, or a standalone one).
        shared: Also declare what the one-input ``convert`` already has (``INPUT...``,
            ``-o``, ``--to``, ``--input-format``, ``--speaker`` and the format flags); pass
            ``False`` when adding to a parser that declares those.
    """
    if shared:
        from vbformats.commands import add_input_format_argument, add_speaker_argument
        from vbformats.commands.format_options import add_format_flags

        add_common_batch_arguments(parser, inputs=True)
        parser.add_argument(
            "-o", "--output", metavar="DIR", help="output folder (created if missing)"
        )
        parser.add_argument(
            "--to",
            metavar="FORMATS",
            help="output formats, comma-separated (srt,vtt,text,dfxp,turns,json; default text)",
        )
        add_input_format_argument(parser)
        add_format_flags(parser)
        add_speaker_argument(parser)
    else:
        add_common_batch_arguments(parser, inputs=False)
    parser.add_argument(
        "--force", action="store_true", help="write every output, even one newer than its input"
    )


def format_options(names: Sequence[str], args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """Each chosen format's options from the format flags given.

    Raises:
        InvalidInputError: a flag none of the chosen formats has (named as typed).
    """
    from vbformats import formats
    from vbformats.commands.format_options import format_flags

    canonical = [formats.get(name).name for name in names]
    options: dict[str, dict[str, Any]] = {name: {} for name in canonical}
    for entry in format_flags():
        value = getattr(args, entry.dest, None)
        if value is None:
            continue
        owners = [name for name in canonical if name in entry.fields]
        if not owners:
            chosen = ", ".join(canonical)
            raise InvalidInputError(entry.flag, f"none of the formats {chosen} has this option")
        for name in owners:
            options[name][entry.fields[name]] = value
    return options


def run_batch(args: argparse.Namespace) -> int:
    """Convert every input; print a summary. Returns 0, 1 (some failed), 2 (all failed) or
    130 (interrupted); usage errors raise (:class:`InvalidInputError`)."""
    from vbformats import batch
    from vbformats.commands import content_filters, parse_speakers

    inputs = gather_inputs(args)
    output = getattr(args, "output", None)
    if not output or output == "-":
        raise InvalidInputError("-o", "many inputs need an output folder: -o DIR")
    names = [part.strip() for part in (getattr(args, "to", None) or "text").split(",")]
    names = [name for name in names if name]
    options = format_options(names, args)
    speakers = parse_speakers(getattr(args, "speaker", None) or [])
    check_found(inputs)
    quiet = bool(getattr(args, "quiet", False))
    errors_out = getattr(args, "errors_out", None)
    try:
        with dask_client(args) as client:
            if client is not None:
                from vbformats import dask as vbdask

                if content_filters.active(args):
                    raise InvalidInputError(
                        "--redact" if getattr(args, "redact", None) else "--profanity-filter",
                        "not available with --dask/--scheduler yet: run with --jobs",
                    )

                summary = vbdask.convert(
                    inputs,
                    output,
                    names,
                    options=options,
                    force=bool(getattr(args, "force", False)),
                    input_format=getattr(args, "input_format", None),
                    speakers=speakers,
                    errors_out=errors_out,
                )
            else:
                summary = batch.convert(
                    inputs,
                    output,
                    names,
                    options=options,
                    jobs=getattr(args, "jobs", None),
                    force=bool(getattr(args, "force", False)),
                    input_format=getattr(args, "input_format", None),
                    speakers=speakers,
                    errors_out=errors_out,
                    progress=not quiet,
                    transform=content_filters.transform(args),
                )
    except batch.BatchInterrupted as stop:
        print(f"vbformats: {stop.summary.line()}", file=sys.stderr)
        print("vbformats: run the same command again to resume", file=sys.stderr)
        return 130
    print_failures(summary.failures, errors_out)
    for source, text in summary.warnings[:10]:
        print(f"vbformats: warning: {source}: {text}", file=sys.stderr)
    if not quiet:
        print(f"vbformats: {summary.line()}", file=sys.stderr)
    return exit_status(summary.total, summary.failed)


def main(argv: Sequence[str] | None = None) -> int:
    """Standalone entry point (``python -m vbformats.commands.batch_convert``), with the
    command line's error handling: one line on stderr, exit 2."""
    parser = argparse.ArgumentParser(
        prog="vbformats convert",
        description=HELP,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_batch_arguments(parser)
    return run_standalone(run_batch, parser.parse_args(argv))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
