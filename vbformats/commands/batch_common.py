"""What the many-input paths of the commands share (issue #12): the input list, the flags of a
batch run, the Dask client, the report of failures and the exit status.

``INPUT...`` may be files, folders, globs (quoted, so vbformats expands them: ``'calls/**/*.json'``)
and ``--inputs-from FILE`` adds the paths listed one a line (``-`` = stdin). A bare ``-`` among
the inputs stays "the document on stdin". Exit status: 0 everything written, 1 some inputs failed
(every other one written), 2 an error before any work, or every input failed; 130 on Ctrl-C
(every file written is complete; running the command again resumes).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from vbformats.errors import InvalidInputError

__all__ = [
    "add_common_batch_arguments",
    "dask_client",
    "exit_status",
    "gather_inputs",
    "print_failures",
    "run_standalone",
    "single_input",
    "wants_batch",
]

#: Failures printed one per line on stderr before the summary (the rest: --errors-out).
SHOWN_FAILURES = 10


def add_common_batch_arguments(
    parser: argparse.ArgumentParser, *, inputs: bool, jobs_default: str = "the number of CPUs"
) -> None:
    """``--inputs-from``, ``--jobs``, ``--errors-out``, ``--quiet``, ``--scheduler``,
    ``--dask`` (and ``INPUT...`` when ``inputs``); ``jobs_default`` says what no ``--jobs``
    means."""
    if inputs:
        parser.add_argument(
            "inputs",
            nargs="*",
            metavar="INPUT",
            help="result files, folders or glob patterns ('-' = the document on stdin)",
        )
    parser.add_argument(
        "--inputs-from",
        metavar="FILE",
        help="also read the inputs listed one a line in FILE ('-' = stdin)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help=f"worker processes (default: {jobs_default})",
    )
    parser.add_argument(
        "--errors-out",
        metavar="CSV",
        help="write the inputs that failed to CSV (source,error_type,message)",
    )
    if "--quiet" not in parser._option_string_actions:  # the one-input commands declare it
        parser.add_argument(
            "-q",
            "--quiet",
            action="store_true",
            help="no progress and no summary (errors still go to stderr)",
        )
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on a Dask cluster (tcp://host:8786); needs the 'dask' extra",
    )
    group.add_argument(
        "--dask",
        action="store_true",
        help="run on a local Dask cluster of --jobs worker processes; needs the 'dask' extra",
    )


def _inputs(args: argparse.Namespace) -> list[str]:
    given = getattr(args, "inputs", None)
    if given is None:
        given = getattr(args, "input", None)
        if given is None or isinstance(given, (str, os.PathLike)):
            given = [given] if given is not None else []
    return [os.fspath(item) for item in given]


def wants_batch(args: argparse.Namespace) -> bool:
    """Whether a command's arguments ask for the many-input path: more than one input, a
    folder, a glob (that is not a file's name), ``--inputs-from``, or (``convert``) several
    formats in ``--to`` or an ``-o`` that names a folder (ends in ``/`` or exists as one)."""
    if getattr(args, "inputs_from", None):
        return True
    to = getattr(args, "to", None)
    if isinstance(to, str) and "," in to:
        return True
    output = getattr(args, "output", None)
    folder = isinstance(output, str) and (output.endswith(("/", os.sep)) or os.path.isdir(output))
    if hasattr(args, "to") and folder:
        return True
    listed = _inputs(args)
    if len(listed) != 1:
        return len(listed) > 1
    only = listed[0]
    if only == "-":
        return False
    return os.path.isdir(only) or (any(c in only for c in "*?[") and not os.path.exists(only))


def single_input(args: argparse.Namespace) -> str:
    """The one input of a one-input run (``-`` = stdin).

    Raises:
        InvalidInputError: no input given.
    """
    listed = _inputs(args)
    if not listed:
        raise InvalidInputError(
            "INPUT", "no input: name a file, folder or glob, '-' for stdin, or --inputs-from"
        )
    return listed[0]


def gather_inputs(args: argparse.Namespace) -> list[Any]:
    """The inputs (``INPUT...`` then ``--inputs-from``'s), a bare ``-`` read from stdin as one
    document (bytes).

    Raises:
        InvalidInputError: no input at all, or stdin asked for twice.
    """
    from vbformats.batch import read_inputs

    listed: list[Any] = list(_inputs(args))
    source = getattr(args, "inputs_from", None)
    if source is not None:
        if source == "-" and "-" in listed:
            raise InvalidInputError(
                "--inputs-from", "stdin cannot hold both the list and a document"
            )
        listed += read_inputs(source)
    if not listed:
        raise InvalidInputError(
            "INPUT", "no inputs: name files, folders or globs, or --inputs-from"
        )
    return [sys.stdin.buffer.read() if item == "-" else item for item in listed]


def check_found(inputs: Sequence[Any]) -> int:
    """How many sources ``inputs`` expand to.

    Raises:
        InvalidInputError: they hold no result file.
    """
    from vbformats.sources import expand

    count = len(expand(list(inputs))[0])
    if count == 0:
        shown = " ".join(str(item) for item in inputs if isinstance(item, str))
        raise InvalidInputError("INPUT", f"no input files found in {shown}")
    return count


@contextlib.contextmanager
def dask_client(args: argparse.Namespace) -> Iterator[Any]:
    """A ``dask.distributed.Client`` for ``--scheduler ADDRESS`` or ``--dask`` (a local cluster
    of ``--jobs`` worker processes, closed afterwards); ``None`` without either flag."""
    address = getattr(args, "scheduler", None)
    if not address and not getattr(args, "dask", False):
        yield None
        return
    from vbformats.errors import require

    require("distributed", "dask", "--scheduler / --dask")
    from distributed import Client, LocalCluster

    from vbformats.batch import resolve_jobs

    if address:
        with Client(address) as client:
            yield client
        return
    workers = resolve_jobs(getattr(args, "jobs", None))
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def print_failures(failures: Sequence[tuple[str, str, str]], errors_out: str | None) -> None:
    """The first :data:`SHOWN_FAILURES` failures, one line each, on stderr."""
    for source, kind, message in failures[:SHOWN_FAILURES]:
        print(f"vbformats: failed {source}: {kind}: {message}", file=sys.stderr)
    rest = len(failures) - SHOWN_FAILURES
    if rest > 0:
        where = f" (all listed in {errors_out})" if errors_out else " (--errors-out lists all)"
        print(f"vbformats: ... and {rest:,} more failed{where}", file=sys.stderr)


def exit_status(total: int, failed: int) -> int:
    """0 nothing failed, 2 every input failed, 1 some did."""
    if failed == 0:
        return 0
    return 2 if failed >= total else 1


def run_standalone(function: Any, args: argparse.Namespace) -> int:
    """Run ``function(args)`` as ``vbformats.cli.main`` runs a command (errors: one line on
    stderr, exit 2)."""
    from vbformats.errors import VBFormatsError
    from vbformats.secrets import redact

    try:
        code: int = function(args)
        return code
    except (VBFormatsError, OSError) as error:
        print(f"vbformats: error: {redact(str(error))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
