"""Run a function as a user without privileges, whoever runs the tests.

CI runs as root, and root may write anywhere: a test of "a folder you may not write to" would
prove nothing there. :func:`as_unprivileged` forks, drops to ``nobody`` (uid/gid 65534) in the
child when the tests run as root, calls the function and sends back its result or exception.
Run as an ordinary user it simply calls the function (that user is unprivileged already), so
the same test means the same thing for both.

The child cannot import anything new after dropping privileges (the interpreter may live in
root's home), so warm up every code path the function needs before calling this.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from typing import Any

NOBODY = 65534


def is_root() -> bool:
    """The tests run as root."""
    return os.geteuid() == 0


def as_unprivileged(function: Callable[[], Any]) -> Any:
    """``function()`` as an unprivileged user: its return value, or its exception raised here.

    Raises:
        Whatever ``function`` raised (it must be picklable, as vbformats' exceptions are).
    """
    if not is_root():
        return function()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop privileges, run, report, never return into pytest
        os.close(read_end)
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            outcome: tuple[str, Any] = ("ok", function())
        except BaseException as error:
            outcome = ("error", error)
        try:
            data = pickle.dumps(outcome)
        except Exception as error:
            data = pickle.dumps(("error", RuntimeError(f"unpicklable outcome: {error!r}")))
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    kind, value = pickle.loads(data)
    if kind == "error":
        raise value
    return value
