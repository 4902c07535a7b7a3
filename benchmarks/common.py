"""What every benchmark section shares: the :class:`Report` it writes to, and number formats.

A section (``benchmarks/bench_*.py``, see :mod:`benchmarks.run`) receives the report, asks it for
its inputs (:meth:`Report.input`: a generated variant at a size), measures, and writes Markdown
lines, tables and verdicts back. Sizes are named, so a section reads the same in the full and
the quick run: ``small`` / ``main`` / ``large`` are 10,000 / 100,000 / 1,000,000 tokens (quick:
200 / 2,000 / 20,000), ``startup`` a 3,000-word call (quick: 500 tokens), ``warm`` the small
file of each variant that warms imports and caches before a measurement.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import generate, measure

FULL_SIZES = {
    "small": 10_000,
    "main": 100_000,
    "large": 1_000_000,
    "startup": 3_600,
    "warm": 300,
}
QUICK_SIZES = {"small": 200, "main": 2_000, "large": 20_000, "startup": 500, "warm": 300}


@dataclass
class Verdict:
    """One target: which row of the issue (``"1"`` ... ``"8"``), what, the measured value."""

    row: str
    target: str
    measured: str
    rate: str
    result: str  # PASS, FAIL, or why it was not measured


class Report:
    """Collects Markdown lines and target verdicts; knows the run's settings and inputs.

    Attributes a section reads: ``quick`` (tiny inputs, one round), ``repeat`` (rounds per
    comparison), ``seed``, ``data`` (the input folder, ``None`` = ``benchmarks/data``),
    ``memory`` (``False`` with ``--no-memory``: skip the subprocess peak measurements),
    ``sizes`` (see the module docstring) and ``status`` (:func:`benchmarks.ours.availability`:
    ``None`` per capability that works, else why not).
    """

    def __init__(
        self,
        quick: bool,
        repeat: int | None = None,
        seed: int = generate.DEFAULT_SEED,
        data: Path | None = None,
        memory: bool = True,
    ) -> None:
        self.lines: list[str] = []
        self.verdicts: list[Verdict] = []
        self.quick = quick
        self.repeat = repeat or (1 if quick else 5)
        self.seed = seed
        self.data = data
        self.memory = memory
        self.sizes = dict(QUICK_SIZES if quick else FULL_SIZES)
        self.status: dict[str, str | None] = {}

    # --- inputs ---------------------------------------------------------------------------

    def input(self, variant: str, size: str | int) -> str:
        """Path of ``variant`` at a named size (or a token count), generated if needed."""
        tokens = self.sizes[size] if isinstance(size, str) else size
        return str(generate.ensure_variant(variant, tokens, self.seed, self.data))

    def warm(self, variant: str) -> str:
        """The small file of ``variant`` used to warm imports and caches."""
        return self.input(variant, "warm")

    @staticmethod
    def facts(path: str) -> dict[str, Any]:
        """Tokens, speech words, turns, speakers and bytes of a generated input."""
        return generate.meta(path)

    # --- output ---------------------------------------------------------------------------

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        self.add("| " + " | ".join(header) + " |", "|" + "---|" * len(header))
        self.add(*("| " + " | ".join(row) + " |" for row in rows))
        self.add("")

    def verdict(
        self,
        target: str,
        ratio: float | None,
        limit: float,
        why: str = "",
        *,
        row: str = "",
        rate: str = "—",
    ) -> str:
        """Record one target; returns ``PASS``/``FAIL`` (or ``why`` when nothing was measured).

        ``ratio`` is ours over the yardstick; the target holds when ``ratio <= limit``.
        """
        if ratio is None:
            result = why or "not available"
            self.verdicts.append(Verdict(row, target, "—", rate, result))
            return result
        result = "PASS" if ratio <= limit else "FAIL"
        self.verdicts.append(Verdict(row, target, f"{ratio:.2f}×", rate, result))
        return result

    def check(self, row: str, target: str, passed: bool, measured: str) -> str:
        """Record a yes/no target (an exact round trip, for example)."""
        result = "PASS" if passed else "FAIL"
        self.verdicts.append(Verdict(row, target, measured, "—", result))
        return result

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


# --- number formats -------------------------------------------------------------------------


def seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


def megabytes(report: dict[str, Any] | None) -> str:
    if report is None:
        return "—"
    if "error" in report:
        return str(report["error"]) if report.get("skipped") else "error"
    return f"{report['peak_bytes'] / measure.MB:.0f} MB"


def rate(words: int, elapsed: float | None) -> str:
    """Words per second, short: ``1.23 M`` / ``456 k``."""
    if not elapsed or elapsed == float("inf"):
        return "—"
    per_second = words / elapsed
    if per_second >= 1e6:
        return f"{per_second / 1e6:.2f} M"
    return f"{per_second / 1e3:.0f} k"


def ratio_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def peak(task: str, path: str, warm: str) -> dict[str, Any]:
    """Peak memory of one task in a fresh process, or why it was not measured."""
    from benchmarks import peers

    absent = None
    if task.startswith("peer:"):
        absent = peers.peer_missing(task.split(":", 2)[2])
    elif not task.startswith("vbformats:"):
        absent = peers.missing(task)
    if absent:
        return {"task": task, "error": f"skipped (not installed: {absent})", "skipped": True}
    return measure.peak_memory(task, path, warm)


def peak_ratio(ours: dict[str, Any] | None, base: dict[str, Any] | None) -> float | None:
    if not ours or not base or "error" in ours or "error" in base or not base["peak_bytes"]:
        return None
    return float(ours["peak_bytes"]) / float(base["peak_bytes"])


def peak_why(ours: dict[str, Any] | None, base: dict[str, Any] | None) -> str:
    """Why a peak ratio is missing (the yardstick's reason first)."""
    for entry, suffix in ((base, " (the yardstick)"), (ours, "")):
        if entry is not None and "error" in entry:
            return str(entry["error"]) + suffix
    return "not available"
