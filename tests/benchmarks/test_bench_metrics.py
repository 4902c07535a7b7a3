"""The metrics benchmark runs in quick mode and prints its report; no timing is asserted."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import bench_metrics  # noqa: E402


def test_quick_mode_prints_ratios_and_the_linearity_check(capsys):
    assert bench_metrics.main(["--quick"]) == 0
    out = capsys.readouterr().out
    table = [line for line in out.splitlines() if line.startswith("| ") and "tokens" not in line]
    assert len(table) == 2  # one row per quick size
    assert "ratio at" in out and "metrics/load" in out
    assert "linearity:" in out and "per-token cost" in out


def test_report_flags_a_superlinear_run():
    rows = [
        {
            "tokens": 1000.0,
            "words": 900.0,
            "load": 0.01,
            "load_median": 0.01,
            "debt": 0.0,
            "metrics": 0.01,
            "metrics_median": 0.01,
        },
        {
            "tokens": 100000.0,
            "words": 90000.0,
            "load": 1.0,
            "load_median": 1.0,
            "debt": 0.0,
            "metrics": 100.0,
            "metrics_median": 100.0,
        },
    ]
    lines = bench_metrics.report(rows)
    assert any("NOT linear" in line for line in lines)
    assert any("LONGER than loading" in line for line in lines)
