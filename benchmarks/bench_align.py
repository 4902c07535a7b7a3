"""Aligning an edited transcript, and WER, against what a user would do instead.

    python -m benchmarks.bench_align                  # 100,000 tokens, best of 5 (+ peaks)
    python -m benchmarks.bench_align --quick          # 4,000 tokens, once, no peak memory
    python -m benchmarks.bench_align --tokens 400000 --repeat 3

Inputs come from :mod:`benchmarks.generate` (stereo callback: turns listed per channel, overlaps,
backchannels; 100,000 tokens ≈ 85,000 speech words). From it, deterministically (seeded):

* the **edited copy**: its plain text (our text writer, ``Agent:`` labels) with 2 % of the words
  changed, as a person correcting it would: 1 % replaced by another word, 0.5 % deleted, 0.5 %
  of new words inserted;
* the **WER pair**: the call's speech words (no labels, no punctuation: both tools read them
  as the same words) as the reference, and a hypothesis with 10 % of the words replaced,
  deleted or inserted (an engine's typical error rate).

Targets (issue #14), each measured in wall time in alternating rounds in one process (``benchmarks.measure.
best_of``: the order rotates each round, ``gc.collect()`` before each run, best of N):

1. ``vbformats.align(media, edited_text)`` ≤ 2.0 × ``vbformats.load(path)`` of the call (the
   media is loaded once before; the alignment includes reading the edited text);
2. ``vbformats.wer(reference, hypothesis)`` ≤ 1.0 × ``jiwer.process_words`` with
   ``jiwer.wer_standardize`` on the same two strings (vbformats' default normalisation is that
   transform). Shown too: ``vbformats.wer(media, hypothesis)`` with the reference as the loaded
   call, which adds times and speakers (per-speaker scores computed), for information.

The CPU time of align and load (``time.process_time``, same rounds) is printed too, for
information: on the shared 2-core machine of the project both ratios move with its load. The
full run also measures the peak memory of ``align`` (extra resident memory at the peak, a
fresh process, ``VmHWM`` after resetting it) at the size given and at 4 × that size: linear
memory shows as about 4 × the peak (a full edit-distance table of two 85,000-word calls would
need 7 × 10⁹ cells). Markdown on stdout; exit status 0 (the verdicts are in the table).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks import generate
from benchmarks.measure import best_of

DEFAULT_TOKENS = 100_000
QUICK_TOKENS = 4_000


def edited_copy(text: str, seed: int, rate: float) -> str:
    """``text`` (our text writer's output) with ``rate`` of its words changed: half replaced,
    a quarter deleted, a quarter inserted (new words), labels and punctuation kept."""
    rng = random.Random(seed)
    out_paragraphs = []
    fresh = 0
    for paragraph in text.split("\n\n"):
        label, sep, body = paragraph.partition(": ")
        if not sep or " " in label:
            label, body = "", paragraph
        words = []
        for raw in body.split():
            roll = rng.random()
            if roll < rate / 2:
                fresh += 1
                words.append(f"Qz{fresh}x" + raw[len(raw.rstrip(".,?!")) :])
            elif roll < rate * 3 / 4:
                continue
            else:
                words.append(raw)
                if roll < rate:
                    fresh += 1
                    words.append(f"Qz{fresh}x")
        if words:
            out_paragraphs.append(f"{label}: {' '.join(words)}" if label else " ".join(words))
    return "\n\n".join(out_paragraphs) + "\n"


def cpu_best_of(contenders: dict[str, Any], repeat: int) -> dict[str, float]:
    """Best CPU time (``time.process_time``: this process only) of each contender, in
    alternating rounds like :func:`benchmarks.measure.best_of`. Printed for information next
    to the wall-clock target: on a busy shared machine both move (other processes take the
    CPU in wall time, and share its caches in CPU time), and seeing both helps to tell a
    slower change from a busier machine."""
    import gc
    import time

    names = list(contenders)
    best = dict.fromkeys(names, float("inf"))
    for round_index in range(repeat):
        shift = round_index % len(names)
        for name in names[shift:] + names[:shift]:
            gc.collect()
            start = time.process_time()
            result = contenders[name]()
            best[name] = min(best[name], time.process_time() - start)
            del result
    return best


def _peak_child(path: str, edited_path: str) -> None:
    """Child process: warm up on a small call, load, reset the resident high-water mark,
    align once, print the peak (a warm-up on the measured call itself would leave its freed
    memory in the allocator's pools, and the measured run would reuse it unseen)."""
    import gc

    import vbformats

    def status(field: str) -> int:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
        raise OSError(field)

    with tempfile.TemporaryDirectory() as scratch:
        small = vbformats.load(generate.ensure(QUICK_TOKENS, folder=Path(scratch)))
        vbformats.align(small, vbformats.render(small, "text"))  # imports, first-use tables
    media = vbformats.load(path)
    edited = Path(edited_path).read_text(encoding="utf-8")
    media.words.text, media.words.flags_text, media.words.is_punctuation  # noqa: B018
    gc.collect()
    with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
        handle.write("5")
    before = status("VmRSS")
    vbformats.align(media, edited)
    print(json.dumps({"peak": status("VmHWM") - before}))


def peak_mb(path: Path, edited: str, folder: Path) -> float | None:
    """Extra resident memory (MB) of one alignment, in a fresh process; None off Linux."""
    edited_path = folder / f"{path.stem}.edited.txt"
    edited_path.write_text(edited, encoding="utf-8")
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.bench_align",
                "--peak-child",
                str(path),
                str(edited_path),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
    except (subprocess.CalledProcessError, OSError):
        return None
    return float(json.loads(done.stdout)["peak"]) / 1e6


def measure(tokens: int, repeat: int, folder: Path | None, peaks: bool) -> dict[str, Any]:
    """Every number of the report for one size."""
    import jiwer

    import vbformats

    path = generate.ensure(tokens, folder=folder)
    media = vbformats.load(path)
    words = sum(media.words.is_speech)
    edited = edited_copy(vbformats.render(media, "text"), seed=14, rate=0.02)
    # the WER pair: speech words only (no labels, no punctuation), which vbformats and jiwer
    # read as the same words, so their counts must agree exactly
    table = media.words
    reference = " ".join(
        table.text[i] for turn in vbformats.turns(media) for i in turn.speech_indices
    )
    hypothesis = edited_copy(reference, seed=15, rate=0.10)
    # warm-up: imports, first-use tables and columns, outside the timings
    vbformats.align(media, edited)
    vbformats.wer(reference, hypothesis)
    jiwer.process_words(reference, hypothesis, jiwer.wer_standardize, jiwer.wer_standardize)
    times = best_of(
        {
            "load": lambda: vbformats.load(path),
            "align": lambda: vbformats.align(media, edited),
        },
        repeat,
    )
    cpu = cpu_best_of(
        {
            "load": lambda: vbformats.load(path),
            "align": lambda: vbformats.align(media, edited),
        },
        repeat,
    )
    wer_times = best_of(
        {
            "jiwer": lambda: jiwer.process_words(
                reference, hypothesis, jiwer.wer_standardize, jiwer.wer_standardize
            ),
            "wer": lambda: vbformats.wer(reference, hypothesis),
            "wer_media": lambda: vbformats.wer(media, hypothesis).per_speaker,
        },
        repeat,
    )
    ours = vbformats.wer(reference, hypothesis)
    theirs = jiwer.process_words(
        reference, hypothesis, jiwer.wer_standardize, jiwer.wer_standardize
    )
    report = vbformats.alignment.align_with_report(media, edited).report
    row: dict[str, Any] = {
        "tokens": len(media.words),
        "words": words,
        **times,
        **wer_times,
        "cpu_load": cpu["load"],
        "cpu_align": cpu["align"],
        "same_as_jiwer": (ours.hits, ours.substitutions, ours.deletions, ours.insertions)
        == (theirs.hits, theirs.substitutions, theirs.deletions, theirs.insertions),
        "wer_value": ours.wer,
        "matched": report.matched_fraction,
        "peaks": [],
    }
    if peaks:
        scratch = Path(tempfile.mkdtemp(prefix="bench-align-"))
        bigger = generate.ensure(tokens * 4, folder=folder)
        big_media = vbformats.load(bigger)
        for size, source, call in ((tokens, path, media), (tokens * 4, bigger, big_media)):
            text = edited_copy(vbformats.render(call, "text"), seed=14, rate=0.02)
            row["peaks"].append((size, peak_mb(source, text, scratch)))
    return row


def report(row: dict[str, Any], quick: bool) -> list[str]:
    """The Markdown report for one size."""
    words = row["words"]
    align_ratio = row["align"] / row["load"]
    wer_ratio = row["wer"] / row["jiwer"]
    media_ratio = row["wer_media"] / row["jiwer"]

    def verdict(ok: bool) -> str:
        return "—" if quick else ("PASS" if ok else "FAIL")

    lines = [
        f"tokens {row['tokens']:,} ({words:,} speech words); edited copy matched "
        f"{row['matched']:.1%}; WER pair at {row['wer_value']:.3f}, counts equal to jiwer's: "
        f"{'yes' if row['same_as_jiwer'] else 'NO'}",
        "",
        "| measurement | vbformats | baseline | baseline time | ratio | target | result | words/s |",
        "|---|---:|---|---:|---:|---|---|---:|",
        f"| align edited text (2 % changed) | {row['align'] * 1e3:.0f} ms | vbformats.load of the "
        f"call | {row['load'] * 1e3:.0f} ms | {align_ratio:.2f}× | ≤ 2.0× | "
        f"{verdict(align_ratio <= 2.0)} | {words / row['align']:,.0f} |",
        f"| wer, text pair (10 % errors) | {row['wer'] * 1e3:.0f} ms | jiwer.process_words, "
        f"wer_standardize | {row['jiwer'] * 1e3:.0f} ms | {wer_ratio:.2f}× | ≤ 1.0× | "
        f"{verdict(wer_ratio <= 1.0 and row['same_as_jiwer'])} | {words / row['wer']:,.0f} |",
        f"| wer, loaded call vs text, per speaker | {row['wer_media'] * 1e3:.0f} ms | "
        f"jiwer.process_words, wer_standardize | {row['jiwer'] * 1e3:.0f} ms | "
        f"{media_ratio:.2f}× | — | — | {words / row['wer_media']:,.0f} |",
    ]
    lines += [
        "",
        f"CPU time (this process only, best of the same rounds): align "
        f"{row['cpu_align'] * 1e3:.0f} ms, load {row['cpu_load'] * 1e3:.0f} ms, ratio "
        f"{row['cpu_align'] / row['cpu_load']:.2f}× (information: the target is the wall-clock "
        "ratio above)",
    ]
    if row["peaks"]:
        lines += [
            "",
            "| align peak memory | tokens | extra resident memory at the peak |",
            "|---|---:|---:|",
        ]
        for size, peak in row["peaks"]:
            shown = "n/a (not Linux)" if peak is None else f"{peak:.0f} MB"
            lines.append(f"| align | {size:,} | {shown} |")
        (_, small), (_, large) = row["peaks"]
        if small and large:
            lines.append("")
            lines.append(
                f"memory growth: 4× the tokens → {large / small:.1f}× the peak "
                f"({'linear' if large / small <= 6 else 'NOT linear'})"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="4,000 tokens, one round")
    parser.add_argument("--tokens", type=int, help=f"call size in tokens ({DEFAULT_TOKENS:,})")
    parser.add_argument("--repeat", type=int, help="rounds (default 5; 1 with --quick)")
    parser.add_argument("--peak-child", nargs=2, metavar=("CALL", "EDITED"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.peak_child:
        _peak_child(*args.peak_child)
        return 0
    tokens = args.tokens or (QUICK_TOKENS if args.quick else DEFAULT_TOKENS)
    repeat = args.repeat or (1 if args.quick else 5)
    from importlib.metadata import version

    print(
        f"# align and WER — Python {platform.python_version()}, {platform.machine()}, "
        f"vbformats {version('vbformats')}, rapidfuzz {version('rapidfuzz')}, "
        f"jiwer {version('jiwer')}, numpy {version('numpy')}; "
        f"{'quick' if args.quick else 'full'} run, best of {repeat}"
    )
    print()
    with tempfile.TemporaryDirectory() as scratch:
        # quick runs write their small inputs to a scratch folder, never to benchmarks/data
        folder = Path(scratch) if args.quick else None
        row = measure(tokens, repeat, folder, peaks=not args.quick)
    for line in report(row, args.quick):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
