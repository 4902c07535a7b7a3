"""Run the whole benchmark suite and print one Markdown report (issues #6, #17).

    python -m benchmarks.run                    # full run (about 20 minutes on 2 cores)
    python -m benchmarks.run --quick            # tiny inputs, every measurement once (the tests)
    python -m benchmarks.run --only captions,startup --repeat 3
    python benchmarks/run.py --output benchmarks/out/latest.md --check

Inputs are generated (``benchmarks/generate.py``: the variants of issue #17, deterministic,
cached in ``benchmarks/data/``); every ratio is measured against what a user would do instead,
run in the same process in alternating rounds (``benchmarks/measure.py``; whole processes and
peak memory in fresh subprocesses). ``--check`` exits 1 when a target fails (not in
``--quick``, whose inputs are too small for ratios to mean anything); any mode exits 1 when a
section crashes.

Sections
--------
Every ``benchmarks/bench_<name>.py`` is a section, found by its file name: adding a file is all
it takes (no list to edit, so parallel branches never conflict here). Two kinds:

* **in-process** — the module defines::

      SECTION = "6. Start-up: whole processes"   # its heading (printed as ``### SECTION``)
      ORDER = 60                                 # position in the report (default 100)

      def run(report: Report, quick: bool) -> list[list[str]] | None: ...

  ``run`` measures and writes through ``report`` (:class:`benchmarks.common.Report`):
  ``report.input(variant, "main")`` gives an input path (sizes ``small``/``main``/``large``/
  ``startup``/``warm``, smaller in quick mode), ``report.repeat`` the rounds per comparison,
  ``report.memory`` whether peak-memory runs are wanted; ``report.add(*lines)`` and
  ``report.table(header, rows)`` print, and ``report.verdict(target, ratio, limit, row="6",
  rate=...)`` records a target (PASS when ``ratio <= limit``) for the summary and ``--check``.
  Instead of printing a table itself, ``run`` may return its rows: they are printed under the
  module's ``COLUMNS`` (a list of header cells). ``quick`` is ``report.quick``: keep that path
  to a second or two (the test suite runs it), measuring once on the tiny inputs.
* **script** — a module without ``SECTION`` but with ``main(argv)``: run as ``python -m
  benchmarks.bench_<name>`` (``--quick`` added in quick mode) in a subprocess; its Markdown
  stdout is included with headings one level down (``bench_frames.py``, ``bench_metrics.py``).
  Default order 900.

``--only`` / ``--skip`` take section names (the part after ``bench_``); ``--no-helpers`` skips
the script sections, ``--no-memory`` the peak-memory subprocesses.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import os
import platform
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import generate, measure, ours
from benchmarks.common import Report

HERE = Path(__file__).resolve().parent
PACKAGES = (
    "vbformats",
    "msgspec",
    "pydantic",
    "orjson",
    "srt",
    "pysrt",
    "pysubs2",
    "webvtt-py",
    "pycaption",
    "deepgram-captions",
    "pandas",
)

__all__ = ["Report", "Section", "main", "sections"]


@dataclass
class Section:
    name: str  # "captions" for bench_captions.py
    module: ModuleType
    order: int
    title: str | None  # None: a script section

    @property
    def script(self) -> bool:
        return self.title is None


def sections() -> list[Section]:
    """Every ``bench_*.py`` section, in report order (``ORDER``, then name)."""
    found = []
    for file in sorted(HERE.glob("bench_*.py")):
        module = importlib.import_module(f"benchmarks.{file.stem}")
        title = getattr(module, "SECTION", None)
        if title is None and not hasattr(module, "main"):
            continue  # a helper module, not a section
        order = getattr(module, "ORDER", 100 if title is not None else 900)
        found.append(Section(file.stem.removeprefix("bench_"), module, order, title))
    return sorted(found, key=lambda s: (s.order, s.name))


def machine() -> list[str]:
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        cpu = platform.processor() or "unknown"
    ram = "unknown"
    try:
        with open("/proc/meminfo", encoding="utf-8") as handle:
            kib = int(handle.readline().split()[1])
            ram = f"{kib / 1024**2:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    try:
        load = "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg()) + " at the start"
    except OSError:
        load = "load average unknown"
    return [
        f"- machine: {os.cpu_count()} CPUs (`nproc`), {cpu}, {ram} RAM, "
        f"{platform.system()} {platform.release()}; {load}",
        f"- Python {platform.python_version()}; " + ", ".join(versions),
    ]


def _variants_table(report: Report) -> None:
    report.add("### Inputs", "")
    rows = []
    size = report.sizes["main"]
    from benchmarks.bench_speakers import TOKENS_PER_SPEAKER, speakers

    crowd = speakers(report, "main")
    inputs = [(name, size) for name in (*generate.MAIN_VARIANTS, "mix-ascii", "ringcentral-vb")]
    inputs += [(name, crowd * TOKENS_PER_SPEAKER) for name in ("crowd2", f"crowd{crowd}")]
    for name, tokens in inputs:
        facts = report.facts(report.input(name, tokens))
        rows.append(
            [
                f"`{name}`",
                generate.variant(name).about,
                f"{facts['tokens']:,}",
                f"{facts['words']:,}",
                f"{facts['turns']:,}",
                f"{facts['speakers']:,}",
                f"{facts['bytes'] / 1e6:.1f} MB",
            ]
        )
    report.add(
        f"`benchmarks/generate.py` seed {report.seed}; sizes: small {report.sizes['small']:,}, "
        f"main {size:,}, large {report.sizes['large']:,} tokens (RingCentral: words); facts "
        f"at the main size (crowds: at the size of row 8):",
        "",
    )
    report.table(["variant", "shape", "tokens", "speech words", "turns", "speakers", "file"], rows)


def _run_section(report: Report, section: Section) -> None:
    if section.script:
        _run_script(report, section)
        return
    report.add(f"### {section.title}", "")
    started = time.perf_counter()
    rows = section.module.run(report, report.quick)
    if rows is not None:
        report.table(list(section.module.COLUMNS), rows)
    report.add(f"_{time.perf_counter() - started:.0f} s_", "")


def _run_script(report: Report, section: Section) -> None:
    name = section.module.__name__
    report.add(f"### {name.rsplit('.', 1)[-1]}.py", "")
    command = [sys.executable, "-m", name] + (["--quick"] if report.quick else [])
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=1800, cwd=HERE.parent, check=False
        )
    except subprocess.TimeoutExpired:
        report.add("timed out after 30 minutes", "")
        return
    if done.returncode != 0 and not done.stdout.strip():
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        report.add(f"failed (exit {done.returncode}): `{last}`", "")
        return
    if done.returncode != 0:  # a script that exits 1 on its own failed target still reports
        report.add(f"(the script exited {done.returncode})", "")
    lines = [
        "#### " + line.lstrip("#").strip() if line.startswith("#") else line
        for line in done.stdout.strip().splitlines()
    ]
    report.add(*lines, "")


def _summary(report: Report) -> None:
    report.add("### Targets", "")
    rows: dict[str, list[int]] = {}
    for v in report.verdicts:
        counts = rows.setdefault(v.row or "—", [0, 0, 0])
        counts[0 if v.result == "PASS" else 1 if v.result == "FAIL" else 2] += 1
    report.add(
        "; ".join(
            f"row {row}: {p} PASS, {f} FAIL" + (f", {o} not measured" if o else "")
            for row, (p, f, o) in rows.items()
        ),
        "",
    )
    report.table(
        ["row", "target", "measured", "words/s", "result"],
        [[v.row, v.target, v.measured, v.rate, v.result] for v in report.verdicts],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="tiny inputs, every measurement once (checks that the suite runs)",
    )
    parser.add_argument("--repeat", type=int, help="rounds per comparison (default 5; quick 1)")
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--data", type=Path, help="folder for generated inputs")
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    parser.add_argument("--no-memory", action="store_true", help="skip the subprocess memory runs")
    parser.add_argument(
        "--no-helpers", action="store_true", help="skip the script sections (bench_frames...)"
    )
    parser.add_argument("--only", help="comma-separated section names (e.g. captions,startup)")
    parser.add_argument("--skip", help="comma-separated section names to leave out")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a target fails (ignored with --quick)"
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    measure.COLLECT = not args.quick
    report = Report(args.quick, args.repeat, args.seed, args.data, not args.no_memory)
    all_sections = sections()
    known = {s.name for s in all_sections}
    only = set(args.only.split(",")) if args.only else None
    skip = set(args.skip.split(",")) if args.skip else set()
    unknown = ((only or set()) | skip) - known
    if unknown:
        parser.error(f"unknown section(s) {', '.join(sorted(unknown))}; known: {sorted(known)}")
    chosen = [
        s
        for s in all_sections
        if (only is None or s.name in only)
        and s.name not in skip
        and not (args.no_helpers and s.script)
    ]

    report.status = ours.availability(report.warm("default"))
    report.add(
        "## Benchmark results"
        + (" (quick mode: tiny inputs, ratios mean nothing)" if args.quick else ""),
        "",
    )
    report.add(*machine())
    report.add(
        f"- `python -m benchmarks.run{' --quick' if args.quick else ''}"
        f"{f' --repeat {args.repeat}' if args.repeat else ''}"
        f"{f' --only {args.only}' if args.only else ''}`: best of {report.repeat} "
        "alternating rounds unless a row says otherwise; sections: "
        + ", ".join(s.name for s in chosen)
    )
    for key, why in report.status.items():
        if why:
            report.add(f"- not available in vbformats: `{key}` ({why})")
    report.add("")
    _variants_table(report)
    crashed = False
    for section in chosen:
        begun = time.perf_counter()
        print(f"[benchmarks] {section.name} ...", file=sys.stderr, flush=True)
        try:
            _run_section(report, section)
        except Exception as error:  # one broken section must not lose the others' numbers
            crashed = True
            where = traceback.extract_tb(error.__traceback__)[-1]
            report.add(
                f"**section {section.name} crashed**: `{type(error).__name__}: {error}` "
                f"({Path(where.filename).name}:{where.lineno})",
                "",
            )
            report.check("—", f"section {section.name} runs", False, "crashed")
        print(
            f"[benchmarks] {section.name}: {time.perf_counter() - begun:.0f} s",
            file=sys.stderr,
            flush=True,
        )
    _summary(report)
    try:
        end_load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        end_load = "unknown"
    report.add(
        f"_{time.perf_counter() - started:.0f} s for the whole run; load average {end_load} at "
        "the end._"
    )
    text = report.text()
    print(text, end="")
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    failed = any(v.result == "FAIL" for v in report.verdicts)
    return 1 if crashed or (args.check and failed and not args.quick) else 0


if __name__ == "__main__":
    raise SystemExit(main())
