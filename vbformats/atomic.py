"""Output files: atomic replacement of regular files, direct writes into pipes and terminals.

Every file vbformats writes (``save``, ``frames.save``, ``metrics -o``, ``report -o``) goes
through :func:`atomic_path`, which decides by what is at the target:

* **nothing, or a regular file** (or a symlink to one): the output is written to a hidden
  temporary file in the same folder (``.vbformats-*.tmp``) and renamed into place only when it
  is complete, so a failure half-way (a full disk, a bad word, Ctrl-C) never leaves a partial
  file and an existing file is only ever replaced by a complete one. A replaced file keeps its
  permission bits (a ``0600`` file stays ``0600``) and, where the operating system allows it,
  its owner and group; a new file gets the mode a plain ``open()`` gives (``0666`` less the
  umask). A symlink stays a symlink: the file it points to is replaced.
* **a FIFO or a character device** (a named pipe, a terminal, ``/dev/null``, ``/dev/stdout``):
  written directly, never replaced by a regular file (as root, a rename would have replaced
  ``/dev/full`` itself). A pipe or device cannot be written atomically: what was written
  before a failure has been sent. A FIFO that no process is reading is refused at once rather
  than waited on, so nothing blocks forever.
* **a folder, a block device or a socket**: refused.

Every failure raises :class:`~vbformats.errors.OutputError` (also an :class:`OSError`) naming
the path the caller gave: a missing folder is ``cannot write 'out/x.srt': folder 'out' does not
exist``, never the raw error about the temporary file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator

from vbformats.errors import OutputError

__all__ = ["atomic_path"]

_TRIES = 100
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # POSIX only (there are no FIFOs elsewhere)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def _direct_target(target: str, mode: int) -> int | None:
    """Check a non-regular target; for a FIFO, an open write end (proof that a reader is there,
    held until the caller is done), else ``None``.

    Raises:
        OutputError: a folder, block device or socket, or a FIFO nobody reads.
    """
    if stat.S_ISDIR(mode):
        raise OutputError(target, "it is a folder", errno.EISDIR)
    if stat.S_ISFIFO(mode):
        try:
            # non-blocking: ENXIO at once when no process has the FIFO open for reading,
            # where a plain open() would wait for one forever
            return os.open(target, os.O_WRONLY | _NONBLOCK | _CLOEXEC)
        except OSError as error:
            if error.errno == errno.ENXIO:
                raise OutputError(target, "no process is reading this FIFO", errno.ENXIO) from None
            raise OutputError.from_os_error(target, error) from None
    if stat.S_ISCHR(mode):
        return None
    kind = "a block device" if stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else ""
    raise OutputError(target, f"it is {kind or 'not a regular file'}; refusing to write there")


def _temporary(folder: str) -> tuple[str, int]:
    """A new hidden file in ``folder``, created with mode 0666 (the kernel applies the umask,
    as for a plain ``open()``; no process-wide umask juggling)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _CLOEXEC
    for _ in range(_TRIES):
        name = os.path.join(folder, f".vbformats-{secrets.token_hex(6)}.tmp")
        try:
            return name, os.open(name, flags, 0o666)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", folder)


def _keep_attributes(path: str, old: os.stat_result) -> None:
    """Give the new file the permission bits, owner and group of the file it replaces."""
    mode = stat.S_IMODE(old.st_mode)
    os.chmod(path, mode)
    chown = getattr(os, "chown", None)  # POSIX
    if chown is not None:
        with contextlib.suppress(OSError):  # only root (or a member of the group) may
            chown(path, old.st_uid, old.st_gid)
            os.chmod(path, mode)  # chown clears the set-id bits


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[str]:
    """Yield the path to write the output to; see the module docstring for what happens.

    For a regular file (or none) the yielded path is a temporary file beside the target,
    renamed to it when the block ends without an exception and removed otherwise. For a FIFO
    or a character device it is the target itself.

    Raises:
        OutputError: the target cannot be written (a missing folder, no permission, a folder,
            a block device or socket, a FIFO nobody reads, an error while writing); the
            message names ``path`` as given.
    """
    target = os.fspath(path)
    if not isinstance(target, str) or "\x00" in target:  # os.stat would raise ValueError
        raise OutputError(str(target), "not a file name (it must be text without NUL characters)")
    try:
        existing: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        existing = None
    except OSError as error:
        raise OutputError.from_os_error(target, error) from None

    if existing is not None and not stat.S_ISREG(existing.st_mode):
        reader_check = _direct_target(target, existing.st_mode)
        try:
            yield target
        except OSError as error:
            if isinstance(error, OutputError):
                raise
            raise OutputError.from_os_error(target, error) from None
        finally:
            if reader_check is not None:
                os.close(reader_check)
        return

    # a symlink stays a symlink: replace what it points to
    real = os.path.realpath(target)
    folder = os.path.dirname(real)
    try:
        temporary, handle = _temporary(folder)
    except OSError as error:
        raise OutputError.from_os_error(target, error) from None
    try:
        os.close(handle)
        if existing is not None:
            _keep_attributes(temporary, existing)
        yield temporary
        os.replace(temporary, real)
    except OSError as error:
        if isinstance(error, OutputError):
            raise
        raise OutputError.from_os_error(target, error) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
