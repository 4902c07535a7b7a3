"""Every public entry point of vbformats, driven with one document (issue #11, "How to prove it").

:func:`drive` hands one document to everything a user can call: ``vbformats.load`` from a dict,
bytes, JSON text and a path; every reader by ``format=`` (the JSON bytes, and our own rendering
of the document in each caption format read back); every writer by ``render`` and ``save``
(every registered format, :func:`vbformats.formats.formats`); every table of
:data:`vbformats.frames.TABLES` by ``frames.build`` and ``frames.save``;
``vbformats.metrics.compute`` and every frame method of its result; ``vbformats.turns``;
``vbformats.build_cues``; the call report (``vbformats.report`` to an ``.html`` file); and the
command line (:func:`vbformats.cli.main`) with the commands asked for.

It records what a property needs: every exception (ours and others), where each exception that
is not a :class:`vbformats.VBFormatsError` came from (the deepest vbformats frame), every log
record vbformats emitted at DEBUG, every warning, and each command's exit code and stderr.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import traceback
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import vbformats
from vbformats import VBFormatsError, formats, frames

PACKAGE = os.path.dirname(os.path.abspath(vbformats.__file__))

#: Frame methods of :class:`vbformats.metrics.MetricsResult`, and its other outputs.
RESULT_METHODS = (
    "to_frame",
    "incidents_frame",
    "silences_frame",
    "streaks_frame",
    "segments_frame",
    "speakers_frame",
    "comparison_frame",
    "to_voicebase",
    "comparison",
    "segments",
    "silences",
    "streaks",
)


def cli_commands() -> list[list[str]]:
    """Every command line a property may run: ``{src}``/``{out}`` are filled in by :func:`drive`."""
    commands = [["convert", "{src}", "--to", fmt.name] for fmt in formats.formats() if fmt.writable]
    commands += [
        ["convert", "{src}", "-o", "{out}/out.srt"],
        ["info", "{src}"],
        ["info", "{src}", "--json"],
        ["frame", "{src}", "{src}", "words", "--errors", "collect"],
        ["frame", "{src}", "turns", "-o", "{out}/t.json"],
        ["metrics", "{src}"],
        ["metrics", "{src}", "--compare", "--format", "table"],
        ["metrics", "{src}", "--extensions", "--format", "csv", "-o", "{out}/m.csv"],
        ["report", "{src}", "-o", "{out}/report.html", "-q"],
    ]
    commands += [["frame", "{src}", name] for name in frames.TABLES]
    return commands


@dataclass
class Escape:
    """An exception that is not vbformats' own, and where it was raised."""

    entry: str
    error: BaseException
    origin: str  # "vbformats/frames/core.py:123" of the deepest vbformats frame, or "(cli)"

    def __str__(self) -> str:
        return f"{self.entry}: {type(self.error).__name__}: {self.error} (at {self.origin})"


@dataclass
class CliRun:
    """One command line: its argv, exit code and stderr."""

    argv: list[str]
    code: int
    stderr: str


@dataclass
class Run:
    """What driving one document produced."""

    errors: list[tuple[str, BaseException]] = field(default_factory=list)
    escapes: list[Escape] = field(default_factory=list)
    records: list[logging.LogRecord] = field(default_factory=list)
    warnings: list[warnings.WarningMessage] = field(default_factory=list)
    cli: list[CliRun] = field(default_factory=list)
    loaded: dict[str, Any] = field(default_factory=dict)  # how the document loaded, by source


def origin_of(error: BaseException) -> str:
    """``path:line`` of the deepest frame inside the vbformats package."""
    where = "(outside vbformats)"
    for frame, line in traceback.walk_tb(error.__traceback__):
        filename = frame.f_code.co_filename
        if filename.startswith(PACKAGE):
            where = f"vbformats{filename[len(PACKAGE) :]}:{line}"
    return where


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def debug_records() -> Iterator[list[logging.LogRecord]]:
    """Every record logged under the ``vbformats`` logger at DEBUG, while the block runs."""
    logger = logging.getLogger("vbformats")
    handler = _Records()
    level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


#: Address space a drive may add to the process (a runaway allocation, e.g. a time axis of
#: 10**10 ticks, is then a MemoryError the property reports, not a machine out of memory).
MEMORY_HEADROOM = 3 << 30


@contextlib.contextmanager
def memory_cap(headroom: int = MEMORY_HEADROOM) -> Iterator[None]:
    """Lower the soft address-space limit to what the process uses now plus ``headroom``
    while the block runs (Linux; elsewhere, or when a lower limit is set already, no cap)."""
    try:
        import resource

        with open("/proc/self/status", encoding="ascii") as status:
            used = next(
                int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:")
            )
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    except (ImportError, OSError, StopIteration, ValueError):
        yield
        return
    cap = used + headroom
    if (soft != resource.RLIM_INFINITY and soft <= cap) or (
        hard != resource.RLIM_INFINITY and hard < cap
    ):
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _dumps(doc: Any) -> str:
    # ensure_ascii: a lone surrogate becomes a \\ud800 escape (json.loads reads it back)
    return json.dumps(doc, ensure_ascii=True, allow_nan=True)


def drive(
    doc: Any,
    folder: Path,
    *,
    commands: Sequence[Sequence[str]] = (),
    heavy: bool = True,
) -> Run:
    """Give ``doc`` to every entry point; see the module docstring.

    Args:
        doc: A JSON-ready document (a dict, usually hostile).
        folder: An empty folder for the files written.
        commands: Command lines to run (from :func:`cli_commands`).
        heavy: Also the report and every table (the slow part); off for cheap properties.
    """
    run = Run()
    attempt = _attempter(run)
    text = _dumps(doc)
    data = text.encode()
    source = folder / "doc.json"
    source.write_bytes(data)
    out = folder / "out"
    out.mkdir(exist_ok=True)

    with (
        memory_cap(),
        debug_records() as records,
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        media = None
        for name, given in (("dict", doc), ("text", text), ("bytes", data), ("path", source)):
            loaded = attempt(f"load({name})", lambda given=given: vbformats.load(given))
            run.loaded[name] = loaded
            if media is None and loaded is not None:
                media = loaded
        for fmt in formats.formats():
            if fmt.readable:
                attempt(
                    f"load(format={fmt.name})", lambda f=fmt.name: vbformats.load(data, format=f)
                )
        if media is not None:
            _outputs(media, folder, attempt, heavy)
        for argv in commands:
            filled = [a.replace("{src}", str(source)).replace("{out}", str(out)) for a in argv]
            run.cli.append(_command(filled))
        run.records = list(records)
        run.warnings = list(caught)
    return run


def drive_body(
    body: bytes,
    suffix: str,
    folder: Path,
    *,
    commands: Sequence[Sequence[str]] = (),
    heavy: bool = True,
) -> Run:
    """Give a caption (or any) body to every reader, by detection, by ``format=`` and as a
    file named ``body<suffix>``; when it loads, to every other entry point as :func:`drive`
    does; and to the command lines asked for (``{src}`` is the file)."""
    run = Run()
    attempt = _attempter(run)
    source = folder / f"body{suffix}"
    source.write_bytes(body)
    out = folder / "out"
    out.mkdir(exist_ok=True)
    with (
        memory_cap(),
        debug_records() as records,
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        media = None
        for name, given in (("bytes", body), ("path", source)):
            loaded = attempt(f"load({name})", lambda given=given: vbformats.load(given))
            run.loaded[name] = loaded
            media = media if media is not None else loaded
        for fmt in formats.formats():
            if fmt.readable:
                attempt(
                    f"load(format={fmt.name})", lambda f=fmt.name: vbformats.load(body, format=f)
                )
        if media is not None:
            _outputs(media, folder, attempt, heavy)
        for argv in commands:
            filled = [a.replace("{src}", str(source)).replace("{out}", str(out)) for a in argv]
            run.cli.append(_command(filled))
        run.records = list(records)
        run.warnings = list(caught)
    return run


def _attempter(run: Run) -> Callable[[str, Callable[[], Any]], Any]:
    def attempt(entry: str, call: Callable[[], Any]) -> Any:
        try:
            return call()
        except VBFormatsError as error:
            run.errors.append((entry, error))
        except Exception as error:  # what the property is looking for
            run.errors.append((entry, error))
            run.escapes.append(Escape(entry, error, origin_of(error)))
        return None

    return attempt


def _outputs(media: Any, folder: Path, attempt: Callable[..., Any], heavy: bool) -> None:
    for fmt in formats.formats():
        if not fmt.writable:
            continue
        rendered = attempt(f"render({fmt.name})", lambda f=fmt.name: vbformats.render(media, f))
        extension = fmt.extensions[0] if fmt.extensions else ".out"
        target = folder / f"saved{extension}"
        attempt(f"save({fmt.name})", lambda f=fmt.name, t=target: vbformats.save(media, t, f))
        if isinstance(rendered, str) and fmt.readable and fmt.caption_body:
            body = rendered.encode("utf-8", "surrogatepass")
            # our own output, read back by its reader and by detection
            attempt(f"read back {fmt.name}", lambda b=body, f=fmt.name: vbformats.load(b, format=f))
            attempt(f"detect {fmt.name}", lambda b=body: vbformats.load(b))
    attempt("turns", lambda: vbformats.turns(media))
    attempt("build_cues", lambda: vbformats.build_cues(media))
    from vbformats import metrics

    result = attempt("metrics.compute", lambda: metrics.compute(media))
    if result is not None:
        for method in RESULT_METHODS:
            attempt(f"MetricsResult.{method}", lambda m=method: _call_or_get(result, m))
    words = attempt("frames.words", lambda: frames.words(media))
    if words is not None:
        for fmt in ("csv", "json"):
            target = folder / f"words.{fmt}"
            attempt(f"frames.save({fmt})", lambda f=fmt, t=target: frames.save(words, t, f))
    if heavy:
        for name in frames.TABLES:
            attempt(f"frames.build({name})", lambda n=name: frames.build(n, media))
        attempt("report", lambda: vbformats.report(media, folder / "report.html"))


def _call_or_get(result: Any, name: str) -> Any:
    value = getattr(result, name)
    return value() if callable(value) else list(value)


def _command(argv: list[str]) -> CliRun:
    from vbformats.cli import main

    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as stop:  # argparse usage errors
            code = stop.code if isinstance(stop.code, int) else 2
    return CliRun(argv, code, err.getvalue())


#: Characters no diagnostic line may hold raw (a line end only between lines).
RAW_CONTROLS = (
    *(chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))),
    "\u2028",
    "\u2029",
    "\u202e",
)


def cli_problems(run: CliRun) -> list[str]:
    """What breaks the CLI's promise: exit code 0/1/2, every stderr line one ``vbformats: ...``
    diagnostic without raw control characters, one ``error:`` line when it exits 2, never a
    traceback."""
    problems = []
    if run.code not in (0, 1, 2):
        problems.append(f"exit code {run.code}")
    lines = run.stderr.split("\n")
    if lines[-1] != "":
        problems.append("stderr does not end with a line end")
    lines = lines[:-1]
    for line in lines:
        if not line.startswith("vbformats: "):
            problems.append(f"not a diagnostic line: {line[:200]!r}")
        for char in RAW_CONTROLS:
            if char in line:
                problems.append(f"raw {char!r} in {line[:200]!r}")
    if "Traceback" in run.stderr:
        problems.append("a traceback")
    errors = [
        line for line in lines if line.startswith(("vbformats: error: ", "vbformats: internal"))
    ]
    if run.code == 2 and len(errors) != 1:
        problems.append(f"exit 2 with {len(errors)} error lines: {run.stderr[:300]!r}")
    if run.code == 0 and errors:
        problems.append("exit 0 with an error line")
    return problems


def internal_errors(run: CliRun) -> list[str]:
    """The ``vbformats: internal error: ...`` lines of a command (a bug behind the CLI)."""
    return [line for line in run.stderr.splitlines() if line.startswith("vbformats: internal")]
