"""Align an edited transcript to the machine's word times, and score a transcript (WER).

``vbformats.align(media, edited)`` and ``vbformats.wer(reference, hypothesis)`` are the two
entry points (both re-exported lazily by :mod:`vbformats`). Modules, one job each:

* :mod:`~vbformats.alignment.tokens`: any input → a token stream (words, punctuation, speakers);
* :mod:`~vbformats.alignment.normalize` and :mod:`~vbformats.alignment.numbers`: what does not
  count when words are compared;
* :mod:`~vbformats.alignment.core`: edit-distance alignment (rapidfuzz; anchored for long calls);
* :mod:`~vbformats.alignment.matching`: which media unit each edited unit is aligned to (words
  first, number and hyphen units where the words disagree);
* :mod:`~vbformats.alignment.aligner` (times, speakers; the public functions),
  :mod:`~vbformats.alignment.assemble` (the output word table and Media) and
  :mod:`~vbformats.alignment.report` (the diagnostics): align to media;
* :mod:`~vbformats.alignment.arrays`: the numpy helpers they share;
* :mod:`~vbformats.alignment.scoring` and :mod:`~vbformats.alignment.tables`: WER, its result
  and its pandas tables.
"""

from __future__ import annotations

from vbformats.alignment.aligner import AlignmentResult, align, align_with_report
from vbformats.alignment.normalize import MATCHING, PRESETS, Normalization
from vbformats.alignment.report import AlignmentError, AlignmentReport, Stretch
from vbformats.alignment.scoring import AlignedPair, Score, TurnScore, WERResult, wer

__all__ = [
    "MATCHING",
    "PRESETS",
    "AlignedPair",
    "AlignmentError",
    "AlignmentReport",
    "AlignmentResult",
    "Normalization",
    "Score",
    "Stretch",
    "TurnScore",
    "WERResult",
    "align",
    "align_with_report",
    "wer",
]
