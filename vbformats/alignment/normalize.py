"""Normalisation: the words as they are compared, never as they are written out.

One pipeline serves both jobs. Its input is a :class:`~vbformats.alignment.tokens.Stream`
(punctuation is already split off into punctuation tokens, as VoiceBase's ``m: "punc"`` and our
readers do, so a punctuation token is never a word); its output is the **units** compared, each
with the token it came from (a token may give several units, "can't" → ``can not``, "4472" →
``4 4 7 2``, or none, "[laughter]").

Whatever the normalisation, trailing punctuation (``.,;:!?…`` and closing quotes and brackets)
is not part of a word: plain text is read with it split off, and a loaded transcript's
``"Mr."`` compares as ``Mr`` (a word made only of such characters is no word at all).

Steps, in this order, each switched by a field of :class:`Normalization`:

1. ``remove_non_words``: text between ``[`` and ``]`` or ``<`` and ``>`` is removed, across
   tokens (jiwer's ``RemoveKaldiNonWords``: ``[laughter]``, ``<unk>``);
2. ``lowercase``: ``str.lower`` (jiwer's ``ToLowerCase``);
3. ``unify_apostrophes``: ``’`` ``‘`` ``ʼ`` ``＇`` become ``'``;
4. ``expand_contractions``: jiwer's ``ExpandCommonEnglishContractions`` (``won't`` → ``will
   not``, ``can't`` → ``can not``, ``let's`` → ``let us``, ``n't`` → `` not``, ``'re``,
   ``'s`` → `` is``, ``'d`` → `` would``, ``'ll``, ``'t``, ``'ve``, ``'m``), same regular
   expressions, same order;
5. the result is split at whitespace; ``split_hyphens`` also splits at ``-`` ``‐`` ``–`` ``—``;
6. ``numbers``: written and spoken numbers become digits (:mod:`vbformats.alignment.numbers`);
7. ``remove_punctuation``: every character whose Unicode category starts with ``P`` is removed
   (jiwer's ``RemovePunctuation``), and a unit left empty is dropped.

Presets (``normalize=`` takes a name or a :class:`Normalization`):

* ``"standard"`` (the default of :func:`vbformats.wer`): steps 1, 2, 4: exactly jiwer's
  ``wer_standardize`` transform (``ToLowerCase``, ``ExpandCommonEnglishContractions``,
  ``RemoveKaldiNonWords``, whitespace). jiwer keeps punctuation glued to words (``"dana."``
  ≠ ``"dana"``) while vbformats reads it as separate tokens, so punctuation never counts;
  on text without trailing punctuation and without ``Name:`` labels the figures are jiwer's
  to the last digit (tested on generated pairs);
* ``"raw"`` (``None``, CLI ``--no-normalize``): no step at all: words compared exactly as
  written (jiwer's ``wer_default``);
* ``"loose"``: every step: case, punctuation, apostrophes, hyphens and number formatting do
  not count;
* :data:`MATCHING` (the default of :func:`vbformats.align`): steps 1-3 and 5-7, contractions
  not expanded (the apostrophe is removed instead, so "can't" matches "cant", and a word stays
  one unit).
"""

from __future__ import annotations

import operator
import re
import unicodedata
from bisect import bisect_right
from functools import cached_property
from itertools import chain, compress
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from vbformats.alignment.numbers import (
    NUMBER_WORDS,
    SYMBOL_WORDS,
    digits_of_token,
    is_glue_word,
    is_number_word,
    read_number_groups,
)
from vbformats.alignment.tokens import Stream
from vbformats.errors import InvalidInputError
from vbformats.formats.cuebody import TRAILING_PUNCTUATION

__all__ = [
    "MATCHING",
    "PRESETS",
    "Normalization",
    "Units",
    "Vocabulary",
    "normalization",
    "units_of",
]


class Normalization(BaseModel):
    """Which differences between two transcripts do not count (steps in the module docstring).

    Frozen; an unknown field is refused. The defaults are the ``"standard"`` preset.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    remove_non_words: bool = Field(True, description="Drop [bracketed] and <angled> text.")
    lowercase: bool = Field(True, description="Compare lower case (str.lower).")
    unify_apostrophes: bool = Field(False, description="Curly and modifier apostrophes → '.")
    expand_contractions: bool = Field(True, description="jiwer's English contractions.")
    split_hyphens: bool = Field(False, description="'uh-huh' is two words.")
    numbers: bool = Field(
        False, description="'4472' = 'four four seven two', '$5' = 'five dollars'."
    )
    remove_punctuation: bool = Field(False, description="Drop Unicode punctuation inside words.")


#: The named presets (see the module docstring).
PRESETS: dict[str, Normalization] = {
    "standard": Normalization(),
    "raw": Normalization(remove_non_words=False, lowercase=False, expand_contractions=False),
    "loose": Normalization(
        unify_apostrophes=True, split_hyphens=True, numbers=True, remove_punctuation=True
    ),
}

#: How the aligner compares words: everything but contraction expansion.
MATCHING = Normalization(
    unify_apostrophes=True,
    expand_contractions=False,
    split_hyphens=True,
    numbers=True,
    remove_punctuation=True,
)


def normalization(value: Any, what: str = "normalize") -> Normalization:
    """A :class:`Normalization` from a preset name, ``None`` (raw), a dict or a model.

    Raises:
        InvalidInputError: an unknown preset name or field (path ``what``).
    """
    if value is None:
        return PRESETS["raw"]
    if isinstance(value, Normalization):
        return value
    if isinstance(value, str):
        preset = PRESETS.get(value.strip().lower())
        if preset is None:
            known = ", ".join(PRESETS)
            raise InvalidInputError(what, f"unknown normalisation {value!r}; known: {known}")
        return preset
    if isinstance(value, dict):
        from pydantic import ValidationError

        try:
            return Normalization.model_validate(value)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise InvalidInputError(f"{what}.{where}", first["msg"]) from None
    raise InvalidInputError(
        what, f"expected a preset name, a dict or a Normalization, got {type(value).__name__}"
    )


class Units:
    """The units of one stream.

    Attributes:
        words: Each unit's text, as compared.
        token: Each unit's token index in the stream (int64 array, built on first use).
        rank: Each unit's position among its token's units, 0, 1, ... (int64 array).
        count: Number of units of each unit's token (int64 array).
    """

    def __init__(self, words: list[str], word_tokens: list[int], counts: list[int]) -> None:
        self.__dict__["words"] = words
        self._word_tokens = word_tokens
        self._counts = counts
        self._ids: list[int] = []
        self._names: list[str] = []
        self._length = len(words)

    @classmethod
    def from_ids(
        cls, ids: list[int], names: list[str], token: np.ndarray, rank: np.ndarray
    ) -> Units:
        """Units given as vocabulary ids (``names[id]`` is the word, looked up on first use of
        :attr:`words`), with their token and rank arrays (``count`` is derived)."""
        units = cls.__new__(cls)
        units._ids, units._names, units._length = ids, names, len(ids)
        units._word_tokens, units._counts = [], []
        heads = np.flatnonzero(rank == 0)
        sizes = np.diff(np.append(heads, len(ids)))
        units.__dict__["_arrays"] = (token, rank, np.repeat(sizes, sizes))
        return units

    def __len__(self) -> int:
        return self._length

    @cached_property
    def words(self) -> list[str]:
        """Each unit's text, as compared."""
        names = self._names
        return [names[code] for code in self._ids]

    @cached_property
    def _arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        counts = np.asarray(self._counts, dtype=np.int64)
        token = np.repeat(np.asarray(self._word_tokens, dtype=np.int64), counts)
        first = np.cumsum(counts) - counts  # index of each token's first unit
        rank = np.arange(len(self.words), dtype=np.int64) - np.repeat(first, counts)
        return token, rank, np.repeat(counts, counts)

    @property
    def token(self) -> np.ndarray:
        return self._arrays[0]

    @property
    def rank(self) -> np.ndarray:
        return self._arrays[1]

    @property
    def count(self) -> np.ndarray:
        return self._arrays[2]


# jiwer's ExpandCommonEnglishContractions, same patterns in the same order
_CONTRACTIONS = (
    (re.compile(r"won't"), "will not"),
    (re.compile(r"can\'t"), "can not"),
    (re.compile(r"let\'s"), "let us"),
    (re.compile(r"n\'t"), " not"),
    (re.compile(r"\'re"), " are"),
    (re.compile(r"\'s"), " is"),
    (re.compile(r"\'d"), " would"),
    (re.compile(r"\'ll"), " will"),
    (re.compile(r"\'t"), " not"),
    (re.compile(r"\'ve"), " have"),
    (re.compile(r"\'m"), " am"),
)
# jiwer's RemoveKaldiNonWords
_NON_WORD = re.compile(r"[<\[][^>\]]*[>\]]")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "＇": "'"})
_HYPHENS = re.compile(r"[-‐‑–—]+")
# words the number step reads differently (number words, "oh"/"and", currency words)
_SPOKEN = NUMBER_WORDS | {"oh", "and"} | set(SYMBOL_WORDS)
# punctuation the pipeline strips around a written number ("(4472)", "4472.")
_WRAPPING = "()[]{}\"'.,;:!?«»“”‘’"
# a token that can be a written number (digits_of_token's alphabet); "4G", "B12" cannot
_NUMERIC = re.compile(r"[$£€]?[\d.,:/\-]*\d[\d.,:/\-]*%?")


class _NoPunctuation(dict[int, int | None]):
    """``str.translate`` table deleting every Unicode punctuation character (category P*, as
    jiwer's RemovePunctuation), filled per character on first sight: building it for all
    1.1 million code points up front took a quarter of a second on every first use."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.category(chr(code)).startswith("P") else code
        self[code] = value
        return value


_NO_PUNCTUATION = _NoPunctuation()


def _no_punctuation() -> _NoPunctuation:
    return _NO_PUNCTUATION


class _NumberParts(tuple[str, ...]):
    """Parts of a token with a spoken number word among them (read with its neighbours)."""

    __slots__ = ()


class _PartsCache(dict[str, tuple[str, ...]]):
    """Token text → its parts under one normalisation, computed on first sight.

    A call repeats a few thousand distinct words, so the pipeline runs once per distinct
    text and each token costs one dict lookup.
    """

    def __init__(self, norm: Normalization) -> None:
        super().__init__()
        self.norm = norm

    def __missing__(self, text: str) -> tuple[str, ...]:
        parts = _parts(text, self.norm)
        self[text] = parts
        return parts


def _parts(text: str, norm: Normalization) -> tuple[str, ...]:
    # tokenisation, not normalisation: trailing punctuation is never part of a word (the text
    # reader splits it off; a loaded transcript may send "Mr." as one token)
    text = text.rstrip(TRAILING_PUNCTUATION)
    if norm.lowercase:
        text = text.lower()
    if norm.unify_apostrophes:
        text = text.translate(_APOSTROPHES)
    if norm.expand_contractions and "'" in text:
        for pattern, replacement in _CONTRACTIONS:
            text = pattern.sub(replacement, text)
    pieces = text.split()
    if norm.split_hyphens:
        pieces = [part for piece in pieces for part in _HYPHENS.split(piece) if part]
    out: list[str] = []
    spoken = False
    for piece in pieces:
        if norm.numbers:
            digits = digits_of_token(piece)
            if digits is not None:
                out += digits
                continue
        if norm.remove_punctuation:
            piece = piece.translate(_no_punctuation())
            if not piece:
                continue
            if norm.numbers:
                digits = digits_of_token(piece)  # "(4472)"
                if digits is not None:
                    out += digits
                    continue
        if norm.numbers:
            piece = SYMBOL_WORDS.get(piece, piece)
            if is_number_word(piece):
                spoken = True  # "oh" and "and" join a number only next to a number word
        out.append(piece)
    return _NumberParts(out) if spoken else tuple(out)


def _without_non_words(stream: Stream) -> list[str]:
    """Token texts with ``[...]`` / ``<...>`` removed, matched on the text as written.

    The tokens are joined as a writer prints them (a space before each word, punctuation
    attached, turns separated by a space), so a bracket split off as punctuation
    (``[laughter`` + ``]``) closes its non-word again, and one spanning words goes as a whole.
    """
    texts = stream.text
    joined = "".join(texts)
    if "[" not in joined and "<" not in joined:
        return texts
    offsets: list[int] = []
    pieces: list[str] = []
    position = 0
    previous_turn = None
    for text, punc, turn in zip(texts, stream.punc, stream.turn, strict=True):
        if pieces and not (punc and turn == previous_turn):
            pieces.append(" ")
            position += 1
        offsets.append(position)
        pieces.append(text)
        position += len(text)
        previous_turn = turn
    joined = "".join(pieces)
    out = list(texts)
    for match in _NON_WORD.finditer(joined):
        start, end = match.span()
        first = bisect_right(offsets, start) - 1
        for index in range(max(first, 0), len(texts)):
            begin = offsets[index]
            if begin >= end:
                break
            text_end = begin + len(texts[index])
            if text_end <= start:
                continue
            keep_head = out[index][: max(0, start - begin)] if begin < start else ""
            keep_tail = texts[index][end - begin :] if text_end > end else ""
            out[index] = keep_head + keep_tail
    return out


class Vocabulary(dict[str, int]):
    """Word → small int id, assigned on first sight; ``names[id]`` is the word."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def __missing__(self, word: str) -> int:
        self.names.append(word)
        code = self[word] = len(self.names) - 1
        return code


def word_keys(
    stream: Stream, norm: Normalization, vocabulary: Vocabulary
) -> tuple[list[int], list[int], list[bool]]:
    """One comparison key per word token, for the aligner's first pass, as a vocabulary id.

    The key is the token's parts under ``norm`` without number reading and hyphen splitting,
    joined (a word left without parts keys on its own text, marked). Returns the keys' ids in
    ``vocabulary`` (shared by both sides, so equal keys have equal ids), the word tokens'
    stream indices, and for each whether ``norm`` would give it other units than its key alone
    (a number, a hyphenated word): where the first pass does not match such a word, the aligner
    compares units instead.
    """
    plain = norm.model_copy(update={"numbers": False, "split_hyphens": False})
    texts = _without_non_words(stream) if norm.remove_non_words else stream.text
    is_word = list(map(operator.not_, stream.punc))
    word_tokens = list(compress(range(len(is_word)), is_word))
    words = list(compress(texts, is_word))
    # the pipeline once per distinct text, then one dict lookup per token
    key_of: dict[str, int | None] = {}
    complex_of: dict[str, bool] = {}
    hyphens = norm.split_hyphens
    numbers = norm.numbers
    for text in set(words):
        parts = _parts(text, plain)
        key_of[text] = vocabulary["\x1f".join(parts)] if parts else None
        # the full pipeline can only differ where a hyphen, a digit or a number or symbol
        # word is involved: run it only then (it costs as much as the first)
        maybe = (hyphens and _HYPHENS.search(text) is not None) or (
            numbers
            and (
                _NUMERIC.fullmatch(text.strip(_WRAPPING)) is not None
                or not _SPOKEN.isdisjoint(parts)
            )
        )
        complex_of[text] = maybe and _parts(text, norm) != parts
    keys: list[Any] = list(map(key_of.__getitem__, words))
    if None in key_of.values():
        # a word left without parts keys on its own text as written (marked)
        originals = list(compress(stream.text, is_word))
        for k in [k for k, key in enumerate(keys) if key is None]:
            keys[k] = vocabulary["\x00" + originals[k]]
    return keys, word_tokens, list(map(complex_of.__getitem__, words))


def units_of(stream: Stream, norm: Normalization, keep_empty: bool = False) -> Units:
    """Every unit of a stream's words, in order, with the token each came from.

    Punctuation tokens give no unit. Spoken numbers are read across consecutive words of one
    turn (a punctuation token ends them). With ``keep_empty`` (the aligner), a word left
    without a unit ("—", "[laughter]", a number word that got no digit) gets one made of its
    own text (marked so it never equals a normalised word), so it can still match itself.
    """
    texts = _without_non_words(stream) if norm.remove_non_words else stream.text
    is_word = list(map(operator.not_, stream.punc))
    word_tokens = list(compress(range(len(is_word)), is_word))
    cache = _PartsCache(norm)
    parts = list(map(cache.__getitem__, compress(texts, is_word)))
    if norm.numbers and any(type(value) is _NumberParts for value in cache.values()):
        parts = _read_spoken_numbers(stream, word_tokens, parts)
    if keep_empty and not all(parts):
        words = list(compress(stream.text, is_word))
        parts = [value or ("\x00" + words[k],) for k, value in enumerate(parts)]
    return Units(list(chain.from_iterable(parts)), word_tokens, list(map(len, parts)))


def _read_spoken_numbers(
    stream: Stream, word_tokens: list[int], parts: list[tuple[str, ...]]
) -> list[tuple[str, ...]]:
    """Replace runs of number words by their digits, shared out over the run's tokens."""
    turn = stream.turn
    out = list(parts)
    n = len(word_tokens)
    done = 0  # positions before this are decided
    for k in [k for k, value in enumerate(parts) if type(value) is _NumberParts]:
        if k < done:
            continue
        # the run: consecutive word tokens (no punctuation between, same turn) whose parts
        # are all number words; 'oh' / 'and' only between two number words
        run: list[int] = []
        flat: list[tuple[int, str]] = []
        j = k
        while j < n:
            if run and (
                word_tokens[j] != word_tokens[j - 1] + 1
                or turn[word_tokens[j]] != turn[word_tokens[j - 1]]
            ):
                break
            value = parts[j]
            if not value or not all(is_number_word(p) or is_glue_word(p) for p in value):
                break
            run.append(j)
            flat += [(j, p) for p in value]
            j += 1
        done = max(j, k + 1)
        if not flat:
            continue
        groups = read_number_groups([p for _, p in flat])
        for position in run:
            # a word of the run that is part of no number ("and" between two numbers, "oh" at
            # an edge) keeps its own parts; the numbers' words get their digits below
            out[position] = tuple(parts[position])
        for first, stop, digits in groups:
            members = sorted({flat[q][0] for q in range(first, stop)})
            for position in members:
                out[position] = ()
            # digits go to the number's words in order; its first and last word always get
            # one, so the digits span the whole spoken number; with fewer digits than words,
            # the words in between without one are skipped evenly
            count, total = len(digits), len(members)
            for d, digit in enumerate(digits):
                if count >= total:
                    position = members[d * total // count]
                else:
                    position = members[(d * (total - 1) + (count - 1) // 2) // max(count - 1, 1)]
                out[position] = (*out[position], digit)
    return out
