"""The redaction benchmark's generator plants what it says, and its counts add up."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `pytest` run without `python -m`: make benchmarks importable
    sys.path.insert(0, str(ROOT))

from benchmarks import bench_redaction  # noqa: E402
from benchmarks.bench_redaction import CLASSES, NEAR_MISSES, generate_call  # noqa: E402


def _luhn(digits: str) -> bool:
    total = sum(
        int(d) if i % 2 == 0 else (2 * int(d) - 9 if int(d) > 4 else 2 * int(d))
        for i, d in enumerate(reversed(digits))
    )
    return total % 10 == 0


def test_planted_items_are_what_their_kind_says():
    units = {
        w: str(i)
        for i, w in enumerate(
            ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
        )
    }
    units["oh"] = "0"
    kinds = set()
    for seed in range(30):
        doc, spans = generate_call(seed)
        words = [w["w"] for w in doc["transcript"]["words"]]
        assert doc["transcript"]["words"][0]["m"] == "turn"
        for kind, first, last in spans:
            kinds.add(kind)
            tokens = words[first : last + 1]
            assert "turn" not in {w.get("m") for w in doc["transcript"]["words"][first : last + 1]}
            if kind == "card":
                digits = "".join(units.get(t, "".join(c for c in t if c.isdigit())) for t in tokens)
                card = digits[:16]
                assert card.startswith("4") and _luhn(card), tokens
    assert set(CLASSES) | {f"near:{k}" for k in NEAR_MISSES} == kinds


def test_the_counts_add_up():
    result = bench_redaction.measure_calls(6)
    for label in bench_redaction.LABELS:
        assert result["fn"][label] <= result["items"][label]
    tp, fp, fn = result["words"]
    assert tp + fn > 0 and tp >= 0 and fp >= 0
