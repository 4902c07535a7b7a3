"""Speaker labels as a policy the format that shows them passes in (SRT does).

The engine knows nothing about labels: it asks a :class:`LabelPolicy` how much room to keep on
the first line of a cue (:meth:`LabelPolicy.planner`) and, once the cues are ordered, which cues
show a label (:meth:`LabelPolicy.place`). :class:`SpeakerLabels` is the SRT rule.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import TYPE_CHECKING

from vbformats.captions.text import clean_text

if TYPE_CHECKING:
    from vbformats.captions.layout import Stream
    from vbformats.captions.overlap import CueColumns

__all__ = ["LabelPolicy", "SpeakerLabels", "labelled_lines"]


class LabelPolicy:
    """How a caption format shows who speaks in the cue text (base class: it shows nothing).

    A format that prints ``Name:`` labels passes an instance to
    :func:`vbformats.captions.build_cues` (``labels=``). The engine calls :meth:`name` once per
    turn, :meth:`planner` before cutting (label room on the first line of a cue) and
    :meth:`place` once the cues are ordered (fill ``cues.labels``; re-wrap a cue whose label had
    no room planned).
    """

    def name(self, speaker: str | None) -> str | None:
        """The label shown for ``speaker`` (``None``: no label): its cleaned name."""
        if speaker is None:
            return None
        return clean_text(speaker) or None

    def planner(self, stream: Stream) -> Callable[[int], int] | None:
        """Columns to keep free for a label on the cue starting at a slot (``None``: none)."""
        return None

    def place(self, stream: Stream, cues: CueColumns, order: list[int]) -> None:
        """Decide which cues show a label (``cues.labels``)."""


class SpeakerLabels(LabelPolicy):
    """SRT's rule: ``Name:`` on the first cue of every turn and on any cue a reader could give
    to someone else; the label's width counts against ``max_chars_per_line``."""

    def planner(self, stream: Stream) -> Callable[[int], int] | None:
        """Columns to keep free for a ``Name: `` label on the cue starting at a slot.

        The label goes on the first cue of a turn and on any cue that follows another speaker's.
        Sequential modes know the previous cue (the previous slot). In ``keep`` mode a cue follows
        another speaker's when that speaker's turn began after this turn's previous cue did; cues
        that still end up needing a label are re-wrapped by :meth:`place`.
        """
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
                    turn_starts[x]
                    for x in range(lo, hi)
                    if speakers[turn_index[x]] != speakers[index]
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

    def place(self, stream: Stream, cues: CueColumns, order: list[int]) -> None:
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
        latest = _LatestEnds()  # speaker -> largest cue end so far (before extension)
        for k in order:
            parts = all_parts.get(k)
            if parts is not None:
                labels[k] = tuple(names[turn_of[lo]] for lo, _ in parts)
                for lo, _ in parts:
                    latest.see(speakers[turn_of[lo]], cue_end[k])
                previous = object()
                continue
            lo = cue_lo[k]
            turn = turn_of[lo]
            speaker = speakers[turn]
            name = names[turn]
            if name is not None:
                # another speaker's cue still ran after this speaker's previous cue began
                labelled = (
                    first[lo] or previous != speaker or latest.other_than(speaker) > previous_start
                )
                if labelled:
                    if not cues.reserve[k]:
                        room = max(1, width - stream.label_widths[turn])
                        cues.lines[k] = stream._wrap(lo, cues.hi[k], room, width)
                    labels[k] = (name,)
            previous = speaker
            previous_start = cue_start[k]
            latest.see(speaker, cue_end[k])


class _LatestEnds:
    """Each speaker's largest cue end so far, and the largest of any speaker but one, in O(1).

    Ends only grow, so the two largest ends of two different speakers answer
    :meth:`other_than` (a dictionary scan per cue made writing 40,000 one-word speakers take
    36 s, issue #11).
    """

    def __init__(self) -> None:
        self.ends: dict[object, int] = {}
        # (end, speaker) of the largest end, and of the largest end of another speaker
        self.top: list[tuple[int, object]] = []

    def see(self, speaker: object, end: int) -> None:
        if end <= self.ends.get(speaker, -1):
            return
        self.ends[speaker] = end
        top = [entry for entry in self.top if entry[1] is not speaker and entry[1] != speaker]
        top.append((end, speaker))
        top.sort(key=lambda entry: entry[0], reverse=True)
        self.top = top[:2]

    def other_than(self, speaker: object) -> int:
        """The largest end of a speaker other than ``speaker`` (-1 when there is none)."""
        for end, who in self.top:
            if who != speaker:
                return end
        return -1


def labelled_lines(lines: list[str], labels: tuple[str | None, ...], dialogue: bool) -> list[str]:
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
