"""The report benchmark runs in quick mode and prints its table; no timing is asserted."""

from __future__ import annotations

import sys

from report_support import ROOT

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import bench_report


def test_quick_mode_prints_the_table(capsys):
    assert bench_report.main(["--quick"]) == 0
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if line.startswith("| ") and "tokens" not in line]
    assert len(rows) == 1 and "×" in rows[0] and "MB" in rows[0]


def test_verdict_fails_a_slow_report():
    row = {"tokens": 1e5, "words": 8e4, "load": 0.1, "report": 0.6, "size": 2e6}
    assert "FAIL" in bench_report.report(row, check=True)[-1]
    row["report"] = 0.4
    assert "PASS" in bench_report.report(row, check=True)[-1]
