"""Row 7 of issue #17: ``info`` and ``to_json()`` on a 1,000,000-token call.

* time: what ``vbformats info`` does after the load (the summary, printed as text:
  :func:`benchmarks.ours.info`) against ``vbformats.load`` of the file: ≤ 1.0× (so the whole
  command costs at most twice the load);
* memory: the peak of that step on the loaded media against the peak of the load itself (fresh
  processes; the load runs before the high-water mark is reset): ≤ 1.0×;
* ``media.to_json()`` (what ``convert --to json`` writes), its peak on the loaded media against
  the peak of ``orjson.loads`` of the file: ≤ 0.6×.

Variants ``default`` and ``mix`` at the ``large`` size (quick: ``default`` only). Best of at
most 3 rounds (each takes seconds).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from benchmarks import measure, ours
from benchmarks.common import (
    Report,
    megabytes,
    peak,
    peak_ratio,
    peak_why,
    rate,
    ratio_text,
    seconds,
)

SECTION = "7. `info` (≤ 1.0× load time and memory) and `to_json()` (≤ 0.6× orjson peak), 1M tokens"
ORDER = 70
INFO_LIMIT = 1.0
JSON_LIMIT = 0.6
VARIANTS = ("default", "mix")


def run(report: Report, quick: bool) -> None:
    rows: list[list[str]] = []
    rounds = max(1, min(3, report.repeat))
    for variant in ("default",) if quick else VARIANTS:
        path = report.input(variant, "large")
        warm = report.warm(variant)
        facts = report.facts(path)
        label = f"{variant} {facts['tokens']:,} tokens"
        why = report.status.get("info")
        contenders: dict[str, Callable[[], Any] | measure.Staged] = {
            "load": lambda path=path: ours.load(path)
        }
        if why is None:
            ours.info(ours.load(warm))
            contenders["info"] = measure.Staged(lambda path=path: ours.load(path), ours.info)
        times = measure.best_of(contenders, rounds)
        info_time = times.get("info")
        ratio = info_time / times["load"] if info_time is not None else None
        words_rate = rate(facts["words"], info_time)
        time_verdict = report.verdict(
            f"{label}: `info` after the load ≤ {INFO_LIMIT}× the load time",
            ratio,
            INFO_LIMIT,
            why or "",
            row="7",
            rate=words_rate,
        )
        rows.append(
            [
                f"`{variant}`",
                "`info` time",
                seconds(info_time),
                f"load {seconds(times['load'])}",
                ratio_text(ratio),
                f"≤ {INFO_LIMIT}×",
                time_verdict,
            ]
        )
        if not report.memory:
            continue
        loaded = peak("vbformats:load", path, warm)
        info_peak = peak("vbformats:info", path, warm) if why is None else None
        ratio = peak_ratio(info_peak, loaded)
        verdict = report.verdict(
            f"{label}: `info` peak after the load ≤ {INFO_LIMIT}× the load's peak",
            ratio,
            INFO_LIMIT,
            peak_why(info_peak, loaded) if why is None else why,
            row="7",
        )
        rows.append(
            [
                f"`{variant}`",
                "`info` peak",
                megabytes(info_peak),
                f"load {megabytes(loaded)}",
                ratio_text(ratio),
                f"≤ {INFO_LIMIT}×",
                verdict,
            ]
        )
        base = peak("orjson.loads", path, warm)
        dumped = (
            peak("vbformats:to_json", path, warm) if report.status.get("to_json") is None else None
        )
        ratio = peak_ratio(dumped, base)
        verdict = report.verdict(
            f"{label}: `to_json()` peak ≤ {JSON_LIMIT}× orjson.loads' peak",
            ratio,
            JSON_LIMIT,
            peak_why(dumped, base),
            row="7",
        )
        rows.append(
            [
                f"`{variant}`",
                "`to_json()` peak",
                megabytes(dumped),
                f"orjson.loads {megabytes(base)}",
                ratio_text(ratio),
                f"≤ {JSON_LIMIT}×",
                verdict,
            ]
        )
    report.table(
        ["variant", "measure", "vbformats", "yardstick", "ratio", "target", "result"], rows
    )
