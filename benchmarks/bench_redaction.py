"""Local detectors (issue #15): precision and recall on generated calls with planted items.

Each generated call is ordinary talk (no digit words in it) with planted items, spoken or
written the ways an ASR writes them: card numbers (Luhn-valid, 16 digits, spoken one by one,
in groups of four, or written ``4111-1111-...``, sometimes followed by the expiry), SSNs,
North American phone numbers, e-mail addresses (written, or ``jane dot doe at example dot
com``) and account numbers (4-8 digits), plus **hostile near-misses** that are none of these:
dates (``march twenty twenty four``, ``08/2024``), prices (``$49.99``, ``forty nine ninety
nine``), times of day (``three thirty``, ``3:30``, ``ten fifteen``), amounts (``1,000``),
counts (``two weeks``). One spoken item in seven has a hesitation in the middle (``four one
uh one one ...``), as people reading numbers do.

Per label: an item of a class with that label (a card, SSN or phone number is also a Number) is
*found* when a detection of the label overlaps it (recall = found / planted); a detection is a
false positive when it overlaps no such item (precision = 1 - false / detections). The word-level row redacts with every
label and counts words: planted words replaced (recall) and replaced words that were planted
(precision). The near-miss table says which labels fired on each kind: the README's limits.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from typing import Any

from benchmarks.common import Report

SECTION = "Redaction: local detectors, precision and recall on generated calls (issue #15)"
ORDER = 150

FILLER = [
    "so",
    "I",
    "was",
    "calling",
    "about",
    "my",
    "account",
    "and",
    "the",
    "service",
    "has",
    "been",
    "slow",
    "this",
    "week",
    "can",
    "you",
    "check",
    "the",
    "router",
    "please",
    "yes",
    "of",
    "course",
    "let",
    "me",
    "look",
    "that",
    "up",
    "for",
    "you",
    "thanks",
    "I",
    "appreciate",
    "it",
    "no",
    "problem",
    "what",
    "else",
    "can",
    "I",
    "help",
    "with",
    "today",
    "okay",
    "great",
]
UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
NAMES = ("jane", "omar", "li", "sasha", "pat", "devi")
DOMAINS = (("example", "com"), ("mail", "net"), ("school", "edu"), ("shop", "co"))
LABELS = ("PCI", "SSN", "Phone", "Email", "Number")
CLASSES = {
    "card": {"PCI", "Number"},
    "ssn": {"SSN", "Number"},
    "phone": {"Phone", "Number"},
    "account": {"Number"},
    "email": {"Email"},
}


def _luhn_card(rng: random.Random) -> str:
    digits = [4] + [rng.randint(0, 9) for _ in range(14)]
    total = 0
    for position, value in enumerate(reversed(digits)):
        if position % 2 == 0:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return "".join(map(str, digits)) + str((10 - total % 10) % 10)


def _spoken(digits: str, rng: random.Random) -> list[str]:
    return [("oh" if d == "0" and rng.random() < 0.3 else UNITS[int(d)]) for d in digits]


def _grouped(digits: str, sizes: tuple[int, ...]) -> list[str]:
    out, at = [], 0
    for size in sizes:
        out.append(digits[at : at + size])
        at += size
    return out


def _item(kind: str, rng: random.Random) -> list[str]:
    style = rng.random()
    if kind == "card":
        card = _luhn_card(rng)
        tokens = (
            _spoken(card, rng)
            if style < 0.5
            else _grouped(card, (4, 4, 4, 4))
            if style < 0.8
            else ["-".join(_grouped(card, (4, 4, 4, 4)))]
        )
        if rng.random() < 0.3:  # the expiry said right after it
            tokens += ["twelve", "twenty", "six"]
        return tokens
    if kind == "ssn":
        ssn = f"{rng.randint(1, 665):03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"
        return _spoken(ssn, rng) if style < 0.6 else ["-".join(_grouped(ssn, (3, 2, 4)))]
    if kind == "phone":
        phone = f"{rng.randint(2, 9)}{rng.randint(0, 99):02d}{rng.randint(2, 9)}"
        phone += f"{rng.randint(0, 999999):06d}"
        return _spoken(phone, rng) if style < 0.6 else _grouped(phone, (3, 3, 4))
    if kind == "account":
        number = str(rng.randint(1000, 99_999_999))
        return _spoken(number, rng) if style < 0.6 else [number]
    name, (domain, tld) = rng.choice(NAMES), rng.choice(DOMAINS)
    if style < 0.4:
        return [f"{name}.{rng.choice(NAMES)}@{domain}.{tld}"]
    return [name, "dot", rng.choice(NAMES), "at", domain, "dot", tld]


NEAR_MISSES: dict[str, tuple[tuple[str, ...], ...]] = {
    "date": (("march", "twenty", "twenty", "four"), ("08/2024",), ("on", "the", "fifth")),
    "price": (("$49.99",), ("forty", "nine", "ninety", "nine"), ("twelve", "dollars")),
    "time of day": (("three", "thirty"), ("3:30",), ("ten", "fifteen", "pm")),
    "amount": (("1,000",), ("two", "hundred"), ("fifteen", "percent")),
    "count": (("two", "weeks"), ("one", "of", "those")),
}


def generate_call(seed: int, items: int = 6) -> tuple[dict[str, Any], list[tuple[str, int, int]]]:
    """A call document and its planted spans ``(kind, first word index, last word index)``
    (kinds: the planted classes and ``near:<kind>``), word indices into ``transcript.words``."""
    rng = random.Random(seed)
    words: list[dict[str, Any]] = []
    spans: list[tuple[str, int, int]] = []
    time_ms = 0
    kinds = [rng.choice(tuple(CLASSES)) for _ in range(items)]
    kinds += [f"near:{rng.choice(tuple(NEAR_MISSES))}" for _ in range(items // 2)]
    rng.shuffle(kinds)
    speaker = 0

    def say(tokens: list[str]) -> tuple[int, int]:
        nonlocal time_ms
        first = len(words)
        for token in tokens:
            end = time_ms + rng.randint(180, 420)
            words.append({"s": time_ms, "e": end, "w": token})
            time_ms = end + rng.randint(20, 200)
        return first, len(words) - 1

    for kind in kinds:
        if rng.random() < 0.5:
            speaker = 1 - speaker
            words.append(
                {"s": time_ms, "e": time_ms, "w": ("Agent", "Caller")[speaker], "m": "turn"}
            )
        say(rng.sample(FILLER, rng.randint(3, 9)))
        if kind.startswith("near:"):
            tokens = list(rng.choice(NEAR_MISSES[kind[5:]]))
        else:
            tokens = _item(kind, rng)
        if not kind.startswith("near:") and len(tokens) > 4 and rng.random() < 0.15:
            # a hesitation in the middle of a read-out number (splits the run: a known miss)
            tokens.insert(rng.randint(2, len(tokens) - 2), rng.choice(("uh", "um", "sorry")))
        first, last = say(tokens)
        spans.append((kind, first, last))
        say(rng.sample(FILLER, rng.randint(2, 6)))
    if words and words[0].get("m") != "turn":
        words.insert(0, {"s": 0, "e": 0, "w": "Agent", "m": "turn"})
        spans = [(k, a + 1, b + 1) for k, a, b in spans]
    return {"transcript": {"words": words}}, spans


def measure_calls(calls: int) -> dict[str, Any]:
    """Run the detectors on ``calls`` generated calls; the counts and the timings."""
    import vbformats
    from vbformats import redaction

    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    items: Counter[str] = Counter()
    near_hits: dict[str, Counter[str]] = {kind: Counter() for kind in NEAR_MISSES}
    near_total: Counter[str] = Counter()
    words_tp = words_fp = words_fn = 0
    elapsed = 0.0
    total_words = 0
    for seed in range(calls):
        doc, spans = generate_call(seed)
        media = vbformats.load(doc)
        starts, ends = media.words.start_ms, media.words.end_ms
        total_words += len(media.words)
        began = time.perf_counter()
        detectors = redaction.detect(media)
        redacted = redaction.redact(
            redaction.with_local_detections(media), detections=[label.lower() for label in LABELS]
        )
        elapsed += time.perf_counter() - began
        planted = [(k, starts[a], ends[b]) for k, a, b in spans]
        for label in LABELS:
            found = [
                (o.s, o.e)
                for d in detectors
                for det in d.detections
                if det.detector_class_label == label
                for seg in det.detected_segments
                for o in seg.occurrences
            ]
            relevant = [(s, e) for k, s, e in planted if label in CLASSES.get(k, set())]
            for s, e in found:
                if any(s < pe and ps < e for ps, pe in relevant):
                    tp[label] += 1
                else:
                    fp[label] += 1
            missed = sum(1 for ps, pe in relevant if not any(s < pe and ps < e for s, e in found))
            fn[label] += missed
            items[label] += len(relevant)
            for kind, s, e in planted:
                if kind.startswith("near:") and any(fs < e and s < fe for fs, fe in found):
                    near_hits[kind[5:]][label] += 1
        for kind, _, _ in planted:
            if kind.startswith("near:"):
                near_total[kind[5:]] += 1
        inside = {i for k, a, b in spans if not k.startswith("near:") for i in range(a, b + 1)}
        for i, (old, new) in enumerate(zip(media.words.text, redacted.words.text, strict=True)):
            replaced = old != new
            words_tp += replaced and i in inside
            words_fp += replaced and i not in inside
            words_fn += (not replaced) and i in inside
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "items": items,
        "near_hits": near_hits,
        "near_total": near_total,
        "words": (words_tp, words_fp, words_fn),
        "elapsed": elapsed,
        "total_words": total_words,
    }


def _ratio(good: int, bad: int) -> str:
    return f"{good / (good + bad):.3f}" if good + bad else "–"


def run(report: Report, quick: bool) -> None:
    calls = 8 if quick else 400
    result = measure_calls(calls)
    tp, fp, fn = result["tp"], result["fp"], result["fn"]
    rows = []
    items = result["items"]
    for label in LABELS:
        found = items[label] - fn[label]
        rows.append(
            [
                label,
                str(items[label]),
                str(found),
                str(fn[label]),
                str(tp[label] + fp[label]),
                str(fp[label]),
                _ratio(tp[label], fp[label]),
                _ratio(found, fn[label]),
            ]
        )
    w_tp, w_fp, w_fn = result["words"]
    rows.append(
        ["words (redact all)", str(w_tp + w_fn), str(w_tp), str(w_fn), str(w_tp + w_fp), str(w_fp)]
    )
    rows[-1] += [_ratio(w_tp, w_fp), _ratio(w_tp, w_fn)]
    per_call = result["elapsed"] / calls * 1000
    report.add(
        f"{calls} generated calls, {result['total_words']:,} tokens; detect + redact "
        f"{per_call:.1f} ms per call. Near-misses count as negatives for every label."
    )
    report.table(
        ["label", "planted", "found", "missed", "detections", "false pos.", "precision", "recall"],
        rows,
    )

    near = []
    for kind, hits in result["near_hits"].items():
        fired = ", ".join(f"{label} {count}" for label, count in sorted(hits.items())) or "none"
        near.append([kind, str(result["near_total"][kind]), fired])
    report.table(["near-miss", "planted", "labels that fired (times)"], near)
