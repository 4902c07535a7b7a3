"""Local detectors: numbers, card numbers, SSNs, phone numbers and e-mail addresses, as rules.

For calls processed without VoiceBase's detectors (or archives from before them). The rules are
data, :data:`DEFAULT_RULES`, a tuple of :class:`DetectorRule`; pass your own tuple (the defaults
plus yours) to :func:`detect` / :func:`with_local_detections`. Each rule emits one detector in
VoiceBase's ``prediction.detectors[]`` shape (``detectorName`` = the rule's name,
``detectorClassLabel`` = its label), so :func:`vbformats.redaction.redact` treats local and
service detections alike: ``redact(media, detections=("PCI",))`` redacts the service's PCI
regions and the local card numbers.

How numbers are read: the speech words (and keypad tones) are walked in order; a *number item*
is a written number (``4111``, ``4111-1111``, ``(555)``: digits with ``-``, ``(`` or ``)``, a
leading ``+``) or a spoken one (:data:`DIGIT_WORDS`: ``zero``/``oh``/``o`` .. ``nine``, the
teens, and a tens word, ``forty two`` being ``42``). Consecutive items make a *run*; a speaker
marker or any other word ends it (punctuation does not). ``oh`` and ``o`` count only next to
another item, and at the edge of a run only when the rest of it has four digits or more (else
they are the interjection). A price (``$49.99``), a time (``3:30``), a date (``08/2024``) or an
amount (``1,000``) written as one token is not a number item; spoken, the same things are (see
the README's limits).

A ``digits`` rule matches a whole run whose digit count is within its bounds and that passes its
check (``luhn``: the card checksum; ``ssn``: not area 000/666/9xx, group 00 or serial 0000;
``nanp``: a North American number, 10 digits or 11 starting with 1); with ``windows=True`` it
also matches the longest stretch of whole items inside a longer run (a card number followed by
its expiry date). An ``email`` rule matches a written address or a spoken one (``jane dot doe at
example dot com``: the last part a top-level domain of :attr:`DetectorRule.tlds`). A ``token``
rule matches each word whose text fully matches :attr:`DetectorRule.pattern`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from vbformats.errors import InvalidInputError
from vbformats.models.media import Detection, Detector, Media, Mention, Occurrence, Prediction
from vbformats.models.words import DTMF, MARKER, SPEECH

__all__ = ["DEFAULT_RULES", "DIGIT_WORDS", "DetectorRule", "detect", "with_local_detections"]

_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
#: Spoken digits (``oh``/``o`` only inside a run), teens and tens, as their digits.
DIGIT_WORDS: dict[str, str] = {
    **{word: str(i) for i, word in enumerate(_UNITS)},
    "oh": "0",
    "o": "0",
    **{word: str(10 + i) for i, word in enumerate(_TEENS.split())},
}
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_TENS = {word: str(20 + 10 * i) for i, word in enumerate(_TENS_WORDS)}
_WEAK = {"oh", "o"}
_WEAK_EDGE_DIGITS = 4
_WRITTEN = re.compile(r"\+?\(?\d[\d\-()]*")
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_CONNECTORS = {"dot": ".", "underscore": "_", "dash": "-", "hyphen": "-"}
_NOT_A_NAME = {"me", "is", "it's", "its", "email", "address", "at", "to", "my", "the", "a", "and"}


@dataclass(frozen=True)
class DetectorRule:
    """One local detector rule (data: make your own and add it to :data:`DEFAULT_RULES`).

    Attributes:
        name: The emitted ``detectorName`` (``"vbformats-card"``).
        label: The emitted ``detectorClassLabel`` (``"PCI"``): what ``redact`` names match.
        kind: ``"digits"`` (number runs), ``"email"`` or ``"token"`` (a regex per word).
        min_digits: ``digits``: the fewest digits a match has.
        max_digits: ``digits``: the most (``None``: no limit).
        check: ``digits``: ``"luhn"``, ``"ssn"``, ``"nanp"`` or ``None``.
        windows: ``digits``: also match inside a longer run (longest stretch of whole items).
        pattern: ``token``: the regex a word's text (as written) must fully match.
        tlds: ``email``: the top-level domains a spoken address may end with.
    """

    name: str
    label: str
    kind: Literal["digits", "email", "token"] = "digits"
    min_digits: int = 1
    max_digits: int | None = None
    check: Literal["luhn", "ssn", "nanp"] | None = None
    windows: bool = False
    pattern: str | None = None
    tlds: tuple[str, ...] = ("com", "net", "org", "edu", "gov", "io", "co", "us", "uk", "ca")


#: The default rules: cards (PCI), SSNs, phone numbers, e-mail addresses, numbers of 4+ digits.
DEFAULT_RULES: tuple[DetectorRule, ...] = (
    DetectorRule("vbformats-card", "PCI", min_digits=13, max_digits=19, check="luhn", windows=True),
    DetectorRule("vbformats-ssn", "SSN", min_digits=9, max_digits=9, check="ssn"),
    DetectorRule("vbformats-phone", "Phone", min_digits=10, max_digits=11, check="nanp"),
    DetectorRule("vbformats-email", "Email", kind="email"),
    DetectorRule("vbformats-number", "Number", min_digits=4),
)


def _luhn(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _ssn(digits: str) -> bool:
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def _nanp(digits: str) -> bool:
    if len(digits) == 11:
        if digits[0] != "1":
            return False
        digits = digits[1:]
    return len(digits) == 10 and digits[0] not in "01" and digits[3] not in "01"


_CHECKS = {"luhn": _luhn, "ssn": _ssn, "nanp": _nanp}


class _Item:
    __slots__ = ("digits", "first", "last", "weak")

    def __init__(self, first: int, last: int, digits: str, weak: bool) -> None:
        self.first, self.last, self.digits, self.weak = first, last, digits, weak


def _runs(media: Media) -> list[list[_Item]]:
    """The number runs of the transcript (token indices and digits per item)."""
    table = media.words
    texts, kinds = table.text, table.kinds
    runs: list[list[_Item]] = []
    run: list[_Item] = []

    def close() -> None:
        # "oh" at the edge of a short run is the interjection ("oh, one more thing"); next to
        # four or more digits it is a zero being read out ("oh two two four eight ...")
        if sum(len(item.digits) for item in run if not item.weak) < _WEAK_EDGE_DIGITS:
            while run and run[-1].weak:
                run.pop()
            while run and run[0].weak:
                run.pop(0)
        if run:
            runs.append(list(run))
        run.clear()

    i, count = 0, len(texts)
    while i < count:
        kind = kinds[i]
        if kind not in (SPEECH, DTMF):
            if kind == MARKER:
                close()
            i += 1
            continue
        raw = texts[i].strip().rstrip(".,;:!?")
        word = raw.lower()
        item: _Item | None = None
        if _WRITTEN.fullmatch(raw):
            item = _Item(i, i, re.sub(r"\D", "", raw), False)
        elif word in DIGIT_WORDS:
            item = _Item(i, i, DIGIT_WORDS[word], word in _WEAK)
        elif word in _TENS:
            digits, last = _TENS[word], i
            following = _next_speech(kinds, i)
            if following is not None:
                unit = texts[following].strip().rstrip(".,;:!?").lower()
                if unit in DIGIT_WORDS and len(DIGIT_WORDS[unit]) == 1 and unit not in _WEAK:
                    digits, last = digits[0] + DIGIT_WORDS[unit], following
            item = _Item(i, last, digits, False)
        if item is None:
            close()
            i += 1
            continue
        run.append(item)
        i = item.last + 1
    close()
    return runs


def _next_speech(kinds: list[int], i: int) -> int | None:
    j = i + 1
    while j < len(kinds) and kinds[j] not in (SPEECH, DTMF, MARKER):
        j += 1
    return j if j < len(kinds) and kinds[j] != MARKER else None


def _digit_matches(rule: DetectorRule, runs: list[list[_Item]]) -> list[tuple[int, int]]:
    check = _CHECKS.get(rule.check) if rule.check else None
    high = rule.max_digits if rule.max_digits is not None else 1 << 30

    def fits(items: Sequence[_Item]) -> bool:
        digits = "".join(item.digits for item in items)
        return rule.min_digits <= len(digits) <= high and (check is None or check(digits))

    found: list[tuple[int, int]] = []
    for run in runs:
        if fits(run):
            found.append((run[0].first, run[-1].last))
            continue
        if not rule.windows:
            continue
        start = 0
        while start < len(run):
            best = None
            for end in range(len(run), start, -1):
                if fits(run[start:end]):
                    best = end
                    break
            if best is None:
                start += 1
            else:
                found.append((run[start].first, run[best - 1].last))
                start = best
    return found


def _email_matches(rule: DetectorRule, media: Media) -> list[tuple[int, int]]:
    table = media.words
    texts, kinds = table.text, table.kinds
    speech = [i for i in range(len(texts)) if kinds[i] == SPEECH]
    words = [texts[i].strip().rstrip(",;:!?").lower() for i in speech]
    found: list[tuple[int, int]] = []
    position = 0
    while position < len(words):
        word = words[position]
        if _EMAIL.fullmatch(word.rstrip(".")):
            found.append((speech[position], speech[position]))
        elif word == "at" and position > 0:
            left = position - 1
            if words[left] in _NOT_A_NAME or not words[left].isalnum():
                position += 1
                continue
            while left >= 2 and words[left - 1] in _CONNECTORS and words[left - 2].isalnum():
                left -= 2
            right, last = position + 1, None
            while (
                right + 2 < len(words)
                and words[right].isalnum()
                and words[right + 1] == "dot"
                and words[right + 2].strip(".").isalnum()
            ):
                if words[right + 2].strip(".") in rule.tlds:
                    last = right + 2
                right += 2
            if last is not None:
                found.append((speech[left], speech[last]))
                position = last
        position += 1
    return found


def _token_matches(rule: DetectorRule, media: Media) -> list[tuple[int, int]]:
    if not rule.pattern:
        raise InvalidInputError(f"rules[{rule.name}].pattern", "a token rule needs a pattern")
    try:
        pattern = re.compile(rule.pattern)
    except re.error as error:
        raise InvalidInputError(f"rules[{rule.name}].pattern", f"not a regex: {error}") from None
    table = media.words
    return [
        (i, i)
        for i, (text, kind) in enumerate(zip(table.text, table.kinds, strict=False))
        if kind in (SPEECH, DTMF) and pattern.fullmatch(text.strip())
    ]


def detect(media: Media, rules: Sequence[DetectorRule] = DEFAULT_RULES) -> list[Detector]:
    """Run the local detector ``rules`` on the transcript of ``media``.

    Args:
        media: A loaded Media (only its words are read).
        rules: The rules, :data:`DEFAULT_RULES` by default.

    Returns:
        One :class:`~vbformats.models.media.Detector` per rule (VoiceBase's shape): one
        detection of class ``1`` labelled ``rule.label`` whose segment's occurrences are the
        matches, ``[s of the first word, e of the last)`` in ms, in time order (an empty
        ``detections`` list when nothing matched).

    Raises:
        InvalidInputError: a rule that is not a :class:`DetectorRule`, or a bad pattern.

    Example:
        >>> import vbformats
        >>> words = "my card is four one one one one one one one one one one one one one one one"
        >>> media = vbformats.load({"transcript": {"words": [
        ...     {"s": i * 300, "e": i * 300 + 250, "w": w} for i, w in enumerate(words.split())]}})
        >>> card = detect(media)[0]
        >>> found = card.detections[0].detected_segments[0].occurrences
        >>> card.detector_name, [(o.s, o.e) for o in found]
        ('vbformats-card', [(900, 5650)])
    """
    runs: list[list[_Item]] | None = None
    table = media.words
    starts, ends = table.start_ms, table.end_ms
    detectors = []
    for index, rule in enumerate(rules):
        if not isinstance(rule, DetectorRule):
            raise InvalidInputError(f"rules[{index}]", f"expected a DetectorRule, got {rule!r}")
        if rule.kind == "digits":
            if runs is None:
                runs = _runs(media)
            spans = _digit_matches(rule, runs)
        elif rule.kind == "email":
            spans = _email_matches(rule, media)
        else:
            spans = _token_matches(rule, media)
        occurrences = [Occurrence(s=starts[a], e=max(ends[b], starts[a])) for a, b in sorted(spans)]
        detections = (
            [
                Detection(
                    detector_class=1,
                    detector_class_label=rule.label,
                    detected_segments=[Mention(occurrences=occurrences)],
                )
            ]
            if occurrences
            else []
        )
        detectors.append(
            Detector(detector_name=rule.name, detector_version="vbformats", detections=detections)
        )
    return detectors


def with_local_detections(media: Media, rules: Sequence[DetectorRule] = DEFAULT_RULES) -> Media:
    """A copy of ``media`` whose ``prediction.detectors`` also holds the local detectors'
    results (:func:`detect`); local detectors of the same names found there before are
    replaced, so running it twice changes nothing."""
    local = detect(media, rules)
    names = {detector.detector_name for detector in local}
    prediction = media.prediction or Prediction()
    kept = [d for d in prediction.detectors if d.detector_name not in names]
    updated = prediction.model_copy(update={"detectors": kept + local})
    return media.model_copy(update={"prediction": updated})
