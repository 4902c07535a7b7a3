"""The words DataFrame of a 100,000-word call against the floor a user would write by hand.

    python -m benchmarks.bench_frames            # 100,000 tokens, best of 5
    python -m benchmarks.bench_frames --quick    # 2,000 tokens, once (what the tests run)
    python benchmarks/bench_frames.py --words 1000000 --repeat 3

The floor is ``orjson.loads(data)`` + ``pandas.DataFrame(doc["transcript"]["words"])``: one
object-dtype frame of the raw dicts, no speakers, no roles, no flags, no nullable dtypes. We
time ``vbformats.load(data)`` + ``vbformats.frames.words(media)`` (the documented table: speaker,
role, kind flags, dominant pitch...) and print both with their ratio as a Markdown table. The
input is generated here, deterministically (fixed seed): a stereo call whose channels alternate
turn by turn, every speech word with ``p``, ``c``, ``v`` and a 2-3 peak ``frq``, punctuation
tokens after some words. Without orjson (it is in the ``bench`` extra) the floor uses the
standard ``json`` module and says so.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import random
import sys
import time
from collections.abc import Callable
from typing import Any

_VOCABULARY = tuple(
    " ".join(
        (
            "the a to and I you it is that of for on my we can your this with have be not do what",
            "internet router bill account modem signal refund charge technician evening week",
            "restart light blinking today tomorrow window appointment number card payment okay",
            "yes right sure thanks please sorry again check line service plan upgrade speed outage",
        )
    ).split(" ")
)


def make_call(tokens: int, seed: int = 11) -> bytes:
    """A VoiceBase v3 stereo callback with exactly ``tokens`` entries in ``transcript.words``.

    Deterministic: the same ``tokens`` and ``seed`` give the same bytes.
    """
    rng = random.Random(seed)
    words: list[dict[str, Any]] = []
    clock = 0
    position = 1
    speaker = "Caller"
    while len(words) < tokens:
        speaker = "Agent" if speaker == "Caller" else "Caller"
        # the reply starts up to 400 ms before the previous turn ends (overtalk)
        clock = max(0, clock - rng.randint(0, 400))
        words.append({"p": position, "s": clock, "e": clock, "w": speaker, "m": "turn"})
        position += 1
        for _ in range(rng.randint(3, 40)):
            if len(words) >= tokens:
                break
            start = clock + rng.randint(0, 120)
            end = start + rng.randint(80, 700)
            base = 190.0 if speaker == "Agent" else 130.0
            pitch = round(base + rng.uniform(-40, 40), 3)
            peaks = [
                {"e": 1.0, "f": pitch},
                {"e": round(rng.random(), 3), "f": round(pitch * 2, 3)},
            ]
            if rng.random() < 0.3:
                peaks.append({"e": round(rng.random() / 2, 3), "f": round(pitch * 3, 3)})
            words.append(
                {
                    "p": position,
                    "c": round(rng.uniform(0.4, 1.0), 3),
                    "s": start,
                    "e": end,
                    "w": rng.choice(_VOCABULARY),
                    "v": round(rng.uniform(1.0, 15.0), 3),
                    "frq": peaks,
                }
            )
            position += 1
            clock = end
            if rng.random() < 0.12 and len(words) < tokens:
                words.append(
                    {"p": position, "s": end, "e": end, "w": rng.choice(".,?"), "m": "punc"}
                )
                position += 1
    doc = {
        "mediaId": f"bench-{tokens}-{seed}",
        "status": "finished",
        "length": clock + 1000,
        "transcript": {"words": words},
    }
    return json.dumps(doc, separators=(",", ":")).encode()


def _best(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Best wall time in seconds over ``repeat`` runs.

    The garbage collector is collected before each run and left **on** during it: a user's
    process has it on, and per-row objects (the floor's dicts) pay for it.
    """
    best = float("inf")
    result: Any = None
    for _ in range(repeat):
        result = None
        gc.collect()
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best, result


def run(tokens: int, repeat: int) -> str:
    """Measure and return the Markdown report."""
    import pandas as pd

    import vbformats
    from vbformats import frames

    try:
        import orjson

        floor_loads: Callable[[bytes], Any] = orjson.loads
        floor_name = "orjson.loads + pd.DataFrame(words)"
    except ImportError:  # orjson lives in the bench extra
        floor_loads = json.loads
        floor_name = "json.loads + pd.DataFrame(words) (orjson not installed)"

    data = make_call(tokens)

    def floor() -> Any:
        return pd.DataFrame(floor_loads(data)["transcript"]["words"])

    def load() -> Any:
        return vbformats.load(data)

    # warm up imports and caches once, outside the timings
    frames.words(vbformats.load(make_call(200)))
    floor_s, floor_frame = _best(floor, repeat)
    load_s, _ = _best(load, repeat)
    # a fresh Media each round, so the table's cached columns are built inside the timing
    medias = [vbformats.load(data) for _ in range(repeat)]
    table_s, table = _best(lambda: frames.words(medias.pop()), repeat)
    total_s = load_s + table_s
    assert len(table) == len(floor_frame) == tokens

    def row(name: str, seconds: float) -> str:
        return f"| {name} | {seconds * 1000:,.1f} | {seconds / floor_s:.2f} |"

    lines = [
        f"words table, {tokens:,} tokens ({len(data) / 1e6:.1f} MB), best of {repeat}; "
        f"Python {platform.python_version()}, pandas {pd.__version__}",
        "",
        "| step | ms | × floor |",
        "|---|---:|---:|",
        row(f"floor: {floor_name}", floor_s),
        row("vbformats.load", load_s),
        row("frames.words(media)", table_s),
        row("**vbformats.load + frames.words**", total_s),
        "",
        f"ratio (vbformats total / floor): {total_s / floor_s:.2f}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line entry: prints the Markdown report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="2,000 tokens, one run")
    parser.add_argument("--words", type=int, help="tokens in the generated call (default 100,000)")
    parser.add_argument("--repeat", type=int, help="runs per measurement, best kept (default 5)")
    args = parser.parse_args(argv)
    tokens = args.words or (2_000 if args.quick else 100_000)
    repeat = args.repeat or (1 if args.quick else 5)
    print(run(tokens, repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
