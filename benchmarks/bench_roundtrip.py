"""The checks of issue #6 that stay: the exact round trip, and unknown keys on words.

On the ``default`` variant at the ``main`` size: ``json.loads(media.to_json())`` equals the
file; a load where 1 word in 1,000 carries a key no version of the API documents keeps it and
costs ≤ 1.5× the plain load (every word with one: context).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import measure, ours
from benchmarks.common import Report, ratio_text, seconds

SECTION = "R. Unknown keys and the exact round trip (issue #6)"
ORDER = 90


def _with_unknown_keys(path: str, every: int) -> str:
    """A copy of ``path`` where one word in ``every`` has an extra key (``"x-note": 1``)."""
    target = Path(path).with_name(Path(path).stem + f"_unknown{every}.json")
    if not target.exists():
        lines = Path(path).read_text(encoding="utf-8").split("\n")
        count = 0
        for index, line in enumerate(lines):
            if line.startswith('{"p":'):
                if count % every == 0:
                    lines[index] = '{"x-note":1,' + line[1:]
                count += 1
        temporary = target.with_suffix(f".tmp{os.getpid()}")
        temporary.write_text("\n".join(lines), encoding="utf-8")
        os.replace(temporary, target)
    return str(target)


def run(report: Report, quick: bool) -> None:
    path = report.input("default", "main")
    with open(path, "rb") as handle:
        original = json.loads(handle.read())
    media = ours.load(path)
    start = time.perf_counter()
    dumped = ours.to_json(media)
    dump_time = time.perf_counter() - start
    same = json.loads(dumped) == original
    report.check(
        "R",
        "round trip: json.loads(media.to_json()) == the file",
        same,
        "equal" if same else "different",
    )
    sparse = _with_unknown_keys(path, 1000)
    dense = _with_unknown_keys(path, 1)
    contenders: dict[str, Callable[[], Any] | measure.Staged] = {
        "plain": lambda: ours.load(path),
        "sparse": lambda: ours.load(sparse),
        "dense": lambda: ours.load(dense),
    }
    times = measure.best_of(contenders, report.repeat)
    kept = ours.load(sparse).words.to_dicts()[0].get("x-note") == 1
    ratio_sparse = times["sparse"] / times["plain"]
    verdict = report.verdict(
        "load with unknown keys on 1 word in 1,000: ≤ 1.5× plain load",
        ratio_sparse if kept else None,
        1.5,
        "FAIL (key lost)",
        row="R",
    )
    report.table(
        ["measurement", "time", "ratio", "result"],
        [
            [
                "load (unknown keys at top level and in `transcript` only)",
                seconds(times["plain"]),
                "1.00×",
                "—",
            ],
            [
                "load, 1 word in 1,000 has an unknown key (kept)",
                seconds(times["sparse"]),
                ratio_text(ratio_sparse),
                f"{verdict} (≤ 1.5×)",
            ],
            [
                "load, every word has an unknown key (kept)",
                seconds(times["dense"]),
                ratio_text(times["dense"] / times["plain"]),
                "—",
            ],
            [
                "media.to_json() (whole document back)",
                seconds(dump_time),
                "—",
                "equal to the file" if same else "DIFFERENT",
            ],
        ],
    )
