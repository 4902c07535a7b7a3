"""Align an edited transcript to the machine's word times: ``vbformats.align(media, edited)``.

VoiceBase's Aligner (v3 docs, "Aligner") takes a human-edited text for an existing media and
returns a new transcript aligned to the original word timings. This is the same, locally:

1. both sides become token streams (:mod:`vbformats.alignment.tokens`: speaker turns in time
   order, punctuation split off), compared under
   :data:`~vbformats.alignment.normalize.MATCHING` (case, punctuation, apostrophes, hyphens and
   number formatting do not count);
2. they are aligned by edit distance (:mod:`vbformats.alignment.matching`): words first
   (rapidfuzz between anchors, linear in time and memory; ties broken towards the most similar
   words), then, where the words disagree around a number or a hyphenated word, as units
   ("4472" and "four four seven two" are both ``4 4 7 2``);
3. each edited word gets a time: **matched** words (equal once normalised) and
   **substituted** words take the span of the media units they are aligned to (a media word
   read as several units lends each an equal share; an edited word aligned to part of one
   media word takes all of it), and a substitution also takes the time of the media words
   deleted next to it in the same turn (a corrected name covers the whole garble);
   **inserted** words (nothing aligned) share the time between their neighbours in proportion
   to their length and are marked ``estimated`` (before the first or after the last timed
   word: next to it, at 70 ms per character); a substituted word whose media time would run
   backwards in its speaker's timeline is estimated instead; media words left unaligned
   (**deleted**) are gone;
4. speakers: a ``Name:`` label (or a speaker marker of a loaded edited transcript) decides;
   words without one take the speaker of the media word they are aligned to, and inserted
   words the speaker of the word before them. A turn marker (``m: "turn"``) starts each turn;
5. punctuation comes from the edited text, as ``m: "punc"`` tokens at the end time of the word
   before; DTMF tokens of the media (not in any text) are kept at their time, after the
   speaker's last word that starts before them.

The result is a VoiceBase-shaped :class:`~vbformats.Media`: the original document (metadata,
length, analytics sections, unknown keys; the sections still describe the machine transcript,
their times hold) with new ``transcript.words``. ``transcript.turns`` and
``transcript.alternateFormats`` are dropped (they would contradict the new words); tokens have
``s``, ``e``, ``w`` and ``m``, and with ``keep_confidence=True`` matched words keep the engine's
``c`` (a substituted or inserted word has none). Voice features (``v``, ``frq``), ``p`` and
unknown per-word keys are not carried: the audio features of the original media are unchanged,
compute voice metrics there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from vbformats.alignment.arrays import BIG, Codes, backward, forward
from vbformats.alignment.assemble import Assembly, media_with
from vbformats.alignment.matching import align_units
from vbformats.alignment.normalize import MATCHING, Normalization, Units, normalization
from vbformats.alignment.report import AlignmentReport, OnMismatch, build_report, check
from vbformats.alignment.tokens import Stream, resolve, stream_from_media, stream_of
from vbformats.errors import InvalidInputError
from vbformats.gcpause import gc_paused
from vbformats.models.media import Media

__all__ = [
    "INSERTED",
    "MATCHED",
    "PUNC",
    "SUBSTITUTED",
    "AlignmentResult",
    "Run",
    "align",
    "align_with_report",
]

# status of an edited token
PUNC, INSERTED, SUBSTITUTED, MATCHED = range(4)
#: Nominal pace for words with no time at all (nothing aligned anywhere), as the text reader.
_MS_PER_CHAR = 70


@dataclass(frozen=True)
class AlignmentResult:
    """The aligned transcript and the diagnostics.

    Attributes:
        media: The aligned :class:`~vbformats.Media`.
        report: The :class:`~vbformats.alignment.AlignmentReport`.
    """

    media: Media
    report: AlignmentReport


def align(
    media: Any,
    edited: Any,
    *,
    normalize: Any = MATCHING,
    min_matched: float = 0.5,
    on_mismatch: OnMismatch = "raise",
    min_stretch_words: int = 12,
    keep_confidence: bool = False,
) -> Media:
    """A new Media: the edited transcript with the media's word times.

    Args:
        media: The machine transcript: a :class:`~vbformats.Media`, or anything
            :func:`vbformats.load` reads (a path, JSON text, bytes, a dict).
        edited: The corrected transcript: plain text (a ``str`` that is not an existing file
            path; ``Name:`` labels re-assign speakers), or a path, ``bytes``, ``dict`` or
            :class:`~vbformats.Media` of anything :func:`vbformats.load` reads (an SRT someone
            corrected, another engine's VoiceBase or RingCentral result).
        normalize: What does not count when words are compared: a
            :class:`~vbformats.alignment.Normalization`, a preset name (``"standard"``,
            ``"raw"``, ``"loose"``) or a dict of its fields. Default
            :data:`~vbformats.alignment.MATCHING`. The edited spelling is what is written out.
        min_matched: Least share of edited words that must equal a media word, 0..1.
        on_mismatch: Below ``min_matched``: ``"raise"`` :class:`AlignmentError`, ``"warn"``
            (:class:`~vbformats.LossyConversionWarning`) or ``"ignore"``.
        min_stretch_words: Shortest unmatched stretch the report lists.
        keep_confidence: Keep the engine's ``c`` on matched words (and on the media's own
            punctuation and markers kept as sent). Off by default: the words are the
            corrected text now, not the engine's guesses (and it costs a fifth of the time).

    Returns:
        The aligned Media (see the module docstring for what it holds).

    Raises:
        AlignmentError: too little of the edited text matched (``on_mismatch="raise"``).
        InvalidInputError: an argument of the wrong type or range, or unreadable input.

    Example:
        >>> media = vbformats.load("samples/stereo_call.json")  # doctest: +SKIP
        >>> text = vbformats.render(media, "text").replace("Okafor", "O'Kafor")  # doctest: +SKIP
        >>> fixed = vbformats.align(media, text)  # doctest: +SKIP
    """
    return align_with_report(
        media,
        edited,
        normalize=normalize,
        min_matched=min_matched,
        on_mismatch=on_mismatch,
        min_stretch_words=min_stretch_words,
        keep_confidence=keep_confidence,
    ).media


def align_with_report(
    media: Any,
    edited: Any,
    *,
    normalize: Any = MATCHING,
    min_matched: float = 0.5,
    on_mismatch: OnMismatch = "raise",
    min_stretch_words: int = 12,
    keep_confidence: bool = False,
) -> AlignmentResult:
    """:func:`align`, returning the aligned Media together with its diagnostics.

    Same arguments and errors as :func:`align`; ``on_mismatch="ignore"`` returns the report of
    any alignment, however poor.
    """
    if isinstance(min_matched, bool) or not isinstance(min_matched, (int, float)):
        raise InvalidInputError("min_matched", f"expected a number 0..1, got {min_matched!r}")
    if not 0 <= min_matched <= 1:
        raise InvalidInputError("min_matched", f"must be between 0 and 1, got {min_matched}")
    if isinstance(min_stretch_words, bool) or not isinstance(min_stretch_words, int):
        raise InvalidInputError("min_stretch_words", f"expected an int, got {min_stretch_words!r}")
    if min_stretch_words < 1:
        raise InvalidInputError("min_stretch_words", f"must be at least 1, got {min_stretch_words}")
    norm = normalization(normalize)
    if not isinstance(media, Media):
        from vbformats.formats import load

        media = load(media)
    resolved = resolve(edited, "edited")
    with gc_paused():
        original = stream_from_media(media)
        edit = stream_of(resolved)
        run = Run(
            media,
            original,
            edit,
            norm,
            float(min_matched),
            min_stretch_words,
            bool(keep_confidence),
        )
        result = run.result()
    check(result.report, on_mismatch)
    return result


class Run:
    """One alignment: the arrays of both sides and the passes over them."""

    def __init__(
        self,
        media: Media,
        original: Stream,
        edit: Stream,
        norm: Normalization,
        min_matched: float,
        min_stretch_words: int,
        keep_confidence: bool,
    ) -> None:
        self.media = media
        self.keep_confidence = keep_confidence
        self.table = media.words
        self.original = original
        self.edit = edit
        self.min_matched = min_matched
        self.min_stretch_words = min_stretch_words
        alignment = align_units(original, edit, norm)
        self.units_o: Units = alignment.media
        self.units_e: Units = alignment.edited
        self.e2o, self.equal, self.o_equal = alignment.e2o, alignment.equal, alignment.o_equal

    # --- pass 1: the word times ---------------------------------------------------------------

    def _unit_spans(self) -> tuple[np.ndarray, np.ndarray]:
        """Start and end of each media unit: an equal share of its token's span."""
        units = self.units_o
        source = self.original.source_array
        tab = source[units.token]
        starts = self.o_start[tab]
        span = self.o_end[tab] - starts
        return starts + span * units.rank // units.count, starts + span * (
            units.rank + 1
        ) // units.count

    def _word_times(self) -> None:
        ne = len(self.edit)
        unit_start, unit_end = self._unit_spans()
        units = self.units_e
        e2o = self.e2o
        aligned = e2o >= 0
        # per unit: its media span, or (BIG, -1) when it is not aligned; a token's units are
        # contiguous, so reduceat over each token's first unit gives the token's span
        if len(unit_start):
            u_start = np.where(aligned, unit_start[np.maximum(e2o, 0)], BIG)
            u_end = np.where(aligned, unit_end[np.maximum(e2o, 0)], -1)
        else:  # a media without words: nothing is aligned
            u_start = np.full(len(e2o), BIG, dtype=np.int64)
            u_end = np.full(len(e2o), -1, dtype=np.int64)
        u_first = np.where(aligned, e2o, BIG)
        start = np.full(ne, BIG, dtype=np.int64)
        end = np.full(ne, -1, dtype=np.int64)
        first_unit = np.full(ne, BIG, dtype=np.int64)
        n_equal = np.zeros(ne, dtype=np.int64)
        n_units = np.zeros(ne, dtype=np.int64)
        if len(e2o):
            heads = np.flatnonzero(units.rank == 0)
            tokens = units.token[heads]
            start[tokens] = np.minimum.reduceat(u_start, heads)
            end[tokens] = np.maximum.reduceat(u_end, heads)
            first_unit[tokens] = np.minimum.reduceat(u_first, heads)
            n_equal[tokens] = np.add.reduceat(self.equal.astype(np.int64), heads)
            n_units[tokens] = units.count[heads]
        status = np.where(end >= 0, SUBSTITUTED, INSERTED).astype(np.int64)
        status[(n_units > 0) & (n_equal == n_units)] = MATCHED
        status[self.edit.punc_array] = PUNC
        has = first_unit != BIG
        source_pos = np.full(ne, -1, dtype=np.int64)
        source_pos[has] = self.units_o.token[first_unit[has]]
        self._whole_tokens(start, end)
        self._absorb_deletions(start, end, status)
        self.status = status
        self.start = np.where(end >= 0, start, -1)
        self.end = end
        self.source_pos = source_pos

    def _whole_tokens(self, start: np.ndarray, end: np.ndarray) -> None:
        """An edited word aligned to part of a media token's units, and to no other, takes the
        whole token's span ("uh" for "uh-huh", "five" for "$5"): it replaces that word."""
        units, e2o = self.units_o, self.e2o
        aligned = e2o >= 0
        no = len(units)
        if not no or not aligned.any():
            return
        owner = np.full(no, -1, dtype=np.int64)  # edited token of each media unit
        owner[e2o[aligned]] = self.units_e.token[aligned]
        heads = np.flatnonzero(units.rank == 0)
        has = owner >= 0
        n_aligned = np.add.reduceat(has.astype(np.int64), heads)
        low = np.minimum.reduceat(np.where(has, owner, BIG), heads)
        high = np.maximum.reduceat(owner, heads)
        partial = (n_aligned > 0) & (n_aligned < units.count[heads]) & (low == high)
        if not partial.any():
            return
        tab = self.o_source[units.token[heads[partial]]]
        target = low[partial]
        np.minimum.at(start, target, self.o_start[tab])
        np.maximum.at(end, target, self.o_end[tab])

    def _absorb_deletions(self, start: np.ndarray, end: np.ndarray, status: np.ndarray) -> None:
        """Media words deleted next to a substitution (no equal word between them, same turn)
        lend it their time: "Theo O cafe" corrected to "Theo Okafor" gives "Okafor" the span
        of "O cafe", the garble it replaces. Other deleted words just disappear."""
        units, e2o = self.units_o, self.e2o
        no = len(units)
        aligned = e2o >= 0
        if not no or not aligned.any():
            return
        o2e = np.full(no, -1, dtype=np.int64)  # edited unit aligned to each media unit
        o2e[e2o[aligned]] = np.flatnonzero(aligned)
        is_aligned = o2e >= 0
        deleted = np.flatnonzero(~is_aligned)
        if not len(deleted):
            return
        token_e = self.units_e.token
        substituted = np.zeros(no, dtype=bool)
        substituted[is_aligned] = status[token_e[o2e[is_aligned]]] == SUBSTITUTED
        o_turn = self.original.turn_array[units.token]
        before = forward(is_aligned)[deleted]
        after = backward(is_aligned)[deleted]
        b, a = np.maximum(before, 0), np.minimum(after, no - 1)
        use_before = (before >= 0) & substituted[b] & (o_turn[b] == o_turn[deleted])
        use_after = ~use_before & (after < no) & substituted[a] & (o_turn[a] == o_turn[deleted])
        target = np.where(use_before, b, np.where(use_after, a, -1))
        keep = target >= 0
        if not keep.any():
            return
        tab = self.o_source[units.token[deleted[keep]]]
        tokens = token_e[o2e[target[keep]]]
        np.minimum.at(start, tokens, self.o_start[tab])
        np.maximum.at(end, tokens, self.o_end[tab])

    def _keep_speaker_order(self) -> None:
        """A substituted word whose media time would run backwards in its speaker's timeline
        (before the end of the speaker's previous matched word, or past the start of the next
        one) is no replacement of that media word: its time is estimated instead."""
        status, start, end, speaker = self.status, self.start, self.end, self.speaker
        for code in np.unique(speaker).tolist():
            timed = np.flatnonzero((speaker == code) & (status >= SUBSTITUTED))
            if not len(timed):
                continue
            matched = status[timed] == MATCHED
            # the speaker's nearest matched word before and after (not a running max: a media
            # whose own words run backwards somewhere must not condemn every later word)
            previous = forward(matched)
            previous = np.concatenate(([-1], previous[:-1]))
            following = backward(matched)
            following = np.concatenate((following[1:], [len(timed)]))
            before = np.where(previous >= 0, end[timed[np.maximum(previous, 0)]], -1)
            after = np.where(
                following < len(timed), start[timed[np.minimum(following, len(timed) - 1)]], BIG
            )
            wrong = ~matched & ((start[timed] < before) | (end[timed] > after))
            if wrong.any():
                bad = timed[wrong]
                status[bad] = INSERTED
                start[bad] = -1
                end[bad] = -1

    # --- the whole run ------------------------------------------------------------------------

    def result(self) -> AlignmentResult:
        table = self.table
        self.o_start = np.asarray(table.start_ms, dtype=np.int64)
        self.o_end = np.asarray(table.end_ms, dtype=np.int64)
        self.o_source = self.original.source_array
        self._word_times()
        self._speakers()
        self._keep_speaker_order()
        self._estimate_inserted()
        assembly = Assembly(self)
        words = assembly.table()
        report = build_report(self, assembly.out_index)
        return AlignmentResult(media_with(self.media, words), report)

    # --- pass 2: speakers and turns -----------------------------------------------------------

    def _speakers(self) -> None:
        codes = Codes()
        edit = self.edit
        speaker = codes.of_runs(edit.speaker, edit.turn_array)
        none = codes[None]
        if (speaker == none).any():
            # no label: the speaker of the media word the token is aligned to; inserted words
            # and punctuation: the speaker of the token before (else after)
            o_speaker = codes.of_runs(self.original.speaker, self.original.turn_array)
            missing = speaker == none
            from_media = missing & (self.source_pos >= 0) & (self.status != PUNC)
            speaker[from_media] = o_speaker[self.source_pos[from_media]]
            known = ~missing | from_media
            before = forward(known)
            after = backward(known)
            fill = missing & ~from_media
            use_before = fill & (before >= 0)
            speaker[use_before] = speaker[before[use_before]]
            use_after = fill & (before < 0) & (after < len(speaker))
            speaker[use_after] = speaker[after[use_after]]
        self.codes = codes
        self.speaker = speaker
        turn = edit.turn_array
        change = np.ones(len(speaker), dtype=bool)
        if len(speaker):
            change[1:] = (speaker[1:] != speaker[:-1]) | (turn[1:] != turn[:-1])
        self.turn_start = np.flatnonzero(change)
        self.turn_id = np.cumsum(change) - 1

    # --- pass 3: times of inserted words --------------------------------------------------------

    def _estimate_inserted(self) -> None:
        status = self.status
        inserted = np.flatnonzero(status == INSERTED)
        if not len(inserted):
            return
        start, end, speaker, turn_id = self.start, self.end, self.speaker, self.turn_id
        texts = self.edit.text
        timed_mask = status >= SUBSTITUTED
        timed = np.flatnonzero(timed_mask)
        own_timed = {
            int(code): np.flatnonzero(timed_mask & (speaker == code)) for code in np.unique(speaker)
        }
        before_all = forward(timed_mask)
        after_all = backward(timed_mask)
        last_end: dict[int, int] = {}  # latest end given to each speaker's estimated words
        # a run: inserted words of one turn between the same two timed words
        keys = np.stack([before_all[inserted], after_all[inserted], turn_id[inserted]], axis=1)
        breaks = np.ones(len(inserted), dtype=bool)
        breaks[1:] = (keys[1:] != keys[:-1]).any(axis=1)
        bounds = [*np.flatnonzero(breaks).tolist(), len(inserted)]
        n = len(status)
        for r in range(len(bounds) - 1):
            run = inserted[bounds[r] : bounds[r + 1]].tolist()
            first, last = run[0], run[-1]
            name = int(speaker[first])
            before, after = int(before_all[first]), int(after_all[first])
            own = own_timed[name]
            m = int(np.searchsorted(own, first))
            own_before = int(own[m - 1]) if m else -1
            own_after = int(own[m]) if m < len(own) else -1
            chars = sum(max(1, len(texts[i])) for i in run)
            nominal = chars * _MS_PER_CHAR
            high = int(start[after]) if after < n else -1
            if before >= 0:
                low = int(end[before])
                if turn_id[before] != turn_id[first] and own_before >= 0:
                    low = max(low, int(end[own_before]))  # a new turn: after its speaker's word
            else:
                # before the first timed word: just before it, at a nominal pace (not spread
                # over the silence before the call's first word)
                low = max(0, high - nominal) if high >= 0 else 0
            if high < 0:
                high = low + nominal  # after the last timed word: the same, just after it
            floor = max(last_end.get(name, 0), int(end[own_before]) if own_before >= 0 else 0)
            low = max(min(low, high), floor)
            if own_after >= 0:
                ceiling = int(start[own_after])
                low = min(low, max(ceiling, floor))
                high = min(high, ceiling)
            high = max(high, low)
            span = high - low
            done = 0
            for i in run:
                start[i] = low + span * done // chars
                done += max(1, len(texts[i]))
                end[i] = low + span * done // chars
            last_end[name] = int(end[last])
        del timed

    # --- pass 4: the output table -------------------------------------------------------------
