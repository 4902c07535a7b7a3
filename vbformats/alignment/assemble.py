"""The aligned transcript as a VoiceBase word table, and the Media around it.

From the aligner's per-token results (:class:`vbformats.alignment.aligner.Run`): every edited
token in order (words with their times; punctuation at the end of the word before, or the
media's own mark kept as sent when it follows the same media word), a turn marker at each turn
(the media's own when the turn is one whole media turn, else one spanning the turn's tokens,
like VoiceBase's), and the media's DTMF tokens (which no text carries) after the speaker's last
word that starts before them. The order is fixed by sort keys, so every column is built with
array operations, never a Python step per token.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

import numpy as np

from vbformats.alignment.arrays import backward, forward
from vbformats.models.media import Media
from vbformats.models.words import WordTable, parse_flags

if TYPE_CHECKING:
    from vbformats.alignment.aligner import Run

__all__ = ["Assembly", "media_with"]

PUNC, INSERTED, SUBSTITUTED, MATCHED = range(4)  # as vbformats.alignment.aligner


class Assembly:
    """Builds the output table of one :class:`~vbformats.alignment.aligner.Run`.

    Attributes:
        out_index: After :meth:`table`, each edited token's index in the output table.
    """

    def __init__(self, run: Run) -> None:
        self.run = run
        self.out_index = np.zeros(0, dtype=np.int64)
        self.o_conf = np.zeros(0)  # the media's confidences (keep_confidence only)

    def table(self) -> WordTable:
        """The aligned word table (every edited token, markers, carried media tokens)."""
        table, edit = self.run.table, self.run.edit
        ne = len(edit)
        status, start, end = self.run.status, self.run.start, self.run.end
        source_pos, turn_id = self.run.source_pos, self.run.turn_id
        o_source = self.run.o_source
        o_est = table.estimated if any(table.estimated) else None  # all False: none estimated
        word = status != PUNC
        punc_idx = np.flatnonzero(~word)

        s = start.copy()
        e = end.copy()
        keep_confidence = self.run.keep_confidence
        if keep_confidence:
            self.o_conf = np.array(table.confidence, dtype=np.float64)  # None -> NaN
        conf = np.full(ne, np.nan) if keep_confidence else None
        flags: list[str | None] = [None] * ne
        est = status == INSERTED
        if len(o_source):
            tab = np.where(source_pos >= 0, o_source[np.maximum(source_pos, 0)], -1)
        else:  # a media without words
            tab = np.full(ne, -1, dtype=np.int64)
        if o_est is not None:
            o_est_arr = np.asarray(o_est, dtype=bool)
            est |= (tab >= 0) & o_est_arr[np.maximum(tab, 0)] & word
        matched = status == MATCHED
        if conf is not None and matched.any():
            conf[matched] = self.o_conf[tab[matched]]

        # punctuation: at the end of the word before it in the turn (else the start of the
        # word after); the media's own mark after the same media word is kept as sent
        if len(punc_idx):
            before = forward(word)[punc_idx]
            after = backward(word)[punc_idx]
            has_before = (before >= 0) & (turn_id[np.maximum(before, 0)] == turn_id[punc_idx])
            has_after = (after < ne) & (turn_id[np.minimum(after, ne - 1)] == turn_id[punc_idx])
            b = np.maximum(before, 0)
            at = np.where(
                has_before, end[b], np.where(has_after, start[np.minimum(after, ne - 1)], 0)
            )
            s[punc_idx] = at
            e[punc_idx] = at
            est[punc_idx] = has_before & est[b]
            for t in punc_idx.tolist():
                flags[t] = "punc"
            self._keep_media_punctuation(punc_idx, before, has_before, s, e, conf, flags)

        # markers and carried tokens (DTMF), placed by sort keys: the marker of a turn starting
        # at edited token p sorts at 3p, the token itself at 3p + 1, a carried token due before
        # p at 3p - 1 (so a turn's trailing DTMF comes before the next turn's marker)
        names = self.run.codes.names
        named = np.array([name is not None for name in names], dtype=bool)
        marker_turns = np.flatnonzero(named[self.run.speaker[self.run.turn_start]])
        m_start, m_end, m_flags, m_conf, m_est = self._markers(marker_turns, s, e, est)
        carried, carried_at = self._carried(word)
        marker_names = [
            names[code] for code in self.run.speaker[self.run.turn_start[marker_turns]].tolist()
        ]
        flag_column = flags + m_flags + [table.flags_text[i] for i in carried]
        text_column = edit.text + marker_names + table.text_at(carried)
        if carried:
            # sort keys: the marker of a turn starting at edited token p at 3p, the token at
            # 3p + 1, a carried token due before p at 3p - 1 (a turn's trailing DTMF comes
            # before the next turn's marker)
            keys = np.concatenate(
                (
                    3 * np.arange(ne, dtype=np.int64) + 1,
                    3 * self.run.turn_start[marker_turns],
                    3 * np.asarray(carried_at, dtype=np.int64) - 1,
                )
            )
            order: np.ndarray | None = np.argsort(keys, kind="stable")
            assert order is not None
            position = np.empty(len(order), dtype=np.int64)
            position[order] = np.arange(len(order))
            self.out_index = position[:ne]
            order_list = order.tolist()
            texts = [text_column[i] for i in order_list]
            flag_list = [flag_column[i] for i in order_list]
        else:
            # no carried tokens (the common case): a marker before each turn, so the columns
            # are the edited ones with the markers inserted (no permutation to gather)
            at = self.run.turn_start[marker_turns]
            order = None
            self.out_index = np.arange(ne, dtype=np.int64) + np.searchsorted(
                at, np.arange(ne), "right"
            )
            texts, flag_list = (
                _with_markers(edit.text, marker_names, at),
                _with_markers(flags, m_flags, at),
            )

        def column(values: np.ndarray, markers: np.ndarray, more: np.ndarray) -> list[Any]:
            joined = (
                np.insert(values, self.run.turn_start[marker_turns], markers)
                if order is None
                else np.concatenate((values, markers, more))[order]
            )
            result: list[Any] = joined.tolist()
            return result

        c_idx = np.asarray(carried, dtype=np.int64)
        all_s = column(s, m_start, self.run.o_start[c_idx])
        all_e = column(e, m_end, self.run.o_end[c_idx])
        confidence: list[float | None] | None = None
        if conf is not None:
            c_conf = np.array([table.confidence[i] for i in carried], dtype=np.float64)
            confidence = [None if c != c else c for c in column(conf, m_conf, c_conf)]
        c_est = [bool(o_est[i]) for i in carried] if o_est is not None else [False] * len(carried)
        estimated: list[bool] | None = None
        if o_est is not None or est.any() or m_est.any() or any(c_est):
            estimated = column(est, m_est, np.asarray(c_est, dtype=bool))
        return WordTable.from_columns(
            all_s, all_e, texts, flags_text=flag_list, confidence=confidence, estimated=estimated
        )

    def _keep_media_punctuation(
        self,
        punc_idx: np.ndarray,
        before: np.ndarray,
        has_before: np.ndarray,
        s: np.ndarray,
        e: np.ndarray,
        conf: np.ndarray | None,
        flags: list[str | None],
    ) -> None:
        """Where the edited text has the media's punctuation mark after the same media word,
        keep the media's token (its times, flags and confidence) as sent."""
        original = self.run.original
        no = len(original)
        if not no:
            return
        word_pos = np.where(has_before, self.run.source_pos[np.maximum(before, 0)], -1)
        candidate = np.minimum(word_pos + (punc_idx - before), no - 1)
        o_punc = original.punc_array
        o_turn = original.turn_array
        ok = (
            (word_pos >= 0)
            & o_punc[candidate]
            & (o_turn[candidate] == o_turn[np.maximum(word_pos, 0)])
        )
        ok &= word_pos + (punc_idx - before) < no
        texts, o_texts = self.run.edit.text, original.text
        pairs = [
            (t, k)
            for t, k in zip(punc_idx[ok].tolist(), candidate[ok].tolist(), strict=True)
            if o_texts[k] == texts[t]
        ]
        if not pairs:
            return
        at = np.array([t for t, _ in pairs], dtype=np.int64)
        index = self.run.o_source[np.array([k for _, k in pairs], dtype=np.int64)]
        s[at] = self.run.o_start[index]
        e[at] = self.run.o_end[index]
        if conf is not None:
            conf[at] = self.o_conf[index]
        o_flags = self.run.table.flags_text
        for t, i in zip(at.tolist(), index.tolist(), strict=True):
            flags[t] = o_flags[i]

    def _markers(
        self, marker_turns: np.ndarray, s: np.ndarray, e: np.ndarray, est: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, list[str | None], np.ndarray, np.ndarray]:
        """Each marker: the media's own when its turn is one whole media turn (same speaker,
        same first and last word), else one spanning the turn's tokens, like VoiceBase's."""
        count = len(marker_turns)
        bounds = self.run.turn_start
        ne = len(s)
        m_flags: list[str | None] = ["turn"] * count
        m_conf = np.full(count, np.nan)
        if not ne or not count:
            empty = np.zeros(count, dtype=np.int64)
            return empty, empty.copy(), m_flags, m_conf, np.zeros(count, dtype=bool)
        m_start = np.minimum.reduceat(s, bounds)[marker_turns]
        m_end = np.maximum.reduceat(e, bounds)[marker_turns]
        m_est = est[bounds[marker_turns]]
        original = self.run.original
        if not len(original):
            return m_start, m_end, m_flags, m_conf, m_est
        # each media turn's first and last word (stream positions), marker and speaker
        o_turn = original.turn_array
        positions = np.flatnonzero(~original.punc_array)
        turns = len(original.markers)
        first_word = np.full(turns, -1, dtype=np.int64)
        last_word = np.full(turns, -1, dtype=np.int64)
        first_word[o_turn[positions][::-1]] = positions[::-1]
        last_word[o_turn[positions]] = positions
        markers = np.asarray(original.markers, dtype=np.int64)
        turn_heads = np.flatnonzero(np.diff(o_turn, prepend=-1) != 0)
        o_speaker = self.run.codes.of([original.speaker[int(k)] for k in turn_heads])
        word = self.run.status != PUNC
        stops = np.append(bounds[1:], ne)
        head = backward(word)[bounds[marker_turns]]
        tail = forward(word)[stops[marker_turns] - 1]
        ok = (head < stops[marker_turns]) & (tail >= bounds[marker_turns])
        head = np.minimum(head, ne - 1)
        tail = np.maximum(tail, 0)
        p, q = self.run.source_pos[head], self.run.source_pos[tail]
        ok &= (p >= 0) & (q >= 0)
        o = o_turn[np.maximum(p, 0)]
        ok &= (markers[o] >= 0) & (first_word[o] == p) & (last_word[o] == q)
        ok &= o_speaker[o] == self.run.speaker[head]
        keep = np.flatnonzero(ok)
        index = markers[o[keep]]
        m_start[keep] = self.run.o_start[index]
        m_end[keep] = self.run.o_end[index]
        if self.run.keep_confidence:
            m_conf[keep] = self.o_conf[index]
        o_flags = self.run.table.flags_text
        for k, i in zip(keep.tolist(), index.tolist(), strict=True):
            m_flags[k] = o_flags[i]
        return m_start, m_end, m_flags, m_conf, m_est

    def _carried(self, word: np.ndarray) -> tuple[list[int], list[int]]:
        """DTMF (and unknown-flag) tokens of the media, and the edited position each goes
        before: after the speaker's last word that starts at or before it (and that word's
        punctuation), else before the speaker's first word."""
        table = self.run.table
        flags = table.flags_text
        carried_flags = {
            m
            for m in set(flags)
            if m is not None and not ({"turn", "punc"} & parse_flags(m)) and parse_flags(m)
        }
        if not carried_flags:
            return [], []
        is_turn = table.is_turn
        kept = [i for i, m in enumerate(flags) if m in carried_flags]
        words = np.flatnonzero(word)
        ne = len(word)
        next_word = backward(word)
        turn_id = self.run.turn_id
        stops = [*self.run.turn_start.tolist()[1:], ne]
        out: list[int] = []
        at: list[int] = []
        for i in kept:
            marker = i - 1
            while marker >= 0 and not is_turn[marker]:
                marker -= 1
            name = None
            if marker >= 0:
                raw = table.text_at([marker])[0].strip()
                name = raw[:-1].rstrip() if raw.endswith(":") else raw
            code = self.run.codes.get(name)
            own = words[self.run.speaker[words] == code] if code is not None else words[:0]
            if not len(own):
                own = words
            if not len(own):
                continue
            k = int(np.searchsorted(self.run.start[own], table.start_ms[i], side="right"))
            if k == 0:
                at.append(int(own[0]))
            else:
                anchor = int(own[k - 1])
                following = int(next_word[anchor + 1]) if anchor + 1 < ne else ne
                stop = stops[int(turn_id[anchor])]
                at.append(min(following, stop))
            out.append(i)
        return out, at


def _with_markers(values: list[Any], markers: list[Any], at: np.ndarray) -> list[Any]:
    """``values`` with ``markers[k]`` inserted before position ``at[k]`` (sorted)."""
    out: list[Any] = []
    previous = 0
    for marker, position in zip(markers, at.tolist(), strict=True):
        out += values[previous:position]
        out.append(marker)
        previous = position
    out += values[previous:]
    return out


def media_with(media: Media, table: WordTable) -> Media:
    """A copy of ``media`` with ``table`` as its words (see the module docstring)."""
    from vbformats.models.media import Transcript

    out = media.model_copy()
    for name, value in media.__dict__.items():
        if name not in ("transcript", "vendor_result"):
            out.__dict__[name] = copy.deepcopy(value)
    if media.__pydantic_extra__:
        out.__pydantic_extra__ = copy.deepcopy(media.__pydantic_extra__)
    if media.transcript is not None:
        transcript = media.transcript.model_copy()
        if media.transcript.__pydantic_extra__:
            transcript.__pydantic_extra__ = copy.deepcopy(media.transcript.__pydantic_extra__)
        transcript.__dict__["voice_activity"] = copy.deepcopy(media.transcript.voice_activity)
    else:
        transcript = Transcript()
    transcript.__dict__["words"] = table
    transcript.__dict__["alternate_formats"] = []
    transcript.__dict__["turns"] = []
    fields = set(transcript.__pydantic_fields_set__) - {"alternate_formats", "turns"}
    object.__setattr__(transcript, "__pydantic_fields_set__", fields | {"words"})
    out.__dict__["transcript"] = transcript
    out.__dict__["vendor_result"] = None
    fields_set = set(out.__pydantic_fields_set__) | {"transcript"}
    object.__setattr__(out, "__pydantic_fields_set__", fields_set)
    if out.source_format not in ("v2", "transcript"):
        out.__dict__["source_format"] = "v3"
    return out
