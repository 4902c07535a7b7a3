"""Overlapping speakers: cues under construction as columns, the sequential sweep
(``overlap="split"``/``"merge"``) and the dialogue cues of ``overlap="merge"``."""

from __future__ import annotations

from collections.abc import Sequence

from vbformats.captions.layout import Stream

__all__ = ["CueColumns", "merge_dialogues", "rejoin_solos", "sweep"]


def sweep(starts: list[int], ends: list[int], order: Sequence[int]) -> None:
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


class CueColumns:
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


def merge_dialogues(stream: Stream, cues: CueColumns, order: list[int]) -> list[int]:
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
        out.extend(rejoin_solos(stream, cues, merged))
    return cues.by_start(out)


def rejoin_solos(stream: Stream, cues: CueColumns, merged: list[int]) -> list[int]:
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
