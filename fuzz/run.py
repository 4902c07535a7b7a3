"""Bounded-time fuzz run of every target in fuzz/targets.py (the CI smoke run).

Usage::

    python fuzz/run.py                    # 60 s in total, two targets at a time
    python fuzz/run.py --seconds 600      # a longer local session
    python fuzz/run.py --targets srt,vtt --seconds 120
    python fuzz/run.py --seconds 45 --seed 1    # what CI runs: the same inputs every time

Each target starts from a seed corpus made of fuzz/seeds/, samples/ and the test data files
(each under 16 KiB), with fuzz/vbformats.dict as its libFuzzer dictionary. The wall time is
about ``--seconds``: targets share it, ``--jobs`` at a time.

Exit status: 0 when no target crashed, 1 when one did (its input is printed in base64 and kept
in the artifacts folder given by ``--artifacts``; turn it into a regression test in
tests/hostile/test_hostile_fuzz_regressions.py), 2 on usage errors or a target that could not
start.
"""

from __future__ import annotations

import argparse
import base64
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGETS = ("load", "json", "srt", "vtt", "dfxp", "text", "frames", "metrics")
SEED_DIRS = (HERE / "seeds", ROOT / "samples", ROOT / "tests" / "data")
SEED_MAX_BYTES = 16 * 1024


def seed_corpus(folder: Path) -> int:
    """Copy every seed file into ``folder``; returns how many."""
    count = 0
    for seed_dir in SEED_DIRS:
        if not seed_dir.is_dir():
            continue
        for path in sorted(seed_dir.rglob("*")):
            if path.is_file() and path.suffix != ".py" and path.stat().st_size <= SEED_MAX_BYTES:
                count += 1
                shutil.copyfile(path, folder / f"{count:04d}-{path.name}")
    return count


def run_target(
    name: str, seconds: int, work: Path, artifacts: Path, seed: int = 0
) -> dict[str, object]:
    """Fuzz one target for ``seconds`` (libFuzzer's ``-seed``: 0 draws one); returns what
    happened."""
    corpus = work / f"corpus-{name}"
    corpus.mkdir()
    seeds = seed_corpus(corpus)
    prefix = artifacts / f"{name}-"
    command = [
        sys.executable,
        str(HERE / "targets.py"),
        name,
        f"-max_total_time={seconds}",
        f"-seed={seed}",
        "-timeout=20",
        "-rss_limit_mb=4096",
        "-max_len=8192",
        f"-dict={HERE / 'vbformats.dict'}",
        f"-artifact_prefix={prefix}",
        "-print_final_stats=1",
        str(corpus),
    ]
    started = time.monotonic()
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=seconds + 120, cwd=work
        )
        code, output = result.returncode, result.stdout + result.stderr
    except subprocess.TimeoutExpired as expired:
        code = -1
        output = f"{expired.stdout or ''}{expired.stderr or ''}\ntarget did not stop in time"
    elapsed = time.monotonic() - started
    executions = 0
    for line in output.splitlines():
        if line.startswith("stat::number_of_executed_units:"):
            executions = int(line.split(":")[-1])
    crashes = sorted(artifacts.glob(f"{name}-*"))
    return {
        "name": name,
        "code": code,
        "seconds": elapsed,
        "seeds": seeds,
        "executions": executions,
        "crashes": crashes,
        "output": output,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="total wall time (default 60)")
    parser.add_argument("--jobs", type=int, default=2, help="targets run at once (default 2)")
    parser.add_argument("--targets", default=",".join(TARGETS), help="comma-separated targets")
    parser.add_argument("--artifacts", type=Path, help="keep crashing inputs here")
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        help="libFuzzer's random seed (default 0: a new one each run; CI fixes one, so its "
        "run is the same sequence of inputs every time)",
    )
    args = parser.parse_args(argv)
    targets = [t for t in args.targets.split(",") if t]
    unknown = [t for t in targets if t not in TARGETS]
    if unknown or not targets:
        print(f"unknown targets: {unknown}; known: {', '.join(TARGETS)}", file=sys.stderr)
        return 2
    jobs = max(1, min(args.jobs, len(targets)))
    rounds = -(-len(targets) // jobs)
    per_target = max(5, args.seconds // rounds)

    with tempfile.TemporaryDirectory(prefix="vbformats-fuzz-") as temp:
        work = Path(temp)
        artifacts = args.artifacts or work / "artifacts"
        artifacts.mkdir(parents=True, exist_ok=True)
        print(f"fuzzing {len(targets)} targets, {per_target} s each, {jobs} at a time", flush=True)
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            results = list(
                pool.map(lambda t: run_target(t, per_target, work, artifacts, args.seed), targets)
            )
        failed = False
        for result in results:
            crashes = result["crashes"]
            status = "ok"
            if crashes:
                status = "CRASH"
            elif result["code"] != 0 or not result["executions"]:
                status = "ERROR"
            print(
                f"{result['name']:>5}: {status}  {result['executions']} inputs in "
                f"{result['seconds']:.0f} s from {result['seeds']} seeds",
                flush=True,
            )
            if status == "ok":
                continue
            failed = True
            tail = "\n".join(str(result["output"]).splitlines()[-40:])
            print(tail, file=sys.stderr)
            for crash in crashes:  # type: ignore[attr-defined]
                data = Path(crash).read_bytes()
                print(
                    f"  crashing input ({len(data)} bytes) {Path(crash).name}: "
                    f"base64 {base64.b64encode(data).decode()}",
                    file=sys.stderr,
                )
        if failed:
            print(
                "fuzz run failed: add each crashing input to "
                "tests/hostile/test_hostile_fuzz_regressions.py",
                file=sys.stderr,
            )
            return 1
        print("fuzz run: no crash", flush=True)
        return 0


if __name__ == "__main__":
    sys.exit(main())
