"""The caption engine: speaker turns → :class:`~vbformats.captions.cues.CueList` (the rules are
in the docstring of :mod:`vbformats.captions`)."""

from __future__ import annotations

import bisect
import math
import operator
from collections.abc import Callable, Sequence
from itertools import repeat
from operator import itemgetter
from typing import Any

from vbformats.captions.cues import Cue, CueList
from vbformats.captions.labels import LabelPolicy, SpeakerLabels, labelled_lines
from vbformats.captions.layout import Stream
from vbformats.captions.options import CaptionOptions
from vbformats.captions.overlap import CueColumns, merge_dialogues, sweep
from vbformats.captions.text import display_width
from vbformats.errors import InvalidInputError
from vbformats.gcpause import gc_paused
from vbformats.models.media import Media
from vbformats.models.words import WordTable
from vbformats.turns import Turn
from vbformats.turns import turns as split_turns

__all__ = ["build_cues"]


def _resolve_turns(source: Any, include_dtmf: bool) -> list[Turn]:
    if isinstance(source, (Media, WordTable)):
        return split_turns(source, include_dtmf=include_dtmf)
    if isinstance(source, Sequence) and all(isinstance(t, Turn) for t in source):
        return list(source)
    raise InvalidInputError(
        "source", f"expected a Media, a WordTable or a list of Turn, got {type(source).__name__}"
    )


def build_cues(source: Any, options: Any = None, *, labels: bool | LabelPolicy = False) -> CueList:
    """Cut a transcript's speaker turns into caption cues.

    Args:
        source: A :class:`~vbformats.models.media.Media`, a
            :class:`~vbformats.models.words.WordTable`, or turns from
            :func:`vbformats.turns` (used as given).
        options: :class:`CaptionOptions`, a dict of its fields, a writer's options model, or
            ``None`` for the defaults.
        labels: A :class:`~vbformats.captions.labels.LabelPolicy` for the speaker labels the
            format shows in the text, or ``True`` for SRT's (:class:`SpeakerLabels`), which
            plans for ``"Name: "`` labels as the SRT writer shows them: a label goes on the
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
    policy = SpeakerLabels() if labels is True else (labels or None)
    with gc_paused():
        return _build(source, opts, policy)


def _build(source: Any, opts: CaptionOptions, labels: LabelPolicy | None) -> CueList:
    turn_list = _resolve_turns(source, opts.include_dtmf)
    stream = Stream(turn_list, opts, labels)
    width = opts.max_chars_per_line
    max_lines = opts.max_lines
    max_ms = opts.max_duration_ms
    planner = labels.planner(stream) if labels is not None else None
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
    cues = CueColumns(los, his, lines, reserves, starts, ends)

    if opts.overlap != "split":
        # one speaker's cues never overlap: sweep each speaker's cues in start order
        slot_turn = stream.turn_of
        turn_speaker = stream.speakers
        speakers = [turn_speaker[slot_turn[lo]] for lo in los]
        # ties in the final order keep each speaker's swept sequence (a delayed cue may now
        # share its start with a cue the sweep placed after it)
        rank = [0] * len(los)
        by_speaker: dict[str | None, list[int]] = {}
        for k, speaker in enumerate(speakers):  # one pass: linear in cues and speakers
            by_speaker.setdefault(speaker, []).append(k)
        for group in by_speaker.values():
            own = cues.by_start(group)
            sweep(starts, ends, own)
            for position, k in enumerate(own):
                rank[k] = position
        order = cues.by_start(list(range(len(los))), rank)
    else:
        order = cues.by_start(list(range(len(los))))
    if opts.overlap == "merge":
        order = merge_dialogues(stream, cues, order)
    if opts.overlap != "keep":
        sweep(starts, ends, order)

    if labels is not None:
        labels.place(stream, cues, order)
    result, shown, chars = _finish(stream, cues, order)
    return CueList(result, None, opts, shown, chars=chars)


def _finish(
    stream: Stream, cues: CueColumns, order: list[int]
) -> tuple[list[Cue], list[list[str]], list[int]]:
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
            else labelled_lines(ls, label, True)
            for ls, label, k in zip(lines, cue_labels, order, strict=True)
        ]
    # displayed characters of each cue, from the stream's width prefix sums (no pass over the
    # characters of the text, which cost 1.5x the writer's time on accented or CJK calls)
    chars = _shown_chars(stream, los, his, lines, shown, order, parts, cue_labels)
    ceil = math.ceil
    wanted = [max(min_ms, ceil(c * ms_per_char)) for c in chars]

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
    if any(map(operator.le, ends, starts)):
        # a cue with no time at all (zero-length words, or words far out of order clamped to
        # one instant): players never show it and readers drop it
        streams = [speakers[turn_of[lo]] for lo in los] if opts.overlap == "keep" else None
        moved = _no_empty_cues(starts, ends, streams)
        if moved is not None:
            starts, ends, los, his, lines, shown, order, chars = (
                [column[i] for i in moved]
                for column in (starts, ends, los, his, lines, shown, order, chars)
            )
            if cue_labels is not None:
                cue_labels = [cue_labels[i] for i in moved]
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
    return result, shown, chars


def _no_empty_cues(
    starts: list[int], ends: list[int], streams: list[str | None] | None
) -> list[int] | None:
    """Give every cue at least 1 ms, keeping one stream's cues from overlapping.

    A stream is a speaker's cues (``overlap="keep"``: cues of different speakers may overlap)
    or all cues (``streams`` is ``None``: the sequential modes). A cue that ends at or before
    its start ends 1 ms after it, and a later cue of the same stream starting before that end
    starts there. Returns the permutation that sorts the cues by start again when a start
    moved past another stream's cue (``None`` when the order holds).
    """
    last_end: dict[str | None, int] = {}
    for i, start in enumerate(starts):
        key = streams[i] if streams is not None else None
        previous = last_end.get(key)
        if previous is not None and start < previous:
            start = starts[i] = previous
        if ends[i] <= start:
            ends[i] = start + 1
        last_end[key] = ends[i]
    if all(map(operator.le, starts, starts[1:])):
        return None
    return sorted(range(len(starts)), key=starts.__getitem__)


def _picker(order: list[int]) -> Callable[[list[Any]], list[Any]]:
    """``pick(column)`` = ``[column[k] for k in order]``, by one C-level ``itemgetter``."""
    if len(order) < 2:
        return lambda column: [column[k] for k in order]
    getter = itemgetter(*order)
    return lambda column: list(getter(column))


def _shown_chars(
    stream: Stream,
    los: list[int],
    his: list[int],
    lines: list[list[str]],
    shown: list[list[str]],
    order: list[int],
    parts: dict[int, list[tuple[int, int]]],
    cue_labels: list[tuple[str | None, ...] | None] | None,
) -> list[int]:
    """Displayed characters of each cue (labels included): ``sum(map(display_width, lines))``
    of its displayed lines, from the prefix sums ``Q`` of the slots' widths.

    A line of slots ``[x, y)`` shows ``Q[y] - Q[x] - 1`` cells: every line starts at a head
    slot, whose width counts the space before it, which the line does not show. A cue's lines
    cover its slots, so a plain cue shows ``Q[hi] - Q[lo] - len(lines)`` cells, plus its label
    and ``": "``; a dialogue line adds ``"- "`` (and its label) to its own slots. Exact when
    widths add up over concatenation, which fails only after a zero-width joiner (it hides the
    character after it) and for a line of invisible tokens only (dropped from ``lines``): a
    stream with either (:attr:`Stream.widths_add_up` false) is measured line by line.
    """
    if not stream.widths_add_up:
        return [sum(map(display_width, ls)) for ls in shown]
    q = stream.Q
    chars = [q[hi] - q[lo] - len(ls) for lo, hi, ls in zip(los, his, lines, strict=True)]
    if not parts and cue_labels is None:
        return chars
    label_widths = stream.label_widths
    turn_of = stream.turn_of
    for i, k in enumerate(order):
        cue_parts = parts.get(k)
        label = cue_labels[i] if cue_labels is not None else None
        if cue_parts is not None:
            total = 0
            for lo, hi in cue_parts:
                # "- " + the part's one line (+ "Name: " when labelled)
                total += q[hi] - q[lo] + 1
                if label is not None:
                    total += label_widths[turn_of[lo]]
            chars[i] = total
        elif label is not None:
            chars[i] += label_widths[turn_of[los[i]]]
    return chars
