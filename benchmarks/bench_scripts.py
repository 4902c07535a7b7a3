"""Row 2 of issue #17: non-ASCII costs nothing extra.

For every variant with non-ASCII words (``mix``, ``accented``, ``cjk``) the writer time of each
format against the same call spelled in ASCII (its twin, :func:`benchmarks.vocabulary.to_ascii`:
the same words, times and display widths, so the same cues). Writer time = ``render(media,
fmt)`` on a freshly loaded media (the load is untimed and repeated every round, so the columns
the writer builds on first use are built inside the timing, as for a user). Target ≤ 1.15×.
The ASCII variants are their own twin (1.00× by construction) and are not listed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from benchmarks import generate, measure, ours
from benchmarks.common import Report, rate, ratio_text, seconds

SECTION = "2. Non-ASCII costs nothing extra: writer time vs the ASCII spelling (target ≤ 1.15×)"
ORDER = 20
LIMIT = 1.15


def run(report: Report, quick: bool) -> None:
    rows: list[list[str]] = []
    for variant in generate.MAIN_VARIANTS:
        twin = generate.variant(variant).twin
        if twin is None:
            continue
        path = report.input(variant, "main")
        twin_path = report.input(twin, "main")
        facts = report.facts(path)
        for fmt in ours.FORMATS:
            why = report.status.get(fmt)
            target = f"{variant} {fmt} writer: ≤ {LIMIT}× its ASCII spelling ({twin})"
            if why is not None:
                report.verdict(target, None, LIMIT, why, row="2")
                rows.append([f"`{variant}`", fmt, why, "—", "—", f"≤ {LIMIT}×", why, "—"])
                continue
            contenders: dict[str, Callable[[], Any] | measure.Staged] = {
                "variant": measure.Staged(
                    lambda path=path: ours.load(path), lambda m, fmt=fmt: ours.render(m, fmt)
                ),
                "twin": measure.Staged(
                    lambda path=twin_path: ours.load(path), lambda m, fmt=fmt: ours.render(m, fmt)
                ),
            }
            measure.warm(contenders)
            times = measure.best_of(contenders, report.repeat)
            ratio = times["variant"] / times["twin"]
            words_rate = rate(facts["words"], times["variant"])
            verdict = report.verdict(target, ratio, LIMIT, row="2", rate=words_rate)
            rows.append(
                [
                    f"`{variant}`",
                    fmt,
                    seconds(times["variant"]),
                    f"`{twin}` {seconds(times['twin'])}",
                    ratio_text(ratio),
                    f"≤ {LIMIT}×",
                    verdict,
                    words_rate,
                ]
            )
    report.table(
        [
            "variant",
            "output",
            "writer time",
            "ASCII spelling",
            "ratio",
            "target",
            "result",
            "words/s (ours)",
        ],
        rows,
    )
