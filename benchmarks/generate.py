"""Deterministic generator of large VoiceBase v3 stereo callbacks for the benchmarks.

The shape is the one that makes real callbacks hard to convert quickly and correctly:

* ``transcript.words`` lists a whole turn of one channel (a ``turn`` marker whose ``w`` is the
  speaker, then its words) and then a turn of the other channel, so the array is **not** in time
  order: a reply often starts before the previous turn ends (overlap), and short backchannels
  ("yeah", "uh-huh") of the other channel sit in time *inside* the turn they follow;
* punctuation tokens (``m: "punc"``) carry the end time of the word they follow;
* every speech word has voice features: ``v`` (volume) and a 2-3 entry ``frq`` (pitch peaks, the
  dominant one with energy ``1``), plus ``p`` (position) and ``c`` (confidence);
* a few small sections (keywords, a metric group) and keys no version of the API documents
  (``x-benchmark``, ``transcript.engineRevision``) so the loader's keep-everything path runs.

The words, names and numbers are ours (a vocabulary written for this file); the same ``seed`` and
size always give byte-identical output. Sizes count *tokens* of ``transcript.words`` (markers,
words and punctuation), which is what every reader iterates over.

That is the ``default`` variant, kept byte for byte so numbers measured on it stay comparable
across versions. The other variants (issue #17: short turns, many speakers, every script, mono,
RingCentral) come from :mod:`benchmarks.shapes`; :data:`VARIANTS` names them and
:func:`ensure_variant` writes one (cached in ``benchmarks/data/`` with a ``.meta.json`` beside
it: tokens, speech words, turns, speakers).

Usage::

    python -m benchmarks.generate 100000              # the default variant, 100,000 tokens
    python -m benchmarks.generate 10000 --seed 3 --out /tmp/x.json
    python -m benchmarks.generate 100000 --variant cjk --variant ringcentral
    python -m benchmarks.generate --list              # the variants and what each one is
"""

from __future__ import annotations

import argparse
import json
import os
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import shapes
from benchmarks.shapes import Shape
from benchmarks.vocabulary import ASCII_BACKCHANNELS, ASCII_WORDS

DATA_DIR = Path(__file__).resolve().parent / "data"

#: Bump when the output changes, so cached files in ``benchmarks/data`` are regenerated.
GENERATOR_VERSION = 2

DEFAULT_SEED = 7

_VOCABULARY = ASCII_WORDS
_BACKCHANNELS = ASCII_BACKCHANNELS
_SPEAKERS = ("Agent", "Caller")


def _number(value: float) -> str:
    """Three decimals, trailing zeros trimmed the way JSON encoders print floats."""
    text = f"{value:.3f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


class _Writer:
    """Accumulates the words array as JSON text (string building is ~10× faster than json.dumps
    of a list of dicts at 1M tokens, and the text is what we want on disk anyway)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.parts: list[str] = []
        self.count = 0

    def marker(self, speaker: str, start: int, end: int) -> None:
        self.parts.append(
            f'{{"p":{self.count},"c":1.0,"s":{start},"e":{end},"w":"{speaker}","m":"turn"}}'
        )
        self.count += 1

    def word(self, text: str, start: int, end: int) -> None:
        rng = self.rng
        base = rng.uniform(95.0, 260.0)
        peaks = [f'{{"e":1,"f":{_number(base)}}}']
        for _ in range(rng.randint(1, 2)):
            base *= rng.uniform(1.7, 2.3)
            peaks.append(f'{{"e":{_number(rng.uniform(0.05, 0.95))},"f":{_number(base)}}}')
        self.parts.append(
            f'{{"p":{self.count},"c":{_number(rng.uniform(0.35, 1.0))},"s":{start},"e":{end},'
            f'"w":"{text}","v":{_number(rng.uniform(2.0, 30.0))},"frq":[{",".join(peaks)}]}}'
        )
        self.count += 1

    def punctuation(self, mark: str, at: int) -> None:
        self.parts.append(f'{{"p":{self.count},"c":1.0,"s":{at},"e":{at},"w":"{mark}","m":"punc"}}')
        self.count += 1


def _turn(out: _Writer, speaker: str, start: int, budget: int) -> int:
    """Write one turn (marker, sentences) starting at ``start`` ms; return its end in ms."""
    rng = out.rng
    words: list[tuple[str, int, int]] = []  # text, start, end ("" text = punctuation)
    clock = start
    for _ in range(rng.randint(1, 4)):
        length = rng.randint(3, 16)
        for index in range(length):
            duration = rng.randint(120, 520)
            words.append((rng.choice(_VOCABULARY), clock, clock + duration))
            clock += duration + rng.choice((0, 0, 10, 30, 60, 120))
            if index == length // 2 and length > 8 and rng.random() < 0.4:
                words.append((",", clock, clock))
        words.append(("?" if rng.random() < 0.2 else ".", clock, clock))
        clock += rng.randint(150, 700)
        if out.count + len(words) + 1 >= budget:
            break
    first = words[0]
    out.marker(speaker, first[1], first[2])
    last_end = start
    for text, word_start, word_end in words:
        if text in (",", ".", "?"):
            out.punctuation(text, last_end)
        else:
            out.word(text, word_start, word_end)
            last_end = word_end
    return last_end


def generate_text(tokens: int, seed: int = DEFAULT_SEED) -> str:
    """A stereo callback whose ``transcript.words`` has about ``tokens`` tokens (never fewer
    than ``tokens``, at most one turn more), as compact JSON text."""
    rng = random.Random(f"vbformats-bench-{seed}")
    out = _Writer(rng)
    clock = rng.randint(200, 900)
    speaker = 0
    while out.count < tokens:
        end = _turn(out, _SPEAKERS[speaker], clock, tokens)
        if rng.random() < 0.12 and out.count < tokens:
            # backchannel of the other channel inside the turn just written: array order is
            # now far from time order, as in real stereo callbacks
            inside = rng.randint(clock, max(clock, end - 400))
            out.marker(_SPEAKERS[1 - speaker], inside, inside + 300)
            out.word(rng.choice(_BACKCHANNELS), inside, inside + 300)
        speaker = 1 - speaker
        # the reply overlaps the end of this turn (negative gap) or follows a pause
        clock = max(0, end + rng.randint(-900, 1500))
    length = clock + 1000
    words = ",\n".join(out.parts)
    return (
        "{"
        f'"mediaId":"bench-{tokens}-{seed}","status":"finished",'
        '"dateCreated":"2024-03-01T10:00:00Z","dateFinished":"2024-03-01T10:05:00Z",'
        f'"mediaContentType":"audio/x-wav","length":{length},'
        '"metadata":{"extended":{"callId":"c-1","queue":"billing"}},'
        '"x-benchmark":{"generator":' + str(GENERATOR_VERSION) + ',"seed":' + str(seed) + "},"
        '"knowledge":{"keywords":[{"keyword":"billing","relevance":"0.91","mentions":'
        '[{"speakerName":"Caller","occurrences":[{"s":1200,"e":1800,"exact":"billing"}]}]}],'
        '"topics":[]},'
        '"metrics":[{"metricGroupName":"overtalk","metrics":[{"metricName":"overtalk-ratio",'
        '"metricValue":0.04}]}],'
        '"transcript":{"confidence":0.87,"engineRevision":"bench",'
        f'"words":[\n{words}\n]}}}}\n'
    )


def data_path(tokens: int, seed: int = DEFAULT_SEED, folder: Path | None = None) -> Path:
    """Where the file for ``tokens``/``seed`` lives (the generator version is in the name)."""
    return (folder or DATA_DIR) / f"stereo_{tokens}_s{seed}_v{GENERATOR_VERSION}.json"


def ensure(tokens: int, seed: int = DEFAULT_SEED, folder: Path | None = None) -> Path:
    """Generate the file unless it is already there; return its path (written atomically)."""
    path = data_path(tokens, seed, folder)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".tmp{os.getpid()}")
        temporary.write_text(generate_text(tokens, seed), encoding="utf-8")
        os.replace(temporary, path)
    return path


# --- variants (issue #17) ---------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """A named input shape. ``shape`` is ``None`` for the original generator."""

    name: str
    about: str
    shape: Shape | None = None
    twin: str | None = None  # the variant with the same words spelled in ASCII
    vendor_twin: str | None = None  # the same words from the other vendor

    @property
    def vendor(self) -> str:
        return "voicebase" if self.shape is None else self.shape.vendor


_SHORT = "short turns (1-40 words), labels `Alice` and `Alice: `, 3 % zero-length words"
_CROWD = (
    "stereo, turns of 1-3 words and one in ten of 20-40 words, {n} speakers (the same words for "
    "every count); size = 8 tokens per speaker"
)


def _crowd(speakers: int) -> Variant:
    return Variant(
        f"crowd{speakers}",
        _CROWD.format(n=f"{speakers:,}"),
        Shape(words_per_turn=(1, 3), long_turns=0.1, speakers=speakers),
    )


VARIANTS: dict[str, Variant] = {
    v.name: v
    for v in (
        Variant(
            "default",
            "the original generator (issue #6): stereo, turns of 3-64 words, `Agent`/`Caller`, "
            "ASCII, voice features",
        ),
        Variant("short", f"stereo, {_SHORT}, ASCII", Shape()),
        Variant(
            "mix",
            f"`short` with 6 % non-ASCII words (café, naïve, Zürich, 東京), {_SHORT}",
            Shape(script="mix"),
            twin="mix-ascii",
        ),
        Variant(
            "accented",
            "`short` with every word accented (Spanish, German, French spelling)",
            Shape(script="accented"),
            twin="accented-ascii",
        ),
        Variant(
            "cjk",
            "`short` with every word Japanese (kanji, kana, 。、？)",
            Shape(script="cjk"),
            twin="cjk-ascii",
        ),
        Variant("speakers10", "`short` (the same words) with 10 speakers", Shape(speakers=10)),
        Variant(
            "speakers1000", "`short` (the same words) with 1,000 speakers", Shape(speakers=1000)
        ),
        Variant(
            "mono",
            "one channel: no turn markers, words in time order, short sentences, 3 % "
            "zero-length words",
            Shape(layout="mono"),
        ),
        Variant(
            "ringcentral",
            "RingCentral speech-to-text, diarized: `words` (lower case, no punctuation) + one "
            "utterance per sentence (punctuated text, no wordTimings), 2 % fillers only in the "
            "words, numbers as digits in the text; size = words",
            Shape(layout="diarized", vendor="ringcentral"),
            vendor_twin="ringcentral-vb",
        ),
        # twins: inputs of one row each, not rows of their own
        Variant("mix-ascii", "`mix` spelled in ASCII (same widths)", Shape(script="mix").twin()),
        Variant(
            "accented-ascii",
            "`accented` spelled in ASCII (same widths)",
            Shape(script="accented").twin(),
        ),
        Variant("cjk-ascii", "`cjk` spelled in ASCII (same widths)", Shape(script="cjk").twin()),
        Variant(
            "ringcentral-vb",
            "`ringcentral`'s words as a VoiceBase callback (punctuated, cased, turn markers)",
            Shape(layout="diarized", voice=False, mixed_labels=False),
        ),
        *(_crowd(n) for n in (2, 2_000, 20_000)),
    )
}

#: The variants every row measures (the issue's list); the others are twins and crowds.
MAIN_VARIANTS = (
    "default",
    "short",
    "mix",
    "accented",
    "cjk",
    "speakers10",
    "speakers1000",
    "mono",
    "ringcentral",
)


def variant(name: str) -> Variant:
    """The variant called ``name``; ``crowd<N>`` exists for every ``N`` >= 2."""
    found = VARIANTS.get(name)
    if found is not None:
        return found
    if name.startswith("crowd") and name[5:].isdigit() and int(name[5:]) >= 2:
        return _crowd(int(name[5:]))
    raise KeyError(f"unknown variant {name!r} (python -m benchmarks.generate --list)")


def variant_path(
    name: str, tokens: int, seed: int = DEFAULT_SEED, folder: Path | None = None
) -> Path:
    """Where the file of variant ``name`` at ``tokens`` lives (versioned name)."""
    if variant(name).shape is None:
        return data_path(tokens, seed, folder)
    return (folder or DATA_DIR) / f"{name}_{tokens}_s{seed}_v{shapes.VERSION}.json"


def _meta_path(path: Path) -> Path:
    return path.with_name(path.stem + ".meta.json")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".tmp{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def ensure_variant(
    name: str, tokens: int, seed: int = DEFAULT_SEED, folder: Path | None = None
) -> Path:
    """Generate variant ``name`` at ``tokens`` unless it is cached; return its path.

    A ``.meta.json`` beside it holds ``tokens``, ``words`` (speech words), ``turns``,
    ``speakers`` and ``bytes`` (see :func:`meta`).
    """
    shape = variant(name).shape
    path = variant_path(name, tokens, seed, folder)
    meta_path = _meta_path(path)
    if path.exists() and meta_path.exists():
        return path
    if shape is None:
        ensure(tokens, seed, folder)
        facts = _scan(path)
    else:
        text, facts = shapes.generate(shape, tokens, seed)
        _write(path, text)
    facts = {"variant": name, **facts, "bytes": path.stat().st_size}
    _write(meta_path, json.dumps(facts) + "\n")
    return path


def meta(path: str | Path) -> dict[str, Any]:
    """The facts of a file written by :func:`ensure_variant`."""
    facts: dict[str, Any] = json.loads(_meta_path(Path(path)).read_text(encoding="utf-8"))
    return facts


def _scan(path: Path) -> dict[str, Any]:
    """Facts of a file of the original generator (which does not report them)."""
    words = json.loads(path.read_bytes())["transcript"]["words"]
    markers = [w["w"] for w in words if w.get("m") == "turn"]
    return {
        "tokens": len(words),
        "words": sum(1 for w in words if not w.get("m")),
        "turns": len(markers),
        "speakers": len(set(markers)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tokens", type=int, nargs="*", help="word-array sizes (tokens)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", help="output file (only with one size, default variant)")
    parser.add_argument("--variant", action="append", help="variant name (repeatable; see --list)")
    parser.add_argument("--list", action="store_true", help="list the variants")
    args = parser.parse_args(argv)
    if args.list:
        for variant in VARIANTS.values():
            print(f"{variant.name:16} {variant.about}")
        return 0
    for tokens in args.tokens:
        if args.out:
            Path(args.out).write_text(generate_text(tokens, args.seed), encoding="utf-8")
            print(args.out)
            continue
        for name in args.variant or ["default"]:
            print(ensure_variant(name, tokens, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
