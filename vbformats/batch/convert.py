"""Many sources into many formats: ``<stem>.<ext>`` files in one folder, in worker processes.

What :func:`convert` promises (issue #12):

* **names**: each output is ``<stem>.<ext>`` in ``out_dir`` (the stem is the input's file name
  without its format extension, ``ext`` the format's: ``.srt``, ``.vtt``, ``.txt``,
  ``.dfxp``, ``.turns.json``, ``.json``). Two inputs with the same stem (``a/call.json`` and
  ``b/call.json``, or ``call.json`` and ``call.srt``) are disambiguated in input order: the
  first keeps ``call``, the next gets ``call-2``, then ``call-3`` (compared case-insensitively,
  so the names stay apart on a case-insensitive disk); an output never lands on one of the
  inputs. Nothing is overwritten silently: the only file replaced is an output older than its
  own input;
* **resumable**: an output at least as new as its input (modification times) is kept and the
  input counted as skipped, unless ``force``; an input whose outputs are all current is not even
  read. So a run that was interrupted, or that failed on some files, is finished by running
  the same command again;
* **the same bytes** as a serial run: every worker runs the same load and writer, and the names
  are decided in the parent, in input order, a chunk at a time as tasks are sent;
* **atomic outputs**: every file goes through :func:`vbformats.atomic.atomic_path`; an
  interrupt (Ctrl-C) or a failure never leaves a partial file, and a re-run resumes;
* **failures are data**: a source that cannot be read or written is counted, listed in the
  summary (source, error type, message: redacted, one line) and, with ``errors_out``, written
  to a CSV; the other sources are converted all the same.
"""

from __future__ import annotations

import csv
import os
import time
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from vbformats.atomic import atomic_path

if TYPE_CHECKING:
    from vbformats.models.media import Media
from vbformats.batch.pool import (
    WorkerPool,
    chunk_size,
    resolve_jobs,
    stop_requested,
)
from vbformats.errors import InvalidInputError
from vbformats.progress import Progress
from vbformats.secrets import redact

__all__ = [
    "BatchInterrupted",
    "BatchSummary",
    "Failure",
    "convert",
    "one_line",
    "output_names",
    "stem_of",
    "write_error_report",
]


class Failure(NamedTuple):
    """One source that failed: its label, the exception's class name, the message (redacted,
    one line)."""

    source: str
    error_type: str
    message: str


@dataclass
class BatchSummary:
    """What a many-file run did.

    Attributes:
        total: Sources found.
        converted: Sources with at least one output written in this run.
        skipped: Sources whose outputs were all current (not read).
        failed: Sources that could not be read or written.
        written: Output files written.
        elapsed_s: Wall time of the run, seconds.
        jobs: Worker processes used.
        interrupted: The run was stopped (Ctrl-C) before every source was seen.
        failures: Every failed source, in input order.
        warnings: ``(source, message)`` of every warning a writer raised (a dropped word, a
            caption limit the words could not keep).
        words: Speech words of the sources converted (for the rate).
    """

    total: int = 0
    converted: int = 0
    skipped: int = 0
    failed: int = 0
    written: int = 0
    elapsed_s: float = 0.0
    jobs: int = 1
    interrupted: bool = False
    failures: list[Failure] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    words: int = 0

    @property
    def done(self) -> int:
        """Sources seen (converted + skipped + failed)."""
        return self.converted + self.skipped + self.failed

    def record(self, label: str, result: _Result) -> None:
        """Count one source's outcome: a worker's ``(index, status, files written, words, error
        type, message, warnings)`` for the source ``label`` (already redacted)."""
        _, status, written, words, kind, message, caught = result
        if status == "failed":
            self.failed += 1
            self.failures.append(Failure(label, kind, message))
        elif status == "skipped":
            self.skipped += 1
        elif status == "converted":
            self.converted += 1
            self.written += written
            self.words += words
        self.warnings.extend((label, text) for text in caught)

    def line(self) -> str:
        """The one-line summary the command line prints, e.g. ``converted 1,998, skipped 0,
        failed 2 of 2,000 inputs (5,994 files written) in 41.3 s, 48.4 files/s``."""
        head = "interrupted: " if self.interrupted else ""
        rate = self.done / self.elapsed_s if self.elapsed_s > 0 else 0.0
        return (
            f"{head}converted {self.converted:,}, skipped {self.skipped:,}, failed "
            f"{self.failed:,} of {self.total:,} inputs ({self.written:,} files written) in "
            f"{self.elapsed_s:.1f} s, {rate:.1f} files/s"
        )


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped a many-file run; ``summary`` says what was done before it.

    A :class:`KeyboardInterrupt`, so code that does not know it stops as usual. Every output
    written is complete; running the same job again resumes.
    """

    def __init__(self, summary: BatchSummary) -> None:
        super().__init__("interrupted")
        self.summary = summary


def one_line(message: str, limit: int = 2000) -> str:
    """``message`` redacted, its whitespace (newlines included) collapsed, at most ``limit``
    characters (a longer one ends in ``…``)."""
    text = " ".join(redact(str(message)).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _extensions() -> list[str]:
    from vbformats import formats

    found = {
        ext.lower()
        for fmt in formats.formats()
        for ext in (*fmt.extensions, *fmt.read_extensions, *fmt.folder_extensions)
    }
    return sorted(found, key=len, reverse=True)


def stem_of(label: str, index: int, extensions: Sequence[str] | None = None) -> str:
    """The output stem of a source: its file name without the longest format extension it
    ends with (``call.dfxp.xml`` → ``call``); ``item-N`` for objects in memory."""
    if label.startswith("<item "):
        return f"item-{index}"
    name = os.path.basename(label.rstrip("/\\"))
    lower = name.lower()
    for ext in extensions if extensions is not None else _extensions():
        if lower.endswith(ext) and len(name) > len(ext):
            return name[: -len(ext)]
    stem = os.path.splitext(name)[0]
    return stem or "call"


def output_names(
    labels: Sequence[str], out_dir: str | os.PathLike[str], extensions: Sequence[str]
) -> list[list[str]]:
    """The output paths of every source, one per extension (``<stem><ext>`` in ``out_dir``).

    Clashing stems are disambiguated in input order (``call``, ``call-2``, ``call-3``),
    case-insensitively, and no output may be one of the inputs.
    """
    return list(iter_output_names(labels, out_dir, extensions))


def iter_output_names(
    labels: Sequence[str], out_dir: str | os.PathLike[str], extensions: Sequence[str]
) -> Iterator[list[str]]:
    """:func:`output_names` one source at a time (a run of 20,000 files never holds them all)."""
    folder = os.fspath(out_dir)
    known = _extensions()
    taken = {os.path.normcase(os.path.abspath(label)).lower() for label in labels}
    for index, label in enumerate(labels):
        base = stem_of(label, index, known)
        candidate, counter = base, 1
        while True:
            paths = [os.path.join(folder, candidate + ext) for ext in extensions]
            keys = [os.path.normcase(os.path.abspath(p)).lower() for p in paths]
            if not any(key in taken for key in keys):
                break
            counter += 1
            candidate = f"{base}-{counter}"
        taken.update(keys)
        yield paths


def write_error_report(path: str | os.PathLike[str], failures: Sequence[Failure]) -> None:
    """The machine-readable error report: CSV ``source,error_type,message``, one row per
    failed source (written atomically)."""
    with (
        atomic_path(path) as temporary,
        open(temporary, "w", encoding="utf-8", newline="") as handle,
    ):
        writer = csv.writer(handle)
        writer.writerow(["source", "error_type", "message"])
        writer.writerows([list(failure) for failure in failures])


# --- the worker side --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Settings:
    """What every task of one run shares (pickled with each task: a few hundred bytes)."""

    targets: tuple[tuple[str, Any], ...]  # (format name, options model)
    force: bool
    input_format: str | None
    speakers: dict[str, str] | None
    transform: Callable[[Media], Media] | None = None  # picklable: it travels with each task


# (index, label, item, output paths) -> (index, status, written, words, error type, message,
# warnings)
_Item = tuple[int, str, Any, list[str]]
_Result = tuple[int, str, int, int, str, str, list[str]]


def _current(output: str, input_mtime_ns: int) -> bool:
    try:
        return os.stat(output).st_mtime_ns >= input_mtime_ns
    except OSError:
        return False


def _convert_one(settings: _Settings, label: str, item: Any, outputs: list[str]) -> _Result:
    from vbformats import formats
    from vbformats.models.media import Media
    from vbformats.models.vendor import VendorResult

    todo = list(zip(settings.targets, outputs, strict=True))
    if not settings.force and isinstance(item, (str, os.PathLike)):
        try:
            mtime = os.stat(item).st_mtime_ns
        except OSError:
            mtime = None  # the load below names the problem
        if mtime is not None:
            todo = [(target, out) for target, out in todo if not _current(out, mtime)]
            if not todo:
                return (0, "skipped", 0, 0, "", "", [])
    if isinstance(item, Media):
        media = item
    elif isinstance(item, VendorResult):
        media = Media(source_format=item.vendor)
        media.vendor_result = item
    else:
        media = formats.load(item, format=settings.input_format, speakers=settings.speakers)
    # (a document without words already has its alternate format's: the rule of load)
    if settings.transform is not None:
        media = settings.transform(media)
    caught: list[str] = []
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter("always")
        for (name, options), out in todo:
            formats.save(media, out, name, options)
    caught = [one_line(str(record.message)) for record in records]
    words = int(sum(1 for flag in media.words.is_speech if flag)) if len(media.words) else 0
    return (0, "converted", len(todo), words, "", "", caught)


def _convert_chunk(task: tuple[_Settings, list[_Item]]) -> list[_Result]:
    settings, items = task
    results: list[_Result] = []
    for index, label, item, outputs in items:
        if stop_requested():
            results.append((index, "stopped", 0, 0, "", "", []))
            continue
        try:
            result = _convert_one(settings, label, item, outputs)
        except Exception as error:  # one bad file never stops a batch: it is reported
            results.append((index, "failed", 0, 0, type(error).__name__, one_line(str(error)), []))
        else:
            results.append((index, *result[1:]))
    return results


# --- the parent side --------------------------------------------------------------------------


def _targets(to: str | Sequence[str], options: Mapping[str, Any] | None) -> list[tuple[str, Any]]:
    from vbformats import formats

    names = [part.strip() for part in to.split(",")] if isinstance(to, str) else list(to)
    names = [name for name in names if name]
    if not names:
        raise InvalidInputError("to", "name at least one output format")
    chosen: dict[str, Any] = {}
    given = dict(options or {})
    for name in names:
        fmt = formats.get(name)
        if not fmt.writable:
            raise InvalidInputError("to", f"the {fmt.name} format cannot be written")
        raw = given.get(name, given.get(fmt.name))
        chosen.setdefault(fmt.name, fmt.make_options(raw))
    unknown = [
        key
        for key in given
        if key not in chosen and formats.get(key).name not in chosen  # a typo is an error
    ]
    if unknown:
        raise InvalidInputError("options", f"options for {unknown[0]!r}, which is not in `to`")
    return list(chosen.items())


def convert(
    sources: Any,
    out_dir: str | os.PathLike[str],
    to: str | Sequence[str] = "srt",
    *,
    options: Mapping[str, Any] | None = None,
    jobs: int | None = None,
    force: bool = False,
    input_format: str | None = None,
    speakers: dict[str, str] | None = None,
    errors_out: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
    transform: Callable[[Media], Media] | None = None,
) -> BatchSummary:
    """Convert many sources to one or more formats, ``<stem>.<ext>`` files in ``out_dir``.

    Args:
        sources: A folder, a glob (``"calls/**/*.json"``), a path, or an iterable of these
            (or of documents in memory): see :func:`vbformats.sources.expand`; a list read
            with :func:`read_inputs` works too.
        out_dir: The output folder (created if missing).
        to: Format names or aliases, a list or comma-separated (``"srt,vtt,text"``).
        options: Format name → its options (model or dict), e.g. ``{"srt": {"max_lines": 1}}``.
        jobs: Worker processes (default: the CPUs this process may use; 1 = this process).
        force: Write every output, even when it is newer than its input.
        input_format: Read every input as this format (default: from content and extension).
        speakers: RingCentral speaker id → name.
        errors_out: Also write the failures as CSV here (``source,error_type,message``).
        progress: ``True`` a bar on a terminal, periodic lines otherwise; ``False`` nothing;
            ``None`` the bar on a terminal only.
        transform: Applied to each loaded Media before it is written (the CLI's content
            filters, ``--redact``); it must pickle when ``jobs`` > 1 (a module-level function
            or a ``functools.partial`` of one).

    Returns:
        The :class:`BatchSummary` (failed sources in ``.failures``).

    Raises:
        InvalidInputError: no format, an unknown option, ``jobs < 1``, or sources of a type
            that cannot hold results.
        UnknownFormatError: a name in ``to`` or ``input_format`` is not a format.
        BatchInterrupted: Ctrl-C; every output written is complete, ``errors_out`` is written
            for the sources seen, and a re-run resumes.
    """
    from vbformats import formats
    from vbformats.sources import expand

    started = time.perf_counter()
    targets = _targets(to, options)
    workers = resolve_jobs(jobs)
    if input_format is not None:
        formats.get(input_format)  # an unknown input format fails before any work
    items, _many = expand(sources)
    extensions = [formats.get(name).extensions[0] for name, _ in targets]
    folder = os.fspath(out_dir)
    os.makedirs(folder, exist_ok=True)
    labels = [label for label, _ in items]
    settings = _Settings(tuple(targets), force, input_format, speakers, transform)
    summary = BatchSummary(total=len(items), jobs=workers)
    workers = min(workers, max(1, len(items)))
    size = chunk_size(len(items), workers, most=16)

    def tasks() -> Iterator[tuple[_Settings, list[_Item]]]:
        # names are decided in input order, a chunk at a time, as the tasks are submitted
        named = iter_output_names(labels, folder, extensions)
        part: list[_Item] = []
        for index, ((label, item), outs) in enumerate(zip(items, named, strict=True)):
            part.append((index, label, item, outs))
            if len(part) == size:
                yield settings, part
                part = []
        if part:
            yield settings, part

    bar = Progress(len(labels), progress)
    try:
        with WorkerPool(workers) as pool:
            for results in pool.map(_convert_chunk, tasks()):
                for result in results:
                    summary.record(redact(labels[result[0]]), result)
                bar.update(len(results))
    except KeyboardInterrupt:
        summary.interrupted = True
        summary.elapsed_s = time.perf_counter() - started
        bar.close()
        if errors_out is not None:
            write_error_report(errors_out, summary.failures)
        raise BatchInterrupted(summary) from None
    bar.close()
    summary.elapsed_s = time.perf_counter() - started
    if errors_out is not None:
        write_error_report(errors_out, summary.failures)
    return summary
