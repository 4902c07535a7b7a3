"""Redaction removes every word in a detected span from everything vbformats writes (issue #15).

Generated calls (tests/support/redaction_calls.py) plant words that occur only inside PCI/SSN
spans, with analytics pointing into and out of the spans. After ``redact``, no planted word is
in the text, SRT, WebVTT, DFXP, turns, JSON, the word-level formats, any frames table or the HTML
report; every word outside the spans is still there as often as before; the document
round-trips with its note.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from redaction_calls import OUTSIDE, generated_call

import vbformats
from vbformats import formats, frames, redaction, writers
from vbformats.frames import core
from vbformats.redaction import redaction_note
from vbformats.reports import build

TOKEN = re.compile(r"[A-Za-z0-9]+")
WRITTEN = ("text", "srt", "vtt", "dfxp", "turns", "json", "vtt-words", "ttml-words", "ass")
WRITTEN += ("ass-karaoke", "words")
SPOKEN = "my card is four one one one and my social is one two three"


def outputs(media: vbformats.Media) -> dict[str, str]:
    found = {name: writers.render(media, name) for name in WRITTEN}
    found["to_json"] = media.to_json()
    for name in core.names():
        found[f"frame:{name}"] = frames.to_csv(frames.build(name, media))
    found["report"] = build(media).to_html()
    # ASS writes line breaks as \N: a token after one must not hide behind the N
    return {name: text.replace("\\N", " ") for name, text in found.items()}


def planted_left(text: str, planted: set[str]) -> set[str]:
    return {token for token in TOKEN.findall(text) if token in planted}


def outside_counts(text: str) -> Counter[str]:
    return Counter(t for t in TOKEN.findall(text) if t in OUTSIDE)


@pytest.mark.parametrize("seed", range(6))
def test_no_planted_word_survives_anywhere_and_the_rest_is_kept(seed: int) -> None:
    call = generated_call(seed)
    media = vbformats.load(call.doc)
    before = outputs(media)
    # the planted words are there before (so the check below can fail)
    assert planted_left(before["text"], call.planted) == call.planted
    assert planted_left(before["frame:keywords"], call.planted)
    assert planted_left(before["frame:entities"], call.planted)

    redacted = redaction.redact(media, detections=("pci", "SSN"))
    after = outputs(redacted)
    for name, text in after.items():
        assert planted_left(text, call.planted) == set(), name
    # the words outside the spans: as many as before in every transcript output
    for name in ("text", "srt", "vtt", "dfxp", "turns", "vtt-words", "ass", "frame:words"):
        assert outside_counts(after[name]) == outside_counts(before[name]), name
    assert len(redacted.words) == len(media.words)
    speech = [w for w in media.words if w.is_speech]
    assert sum(w.text == "[redacted]" for w in redacted.words) == sum(
        w.text in call.planted for w in speech
    )
    # the input is untouched
    assert media.to_dict() == call.doc


def test_analytics_in_the_spans_are_removed_and_the_rest_kept() -> None:
    call = generated_call(3)
    redacted = redaction.redact(vbformats.load(call.doc), detections=("PCI", "SSN"))
    outside = call.doc["knowledge"]["keywords"][1]["keyword"]
    assert [k.keyword for k in redacted.knowledge.keywords] == [outside]
    topics = redacted.knowledge.topics
    assert [t.topic_name for t in topics] == ["payment"]  # "secret" lost its only keyword
    assert [k.keyword for k in topics[0].keywords] == [outside]
    group = redacted.spotting.groups[0]
    assert group.spotted is False and group.spotted_keywords == []
    assert [e.text for e in redacted.entities] == [outside]
    pairs = redacted.conversation.speaker_verb_noun_pairs[0].verb_noun_pairs
    assert [(p.verb, p.noun) for p in pairs] == [("need", "help")]
    (category,) = redacted.categories
    assert [o.exact for o in category.category_matches[0].occurrences] == [outside]
    assert redacted.transcript.alternate_formats == []
    assert all(
        token not in call.planted
        for turn in redacted.transcript.turns
        for token in turn.text.split()
    )
    (note,) = redaction_note(redacted)
    assert note["removed"] == {
        "alternateFormats": 1,
        "keywords": 1,
        "topicKeywords": 2,
        "topics": 1,
        "spottedKeywords": 1,
        "categoryOccurrences": 1,
        "entities": 2,
        "verbNounPairs": 1,
    }
    assert note["words"] == sum(r["words"] for r in note["regions"])
    assert {r["label"] for r in note["regions"]} <= {"PCI", "SSN"}


def test_the_redacted_document_round_trips_with_its_note() -> None:
    call = generated_call(1)
    redacted = redaction.redact(vbformats.load(call.doc), detections=("PCI",))
    again = vbformats.load(redacted.to_dict())
    assert again.to_dict() == redacted.to_dict()
    assert again.words.text == redacted.words.text
    assert redaction_note(again) == redaction_note(redacted)
    table = frames.build("redactions", again)
    pci = [s for s in call.spans if s[0] == "PCI"]
    assert list(zip(table["start_ms"], table["end_ms"], strict=True)) == [(s, e) for _, s, e in pci]
    assert list(table["label"].unique()) == (["PCI"] if pci else [])
    # a second pass adds its own note
    twice = redaction.filter_profanity(again, words=["router"])
    assert [n["kind"] for n in redaction_note(twice)] == ["redaction", "profanity"]
    assert "router" not in twice.words.text


def test_the_documented_detection_shapes_redact_as_the_docs_describe() -> None:
    # the "PCI, SSN, PII Detection" sample's shape: detectorId only, class labels "PCI" and
    # "ssn" (lower case); the Number detector's: detectorName "Number" (our own words and times)
    words = [
        {"p": i, "s": i * 1000, "e": i * 1000 + 800, "w": w}
        for i, w in enumerate(SPOKEN.split(" "))
    ]
    doc: dict[str, Any] = {
        "transcript": {"words": words},
        "prediction": {
            "detectors": [
                {
                    "detectorId": "abc-1",
                    "detections": [
                        {
                            "detectorClass": 1,
                            "detectorClassLabel": "PCI",
                            "detectedSegments": [{"occurrences": [{"s": 3000, "e": 6900}]}],
                        }
                    ],
                },
                {
                    "detectorId": "abc-2",
                    "detections": [
                        {
                            "detectorClass": 1,
                            "detectorClassLabel": "ssn",
                            "detectedSegments": [{"occurrences": [{"s": 11000, "e": 13900}]}],
                        }
                    ],
                },
                {
                    "detectorName": "Number",
                    "detectorVersion": "1.0.0",
                    "detections": [
                        {
                            "detectorClass": 1,
                            "detectorClassLabel": "Number",
                            "detectedSegments": [{"occurrences": [{"s": 12000, "e": 12500}]}],
                        }
                    ],
                },
            ]
        },
    }
    media = vbformats.load(doc)
    pci = redaction.redact(media, detections=("pci",)).words.text
    assert pci == [
        "my",
        "card",
        "is",
        "[redacted]",
        "[redacted]",
        "[redacted]",
        "[redacted]",
        "and",
        "my",
        "social",
        "is",
        "one",
        "two",
        "three",
    ]
    ssn = redaction.redact(media, detections=("SSN",)).words.text
    assert ssn[-3:] == ["[redacted]", "[redacted]", "[redacted]"] and ssn[10] == "is"
    number = redaction.redact(media, detections=("numbers",), replacement="#").words.text
    assert number[-3:] == ["one", "#", "three"]
    # nothing asked for that the document has: only the note changes
    untouched = redaction.redact(media, detections=("Email",))
    assert untouched.words.text == media.words.text
    assert redaction_note(untouched)[0]["words"] == 0


def test_every_writer_and_table_works_on_a_redacted_sample() -> None:
    media = vbformats.load("samples/stereo_call.json")
    redacted = redaction.redact(redaction.with_local_detections(media))
    for fmt in formats.formats():
        if fmt.writable:
            assert fmt.render(redacted), fmt.name
    assert "[redacted]" in writers.render(redacted, "text")


def test_bad_arguments_are_clear_errors() -> None:
    media = vbformats.load(generated_call(0).doc)
    with pytest.raises(vbformats.InvalidInputError, match="detections"):
        redaction.redact(media, detections="PCI")  # type: ignore[arg-type]
    with pytest.raises(vbformats.InvalidInputError, match="replacement"):
        redaction.redact(media, replacement=None)  # type: ignore[arg-type]
    with pytest.raises(vbformats.InvalidInputError, match="Media"):
        redaction.redact(42)  # type: ignore[call-overload]


def test_the_secrets_names_are_still_importable_from_here() -> None:
    from vbformats import secrets

    assert (
        redaction.redact("https://x/y?access_token=abc&z=1")
        == "https://x/y?access_token=REDACTED&z=1"
    )
    assert redaction.RedactingFilter is secrets.RedactingFilter
    assert redaction.REDACTED == secrets.REDACTED == "REDACTED"


def test_a_transcript_only_response_is_redacted_from_its_alternate_formats() -> None:
    media = vbformats.load("samples/transcript_only.json")
    # load takes the words from the first alternate format (the one rule of issue #16)
    assert media.words_from == "alternateFormats[srt]" and media.transcript.alternate_formats
    assert "morning" in media.words.text
    spoken = redaction.filter_profanity(media, words=["morning"])
    assert "…" in spoken.words.text and "morning" not in spoken.words.text
    assert spoken.transcript.alternate_formats == []
    # the note survives the round trip: the result is a full v3 document
    again = vbformats.load(spoken.to_dict())
    assert redaction_note(again)[0]["kind"] == "profanity"
    assert again.words.text == spoken.words.text


def test_a_bare_words_array_keeps_its_note() -> None:
    words = [
        {"s": i * 10, "e": i * 10 + 5, "w": w} for i, w in enumerate(["four", "one", "one", "one"])
    ]
    redacted = redaction.redact(redaction.with_local_detections(vbformats.load(words)))
    wire = redacted.to_wire()
    assert isinstance(wire, dict) and wire["vbformatsContentFilters"][0]["words"] == 4
    assert vbformats.load(wire).words.text == ["[redacted]"] * 4


def test_importing_the_package_costs_only_the_secrets_module() -> None:
    import subprocess
    import sys

    code = (
        "import sys, vbformats.redaction as r\n"
        "print(sorted(m for m in sys.modules if m.startswith('vbformats.redaction')))\n"
        "from vbformats.secrets import get_logger\n"
        "print(r.get_logger is get_logger, r.detect.__module__)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == [
        "['vbformats.redaction']",
        "True vbformats.redaction.detectors",
    ]
