"""Row 8 of issue #17 (and the benchmark row of issue #11): many speakers.

SRT write (``render(media, "srt")`` on a freshly loaded media) and SRT read (``vbformats.load``
of that SRT) of ``crowd20000``: a stereo call of 160,000 tokens, turns of 1-3 words and one in
ten of 20-40 words (so the SRT has continuation cues without a label, which the reader must
attribute), 20,000 speakers who all speak; against ``crowd2``, the same words and times with 2
speakers. Target ≤ 3×. Linear growth in words + speakers: the call with a tenth of the words and
of the speakers (2,000 speakers, 16,000 tokens) → the 20,000-speaker call, ≤ 11× the time.
Quick mode: 40 and 400 speakers.

Today these paths are quadratic (a single round takes tens of seconds), so a measurement stops
starting new rounds after 30 s (``rounds`` says how many ran; the 2-speaker side always gets
the same rounds as the many-speaker side, alternating).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import measure, ours
from benchmarks.common import Report, rate, ratio_text, seconds

SECTION = "8. Many speakers: SRT write and read, N speakers vs 2, same words (target ≤ 3×)"
ORDER = 80
LIMIT = 3.0
GROWTH_LIMIT = 11.0
BUDGET_S = 30.0
TOKENS_PER_SPEAKER = 8  # enough turns for every speaker to speak (about 7 tokens per turn)


def speakers(report: Report, size: str) -> int:
    """Speakers of the crowd call at a named size: 2,000 small, 20,000 main (quick: 40, 400)."""
    return {"small": 2_000, "main": 20_000}[size] // (50 if report.quick else 1)


def _write_and_read(report: Report, paths: dict[str, str]) -> dict[str, measure.Timings]:
    outputs: dict[str, str] = {}

    def writer(key: str) -> measure.Staged:
        def run(media: Any) -> None:
            outputs[key] = ours.render(media, "srt")

        return measure.Staged(lambda: ours.load(paths[key]), run)

    writers: dict[str, Callable[[], Any] | measure.Staged] = {k: writer(k) for k in paths}
    written = measure.best_of(writers, report.repeat, BUDGET_S)
    srt_paths = {}
    for key, path in paths.items():
        srt_paths[key] = str(Path(path).with_suffix(".srt"))
        Path(srt_paths[key]).write_text(outputs[key], encoding="utf-8")
    readers: dict[str, Callable[[], Any] | measure.Staged] = {
        k: (lambda p=p: ours.read_captions(p, "srt")) for k, p in srt_paths.items()
    }
    read = measure.best_of(readers, report.repeat, BUDGET_S)
    return {"write": written, "read": read}


def run(report: Report, quick: bool) -> None:
    if report.status.get("srt") is not None:
        report.add(f"not available: srt ({report.status['srt']})", "")
        return
    # warm imports and caches on the 2-speaker call (the many-speaker side runs cold: same code)
    warm = report.input("crowd2", "warm")
    ours.read_captions(_srt_of(warm), "srt")
    results: dict[str, dict[str, measure.Timings]] = {}
    facts: dict[str, dict[str, Any]] = {}
    for size in ("small", "main"):
        count = speakers(report, size)
        tokens = count * TOKENS_PER_SPEAKER
        paths = {
            "two": report.input("crowd2", tokens),
            "many": report.input(f"crowd{count}", tokens),
        }
        facts[size] = report.facts(paths["many"])
        results[size] = _write_and_read(report, paths)
    rows: list[list[str]] = []
    for size in ("small", "main"):
        timings = results[size]
        fact = facts[size]
        for step in ("write", "read"):
            times = timings[step]
            ratio = times["many"] / times["two"]
            words_rate = rate(fact["words"], times["many"])
            verdict = "—"
            if size == "main":
                verdict = report.verdict(
                    f"SRT {step}, {fact['speakers']:,} speakers, {fact['tokens']:,} tokens: "
                    f"≤ {LIMIT}× the time with 2 speakers",
                    ratio,
                    LIMIT,
                    row="8",
                    rate=words_rate,
                )
            growth = "—"
            if size == "main":
                before = results["small"][step]["many"]
                factor = fact["tokens"] / facts["small"]["tokens"]
                grew = times["many"] / before
                growth_verdict = report.verdict(
                    f"SRT {step} growth, {facts['small']['speakers']:,} → {fact['speakers']:,} "
                    f"speakers and {factor:.0f}× the words: ≤ {GROWTH_LIMIT:.0f}× the time",
                    grew,
                    GROWTH_LIMIT * factor / 10,
                    row="8",
                    rate=words_rate,
                )
                growth = f"{ratio_text(grew)} ({growth_verdict})"
            rows.append(
                [
                    step,
                    f"{fact['tokens']:,}",
                    f"{fact['speakers']:,}",
                    seconds(times["many"]),
                    seconds(times["two"]),
                    ratio_text(ratio),
                    f"≤ {LIMIT}×" if size == "main" else "—",
                    verdict,
                    growth,
                    str(times.rounds),
                    words_rate,
                ]
            )
    report.table(
        [
            "SRT",
            "tokens",
            "speakers",
            "time",
            "2 speakers",
            "ratio",
            "target",
            "result",
            "growth from the small call",
            "rounds",
            "words/s",
        ],
        rows,
    )


def _srt_of(path: str) -> str:
    target = Path(path).with_suffix(".srt")
    target.write_text(ours.convert(path, "srt"), encoding="utf-8")
    return str(target)
