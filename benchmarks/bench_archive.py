"""Archives (issue #12): a folder of 2,000 calls through the batch engine, compute_many, parallel
frames and Dask, against what a user would do instead; and peak memory over 20,000 files.

Inputs: 2,000 generated calls of about 3,000 speech words (``benchmarks/shapes.py``, seeded
per file: one in three each stereo, mono and RingCentral), cached in ``benchmarks/data/``.
Rows (best of 2 alternating rounds in the full run; once in ``--quick``, on 12 tiny calls):

* A1 ``vbformats.batch.convert(folder, out, "srt", jobs=2)`` vs the hand-written alternative: a
  ``multiprocessing.Pool(2)`` over the paths, each worker ``orjson.loads`` + the hand loop of
  :mod:`benchmarks.peers` + writing the file (target ≤ 0.8×);
* A2 the same convert with 1 job over 2 jobs (target: at least 1.7× faster with 2);
* A3 ``metrics.compute_many(folder)`` (default jobs: the 2 CPUs) vs loading every file of the
  folder with ``vbformats.load`` in a loop, the way a user reads a folder (target ≤ 1.0×); the
  metrics work alone (serial ``compute_many`` minus that load) is reported next to it;
* A4 ``frames.words(folder, jobs=2)`` vs ``frames.words(folder)`` (target ≤ 0.7×);
* A5 the Dask path, ``vbformats.dask.compute(vbformats.dask.frame(folder, "words"))`` (what
  ``vbformats frame --dask`` runs: each partition fetched to the caller as its task ends) on a
  2-worker ``LocalCluster`` vs ``frames.words(folder, jobs=2)`` (target ≤ 1.3×; the cluster is
  started before timing), and A5' the same frame's own ``.compute()`` (dask concatenates every
  partition into one on a worker, then sends it: every row moves twice; no target);
* A6 peak memory (the batch process plus its largest worker) of ``convert --to srt --jobs 2``
  over 20,000 files vs over 2,000 files (hard links to 40 small calls; target: flat, ≤ 1.25×).

Process start-up is inside every time (the pools are made by the measured call), and the
workers get paths, never loaded calls.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import generate, measure, shapes
from benchmarks.common import Report, rate, seconds

SECTION = "A. Archives: a folder of calls (issue #12)"
ORDER = 95

FULL = {"files": 2000, "tokens": 3600, "memory": (2000, 20000)}
QUICK = {"files": 12, "tokens": 300, "memory": (40, 400)}

_SHAPES = (
    shapes.Shape(),  # stereo, short turns
    shapes.Shape(layout="mono"),
    shapes.Shape(layout="diarized", vendor="ringcentral"),
)


def folder(report: Report, files: int, tokens: int) -> Path:
    """The cached folder of ``files`` generated calls (a third of each shape)."""
    root = (
        report.data or generate.DATA_DIR
    ) / f"archive_{files}x{tokens}_s{report.seed}_v{shapes.VERSION}"
    done = root / ".complete"
    if done.exists():
        return root
    root.mkdir(parents=True, exist_ok=True)
    words = 0
    for n in range(files):
        shape = _SHAPES[n % 3]
        size = tokens * 5 // 6 if shape.vendor == "ringcentral" else tokens
        text, facts = shapes.generate(shape, size, report.seed * 100_003 + n)
        (root / f"call-{n:05d}.json").write_text(text, encoding="utf-8")
        words += facts["words"]
    done.write_text(json.dumps({"files": files, "words": words}), encoding="utf-8")
    return root


def _peer_one(job: tuple[str, str]) -> int:
    """The hand-written alternative for one file (a Pool worker): orjson + the hand loop
    (the standard ``json`` when orjson, of the ``bench`` extra, is not installed)."""
    from benchmarks import peers

    path, out = job
    with open(path, "rb") as handle:
        doc = _loads()(handle.read())
    vendor = "ringcentral" if "response" in doc else "voicebase"
    text = peers.hand_srt(peers.cues_of(peers._variant_turns(doc, vendor)))
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(text)
    return len(text)


def _loads() -> Any:
    try:
        import orjson
    except ModuleNotFoundError:
        return json.loads
    return orjson.loads


def _peer_name() -> str:
    return (
        "Pool(2) + orjson + hand loop"
        if _loads() is not json.loads
        else "Pool(2) + json + hand loop (orjson not installed)"
    )


def _load_each(paths: list[str]) -> None:
    """What a user's loop over a folder does first: load each call, keeping none (holding
    2,000 loaded calls at once would make the loop slower than the loading)."""
    import vbformats

    for path in paths:
        vbformats.load(path)


def peer_convert(paths: list[str], out: str, jobs: int) -> None:
    os.makedirs(out, exist_ok=True)
    jobs_list = [(p, os.path.join(out, Path(p).stem + ".srt")) for p in paths]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for _ in pool.imap_unordered(_peer_one, jobs_list, chunksize=8):
            pass


def _memory_child(count: int, source: str) -> dict[str, Any]:
    """Peak resident memory of one convert run over ``count`` hard links (a fresh process)."""
    script = (
        "import json, os, resource, sys\n"
        "from vbformats import batch\n"
        "def hwm():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmHWM:'): return int(line.split()[1]) * 1024\n"
        "s = batch.convert(sys.argv[1], sys.argv[2], 'srt', jobs=2, progress=False)\n"
        "child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024\n"
        "print(json.dumps({'parent': hwm(), 'worker': child, 'converted': s.converted}))\n"
    )
    work = Path(tempfile.mkdtemp(prefix="vbf-mem-"))
    try:
        calls = work / "calls"
        calls.mkdir()
        sources = sorted(Path(source).glob("*.json"))[:40]
        for n in range(count):
            os.link(sources[n % len(sources)], calls / f"c{n:06d}.json")
        done = subprocess.run(
            [sys.executable, "-c", script, str(calls), str(work / "out")],
            capture_output=True,
            text=True,
            timeout=1800,
            check=False,
        )
        if done.returncode != 0:
            return {"error": (done.stderr.strip().splitlines() or ["?"])[-1]}
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


COLUMNS = [
    "row",
    "measurement",
    "ours",
    "alternative",
    "ratio",
    "target",
    "result",
    "files/s",
    "words/s",
]


def run(report: Report, quick: bool) -> list[list[str]]:
    from vbformats import batch, frames, metrics

    sizes = QUICK if quick else FULL
    root = folder(report, sizes["files"], sizes["tokens"])
    facts = json.loads((root / ".complete").read_text(encoding="utf-8"))
    paths = sorted(str(p) for p in root.glob("*.json"))
    files, words = facts["files"], facts["words"]
    repeat = 1 if quick else min(report.repeat, 2)
    scratch = Path(tempfile.mkdtemp(prefix="vbf-archive-"))
    rows: list[list[str]] = []

    def row(
        name: str,
        label: str,
        ours: float,
        other: float | None,
        other_label: str,
        limit: float,
        target: str,
    ) -> None:
        ratio = ours / other if other else None
        verdict = report.verdict(
            f"{label}: {target}", ratio, limit, row="A", rate=rate(words, ours)
        )
        rows.append(
            [
                name,
                label,
                seconds(ours),
                f"{seconds(other)} ({other_label})" if other else "—",
                f"{ratio:.2f}×" if ratio is not None else "—",
                target,
                verdict if not quick else "—",
                f"{files / ours:.0f}",
                rate(words, ours),
            ]
        )

    try:
        # A1 / A2: convert --to srt
        times = measure.best_of(
            {
                "ours2": lambda: batch.convert(
                    root, scratch / "o2", "srt", jobs=2, force=True, progress=False
                ),
                "ours1": lambda: batch.convert(
                    root, scratch / "o1", "srt", jobs=1, force=True, progress=False
                ),
                "peer": lambda: peer_convert(paths, str(scratch / "peer"), 2),
            },
            repeat,
        )
        row(
            "A1",
            "convert --to srt, 2 jobs",
            times["ours2"],
            times["peer"],
            _peer_name(),
            0.8,
            "≤ 0.8× hand-written Pool",
        )
        row(
            "A2",
            "convert --to srt, 2 jobs vs 1",
            times["ours2"],
            times["ours1"],
            "1 job",
            1 / 1.7,
            "≥ 1.7× faster (≤ 0.59×)",
        )
        # A3: metrics over the folder vs loading the folder
        times = measure.best_of(
            {
                "many": lambda: metrics.compute_many(root, progress=False),
                "many1": lambda: metrics.compute_many(root, jobs=1, progress=False),
                "load": lambda: _load_each(paths),
            },
            repeat,
        )
        row(
            "A3",
            "metrics.compute_many (2 jobs)",
            times["many"],
            times["load"],
            "vbformats.load of every file",
            1.0,
            "≤ 1.0× loading the folder",
        )
        work = max(times["many1"] - times["load"], 0.0)
        rows.append(
            [
                "A3'",
                "metrics work alone (1 job, minus the load)",
                seconds(work),
                seconds(times["load"]),
                f"{work / times['load']:.2f}×",
                "—",
                "—",
                "—",
                "—",
            ]
        )
        # A4: frames.words, 2 jobs vs serial
        times = measure.best_of(
            {
                "two": lambda: frames.words(root, jobs=2),
                "one": lambda: frames.words(root),
            },
            repeat,
        )
        words_two = times["two"]
        row(
            "A4", "frames.words, 2 jobs", times["two"], times["one"], "serial", 0.7, "≤ 0.7× serial"
        )
        # A5: Dask on a 2-worker LocalCluster vs jobs=2
        from vbformats import dask as vbdask

        if quick:
            import dask

            with dask.config.set(scheduler="sync"):
                started = time.perf_counter()
                vbdask.compute(vbdask.frame(str(root), "words"))
                elapsed = time.perf_counter() - started
            row(
                "A5",
                "dask frame words (quick: local scheduler)",
                elapsed,
                words_two,
                "frames.words 2 jobs",
                1.3,
                "≤ 1.3× 2 jobs",
            )
        else:
            from distributed import Client, LocalCluster

            with (
                LocalCluster(
                    n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
                ) as cluster,
                Client(cluster) as client,
            ):
                client.run(lambda: __import__("vbformats.frames"))  # imports, as a warm cluster has
                times = measure.best_of(
                    {
                        "streamed": lambda: vbdask.compute(vbdask.frame(str(root), "words")),
                        "dask": lambda: vbdask.frame(str(root), "words").compute(),
                        "two": lambda: frames.words(root, jobs=2),
                    },
                    repeat,
                )
            row(
                "A5",
                "Dask path (frame --dask: vbformats.dask.compute), 2-worker LocalCluster",
                times["streamed"],
                times["two"],
                "frames.words 2 jobs",
                1.3,
                "≤ 1.3× 2 jobs",
            )
            ratio = times["dask"] / times["two"]
            rows.append(
                [
                    "A5'",
                    "the same frame's own .compute() (one-partition concat on a worker first)",
                    seconds(times["dask"]),
                    f"{seconds(times['two'])} (frames.words 2 jobs)",
                    f"{ratio:.2f}×",
                    "—",
                    "—",
                    f"{files / times['dask']:.0f}",
                    rate(words, times["dask"]),
                ]
            )
        # A6: peak memory, flat over 10x the files
        if report.memory:
            small, large = sizes["memory"]
            tiny = folder(report, 40, 300)
            low, high = _memory_child(small, str(tiny)), _memory_child(large, str(tiny))
            if "error" in low or "error" in high:
                report.verdict(
                    "peak memory flat over 10× the files",
                    None,
                    1.25,
                    str(low.get("error") or high.get("error")),
                    row="A",
                )
            else:
                a = low["parent"] + low["worker"]
                b = high["parent"] + high["worker"]
                verdict = report.verdict(
                    f"peak memory: {large:,} files ≤ 1.25× {small:,} files", b / a, 1.25, row="A"
                )
                rows.append(
                    [
                        "A6",
                        f"peak memory, convert {large:,} vs {small:,} files (parent + worker)",
                        f"{b / measure.MB:.0f} MB (parent {high['parent'] / measure.MB:.0f})",
                        f"{a / measure.MB:.0f} MB (parent {low['parent'] / measure.MB:.0f})",
                        f"{b / a:.2f}×",
                        "≤ 1.25× (flat)",
                        verdict if not quick else "—",
                        "—",
                        "—",
                    ]
                )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    report.add(
        f"{files:,} calls, {words:,} speech words ({words // max(files, 1):,} per call; stereo, "
        f"mono and RingCentral in turn), {os.cpu_count()} CPUs; best of {repeat}.",
        "",
    )
    return rows
