"""Atomic file output: a temporary file in the target's folder, renamed into place on success.

Every file vbformats writes (captions, tables, metrics) goes through :func:`atomic_path`, so a
failure half-way (a full disk, a bad word, Ctrl-C) never leaves a partial output file behind,
and an existing file at the target is only replaced by a complete one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator

__all__ = ["atomic_path"]


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[str]:
    """Yield a temporary path to write; on success it is renamed to ``path``, else removed.

    The temporary file lives in the target's folder (a rename across file systems would not be
    atomic) and is hidden (``.vbformats-*.tmp``).
    """
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    handle, temporary = tempfile.mkstemp(prefix=".vbformats-", suffix=".tmp", dir=folder)
    os.close(handle)
    # mkstemp makes the file private (0600); give the output the mode a plain open() would
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o666 & ~umask)
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
