"""Row 6 of issue #17: start-up, measured as whole processes.

* ``vbformats convert CALL --to srt`` of a 3,000-word call against ``python hand_srt.py CALL``,
  a one-file ``orjson`` + hand-loop script (:func:`benchmarks.peers.script_source`, the very
  loop of row 1, written for the variant's vendor): target ≤ 3×, every variant;
* ``vbformats --version`` against ``python -c "import json"``: target ≤ 2×;
* context: ``python -c "import vbformats"``.

Both sides are started the same way (``subprocess.run``, output to ``/dev/null``), with the
interpreter this run uses; the ``vbformats`` command is the console script installed beside it
(else ``python -m vbformats.cli``). Best of N whole processes in alternating rounds (N = 2 ×
``--repeat``, at least 10; quick: one round, one variant).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from benchmarks import generate, measure, peers
from benchmarks.common import Report, rate, ratio_text, seconds

SECTION = "6. Start-up: whole processes (convert ≤ 3× a one-file script; --version ≤ 2×)"
ORDER = 60
CONVERT_LIMIT = 3.0
VERSION_LIMIT = 2.0


def vbformats_command() -> list[str]:
    """How a user starts ``vbformats`` with this interpreter."""
    script = Path(sys.executable).with_name("vbformats")
    return [str(script)] if script.exists() else [sys.executable, "-m", "vbformats.cli"]


def _script(report: Report, variant: str) -> str:
    vendor = generate.variant(variant).vendor
    chars = peers.chars_for(variant)
    folder = Path(report.input(variant, "warm")).parent
    path = folder / f"hand_srt_{vendor}_{chars}.py"
    source = peers.script_source(vendor, chars)
    if not path.exists() or path.read_text(encoding="utf-8") != source:
        path.write_text(source, encoding="utf-8")
    return str(path)


def run(report: Report, quick: bool) -> None:
    # both sides start from cached bytecode, as an installed package does: with
    # PYTHONDONTWRITEBYTECODE set (some sandboxes set it) every start would compile our
    # modules again, which no user pays
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    rounds = 1 if quick else max(10, 2 * report.repeat)
    command = vbformats_command()
    absent = peers.peer_missing("hand:srt")
    rows: list[list[str]] = []
    for variant in ("default",) if quick else generate.MAIN_VARIANTS:
        path = report.input(variant, "startup")
        facts = report.facts(path)
        commands = {"ours": [*command, "convert", path, "--to", "srt"]}
        if not absent:
            commands["peer"] = [sys.executable, _script(report, variant), path]
        times = measure.best_of_processes(commands, rounds)
        mine, theirs = times["ours"], times.get("peer")
        ratio = mine / theirs if theirs is not None else None
        words_rate = rate(facts["words"], mine)
        verdict = report.verdict(
            f"{variant} start-up: `vbformats convert` of {facts['words']:,} words ≤ "
            f"{CONVERT_LIMIT}× a one-file orjson + hand-loop script",
            ratio,
            CONVERT_LIMIT,
            f"skipped (not installed: {absent})" if absent else "",
            row="6",
            rate=words_rate,
        )
        rows.append(
            [
                f"`{variant}`",
                f"{facts['words']:,}",
                seconds(mine),
                seconds(theirs) if theirs is not None else f"skipped (not installed: {absent})",
                ratio_text(ratio),
                f"≤ {CONVERT_LIMIT}×",
                verdict,
                words_rate,
            ]
        )
    report.add(f"Best of {rounds} whole processes, alternating; `{' '.join(command)}`.", "")
    report.table(
        [
            "variant",
            "speech words",
            "vbformats convert --to srt",
            "python hand_srt.py",
            "ratio",
            "target",
            "result",
            "words/s (ours)",
        ],
        rows,
    )
    times = measure.best_of_processes(
        {
            "version": [*command, "--version"],
            "json": [sys.executable, "-c", "import json"],
            "import": [sys.executable, "-c", "import vbformats"],
        },
        1 if quick else 2 * rounds,
    )
    ratio = times["version"] / times["json"]
    verdict = report.verdict(
        f'start-up: `vbformats --version` ≤ {VERSION_LIMIT}× `python -c "import json"`',
        ratio,
        VERSION_LIMIT,
        row="6",
    )
    report.table(
        ["process", "best time", 'vs python -c "import json"', "target", "result"],
        [
            [
                "`vbformats --version`",
                seconds(times["version"]),
                ratio_text(ratio),
                f"≤ {VERSION_LIMIT}×",
                verdict,
            ],
            ['`python -c "import json"`', seconds(times["json"]), "1.00×", "—", "—"],
            [
                '`python -c "import vbformats"` (context)',
                seconds(times["import"]),
                ratio_text(times["import"] / times["json"]),
                "—",
                "—",
            ],
        ],
    )
