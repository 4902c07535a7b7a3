"""turns() against a reference written from the rules in vbformats/turns.py's docstring.

The reference is the plain per-token loop; the implementation works per run of tokens between
markers with C-level list operations (issue #6), so this checks that both agree on tables with
every kind of token: punctuation whose times reach outside its words', DTMF, unknown flags,
``turn|punc`` markers, runs of punctuation only, words before the first marker.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from vbformats.models.words import words_from_objects
from vbformats.turns import turns

FLAGS = [None, None, None, "punc", "dtmf", "turn", "turn|punc", "punc|dtmf", "mystery", ""]


def reference(words: list[dict[str, Any]], include_dtmf: bool) -> list[tuple[Any, ...]]:
    runs: list[tuple[str | None, list[int]]] = []
    speaker: str | None = None
    current: list[int] = []
    for index, w in enumerate(words):
        flags = {f.strip().lower() for f in (w.get("m") or "").split("|") if f.strip()}
        if "turn" in flags:
            runs.append((speaker, current))
            name = w["w"].strip()
            speaker = name[:-1].rstrip() if name.endswith(":") else name
            current = []
        elif not flags or "punc" in flags or (include_dtmf and "dtmf" in flags):
            current.append(index)
    runs.append((speaker, current))
    out = []
    for name, indices in runs:
        speech = [i for i in indices if not words[i].get("m")]
        if speech:
            start = min(words[i]["s"] for i in speech)
            end = max(words[i]["e"] for i in speech)
            out.append((name, start, end, indices))
    out.sort(key=lambda turn: turn[1])  # stable: equal starts keep array order
    return out


token = st.builds(
    lambda s, d, m, name: {"s": s, "e": s + d, "w": name if m and "turn" in m else "w", "m": m},
    st.integers(0, 50),
    st.integers(0, 20),
    st.sampled_from(FLAGS),
    st.sampled_from(["Agent", " Caller: ", "Agent:"]),
)


@given(st.lists(token, max_size=40), st.booleans())
def test_turns_match_the_reference(words, include_dtmf):
    table = words_from_objects(words)
    got = [
        (t.speaker, t.start_ms, t.end_ms, t.token_indices)
        for t in turns(table, include_dtmf=include_dtmf)
    ]
    assert got == reference(words, include_dtmf)


def test_punctuation_outside_its_words_time_does_not_move_the_turn():
    words = [
        {"s": 0, "e": 0, "w": "Agent", "m": "turn"},
        {"s": 5, "e": 5, "w": ",", "m": "punc"},  # earlier than any word
        {"s": 10, "e": 20, "w": "hi"},
        {"s": 10, "e": 90, "w": "!", "m": "punc"},  # later than any word
        {"s": 1, "e": 99, "w": "1", "m": "dtmf"},
    ]
    (turn,) = turns(words_from_objects(words))
    assert (turn.start_ms, turn.end_ms, turn.token_indices) == (10, 20, [1, 2, 3])
    (turn,) = turns(words_from_objects(words), include_dtmf=True)
    assert (turn.start_ms, turn.end_ms, turn.token_indices) == (10, 20, [1, 2, 3, 4])
