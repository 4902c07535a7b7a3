"""WordTable's derived columns: pitch, unboxed voice columns, text_at, packed and interned
columns (issue #6 performance pass; the pitch rule is issue #4's).

Expected values are written by hand or come from a plain reference rule written here, never from
the code under test. Every table is checked on both decoding paths: the fast msgspec one (JSON
bytes) and the tolerant one (already-parsed dicts).
"""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from vbformats.models.words import WordTable, words_from_json, words_from_objects


def both_paths(words: list[dict[str, Any]]) -> list[WordTable]:
    return [words_from_json(json.dumps(words).encode()), words_from_objects(words)]


def reference_pitch(peaks: list[dict[str, float]] | None) -> float | None:
    """Issue #4: f of the peak with the largest e among f > 0 and e > 0; tie -> lower f."""
    good = [(p["e"], -p["f"]) for p in peaks or [] if p["f"] > 0 and p["e"] > 0]
    return -max(good)[1] if good else None


def word(**extra: Any) -> dict[str, Any]:
    return {"s": 0, "e": 10, "w": "x", **extra}


def nan_to_none(values: Any) -> list[float | None]:
    return [None if math.isnan(v) else v for v in values]


def test_pitch_by_hand():
    words = [
        word(frq=[{"f": 260.9, "e": 1.0}, {"f": 521.8, "e": 0.35}]),  # largest e wins
        word(frq=[{"f": 240.0, "e": 0.9}, {"f": 120.0, "e": 0.9}]),  # tie: lower f
        word(frq=[{"f": 0.0, "e": 1.0}, {"f": -3.0, "e": 2.0}]),  # no f > 0
        word(frq=[{"f": 90.0, "e": 0.0}]),  # no e > 0
        word(frq=[{"f": 0.0, "e": 5.0}, {"f": 300.0, "e": 0.2}, {"f": 150.0, "e": 0.2}]),
        word(frq=[]),
        word(frq=None),
        word(),
        word(m="punc", frq=[{"f": 80.0, "e": 0.5}]),  # the rule ignores flags
    ]
    expected = [260.9, 120.0, None, None, 150.0, None, None, None, 80.0]
    for table in both_paths(words):
        assert table.pitch_hz == expected
        assert nan_to_none(table.pitch_hz_array) == expected


def test_eight_and_nine_peaks():
    eight = [{"f": 100.0 + i, "e": 0.1} for i in range(7)] + [{"f": 99.0, "e": 0.1}]
    nine = [*eight, {"f": 500.0, "e": 0.9}]
    for table in both_paths([word(frq=eight), word(frq=nine)]):
        assert table.pitch_hz == [99.0, 500.0]


def test_volume_array_matches_volume_with_nan_for_missing():
    words = [word(v=2.5), word(v=None), word(), word(v=7)]
    for table in both_paths(words):
        assert table.volume == [2.5, None, None, 7.0]
        assert nan_to_none(table.volume_array) == [2.5, None, None, 7.0]
        assert table.volume_array.typecode == "d"


def test_empty_table_columns():
    table = WordTable()
    assert table.pitch_hz == []
    assert len(table.pitch_hz_array) == 0
    assert len(table.volume_array) == 0
    assert table.text_at([]) == []


def test_text_at_reads_tokens_with_or_without_the_text_column():
    words = [word(w="a"), word(w="b", m="punc"), word(w="Agent", m="turn")]
    for table in both_paths(words):
        assert table.text_at([2, 0]) == ["Agent", "a"]  # before the column exists
        assert table.text == ["a", "b", "Agent"]
        assert table.text_at([1, 1]) == ["b", "b"]  # from the column


def test_packed_and_interned_columns_keep_their_values():
    words = [
        word(s=1000 + i, e=2000 + i, w=f"w{i % 3}", m="punc" if i % 2 else None) for i in range(6)
    ]
    for table in both_paths(words):
        assert table.start_ms == [1000 + i for i in range(6)]
        assert table.end_ms == [2000 + i for i in range(6)]
        assert all(type(value) is int for value in table.start_ms + table.end_ms)
        assert table.text == [f"w{i % 3}" for i in range(6)]
        assert table.flags_text == [None, "punc", None, "punc", None, "punc"]
        # equal texts share one object (interned)
        assert table.text[0] is table.text[3]


def test_str_subclasses_in_a_hand_built_table_are_kept():
    class Name(str):
        pass

    table = words_from_objects([word(w=Name("hi"), m=Name("punc"))])
    assert table.text == ["hi"]
    assert table.flags_text == ["punc"]


peaks = st.lists(
    st.fixed_dictionaries(
        {
            "f": st.sampled_from([-1.0, 0.0, 80.0, 120.0, 120.5, 240.0, 300.0]),
            "e": st.sampled_from([-0.5, 0.0, 0.25, 0.5, 1.0, 3.0]),
        }
    ),
    max_size=10,
)
words_strategy = st.lists(
    st.builds(
        lambda frq, v: {"s": 0, "e": 1, "w": "x", **frq, **v},
        st.one_of(st.just({}), st.just({"frq": None}), peaks.map(lambda p: {"frq": p})),
        st.one_of(st.just({}), st.sampled_from([None, 1.5, 30.0]).map(lambda v: {"v": v})),
    ),
    max_size=12,
)


@given(words_strategy)
def test_pitch_and_volume_follow_the_rule_on_both_paths(words):
    expected_pitch = [reference_pitch(w.get("frq")) for w in words]
    expected_volume = [w.get("v") for w in words]
    for table in both_paths(words):
        assert table.pitch_hz == expected_pitch
        assert nan_to_none(table.pitch_hz_array) == expected_pitch
        assert nan_to_none(table.volume_array) == expected_volume
