"""The words-table benchmark runs (quick mode) and prints its Markdown table; no timing asserted."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import bench_frames  # noqa: E402


def test_generated_call_is_deterministic_and_has_exactly_the_tokens_asked():
    data = bench_frames.make_call(500)
    assert data == bench_frames.make_call(500)
    assert data != bench_frames.make_call(500, seed=12)
    words = json.loads(data)["transcript"]["words"]
    assert len(words) == 500
    assert words[0]["m"] == "turn"
    assert {w["w"] for w in words if w.get("m") == "turn"} == {"Agent", "Caller"}
    assert all("frq" in w and "v" in w for w in words if "m" not in w)


def test_quick_mode_prints_a_markdown_table_with_ratios(capsys):
    assert bench_frames.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "2,000 tokens" in out
    assert "| step | ms | × floor |" in out
    rows = [line for line in out.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert [row.split("|")[1].strip() for row in rows][1:] == [
        "vbformats.load",
        "frames.words(media)",
        "**vbformats.load + frames.words**",
    ]
    assert rows[0].split("|")[1].strip().startswith("floor: ")
    assert "ratio (vbformats total / floor):" in out
