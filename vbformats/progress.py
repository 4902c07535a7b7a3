"""Progress of a many-file job, for the person watching and for the log that keeps it.

One class, :class:`Progress`, three behaviours, chosen once when it is made:

* **a terminal** (stderr is a TTY): a real progress bar, drawn by tqdm (``vbformats: 42%|####
  | 840/2,000 files [00:12<00:16, 69.1 files/s]``), redrawn in place;
* **not a terminal** (a log file, CI, ``2> run.log``) and asked for (``enabled=True``): one
  plain line every ``interval_s`` seconds (10 by default) and a last one at the end, so a log
  shows where a long job is without a line per file and without carriage returns::

      vbformats: 840/2,000 files (42%), 69.1 files/s, 0:12 elapsed, about 0:16 left

* **quiet** (``enabled=False``): nothing.

``enabled=None`` (the library's default) means: the bar on a terminal when there is more than one
file, nothing otherwise, so a script's log does not fill with progress it did not ask for; the
command line passes ``True`` unless ``--quiet``.

tqdm rather than rich: it is one small pure-Python package with no dependencies of its own,
imports in a few milliseconds, and draws exactly this bar; rich would bring a console
framework (and pygments) for one bar. It is a core dependency because the command line and the
many-file builders show the bar without any extra install; it is imported only when a bar is
drawn. Its monitor thread is off (``monitor_interval = 0``), so a process pool forked after the
bar appears is forked from a single-threaded process.
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

__all__ = ["Progress", "stderr_is_tty"]


def stderr_is_tty(stream: Any = None) -> bool:
    """Whether ``stream`` (default: ``sys.stderr``) is a terminal (a closed stream is not)."""
    stream = sys.stderr if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # closed or replaced stderr
        return False


def _clock(seconds: float) -> str:
    seconds = int(max(seconds, 0))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Progress:
    """Progress of ``total`` items on stderr: a bar, periodic lines, or nothing.

    Args:
        total: How many items (files) the job has.
        enabled: ``True`` shows progress (a bar on a terminal, periodic lines otherwise);
            ``False`` shows nothing; ``None`` shows the bar only on a terminal and only when
            ``total > 1``.
        unit: What an item is called (``"files"``).
        interval_s: Seconds between two plain lines when stderr is not a terminal.
        stream: Where to write (default ``sys.stderr``, looked up when the object is made).

    Use as a context manager, or call :meth:`close` (it prints the last line / ends the bar).
    """

    def __init__(
        self,
        total: int,
        enabled: bool | None = None,
        *,
        unit: str = "files",
        interval_s: float = 10.0,
        stream: TextIO | None = None,
    ) -> None:
        self.total = total
        self.unit = unit
        self.interval_s = interval_s
        self.stream: TextIO = sys.stderr if stream is None else stream
        tty = stderr_is_tty(self.stream)
        if enabled is None:
            enabled = tty and total > 1
        self.mode = "off" if not enabled else ("bar" if tty else "lines")
        self.done = 0
        self._started = time.monotonic()
        self._last_line = self._started
        self._bar: Any = None
        self._closed = False
        if self.mode == "bar":
            self._bar = _make_bar(total, unit, self.stream)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def update(self, count: int = 1) -> None:
        """``count`` more items are done."""
        self.done += count
        if self.mode == "bar":
            self._bar.update(count)
        elif self.mode == "lines":
            now = time.monotonic()
            if now - self._last_line >= self.interval_s and self.done < self.total:
                self._last_line = now
                self._line(now)

    def _line(self, now: float) -> None:
        elapsed = now - self._started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        share = f" ({100 * self.done // self.total}%)" if self.total else ""
        text = f"vbformats: {self.done:,}/{self.total:,} {self.unit}{share}"
        text += f", {rate:.1f} {self.unit}/s, {_clock(elapsed)} elapsed"
        if 0 < self.done < self.total and rate > 0:
            text += f", about {_clock((self.total - self.done) / rate)} left"
        print(text, file=self.stream, flush=True)

    def close(self) -> None:
        """End the bar, or print the last plain line (idempotent)."""
        if self._closed:
            return
        self._closed = True
        if self.mode == "bar":
            self._bar.close()
        elif self.mode == "lines":
            self._line(time.monotonic())


def _make_bar(total: int, unit: str, stream: TextIO) -> Any:
    from tqdm import tqdm

    class _Bar(tqdm):  # type: ignore[misc]
        monitor_interval = 0  # no monitor thread: keeps later forks single-threaded

    return _Bar(
        total=total,
        desc="vbformats",
        unit=f" {unit}",
        file=stream,
        dynamic_ncols=True,
        mininterval=0.1,
        bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} "
        + unit
        + " [{elapsed}<{remaining}, {rate_fmt}]",
    )
