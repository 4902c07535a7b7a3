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

Usage::

    python -m benchmarks.generate 100000            # writes benchmarks/data/stereo_100000_s7.json
    python -m benchmarks.generate 10000 --seed 3 --out /tmp/x.json
"""

from __future__ import annotations

import argparse
import os
import random
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

#: Bump when the output changes, so cached files in ``benchmarks/data`` are regenerated.
GENERATOR_VERSION = 2

DEFAULT_SEED = 7

_VOCABULARY = tuple(
    "account address after again all also always amount and another answer any anything "  # noqa: SIM905 - one readable block
    "appointment are around ask at available back balance bank be because been before bill "
    "billing box business but by cable call called calling can cancel card care case change "
    "charge check close company confirm could credit customer date day days did different do "
    "does done down each email end enough every fee few fine first for from get give go going "
    "good great had has have help here hold home how if in information internet into is issue "
    "it just know last later let like line little look make many may me minutes modem month "
    "more morning most much my name need never new next no not now number of office okay on "
    "one only open or order other our out over package paid pay payment people phone plan "
    "please problem process question quick really reason record refund right router said same "
    "say see send service set should since so some something soon speed still sure system take "
    "technician than thank thanks that the their them then there these they thing think this "
    "those through time today too transfer try two understand until up update us use very wait "
    "want was way we week well were what when where which while who why will wireless with "
    "work would yes yesterday you your".split()
)
_BACKCHANNELS = ("yeah", "uh-huh", "okay", "right", "mm-hmm", "sure")
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tokens", type=int, nargs="+", help="word-array sizes (tokens)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", help="output file (only with one size)")
    args = parser.parse_args(argv)
    for tokens in args.tokens:
        if args.out:
            Path(args.out).write_text(generate_text(tokens, args.seed), encoding="utf-8")
            print(args.out)
        else:
            print(ensure(tokens, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
