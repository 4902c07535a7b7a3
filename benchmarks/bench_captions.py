"""Row 1 of issue #17: file → SRT / WebVTT / DFXP / text on every variant.

``vbformats.load(path)`` + ``vbformats.render(media, fmt)`` against ``orjson.loads`` + the hand
loop a careful user writes for that variant (:func:`benchmarks.peers.peer`), both from the file
path, at the ``small`` and ``main`` sizes; target ≤ 0.8× on every variant. On the ``default``
variant the caption libraries a user could reach for are timed too, as context (the 0.6×
targets of issue #6 are not targets of this issue).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from benchmarks import generate, measure, ours, peers
from benchmarks.common import Report, rate, ratio_text, seconds

SECTION = "1. File → captions and text, every variant (target ≤ 0.8× orjson + hand loop)"
ORDER = 10
LIMIT = 0.8


def run(report: Report, quick: bool) -> None:
    rows: list[list[str]] = []
    for size in ("main",) if quick else ("small", "main"):
        for variant in generate.MAIN_VARIANTS:
            path = report.input(variant, size)
            facts = report.facts(path)
            for fmt in ours.FORMATS:
                rows.append(_compare(report, variant, path, facts, fmt))
    report.table(
        [
            "variant",
            "tokens",
            "output",
            "vbformats",
            "orjson + hand loop",
            "ratio",
            "target",
            "result",
            "words/s (ours)",
        ],
        rows,
    )
    _libraries(report)


def _compare(report: Report, variant: str, path: str, facts: dict[str, Any], fmt: str) -> list[str]:
    name = f"hand:{fmt}"
    target = f"{variant} {facts['tokens']:,} tokens {fmt}: ≤ {LIMIT}× orjson + hand loop"
    contenders: dict[str, Callable[[], Any] | measure.Staged] = {}
    absent = peers.peer_missing(name)
    if not absent:
        hand = peers.peer(name, variant)
        contenders["peer"] = lambda: hand(path)
    why = report.status.get(fmt)
    if why is None:
        contenders["ours"] = lambda: ours.convert(path, fmt)
    measure.warm(contenders)  # imports and caches, untimed
    times = measure.best_of(contenders, report.repeat)
    mine, theirs = times.get("ours"), times.get("peer")
    ratio = mine / theirs if mine is not None and theirs is not None else None
    why = why or (f"skipped (not installed: {absent})" if absent else "")
    words_rate = rate(facts["words"], mine)
    verdict = report.verdict(target, ratio, LIMIT, why, row="1", rate=words_rate)
    return [
        f"`{variant}`",
        f"{facts['tokens']:,}",
        fmt,
        seconds(mine) if mine is not None else str(report.status.get(fmt)),
        seconds(theirs) if theirs is not None else why,
        ratio_text(ratio),
        f"≤ {LIMIT}×",
        verdict,
        words_rate,
    ]


def _libraries(report: Report) -> None:
    """The ``default`` variant against every caption library (context, no target)."""
    path = report.input("default", "main")
    facts = report.facts(path)
    report.add(
        f"Context (no target): the `default` variant, {facts['tokens']:,} tokens, against "
        "`json` + each caption library (the grouping is the hand loop's; the library builds "
        "and writes the cues):",
        "",
    )
    rows = []
    for fmt in ours.FORMATS:
        _, libraries = peers.BY_FORMAT[fmt]
        contenders: dict[str, Callable[[], Any] | measure.Staged] = {}
        skipped: dict[str, str] = {}
        for name in libraries:
            absent = peers.missing(name)
            if absent:
                skipped[name] = f"skipped (not installed: {absent})"
            else:
                pipeline = peers.PIPELINES[name][2]
                contenders[name] = lambda pipeline=pipeline: pipeline(path)
        if report.status.get(fmt) is None:
            contenders["ours"] = lambda fmt=fmt: ours.convert(path, fmt)
        measure.warm(contenders)  # imports and caches, untimed
        times = measure.best_of(contenders, report.repeat)
        mine = times.get("ours")
        for name in libraries:
            label = peers.PIPELINES[name][0]
            theirs = times.get(name)
            ratio = mine / theirs if mine is not None and theirs is not None else None
            rows.append(
                [
                    fmt,
                    seconds(mine),
                    label,
                    skipped.get(name) or seconds(theirs),
                    ratio_text(ratio),
                ]
            )
    report.table(["output", "vbformats", "library", "library time", "ratio"], rows)
