"""What every metric family starts from: the call prepared once, on word-table columns.

:class:`PreparedCall` applies the primitives of issue #4 a single time, so the families never
disagree about them:

* **Tokens.** Speech words are tokens without any flag (``turn`` markers, ``punc``, ``dtmf`` and
  unknown flags are not speech; a ``turn|punc`` token is a marker). Speech words with
  ``e < s`` are dropped with a :class:`~vbformats.errors.LossyConversionWarning` (the loader
  refuses them, so this only happens for tables built by hand). Markers keep naming their
  speaker whatever their times: their times are never used.
* **Speaker** of a speech word: the cleaned name of the nearest preceding marker in array order
  (the rule of :func:`vbformats.turns.speaker_of_tokens`, computed here as a cumulative sum
  over the markers); ``None`` before any marker and in mono files.
* **Order.** All speech words are sorted once by ``(s, e, array index)``; each speaker's words,
  each role's words and the call's word sequence are sub-sequences of that one order.
* **Segments** per speaker: sorted words merged while ``word.s - segment_end <= join_gap_ms``
  (:func:`merge_sorted`, the array form of :func:`vbformats.spans.merge_with_gap`).
  **Streaks**: same sweep, a new streak when
  ``word.s - streak_end >= streak_gap_ms``. ``segment_end``/``streak_end`` is the largest end
  so far, so a long word overlapped by shorter ones on the same channel keeps its end.
* **Zero-length words** count as words (talk rate, voice features) but add no time: they are
  left out of segments and streaks, where they would bridge a gap or make a 0 s streak.
* **Call window** ``W = [0, L)``: ``L`` = ``length_ms`` argument, else media ``length`` when
  present and > 0, else the largest end of a speech word. Every ratio to ``L`` counts only the
  time inside ``W``: speech after a ``length`` that is shorter than the words (bad data) is
  clipped off, with a ``LossyConversionWarning``, so every ratio stays in its documented range.
* **Roles** follow :mod:`vbformats.roles`: its rules (:func:`~vbformats.roles.roles_for_speakers`)
  applied to the speakers in the order :func:`~vbformats.roles.speaker_order` defines (earliest
  ``s``, then array index), read off the sorted words; for a document without named speakers
  in its words, to the ``speakerSentiments`` names (earliest value first).

Nothing here builds a :class:`~vbformats.models.words.Word` model, and nothing reads the
table's private structs: only its public cached columns. The passes over every word (filter,
sort, split by speaker, merge into segments) are numpy array operations on those columns, and
the segments and streaks stay numpy span arrays (:mod:`vbformats.spans.arrays`, the array form
of :mod:`vbformats.spans`) for every family; span lists are made only for the result.
Pure-Python loops over 100,000 words, or over the 20,000 segments of such a call, cost more
than loading the file; these passes cost a few milliseconds (numpy comes with pandas anyway).
The garbage collector is paused while the metrics run (:func:`vbformats.gcpause.gc_paused`).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from vbformats.errors import InvalidInputError, LossyConversionWarning
from vbformats.gcpause import gc_paused
from vbformats.models.media import Media
from vbformats.models.words import MARKER, SPEECH, WordTable
from vbformats.roles import Role, media_roles, roles_for_speakers, speaker_order
from vbformats.spans import Span, find_containing
from vbformats.spans import arrays as spans
from vbformats.spans.arrays import Spans
from vbformats.turns import clean_speaker_name

__all__ = [
    "ROLES",
    "MetricsParams",
    "PreparedCall",
    "gc_paused",
    "mean",
    "merge_sorted",
    "thirds",
]

ROLES: tuple[Role, Role] = ("agent", "caller")

LengthSource = Literal["argument", "length", "words", "none"]


@dataclass(frozen=True, slots=True)
class MetricsParams:
    """Every constant of the metric definitions, with VoiceBase's defaults.

    Attributes:
        join_gap_ms: A word joins the current talk segment when its start is at most this many
            ms after the segment's end (default 100).
        streak_gap_ms: A pause of at least this many ms starts a new streak (default 3000).
        silence_min_ms: A silent interval counts as a silence incident when it is longer than
            this many ms (default 4000).
        agent_volume_divisor: The "good agent" volume that agent-relative-voice-volume-energy
            divides by (default 4.33).
        caller_volume_divisor: The "good caller" volume for caller-relative-voice-volume-energy
            (default 7.57).
        length_ms: Call length ``L`` in ms; ``None`` takes media ``length`` (when > 0) or the
            last speech word's end.

    Raises:
        InvalidInputError: a negative gap or minimum, a streak gap below 1 ms, a divisor that is
            not a positive finite number, a negative length. The path names the parameter.
    """

    join_gap_ms: int = 100
    streak_gap_ms: int = 3000
    silence_min_ms: int = 4000
    agent_volume_divisor: float = 4.33
    caller_volume_divisor: float = 7.57
    length_ms: int | None = None

    def __post_init__(self) -> None:
        for name, low in (("join_gap_ms", 0), ("streak_gap_ms", 1), ("silence_min_ms", 0)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise InvalidInputError(name, f"must be an integer >= {low} ms, got {value!r}")
        for name in ("agent_volume_divisor", "caller_volume_divisor"):
            value = getattr(self, name)
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or not math.isfinite(value)
                or value <= 0
            ):
                raise InvalidInputError(name, f"must be a positive number, got {value!r}")
        length = self.length_ms
        if length is not None and (
            isinstance(length, bool) or not isinstance(length, int) or length < 0
        ):
            raise InvalidInputError("length_ms", f"must be an integer >= 0, got {length!r}")


def merge_sorted(
    starts: npt.NDArray[np.int64], ends: npt.NDArray[np.int64], join_gap_ms: int
) -> list[Span]:
    """:func:`vbformats.spans.merge_with_gap` for non-empty spans already sorted by start,
    as array operations (:func:`vbformats.spans.arrays.merge_sorted`, as a list).

    A span starts a new merged span when ``start - reach > join_gap_ms``, ``reach`` being the
    largest end of all spans before it. That is the sweep's ``current_end``: spans of earlier
    merged spans end before the current one began, so the running maximum over everything
    before is the current merged span's end. The merged end is the maximum end of its spans.
    """
    return spans.to_list(spans.merge_sorted(starts, ends, join_gap_ms))


def mean(values: list[float]) -> float | None:
    """Arithmetic mean, ``None`` for an empty list."""
    return sum(values) / len(values) if values else None


def thirds(values: list[float]) -> tuple[list[float], list[float]]:
    """The first and last ``k = ceil(n/3)`` items (they overlap when ``n`` is 1, 2 or 4)."""
    k = -(-len(values) // 3)
    return values[:k], (values[-k:] if k else [])


class PreparedCall:
    """A call reduced to sorted speech words, per-speaker segments and streaks, roles and ``L``.

    Attributes:
        table: The word table.
        media: The media document (``None`` when a bare table was given).
        params: The parameters.
        starts, ends: ``s``/``e`` columns of the table (ms).
        start_array, end_array: The same columns as numpy ``int64`` arrays.
        order: Indices of the speech words, sorted by ``(s, e, index)``; e<s words left out
            (``order_array`` as a numpy array).
        order_codes: Speaker code of each word of ``order`` (``code_of`` maps names to codes).
        dropped: Indices of speech words dropped for ``e < s``.
        speakers: Speakers with at least one speech word, earliest first (``None`` included
            when some words have no marker before them).
        word_arrays: Speaker -> its speech-word indices in ``order`` order (numpy; see
            :meth:`words` for lists).
        segment_arrays: Speaker -> normalized talk segments (a span array).
        streak_arrays: Speaker -> streaks ``[first start, largest end)`` (a span array).
        segments, streaks: The same as span lists (built on first use).
        roles: Named speaker -> ``"agent"`` / ``"caller"``.
        role_speakers: Role -> its speakers, in speaker order.
        two_party: Both roles filled.
        length_ms: ``L``; ``length_source`` says where it came from.
    """

    def __init__(
        self,
        source: Media | WordTable,
        params: MetricsParams,
        roles: dict[str, str] | None = None,
    ) -> None:
        if isinstance(source, Media):
            self.media: Media | None = source
            table = source.words
        else:
            self.media = None
            table = source
        self.table = table
        self.params = params
        starts = table.start_ms
        ends = table.end_ms
        self.starts = starts
        self.ends = ends
        count = len(table)
        # The per-word passes (filter, sort, split by speaker, sweep) run as numpy array
        # operations on the table's columns; the interval algebra after them works on
        # segments, a few times fewer, with vbformats.spans.
        start_array = np.fromiter(starts, dtype=np.int64, count=count)
        end_array = np.fromiter(ends, dtype=np.int64, count=count)
        self.start_array = start_array
        self.end_array = end_array
        # The table's token classifier column (vbformats.models.words.token_kind) gives both
        # masks: speech words and speaker markers.
        kinds = np.fromiter(table.kinds, dtype=np.int8, count=count)
        speech_mask = kinds == SPEECH
        bad_mask = speech_mask & (end_array < start_array)
        self.dropped: list[int] = np.flatnonzero(bad_mask).tolist()
        if self.dropped:
            first = self.dropped[0]
            warnings.warn(
                f"{len(self.dropped)} speech word(s) end before they start and were left out "
                f"of the metrics (first: transcript.words[{first}], s={starts[first]}, "
                f"e={ends[first]})",
                LossyConversionWarning,
                stacklevel=3,
            )
            speech_mask &= ~bad_mask
        speech = np.flatnonzero(speech_mask)
        # (s, e, index) order: lexsort is stable and `speech` is ascending, so ties on (s, e)
        # keep array order
        order_array = speech[np.lexsort((end_array[speech], start_array[speech]))]
        self.order_array = order_array

        # Speaker of every token as a small integer code: the cleaned name of the nearest
        # preceding marker in array order (markers name themselves), None before any marker.
        # Same rule as vbformats.turns.speaker_of_tokens, done with a cumulative sum over the
        # markers instead of a Python loop over every token.
        turn_mask = kinds == MARKER
        # only the markers' text is needed, not a 100,000-entry column; a call has a handful
        # of distinct marker texts, each cleaned once
        raw_names = table.text_at(np.flatnonzero(turn_mask).tolist())
        cleaned = {raw: clean_speaker_name(raw) for raw in set(raw_names)}
        codes_of: dict[str | None, int] = {}
        marker_codes = [codes_of.setdefault(cleaned[raw], len(codes_of)) for raw in raw_names]
        none_code = codes_of.setdefault(None, len(codes_of))
        lookup = np.array([*marker_codes, none_code], dtype=np.int64)
        # cumsum - 1 is the ordinal of the last marker at or before each token; -1 picks the
        # final entry of `lookup`, the code of "no speaker"
        token_codes = lookup[np.cumsum(turn_mask) - 1]
        names_by_code = list(codes_of)
        order_codes = token_codes[order_array]
        # position of each code's first word in (s, e, index) order (len(order) = absent):
        # one unbuffered scatter-minimum, linear, where np.unique would sort all the words
        first_position = np.full(len(codes_of), len(order_codes), dtype=np.int64)
        np.minimum.at(first_position, order_codes, np.arange(len(order_codes)))
        present = np.flatnonzero(first_position < len(order_codes))
        # speakers in order of their first word in (s, e, index) order
        self.speakers: list[str | None] = [
            names_by_code[code]
            for code in present[np.argsort(first_position[present], kind="stable")].tolist()
        ]
        self.order_codes = order_codes
        self.code_of: dict[str | None, int] = {name: codes_of[name] for name in self.speakers}
        # each speaker's words in (s, e, index) order: one stable sort by code, then split
        # (a mask per speaker was a pass over all the words per speaker)
        by_code = np.argsort(order_codes, kind="stable")
        bounds = np.searchsorted(order_codes[by_code], np.arange(len(codes_of) + 1)).tolist()
        grouped = order_array[by_code]
        self.word_arrays: dict[str | None, npt.NDArray[np.intp]] = {
            name: grouped[bounds[code] : bounds[code + 1]]
            for name, code in ((name, self.code_of[name]) for name in self.speakers)
        }
        self._words: dict[str | None, list[int]] = {}

        join_gap = params.join_gap_ms
        # a new streak starts at a gap >= streak_gap_ms, i.e. joins at gap <= streak_gap_ms - 1
        streak_join = params.streak_gap_ms - 1
        # Segments and streaks stay numpy span arrays (vbformats.spans.arrays) for the metric
        # families; the span lists of `segments` / `streaks` are built on first use.
        self.segment_arrays: dict[str | None, Spans] = {}
        self.streak_arrays: dict[str | None, Spans] = {}
        for name, indices in self.word_arrays.items():
            word_starts = start_array[indices]
            word_ends = end_array[indices]
            timed = word_ends > word_starts  # zero-length words add no time
            word_starts = word_starts[timed]
            word_ends = word_ends[timed]
            self.segment_arrays[name] = spans.merge_sorted(word_starts, word_ends, join_gap)
            self.streak_arrays[name] = spans.merge_sorted(word_starts, word_ends, streak_join)
        self._segments: dict[str | None, list[Span]] | None = None
        self._streaks: dict[str | None, list[Span]] | None = None

        self.length_source: LengthSource
        media_length = self.media.length if self.media is not None else None
        if params.length_ms is not None:
            self.length_ms = params.length_ms
            self.length_source = "argument"
        elif media_length is not None and media_length > 0:
            self.length_ms = media_length
            self.length_source = "length"
        elif len(order_array):
            self.length_ms = int(end_array[order_array].max())
            self.length_source = "words"
        else:
            self.length_ms = 0
            self.length_source = "none"
        if len(order_array) and int(end_array[order_array].max()) > self.length_ms:
            # a length shorter than the words (bad data): without clipping, ratios of 50 and
            # talk percentages of 75,000 (issue #11)
            warnings.warn(
                f"speech ends at {int(end_array[order_array].max())} ms, after the call length "
                f"{self.length_ms} ms ({self.length_source}): the speech after it is left out of "
                "every ratio to the call's length",
                LossyConversionWarning,
                stacklevel=3,
            )

        self.roles: dict[str, Role] = self._roles(roles)
        self.role_speakers: dict[Role, list[str]] = {role: [] for role in ROLES}
        for name, role in self.roles.items():
            self.role_speakers[role].append(name)
        self.two_party = all(self.role_speakers[role] for role in ROLES)
        self._role_segments: dict[Role, Spans] = {}
        self._role_cache: dict[str | None, Role | None] = {}

    def _speaker_order(self) -> list[str]:
        """Named speakers by earliest speech word ``(s, array index)``: the order
        :func:`vbformats.roles.speaker_order` gives, read off the sorted words. A speaker's
        earliest ``s`` leads its sorted words; among its words with that ``s`` the smallest
        index wins."""
        first: dict[str, tuple[int, int]] = {}
        for name, indices in self.word_arrays.items():
            if name is None:
                continue
            word_starts = self.start_array[indices]
            earliest = int(word_starts[0])
            first[name] = (earliest, int(indices[word_starts == earliest].min()))
        return sorted(first, key=first.__getitem__)

    def _roles(self, override: dict[str, str] | None) -> dict[str, Role]:
        # words dropped here still count for vbformats.roles: ask it with the whole table
        order = speaker_order(self.table) if self.dropped else self._speaker_order()
        if self.media is None:
            return roles_for_speakers(order, override)
        # no named speaker in the words: the sentiment speakers (sentiment-only documents
        # still have agent/caller sentiment); never other sections (see vbformats.roles)
        return media_roles(self.media, override, order=order, sections=False)

    # --- views used by several families -------------------------------------------------------

    def role_of(self, name: str | None) -> Role | None:
        """The role of a speaker name (exact, then case-insensitive match), or ``None``."""
        if name in self._role_cache:
            return self._role_cache[name]
        role: Role | None = None
        if name is not None:
            role = self.roles.get(name)
            if role is None:
                folded = name.lower()
                for known, known_role in self.roles.items():
                    if known.lower() == folded:
                        role = known_role
                        break
        self._role_cache[name] = role
        return role

    @property
    def segments(self) -> dict[str | None, list[Span]]:
        """Speaker -> normalized talk segments (span lists, built on first use)."""
        if self._segments is None:
            self._segments = {
                name: spans.to_list(array) for name, array in self.segment_arrays.items()
            }
        return self._segments

    @property
    def streaks(self) -> dict[str | None, list[Span]]:
        """Speaker -> streaks as spans ``[first start, largest end)`` (built on first use)."""
        if self._streaks is None:
            self._streaks = {
                name: spans.to_list(array) for name, array in self.streak_arrays.items()
            }
        return self._streaks

    def role_segment_arrays(self, role: Role) -> Spans:
        """Normalized union of the role's speakers' segments (``A`` or ``C``), as arrays."""
        cached = self._role_segments.get(role)
        if cached is None:
            names = self.role_speakers[role]
            if len(names) == 1:
                cached = self.segment_arrays.get(names[0], spans.empty())
            else:
                cached = spans.union(
                    *(self.segment_arrays.get(name, spans.empty()) for name in names)
                )
            self._role_segments[role] = cached
        return cached

    def role_segments(self, role: Role) -> list[Span]:
        """Normalized union of the role's speakers' segments (``A`` or ``C``)."""
        return spans.to_list(self.role_segment_arrays(role))

    def all_segment_arrays(self) -> Spans:
        """Normalized union of every speaker's segments (any role or none), as arrays."""
        if len(self.segment_arrays) == 1:
            return next(iter(self.segment_arrays.values()))
        return spans.union(*self.segment_arrays.values())

    def all_segments(self) -> list[Span]:
        """Normalized union of every speaker's segments (any role or none)."""
        return spans.to_list(self.all_segment_arrays())

    def role_streak_arrays(self, role: Role) -> Spans:
        """The role's streaks, pooled over its speakers, sorted by ``(start, end)`` (not
        merged), as arrays."""
        pooled = [
            self.streak_arrays[name]
            for name in self.role_speakers[role]
            if name in self.streak_arrays
        ]
        if not pooled:
            return spans.empty()
        if len(pooled) == 1:
            return pooled[0]  # one speaker's streaks: sorted, disjoint
        starts = np.concatenate([array[0] for array in pooled])
        ends = np.concatenate([array[1] for array in pooled])
        order = np.lexsort((ends, starts))
        return starts[order], ends[order]

    def role_streaks(self, role: Role) -> list[Span]:
        """The role's streaks, pooled over its speakers, sorted (not merged)."""
        return spans.to_list(self.role_streak_arrays(role))

    @property
    def order(self) -> list[int]:
        """:attr:`order_array` as a list."""
        words: list[int] = self.order_array.tolist()
        return words

    def words(self, name: str | None) -> list[int]:
        """The speaker's speech-word indices in ``(s, e, index)`` order (empty if unknown)."""
        words = self._words.get(name)
        if words is None:
            array = self.word_arrays.get(name)
            words = array.tolist() if array is not None else []
            self._words[name] = words
        return words

    def role_words(self, role: Role) -> list[int]:
        """The role's speech-word indices in ``(s, e, index)`` order."""
        names = self.role_speakers[role]
        if len(names) == 1:
            return self.words(names[0])
        words: list[int] = self.role_word_array(role).tolist()
        return words

    def role_word_array(self, role: Role) -> npt.NDArray[np.intp]:
        """:meth:`role_words` as a numpy array."""
        names = self.role_speakers[role]
        if len(names) == 1 and names[0] in self.word_arrays:
            return self.word_arrays[names[0]]
        codes = [self.code_of[name] for name in names if name in self.code_of]
        return self.order_array[np.isin(self.order_codes, codes)]

    def speaker_at(self, role: Role, instant_ms: int) -> str | None:
        """The first speaker of ``role`` (speaker order) whose segments contain the instant; a
        role with one speaker answers that speaker without looking (it is only asked about
        instants inside the role's talk)."""
        names = self.role_speakers[role]
        if len(names) == 1:
            return names[0]  # callers only ask for instants inside the role's talk
        for name in names:
            if find_containing(self.segments.get(name, []), instant_ms) is not None:
                return name
        return None
