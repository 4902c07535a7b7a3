"""The benchmark suite still runs, and its inputs and baselines are what the README says.

No timing is asserted here (CI machines vary); the suite's own ``--quick`` mode is run end to end
on tiny inputs, and its pieces are checked: the generator's shape and determinism, the hand-loop
baseline's output (computed by hand below), the alternating best-of timer and the peak-memory
child process.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `pytest` run without `python -m`: make benchmarks importable
    sys.path.insert(0, str(ROOT))

from benchmarks import generate, measure, peers, run  # noqa: E402


@pytest.fixture(scope="module")
def quick_report(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("bench")
    output = folder / "report.md"
    code = run.main(["--quick", "--data", str(folder), "--output", str(output), "--no-helpers"])
    assert code == 0
    return output.read_text(encoding="utf-8")


def test_quick_run_prints_every_section_and_the_machine(quick_report):
    for heading in (
        "## Benchmark results",
        "### 1. File → captions and text",
        "### 2. Peak memory",
        "### 3. Words DataFrame",
        "### 4. All metrics",
        "### 5. Unknown keys and the exact round trip",
        "### Targets",
    ):
        assert heading in quick_report
    assert "- machine: " in quick_report and "RAM" in quick_report


def test_quick_run_reports_every_peer_measured_or_skipped(quick_report):
    rows = [line for line in quick_report.splitlines() if line.startswith("| ")]
    for fmt, (hand, libraries) in peers.BY_FORMAT.items():
        for name in (hand, *libraries):
            label = peers.PIPELINES[name][0]
            matching = [r for r in rows if r.startswith(f"| {fmt} |") and f"| {label} |" in r]
            assert len(matching) == 1, (fmt, label)
            cells = [c.strip() for c in matching[0].strip("|").split("|")]
            baseline_time = cells[3]
            if peers.missing(name):
                assert baseline_time.startswith("skipped (not installed")
            else:
                assert baseline_time.endswith(" ms") or baseline_time.endswith(" s")


def test_quick_run_checks_the_round_trip_and_lists_every_target(quick_report):
    targets = quick_report.split("### Targets", 1)[1]
    assert "| round trip: json.loads(media.to_json()) == the file | equal | PASS |" in targets
    for fmt in ("srt", "vtt", "dfxp", "text"):
        assert f"| {fmt}: ≤ 0.9× orjson + hand loop |" in targets
    assert "words DataFrame" in targets
    assert "metrics" in targets
    assert "unknown keys on 1 word in 1,000" in targets


def test_quick_run_reports_absent_peers_as_skipped(tmp_path, monkeypatch):
    # what CI sees: the `bench` extra is not installed there
    absent = {"orjson", "pycaption", "pysubs2", "deepgram_captions"}
    real = peers.module_missing
    monkeypatch.setattr(peers, "module_missing", lambda m: m in absent or real(m))
    output = tmp_path / "report.md"
    code = run.main(["--quick", "--data", str(tmp_path), "--output", str(output), "--no-helpers"])
    assert code == 0
    report = output.read_text(encoding="utf-8")
    assert (
        "| srt | " in report
        and "| orjson + hand loop | skipped (not installed: orjson) |" in report
    )
    assert "| json + pycaption | skipped (not installed: pycaption) |" in report
    assert "| orjson.loads alone (the yardstick) | skipped (not installed: orjson) |" in report
    assert "skipped (not installed: orjson)" in report.split("### 3.", 1)[1].split("### 4.")[0]
    # the peers that are installed are still measured
    assert "| json + srt | " in report and "| json + srt | skipped" not in report


def test_generator_is_deterministic_and_seeded():
    assert generate.generate_text(1500, seed=1) == generate.generate_text(1500, seed=1)
    assert generate.generate_text(1500, seed=1) != generate.generate_text(1500, seed=2)


def test_generated_callback_has_the_hard_shape():
    doc = json.loads(generate.generate_text(3000, seed=4))
    words = doc["transcript"]["words"]
    assert 3000 <= len(words) < 3200
    markers = [w for w in words if w.get("m") == "turn"]
    assert {m["w"] for m in markers} == {"Agent", "Caller"}
    # not in time order: some token starts before the one listed before it
    assert any(b["s"] < a["s"] for a, b in itertools.pairwise(words))
    # overlap: some turn starts before the previous turn (other speaker) has ended
    spans = []
    for word in words:
        if word.get("m") == "turn":
            spans.append([word["w"], word["s"], word["e"]])
        elif spans:
            spans[-1][2] = max(spans[-1][2], word["e"])
    assert any(b[0] != a[0] and b[1] < a[2] for a, b in itertools.pairwise(spans))
    # punctuation sits at the end of the word it follows
    for previous, word in itertools.pairwise(words):
        if word.get("m") == "punc":
            assert word["s"] == word["e"] == previous["e"] or previous.get("m") == "punc"
    assert any(w.get("m") == "punc" for w in words)
    # voice features on every speech word: volume and a 2-3 peak spectrum, dominant energy 1
    speech = [w for w in words if "m" not in w]
    assert speech and all("v" in w and 2 <= len(w["frq"]) <= 3 for w in speech)
    assert all(w["frq"][0]["e"] == 1 for w in speech)
    assert doc["x-benchmark"]["seed"] == 4  # an unknown top-level key, kept by the loader


def test_ensure_writes_once_and_names_files_by_size_seed_and_version(tmp_path):
    path = generate.ensure(500, seed=3, folder=tmp_path)
    assert path.name == f"stereo_500_s3_v{generate.GENERATOR_VERSION}.json"
    stamp = path.stat().st_mtime_ns
    assert generate.ensure(500, seed=3, folder=tmp_path) == path
    assert path.stat().st_mtime_ns == stamp


HAND_WORDS = [
    {"s": 0, "e": 400, "w": "Agent", "m": "turn"},
    {"s": 0, "e": 400, "w": "Hello"},
    {"s": 400, "e": 400, "w": ",", "m": "punc"},
    {"s": 500, "e": 900, "w": "there"},
    {"s": 900, "e": 900, "w": ".", "m": "punc"},
    {"s": 3000, "e": 3400, "w": "Bye"},  # after a 2.1 s pause: a new cue
    {"s": 700, "e": 1000, "w": "Caller:", "m": "turn"},
    {"s": 700, "e": 1000, "w": "Hi"},
]


def test_hand_loop_groups_by_speaker_in_time_order_with_punctuation_attached():
    assert peers.hand_cues(HAND_WORDS) == [
        (0, 900, "Agent", "Hello, there."),
        (3000, 3400, "Agent", "Bye"),
        (700, 1000, "Caller", "Hi"),
    ]
    assert peers.hand_srt(peers.hand_cues(HAND_WORDS)[:1]) == (
        "1\n00:00:00,000 --> 00:00:00,900\nAgent: Hello, there.\n\n"
    )
    assert peers.hand_text(HAND_WORDS) == "Agent: Hello, there. Bye\n\nCaller: Hi\n\n"


def test_hand_loop_breaks_long_cues_into_two_balanced_lines():
    words = [{"s": 0, "e": 10, "w": "A", "m": "turn"}]
    words += [{"s": i * 100, "e": i * 100 + 90, "w": "abcdefghi"} for i in range(9)]
    cues = peers.hand_cues(words)
    # 9 words of 9 letters: 8 fit in 84 characters (8*9 + 7 = 79), the 9th opens a new cue
    assert [c[3].replace("\n", " ").count("abcdefghi") for c in cues] == [8, 1]
    first, second = cues[0][3].split("\n")
    assert len(first) == len(second) == 39


def test_best_of_alternates_the_order_and_keeps_the_minimum():
    calls: list[str] = []
    times = measure.best_of(
        {"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}, repeat=3
    )
    assert calls == ["a", "b", "b", "a", "a", "b"]
    assert set(times) == {"a", "b"} and all(t >= 0 for t in times.values())


def test_peak_memory_runs_in_a_child_process(tmp_path):
    path = generate.ensure(300, seed=2, folder=tmp_path)
    report = measure.peak_memory("json.loads", str(path))
    assert "error" not in report, report
    assert report["peak_bytes"] > 0
    assert report["method"]
