"""Alignment diagnostics: how much of the edited text matched, and where it did not.

An edited transcript of the right call matches nearly word for word: a person fixes names,
numbers and a few misheard words, so 90-99 % of the edited words equal a word of the machine
transcript. Two unrelated calls match far less (common words only, 10-30 %), and a long stretch
of edited words without a match means text the media does not have (another call pasted in, a
different part of the recording). :class:`AlignmentReport` says both; the aligner raises
:class:`AlignmentError` (or warns) when the matched fraction is below the threshold.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from vbformats.alignment.arrays import runs
from vbformats.errors import InvalidInputError, LossyConversionWarning
from vbformats.secrets import redact
from vbformats.timing import format_vtt

if TYPE_CHECKING:
    from vbformats.alignment.aligner import Run

__all__ = ["AlignmentError", "AlignmentReport", "OnMismatch", "Stretch", "build_report", "check"]

PUNC, INSERTED, SUBSTITUTED, MATCHED = range(4)  # as vbformats.alignment.aligner

OnMismatch = Literal["raise", "warn", "ignore"]


@dataclass(frozen=True)
class Stretch:
    """A run of consecutive words without an equal counterpart on the other side.

    Attributes:
        side: ``"edited"`` (edited words the media does not have: substituted or inserted)
            or ``"original"`` (machine words the edited text does not have: substituted or
            deleted).
        first_word: Index of the stretch's first word among that side's words (0-based).
        last_word: Index of its last word (inclusive).
        first_token: Index of the first word in the word table it is read from: the aligned
            result's (``side="edited"``) or the original media's (``side="original"``).
        last_token: Index of the last word in that table (inclusive).
        start_ms: Start of the stretch's first word, in ms (estimated for inserted words).
        end_ms: End of its last word, in ms.
        words: Number of words (``last_word - first_word + 1``).
        text: The stretch's first words as written (at most 80 characters).
    """

    side: Literal["edited", "original"]
    first_word: int
    last_word: int
    first_token: int
    last_token: int
    start_ms: int
    end_ms: int
    words: int
    text: str

    def __str__(self) -> str:
        return (
            f"{self.side} words {self.first_word}-{self.last_word} ({self.words} words, "
            f"{format_vtt(self.start_ms)}-{format_vtt(self.end_ms)}): {self.text!r}"
        )


@dataclass(frozen=True)
class AlignmentReport:
    """What the aligner found (counts are words; punctuation and markers do not count).

    Attributes:
        edited_words: Words of the edited text.
        original_words: Speech words of the media.
        matched: Edited words equal to a media word once normalised (they keep its time).
        substituted: Edited words aligned to a different media word (they take its time).
        inserted: Edited words with no media word (their times are estimated).
        deleted: Media words the edited text does not have (they are gone from the result).
        matched_fraction: ``matched / edited_words`` (0 when the edited text has no word).
        original_matched_fraction: Share of the media's words matched by an edited word.
        min_matched: The threshold the alignment was checked against.
        stretches: The unmatched stretches of at least ``min_stretch_words`` words, on both
            sides, in order of their start time.
        min_stretch_words: The shortest stretch reported.
    """

    edited_words: int
    original_words: int
    matched: int
    substituted: int
    inserted: int
    deleted: int
    matched_fraction: float
    original_matched_fraction: float
    min_matched: float
    stretches: tuple[Stretch, ...] = field(default_factory=tuple)
    min_stretch_words: int = 12

    @property
    def passed(self) -> bool:
        """Whether the matched fraction reaches the threshold."""
        return self.edited_words > 0 and self.matched_fraction >= self.min_matched

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready data (``passed`` included)."""
        data = asdict(self)
        data["stretches"] = [asdict(stretch) for stretch in self.stretches]
        data["passed"] = self.passed
        return data

    def summary(self) -> str:
        """One line: matched share and counts, e.g. for the CLI's stderr."""
        return (
            f"matched {self.matched_fraction:.1%} of {self.edited_words} edited words "
            f"({self.matched} matched, {self.substituted} substituted, {self.inserted} "
            f"inserted; {self.deleted} media words deleted); "
            f"{len(self.stretches)} unmatched stretches of {self.min_stretch_words}+ words"
        )

    def __str__(self) -> str:
        lines = [self.summary()]
        lines += [f"  {stretch}" for stretch in self.stretches]
        # stretch previews quote the transcript, which may hold a token read out or pasted
        return redact("\n".join(lines))


class AlignmentError(InvalidInputError):
    """The edited text does not match the media well enough to align (the wrong media?).

    An :class:`~vbformats.errors.InvalidInputError` (so also a ``ValueError``) whose ``path``
    is ``"edited"``.

    Attributes:
        matched_fraction: Share of the edited words that matched.
        min_matched: The threshold.
        report: The full :class:`AlignmentReport` (``None`` after unpickling a bare error).
    """

    def __init__(
        self,
        problem: str,
        matched_fraction: float = 0.0,
        min_matched: float = 0.0,
        report: AlignmentReport | None = None,
    ) -> None:
        super().__init__("edited", problem)
        # the report stays out of args (and so out of repr): its previews quote the transcript
        self.args = (self.problem, matched_fraction, min_matched)
        self.matched_fraction = matched_fraction
        self.min_matched = min_matched
        self.report = report

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.problem, self.matched_fraction, self.min_matched, self.report))


def _problem(report: AlignmentReport) -> str:
    if report.edited_words == 0:
        return "the edited text has no words to align"
    longest = max(
        (stretch for stretch in report.stretches if stretch.side == "edited"),
        key=lambda stretch: stretch.words,
        default=None,
    )
    where = f" Longest unmatched stretch: {longest}." if longest is not None else ""
    return (
        f"only {report.matched_fraction:.1%} of the {report.edited_words} edited words match "
        f"the media (threshold {report.min_matched:.0%}): is it the right media?{where} "
        "Lower min_matched (CLI --min-matched) to align anyway"
    )


def check(report: AlignmentReport, on_mismatch: OnMismatch) -> None:
    """Raise or warn when ``report`` did not pass (``on_mismatch``: raise, warn, ignore).

    Raises:
        AlignmentError: with ``on_mismatch="raise"`` and a failed report.
        InvalidInputError: an unknown ``on_mismatch``.
    """
    if on_mismatch not in ("raise", "warn", "ignore"):
        raise InvalidInputError(
            "on_mismatch", f"expected 'raise', 'warn' or 'ignore', got {on_mismatch!r}"
        )
    if report.passed or on_mismatch == "ignore":
        return
    problem = _problem(report)
    if on_mismatch == "raise":
        raise AlignmentError(problem, report.matched_fraction, report.min_matched, report)
    warnings.warn(redact(f"edited: {problem}"), LossyConversionWarning, stacklevel=3)


def build_report(run: Run, out_index: np.ndarray) -> AlignmentReport:
    """The report of a finished alignment (``out_index``: output table index of each edited
    token)."""
    status = run.status
    counts = np.bincount(status, minlength=4)
    word = status != PUNC
    edited_words = int(word.sum())
    original = run.original
    no = len(original)
    o_word = ~original.punc_array if no else np.zeros(0, bool)
    token_o = run.units_o.token
    o_units = np.bincount(token_o, minlength=no)
    o_equal_units = np.bincount(token_o[run.o_equal], minlength=no)
    aligned_units = np.zeros(len(token_o), dtype=bool)
    aligned_units[run.e2o[run.e2o >= 0]] = True
    o_aligned = np.bincount(token_o[aligned_units], minlength=no) > 0
    o_matched = (o_units > 0) & (o_equal_units == o_units)
    original_words = int(o_word.sum())
    stretches = _edited_stretches(run, word, out_index) + _media_stretches(run, o_word, o_matched)
    stretches.sort(key=lambda stretch: (stretch.start_ms, stretch.side))
    return AlignmentReport(
        edited_words=edited_words,
        original_words=original_words,
        matched=int(counts[MATCHED]),
        substituted=int(counts[SUBSTITUTED]),
        inserted=int(counts[INSERTED]),
        deleted=int((o_word & ~o_aligned).sum()),
        matched_fraction=int(counts[MATCHED]) / edited_words if edited_words else 0.0,
        original_matched_fraction=(
            int((o_matched & o_word).sum()) / original_words if original_words else 0.0
        ),
        min_matched=run.min_matched,
        stretches=tuple(stretches),
        min_stretch_words=run.min_stretch_words,
    )


def _edited_stretches(run: Run, word: np.ndarray, out_index: np.ndarray) -> list[Stretch]:
    words = np.flatnonzero(word)
    unmatched = run.status[words] != MATCHED
    texts = run.edit.text
    out = []
    for a, b in runs(unmatched, run.min_stretch_words):
        first, last = int(words[a]), int(words[b])
        out.append(
            Stretch(
                side="edited",
                first_word=a,
                last_word=b,
                first_token=int(out_index[first]),
                last_token=int(out_index[last]),
                start_ms=int(run.start[first]),
                end_ms=int(run.end[last]),
                words=b - a + 1,
                text=_preview(texts[int(t)] for t in words[a : b + 1]),
            )
        )
    return out


def _media_stretches(run: Run, o_word: np.ndarray, o_matched: np.ndarray) -> list[Stretch]:
    words = np.flatnonzero(o_word)
    texts = run.original.text
    out = []
    for a, b in runs(~o_matched[words], run.min_stretch_words):
        first, last = int(run.o_source[words[a]]), int(run.o_source[words[b]])
        out.append(
            Stretch(
                side="original",
                first_word=a,
                last_word=b,
                first_token=first,
                last_token=last,
                start_ms=int(run.o_start[first]),
                end_ms=int(run.o_end[last]),
                words=b - a + 1,
                text=_preview(texts[int(k)] for k in words[a : b + 1]),
            )
        )
    return out


def _preview(words: Iterable[str], limit: int = 80) -> str:
    """The first words, at most ``limit`` characters, access tokens redacted (a report is
    printed and logged; a transcript may hold a pasted URL with its token)."""
    text = ""
    for word in words:
        text = f"{text} {word}" if text else word
        if len(text) >= limit:
            break
    text = redact(text)
    return text if len(text) < limit else text[: limit - 1] + "…"
