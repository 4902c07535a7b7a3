"""``python -m benchmarks.bench_align --quick`` runs end to end and reports every row; its
edited copy changes the share of words it says. No timing is asserted (machines vary)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `pytest` run without `python -m`: make benchmarks importable
    sys.path.insert(0, str(ROOT))

from benchmarks import bench_align  # noqa: E402


def test_quick_run_reports_every_row(capsys) -> None:
    assert bench_align.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "counts equal to jiwer's: yes" in out
    rows = [line for line in out.splitlines() if line.startswith("| ") and "ms |" in line]
    assert [row.split("|")[1].strip() for row in rows] == [
        "align edited text (2 % changed)",
        "wer, text pair (10 % errors)",
        "wer, loaded call vs text, per speaker",
    ]


def test_the_edited_copy_changes_about_the_share_asked() -> None:
    words = [f"w{k}" for k in range(20000)]
    text = "Agent: " + " ".join(words[:10000]) + "\n\nCaller: " + " ".join(words[10000:]) + "\n"
    edited = bench_align.edited_copy(text, seed=3, rate=0.02)
    assert edited.startswith("Agent: ") and "\n\nCaller: " in edited
    kept = set(edited.split()) & set(words)
    fresh = [w for w in edited.split() if w.startswith("Qz")]
    # half replaced + a quarter deleted are missing; a quarter more are inserted
    assert abs((len(words) - len(kept)) / len(words) - 0.015) < 0.004
    assert abs(len(fresh) / len(words) - 0.015) < 0.004
