"""The token stream in caption order and the cutting algorithms (where a cue ends, how its
lines wrap): the hot path of every caption writer, on whole columns and prefix sums."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from itertools import accumulate, chain, pairwise, repeat
from typing import TYPE_CHECKING

from vbformats.captions.options import CaptionOptions
from vbformats.captions.text import InfoCache, display_width
from vbformats.turns import Turn

if TYPE_CHECKING:
    from vbformats.captions.labels import LabelPolicy

__all__ = ["Stream"]

_ZWJ = "\u200d"
_NO_GAP = -(1 << 62)  # gap "before" a punctuation token: never a place to cut
_RANK = {"s": 2, "c": 1, "-": 0}  # cut preference after a sentence end, a clause end, a word


class Stream:
    """Columns of the token stream in caption order ("slots"), and the cutting algorithms."""

    def __init__(
        self, turn_list: Sequence[Turn], opts: CaptionOptions, labels: LabelPolicy | None
    ) -> None:
        self.opts = opts
        self.labels = labels
        self.turn_list = turn_list
        self.speakers = [turn.speaker for turn in turn_list]
        # the label of each turn's speaker and its width with ": " (0 without labels)
        self.label_names: list[str | None] = [None] * len(turn_list)
        self.label_widths = [0] * len(turn_list)
        if labels is not None:
            self.label_names = [labels.name(s) for s in self.speakers]
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
        cache = InfoCache()
        if len(columns) == 1:
            texts, is_punct = next(iter(columns.values()))[:2]
            infos = [cache[texts[i]] for i in tok]
            glue = [is_punct[i] for i in tok]
        else:
            infos = [cache[turn.table.text[i]] for turn in turn_list for i in turn.token_indices]
            glue = [turn.table.is_punctuation[i] for turn in turn_list for i in turn.token_indices]
        glue = [p or not info[0] for p, info in zip(glue, infos, strict=True)]
        # widths add up over concatenation (the shown width of any line is its slots' widths,
        # see engine._shown_chars) unless a text or label ends with a zero-width joiner (it
        # hides the character after it) or a turn opens with invisible tokens (a line of them
        # only is dropped)
        add_up = not any(info[0].endswith(_ZWJ) for info in cache.values()) and not any(
            name.endswith(_ZWJ) for name in self.label_names if name
        )
        for k in cuts:
            glue[k] = False
            first[k] = True
            if not infos[k][0]:
                add_up = False
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

        self.widths_add_up = add_up
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
        return self.label_widths[turn]

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
