"""Speaker turns → caption cues: the engine shared by the SRT, WebVTT and DFXP writers.

:func:`build_cues` cuts every speaker turn into cues under :class:`CaptionOptions`, whose
defaults come from broadcast practice (at most 42 displayed characters per line, 2 lines, a cue
on screen 1–7 s, a reading speed of at most 20 characters per second, a new cue after a pause of
1.5 s).

Rules, in the order they are applied:

1. **Speakers never share a cue.** A new cue starts at every turn (so on every speaker change)
   and after every pause of ``pause_split_ms`` or more. The only exception is the opt-in
   ``overlap="merge"`` dialogue cue (below).
2. **Where to cut.** Inside a stretch of speech, a cue takes as many words as fit
   ``max_lines`` lines of ``max_chars_per_line`` and ``max_duration_ms``. When the stretch goes
   on, the cut goes, in order of preference, after sentence punctuation (``. ? ! …``), after
   clause punctuation (``, ; : —``), then at the longest pause, always within the last half of
   what would fit (so cues stay full). When the rest of a stretch fits in one more cue, the cut
   balances the two cues instead (no one-word orphan after a full cue).
3. **Lines.** A cue longer than one line is wrapped into balanced lines (two lines of similar
   length, the lower one longer on a tie, a line break after punctuation preferred).
4. **Punctuation** tokens attach to the preceding word (no space), and never start a line.
5. **Time.** A cue starts at its first word's start and ends at its last word's end. A cue
   shorter than ``min_duration_ms`` or than its reading time (characters ÷
   ``max_chars_per_second``) is extended, but only into free time: never past the start of the
   next cue (of any speaker) that starts after it, never past ``max_duration_ms``. Cues are
   ordered by start; one speaker's cues never overlap each other.
6. **Overlapping speakers** (stereo overtalk), ``overlap=``:

   * ``"keep"`` (default): each speaker's cues keep their own times, so two cues may be on
     screen at once, because two people talked at once;
   * ``"split"``: strictly sequential captions. All words are put on one time line (ordered by
     start; a tie goes to the turn that came first) and a cue ends wherever another speaker's
     word starts; a cue still running when the next one starts is cut at that start. In long
     overtalk the two speakers' cues alternate quickly (``"merge"`` reads better there);
   * ``"merge"``: strictly sequential captions. Cues of different speakers that overlap in time
     become one dialogue cue with one line per speaker, each line starting with ``- ``: the
     overlapping cues are re-cut into one-line pieces and grouped while they overlap (at most
     ``max_lines`` speakers per cue; with ``max_lines=1`` nothing can merge and the result is
     sequential single cues); pieces that end up alone are joined back into normal cues.

7. **Impossible limits are reported, not hidden.** A 60-character word is written in a cue of
   its own; a 10-second word makes a 10-second cue. Every broken limit is listed in
   :attr:`CueList.violations` (cue index, option name, actual value, allowed value).

Labels (``build_cues(..., labels=True)``, used by the SRT writer): a cue shows ``Name:`` before
its first line when it starts a turn or follows (in output order) a cue of another speaker, so
every cue can be attributed by a reader; the label counts against ``max_chars_per_line``. Room
for it is planned while cutting (first cue of a turn; a cue after another speaker's turn began);
a cue that needs a label nobody planned for is re-wrapped with the room, and anything that
still does not fit is reported. Every line of a dialogue cue is labelled (``- Agent: Hi``).

Displayed width (``max_chars_per_line``, reading speed) counts what a viewer sees, not bytes or
code points: combining marks, zero-width joiners, variation selectors and emoji skin-tone
modifiers count 0, East Asian wide and full-width characters (CJK, most emoji) count 2, and
everything else counts 1 (see :func:`display_width`). Spaces between words count 1. Reading
speed counts every displayed character, spaces and labels included.

Word text is cleaned for display by :func:`clean_text`: any whitespace (newlines and tabs
included) becomes one space, control characters are dropped and lone surrogates become U+FFFD,
so no word can break a caption format (a newline inside a word would end an SRT cue). A token
whose cleaned text is empty rides on its neighbour like punctuation; a cue with no visible text
at all is not produced (its invisible tokens are then in no cue).

Every visible speech word (and punctuation, and DTMF when asked for) of the turns is in exactly
one cue, and each turn's words appear in array order when the cues are read in order. Times that
go backwards inside a turn (bad input) are made monotonic for cutting (a word never starts
before the one before it); a pause is the silence between a word's start and the latest end so
far in its turn.

Performance: this is the hot path of every caption writer (a 100,000-word call is 9,000–20,000
cues). It works on whole columns of the :class:`~vbformats.models.words.WordTable` and on token
indices: text columns are list comprehensions (a word's clean text and width are computed once
per *distinct* word), the times take one loop, cues are parallel lists until the public
:class:`Cue` objects are made in one ``map``, and per-cue work is a few bisections on prefix
sums (``str.rfind`` finds punctuation). No pydantic model and no regular expression per word.
The cyclic garbage collector is paused while cues are built (see :func:`_gc_paused`).
"""

from __future__ import annotations

import bisect
import contextlib
import gc
import math
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, pairwise, repeat
from operator import itemgetter
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from vbformats.errors import InvalidInputError
from vbformats.models.base import raise_from_validation_error
from vbformats.models.media import Media
from vbformats.models.words import WordTable
from vbformats.turns import Turn
from vbformats.turns import turns as split_turns

__all__ = [
    "CaptionOptions",
    "Cue",
    "CueList",
    "OverlapMode",
    "Violation",
    "build_cues",
    "check_cues",
    "clean_text",
    "display_width",
]

OverlapMode = Literal["keep", "split", "merge"]


class CaptionOptions(BaseModel):
    """How words are cut into caption cues. Frozen; unknown fields are refused.

    Defaults follow common broadcast subtitling guidelines (BBC, Netflix, DCMP): 42 characters
    by 2 lines, 1–7 s on screen, 20 characters per second.

    Example:
        >>> CaptionOptions(max_chars_per_line=32, overlap="merge").max_lines
        2
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_chars_per_line: int = Field(
        42,
        ge=1,
        description="Most displayed characters on one line (see display_width; a speaker label "
        "added by the SRT writer counts too). A single longer word is written anyway and "
        "reported.",
    )
    max_lines: int = Field(2, ge=1, description="Most lines in one cue.")
    min_duration_ms: int = Field(
        1000,
        ge=0,
        description="Shortest time on screen, ms. Shorter cues are extended into free time only; "
        "where there is none the cue stays short and is reported.",
    )
    max_duration_ms: int = Field(
        7000,
        ge=1,
        description="Longest time on screen, ms. A single word spoken for longer makes a longer "
        "cue, which is reported.",
    )
    max_chars_per_second: float = Field(
        20.0,
        gt=0,
        allow_inf_nan=False,
        description="Highest reading speed: displayed characters (spaces and labels included) "
        "divided by the cue's duration in seconds. Met by extending into free time where there "
        "is some; fast speech without pauses is reported.",
    )
    pause_split_ms: int = Field(
        1500,
        ge=0,
        description="A silence of at least this many ms within a turn always starts a new cue "
        "(0: every silence, however short).",
    )
    overlap: OverlapMode = Field(
        "keep",
        description="Overtalk handling: 'keep' (cues of different speakers may overlap in time), "
        "'split' (strictly sequential, cut where the other speaker starts) or 'merge' "
        "(strictly sequential, overlapping cues become one '- ' dialogue cue).",
    )
    include_dtmf: bool = Field(
        False, description="Show DTMF (keypad tone) tokens as words in the captions."
    )

    @model_validator(mode="after")
    def _durations_are_ordered(self) -> CaptionOptions:
        if self.min_duration_ms > self.max_duration_ms:
            raise ValueError(
                f"min_duration_ms ({self.min_duration_ms}) must not exceed "
                f"max_duration_ms ({self.max_duration_ms})"
            )
        return self

    @classmethod
    def coerce(cls, options: Any = None) -> CaptionOptions:
        """Turn ``None``, a dict, or any options model that has these fields into options.

        A writer's options model (which adds fields such as ``labels``) is accepted: only the
        caption fields are read from it. A dict must hold caption fields only.

        Raises:
            InvalidInputError: an unknown option (``options.max_char``) or a bad value.
        """
        if options is None:
            return cls()
        if isinstance(options, CaptionOptions):
            return options
        if isinstance(options, BaseModel):
            data = {k: v for k, v in options.model_dump().items() if k in cls.model_fields}
            return cls.model_validate(data)
        if not isinstance(options, Mapping):
            raise InvalidInputError(
                "options", f"expected CaptionOptions or a dict, got {type(options).__name__}"
            )
        try:
            return cls.model_validate(dict(options))
        except ValidationError as error:
            raise raise_from_validation_error(error, "options") from None


# --- display text ----------------------------------------------------------------------------

_XML_NONCHARACTERS = frozenset("\ufffe\uffff")
_ZWJ = "\u200d"


def clean_text(text: str) -> str:
    """Text as it can be shown in any caption format.

    Every run of whitespace (space, tab, newline, U+2028 …) becomes one space and the ends are
    trimmed; control characters (C0, C1, DEL) and the XML non-characters U+FFFE/U+FFFF are
    dropped; lone surrogates become U+FFFD. Everything else (emoji, combining marks, zero-width
    joiners, CJK, ``&``, ``<``, ``-->``) is kept: escaping is the writers' job.

    ``clean_text("a\\nb")`` → ``"a b"``; ``clean_text("\\x00")`` → ``""``.
    """
    # fast path: printable means no controls, no surrogates, no whitespace but ASCII space
    if text.isprintable():
        if text[:1] == " " or text[-1:] == " " or "  " in text:
            return " ".join(text.split())
        return text
    out = []
    for ch in text:
        if ch.isspace():
            out.append(" ")
            continue
        category = unicodedata.category(ch)
        if category == "Cc" or ch in _XML_NONCHARACTERS:
            continue
        out.append("\ufffd" if category == "Cs" else ch)
    return " ".join("".join(out).split())


def display_width(text: str) -> int:
    """Displayed width of ``text`` in character cells (a grapheme-ish count).

    Combining marks (Mn, Me), format characters (Cf: zero-width joiner, soft hyphen …), the
    character after a zero-width joiner (the rest of an emoji ZWJ sequence), emoji skin-tone
    modifiers and Hangul medial/final jamo count 0; East Asian wide and full-width characters
    count 2; every other character counts 1. ``display_width("e\\u0301")`` → 1,
    ``display_width("日本")`` → 4.
    """
    if text.isascii():
        return len(text)
    width = 0
    after_zwj = False
    for ch in text:
        if after_zwj:
            after_zwj = False
            continue
        if ch == _ZWJ:
            after_zwj = True
            continue
        code = ord(ch)
        if 0x1F3FB <= code <= 0x1F3FF or 0x1160 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF:
            continue
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


_SENTENCE_END = frozenset(".?!…。？！‼⁇⁈⁉｡")
_CLAUSE_END = frozenset(",;:、，；：–—")


class _InfoCache(dict[str, tuple[str, str, int, str]]):
    """Distinct token text → :func:`_token_info` (computed on first use)."""

    def __missing__(self, raw: str) -> tuple[str, str, int, str]:
        info = self[raw] = _token_info(raw)
        return info


def _token_info(raw: str) -> tuple[str, str, int, str]:
    """(clean text, " " + clean text, display width, break class) of a distinct token text."""
    clean = clean_text(raw)
    last = clean[-1:]
    kind = "s" if last and last in _SENTENCE_END else "c" if last and last in _CLAUSE_END else "-"
    return clean, " " + clean, display_width(clean), kind


# --- public results --------------------------------------------------------------------------


@dataclass(slots=True)
class Cue:
    """One caption: a time span and the lines shown during it.

    Attributes:
        start_ms: When the cue appears, ms.
        end_ms: When it disappears, ms (``>= start_ms``).
        speaker: The speaker's name (``None`` for mono / unnamed speech). For a dialogue cue,
            the speaker of its first line.
        lines: The text lines, without speaker labels. Lines of a dialogue cue start with
            ``"- "``.
        token_indices: Indices into the word table of the tokens shown (speech words,
            punctuation, DTMF when included), each turn's tokens in array order.
        turn_index: Index (into the turns the cues were built from) of the first line's turn.
        starts_turn: The cue shows the first word of a turn.
        line_speakers: For a dialogue cue (``overlap="merge"``), the speaker of each line;
            ``None`` otherwise.
        line_labels: When built with ``labels=True``: per line, the speaker label to show
            before it (``None`` for no label). ``None`` when no line has a label.
    """

    start_ms: int
    end_ms: int
    speaker: str | None
    lines: list[str]
    token_indices: list[int]
    turn_index: int = 0
    starts_turn: bool = False
    line_speakers: tuple[str | None, ...] | None = None
    line_labels: tuple[str | None, ...] | None = None

    @property
    def duration_ms(self) -> int:
        """``end_ms - start_ms``."""
        return self.end_ms - self.start_ms

    @property
    def is_dialogue(self) -> bool:
        """A merged cue holding lines of more than one speaker."""
        return self.line_speakers is not None

    @property
    def speakers(self) -> tuple[str | None, ...]:
        """The speakers shown (one, or one per line for a dialogue cue)."""
        return self.line_speakers if self.line_speakers is not None else (self.speaker,)

    @property
    def text(self) -> str:
        """The lines joined with newlines (no labels)."""
        return "\n".join(self.lines)

    @property
    def label(self) -> str | None:
        """The label shown before the first line, if any."""
        return self.line_labels[0] if self.line_labels else None

    def display_lines(self) -> list[str]:
        """The lines as displayed with labels: ``"Agent: Hello"``, or ``"- Agent: Yes"``."""
        labels = self.line_labels
        if not labels:
            return list(self.lines)
        out = []
        for line, label in zip(self.lines, labels, strict=False):
            if label is None:
                out.append(line)
            elif self.line_speakers is not None and line.startswith("- "):
                out.append(f"- {label}: {line[2:]}")
            else:
                out.append(f"{label}: {line}")
        out.extend(self.lines[len(labels) :])
        return out


@dataclass(frozen=True, slots=True)
class Violation:
    """A caption limit that a cue breaks because the words left no other way.

    Attributes:
        cue_index: Index of the cue in the :class:`CueList` (0-based; SRT numbers are +1).
        limit: The :class:`CaptionOptions` field: ``max_chars_per_line``, ``max_lines``,
            ``min_duration_ms``, ``max_duration_ms`` or ``max_chars_per_second``.
        actual: The cue's value (characters, lines, ms, or characters per second; ``inf`` for
            text shown for 0 ms).
        allowed: The option's value.
        line_index: For ``max_chars_per_line``, the line (0-based); ``None`` otherwise.
    """

    cue_index: int
    limit: str
    actual: float
    allowed: float
    line_index: int | None = None

    @property
    def excess(self) -> float:
        """By how much the limit is broken (always positive)."""
        return abs(self.actual - self.allowed)

    def __str__(self) -> str:
        where = f"cue {self.cue_index + 1}"
        if self.line_index is not None:
            where += f" line {self.line_index + 1}"
        relation = "<" if self.limit == "min_duration_ms" else ">"
        return f"{where}: {self.limit} {self.actual:g} {relation} {self.allowed:g}"


class CueList(list[Cue]):
    """The cues of a transcript (a ``list`` of :class:`Cue`, ordered by start) plus a report.

    Attributes:
        violations: Every limit a cue breaks (see :class:`Violation`); empty when all hold.
            Computed on first access (writers never need it), from the cues as built.
        options: The options the cues were built with.
    """

    def __init__(
        self,
        cues: Sequence[Cue] = (),
        violations: Sequence[Violation] | None = None,
        options: CaptionOptions | None = None,
        displayed: list[list[str]] | None = None,
        widths: list[list[int]] | None = None,
    ) -> None:
        super().__init__(cues)
        self._violations: list[Violation] | None = (
            list(violations) if violations is not None else None
        )
        self.options: CaptionOptions = options if options is not None else CaptionOptions()
        self._displayed = displayed
        self._widths = widths

    @property
    def violations(self) -> list[Violation]:
        """Every limit a cue breaks, ordered by cue (see :class:`Violation`)."""
        if self._violations is None:
            widths = self._widths
            if widths is None or len(widths) != len(self):
                widths = [_line_widths(cue) for cue in self]
            self._violations = _violations(self, self.options, widths)
        return self._violations

    @violations.setter
    def violations(self, value: list[Violation]) -> None:
        self._violations = list(value)

    def displayed(self) -> list[list[str]]:
        """Every cue's :meth:`Cue.display_lines` (labels included), in cue order.

        Computed while the cues were built (writers use it); recomputed if the list changed.
        """
        shown = self._displayed
        if shown is None or len(shown) != len(self):
            shown = self._displayed = [cue.display_lines() for cue in self]
        return shown


def check_cues(cues: Sequence[Cue], options: CaptionOptions | None = None) -> list[Violation]:
    """Every limit of ``options`` that ``cues`` break (displayed lines, labels included).

    Args:
        cues: Cues in output order (their indices are the ``cue_index`` of the result).
        options: The limits; defaults to :class:`CaptionOptions`.

    Returns:
        Violations ordered by cue, then by limit.
    """
    opts = options if options is not None else CaptionOptions()
    return _violations(cues, opts, [_line_widths(cue) for cue in cues])


def _line_widths(cue: Cue) -> list[int]:
    return [display_width(line) for line in cue.display_lines()]


def _violations(
    cues: Sequence[Cue], opts: CaptionOptions, widths: Sequence[Sequence[int]]
) -> list[Violation]:
    max_chars = opts.max_chars_per_line
    max_lines = opts.max_lines
    min_ms = opts.min_duration_ms
    max_ms = opts.max_duration_ms
    cps = opts.max_chars_per_second
    found: list[Violation] = []
    for index, cue in enumerate(cues):
        line_widths = widths[index]
        for line_index, width in enumerate(line_widths):
            if width > max_chars:
                found.append(Violation(index, "max_chars_per_line", width, max_chars, line_index))
        if len(line_widths) > max_lines:
            found.append(Violation(index, "max_lines", len(line_widths), max_lines))
        duration = cue.end_ms - cue.start_ms
        if duration < min_ms:
            found.append(Violation(index, "min_duration_ms", duration, min_ms))
        if duration > max_ms:
            found.append(Violation(index, "max_duration_ms", duration, max_ms))
        chars = sum(line_widths)
        # integer comparison first: no float rounding decides a borderline cue
        if chars * 1000 > cps * duration:
            speed = math.inf if duration == 0 else round(chars * 1000 / duration, 3)
            found.append(Violation(index, "max_chars_per_second", speed, cps))
    return found


# --- the engine ------------------------------------------------------------------------------

_NO_GAP = -(1 << 62)  # gap "before" a punctuation token: never a place to cut
_RANK = {"s": 2, "c": 1, "-": 0}  # cut preference after a sentence end, a clause end, a word


def _label_name(speaker: str | None) -> str | None:
    """The label shown for a speaker, or None when it has no displayable name."""
    if speaker is None:
        return None
    name = clean_text(speaker)
    return name or None


class _Stream:
    """Columns of the token stream in caption order ("slots"), and the cutting algorithms."""

    def __init__(self, turn_list: Sequence[Turn], opts: CaptionOptions, labels: bool) -> None:
        self.opts = opts
        self.labels = labels
        self.turn_list = turn_list
        self.speakers = [turn.speaker for turn in turn_list]
        self.label_names = [_label_name(s) for s in self.speakers]
        self.label_widths = [display_width(n) + 2 if n else 0 for n in self.label_names]

        lengths = [len(turn.token_indices) for turn in turn_list]
        tok = [i for turn in turn_list for i in turn.token_indices]
        n = len(tok)
        self.n = n
        turn_of = list(chain.from_iterable(repeat(t, k) for t, k in enumerate(lengths)))
        first = [False] * n
        pause = opts.pause_split_ms
        # slots that start a segment: every turn's first slot, and speech after a long pause
        cuts = list(accumulate([k for k in lengths if k], initial=0))[:-1]
        columns: dict[int, tuple[list[str], list[bool], list[int], list[int]]] = {}
        for turn in turn_list:
            table = turn.table
            if id(table) not in columns:
                columns[id(table)] = (
                    table.text,
                    table.is_punctuation,
                    table.start_ms,
                    table.end_ms,
                )

        # Text columns, by comprehensions (a clean text is computed once per distinct word):
        #   glue[k]  a rider (punctuation or invisible token, never the first of a turn): it
        #            sticks to the slot before it and takes that word's times;
        #   piece[k] the text, with the space before it unless a rider;
        #   Q[k]     width of slots [0, k) laid on one line (prefix sums);
        #   cls[k]   "s"/"c"/"-": the slot's text ends a sentence / a clause / neither.
        cache = _InfoCache()
        if len(columns) == 1:
            texts, is_punct = next(iter(columns.values()))[:2]
            infos = [cache[texts[i]] for i in tok]
            glue = [is_punct[i] for i in tok]
        else:
            infos = [cache[turn.table.text[i]] for turn in turn_list for i in turn.token_indices]
            glue = [turn.table.is_punctuation[i] for turn in turn_list for i in turn.token_indices]
        glue = [p or not info[0] for p, info in zip(glue, infos, strict=True)]
        for k in cuts:
            glue[k] = False
            first[k] = True
            if not infos[k][0]:
                # a turn that opens with invisible tokens: its first visible token rides on
                # them, so that word and the invisible ones are one unit on one line
                j = k + 1
                while j < n and turn_of[j] == turn_of[k] and not infos[j][0]:
                    j += 1
                if j < n and turn_of[j] == turn_of[k]:
                    glue[j] = True
        piece = [info[0] if g else info[1] for info, g in zip(infos, glue, strict=True)]
        q_col = list(
            accumulate([info[2] + (not g) for info, g in zip(infos, glue, strict=True)], initial=0)
        )
        cls = [info[3] for info in infos]

        # Time columns, in one loop (each value depends on the one before):
        #   S[k]/E[k] start/end, made monotonic inside the turn so its cues come out in word
        #            order; a rider has its word's;
        #   gap[k]   the silence before slot k: its start minus the latest end so far in the
        #            turn. A silence of pause_split_ms or more starts a segment.
        #   R[k]     the latest end of the turn's slots up to k (a running maximum of E):
        #            an upper bound of max(E[i:j]) for i <= k < j in one turn, so the duration
        #            checks skip slicing E for the many cues that are far below the limit.
        s_col: list[int] = []
        e_col: list[int] = []
        gap: list[int] = []
        r_col: list[int] = []
        add_s, add_e, add_gap, add_r = s_col.append, e_col.append, gap.append, r_col.append
        k = 0
        for turn in turn_list:
            starts, ends = columns[id(turn.table)][2:]
            s = e = latest = -1
            for i in turn.token_indices:
                if glue[k]:
                    add_s(s)
                    add_e(e)
                    add_gap(_NO_GAP)
                else:
                    start = starts[i]
                    if start > s:
                        s = start
                    e = ends[i]
                    if e < s:
                        e = s
                    if s - latest >= pause and latest >= 0:
                        cuts.append(k)
                    add_gap(s - latest)
                    if e > latest:
                        latest = e
                    add_s(s)
                    add_e(e)
                add_r(latest)
                k += 1
        cuts.sort()

        if opts.overlap == "split" and n:
            # one time line for everybody: words (with their punctuation) ordered by start;
            # the sort is stable, so a turn's words keep their order
            heads = [k for k in range(n) if not glue[k]]
            stops = dict(zip(heads, [*heads[1:], n], strict=True))
            perm: list[int] = []
            for head_slot in sorted(heads, key=s_col.__getitem__):
                perm.extend(range(head_slot, stops[head_slot]))
            tok = [tok[p] for p in perm]
            piece = [piece[p] for p in perm]
            widths = [q_col[p + 1] - q_col[p] for p in perm]
            q_col = list(accumulate(widths, initial=0))
            glue = [glue[p] for p in perm]
            cls = [cls[p] for p in perm]
            first = [first[p] for p in perm]
            turn_of = [turn_of[p] for p in perm]
            s_col = [s_col[p] for p in perm]
            e_col = [e_col[p] for p in perm]
            gap = [gap[p] for p in perm]
            # segments: wherever the turn changes on the shared time line, or after a pause
            cuts = [
                k for k in range(n) if k == 0 or turn_of[k] != turn_of[k - 1] or gap[k] >= pause
            ]
            # R restarts with every segment: cues never span one here
            r_col = []
            latest = -1
            segment_starts = set(cuts)
            for k in range(n):
                if k in segment_starts or e_col[k] > latest:
                    latest = e_col[k]
                r_col.append(latest)

        self.tok = tok
        self.piece = piece
        self.Q = q_col
        self.glue = glue
        self.cls = "".join(cls)
        self.first = first
        self.turn_of = turn_of
        self.S = s_col
        self.E = e_col
        self.R = r_col
        self.gap_before = gap
        self.cuts = cuts
        # turn starts in time order, for the "label after an interruption" reservation
        starts_sorted = sorted(
            (turn.start_ms, index) for index, turn in enumerate(turn_list) if turn.token_indices
        )
        self.turn_starts = [s for s, _ in starts_sorted]
        self.turn_starts_turn = [index for _, index in starts_sorted]

    # --- geometry ------------------------------------------------------------------------

    def _line_end(self, x: int, cap: int, b: int) -> tuple[int, bool]:
        """End of the longest line from slot ``x`` that fits ``cap`` (bool: it overflows)."""
        q = self.Q
        glue = self.glue
        y = bisect.bisect_right(q, q[x] + (0 if glue[x] else 1) + cap, x, b + 1) - 1
        while x < y < b and glue[y]:
            y -= 1
        if y > x:
            return y, False
        # the first word alone is wider than cap: it takes the line
        y = x + 1
        while y < b and glue[y]:
            y += 1
        return y, True

    def _fit(self, i: int, b: int, first_cap: int, width: int, lines: int) -> int:
        """End of the longest cue from ``i`` that fits the lines and the duration (> ``i``)."""
        q = self.Q
        glue = self.glue
        x = i
        cap = first_cap
        count = 0
        while count < lines and x < b:
            # longest line from x: the last head boundary y with width(x, y) <= cap
            y = bisect.bisect_right(q, q[x] + 1 + cap, x, b + 1) - 1
            while x < y < b and glue[y]:
                y -= 1
            if y <= x:
                # a word wider than a line gets a cue of its own
                if count:
                    break
                y = x + 1
                while y < b and glue[y]:
                    y += 1
                x = y
                break
            x = y
            count += 1
            cap = width
        j = x
        e = self.E
        limit = self.S[i] + self.opts.max_duration_ms
        if self.R[j - 1] > limit and max(e[i:j]) > limit:
            j = bisect.bisect_right(self.S, limit, i, j)
            while i < j < b and glue[j]:
                j -= 1
            first_end = i + 1
            while first_end < b and glue[first_end]:
                first_end += 1
            j = max(j, first_end)
            while j > first_end and max(e[i:j]) > limit:
                j = self._prev_head(j, first_end)
        return j

    def _prev_head(self, k: int, floor: int) -> int:
        """The head boundary before ``k`` (not below ``floor``)."""
        glue = self.glue
        k -= 1
        while k > floor and glue[k]:
            k -= 1
        return k

    def _choose(self, i: int, j: int, b: int, width: int, lines: int) -> int:
        """Where to end the cue that starts at ``i`` (``j`` = the most that fits, < ``b``)."""
        glue = self.glue
        cls = self.cls
        gaps = self.gap_before
        if self._fit(j, b, width, width, lines) >= b:
            # The rest fits one more cue: balance the two (no orphan), still preferring
            # sentence ends, then clause ends, then the longest pause (100 ms steps). A cut
            # leaving either cue under a quarter of the text is taken only if nothing else is.
            # the head boundaries from j down to i + 1 (what _prev_head steps through)
            heads = [j]
            heads += [k for k in range(j - 1, i, -1) if not glue[k]]
            # "the rest [k, b) fits one cue" holds for the cuts nearest j and fails from some
            # point on (a longer rest never fits better): binary search that point
            low, high = 1, len(heads)
            while low < high:
                middle = (low + high) // 2
                if self._fit(heads[middle], b, width, width, lines) >= b:
                    low = middle + 1
                else:
                    high = middle
            q = self.Q
            q_i = q[i] + 1
            q_b = q[b] - 1
            total = q_b - q_i + 1
            best: tuple[bool, int, int, int, int] | None = None
            for k in heads[:low]:
                q_k = q[k]
                left = q_k - q_i
                right = q_b - q_k
                rank = _RANK[cls[k - 1]]
                key = (
                    4 * (left if left < right else right) >= total,
                    rank,
                    0 if rank else gaps[k] // 100,
                    right - left if left > right else left - right,  # -abs(right - left)
                    k,
                )
                if best is None or key > best:
                    best = key
            return best[-1] if best is not None else j
        # cut within the last half of what fits
        q = self.Q
        lo = max(i + 1, bisect.bisect_left(q, q[i] + (q[j] - q[i] + 1) // 2, i + 1, j + 1))
        for kind in ("s", "c"):
            m = cls.rfind(kind, lo - 1, j)
            while m >= 0:
                if not glue[m + 1]:
                    return m + 1
                m = cls.rfind(kind, lo - 1, m)
        # the longest pause before a head in [lo, j), the latest on a tie, unless j's own is
        # as long: riders' gaps are _NO_GAP, so they never win and need not be skipped
        if lo >= j:  # lo > i always
            return j
        window = gaps[lo:j]
        longest = max(window)
        if longest <= gaps[j]:
            return j
        window.reverse()
        return j - 1 - window.index(longest)

    def _wrap(self, a: int, b: int, first_cap: int, width: int) -> list[str]:
        """The cue's slots [a, b) as balanced lines."""
        piece = self.piece
        q = self.Q
        if q[b] - q[a] - 1 <= first_cap:
            return ["".join(piece[a:b]).lstrip(" ")]
        split = self._balance_two(a, b, first_cap, width)
        if split is not None:
            two = ["".join(piece[a:split]).lstrip(" "), "".join(piece[split:b]).lstrip(" ")]
            return two if two[0] else two[1:]
        breaks: list[int] = []
        x = a
        cap = first_cap
        while x < b:
            y, _ = self._line_end(x, cap, b)
            breaks.append(y)
            x = y
            cap = width
        if len(breaks) > 2:
            breaks = self._balance_many(a, b, first_cap, width, len(breaks))
        out = []
        x = a
        for y in breaks:
            out.append("".join(piece[x:y]).lstrip(" "))
            x = y
        # a line of invisible tokens only (the first word of a turn, cleaned to nothing)
        return [line for line in out if line] or [""]

    def _balance_two(self, a: int, b: int, first_cap: int, width: int) -> int | None:
        """Where to break slots [a, b) into two lines, or None when two lines cannot hold them.

        Candidates: the word boundaries on both sides of the middle, and the last sentence end
        and last clause end where both lines fit. Cost = difference of the two line widths
        (the label included) minus a bonus for punctuation: a break after a sentence end may
        leave lines up to 3/4 of a line apart, after a clause end up to half a line, and still
        win over an even break elsewhere; a tie goes to the longer lower line (the "pyramid").
        """
        q = self.Q
        glue = self.glue
        qa = q[a] + 1
        qb = q[b]
        # line 1 = [a, m): q[m] - qa <= first_cap; line 2 = [m, b): qb - q[m] - 1 <= width
        m_hi = bisect.bisect_right(q, qa + first_cap, a + 1, b) - 1
        while m_hi > a and glue[m_hi]:
            m_hi -= 1
        if m_hi <= a:
            return None
        m_lo = bisect.bisect_left(q, qb - 1 - width, a + 1, m_hi + 1)
        while m_lo <= m_hi and glue[m_lo]:
            m_lo += 1
        if m_lo > m_hi:
            return None
        cls = self.cls
        middle = bisect.bisect_left(q, (qa + qb - width + first_cap) // 2, m_lo, m_hi)
        while middle < m_hi and glue[middle]:
            middle += 1
        before = middle - 1
        while before > m_lo and glue[before]:
            before -= 1
        best = -1
        best_cost = 1 << 30
        label = width - first_cap  # columns of a label shown before the first line
        for m in (
            middle,
            before,
            cls.rfind("s", m_lo - 1, m_hi) + 1,
            cls.rfind("c", m_lo - 1, m_hi) + 1,
        ):
            if m < m_lo or glue[m]:
                continue
            w1 = q[m] - qa + label
            w2 = qb - q[m] - 1
            kind = cls[m - 1]
            # doubled, +1 when the upper line is the longer: ties go to the lower line
            cost = 2 * abs(w1 - w2) + (w1 > w2)
            if kind == "s":
                cost -= 3 * width // 2
            elif kind == "c":
                cost -= width
            if cost < best_cost:
                best, best_cost = m, cost
        return best if best > a else None

    def _balance_many(self, a: int, b: int, first_cap: int, width: int, count: int) -> list[int]:
        """Greedy breaks at the smallest width that still needs only ``count`` lines."""

        def greedy(cap_all: int) -> list[int]:
            out = []
            x = a
            cap = min(cap_all, first_cap)
            while x < b:
                y, _ = self._line_end(x, cap, b)
                out.append(y)
                x = y
                cap = cap_all
            return out

        low = 1
        high = width
        best = greedy(width)
        while low < high:
            middle = (low + high) // 2
            attempt = greedy(middle)
            if len(attempt) <= count:
                best = attempt
                high = middle
            else:
                low = middle + 1
        return best

    # --- building ------------------------------------------------------------------------

    def speaker_of_slot(self, slot: int) -> str | None:
        """The speaker of a slot's turn."""
        return self.speakers[self.turn_of[slot]]

    def _reserve(self, turn: int) -> int:
        return self.label_widths[turn] if self.labels else 0

    def segments(self) -> list[tuple[int, int]]:
        """Maximal runs of slots of one turn with no long pause inside."""
        return list(pairwise([*self.cuts, self.n])) if self.n else []

    def chunk(
        self,
        a: int,
        b: int,
        width: int,
        lines: int,
        first_reserve: int,
        reserve_for: Callable[[int], int] | None,
    ) -> list[tuple[int, int, int]]:
        """Cut slots [a, b) into cues: ``(lo, hi, label width reserved on the first line)``.

        ``first_reserve`` is the label room of the first cue; ``reserve_for(slot)`` gives it for
        each later cue (``None``: no labels).
        """
        out: list[tuple[int, int, int]] = []
        i = a
        reserve = first_reserve
        while True:
            j = self._fit(i, b, max(1, width - reserve), width, lines)
            k = b if j >= b else self._choose(i, j, b, width, lines)
            out.append((i, k, reserve))
            if k >= b:
                return out
            i = k
            reserve = reserve_for(i) if reserve_for is not None else 0


def _sweep(starts: list[int], ends: list[int], order: Sequence[int]) -> None:
    """Make the cues ``order`` lists (sorted by start) strictly sequential.

    A cue still on screen when the next one starts ends there; a cue starting together with
    the previous one waits for it to end. Starts stay non-decreasing along ``order``.
    """
    previous = -1
    for index in order:
        if previous >= 0 and starts[index] < ends[previous]:
            if starts[index] > starts[previous]:
                ends[previous] = starts[index]
            else:
                starts[index] = ends[previous]
                if ends[index] < starts[index]:
                    ends[index] = starts[index]
        previous = index


class _Cues:
    """Cues under construction, as parallel columns (one entry per cue, in creation order).

    Cues are ordered by start, then by first slot: slots are in stream order (turns by start,
    each turn's words in order), so equal starts keep each turn's word order, also for cues
    re-cut later (merge mode). Columns, not one object per cue: a 100,000-word call has about
    15,000 cues, and comprehensions over columns cost a fraction of per-object method calls.
    """

    def __init__(
        self,
        lo: list[int],
        hi: list[int],
        lines: list[list[str]],
        reserve: list[int],
        starts: list[int],
        ends: list[int],
    ) -> None:
        # bound of every tie-breaker (slots, cue positions): start * scale + tie is a sort key
        self.scale = max(hi, default=0) + len(lo) + 1
        self.lo = lo  # first slot
        self.hi = hi  # slot after the last
        self.lines = lines
        self.reserve = reserve  # label room planned on the first line
        self.start = starts
        self.end = ends
        # dialogue cues (overlap="merge"): the (lo, hi) slot range of each line
        self.parts: dict[int, list[tuple[int, int]]] = {}
        # labelled cues (labels=True): the label of each line
        self.labels: dict[int, tuple[str | None, ...]] = {}

    def by_start(self, indices: list[int], ties: list[int] | None = None) -> list[int]:
        """``indices`` ordered by start, then by ``ties`` (default: first slot, which is word
        order inside a turn). ``ties`` values must be below ``self.scale``."""
        starts = self.start
        second = self.lo if ties is None else ties
        scale = self.scale
        keys = [starts[k] * scale + second[k] for k in indices]
        return [indices[i] for i in sorted(range(len(indices)), key=keys.__getitem__)]

    def add(self, lo: int, hi: int, lines: list[str], start: int, end: int) -> int:
        """Append a cue; return its index."""
        self.lo.append(lo)
        self.hi.append(hi)
        self.lines.append(lines)
        self.reserve.append(0)
        self.start.append(start)
        self.end.append(end)
        return len(self.lo) - 1


def _merge_dialogues(stream: _Stream, cues: _Cues, order: list[int]) -> list[int]:
    """``overlap="merge"``: overlapping cues of different speakers → ``- `` dialogue cues.

    Each cluster of cues that overlap in time and hold more than one speaker is re-cut: every
    cue's words into one-line pieces with room for ``- `` (and a label), then pieces are grouped
    in start order, one line per speaker, at most ``max_lines`` lines, while they overlap the
    group. Returns the new order (by start).
    """
    opts = stream.opts
    width = opts.max_chars_per_line
    starts = cues.start
    ends = cues.end
    speaker_of = stream.speaker_of_slot
    out: list[int] = []
    position = 0
    count = len(order)
    while position < count:
        cluster = [order[position]]
        cluster_end = ends[order[position]]
        position += 1
        while position < count and starts[order[position]] < cluster_end:
            cluster.append(order[position])
            cluster_end = max(cluster_end, ends[order[position]])
            position += 1
        if len({speaker_of(cues.lo[k]) for k in cluster}) < 2:
            out.extend(cluster)
            continue
        pieces: list[int] = []
        for k in cluster:
            lo, hi = cues.lo[k], cues.hi[k]
            room = max(1, width - 2 - stream._reserve(stream.turn_of[lo]))
            for a, b, _ in stream.chunk(lo, hi, room, 1, 0, None):
                # a piece never starts before its cue did (the speaker's sweep may have delayed
                # the cue), so it keeps its place among the turn's other cues
                start = max(stream.S[a], starts[k])
                end = max(start, max(stream.E[a:b]))
                pieces.append(cues.add(a, b, stream._wrap(a, b, room, room), start, end))
        pieces = cues.by_start(pieces)
        merged: list[int] = []
        at = 0
        while at < len(pieces):
            head = pieces[at]
            group = [head]
            seen = {speaker_of(cues.lo[head])}
            group_end = ends[head]
            at += 1
            while at < len(pieces) and len(group) < opts.max_lines:
                piece = pieces[at]
                speaker = speaker_of(cues.lo[piece])
                if starts[piece] >= group_end or speaker in seen:
                    break
                group.append(piece)
                seen.add(speaker)
                group_end = max(group_end, ends[piece])
                at += 1
            if len(group) > 1:
                cues.parts[head] = [(cues.lo[g], cues.hi[g]) for g in group]
                cues.lines[head] = ["- " + cues.lines[g][0] for g in group]
                ends[head] = group_end
            merged.append(head)
        out.extend(_rejoin_solos(stream, cues, merged))
    return cues.by_start(out)


def _rejoin_solos(stream: _Stream, cues: _Cues, merged: list[int]) -> list[int]:
    """Cut consecutive one-line pieces of one turn that overlap nobody as normal cues again.

    Only the words spoken during overtalk need one-line dialogue pieces; the rest of the turn
    gets the full width and number of lines back.
    """
    opts = stream.opts
    out: list[int] = []
    run: list[int] = []

    def flush() -> None:
        if len(run) < 2:
            out.extend(run)
        else:
            lo, hi = cues.lo[run[0]], cues.hi[run[-1]]
            reserve = stream._reserve(stream.turn_of[lo]) if stream.first[lo] else 0
            floor = cues.start[run[0]]
            for a, b, room in stream.chunk(
                lo, hi, opts.max_chars_per_line, opts.max_lines, reserve, None
            ):
                lines = stream._wrap(
                    a, b, max(1, opts.max_chars_per_line - room), opts.max_chars_per_line
                )
                start = max(stream.S[a], floor)
                index = cues.add(a, b, lines, start, max(start, max(stream.E[a:b])))
                cues.reserve[index] = room
                out.append(index)
        run.clear()

    turn_of = stream.turn_of
    for index in merged:
        solo = index not in cues.parts
        if (
            solo
            and run
            and cues.hi[run[-1]] == cues.lo[index]
            and turn_of[cues.lo[run[-1]]] == turn_of[cues.lo[index]]
        ):
            run.append(index)
            continue
        flush()
        if solo:
            run.append(index)
        else:
            out.append(index)
    flush()
    return out


def _resolve_turns(source: Any, include_dtmf: bool) -> list[Turn]:
    if isinstance(source, (Media, WordTable)):
        return split_turns(source, include_dtmf=include_dtmf)
    if isinstance(source, Sequence) and all(isinstance(t, Turn) for t in source):
        return list(source)
    raise InvalidInputError(
        "source", f"expected a Media, a WordTable or a list of Turn, got {type(source).__name__}"
    )


def build_cues(source: Any, options: Any = None, *, labels: bool = False) -> CueList:
    """Cut a transcript's speaker turns into caption cues.

    Args:
        source: A :class:`~vbformats.models.media.Media`, a
            :class:`~vbformats.models.words.WordTable`, or turns from
            :func:`vbformats.turns` (used as given).
        options: :class:`CaptionOptions`, a dict of its fields, a writer's options model, or
            ``None`` for the defaults.
        labels: Plan for ``"Name: "`` labels as the SRT writer shows them: a label goes on the
            first cue of every turn and on any cue whose speaker differs from the previous
            cue's (so a reader can attribute every cue), its width counts against
            ``max_chars_per_line``, and :attr:`Cue.line_labels` says where it goes.

    Returns:
        A :class:`CueList` ordered by start, with ``violations`` listing every limit the words
        made impossible to respect.

    Raises:
        InvalidInputError: ``options`` has an unknown field or a bad value, or ``source`` is of
            the wrong type.

    Example:
        >>> cues = build_cues(media, {"max_chars_per_line": 32, "overlap": "merge"})
        >>> [str(v) for v in cues.violations]  # doctest: +SKIP
        ['cue 12: max_chars_per_line 61 > 32']
    """
    opts = CaptionOptions.coerce(options)
    with _gc_paused():
        return _build(source, opts, labels)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (restoring the caller's setting afterwards).

    Building cues allocates a few small containers per cue and creates no reference cycles,
    but the allocations trigger full collections, each of which walks every live object, the
    100,000 words of a big transcript included: on a 100,000-word call that was about 40% of
    the build time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build(source: Any, opts: CaptionOptions, labels: bool) -> CueList:
    turn_list = _resolve_turns(source, opts.include_dtmf)
    stream = _Stream(turn_list, opts, labels)
    width = opts.max_chars_per_line
    max_lines = opts.max_lines
    max_ms = opts.max_duration_ms
    planner = _label_planner(stream)
    q = stream.Q
    slot_start = stream.S
    slot_end = stream.E
    piece = stream.piece
    first = stream.first
    sequential = opts.overlap == "split"

    los: list[int] = []
    his: list[int] = []
    reserves: list[int] = []
    wrapped: list[list[str] | None] = []
    add_lo, add_hi, add_reserve, add_lines = los.append, his.append, reserves.append, wrapped.append
    for a, b in stream.segments():
        reserve = planner(a) if planner is not None else 0
        # R[b - 1] is exactly the stretch's latest end when the stretch starts its run of R
        # (a turn's first slot; any stretch in split mode), else an upper bound of it
        latest = stream.R[b - 1]
        if latest - slot_start[a] > max_ms and not (first[a] or sequential):
            latest = max(slot_end[a:b])
        short = latest - slot_start[a] <= max_ms
        if short and q[b] - q[a] - 1 <= width - reserve:
            # the whole stretch is one line of one cue (most stretches: short turns)
            add_lo(a)
            add_hi(b)
            add_reserve(reserve)
            add_lines(None)
            continue
        if short and max_lines >= 2:
            split = stream._balance_two(a, b, max(1, width - reserve), width)
            if split is not None:
                # the whole stretch is one cue of two lines
                add_lo(a)
                add_hi(b)
                add_reserve(reserve)
                two = ["".join(piece[a:split]).lstrip(" "), "".join(piece[split:b]).lstrip(" ")]
                add_lines(two if two[0] else two[1:])
                continue
        for lo, hi, room in stream.chunk(a, b, width, max_lines, reserve, planner):
            add_lo(lo)
            add_hi(hi)
            add_reserve(room)
            add_lines(stream._wrap(lo, hi, max(1, width - room), width))
    lines = [
        w if w is not None else ["".join(piece[lo:hi]).lstrip(" ")]
        for w, lo, hi in zip(wrapped, los, his, strict=True)
    ]
    if not all(first_line[0] for first_line in lines):
        # a cue of invisible tokens only (empty after clean_text) shows nothing: not produced
        keep = [k for k, ls in enumerate(lines) if ls[0]]
        los = [los[k] for k in keep]
        his = [his[k] for k in keep]
        reserves = [reserves[k] for k in keep]
        lines = [lines[k] for k in keep]
    starts = [slot_start[lo] for lo in los]
    ends = list(map(max, map(slot_end.__getitem__, map(slice, los, his))))
    cues = _Cues(los, his, lines, reserves, starts, ends)

    if opts.overlap != "split":
        # one speaker's cues never overlap: sweep each speaker's cues in start order
        slot_turn = stream.turn_of
        turn_speaker = stream.speakers
        speakers = [turn_speaker[slot_turn[lo]] for lo in los]
        # ties in the final order keep each speaker's swept sequence (a delayed cue may now
        # share its start with a cue the sweep placed after it)
        rank = [0] * len(los)
        for speaker in set(speakers):
            own = cues.by_start([k for k, s in enumerate(speakers) if s == speaker])
            _sweep(starts, ends, own)
            for position, k in enumerate(own):
                rank[k] = position
        order = cues.by_start(list(range(len(los))), rank)
    else:
        order = cues.by_start(list(range(len(los))))
    if opts.overlap == "merge":
        order = _merge_dialogues(stream, cues, order)
    if opts.overlap != "keep":
        _sweep(starts, ends, order)

    if labels:
        _place_labels(stream, cues, order)
    result, shown = _finish(stream, cues, order)
    return CueList(result, None, opts, shown)


def _label_planner(stream: _Stream) -> Callable[[int], int] | None:
    """Columns to keep free for a ``Name: `` label on the cue starting at a slot.

    The label goes on the first cue of a turn and on any cue that follows another speaker's.
    Sequential modes know the previous cue (the previous slot). In ``keep`` mode a cue follows
    another speaker's when that speaker's turn began after this turn's previous cue did; cues
    that still end up needing a label are re-wrapped by :func:`_place_labels`.
    """
    if not stream.labels:
        return None
    widths = stream.label_widths
    turn_of = stream.turn_of
    first = stream.first
    starts = stream.S
    if stream.opts.overlap == "split":

        def sequential(i: int) -> int:
            turn = turn_of[i]
            return widths[turn] if i == 0 or turn_of[i - 1] != turn else 0

        return sequential
    # Only a turn during which another speaker's turn begins can be interrupted: keep, per
    # turn, the starts of the other speakers' turns that begin inside it (usually none).
    starts_inside: list[list[int]] = []
    turn_starts = stream.turn_starts
    turn_index = stream.turn_starts_turn
    speakers = stream.speakers
    for index, turn in enumerate(stream.turn_list):
        inside: list[int] = []
        if widths[index]:
            lo = bisect.bisect_right(turn_starts, turn.start_ms)
            hi = bisect.bisect_right(turn_starts, turn.end_ms)
            inside = [
                turn_starts[x] for x in range(lo, hi) if speakers[turn_index[x]] != speakers[index]
            ]
        starts_inside.append(inside)
    previous_start: dict[int, int] = {}

    def overlapping(i: int) -> int:
        turn = turn_of[i]
        inside = starts_inside[turn]
        if not inside:
            return widths[turn] if first[i] else 0
        before = previous_start.get(turn)
        now = previous_start[turn] = starts[i]
        if first[i] or before is None:
            return widths[turn]
        # did another speaker's turn begin in (before, now]?
        at = bisect.bisect_right(inside, before)
        return widths[turn] if at < len(inside) and inside[at] <= now else 0

    return overlapping


def _place_labels(stream: _Stream, cues: _Cues, order: list[int]) -> None:
    """Decide which cues show ``Name:``; re-wrap a cue whose label had no room planned.

    A cue is labelled when it starts a turn, follows another speaker's cue, or when a reader
    could attribute it to someone else: SRT readers (ours included) give an unlabelled cue to
    the speaker whose latest cue ended closest before it, so when another speaker's cue still
    ran after this speaker's previous cue began (an interjection inside a longer cue), the
    continuation is labelled too. Found by the SRT read-back property test.
    """
    width = stream.opts.max_chars_per_line
    names = stream.label_names
    turn_of = stream.turn_of
    first = stream.first
    speakers = stream.speakers
    all_parts = cues.parts
    labels = cues.labels
    cue_lo = cues.lo
    cue_start = cues.start
    cue_end = cues.end
    previous: object = object()
    previous_start = 0
    latest_end: dict[object, int] = {}  # speaker -> largest cue end so far (before extension)
    for k in order:
        parts = all_parts.get(k)
        if parts is not None:
            labels[k] = tuple(names[turn_of[lo]] for lo, _ in parts)
            for lo, _ in parts:
                who = speakers[turn_of[lo]]
                latest_end[who] = max(latest_end.get(who, 0), cue_end[k])
            previous = object()
            continue
        lo = cue_lo[k]
        turn = turn_of[lo]
        speaker = speakers[turn]
        name = names[turn]
        if name is not None:
            labelled = first[lo] or previous != speaker
            if not labelled:
                # another speaker's cue still ran after this speaker's previous cue began
                # (a plain loop, asked only here: a generator per cue cost 10 ms on 9,000 cues)
                for other, end in latest_end.items():
                    if end > previous_start and other != speaker:
                        labelled = True
                        break
            if labelled:
                if not cues.reserve[k]:
                    room = max(1, width - stream.label_widths[turn])
                    cues.lines[k] = stream._wrap(lo, cues.hi[k], room, width)
                labels[k] = (name,)
        previous = speaker
        previous_start = cue_start[k]
        end = cue_end[k]
        if end > latest_end.get(speaker, -1):
            latest_end[speaker] = end


def _finish(stream: _Stream, cues: _Cues, order: list[int]) -> tuple[list[Cue], list[list[str]]]:
    """Extend short cues into free time; build the public cues and their displayed lines.

    The per-line widths of the limit report are left to :attr:`CueList.violations` (computed
    there on first access, from the same displayed lines): writers never need them, and the
    extension only needs each cue's total.
    """
    opts = stream.opts
    min_ms = opts.min_duration_ms
    max_ms = opts.max_duration_ms
    ms_per_char = 1000 / opts.max_chars_per_second
    tok = stream.tok
    turn_of = stream.turn_of
    pick = _picker(order)
    starts = pick(cues.start)
    ends = pick(cues.end)
    los = pick(cues.lo)
    his = pick(cues.hi)
    lines = pick(cues.lines)
    labels = cues.labels
    parts = cues.parts
    shown = lines
    cue_labels: list[tuple[str | None, ...] | None] | None = None
    if labels:
        cue_labels = [labels.get(k) for k in order]
        shown = [
            ls
            if label is None
            # a plain cue's one label (never None) goes before its first line
            else [f"{label[0]}: {ls[0]}", *ls[1:]]
            if k not in parts
            else _labelled(ls, label, True)
            for ls, label, k in zip(lines, cue_labels, order, strict=True)
        ]
    # displayed characters of each cue: the joined lines' length when ASCII (most cues)
    ceil = math.ceil
    wanted = [
        max(min_ms, ceil((len(text) if text.isascii() else _shown_width(ls)) * ms_per_char))
        for text, ls in zip(["".join(ls) for ls in shown], shown, strict=True)
    ]

    # extension into free time: up to the next cue that starts at or after this one's end
    count = len(order)
    short = [i for i in range(count) if ends[i] - starts[i] < wanted[i]]
    for i in short:
        start = starts[i]
        end = ends[i]
        later = bisect.bisect_left(starts, end, i + 1, count)
        new_end = start + min(wanted[i], max_ms)
        if later < count and starts[later] < new_end:
            new_end = starts[later]
        if new_end > end:
            ends[i] = new_end

    speakers = stream.speakers
    first = stream.first
    turns = [turn_of[lo] for lo in los]
    result = list(
        map(
            Cue,
            starts,
            ends,
            [speakers[t] for t in turns],
            lines,
            map(tok.__getitem__, map(slice, los, his)),
            turns,
            [first[lo] for lo in los],
            repeat(None),
            cue_labels if cue_labels is not None else repeat(None),
        )
    )
    if parts:
        for i, k in enumerate(order):
            cue_parts = parts.get(k)
            if cue_parts is not None:
                cue = result[i]
                cue.line_speakers = tuple(speakers[turn_of[lo]] for lo, _ in cue_parts)
                cue.token_indices = [t for lo, hi in cue_parts for t in tok[lo:hi]]
                cue.starts_turn = any(stream.first[lo] for lo, _ in cue_parts)
    return result, shown


def _picker(order: list[int]) -> Callable[[list[Any]], list[Any]]:
    """``pick(column)`` = ``[column[k] for k in order]``, by one C-level ``itemgetter``."""
    if len(order) < 2:
        return lambda column: [column[k] for k in order]
    getter = itemgetter(*order)
    return lambda column: list(getter(column))


def _shown_width(lines: list[str]) -> int:
    """Sum of the lines' display widths (per line: a joiner never spans a line break)."""
    return sum(map(display_width, lines))


def _labelled(lines: list[str], labels: tuple[str | None, ...], dialogue: bool) -> list[str]:
    """Lines as shown with labels (kept in step with :meth:`Cue.display_lines`)."""
    out = []
    for line, label in zip(lines, labels, strict=False):
        if label is None:
            out.append(line)
        elif dialogue:
            out.append(f"- {label}: {line[2:]}")
        else:
            out.append(f"{label}: {line}")
    out.extend(lines[len(labels) :])
    return out
