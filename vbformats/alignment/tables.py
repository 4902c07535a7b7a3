"""pandas tables of a WER result (pandas is imported here, inside the functions only).

Columns are declared once (name, dtype, meaning), with the nullable dtypes of
:mod:`vbformats.frames`: ``Int64`` for milliseconds, indices and counts, ``Float64`` for rates,
``string`` for words, ``category`` for speakers and the operation. An empty result gives an
empty table with the same columns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from vbformats.alignment.scoring import AlignedPair, Score, TurnScore

__all__ = [
    "PAIR_COLUMNS",
    "SCORE_COLUMNS",
    "Column",
    "pairs_frame",
    "speakers_frame",
    "turns_frame",
]


class Column(NamedTuple):
    """One declared column."""

    name: str
    dtype: str
    meaning: str


#: Columns of :meth:`WERResult.frame`, one row per step of the alignment.
PAIR_COLUMNS: tuple[Column, ...] = (
    Column("op", "category", "`equal`, `substitute`, `delete` (missed) or `insert`"),
    Column("reference", "string", "the reference word as compared (missing for an insertion)"),
    Column("hypothesis", "string", "the hypothesis word as compared (missing for a deletion)"),
    Column("reference_text", "string", "the reference token as written"),
    Column("hypothesis_text", "string", "the hypothesis token as written"),
    Column("reference_index", "Int64", "position among the reference words, from 0"),
    Column("hypothesis_index", "Int64", "position among the hypothesis words, from 0"),
    Column("start_ms", "Int64", "start of the reference word, ms (missing for plain text)"),
    Column("end_ms", "Int64", "end of the reference word, ms"),
    Column("hypothesis_start_ms", "Int64", "start of the hypothesis word, ms"),
    Column("hypothesis_end_ms", "Int64", "end of the hypothesis word, ms"),
    Column("speaker", "category", "the reference speaker the step counts for"),
    Column("hypothesis_speaker", "category", "the hypothesis word's speaker"),
    Column("turn", "Int64", "the reference turn the step counts for (0-based, time order)"),
)

#: Score columns of :meth:`WERResult.speakers_frame` and :meth:`WERResult.turns_frame`.
SCORE_COLUMNS: tuple[Column, ...] = (
    Column("words", "Int64", "reference words N = H + S + D"),
    Column("hits", "Int64", "H"),
    Column("substitutions", "Int64", "S"),
    Column("deletions", "Int64", "D"),
    Column("insertions", "Int64", "I (counted for the speaker / turn of the word before)"),
    Column("wer", "Float64", "(S + D + I) / N"),
)

_TURN_COLUMNS: tuple[Column, ...] = (
    Column("turn", "Int64", "turn number, 0-based, time order"),
    Column("speaker", "category", "the turn's speaker"),
    Column("start_ms", "Int64", "start of the turn's first word, ms"),
    Column("end_ms", "Int64", "largest end of its words, ms"),
    *SCORE_COLUMNS,
)
_SPEAKER_COLUMNS: tuple[Column, ...] = (
    Column("speaker", "category", "the reference speaker"),
    *SCORE_COLUMNS,
)


def _array(values: Sequence[Any], dtype: str) -> Any:
    import numpy as np
    import pandas as pd

    if dtype == "category":
        return pd.Categorical(list(values))
    if dtype == "Int64":
        mask = np.array([value is None for value in values], dtype=bool)
        data = np.array([0 if value is None else value for value in values], dtype=np.int64)
        return pd.arrays.IntegerArray(data, mask)
    if dtype == "Float64":
        floats = np.array([np.nan if value is None else value for value in values], dtype=float)
        return pd.arrays.FloatingArray(floats, np.isnan(floats))
    return pd.array(list(values), dtype="string")


def _frame(columns: Sequence[Column], rows: Mapping[str, Sequence[Any]]) -> Any:
    import pandas as pd

    return pd.DataFrame(
        {column.name: _array(rows[column.name], column.dtype) for column in columns}
    )


def pairs_frame(pairs: Sequence[AlignedPair]) -> Any:
    """One row per aligned pair (:data:`PAIR_COLUMNS`)."""
    names = [column.name for column in PAIR_COLUMNS]
    rows: dict[str, list[Any]] = {name: [getattr(pair, name) for pair in pairs] for name in names}
    return _frame(PAIR_COLUMNS, rows)


def _score_rows(scores: Sequence[Score]) -> dict[str, list[Any]]:
    return {
        "words": [score.words for score in scores],
        "hits": [score.hits for score in scores],
        "substitutions": [score.substitutions for score in scores],
        "deletions": [score.deletions for score in scores],
        "insertions": [score.insertions for score in scores],
        "wer": [score.wer for score in scores],
    }


def speakers_frame(per_speaker: Mapping[str | None, Score]) -> Any:
    """One row per reference speaker."""
    rows: dict[str, list[Any]] = {
        "speaker": list(per_speaker),
        **_score_rows(list(per_speaker.values())),
    }
    return _frame(_SPEAKER_COLUMNS, rows)


def turns_frame(per_turn: Sequence[TurnScore]) -> Any:
    """One row per reference turn."""
    rows: dict[str, list[Any]] = {
        "turn": [turn.number for turn in per_turn],
        "speaker": [turn.speaker for turn in per_turn],
        "start_ms": [turn.start_ms for turn in per_turn],
        "end_ms": [turn.end_ms for turn in per_turn],
        **_score_rows([turn.score for turn in per_turn]),
    }
    return _frame(_TURN_COLUMNS, rows)
