"""The benchmark suite still runs, and its inputs and baselines are what the README says.

No timing is asserted here (CI machines vary); the suite's own ``--quick`` mode is run end to end
on tiny inputs, and its pieces are checked: the generator's variants (shape, determinism, the
"same words" promises the ratios rely on), the hand-loop baselines' output (computed by hand
below), the alternating best-of timers, the peak-memory child process and the section contract.
"""

from __future__ import annotations

import collections
import itertools
import json
import subprocess
import sys
import time
import types
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `pytest` run without `python -m`: make benchmarks importable
    sys.path.insert(0, str(ROOT))

import vbformats  # noqa: E402
from benchmarks import common, generate, measure, ours, peers, run, vocabulary  # noqa: E402


@pytest.fixture(scope="module")
def data_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bench")


@pytest.fixture(scope="module")
def quick_report(data_folder: Path) -> str:
    output = data_folder / "report.md"
    code = run.main(
        ["--quick", "--data", str(data_folder), "--output", str(output), "--no-helpers"]
    )
    assert code == 0
    return output.read_text(encoding="utf-8")


def _rows(report: str, heading: str) -> list[list[str]]:
    """The table rows (cells) of the section whose heading starts with ``heading``."""
    part = report.split(heading, 1)[1].split("\n### ", 1)[0]
    return [
        [c.strip() for c in line.strip().strip("|").split("|")]
        for line in part.splitlines()
        if line.startswith("| ") and not line.startswith("|---")
    ]


def test_quick_run_prints_every_section_and_the_machine(quick_report):
    for heading in (
        "## Benchmark results",
        "### Inputs",
        "### 1. File → captions and text",
        "### 2. Non-ASCII costs nothing extra",
        "### 3. Peak memory",
        "### 4. Words DataFrame",
        "### 5. RingCentral load",
        "### 6. Start-up",
        "### 7. `info`",
        "### 8. Many speakers",
        "### R. Unknown keys and the exact round trip",
        "### Targets",
    ):
        assert heading in quick_report
    assert "- machine: " in quick_report and "RAM" in quick_report
    assert "crashed" not in quick_report


def test_quick_run_measures_every_variant_and_format_against_its_hand_loop(quick_report):
    rows = _rows(quick_report, "### 1. File")
    measured = {(r[0].strip("`"), r[2]) for r in rows if r[0].startswith("`")}
    for variant in generate.MAIN_VARIANTS:
        for fmt in ours.FORMATS:
            assert (variant, fmt) in measured
    absent = peers.peer_missing("hand:srt")
    for row in rows:
        if row[0].startswith("`") and len(row) == 9:
            assert row[3].endswith(" ms") or row[3].endswith(" s")
            if absent:
                assert row[4] == f"skipped (not installed: {absent})"
            else:
                assert row[4].endswith(" ms") or row[4].endswith(" s")
                assert row[7] in ("PASS", "FAIL") and row[8] != "—"


def test_quick_run_reports_every_library_peer_measured_or_skipped(quick_report):
    rows = _rows(quick_report, "### 1. File")
    for fmt, (_, libraries) in peers.BY_FORMAT.items():
        for name in libraries:
            label = peers.PIPELINES[name][0]
            matching = [r for r in rows if r[0] == fmt and r[2] == label]
            assert len(matching) == 1, (fmt, label)
            if peers.missing(name):
                assert matching[0][3].startswith("skipped (not installed")
            else:
                assert matching[0][3].endswith(" ms") or matching[0][3].endswith(" s")


def test_quick_run_lists_every_target_of_the_issue(quick_report):
    targets = quick_report.split("### Targets", 1)[1]
    rows = [r for r in _rows(quick_report, "### Targets") if r[0] != "row"]
    assert {r[0] for r in rows} >= {"1", "2", "3", "4", "5", "6", "7", "8", "R"}
    assert all(r[4] in ("PASS", "FAIL") or r[4].startswith("skipped") for r in rows)
    assert (
        "| R | round trip: json.loads(media.to_json()) == the file | equal | — | PASS |" in targets
    )
    first = [r[1] for r in rows if r[0] == "1"]
    for variant in generate.MAIN_VARIANTS:
        for fmt in ours.FORMATS:
            mine = [t for t in first if t.startswith(f"{variant} ") and f" {fmt}: ≤ 0.8×" in t]
            assert len(mine) == 1, (variant, fmt)  # the main size (quick: not the small one)
    for needle in (
        "writer: ≤ 1.15× its ASCII spelling",
        "peak of load + 4 formats ≤ 0.5× orjson.loads",
        "words DataFrame: ≤ 0.6×",
        "metrics: ≤ 0.5× load",
        "≤ 11× the time for 10× the tokens",
        "RingCentral load, 2,004 words: ≤ 2.0× the VoiceBase load",
        "`vbformats --version` ≤ 2.0×",
        "`info` after the load ≤ 1.0× the load time",
        "`info` peak after the load ≤ 1.0× the load's peak",
        "`to_json()` peak ≤ 0.6× orjson.loads' peak",
        "SRT write, 400 speakers",
        "SRT read growth",
    ):
        assert needle in targets, needle


def test_quick_run_reports_absent_peers_as_skipped(data_folder, monkeypatch):
    # what CI sees: the `bench` extra is not installed there
    absent = {"orjson", "pycaption", "pysubs2", "deepgram_captions"}
    real = peers.module_missing
    monkeypatch.setattr(peers, "module_missing", lambda m: m in absent or real(m))
    output = data_folder / "absent.md"
    code = run.main(
        [
            *("--quick", "--data", str(data_folder), "--output", str(output), "--no-helpers"),
            *("--only", "captions,memory,tables,startup,info"),
        ]
    )
    assert code == 0
    report = output.read_text(encoding="utf-8")
    row = next(r for r in _rows(report, "### 1. File") if r[0] == "`mix`")
    assert (
        row[4] == "skipped (not installed: orjson)" and row[7] == "skipped (not installed: orjson)"
    )
    assert "| json + pycaption | skipped (not installed: pycaption) |" in report
    assert "skipped (not installed: orjson) (the yardstick)" in report.split("### 3.", 1)[1]
    assert "skipped (not installed: orjson)" in report.split("### 4.", 1)[1].split("### 6.")[0]
    assert "skipped (not installed: orjson)" in report.split("### 6.", 1)[1].split("### 7.")[0]
    # the peers that are installed are still measured
    assert "| json + srt | " in report and "| json + srt | skipped" not in report


# --- the generator --------------------------------------------------------------------------


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


def test_the_default_variant_is_the_original_generator_byte_for_byte(tmp_path):
    path = generate.ensure_variant("default", 800, seed=5, folder=tmp_path)
    assert path == generate.data_path(800, 5, tmp_path)
    assert path.read_text(encoding="utf-8") == generate.generate_text(800, seed=5)
    facts = generate.meta(path)
    words = json.loads(path.read_bytes())["transcript"]["words"]
    assert facts["tokens"] == len(words)
    assert facts["words"] == sum(1 for w in words if "m" not in w)


def test_ensure_writes_once_and_names_files_by_variant_size_seed_and_version(tmp_path):
    path = generate.ensure(500, seed=3, folder=tmp_path)
    assert path.name == f"stereo_500_s3_v{generate.GENERATOR_VERSION}.json"
    stamp = path.stat().st_mtime_ns
    assert generate.ensure(500, seed=3, folder=tmp_path) == path
    assert path.stat().st_mtime_ns == stamp
    cjk = generate.ensure_variant("cjk", 500, seed=3, folder=tmp_path)
    assert cjk.name.startswith("cjk_500_s3_v")
    stamp = cjk.stat().st_mtime_ns
    assert generate.ensure_variant("cjk", 500, seed=3, folder=tmp_path).stat().st_mtime_ns == stamp


def _words(variant: str, tokens: int = 3000, seed: int = 7) -> list[dict]:
    text, _ = generate.shapes.generate(generate.variant(variant).shape, tokens, seed)
    return json.loads(text)["transcript"]["words"]


def test_short_turns_mixed_labels_and_zero_length_words():
    words = _words("short", 6000)
    assert 6000 <= len(words) < 6100
    turns, current = [], None
    for word in words:
        if word.get("m") == "turn":
            current = [word["w"], 0]
            turns.append(current)
        elif "m" not in word:
            current[1] += 1
    assert max(t[1] for t in turns) == 40 and min(t[1] for t in turns) == 1
    assert sum(1 for t in turns if t[1] <= 8) > len(turns) / 2  # most turns are short
    assert {t[0] for t in turns} == {"Alice", "Bob", "Alice: ", "Bob: "}
    speech = [w for w in words if "m" not in w]
    zero = sum(1 for w in speech if w["s"] == w["e"]) / len(speech)
    assert 0.015 < zero < 0.05
    assert all(w["w"].isascii() for w in words)


def test_scripts_have_their_share_of_non_ascii_words():
    speech = [w["w"] for w in _words("mix", 20000) if "m" not in w]
    share = sum(1 for w in speech if not w.isascii()) / len(speech)
    assert 0.04 < share < 0.08
    assert any(unicodedata.east_asian_width(c) == "W" for w in speech for c in w)
    accented = [w["w"] for w in _words("accented") if "m" not in w]
    assert all(not w.isascii() and unicodedata.east_asian_width(w[0]) != "W" for w in accented)
    cjk = [w["w"] for w in _words("cjk")]
    assert all(
        unicodedata.east_asian_width(w[0]) in "WF"
        for w in cjk
        if not w.startswith(("Alice", "Bob"))
    )


def test_ascii_twins_have_the_same_words_times_and_widths():
    for variant in ("mix", "accented", "cjk"):
        twin = generate.variant(variant).twin
        a, b = _words(variant), _words(twin)
        assert len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            assert (x["s"], x["e"], x.get("m")) == (y["s"], y["e"], y.get("m"))
            assert y["w"].isascii()
            if x.get("m") != "punc":  # Japanese full stops are one cell wider (see vocabulary)
                assert vbformats.captions.display_width(x["w"]) == len(y["w"])
    assert vocabulary.to_ascii("café") == "cafe" and vocabulary.to_ascii("。") == "."
    assert len(vocabulary.to_ascii("東京")) == 4
    with pytest.raises(ValueError, match="no ASCII spelling"):
        vocabulary.to_ascii("ß")


def test_many_speakers_change_only_the_names():
    two, many = _words("crowd2", 20000), _words("crowd2000", 20000)
    assert len(two) == len(many)
    for x, y in zip(two, many, strict=True):
        assert (x["s"], x["e"], x.get("m")) == (y["s"], y["e"], y.get("m"))
        if x.get("m") != "turn":
            assert x["w"] == y["w"]
    names = {w["w"].strip().removesuffix(":") for w in many if w.get("m") == "turn"}
    assert len(names) == 2000
    assert all(len(n) <= 40 and len(n.split()) <= 3 for n in names)
    markers = [w["w"].strip().removesuffix(":") for w in two if w.get("m") == "turn"]
    assert set(markers) == {"Alice", "Bob"}
    assert _words("speakers10")[0]["s"] == _words("short")[0]["s"]


def test_mono_has_no_markers_and_is_in_time_order():
    words = _words("mono")
    assert not any(w.get("m") == "turn" for w in words)
    starts = [w["s"] for w in words]
    assert starts == sorted(starts)
    media = vbformats.load({"transcript": {"words": words}})
    assert [t.speaker for t in vbformats.turns(media)] == [None]


def test_ringcentral_variant_has_the_speech_to_text_shape_and_a_voicebase_twin():
    text, facts = generate.shapes.generate(generate.variant("ringcentral").shape, 3000, 7)
    doc = json.loads(text)
    response = doc["response"]
    assert doc["status"] == "Success" and doc["api"].endswith("/speech-to-text")
    words, utterances = response["words"], response["utterances"]
    assert len(words) == facts["words"] >= 3000
    assert all(w["word"] == w["word"].lower() and w["word"].isalpha() for w in words)
    assert {w["speakerId"] for w in words} == {u["speakerId"] for u in utterances} == {"0", "1"}
    # utterance text: punctuated, capitalised; fillers only in the words; numbers as digits
    assert all(u["text"][0].isupper() or u["text"][0].isdigit() for u in utterances)
    assert all(u["text"][-1] in ".?" for u in utterances)
    assert "um" in {w["word"] for w in words} and " um " not in response["transcript"]
    assert any(piece.rstrip(",.?").isdigit() for u in utterances for piece in u["text"].split())
    media = vbformats.load(text)
    assert media.source_format == "ringcentral"
    # the VoiceBase twin: the same words, a number written as digits being one word there
    twin = json.loads(
        generate.shapes.generate(generate.variant("ringcentral-vb").shape, 3000, 7)[0]
    )
    vb_speech = [w for w in twin["transcript"]["words"] if "m" not in w]
    numbers = [p for u in utterances for p in u["text"].split() if p.rstrip(",.?").isdigit()]
    assert len(vb_speech) == len(words) - len(numbers)
    assert [w["s"] for w in vb_speech][:50] == [round(w["start"] * 1000) for w in words][:50]


# --- the peers ------------------------------------------------------------------------------

HAND_WORDS = [
    {"s": 0, "e": 400, "w": "Agent", "m": "turn"},
    {"s": 0, "e": 400, "w": "Hello"},
    {"s": 400, "e": 400, "w": ",", "m": "punc"},
    {"s": 500, "e": 900, "w": "there"},
    {"s": 900, "e": 900, "w": ".", "m": "punc"},
    {"s": 3000, "e": 3400, "w": "Bye"},  # after a 2.1 s pause: a new cue
    {"s": 700, "e": 1000, "w": "Caller: ", "m": "turn"},
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
    # half the characters for a wide script: 4 words of 9 fit in 42 (4*9 + 3 = 39)
    assert [c[3].replace("\n", " ").count("abcdefghi") for c in peers.hand_cues(words, 42)] == [
        4,
        4,
        1,
    ]


def test_hand_loop_writes_no_label_for_a_mono_call():
    words = [{"s": 0, "e": 400, "w": "Hello"}, {"s": 500, "e": 900, "w": "there"}]
    cues = peers.hand_cues(words)
    assert peers.hand_srt(cues) == "1\n00:00:00,000 --> 00:00:00,900\nHello there\n\n"
    assert "<v" not in peers.hand_vtt(cues) and "ttm:agent" not in peers.hand_dfxp(cues)
    assert peers.hand_text(words) == "Hello there\n\n"


def test_ringcentral_hand_loop_pairs_text_with_words_or_spreads_it():
    response = {
        "words": [
            {"word": "hi", "start": 0.0, "end": 0.4, "speakerId": "0"},
            {"word": "there", "start": 0.5, "end": 0.9, "speakerId": "0"},
            {"word": "um", "start": 1.0, "end": 1.2, "speakerId": "0"},
            {"word": "ok", "start": 1.3, "end": 1.6, "speakerId": "0"},
            {"word": "yes", "start": 2.0, "end": 2.5, "speakerId": "1"},
        ],
        "utterances": [  # listed out of order on purpose
            {"speakerId": "1", "start": 2.0, "end": 2.5, "text": "Yes."},
            {"speakerId": "0", "start": 0.0, "end": 0.9, "text": "Hi there."},
            {"speakerId": "0", "start": 1.0, "end": 1.6, "text": "Ok."},
        ],
    }
    assert peers.rc_turns(response) == [
        # the first utterance pairs 1:1; the second has a filler the text leaves out: its span
        # (1000-1600 ms) goes to its one text token
        ("Speaker 0", [(0, 400, "Hi"), (500, 900, "there."), (1000, 1600, "Ok.")]),
        ("Speaker 1", [(2000, 2500, "Yes.")]),
    ]


def test_peer_is_chosen_per_variant(tmp_path):
    path = str(generate.ensure_variant("ringcentral", 300, folder=tmp_path))
    assert peers.chars_for("cjk") == 42 and peers.chars_for("cjk-ascii") == 84
    assert peers.chars_for("mix") == 84
    if peers.peer_missing("hand:srt") is None:
        out = peers.peer("hand:srt", "ringcentral")(path)
        assert out.startswith("1\n") and "Speaker 0: " in out


def test_one_file_script_is_the_hand_loop(tmp_path):
    for vendor in ("voicebase", "ringcentral"):
        source = peers.script_source(vendor, 42)
        compile(source, "hand_srt.py", "exec")
        assert "MAX_CHARS = 42" in source
        assert peers.inspect.getsource(peers.cues_of) in source
    if peers.peer_missing("hand:srt") is not None:
        return  # running it needs orjson (the bench extra); the quick run covers it there
    for variant in ("short", "ringcentral"):
        path = str(generate.ensure_variant(variant, 400, folder=tmp_path))
        script = tmp_path / f"{variant}.py"
        script.write_text(peers.script_source(generate.variant(variant).vendor), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, str(script), path], capture_output=True, text=True, check=True
        )
        assert done.stdout == peers.peer("hand:srt", variant)(path)


# --- measurement ----------------------------------------------------------------------------


def test_best_of_alternates_the_order_and_keeps_the_minimum():
    calls: list[str] = []
    times = measure.best_of(
        {"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}, repeat=3
    )
    assert calls == ["a", "b", "b", "a", "a", "b"]
    assert set(times) == {"a", "b"} and all(t >= 0 for t in times.values())
    assert times.rounds == 3


def test_best_of_does_not_time_the_setup_and_stops_at_the_budget():
    calls = collections.Counter()

    def slow_setup() -> int:
        calls["setup"] += 1
        time.sleep(0.05)
        return 1

    staged = measure.Staged(slow_setup, lambda state: calls.update(["run"]))
    times = measure.best_of({"staged": staged}, repeat=2)
    assert calls == {"setup": 2, "run": 2} and times["staged"] < 0.04
    slow = measure.best_of({"slow": lambda: time.sleep(0.03)}, repeat=50, budget_s=0.05)
    assert 1 < slow.rounds < 5


def test_best_of_processes_times_whole_processes_and_reports_a_failure():
    times = measure.best_of_processes(
        {"a": [sys.executable, "-c", "pass"], "b": [sys.executable, "-S", "-c", "pass"]}, 2
    )
    assert times.rounds == 2 and all(0 < t < 10 for t in times.values())
    with pytest.raises(RuntimeError, match="exit 3"):
        measure.best_of_processes({"bad": [sys.executable, "-c", "raise SystemExit(3)"]}, 1)


def test_peak_memory_runs_in_a_child_process(tmp_path):
    path = generate.ensure(300, seed=2, folder=tmp_path)
    report = measure.peak_memory("json.loads", str(path))
    assert "error" not in report, report
    assert report["peak_bytes"] > 0
    assert report["method"]
    # a staged task: the load happens before the reset, the dump is measured
    report = measure.peak_memory("vbformats:to_json", str(path), str(path))
    assert "error" not in report, report
    assert report["output_chars"] > 1000


# --- the section contract -------------------------------------------------------------------


def test_sections_are_found_by_file_name_in_order():
    found = run.sections()
    names = [s.name for s in found]
    assert names[:9] == [
        "captions",
        "scripts",
        "memory",
        "tables",
        "ringcentral",
        "startup",
        "info",
        "speakers",
        "roundtrip",
    ]
    scripts = [s.name for s in found if s.script]
    # the script sections (a module with only main(argv)) run last, in file-name order
    assert {"frames", "metrics", "report"} <= set(scripts) and scripts == sorted(scripts)
    assert names[-len(scripts) :] == scripts


def test_a_section_may_return_its_rows(tmp_path):
    report = common.Report(quick=True, data=tmp_path)
    module = types.ModuleType("bench_example")
    module.SECTION = "9. Example"
    module.COLUMNS = ["what", "result"]

    def section_run(report: common.Report, quick: bool) -> list[list[str]]:
        verdict = report.verdict("example ≤ 1×", 0.5, 1.0, row="9")
        return [["example", verdict]]

    module.run = section_run
    run._run_section(report, run.Section("example", module, 95, module.SECTION))
    text = report.text()
    assert "### 9. Example" in text and "| example | PASS |" in text
    assert report.verdicts[0].row == "9" and report.verdicts[0].measured == "0.50×"


def test_unknown_section_names_are_refused(capsys):
    with pytest.raises(SystemExit):
        run.main(["--quick", "--only", "nonsense"])
    assert "unknown section" in capsys.readouterr().err
