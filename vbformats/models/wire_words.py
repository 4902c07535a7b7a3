"""The wire layer of transcript words: msgspec structs, the fast decoder and the tolerant path.

:class:`~vbformats.models.words.WordTable` (the public face) stores its tokens as the
:class:`WireWord` structs made here; this module decodes them from JSON (fast path), builds them
from parsed JSON objects (tolerant path), dumps them back, and derives the unboxed voice columns.

How the fast path stays fast (measured on the 100,000-token benchmark file, issue #6):

* the cyclic garbage collector is paused while msgspec builds the ~400,000 objects of the array
  (structs, floats, strings): otherwise it runs a collection every 700 allocations over a
  growing heap, which doubled the decode time (105 ms → 52 ms);
* the words hold no container the collector tracks, so it never walks them after the load:
  ``WireWord`` is ``gc=False`` (numbers, strings and such structs cannot form a reference
  cycle), and ``frq`` is an ``array_like`` struct of ``gc=False`` structs (:class:`Peaks`),
  not a list. As lists, the 85,000 ``frq`` arrays cost a walk right after every load (about
  20 ms) and again in every later full collection;
* ``start_ms`` and ``end_ms`` are built during the load (every consumer needs them) and the
  ``e >= s`` check runs over those columns, so the check costs no extra pass; ``s >= 0`` is
  checked by msgspec itself (``Meta(ge=0)``);
* the columns are laid out for the passes that read them: ``start_ms`` / ``end_ms`` hold freshly
  made ints packed side by side (the decoder's ints are scattered among 70 MB of words, and
  every pass over them waited on memory: writing SRT got 25 ms faster); ``text`` and
  ``flags_text`` hold interned strings (a call has a few thousand distinct words and a handful
  of distinct flags, which then stay in the CPU cache); ``pitch_hz_array`` / ``volume_array``
  are unboxed ``array("d")`` columns for numeric work, built in one pass over the structs;
* unknown keys with scalar values (a new per-word field the service starts sending) do not leave
  the fast path: the decoder's "unknown field" error names the key, and the array is decoded again
  with a struct type that has the key as one more field (up to 8 such keys). The key then
  round-trips through the struct itself.
"""

from __future__ import annotations

import math
import operator
import re
from array import array
from collections.abc import Iterable, Iterator
from typing import Annotated, Any

import msgspec

from vbformats.errors import InvalidInputError
from vbformats.gcpause import gc_paused
from vbformats.timing import MAX_TIME_MS, check_ms, wire_ms

__all__ = [
    "UNSET",
    "Peaks",
    "WireFrequency",
    "WireWord",
    "check_columns",
    "check_times",
    "decode_fast",
    "dominant_pitch",
    "dump_items",
    "encode_items",
    "end_column",
    "start_column",
    "voice_columns",
    "wire_from_objects",
]

UNSET = msgspec.UNSET


# ``int | float`` (not ``float``) wherever the wire has a float: msgspec turns an int into a
# float for a ``float`` field, which rounds one past 2**53 and dumps ``1`` back as ``1.0``; the
# union keeps the number the service wrote (a dict keeps it too), so the round trip is exact


class WireFrequency(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    f: int | float
    e: int | float


class Peaks(msgspec.Struct, array_like=True, forbid_unknown_fields=True, gc=False):
    """A word's ``frq`` array (1 to 8 peaks) as one untracked C struct.

    Why not ``list[WireFrequency]``: 85,000 lists per 100,000 tokens are containers the cyclic
    garbage collector tracks: the first young collection after a load walked them all (about
    20 ms), and every later full collection again. A tuple is untracked by that first walk, but
    the walk itself remains. An ``array_like`` struct of ``gc=False`` structs is never tracked:
    decoding the benchmark file's words took 59-82 ms instead of 113-116 ms including that
    walk. Arrays of 0 or more than 8 peaks take the tolerant path, which stores a tuple.
    Iterate it for the peaks; positions past the last peak are ``UNSET``.
    ``forbid_unknown_fields`` makes a 9th peak an error (sending the word to the tolerant path);
    without it msgspec would drop the extra array items silently.
    """

    p0: WireFrequency
    p1: WireFrequency | msgspec.UnsetType = UNSET
    p2: WireFrequency | msgspec.UnsetType = UNSET
    p3: WireFrequency | msgspec.UnsetType = UNSET
    p4: WireFrequency | msgspec.UnsetType = UNSET
    p5: WireFrequency | msgspec.UnsetType = UNSET
    p6: WireFrequency | msgspec.UnsetType = UNSET
    p7: WireFrequency | msgspec.UnsetType = UNSET

    def __iter__(self) -> Iterator[WireFrequency]:
        # C-level tuple and search: about 2× faster than filtering the fields in Python
        fields: tuple[Any, ...] = msgspec.structs.astuple(self)
        try:
            return iter(fields[: fields.index(UNSET)])
        except ValueError:  # all 8 positions used
            return iter(fields)


def _unset_to_null(value: Any) -> Any:
    """``enc_hook`` for ``msgspec.to_builtins``: the unused positions of a :class:`Peaks`."""
    if value is UNSET:
        return None
    raise TypeError(f"cannot dump {type(value).__name__}")


def dump_items(items: list[WireWord]) -> list[dict[str, Any]]:
    """Wire dicts of structs: ``frq`` back to a plain array of its peaks."""
    with gc_paused():
        out: list[dict[str, Any]] = msgspec.to_builtins(items, enc_hook=_unset_to_null)
        for word in out:
            peaks = word.get("frq")
            if peaks is not None:
                if type(peaks) is list:
                    while peaks[-1] is None:  # the unused Peaks positions (p0 always set)
                        peaks.pop()
                else:
                    word["frq"] = list(peaks)  # a tuple from the tolerant path
    return out


def encode_items(
    items: list[WireWord], overrides: dict[int, dict[str, Any]], batch: int = 16384
) -> bytes:
    """Compact JSON of the wire dicts (:func:`dump_items` plus ``overrides``), as
    ``msgspec.json.encode`` writes them, built ``batch`` words at a time: never a dict for
    every word at once, which cost 0.6x ``orjson.loads``' peak on 1,000,000 tokens.

    Raises:
        UnicodeEncodeError: a string holds a lone surrogate (as ``msgspec.json.encode``).
    """
    by_batch: dict[int, list[tuple[int, dict[str, Any]]]] = {}
    for index, extra in overrides.items():
        by_batch.setdefault(index // batch, []).append((index, extra))
    parts = []
    with gc_paused():  # once for all batches: each re-enabling started a collection
        for lo in range(0, len(items), batch):
            out = dump_items(items[lo : lo + batch])
            for index, extra in by_batch.get(lo // batch, ()):
                out[index - lo].update(extra)
            parts.append(msgspec.json.encode(out)[1:-1])
            del out
    return b"[" + b",".join(parts) + b"]"


class WireWord(
    msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True, gc=False
):
    # Field order = the order VoiceBase writes them; UNSET keeps "missing" apart from "null".
    # gc=False: fields are numbers, strings and a list of gc=False structs, never a cycle.
    p: int | msgspec.UnsetType | None = UNSET
    c: int | float | msgspec.UnsetType | None = UNSET
    s: Annotated[int, msgspec.Meta(ge=0, le=MAX_TIME_MS)]
    e: Annotated[int, msgspec.Meta(le=MAX_TIME_MS)]
    w: str
    m: str | msgspec.UnsetType | None = UNSET
    v: int | float | msgspec.UnsetType | None = UNSET
    # Peaks on the fast path (a tuple of WireFrequency when the tolerant path built it):
    # neither is a container the garbage collector keeps walking, see Peaks.
    frq: Peaks | msgspec.UnsetType | None = UNSET


_WORDS_DECODER = msgspec.json.Decoder(list[WireWord])

#: Most distinct unknown per-word keys handled on the fast path (each costs one more decode).
_MAX_EXTRA_KEYS = 8
_Scalar = str | int | float | bool | None
_UNKNOWN_WORD_KEY = re.compile(r"Object contains unknown field `(.*)` - at `\$\[\d+\]`")
# msgspec refuses to rename a field to a key holding a quote, backslash or control character
# (and the error message shows such a key escaped): those words take the tolerant path
_RENAMEABLE = re.compile(r'[^"\\\x00-\x1f]*')
_EXTENDED_DECODERS: dict[tuple[str, ...], msgspec.json.Decoder[Any]] = {}


def _extended_decoder(keys: tuple[str, ...]) -> msgspec.json.Decoder[Any]:
    """A decoder whose word struct also has ``keys`` as optional scalar fields.

    The struct subclasses ``WireWord`` (so every column reads it alike) and renames its
    attributes ``x0``, ``x1``... to the wire keys, so ``msgspec.to_builtins`` dumps them back
    under their own names. Only scalars: an object or array under an unknown key still takes
    the tolerant path, where the reader checks its nesting depth.
    """
    decoder = _EXTENDED_DECODERS.get(keys)
    if decoder is None:
        names = [f"x{index}" for index in range(len(keys))]
        struct = msgspec.defstruct(
            "_WireWordExtended",
            [(name, _Scalar | msgspec.UnsetType, UNSET) for name in names],
            bases=(WireWord,),
            kw_only=True,
            rename=dict(zip(names, keys, strict=True)),
            forbid_unknown_fields=True,
            omit_defaults=True,
            gc=False,
        )
        decoder = msgspec.json.Decoder(list[struct])  # type: ignore[valid-type]
        if len(_EXTENDED_DECODERS) < 64:
            _EXTENDED_DECODERS[keys] = decoder
    return decoder


def voice_columns(items: list[WireWord]) -> tuple[array[float], array[float]]:
    """Pitch (see :attr:`WordTable.pitch_hz`) and volume of every word as unboxed doubles,
    NaN where there is none: one pass over the structs.

    The first three peaks are unrolled (VoiceBase sends 1 to 3 per word): about 3× faster than
    iterating :class:`Peaks`, whose ``__iter__`` is a Python call. Building the
    ``frequencies`` column and applying the rule to its tuples costs more than loading the
    file (issue #6). Both columns come from one pass because reading the structs, not the
    arithmetic, is most of the cost.
    """
    nan = math.nan
    pitches: array[float] = array("d")
    volumes: array[float] = array("d")
    append_pitch = pitches.append
    append_volume = volumes.append
    peaks_type = Peaks
    float_type = float
    unset = UNSET
    for word in items:
        volume = word.v
        # a class check is cheaper than two identity tests; absent, null or a float subclass
        # (numpy's float64 in a dict a user built) take the slow path
        append_volume(volume if volume.__class__ is float_type else _number_or_nan(volume))
        peaks = word.frq
        if peaks.__class__ is not peaks_type:
            # absent, null, or a tuple the tolerant path built
            pitch = None if peaks is None or peaks is unset else _pitch_of(peaks)
            append_pitch(nan if pitch is None else pitch)
            continue
        first = peaks.p0
        best_f = first.f
        best_e = first.e
        if not (best_f > 0 and best_e > 0):
            best_f = nan  # no valid peak yet; any valid one beats best_e = 0
            best_e = 0.0
        # Larger energy wins; equal energy (then best_e > 0, so best_f is a real frequency):
        # the lower frequency. Peaks 2 and 3 unrolled, the rest (rare) in a loop.
        peak = peaks.p1
        if peak is not unset:
            e = peak.e
            if e >= best_e and e > 0:
                f = peak.f
                if f > 0 and (e > best_e or f < best_f):
                    best_f = f
                    best_e = e
            peak = peaks.p2
            if peak is not unset:
                e = peak.e
                if e >= best_e and e > 0:
                    f = peak.f
                    if f > 0 and (e > best_e or f < best_f):
                        best_f = f
                        best_e = e
                if peaks.p3 is not unset:
                    for later in (peaks.p3, peaks.p4, peaks.p5, peaks.p6, peaks.p7):
                        if later is unset:
                            break
                        e = later.e
                        if e >= best_e and e > 0:
                            f = later.f
                            if f > 0 and (e > best_e or f < best_f):
                                best_f = f
                                best_e = e
        append_pitch(best_f)
    return pitches, volumes


def _number_or_nan(value: Any) -> float:
    """``float(value)``, NaN for an absent or null one."""
    return math.nan if value is None or value is UNSET else float(value)


def dominant_pitch(peaks: Iterable[tuple[float, float]] | None) -> float | None:
    """The pitch rule: a word's dominant pitch in Hz from its ``frq`` peaks ``(f_hz, energy)``.

    The ``f`` of the peak with the largest energy among peaks with ``f > 0`` and ``e > 0``;
    equal energies pick the lower ``f``. ``None`` when ``peaks`` is ``None``, empty, or has no
    such peak. This is the definition of issue #4, and the only one: the words table's
    ``pitch_hz`` column, the metrics and :func:`vbformats.frames.dominant_pitch` all apply it
    (:func:`voice_columns` unrolls it for speed and is tested equal to it).

    Example::

        >>> dominant_pitch([(260.9, 1.0), (521.8, 0.35)]), dominant_pitch([(0.0, 1.0)])
        (260.9, None)
    """
    best_f: float | None = None
    best_e = 0.0
    for f, e in peaks or ():
        if f > 0 and e > 0 and (e > best_e or (e == best_e and best_f is not None and f < best_f)):
            best_f = f
            best_e = e
    return best_f


def _pitch_of(peaks: Iterable[WireFrequency]) -> float | None:
    """:func:`dominant_pitch` of one word's peak structs (any iterable of them)."""
    return dominant_pitch((peak.f, peak.e) for peak in peaks)


# --- decoding ---------------------------------------------------------------------------------


def start_column(items: list[WireWord]) -> list[int]:
    """The ``s`` column as fresh int objects, allocated one after another.

    The decoder makes each word's ints between its other objects, so a column of them is
    100,000 pointers into about 70 MB of words: every later pass over it (turns, captions,
    metrics, frames) waits on memory for nearly every value. ``s + 0`` makes a new int in
    CPython (small ints excepted, which are shared anyway); made in one pass, the copies sit
    together, and the passes after read them in order. On the 100,000-token benchmark file
    this costs about 3 ms at load and saves about 25 ms of writing SRT (issue #6). Values are
    unchanged (an ``int`` subclass becomes a plain ``int``).
    """
    return [w.s + 0 for w in items]


def end_column(items: list[WireWord]) -> list[int]:
    """The ``e`` column, packed like :func:`start_column`."""
    return [w.e + 0 for w in items]


def check_columns(
    starts: list[int], ends: list[int], path: str, starts_checked: bool = False
) -> None:
    """Raise for the first start outside ``[0, MAX_TIME_MS]``, end beyond it, or end before
    start (C-speed passes when fine).

    ``starts_checked``: the decoder already checked the range (``Meta(ge=0, le=...)``).
    """
    if not starts_checked and starts and (min(starts) < 0 or max(ends) > MAX_TIME_MS):
        for index, (start, end) in enumerate(zip(starts, ends, strict=True)):
            check_ms(start, f"{path}[{index}].s")
            check_ms(end, f"{path}[{index}].e")
    if any(map(operator.lt, ends, starts)):
        index = next(i for i, (s, e) in enumerate(zip(starts, ends, strict=True)) if e < s)
        raise InvalidInputError(
            f"{path}[{index}].e", f"end {ends[index]} ms is before start {starts[index]} ms"
        )


def check_times(items: list[WireWord], path: str) -> None:
    check_columns([w.s for w in items], [w.e for w in items], path)


def decode_fast(raw: bytes | memoryview | str) -> list[WireWord] | None:
    """Structs for the whole array, or ``None`` when it needs the tolerant path.

    The garbage collector is paused meanwhile (see the module docstring); it is switched back
    on only if it was on, so a caller that disabled it keeps it disabled.
    """
    decoder: msgspec.json.Decoder[Any] = _WORDS_DECODER
    keys: tuple[str, ...] = ()
    with gc_paused():
        while True:
            try:
                items: list[WireWord] = decoder.decode(raw)
                return items
            except msgspec.ValidationError as error:
                match = _UNKNOWN_WORD_KEY.fullmatch(str(error))
                if (
                    match is None
                    or match[1] in keys
                    or len(keys) >= _MAX_EXTRA_KEYS
                    or not _RENAMEABLE.fullmatch(match[1])
                ):
                    return None
                keys = (*keys, match[1])
                decoder = _extended_decoder(keys)
            except msgspec.DecodeError:
                return None


def _as_float(value: Any, where: str, allow_none: bool = True) -> float | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or value is None:
        raise InvalidInputError(where, f"expected a number, got {value!r}")
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise InvalidInputError(where, f"expected a number, got {value!r}") from None
    else:
        raise InvalidInputError(where, f"expected a number, got {type(value).__name__}")
    if not math.isfinite(number):
        raise InvalidInputError(where, f"not a finite number: {value!r}")
    return number


_KNOWN_KEYS = frozenset("pcsewmv") | {"frq"}


def wire_from_objects(
    objects: Any, path: str = "transcript.words"
) -> tuple[list[WireWord], dict[int, dict[str, Any]]]:
    """Structs from already-parsed JSON (a list of dicts), tolerating documented drift.

    Accepted drift: numbers as strings, integral or fractional floats for ms (rounded half-up),
    unknown keys. Every value that would not dump back identically is kept in ``overrides``.

    Raises:
        InvalidInputError: naming ``path[i].key``: not a list, a word that is not an object, a
            missing ``s``/``e``/``w``, a non-numeric or non-finite time, ``e`` before ``s``.
    """
    if not isinstance(objects, list):
        raise InvalidInputError(path, f"expected an array of words, got {type(objects).__name__}")
    items: list[WireWord] = []
    overrides: dict[int, dict[str, Any]] = {}
    for index, obj in enumerate(objects):
        where = f"{path}[{index}]"
        if not isinstance(obj, dict):
            raise InvalidInputError(where, f"expected an object, got {type(obj).__name__}")
        for key in ("s", "e", "w"):
            if key not in obj:
                raise InvalidInputError(f"{where}.{key}", "required field is missing")
        kept: dict[str, Any] = {}
        start = wire_ms(obj["s"], f"{where}.s")
        end = wire_ms(obj["e"], f"{where}.e")
        text = obj["w"]
        if not isinstance(text, str):
            if isinstance(text, (int, float)) and not isinstance(text, bool):
                kept["w"] = text
                text = str(text)
            else:
                raise InvalidInputError(f"{where}.w", f"expected a string, got {text!r}")
        if end < start:
            raise InvalidInputError(f"{where}.e", f"end {end} ms is before start {start} ms")
        if not text.isascii():
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as error:
                raise InvalidInputError(
                    f"{where}.w", f"lone surrogate at character {error.start}: not valid Unicode"
                ) from None
        word = WireWord(s=start, e=end, w=text)
        if type(obj["s"]) is not int:
            kept["s"] = obj["s"]
        if type(obj["e"]) is not int:
            kept["e"] = obj["e"]
        if "p" in obj:
            p = obj["p"]
            if p is None or (isinstance(p, int) and not isinstance(p, bool)):
                word.p = p
            else:
                number = _as_float(p, f"{where}.p")
                word.p = None if number is None else int(number)
                kept["p"] = p
        if "c" in obj:
            word.c = _as_float(obj["c"], f"{where}.c")
            if type(obj["c"]) is not float and obj["c"] is not None:
                kept["c"] = obj["c"]
        if "m" in obj:
            m = obj["m"]
            if m is not None and not isinstance(m, str):
                raise InvalidInputError(f"{where}.m", f"expected a string of flags, got {m!r}")
            word.m = m
        if "v" in obj:
            word.v = _as_float(obj["v"], f"{where}.v")
            if type(obj["v"]) is not float and obj["v"] is not None:
                kept["v"] = obj["v"]
        if "frq" in obj:
            peaks, exact = _frequencies(obj["frq"], f"{where}.frq")
            # a tuple here (any length); msgspec cannot decode a union of two array types, so
            # the field is declared as the fast path's Peaks and both are read by iteration
            word.frq = peaks  # type: ignore[assignment]
            if not exact:
                kept["frq"] = obj["frq"]
        for key, value in obj.items():
            if key not in _KNOWN_KEYS:
                kept[key] = value
        items.append(word)
        if kept:
            overrides[index] = kept
    return items, overrides


def _frequencies(value: Any, where: str) -> tuple[tuple[WireFrequency, ...] | None, bool]:
    """Parse ``frq``; the flag says whether the structs dump back exactly."""
    if value is None:
        return None, True
    if not isinstance(value, list):
        raise InvalidInputError(where, f"expected an array, got {type(value).__name__}")
    peaks = []
    exact = True
    for index, entry in enumerate(value):
        if not isinstance(entry, dict) or "f" not in entry or "e" not in entry:
            raise InvalidInputError(f"{where}[{index}]", "expected an object with 'f' and 'e'")
        f = _as_float(entry["f"], f"{where}[{index}].f", allow_none=False)
        e = _as_float(entry["e"], f"{where}[{index}].e", allow_none=False)
        assert f is not None and e is not None
        peaks.append(WireFrequency(f=f, e=e))
        if len(entry) != 2 or type(entry["f"]) is not float or type(entry["e"]) is not float:
            exact = False
    return tuple(peaks), exact
