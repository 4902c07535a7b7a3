"""The public results of the caption engine: :class:`Cue`, :class:`CueList` and the limit
report (:class:`Violation`, :func:`check_cues`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from vbformats.captions.options import CaptionOptions
from vbformats.captions.text import display_width

__all__ = ["Cue", "CueList", "Violation", "check_cues", "line_widths", "violations_of"]


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
        *,
        chars: list[int] | None = None,
    ) -> None:
        super().__init__(cues)
        self._violations: list[Violation] | None = (
            list(violations) if violations is not None else None
        )
        self.options: CaptionOptions = options if options is not None else CaptionOptions()
        self._displayed = displayed
        self._widths = widths
        # displayed characters of each cue as the engine counted them (labels included)
        self._chars = chars

    @property
    def violations(self) -> list[Violation]:
        """Every limit a cue breaks, ordered by cue (see :class:`Violation`)."""
        if self._violations is None:
            widths = self._widths
            if widths is None or len(widths) != len(self):
                widths = [line_widths(cue) for cue in self]
            self._violations = violations_of(self, self.options, widths)
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
    return violations_of(cues, opts, [line_widths(cue) for cue in cues])


def line_widths(cue: Cue) -> list[int]:
    return [display_width(line) for line in cue.display_lines()]


def violations_of(
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
