"""Row 5 of issue #17: a RingCentral result loads at most 2× slower than VoiceBase's.

``vbformats.load`` of the ``ringcentral`` variant (speech-to-text: words + utterances, the
punctuated text aligned onto the words) against ``vbformats.load`` of ``ringcentral-vb``: the
same words and times written as a VoiceBase callback (what the RingCentral reader turns the
result into). ``small`` and ``main`` sizes (RingCentral sizes count words); target ≤ 2×.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from benchmarks import measure, ours
from benchmarks.common import Report, rate, ratio_text, seconds

SECTION = "5. RingCentral load vs the VoiceBase load of the same words (target ≤ 2×)"
ORDER = 50
LIMIT = 2.0


def run(report: Report, quick: bool) -> None:
    rows: list[list[str]] = []
    ours.load(report.warm("ringcentral"))
    for size in ("small", "main"):
        path = report.input("ringcentral", size)
        twin = report.input("ringcentral-vb", size)
        facts = report.facts(path)
        contenders: dict[str, Callable[[], Any] | measure.Staged] = {
            "ringcentral": lambda path=path: ours.load(path),
            "voicebase": lambda twin=twin: ours.load(twin),
        }
        times = measure.best_of(contenders, report.repeat)
        ratio = times["ringcentral"] / times["voicebase"]
        words_rate = rate(facts["words"], times["ringcentral"])
        verdict = report.verdict(
            f"RingCentral load, {facts['words']:,} words: ≤ {LIMIT}× the VoiceBase load",
            ratio,
            LIMIT,
            row="5",
            rate=words_rate,
        )
        rows.append(
            [
                f"{facts['words']:,}",
                f"{facts['bytes'] / 1e6:.1f} MB",
                seconds(times["ringcentral"]),
                f"{report.facts(twin)['bytes'] / 1e6:.1f} MB",
                seconds(times["voicebase"]),
                ratio_text(ratio),
                f"≤ {LIMIT}×",
                verdict,
                words_rate,
            ]
        )
    report.table(
        [
            "words",
            "RingCentral file",
            "load",
            "VoiceBase file",
            "load",
            "ratio",
            "target",
            "result",
            "words/s (RingCentral)",
        ],
        rows,
    )
