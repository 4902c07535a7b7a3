"""Row 3 of issue #17: peak memory of load + all four formats ≤ 0.5× ``orjson.loads`` alone.

One fresh interpreter per measurement (:func:`benchmarks.measure.peak_memory`), warmed on the
small file of the same variant, on every variant at the ``main`` size. ``vbformats.load`` alone
is shown as context. Quick mode measures two variants only (each measurement is a process).
"""

from __future__ import annotations

from benchmarks import generate
from benchmarks.common import Report, megabytes, peak, peak_ratio, peak_why, ratio_text

SECTION = "3. Peak memory: load + all four formats (target ≤ 0.5× orjson.loads alone)"
ORDER = 30
LIMIT = 0.5
QUICK_VARIANTS = ("default", "ringcentral")


def run(report: Report, quick: bool) -> None:
    if not report.memory:
        report.add("skipped (--no-memory)", "")
        return
    rows: list[list[str]] = []
    method = "?"
    for variant in QUICK_VARIANTS if quick else generate.MAIN_VARIANTS:
        path = report.input(variant, "main")
        warm = report.warm(variant)
        facts = report.facts(path)
        base = peak("orjson.loads", path, warm)
        everything = (
            peak("vbformats:all", path, warm)
            if all(report.status.get(f) is None for f in ("srt", "vtt", "dfxp", "text"))
            else None
        )
        loaded = peak("vbformats:load", path, warm)
        method = next(
            (m["method"] for m in (base, everything, loaded) if m and "method" in m), method
        )
        ratio = peak_ratio(everything, base)
        verdict = report.verdict(
            f"{variant} {facts['tokens']:,} tokens: peak of load + 4 formats ≤ {LIMIT}× "
            "orjson.loads",
            ratio,
            LIMIT,
            peak_why(everything, base),
            row="3",
        )
        rows.append(
            [
                f"`{variant}`",
                f"{facts['bytes'] / 1e6:.1f} MB",
                megabytes(base),
                megabytes(loaded),
                ratio_text(peak_ratio(loaded, base)),
                megabytes(everything),
                ratio_text(ratio),
                f"≤ {LIMIT}×",
                verdict,
            ]
        )
    report.add(f"Extra resident memory at the peak, fresh process per cell ({method}).", "")
    report.table(
        [
            "variant",
            "file",
            "orjson.loads alone",
            "vbformats.load",
            "load / orjson",
            "load + srt, vtt, dfxp, text",
            "ratio",
            "target",
            "result",
        ],
        rows,
    )
