"""The profanity filter (issue #15): every listed word in every casing and with attached
punctuation is masked; listed words inside clean words are not; lists change and other
languages work; without the extra the default list is a clear MissingDependencyError."""

from __future__ import annotations

import subprocess
import sys

import pytest

import vbformats
from vbformats.redaction import filter_profanity, profanity_languages, profanity_words

ENGLISH = sorted(profanity_words())
SINGLE = [w for w in ENGLISH if " " not in w]
PHRASES = [w for w in ENGLISH if " " in w]


def media_of(tokens: list[str]) -> vbformats.Media:
    words = [{"s": i * 100, "e": i * 100 + 80, "w": t} for i, t in enumerate(tokens)]
    return vbformats.load({"transcript": {"words": words}})


def variants(word: str) -> list[str]:
    return [word, word.upper(), word.title(), f"{word}!", f"({word}),", f'"{word}."', f"{word}'s"]


def test_the_default_list_comes_from_the_package_and_is_big_enough():
    assert len(SINGLE) > 250 and PHRASES
    assert "english" in profanity_languages() and "spanish" in profanity_languages()


def test_every_listed_word_in_every_casing_and_punctuation_is_masked():
    tokens = [v for word in SINGLE for v in variants(word)]
    filtered = filter_profanity(media_of(tokens))
    left = [t for t, out in zip(tokens, filtered.words.text, strict=True) if out != "…"]
    assert left == []


def test_listed_phrases_are_masked_as_consecutive_words():
    for phrase in PHRASES[:40]:
        tokens = ["well", *phrase.split(" "), "then"]
        out = filter_profanity(media_of(tokens)).words.text
        assert out == ["well", *["…"] * len(phrase.split(" ")), "then"], phrase


def test_listed_words_inside_clean_words_are_not_masked():
    clean = ["class", "assess", "grasshopper", "Scunthorpe", "cockpit", "shitake", "analysis"]
    clean += ["therapist", "bass", "butter", "cumin", "cocktail", "assassin", "Dickens"]
    # and every listed word glued inside a longer word
    clean += [f"x{word}y" for word in SINGLE if word.isalpha()]
    assert not set(w.lower() for w in clean) & set(ENGLISH)
    out = filter_profanity(media_of(clean)).words.text
    assert out == clean


def test_add_remove_own_lists_and_other_languages():
    media = media_of(["Darn", "it,", "fiber", "shit", "mierda"])
    assert filter_profanity(media, words=["darn"]).words.text == [
        "…",
        "it,",
        "fiber",
        "shit",
        "mierda",
    ]
    changed = filter_profanity(media, add=["fiber"], remove=["SHIT"])
    assert changed.words.text == ["Darn", "it,", "…", "shit", "mierda"]
    spanish = filter_profanity(media, language="spanish", replacement="***")
    assert spanish.words.text[-1] == "***"
    both = filter_profanity(media, language=["english", "spanish"])
    assert both.words.text[-2:] == ["…", "…"]
    with pytest.raises(vbformats.InvalidInputError, match="klingon"):
        filter_profanity(media, language="klingon")
    with pytest.raises(vbformats.InvalidInputError, match="words"):
        filter_profanity(media, words="darn")


def test_analytics_text_is_masked_too_and_noted():
    doc = {
        "transcript": {
            "words": [{"s": 0, "e": 100, "w": "shit"}, {"s": 200, "e": 300, "w": "router"}],
            "turns": [{"speaker": "A", "s": 0, "e": 300, "text": "shit router"}],
        },
        "knowledge": {"keywords": [{"keyword": "shit router", "mentions": []}]},
        "entities": [{"type": "x", "text": "Shit!", "s": 0, "e": 100}],
    }
    filtered = filter_profanity(vbformats.load(doc))
    out = filtered.to_dict()
    assert out["transcript"]["turns"][0]["text"] == "… router"
    assert out["knowledge"]["keywords"][0]["keyword"] == "… router"
    assert out["entities"][0]["text"] == "…"
    assert out["vbformatsContentFilters"] == [{"kind": "profanity", "replacement": "…", "words": 1}]
    assert "shit" not in filtered.to_json().lower()


def test_without_the_extra_the_default_list_names_it():
    code = (
        "import sys; sys.modules['glin_profanity'] = None\n"
        "import vbformats\n"
        "from vbformats.redaction import filter_profanity\n"
        "media = vbformats.load({'transcript': {'words': [{'s': 0, 'e': 1, 'w': 'x'}]}})\n"
        "print(filter_profanity(media, words=['x']).words.text)\n"
        "try:\n"
        "    filter_profanity(media)\n"
        "except vbformats.errors.MissingDependencyError as error:\n"
        "    print(error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "['…']"
    assert "pip install 'vbformats[profanity]'" in lines[1]
