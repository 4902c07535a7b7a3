"""Issue #6, target 5: the speed work keeps every guarantee on a large file.

A 20,000-token stereo callback from the benchmark generator (overlapping turns, punctuation, voice
features, unknown keys at the top level and in ``transcript``) must load through the fast path,
keep every unknown key, and dump back to exactly the document read. Unknown keys on words are
checked on both paths: scalars (kept on the fast path, in the struct itself) and objects (kept by
the tolerant path in ``overrides``).
"""

from __future__ import annotations

import itertools
import json
import pickle
import sys
from pathlib import Path

import pytest

import vbformats
from vbformats.models.words import WordTable, words_from_json, words_from_objects

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `pytest` run without `python -m`: make benchmarks importable
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate_text  # noqa: E402

TOKENS = 20_000


@pytest.fixture(scope="module")
def big_text() -> str:
    return generate_text(TOKENS, seed=5)


@pytest.fixture(scope="module")
def big_doc(big_text: str) -> dict:
    return json.loads(big_text)


@pytest.fixture(scope="module")
def big_media(big_text: str) -> vbformats.Media:
    return vbformats.load(big_text.encode())


def _with_word_keys(doc: dict, every: int, key: str, value: object) -> dict:
    """A deep copy of ``doc`` where words 0, every, 2*every... carry ``key: value``."""
    copy = json.loads(json.dumps(doc))
    for index, word in enumerate(copy["transcript"]["words"]):
        if index % every == 0:
            word[key] = value
    return copy


def test_large_file_round_trips_exactly(big_doc, big_media):
    assert len(big_media.words) >= TOKENS
    assert big_media.to_dict() == big_doc
    assert json.loads(big_media.to_json()) == big_doc
    # integers stay integers (a float 1000.0 would compare equal but is not what was sent)
    first = big_media.to_dict()["transcript"]["words"][1]
    assert type(first["s"]) is int and type(first["p"]) is int


def test_large_file_keeps_unknown_sections_and_keys(big_doc, big_media):
    dumped = big_media.to_dict()
    assert dumped["x-benchmark"] == big_doc["x-benchmark"]
    assert dumped["transcript"]["engineRevision"] == "bench"
    assert big_media.model_extra["x-benchmark"]["seed"] == 5


def test_large_file_columns_match_the_json(big_doc, big_media):
    words = big_doc["transcript"]["words"]
    table = big_media.words
    assert table.start_ms == [w["s"] for w in words]
    assert table.end_ms == [w["e"] for w in words]
    assert table.text == [w["w"] for w in words]
    assert table.is_turn == [w.get("m") == "turn" for w in words]
    assert table.is_punctuation == [w.get("m") == "punc" for w in words]
    assert table.volume == [w.get("v") for w in words]
    assert table.frequencies == [
        [(p["f"], p["e"]) for p in w["frq"]] if "frq" in w else None for w in words
    ]
    # the array really is out of time order (stereo), so nothing above relied on sorting
    assert any(b["s"] < a["s"] for a, b in itertools.pairwise(words))


def test_scalar_unknown_word_keys_stay_on_the_fast_path_and_are_kept(big_doc):
    doc = _with_word_keys(big_doc, 1000, "x-note", 7)
    doc = _with_word_keys(doc, 1, "sentiment", "neutral")  # a new field on every word
    media = vbformats.load(json.dumps(doc).encode())
    assert media.words.overrides == {}  # no word needed the tolerant path
    assert media.words[0].model_extra == {"x-note": 7, "sentiment": "neutral"}
    assert media.words[1].model_extra == {"sentiment": "neutral"}
    assert media.to_dict() == doc
    assert json.loads(media.to_json()) == doc


def test_object_valued_unknown_word_keys_are_kept_by_the_tolerant_path(big_doc):
    doc = _with_word_keys(big_doc, 997, "annotation", {"by": "qa", "tags": [1, None]})
    media = vbformats.load(json.dumps(doc).encode())
    assert media.words.overrides[0] == {"annotation": {"by": "qa", "tags": [1, None]}}
    assert media.words[997].model_extra == {"annotation": {"by": "qa", "tags": [1, None]}}
    assert media.to_dict() == doc


def test_fast_and_tolerant_paths_build_the_same_table(big_doc):
    words = big_doc["transcript"]["words"]
    fast = words_from_json(json.dumps(words).encode())
    tolerant = words_from_objects(json.loads(json.dumps(words)))
    assert fast == tolerant
    assert fast.to_dicts() == words
    assert fast.is_speech == tolerant.is_speech


def test_tables_survive_pickling_including_extra_key_structs(big_doc):
    doc = _with_word_keys(big_doc, 5000, "x-note", 1.5)
    media = vbformats.load(json.dumps(doc).encode())
    restored = pickle.loads(pickle.dumps(media))
    assert restored.to_dict() == doc
    table = pickle.loads(pickle.dumps(media.words))
    assert isinstance(table, WordTable)
    assert table[0].model_extra == {"x-note": 1.5}
    assert table.start_ms == media.words.start_ms


def test_bad_word_deep_in_a_large_file_is_named(big_text):
    # the last word's end moved before its start: found after 20,000 good words
    doc = json.loads(big_text)
    words = doc["transcript"]["words"]
    last = len(words) - 1
    words[last]["e"] = words[last]["s"] - 1
    with pytest.raises(vbformats.InvalidInputError) as caught:
        vbformats.load(json.dumps(doc).encode())
    assert caught.value.path == f"transcript.words[{last}].e"


@pytest.mark.parametrize("count", [0, 1, 2, 3, 8, 9, 20])
def test_frq_arrays_of_any_length_round_trip_and_read_as_pairs(count):
    peaks = [{"e": 1 if i == 0 else round(0.5 / i, 3), "f": 100.0 * (i + 1)} for i in range(count)]
    words = [
        {"p": 0, "s": 0, "e": 10, "w": "Agent", "m": "turn"},
        {"p": 1, "c": 0.9, "s": 0, "e": 400, "w": "hello", "v": 3.5, "frq": peaks},
        {"p": 2, "s": 400, "e": 900, "w": "there", "frq": None},
        {"p": 3, "s": 900, "e": 900, "w": ".", "m": "punc"},
    ]
    doc = {"transcript": {"words": words}}
    media = vbformats.load(json.dumps(doc).encode())
    assert media.to_dict() == doc
    assert media.words.frequencies == [None, [(p["f"], p["e"]) for p in peaks], None, None]
    assert media.words[1].to_dict()["frq"] == peaks
    assert [(p.f, p.e) for p in media.words[1].frequencies] == [(p["f"], p["e"]) for p in peaks]
    assert pickle.loads(pickle.dumps(media.words)).to_dicts() == words
