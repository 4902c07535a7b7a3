"""The archive report: many calls at once, from per-call summaries.

The seam for the archive machinery (issue #12): :func:`summarize` is a plain function of ONE
source returning a small picklable :class:`CallSummary`; :meth:`ArchiveReport.from_summaries`
consumes any iterable of them. :func:`archive` maps :func:`summarize` over the sources itself,
in worker processes when ``jobs > 1`` (``concurrent.futures.ProcessPoolExecutor``), writing each
call's own report in the worker when ``per_call`` asks for it. A source that fails becomes a
summary with ``error`` set; it is listed, never silently dropped.
"""

from __future__ import annotations

import math
import os
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from vbformats.errors import InvalidInputError, VBFormatsError
from vbformats.reports.options import ReportOptions, coerce_options
from vbformats.reports.text import clean, duration, number

__all__ = [
    "ArchiveReport",
    "CallSummary",
    "Distribution",
    "archive",
    "expand_sources",
    "summarize",
]

#: Metrics kept per call (VoiceBase names; see the README's "Conversation metrics").
SUMMARY_METRICS = (
    "overtalk-incidents",
    "overtalk-ratio",
    "agent-overtalk-incidents",
    "caller-overtalk-incidents",
    "silence-ratio",
    "silence-incidents",
    "agent-talk-ratio",
    "caller-talk-ratio",
    "agent-talk-rate",
    "caller-talk-rate",
    "call-sentiment",
    "start-sentiment",
    "end-sentiment",
    "agent-sentiment",
    "caller-sentiment",
)

#: Distribution rows of the archive report: (key, title); keys are metric names or fields.
DISTRIBUTIONS = (
    ("length_min", "Call length (minutes)"),
    ("agent-talk-ratio", "Agent talk ratio"),
    ("overtalk-incidents", "Overtalk incidents"),
    ("overtalk-ratio", "Overtalk ratio"),
    ("silence-ratio", "Silence ratio"),
    ("longest_silence_s", "Longest silence (seconds)"),
    ("agent-talk-rate", "Agent talk rate (words per minute)"),
    ("caller-talk-rate", "Caller talk rate (words per minute)"),
    ("call-sentiment", "Call sentiment"),
    ("end-sentiment", "End sentiment"),
)


@dataclass(slots=True)
class CallSummary:
    """What the archive report needs of one call (small, picklable).

    Attributes:
        source: The input (path, or ``"<item N>"``).
        media_id: ``mediaId`` / RingCentral job id.
        error: Why the source could not be read (``None`` when it was).
        error_type: The exception's class name.
        length_ms: Call length ``L`` used by the metrics, ms.
        words: Speech words.
        turns: Speaker turns.
        agent, caller: Who (the role's speaker name, or the ``agent_key``/``caller_key``
            metadata value).
        metrics: :data:`SUMMARY_METRICS` as computed (``None`` undefined).
        longest_silence_ms: Longest silence, ms.
        report_path: This call's own report, when one was written.
    """

    source: str
    media_id: str | None = None
    error: str | None = None
    error_type: str | None = None
    length_ms: int = 0
    words: int = 0
    turns: int = 0
    agent: str | None = None
    caller: str | None = None
    metrics: dict[str, float | None] = field(default_factory=dict)
    longest_silence_ms: int = 0
    report_path: str | None = None

    def value(self, key: str) -> float | None:
        """A metric or a derived field (``length_min``, ``longest_silence_s``)."""
        if key == "length_min":
            return self.length_ms / 60_000
        if key == "longest_silence_s":
            return self.longest_silence_ms / 1000
        return self.metrics.get(key)


def _extended(media: Any, key: str | None) -> str | None:
    if not key or media.metadata is None or not media.metadata.extended:
        return None
    value: Any = media.metadata.extended
    for part in key.removeprefix("extended.").split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return clean(value) if value is not None else None


def summarize(
    source: Any,
    options: ReportOptions | dict[str, Any] | None = None,
    *,
    label: str | None = None,
    speakers: dict[str, str] | None = None,
) -> CallSummary:
    """The archive summary of one call (a plain function: map it over sources in parallel).

    Args:
        source: A path or anything :func:`vbformats.load` reads, or a loaded Media.
        options: Report options (roles, ``silence_min_ms``, ``agent_key``, ``caller_key``).
        label: What to call the source (default: the path).
        speakers: RingCentral speaker id -> name.

    Returns:
        The summary; a source that cannot be read gives a summary with ``error`` set
        (this function does not raise for bad input).
    """
    import vbformats
    from vbformats.metrics import compute

    opts = coerce_options(options)
    name = label or (os.fspath(source) if isinstance(source, (str, os.PathLike)) else "<item>")
    try:
        media = (
            source
            if isinstance(source, vbformats.Media)
            else (vbformats.load(source, speakers=speakers) if speakers else vbformats.load(source))
        )
        result = compute(media, roles=opts.roles, silence_min_ms=opts.silence_min_ms)
    except (VBFormatsError, OSError, ValueError) as error:
        from vbformats.secrets import redact

        return CallSummary(name, error=redact(str(error)), error_type=type(error).__name__)
    values = result.values
    by_role = {role: speaker for speaker, role in result.roles.items()}
    return CallSummary(
        source=name,
        media_id=media.media_id,
        length_ms=result.length_ms,
        words=sum(s.word_count for s in result.speakers),
        turns=len(vbformats.turns(media)),
        agent=_extended(media, opts.agent_key) or by_role.get("agent"),
        caller=_extended(media, opts.caller_key) or by_role.get("caller"),
        metrics={
            key: None if values.get(key) is None else float(values[key])  # type: ignore[arg-type]
            for key in SUMMARY_METRICS
        },
        longest_silence_ms=max((s.duration_ms for s in result.silences), default=0),
    )


@dataclass(slots=True)
class Distribution:
    """One measure across the calls that have it."""

    key: str
    title: str
    values: list[float]
    mean: float | None
    median: float | None
    low: float | None
    high: float | None


@dataclass(slots=True)
class ArchiveReport:
    """The archive report model. Build with :meth:`from_summaries`.

    Attributes:
        title: Report title.
        calls: Summaries of the calls read, input order.
        failures: Summaries of the sources that could not be read.
        distributions: :data:`DISTRIBUTIONS` across the calls.
        links_from: Folder the archive report is written to (per-call links are relative
            to it), or ``None``.
    """

    title: str
    calls: list[CallSummary]
    failures: list[CallSummary]
    distributions: list[Distribution]
    links_from: str | None = None

    @classmethod
    def from_summaries(
        cls, summaries: Iterable[CallSummary], *, title: str = "Call archive report"
    ) -> ArchiveReport:
        """Aggregate any iterable of summaries (from :func:`summarize`, in any order)."""
        calls: list[CallSummary] = []
        failures: list[CallSummary] = []
        for summary in summaries:
            (failures if summary.error else calls).append(summary)
        rows = []
        for key, name in DISTRIBUTIONS:
            values = [
                v for v in (c.value(key) for c in calls) if v is not None and math.isfinite(v)
            ]
            rows.append(
                Distribution(
                    key,
                    name,
                    values,
                    statistics.fmean(values) if values else None,
                    statistics.median(values) if values else None,
                    min(values) if values else None,
                    max(values) if values else None,
                )
            )
        return cls(clean(title), calls, failures, rows)

    @property
    def total_ms(self) -> int:
        """Sum of the calls' lengths, ms."""
        return sum(c.length_ms for c in self.calls)

    def overview(self) -> list[tuple[str, str]]:
        """``(label, value)`` rows of the overview."""
        lengths = [c.length_ms for c in self.calls]
        return [
            ("Calls", f"{len(self.calls):,}"),
            ("Inputs that could not be read", f"{len(self.failures):,}"),
            ("Total length", f"{self.total_ms / 3_600_000:.2f} hours"),
            ("Mean call length", duration(int(statistics.fmean(lengths))) if lengths else "–"),
            ("Speech words", f"{sum(c.words for c in self.calls):,}"),
            ("Turns", f"{sum(c.turns for c in self.calls):,}"),
        ]

    def link(self, summary: CallSummary) -> str | None:
        """The relative link from the archive report to the call's own report."""
        if summary.report_path is None:
            return None
        base = self.links_from or os.getcwd()
        return os.path.relpath(summary.report_path, base).replace(os.sep, "/")

    def _repr_html_(self) -> str:
        from vbformats.reports.archive_html import render_archive_fragment

        return render_archive_fragment(self)


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None and math.isfinite(v)]
    return statistics.fmean(present) if present else None


def group_rows(
    report: ArchiveReport,
) -> list[tuple[str, tuple[str, ...], list[tuple[str, ...]]]]:
    """The per-agent and per-caller tables: ``(title, columns, rows)``; rows are means over
    each person's calls."""
    out = []
    for role, title in (("agent", "Per agent"), ("caller", "Per caller")):
        groups: dict[str, list[CallSummary]] = {}
        for call in report.calls:
            who = call.agent if role == "agent" else call.caller
            if who is not None:
                groups.setdefault(who, []).append(call)
        columns: tuple[str, ...] = (
            role.capitalize(),
            "Calls",
            "Hours",
            "Talk ratio",
            "Overtalk incidents",
            "Interruptions by them",
            "Sentiment",
            "Talk rate (wpm)",
        )
        rows: list[tuple[str, ...]] = [
            (
                who,
                str(len(calls)),
                f"{sum(c.length_ms for c in calls) / 3_600_000:.2f}",
                number(_mean(c.metrics.get(f"{role}-talk-ratio") for c in calls), 2),
                number(_mean(c.metrics.get("overtalk-incidents") for c in calls), 1),
                number(_mean(c.metrics.get(f"{role}-overtalk-incidents") for c in calls), 1),
                number(_mean(c.metrics.get(f"{role}-sentiment") for c in calls), 2),
                number(_mean(c.metrics.get(f"{role}-talk-rate") for c in calls), 0),
            )
            for who, calls in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
        ]
        if rows:
            out.append((title, columns, rows))
    return out


#: The stand-out lists: (title, key, most first?, how to show the value).
STANDOUTS: tuple[tuple[str, str, bool, str], ...] = (
    ("Longest silence", "longest_silence_s", True, "{:.1f} s"),
    ("Most overtalk", "overtalk-incidents", True, "{:.0f} incidents"),
    ("Most negative end sentiment", "end-sentiment", False, "{:+.2f}"),
)


def standouts(
    report: ArchiveReport, top: int = 5
) -> list[tuple[str, list[tuple[CallSummary, str]]]]:
    """The calls that stand out: ``(title, [(call, value text)])`` for each of
    :data:`STANDOUTS`, at most ``top`` calls each (calls without the value left out)."""
    out = []
    for title, key, largest, shown in STANDOUTS:
        present: list[tuple[float, CallSummary]] = []
        for call in report.calls:
            value = call.value(key)
            if value is not None and math.isfinite(value):
                present.append((value, call))
        present.sort(key=lambda item: item[0], reverse=largest)
        picked = [(call, shown.format(value)) for value, call in present[:top]]
        if picked:
            out.append((title, picked))
    return out


def standout_rows(report: ArchiveReport) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """:func:`standouts` as text rows ``(call, value, report link)`` (for Word)."""
    return [
        (title, [(c.media_id or c.source, value, report.link(c) or "") for c, value in calls])
        for title, calls in standouts(report)
    ]


# --- running over sources ---------------------------------------------------------------------


def expand_sources(inputs: Sequence[Any]) -> list[Any]:
    """Every source of ``inputs`` (folders and globs expanded by :func:`vbformats.sources.expand`),
    in the order given.

    Raises:
        InvalidInputError: a folder or glob that matches no file.
    """
    from vbformats.sources import expand

    out: list[Any] = []
    for item in inputs:
        found = [source for _, source in expand(item)[0]]
        if not found:
            raise InvalidInputError(os.fspath(item), "no result files found")
        out.extend(found)
    return out


def _per_call_names(sources: Sequence[str], folder: str, extension: str) -> list[str]:
    used: set[str] = set()
    names = []
    for source in sources:
        stem = os.path.basename(source)
        if stem.lower().endswith(".json"):  # callback.srt -> callback.srt.html: no clash
            stem = stem[:-5]
        name, counter = stem or "call", 1
        while name.lower() in used:
            counter += 1
            name = f"{stem}-{counter}"
        used.add(name.lower())
        names.append(os.path.join(folder, name + extension))
    return names


def _job(
    task: tuple[str, ReportOptions, dict[str, str] | None, str | None, Any],
) -> CallSummary:
    """Worker: summarize one source and, when asked, write its own report; ``transform``
    (the CLI's content filters, picklable) is applied to the loaded call first."""
    source, options, speakers, out_path, transform = task
    item: Any = source
    if transform is not None:
        import vbformats

        try:
            item = transform(vbformats.load(source, speakers=speakers))
        except (VBFormatsError, OSError, ValueError):
            item = source  # summarize records the same failure as a failed source
    summary = summarize(item, options, label=source, speakers=speakers)
    if out_path is not None and summary.error is None:
        from vbformats.reports import report

        try:
            given = speakers if item is source else None  # a loaded call has its names
            report(item, out_path, options=options, speakers=given)
        except (VBFormatsError, OSError, ValueError) as error:
            summary.error, summary.error_type = str(error), type(error).__name__
        else:
            summary.report_path = out_path
    return summary


def archive(
    sources: Any,
    path: str | os.PathLike[str] | None = None,
    *,
    per_call: str | os.PathLike[str] | None = None,
    per_call_format: str = "html",
    jobs: int = 1,
    options: ReportOptions | dict[str, Any] | None = None,
    speakers: dict[str, str] | None = None,
    progress: bool | None = None,
    title: str = "Call archive report",
    transform: Any = None,
) -> ArchiveReport:
    """Summarize many calls and build (and write) the archive report.

    Args:
        sources: A folder, a glob, a path, or a list of these.
        path: Write the archive report here (``.html`` or ``.docx``).
        per_call: Folder for each call's own report (created; linked from the archive report).
        per_call_format: ``"html"`` or ``"docx"`` for the per-call reports.
        jobs: Worker processes (1 = in this process).
        options: Report options.
        speakers: RingCentral speaker id -> name.
        progress: Progress line on stderr (default: when stderr is a terminal).
        title: Report title.
        transform: ``Media -> Media`` applied to each call before it is summarized and
            reported (the CLI's ``--redact``/``--profanity-filter``); must pickle when
            ``jobs`` > 1.

    Returns:
        The :class:`ArchiveReport` (failed sources in ``.failures``).

    Raises:
        InvalidInputError: no sources, ``jobs < 1``, or a bad option.
        UnknownFormatError: ``path`` or ``per_call_format`` is no report format.
        MissingDependencyError: Word output without the ``report`` extra.
    """
    from vbformats.reports.output import format_for_path, require_report_extra, write_archive

    opts = coerce_options(options)
    if jobs < 1:
        raise InvalidInputError("jobs", f"must be at least 1, got {jobs}")
    formats = [format_for_path(path)] if path is not None else []
    if per_call is not None:
        formats.append(format_for_path("x", per_call_format))
    if "docx" in formats:
        require_report_extra()
    items = [sources] if isinstance(sources, (str, os.PathLike)) else list(sources)
    paths = expand_sources(items)
    outs: list[str | None] = [None] * len(paths)
    if per_call is not None:
        os.makedirs(per_call, exist_ok=True)
        extension = ".docx" if per_call_format.lower().lstrip(".") == "docx" else ".html"
        outs = list(_per_call_names(paths, os.fspath(per_call), extension))
    tasks = [(p, opts, speakers, o, transform) for p, o in zip(paths, outs, strict=True)]
    summaries: list[CallSummary] = []
    # the engine of every many-file job (vbformats.batch): paths to workers, results in order,
    # a clean stop on Ctrl-C; progress as a bar on a terminal, periodic lines in a log
    from vbformats.batch.pool import WorkerPool
    from vbformats.progress import Progress

    workers = min(jobs, max(1, len(tasks)))
    with Progress(len(tasks), progress) as bar, WorkerPool(workers) as pool:
        for summary in pool.map(_job, tasks):
            summaries.append(summary)
            bar.update(1)
    result = ArchiveReport.from_summaries(summaries, title=title)
    if path is not None:
        result.links_from = os.path.dirname(os.path.abspath(os.fspath(path)))
        write_archive(result, path)
    return result
