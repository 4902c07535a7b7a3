"""Row 4 of issue #17: the words DataFrame, all metrics, and linear growth.

* ``vbformats.load`` + ``frames.words`` against ``orjson.loads`` + ``pandas.DataFrame(words)``
  (``response.words`` for RingCentral), every variant at the ``main`` size: target ≤ 0.6×;
* ``vbformats.metrics.compute(media)`` against ``vbformats.load`` of the same file (a fresh
  media each round, so no column the load timing built is reused; the young-generation
  collection the load leaves due is counted as the load's): target ≤ 0.5×;
* growth, on ``default`` and ``mix`` at ``small`` → ``main`` → ``large`` (10× the tokens each
  step): load + words DataFrame, and metrics, ≤ 11× the time per 10× the tokens.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

from benchmarks import generate, measure, ours, peers
from benchmarks.common import Report, rate, ratio_text, seconds

SECTION = "4. Words DataFrame (≤ 0.6× orjson + pandas), all metrics (≤ 0.5× load), growth"
ORDER = 40
FRAME_LIMIT = 0.6
METRICS_LIMIT = 0.5
GROWTH_LIMIT = 11.0
GROWTH_VARIANTS = ("default", "mix")


def run(report: Report, quick: bool) -> None:
    frame_rows: list[list[str]] = []
    metric_rows: list[list[str]] = []
    for variant in generate.MAIN_VARIANTS:
        path = report.input(variant, "main")
        facts = report.facts(path)
        frame_rows.append(_frame(report, variant, path, facts))
        metric_rows.append(_metrics(report, variant, path, facts))
    report.table(
        [
            "variant",
            "tokens",
            "load + frames.words",
            "orjson.loads + pandas.DataFrame(words)",
            "ratio",
            "target",
            "result",
            "words/s (ours)",
        ],
        frame_rows,
    )
    report.table(
        [
            "variant",
            "tokens",
            "vbformats.load",
            "metrics.compute",
            "ratio",
            "target",
            "result",
            "words/s (metrics)",
        ],
        metric_rows,
    )
    _growth(report)


def _frame(report: Report, variant: str, path: str, facts: dict[str, Any]) -> list[str]:
    contenders: dict[str, Callable[[], Any] | measure.Staged] = {}
    absent = peers.peer_missing("pandas")
    if not absent:
        pandas_peer = peers.peer("pandas", variant)
        contenders["peer"] = lambda: pandas_peer(path)
    why = report.status.get("frames")
    if why is None:
        contenders["ours"] = lambda: ours.words_frame(path)
    measure.warm(contenders)  # imports and caches, untimed
    times = measure.best_of(contenders, report.repeat)
    mine, theirs = times.get("ours"), times.get("peer")
    ratio = mine / theirs if mine is not None and theirs is not None else None
    why = why or (f"skipped (not installed: {absent})" if absent else "")
    words_rate = rate(facts["words"], mine)
    verdict = report.verdict(
        f"{variant} words DataFrame: ≤ {FRAME_LIMIT}× orjson.loads + pandas.DataFrame",
        ratio,
        FRAME_LIMIT,
        why,
        row="4",
        rate=words_rate,
    )
    return [
        f"`{variant}`",
        f"{facts['tokens']:,}",
        seconds(mine) if mine is not None else str(why),
        seconds(theirs) if theirs is not None else why,
        ratio_text(ratio),
        f"≤ {FRAME_LIMIT}×",
        verdict,
        words_rate,
    ]


def _load_and_metrics(report: Report, path: str, rounds: int) -> tuple[float, float | None]:
    """Best load time and best metrics time (fresh media every round)."""
    load_time = metric_time = float("inf")
    has_metrics = report.status.get("metrics") is None
    for _ in range(rounds):
        if measure.COLLECT:
            gc.collect()
        start = time.perf_counter()
        media = ours.load(path)
        # the young-generation collection the load leaves due (its objects were made with the
        # collector paused) is the load's cost, not the metrics'
        gc.collect(0)
        load_time = min(load_time, time.perf_counter() - start)
        if has_metrics:
            if measure.COLLECT:
                gc.collect()
            start = time.perf_counter()
            result = ours.metrics(media)
            metric_time = min(metric_time, time.perf_counter() - start)
            del result
        del media
    return load_time, metric_time if has_metrics else None


def _metrics(report: Report, variant: str, path: str, facts: dict[str, Any]) -> list[str]:
    if report.status.get("metrics") is None:  # warm the variant's code paths, untimed
        ours.metrics(ours.load(report.warm(variant)))
    load_time, metric_time = _load_and_metrics(report, path, report.repeat)
    ratio = metric_time / load_time if metric_time is not None else None
    words_rate = rate(facts["words"], metric_time)
    verdict = report.verdict(
        f"{variant} metrics: ≤ {METRICS_LIMIT}× load",
        ratio,
        METRICS_LIMIT,
        str(report.status.get("metrics") or ""),
        row="4",
        rate=words_rate,
    )
    return [
        f"`{variant}`",
        f"{facts['tokens']:,}",
        seconds(load_time),
        seconds(metric_time) if metric_time is not None else str(report.status.get("metrics")),
        ratio_text(ratio),
        f"≤ {METRICS_LIMIT}×",
        verdict,
        words_rate,
    ]


def _growth(report: Report) -> None:
    rows: list[list[str]] = []
    for variant in GROWTH_VARIANTS:
        previous: tuple[int, float | None, float | None] | None = None
        for size in ("small", "main", "large"):
            path = report.input(variant, size)
            facts = report.facts(path)
            # fewer rounds at the large size (seconds per round)
            rounds = report.repeat if size != "large" else max(1, min(3, report.repeat))
            frame_time: float | None = None
            if report.status.get("frames") is None:
                times = measure.best_of({"ours": lambda path=path: ours.words_frame(path)}, rounds)
                frame_time = times["ours"]
            _, metric_time = _load_and_metrics(report, path, rounds)
            cells = [
                f"`{variant}`",
                f"{facts['tokens']:,}",
                seconds(frame_time),
                rate(facts["words"], frame_time),
                seconds(metric_time),
                rate(facts["words"], metric_time),
            ]
            if previous is None:
                cells += ["—", "—"]
            else:
                factor = facts["tokens"] / previous[0]
                for what, now, before in (
                    ("load + words DataFrame", frame_time, previous[1]),
                    ("metrics", metric_time, previous[2]),
                ):
                    grew = now / before if now is not None and before else None
                    verdict = report.verdict(
                        f"{variant} {what} growth {previous[0]:,} → {facts['tokens']:,} tokens: "
                        f"≤ {GROWTH_LIMIT:.0f}× the time for {factor:.0f}× the tokens",
                        grew,
                        GROWTH_LIMIT * factor / 10,
                        row="4",
                        rate=rate(facts["words"], now),
                    )
                    cells.append(f"{ratio_text(grew)} ({verdict})")
            previous = (facts["tokens"], frame_time, metric_time)
            rows.append(cells)
    report.add(
        f"Linear growth (10× the tokens: ≤ {GROWTH_LIMIT:.0f}× the time), "
        f"best of {report.repeat} (at most 3 at the large size):",
        "",
    )
    report.table(
        [
            "variant",
            "tokens",
            "load + words DataFrame",
            "words/s",
            "metrics",
            "words/s",
            "DataFrame growth",
            "metrics growth",
        ],
        rows,
    )
