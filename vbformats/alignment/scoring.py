"""Word error rate: ``vbformats.wer(reference, hypothesis)``, with times and speakers.

The figures are jiwer's, by jiwer's definitions and the same alignment (the optimal
Levenshtein alignment of the two word sequences as rapidfuzz computes it, which is what jiwer
calls), with ``N = H + S + D`` reference words:

============  ================================================  =============================
figure        definition                                        empty reference (``N = 0``)
============  ================================================  =============================
``wer``       ``(S + D + I) / N``                               ``I`` (a count, as jiwer)
``mer``       ``(S + D + I) / (H + S + D + I)``                 0 if the hypothesis is empty, else 1
``wip``       ``(H / N) · (H / (H + S + I))`` (0 if no hyp.)    1 if the hypothesis is empty, else 0
``wil``       ``1 - wip``
``cer``       the same as ``wer`` over characters of the        the hypothesis' character count
              normalised words joined by single spaces
============  ================================================  =============================

On top of jiwer: every aligned pair with the words as compared and as written, their times
(loaded inputs; a word split by normalisation, "can't" → ``can not``, gives each part its
token's span) and speakers; per-speaker and per-turn figures of the reference's speakers and
turns. Each reference word counts for its own speaker and turn; an insertion counts for the
speaker and turn of the reference word before it (the first reference word's, at the start).
The per-speaker errors add up to the totals.

``.cer`` is computed on first access (a character alignment, banded by the word alignment: a
fraction of a second for a 100,000-word call with few errors, seconds with many).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

from vbformats.alignment.core import Opcode, codes_of, opcodes
from vbformats.alignment.normalize import Normalization, Units, normalization, units_of
from vbformats.alignment.tokens import Stream, resolve, stream_of
from vbformats.gcpause import gc_paused

__all__ = ["AlignedPair", "Score", "TurnScore", "WERResult", "wer"]

_TAGS = {"equal": "equal", "replace": "substitute", "delete": "delete", "insert": "insert"}


def wer(reference: Any, hypothesis: Any, *, normalize: Any = "standard") -> WERResult:
    """Score ``hypothesis`` against ``reference``: WER, MER, WIL, CER, and where the errors are.

    Args:
        reference: The reference transcript (usually human): a :class:`~vbformats.Media`, plain
            text (a ``str`` that is not an existing file path; ``Name:`` labels give
            speakers), or a path, ``bytes`` or ``dict`` of anything :func:`vbformats.load`
            reads.
        hypothesis: The transcript scored, in any of the same forms.
        normalize: What does not count: ``"standard"`` (jiwer's ``wer_standardize``:
            lower case, English contractions expanded, ``[non-words]`` removed), ``"raw"`` or
            ``None`` (words exactly as written), ``"loose"`` (also punctuation, apostrophes,
            hyphens and number formatting), or a :class:`~vbformats.alignment.Normalization`
            (or a dict of its fields).

    Returns:
        A :class:`WERResult`.

    Raises:
        InvalidInputError: an argument of the wrong type, an unknown normalisation, or
            unreadable input.

    Example:
        >>> import vbformats
        >>> result = vbformats.wer("the cat sat on the mat", "the cat sat on a mat")
        >>> result.wer, result.substitutions, result.hits
        (0.16666666666666666, 1, 5)
    """
    norm = normalization(normalize)
    ref_source = resolve(reference, "reference")
    hyp_source = resolve(hypothesis, "hypothesis")
    with gc_paused():
        ref, hyp = stream_of(ref_source), stream_of(hyp_source)
        ref_units, hyp_units = units_of(ref, norm), units_of(hyp, norm)
        codes = opcodes(*codes_of(ref_units.words, hyp_units.words), hinted=True)
    return WERResult(ref, hyp, ref_units, hyp_units, codes, norm)


class AlignedPair(NamedTuple):
    """One step of the alignment: a reference word and the hypothesis word aligned to it.

    Times are ms, ``None`` for plain-text input; a word of a split token has its token's span.
    """

    op: str
    """``"equal"``, ``"substitute"``, ``"delete"`` (reference word missed) or ``"insert"``."""
    reference: str | None
    """The reference word as compared (``None`` for an insertion)."""
    hypothesis: str | None
    """The hypothesis word as compared (``None`` for a deletion)."""
    reference_text: str | None
    """The reference token as written."""
    hypothesis_text: str | None
    """The hypothesis token as written."""
    reference_index: int | None
    """Position among the reference words (as compared), from 0."""
    hypothesis_index: int | None
    """Position among the hypothesis words, from 0."""
    start_ms: int | None
    """Start of the reference word."""
    end_ms: int | None
    """End of the reference word."""
    hypothesis_start_ms: int | None
    """Start of the hypothesis word."""
    hypothesis_end_ms: int | None
    """End of the hypothesis word."""
    speaker: str | None
    """The reference speaker the step counts for."""
    hypothesis_speaker: str | None
    """The hypothesis word's speaker."""
    turn: int | None
    """The reference turn (0-based, time order) the step counts for."""


@dataclass(frozen=True)
class Score:
    """Counts and rates of one part of the reference (a speaker, a turn, or all of it)."""

    words: int
    """Reference words, ``N = H + S + D``."""
    hits: int
    substitutions: int
    deletions: int
    insertions: int

    @property
    def errors(self) -> int:
        """``S + D + I``."""
        return self.substitutions + self.deletions + self.insertions

    @property
    def wer(self) -> float:
        """``(S + D + I) / N``; with ``N = 0`` the number of insertions, as jiwer."""
        return self.errors / self.words if self.words else float(self.insertions)


@dataclass(frozen=True)
class TurnScore:
    """The :class:`Score` of one reference turn."""

    number: int
    """Turn number, 0-based, in time order (as :func:`vbformats.turns`; plain text: reading
    order)."""
    speaker: str | None
    """The turn's speaker (``None`` where the reference names none)."""
    start_ms: int | None
    """Start of the turn's first word (``None`` for plain text)."""
    end_ms: int | None
    """Largest end of its words."""
    score: Score


class WERResult:
    """The result of :func:`vbformats.wer`.

    Attributes:
        hits, substitutions, deletions, insertions: The counts ``H``, ``S``, ``D``, ``I``.
        reference_words: ``N = H + S + D``; hypothesis_words: ``H + S + I``.
        normalization: The :class:`~vbformats.alignment.Normalization` applied.
        opcodes: The alignment of the words as compared, ``(tag, i1, i2, j1, j2)``
            (rapidfuzz's tags: ``equal``, ``replace``, ``delete``, ``insert``).
    """

    def __init__(
        self,
        reference: Stream,
        hypothesis: Stream,
        ref_units: Units,
        hyp_units: Units,
        codes: list[Opcode],
        norm: Normalization,
    ) -> None:
        self._ref, self._hyp = reference, hypothesis
        self._ref_units, self._hyp_units = ref_units, hyp_units
        self.opcodes = codes
        self.normalization = norm
        hits = subs = dels = ins = 0
        for tag, i1, i2, j1, j2 in codes:
            if tag == "equal":
                hits += i2 - i1
            elif tag == "replace":
                subs += i2 - i1
            elif tag == "delete":
                dels += i2 - i1
            else:
                ins += j2 - j1
        self.hits, self.substitutions, self.deletions, self.insertions = hits, subs, dels, ins
        self.reference_words = hits + subs + dels
        self.hypothesis_words = hits + subs + ins

    # --- jiwer's figures ------------------------------------------------------------------------

    @property
    def score(self) -> Score:
        """The totals as a :class:`Score`."""
        return Score(
            self.reference_words, self.hits, self.substitutions, self.deletions, self.insertions
        )

    @property
    def wer(self) -> float:
        """Word error rate (table in the module docstring)."""
        return self.score.wer

    @property
    def mer(self) -> float:
        """Match error rate."""
        total = self.hits + self.substitutions + self.deletions + self.insertions
        if self.reference_words == 0:
            return 0.0 if self.hypothesis_words == 0 else 1.0
        return (self.substitutions + self.deletions + self.insertions) / total

    @property
    def wip(self) -> float:
        """Word information preserved."""
        if self.reference_words == 0:
            return 1.0 if self.hypothesis_words == 0 else 0.0
        if self.hypothesis_words == 0:
            return 0.0
        return (self.hits / self.reference_words) * (self.hits / self.hypothesis_words)

    @property
    def wil(self) -> float:
        """Word information lost, ``1 - wip``."""
        return 1 - self.wip

    @cached_property
    def character_errors(self) -> int:
        """Edit distance between the normalised words joined by single spaces (characters).

        Exact, and bounded by the word alignment: every word edit costs at most its word's
        length plus a space, so the banded algorithm is run with that bound (a 100,000-word
        call with 2 % word errors takes a fraction of a second instead of 9 s).
        """
        from rapidfuzz.distance import Levenshtein

        ref_words, hyp_words = self._ref_units.words, self._hyp_units.words
        bound = 0
        for tag, i1, i2, j1, j2 in self.opcodes:
            if tag == "replace":
                bound += sum(
                    Levenshtein.distance(x, y)
                    for x, y in zip(ref_words[i1:i2], hyp_words[j1:j2], strict=True)
                )
            elif tag == "delete":
                bound += sum(len(word) + 1 for word in ref_words[i1:i2])
            elif tag == "insert":
                bound += sum(len(word) + 1 for word in hyp_words[j1:j2])
        return int(
            Levenshtein.distance(" ".join(ref_words), " ".join(hyp_words), score_cutoff=bound)
        )

    @cached_property
    def reference_characters(self) -> int:
        """Characters of the normalised reference words joined by single spaces."""
        words = self._ref_units.words
        return sum(map(len, words)) + max(len(words) - 1, 0)

    @property
    def cer(self) -> float:
        """Character error rate: :attr:`character_errors` / :attr:`reference_characters` (with
        an empty reference, the number of hypothesis characters, as jiwer). Computed on first
        access."""
        if not self.reference_characters:
            return float(self.character_errors)
        return self.character_errors / self.reference_characters

    @property
    def reference(self) -> list[str]:
        """The reference words as compared."""
        return self._ref_units.words

    @property
    def hypothesis(self) -> list[str]:
        """The hypothesis words as compared."""
        return self._hyp_units.words

    # --- where the errors are -----------------------------------------------------------------

    def _steps(self) -> Iterator[tuple[str, int | None, int | None, int]]:
        """``(op, ref index, hyp index, ref index the step counts for)`` per step."""
        last = max(self.reference_words - 1, 0)
        for tag, i1, i2, j1, j2 in self.opcodes:
            op = _TAGS[tag]
            if tag == "insert":
                owner = min(i1 - 1, last) if i1 > 0 else 0
                for j in range(j1, j2):
                    yield op, None, j, owner
            elif tag == "delete":
                for i in range(i1, i2):
                    yield op, i, None, i
            else:
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                    yield op, i, j, i

    @cached_property
    def pairs(self) -> list[AlignedPair]:
        """Every step of the alignment, in order (see :class:`AlignedPair`)."""
        ref, hyp = _Side(self._ref, self._ref_units), _Side(self._hyp, self._hyp_units)
        out = []
        for op, i, j, owner in self._steps():
            r = ref.token(i)
            h = hyp.token(j)
            o = ref.token(owner) if self.reference_words else None
            out.append(
                AlignedPair(
                    op,
                    None if i is None else ref.units.words[i],
                    None if j is None else hyp.units.words[j],
                    ref.text(r),
                    hyp.text(h),
                    i,
                    j,
                    ref.start(r),
                    ref.end(r),
                    hyp.start(h),
                    hyp.end(h),
                    ref.speaker(o),
                    hyp.speaker(h),
                    ref.turn(o),
                )
            )
        return out

    def _scores(self, key: Any) -> dict[Any, list[int]]:
        counts: dict[Any, list[int]] = {}
        index = {"equal": 0, "substitute": 1, "delete": 2, "insert": 3}
        ref = _Side(self._ref, self._ref_units)
        for op, _, _, owner in self._steps():
            name = key(ref, ref.token(owner) if self.reference_words else None)
            counts.setdefault(name, [0, 0, 0, 0])[index[op]] += 1
        return counts

    @cached_property
    def per_speaker(self) -> dict[str | None, Score]:
        """A :class:`Score` per reference speaker (``None`` where the reference names none),
        in order of first appearance."""
        counts = self._scores(lambda side, token: side.speaker(token))
        return {name: Score(h + s + d, h, s, d, i) for name, (h, s, d, i) in counts.items()}

    @cached_property
    def per_turn(self) -> list[TurnScore]:
        """One entry per reference turn that has a word or an insertion: ``number``,
        ``speaker``, ``start_ms``, ``end_ms`` (``None`` for plain text) and ``score``."""
        ref = _Side(self._ref, self._ref_units)
        counts = self._scores(lambda side, token: side.turn(token))
        spans = ref.turn_spans()
        out = []
        for number, (h, s, d, i) in sorted(counts.items(), key=lambda item: item[0] or 0):
            speaker, start, end = spans.get(number, (None, None, None))
            out.append(TurnScore(number or 0, speaker, start, end, Score(h + s + d, h, s, d, i)))
        return out

    # --- tables ---------------------------------------------------------------------------------

    def frame(self) -> Any:
        """The aligned pairs as a pandas DataFrame (columns: :data:`PAIR_COLUMNS`)."""
        from vbformats.alignment.tables import pairs_frame

        return pairs_frame(self.pairs)

    def speakers_frame(self) -> Any:
        """One row per reference speaker (columns: :data:`SCORE_COLUMNS` after ``speaker``)."""
        from vbformats.alignment.tables import speakers_frame

        return speakers_frame(self.per_speaker)

    def turns_frame(self) -> Any:
        """One row per reference turn: ``turn``, ``speaker``, ``start_ms``, ``end_ms``, then
        the score columns."""
        from vbformats.alignment.tables import turns_frame

        return turns_frame(self.per_turn)

    def to_dict(self, per_speaker: bool = False, per_turn: bool = False) -> dict[str, Any]:
        """The figures as JSON-ready data (``cer`` included; per speaker / turn on request)."""
        data: dict[str, Any] = {
            "wer": self.wer,
            "mer": self.mer,
            "wil": self.wil,
            "wip": self.wip,
            "cer": self.cer,
            "hits": self.hits,
            "substitutions": self.substitutions,
            "deletions": self.deletions,
            "insertions": self.insertions,
            "reference_words": self.reference_words,
            "hypothesis_words": self.hypothesis_words,
        }
        if per_speaker:
            data["speakers"] = [
                {"speaker": name, **_score_dict(score)} for name, score in self.per_speaker.items()
            ]
        if per_turn:
            data["turns"] = [
                {
                    "turn": turn.number,
                    "speaker": turn.speaker,
                    "start_ms": turn.start_ms,
                    "end_ms": turn.end_ms,
                    **_score_dict(turn.score),
                }
                for turn in self.per_turn
            ]
        return data

    def __repr__(self) -> str:
        return (
            f"WERResult(wer={self.wer:.4f}, hits={self.hits}, substitutions={self.substitutions}"
            f", deletions={self.deletions}, insertions={self.insertions})"
        )


def _score_dict(score: Score) -> dict[str, Any]:
    return {
        "words": score.words,
        "hits": score.hits,
        "substitutions": score.substitutions,
        "deletions": score.deletions,
        "insertions": score.insertions,
        "wer": score.wer,
    }


class _Side:
    """Per-unit lookups into one side's stream (and its media's times)."""

    def __init__(self, stream: Stream, units: Units) -> None:
        self.stream = stream
        self.units = units
        self.tokens = units.token.tolist()
        media = stream.media
        self.starts = media.words.start_ms if media is not None else None
        self.ends = media.words.end_ms if media is not None else None

    def token(self, unit: int | None) -> int | None:
        return None if unit is None else self.tokens[unit]

    def text(self, token: int | None) -> str | None:
        return None if token is None else self.stream.text[token]

    def _table_index(self, token: int | None) -> int | None:
        source = self.stream.source
        if token is None or source is None:
            return None
        return source[token]

    def start(self, token: int | None) -> int | None:
        index = self._table_index(token)
        return None if index is None or self.starts is None else self.starts[index]

    def end(self, token: int | None) -> int | None:
        index = self._table_index(token)
        return None if index is None or self.ends is None else self.ends[index]

    def speaker(self, token: int | None) -> str | None:
        return None if token is None else self.stream.speaker[token]

    def turn(self, token: int | None) -> int | None:
        return None if token is None else self.stream.turn[token]

    def turn_spans(self) -> dict[int, tuple[str | None, int | None, int | None]]:
        """Turn number → (speaker, start, end of its words), times for loaded input only."""
        stream = self.stream
        out: dict[int, tuple[str | None, int | None, int | None]] = {}
        spans: dict[int, list[int]] = {}
        for token, (turn, punc) in enumerate(zip(stream.turn, stream.punc, strict=True)):
            if turn not in out:
                out[turn] = (stream.speaker[token], None, None)
            if punc or self.starts is None or self.ends is None:
                continue
            index = self._table_index(token)
            assert index is not None
            span = spans.setdefault(turn, [self.starts[index], self.ends[index]])
            span[0] = min(span[0], self.starts[index])
            span[1] = max(span[1], self.ends[index])
        for turn, (start, end) in spans.items():
            out[turn] = (out[turn][0], start, end)
        return out
