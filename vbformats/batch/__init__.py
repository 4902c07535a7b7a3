"""Archives: many calls in one command, in worker processes (issue #12).

* :func:`convert` – many sources into many formats, ``<stem>.<ext>`` files in one folder;
  resumable, atomic, byte-identical to a serial run, with a summary and an error report;
* :func:`read_inputs` – the paths listed one a line in a file (``-`` = stdin), for
  ``--inputs-from``;
* :class:`~vbformats.batch.pool.WorkerPool` – the process pool every many-file job uses
  (``frames.build(..., jobs=N)``, ``metrics.compute_many``): chunks of paths in, results in
  input order, a clean stop on Ctrl-C.

The scale-out beyond one machine is :mod:`vbformats.dask`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import IO

from vbformats.batch.convert import (
    BatchInterrupted,
    BatchSummary,
    Failure,
    convert,
    one_line,
    output_names,
    stem_of,
    write_error_report,
)
from vbformats.batch.pool import WorkerPool, default_jobs, resolve_jobs
from vbformats.errors import InvalidInputError
from vbformats.secrets import redact

__all__ = [
    "BatchInterrupted",
    "BatchSummary",
    "Failure",
    "WorkerPool",
    "convert",
    "default_jobs",
    "iter_inputs",
    "one_line",
    "output_names",
    "read_inputs",
    "resolve_jobs",
    "stem_of",
    "write_error_report",
]


def iter_inputs(handle: IO[str]) -> Iterator[str]:
    """The paths of a list, one a line: surrounding blanks trimmed, empty lines and lines
    starting with ``#`` skipped."""
    for line in handle:
        text = line.strip()
        if text and not text.startswith("#"):
            yield text


def read_inputs(path: str | os.PathLike[str]) -> list[str]:
    """The inputs listed in a file, one path (or folder, or glob) a line; ``"-"`` reads stdin.

    Empty lines and lines starting with ``#`` are skipped; each line is used as written (a
    folder or a glob on a line is expanded like one given on the command line).

    Raises:
        InvalidInputError: the file cannot be read (its name redacted).
    """
    if os.fspath(path) == "-":
        return list(iter_inputs(sys.stdin))
    try:
        with open(path, encoding="utf-8") as handle:
            return list(iter_inputs(handle))
    except (OSError, UnicodeDecodeError) as error:
        shown = redact(repr(os.fspath(path)))
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise InvalidInputError("--inputs-from", f"cannot read {shown}: {reason}") from None
