"""Transcript words: a columnar table with typed :class:`Word` models as its public face.

Why not one pydantic model per word: on a 100,000-word callback that costs about 5× the time of
``orjson.loads`` (issue #6). So words are decoded by msgspec straight into compact C structs
(``WireWord``), and :class:`WordTable` keeps them in array order. Whole columns
(``table.start_ms``, ``table.text`` ...) are built on first use with one list comprehension each
and cached; a :class:`Word` model is built only when a caller indexes or iterates.

How the fast path stays fast (garbage-collector pauses, untracked structs, packed columns,
unknown keys kept on the fast path) is written in :mod:`vbformats.models.wire_words`. Other
drift from the documentation (numbers sent as strings, floats for milliseconds, unknown keys
holding objects or arrays) makes the fast decoder refuse; the table is then built by
:func:`words_from_objects`, which records the original values in ``overrides`` so
:meth:`WordTable.to_dicts` reproduces the input exactly.

A table is immutable: build a new one (``WordTable.from_words`` / ``from_dicts``) to change words.
"""

from __future__ import annotations

import operator
import sys
from array import array
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from typing import Any, overload

import msgspec
from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import core_schema

from vbformats.errors import InvalidInputError
from vbformats.gcpause import gc_paused
from vbformats.models.kinds import (
    DTMF,
    MARKER,
    OTHER,
    PUNCTUATION,
    SPEECH,
    KindOf,
    parse_flags,
    token_kind,
)
from vbformats.models.wire_words import (
    UNSET,
    WireWord,
    check_columns,
    decode_fast,
    dominant_pitch,
    dump_items,
    encode_items,
    end_column,
    start_column,
    voice_columns,
    wire_from_objects,
)

__all__ = [
    "DTMF",
    "MARKER",
    "OTHER",
    "PUNCTUATION",
    "SPEECH",
    "Frequency",
    "Word",
    "WordTable",
    "dominant_pitch",
    "parse_flags",
    "token_kind",
    "words_from_json",
    "words_from_objects",
]

_intern = sys.intern
_TEXT = operator.attrgetter("w")


class Frequency(BaseModel):
    """One peak of a word's pitch spectrum (``frq`` entry)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    f: float = Field(description="Frequency in Hz.")
    e: float = Field(description="Relative energy of this peak (the largest is the dominant one).")


class Word(BaseModel):
    """One token of ``transcript.words``: a speech word, punctuation, a turn marker or DTMF.

    Field names say what the wire letters mean; the wire letters are the aliases, so
    ``Word.model_validate({"s": 0, "e": 10, "w": "hi"})`` works and ``to_dict()`` gives them back.
    """

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)

    position: int | None = Field(None, alias="p", description="Position ``p`` (0- or 1-based).")
    confidence: float | None = Field(None, alias="c", description="Confidence 0..1 (``c``).")
    start_ms: int = Field(alias="s", description="Start time in ms (``s``).")
    end_ms: int = Field(alias="e", description="End time in ms (``e``), >= start.")
    text: str = Field(alias="w", description="The word, punctuation, or speaker name (``w``).")
    flags_text: str | None = Field(
        None, alias="m", description="Raw ``m``: ``|``-separated flags (turn, punc, dtmf...)."
    )
    volume: float | None = Field(None, alias="v", description="Relative voice volume ``v``.")
    frequencies: list[Frequency] | None = Field(
        None, alias="frq", description="Pitch peaks ``frq`` (Hz and relative energy)."
    )

    @property
    def flags(self) -> frozenset[str]:
        """The set of flags in ``m`` (empty for a plain speech word)."""
        return parse_flags(self.flags_text)

    @property
    def is_turn(self) -> bool:
        """A speaker marker: ``w`` is the speaker's name, never a spoken word."""
        return "turn" in self.flags

    @property
    def is_speech(self) -> bool:
        """A spoken word: no flags at all."""
        return not self.flags

    @property
    def is_punctuation(self) -> bool:
        """Punctuation (``punc`` flag) that is not also a turn marker."""
        flags = self.flags
        return "punc" in flags and "turn" not in flags

    @property
    def duration_ms(self) -> int:
        """``end_ms - start_ms``."""
        return self.end_ms - self.start_ms

    def to_dict(self) -> dict[str, Any]:
        """The wire form of this word (only the keys it has)."""
        result: dict[str, Any] = self.model_dump(by_alias=True, exclude_unset=True)
        return result


_WORD_ALIASES: dict[str, str] = {
    name: field.alias or name for name, field in Word.model_fields.items()
}
_WORD_FIELD_NAMES = frozenset(name for name, alias in _WORD_ALIASES.items() if name != alias)


class WordTable(Sequence[Word]):
    """All tokens of a transcript in array order, stored as columns.

    Index or iterate to get :class:`Word` models; read whole columns (lists, one entry per token,
    in array order) for speed:

    * ``start_ms``, ``end_ms`` – ``list[int]``
    * ``text`` – ``list[str]``
    * ``flags_text`` – raw ``m`` values (``None`` where absent); ``flags`` – parsed sets
    * ``confidence``, ``volume`` – ``list[float | None]``; ``position`` – ``list[int | None]``
    * ``frequencies`` – ``list[list[tuple[float, float]] | None]`` as ``(f_hz, energy)`` pairs
    * ``is_turn``, ``is_punctuation``, ``is_dtmf``, ``is_speech`` – ``list[bool]``
    * ``pitch_hz`` – ``list[float | None]``, the dominant pitch (issue #4's rule);
      ``pitch_hz_array`` / ``volume_array`` – the same and ``volume`` as ``array("d")``, NaN
      where absent (``numpy.frombuffer`` gives a zero-copy view)

    ``text_at(indices)`` reads a few tokens' ``w`` without building the ``text`` column.

    ``estimated`` is always a column, one ``bool`` per token: ``True`` where a reader estimated
    the times (caption files carry only cue times), all ``False`` for words whose times came
    from the service (so ``table.estimated[:4]`` works on every table).
    """

    __slots__ = ("__dict__", "_estimated", "_items", "overrides")

    def __init__(
        self,
        items: list[WireWord] | None = None,
        overrides: dict[int, dict[str, Any]] | None = None,
        estimated: list[bool] | None = None,
    ) -> None:
        self._items: list[WireWord] = items if items is not None else []
        # token index -> wire keys whose original value differs from the struct's (or unknown)
        self.overrides: dict[int, dict[str, Any]] = overrides or {}
        self._estimated = estimated

    @property
    def estimated(self) -> list[bool]:
        """Per token: were its times estimated by a reader? (all ``False`` when none were)."""
        if self._estimated is None:
            return [False] * len(self._items)
        return self._estimated

    @estimated.setter
    def estimated(self, value: list[bool] | None) -> None:
        self._estimated = value

    # --- construction -------------------------------------------------------------------------

    @classmethod
    def from_dicts(cls, words: Iterable[Any], path: str = "words") -> WordTable:
        """Build from wire dicts (``{"s": .., "e": .., "w": .., "m": ..}``), validating each.

        Raises:
            InvalidInputError: naming ``path[i].key`` for the first bad word.
        """
        return words_from_objects(list(words), path)

    @classmethod
    def from_words(cls, words: Iterable[Word | dict[str, Any]]) -> WordTable:
        """Build from :class:`Word` models and/or wire dicts."""
        dicts = [w.to_dict() if isinstance(w, Word) else w for w in words]
        return words_from_objects(dicts, "words")

    @classmethod
    def from_columns(
        cls,
        start_ms: Sequence[int],
        end_ms: Sequence[int],
        text: Sequence[str],
        flags_text: Sequence[str | None] | None = None,
        confidence: Sequence[float | None] | None = None,
        estimated: Sequence[bool] | None = None,
        position: Sequence[int | None] | None = None,
    ) -> WordTable:
        """Build from parallel columns (readers); ``None`` in ``flags_text``, ``confidence``,
        ``position`` means no ``m``, ``c``, ``p``. One struct per token, no dict.

        Raises:
            InvalidInputError: columns of different lengths; a time outside
                ``[0, MAX_TIME_MS]`` or an end before its start (naming ``words[i]``).
        """
        count = len(start_ms)
        for column in (end_ms, text, flags_text, confidence, estimated, position):
            if column is not None and len(column) != count:
                raise InvalidInputError("words", "columns have different lengths")
        with gc_paused():
            starts = list(map(int, start_ms))
            ends = list(map(int, end_ms))
            check_columns(starts, ends, "words")
            texts = list(map(str, text))
            unset = UNSET
            absent = [unset] * count
            ms = absent if flags_text is None else [unset if m is None else m for m in flags_text]
            cs = absent if confidence is None else [unset if c is None else c for c in confidence]
            ps = absent if position is None else [unset if p is None else p for p in position]
            items = [
                WireWord(p=p, c=c, s=s, e=e, w=w, m=m)
                for p, c, s, e, w, m in zip(ps, cs, starts, ends, texts, ms, strict=True)
            ]
        table = cls(items, estimated=list(estimated) if estimated is not None else None)
        table.__dict__["start_ms"] = starts
        table.__dict__["end_ms"] = ends
        return table

    # --- sequence protocol --------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> Word: ...

    @overload
    def __getitem__(self, index: slice) -> list[Word]: ...

    def __getitem__(self, index: int | slice) -> Word | list[Word]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("word index out of range")
        # wire keys only: an unknown key spelled like a field name ("flags_text") stays an
        # unknown key, as it is in the table and in to_dicts()
        wire = self._wire_dict(index)
        word = Word.model_validate(wire, by_alias=True, by_name=False)
        if not _WORD_FIELD_NAMES.isdisjoint(wire):
            # pydantic counts such a key as setting the field; only the wire letters do
            object.__setattr__(
                word,
                "__pydantic_fields_set__",
                {name for name, alias in _WORD_ALIASES.items() if alias in wire},
            )
        return word

    def __iter__(self) -> Iterator[Word]:
        for i in range(len(self)):
            yield self[i]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WordTable):
            return NotImplemented
        return self.to_dicts() == other.to_dicts()

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        # Structs with extra keys have a class made at run time, which pickle cannot name: the
        # words travel as their wire JSON (compact) and are decoded again as on load.
        return (_unpickle_table, (msgspec.json.encode(self.to_dicts()), self._estimated))

    def __repr__(self) -> str:
        return f"<WordTable {len(self)} tokens>"

    # --- wire form ----------------------------------------------------------------------------

    def _wire_dict(self, index: int) -> dict[str, Any]:
        out = dump_items([self._items[index]])[0]
        extra = self.overrides.get(index)
        if extra:
            out.update(extra)
        return out

    def to_dicts(self) -> list[dict[str, Any]]:
        """The words as wire dicts, exactly as they were read (unknown keys included)."""
        out = dump_items(self._items)
        for index, extra in self.overrides.items():
            out[index].update(extra)
        return out

    def to_json_bytes(self) -> bytes:
        """``msgspec.json.encode(self.to_dicts())``, a batch of dicts at a time (less memory)."""
        return encode_items(self._items, self.overrides)

    # --- columns ------------------------------------------------------------------------------

    @cached_property
    def start_ms(self) -> list[int]:
        """Start times in ms, array order."""
        return start_column(self._items)

    @cached_property
    def end_ms(self) -> list[int]:
        """End times in ms, array order."""
        return end_column(self._items)

    @cached_property
    def text(self) -> list[str]:
        """``w`` of every token.

        Equal texts share one (interned) string object: a call repeats a few thousand distinct
        words, so passes over the column (the caption layout looks every word up) read a few
        thousand strings that stay in the CPU cache instead of 100,000 scattered ones.
        """
        try:
            return list(map(_intern, map(_TEXT, self._items)))
        except TypeError:  # a str subclass in a hand-built table: sys.intern refuses it
            return [w.w for w in self._items]

    def text_at(self, indices: Iterable[int]) -> list[str]:
        """``w`` of the tokens at ``indices`` (array positions), in that order.

        For a few tokens of a large table (the speaker markers, say) without building the whole
        :attr:`text` column; reads that column when it is already built.

        Raises:
            IndexError: an index out of range.
        """
        texts: list[str] | None = self.__dict__.get("text")
        if texts is not None:
            return [texts[index] for index in indices]
        items = self._items
        return [items[index].w for index in indices]

    @cached_property
    def flags_text(self) -> list[str | None]:
        """Raw ``m`` of every token (``None`` where absent).

        Interned like :attr:`text`: the few distinct values (``turn``, ``punc`` ...) are one
        object each, which every per-token flag lookup then finds in the CPU cache.
        """
        # the walrus reads the attribute once: about 2× faster than a call per token
        try:
            return [None if (m := w.m) is UNSET or m is None else _intern(m) for w in self._items]
        except TypeError:  # a str subclass in a hand-built table
            return [None if (m := w.m) is UNSET else m for w in self._items]

    @cached_property
    def kinds(self) -> list[int]:
        """:func:`token_kind` of every token (:data:`SPEECH`, :data:`MARKER`,
        :data:`PUNCTUATION`, :data:`DTMF`, :data:`OTHER`): the one token classifier, as a column.

        A file has a handful of distinct ``m`` values, each classified once; the column is then
        one C-level dict lookup per token.
        """
        return list(map(KindOf().__getitem__, self.flags_text))

    @cached_property
    def flags(self) -> list[frozenset[str]]:
        """Parsed flag sets of every token."""
        return self._per_flags(lambda flags: flags)

    def _per_flags(self, derive: Any) -> list[Any]:
        # A file has a handful of distinct ``m`` values: derive once per value, then one dict
        # lookup per token (about 3× faster than a call per token).
        flags_text = self.flags_text
        distinct: set[str | None] | None = self.__dict__.get("_distinct_flags_text")
        if distinct is None:
            distinct = self.__dict__["_distinct_flags_text"] = set(flags_text)
        lookup = {m: derive(parse_flags(m)) for m in distinct}
        return list(map(lookup.__getitem__, flags_text))

    @cached_property
    def confidence(self) -> list[float | None]:
        """``c`` of every token (meaningless on turn markers)."""
        return [None if (c := w.c) is UNSET else c for w in self._items]

    @cached_property
    def position(self) -> list[int | None]:
        """``p`` of every token (may start at 0 or 1, may have gaps)."""
        return [None if (p := w.p) is UNSET else p for w in self._items]

    @cached_property
    def volume(self) -> list[float | None]:
        """``v`` (relative voice volume) of every token (``None`` where absent)."""
        return [None if (v := w.v) is UNSET else v for w in self._items]

    @cached_property
    def pitch_hz(self) -> list[float | None]:
        """Dominant pitch of every token in Hz (``None`` where there is none).

        The ``f`` of the token's ``frq`` peak with the largest ``e`` among peaks with ``f > 0``
        and ``e > 0``; equal energies pick the lower ``f``. ``None`` when ``frq`` is absent,
        empty or has no such peak. This is the definition of issue #4, shared by the metrics
        and the words frame; :attr:`pitch_hz_array` is the same column unboxed.

        Example::

            >>> peaks = [{"f": 240.0, "e": 0.9}, {"f": 120.0, "e": 0.9}]
            >>> table = WordTable.from_dicts([
            ...     {"s": 0, "e": 5, "w": "hi", "frq": peaks},
            ...     {"s": 5, "e": 9, "w": "yo", "frq": [{"f": 0.0, "e": 1.0}]}])
            >>> table.pitch_hz
            [120.0, None]
        """
        # NaN marks "no pitch": the wire never carries NaN (JSON has none, and the tolerant
        # reader refuses non-finite numbers), so the mapping back to None is exact
        return [None if value != value else value for value in self.pitch_hz_array]

    @property
    def pitch_hz_array(self) -> array[float]:
        """:attr:`pitch_hz` as an ``array.array("d")`` of Hz, NaN where there is none (cached).

        For numeric work: ``numpy.frombuffer(table.pitch_hz_array)`` is a zero-copy float64
        view. Unboxed doubles cost the garbage collector nothing and are read without touching
        100,000 float objects, which is what makes the voice metrics cheap (issue #6).
        Computed together with :attr:`volume_array` in one pass over the words. Do not modify.
        """
        return self._voice_arrays()[0]

    @property
    def volume_array(self) -> array[float]:
        """:attr:`volume` (``v``) as an ``array.array("d")``, NaN where absent (cached).

        ``numpy.frombuffer(table.volume_array)`` is a zero-copy float64 view. Do not modify.
        """
        return self._voice_arrays()[1]

    def _voice_arrays(self) -> tuple[array[float], array[float]]:
        cached: tuple[array[float], array[float]] | None = self.__dict__.get("_voice")
        if cached is None:
            cached = self.__dict__["_voice"] = voice_columns(self._items)
        return cached

    @cached_property
    def frequencies(self) -> list[list[tuple[float, float]] | None]:
        """``frq`` of every token as ``(f_hz, energy)`` pairs."""
        with gc_paused():
            return [
                None if (w.frq is UNSET or w.frq is None) else [(p.f, p.e) for p in w.frq]
                for w in self._items
            ]

    @cached_property
    def frequency_pairs(self) -> list[tuple[tuple[float, float], ...] | None]:
        """``frq`` of every token as a tuple of ``(f_hz, energy)`` pairs: what the words
        table holds. Tuples of numbers leave the garbage collector's care after its first
        pass; a list per token stays in it, which made every later collection (and unpickling
        a parallel part) walk millions of them."""
        pair = msgspec.structs.astuple  # a peak struct is exactly (f, e); in C
        with gc_paused():
            return [
                None if (w.frq is UNSET or w.frq is None) else tuple(map(pair, w.frq))
                for w in self._items
            ]

    @cached_property
    def is_turn(self) -> list[bool]:
        """True for speaker markers (any token whose flags include ``turn``)."""
        return self._per_flags(lambda f: "turn" in f)

    @cached_property
    def is_punctuation(self) -> list[bool]:
        """True for punctuation that is not a turn marker."""
        return self._per_flags(lambda f: "punc" in f and "turn" not in f)

    @cached_property
    def is_dtmf(self) -> list[bool]:
        """True for DTMF (keypad tone) tokens that are not turn markers."""
        return self._per_flags(lambda f: "dtmf" in f and "turn" not in f)

    @cached_property
    def is_speech(self) -> list[bool]:
        """True for spoken words: tokens without any flag."""
        return self._per_flags(lambda f: not f)


def words_from_json(raw: bytes | memoryview | str, path: str = "transcript.words") -> WordTable:
    """Decode a JSON array of words. Fast path: msgspec straight into structs.

    Falls back to :func:`words_from_objects` when the array drifts from the documented shape
    beyond scalar unknown keys.

    Raises:
        InvalidInputError: invalid JSON, or a bad word (naming ``path[i].key``).
    """
    items = decode_fast(raw)
    if items is None:
        try:
            objects = msgspec.json.decode(raw)
        except msgspec.DecodeError as error:
            raise InvalidInputError(path, f"invalid JSON: {error}") from None
        return words_from_objects(objects, path)
    starts = start_column(items)
    ends = end_column(items)
    check_columns(starts, ends, path, starts_checked=True)
    table = WordTable(items)
    # the columns every consumer reads first, already built for the check: cache them
    table.__dict__["start_ms"] = starts
    table.__dict__["end_ms"] = ends
    return table


def _unpickle_table(encoded: bytes, estimated: list[bool] | None) -> WordTable:
    table = words_from_json(encoded, "words")
    table.estimated = estimated
    return table


def words_core_schema() -> core_schema.CoreSchema:
    """Pydantic schema so models can hold a :class:`WordTable` (accepts a list of dicts)."""

    def validate(value: Any) -> WordTable:
        if isinstance(value, WordTable):
            return value
        return words_from_objects(value, "words")

    return core_schema.no_info_plain_validator_function(
        validate,
        serialization=core_schema.plain_serializer_function_ser_schema(
            lambda table: table.to_dicts()
        ),
    )


def _table_schema(cls: type, source: Any, handler: Any) -> core_schema.CoreSchema:
    return words_core_schema()


WordTable.__get_pydantic_core_schema__ = classmethod(_table_schema)  # type: ignore[attr-defined]


def words_from_objects(objects: Any, path: str = "transcript.words") -> WordTable:
    """Build a table from already-parsed JSON (a list of dicts), tolerating documented drift.

    Accepted drift: numbers as strings, integral or fractional floats for ms (rounded half-up),
    unknown keys. Every value that would not dump back identically is kept in ``overrides``.

    Raises:
        InvalidInputError: naming ``path[i].key``: not a list, a word that is not an object, a
            missing ``s``/``e``/``w``, a non-numeric or non-finite time, ``e`` before ``s``.
    """
    items, overrides = wire_from_objects(objects, path)
    return WordTable(items, overrides)
