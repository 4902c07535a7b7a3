"""Every table on our samples: a sweep of columns and dtypes, and values checked against the raw
JSON read independently (``json`` module, counted by hand-written loops)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

import vbformats
from vbformats import frames

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
# samples that are error bodies by design: every builder must refuse them
ERROR_SAMPLES = {"error_404.json", "failed_media.json"}
SAMPLE_FILES = sorted(
    p.name
    for p in SAMPLES.iterdir()
    if p.suffix in frames.FOLDER_EXTENSIONS and not p.name.startswith(".")
)


def raw(name: str) -> dict:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def assert_declared(frame: pd.DataFrame, table: str) -> None:
    declared = [c for c in frames.SCHEMAS[table] if not c.optional]
    assert list(frame.columns[: len(declared)]) == [c.name for c in declared]
    for column in declared:
        assert str(frame[column.name].dtype) == column.dtype, (table, column.name)
    if table != "metadata":
        assert len(frame.columns) == len(declared)
    assert isinstance(frame.index, pd.RangeIndex)


def plain(series: pd.Series) -> list:
    return [
        None if v is pd.NA or (isinstance(v, float) and math.isnan(v)) else v
        for v in series.astype(object)
    ]


def test_samples_are_there():
    assert {"stereo_call.json", "mono_call.json", "legacy_v2.json", "verb_noun_pairs.json"} <= set(
        SAMPLE_FILES
    )


@pytest.mark.parametrize("name", [n for n in SAMPLE_FILES if n not in ERROR_SAMPLES])
def test_every_builder_on_every_sample_gives_the_declared_columns(name: str):
    media = vbformats.load(SAMPLES / name)
    for table in frames.TABLES:
        frame = frames.build(table, media)
        assert_declared(frame, table)


@pytest.mark.parametrize("name", sorted(ERROR_SAMPLES & set(SAMPLE_FILES)))
def test_error_samples_are_refused_or_collected(name: str):
    with pytest.raises(vbformats.VBFormatsError):
        frames.words(SAMPLES / name)
    collected = frames.words(SAMPLES / name, errors="collect")
    assert len(collected) == 0 and collected.attrs["errors"][0]["source"] == str(SAMPLES / name)


def test_the_samples_folder_as_one_table_per_builder():
    for table in frames.TABLES:
        frame = frames.build(table, SAMPLES, errors="collect")
        assert {e["source"] for e in frame.attrs["errors"]} == {
            str(SAMPLES / n) for n in ERROR_SAMPLES
        }
        assert list(frame.columns[:2]) == ["media_id", "source"]


# --- values on the stereo call, from the raw JSON ------------------------------------------------


def test_stereo_words_against_raw_json():
    doc = raw("stereo_call.json")
    words = doc["transcript"]["words"]
    frame = frames.words(SAMPLES / "stereo_call.json")
    assert len(frame) == len(words)
    assert plain(frame.start_ms) == [w["s"] for w in words]
    assert plain(frame.end_ms) == [w["e"] for w in words]
    assert plain(frame.text) == [w["w"] for w in words]
    assert plain(frame.volume) == [w.get("v") for w in words]
    assert plain(frame.is_speech) == [not w.get("m") for w in words]
    # speaker: the last marker seen in array order, trimmed, one trailing colon removed
    expected, current = [], None
    for w in words:
        if "turn" in (w.get("m") or "").split("|"):
            current = w["w"].strip().removesuffix(":").strip()
        expected.append(current)
    assert plain(frame.speaker) == expected
    assert set(frame.role.dropna()) == {"agent", "caller"}
    assert (frame.role.astype(object) == frame.speaker.astype(object).str.lower()).all()
    # pitch of the first speech word by hand
    first = next(i for i, w in enumerate(words) if not w.get("m") and w.get("frq"))
    peaks = [(p["f"], p["e"]) for p in words[first]["frq"] if p["f"] > 0 and p["e"] > 0]
    top = max(e for _, e in peaks)
    assert frame.pitch_hz[first] == min(f for f, e in peaks if e == top)


def test_stereo_turns_word_counts_add_up():
    doc = raw("stereo_call.json")
    speech = [w for w in doc["transcript"]["words"] if not w.get("m")]
    frame = frames.turns(SAMPLES / "stereo_call.json")
    assert int(frame.word_count.sum()) == len(speech)
    assert list(frame.start_ms) == sorted(frame.start_ms)
    assert set(frame.speaker.astype(object)) == {"Agent", "Caller"}


def test_stereo_sections_row_counts_and_values_against_raw_json():
    doc = raw("stereo_call.json")
    path = SAMPLES / "stereo_call.json"

    sentiments = frames.sentiments(path)
    flat = [
        (s["speakerName"], v["s"], v["e"], v["v"])
        for s in doc["speakerSentiments"]
        for v in s["sentimentValues"]
    ]
    assert (
        list(
            zip(
                plain(sentiments.speaker),
                plain(sentiments.start_ms),
                plain(sentiments.end_ms),
                plain(sentiments.value),
                strict=True,
            )
        )
        == flat
    )

    metrics = frames.metrics(path)
    flat = [
        (g["metricGroupName"], m["metricName"], float(m["metricValue"]))
        for g in doc["metrics"]
        for m in g["metricValues"]
    ]
    assert (
        list(zip(plain(metrics.group), plain(metrics.metric), plain(metrics.value), strict=True))
        == flat
    )

    def occurrence_count(mentions):
        return max(1, sum(max(1, len(m.get("occurrences", []))) for m in mentions))

    keywords = frames.keywords(path)
    assert len(keywords) == sum(
        occurrence_count(k.get("mentions", [])) for k in doc["knowledge"]["keywords"]
    )
    assert plain(keywords.relevance)[:1] == [float(doc["knowledge"]["keywords"][0]["relevance"])]

    topics = frames.topics(path)
    assert len(topics) == sum(
        max(1, sum(occurrence_count(k.get("mentions", [])) for k in t.get("keywords", [])))
        for t in doc["knowledge"]["topics"]
    )

    spotting = frames.spotting(path)
    assert len(spotting) == sum(
        max(1, sum(occurrence_count(k.get("mentions", [])) for k in g.get("spottedKeywords", [])))
        for g in doc["spotting"]["groups"]
    )
    assert plain(spotting.score)[0] == float(doc["spotting"]["groups"][0]["score"])

    categories = frames.categories(path)
    assert len(categories) == sum(
        occurrence_count(c.get("categoryMatches", [])) for c in doc["categories"]
    )

    classifiers = frames.classifiers(path)
    assert len(classifiers) == len(doc["prediction"]["classifiers"])
    assert plain(classifiers.predicted_class_label) == [
        c.get("predictedClassLabel", c.get("predictedCategoryLabel"))
        for c in doc["prediction"]["classifiers"]
    ]

    detections = frames.detections(path)
    assert len(detections) == sum(
        sum(len(seg.get("occurrences", [])) or 1 for seg in d.get("detectedSegments", [])) or 1
        for det in doc["prediction"]["detectors"]
        for d in det.get("detections", [])
    )

    entities = frames.entities(path)
    assert plain(entities.text) == [e.get("text") for e in doc["entities"]]
    assert plain(entities.formatted_text) == [e.get("formattedText") for e in doc["entities"]]

    activity = frames.voice_activity(path)
    assert len(activity) == sum(len(a["occurrences"]) for a in doc["transcript"]["voiceActivity"])

    pairs = frames.verb_noun_pairs(path)
    flat = [
        (p["speakerName"], v["verb"], v["noun"], v.get("verbNeg"), v.get("question"))
        for p in doc["conversation"]["speakerVerbNounPairs"]
        for v in p["verbNounPairs"]
    ]
    assert (
        list(
            zip(
                plain(pairs.speaker),
                plain(pairs.verb),
                plain(pairs.noun),
                plain(pairs.verb_negation),
                plain(pairs.question),
                strict=True,
            )
        )
        == flat
    )

    metadata = frames.metadata(path)
    assert metadata.media_id[0] == doc["mediaId"]
    assert metadata.length_ms[0] == doc["length"]
    assert metadata.title[0] == doc["metadata"]["title"]
    for key, value in doc["metadata"]["extended"].items():
        if not isinstance(value, dict):
            assert metadata[f"extended.{key}"][0] == value


def test_noun_verb_pairs_sample_against_raw_json():
    doc = raw("verb_noun_pairs.json")
    frame = frames.verb_noun_pairs(SAMPLES / "verb_noun_pairs.json")
    entries = doc["noun-verb-pairs"]
    assert len(frame) == len(entries)
    assert plain(frame.verb) == [e["V"] for e in entries]
    assert plain(frame.noun) == [e["N"] for e in entries]
    assert plain(frame.verb_negation) == [e.get("neg") for e in entries]
    assert plain(frame.noun_negation) == [e.get("noun-neg") for e in entries]
    assert plain(frame.question) == [e.get("question") for e in entries]
    assert plain(frame.start_ms) == [e["timestamp"]["s"] for e in entries]
    assert plain(frame.role) == [e["speaker"].lower() for e in entries]


def test_mono_call_has_no_speakers_and_absent_sections_are_empty():
    doc = raw("mono_call.json")
    words = frames.words(SAMPLES / "mono_call.json")
    assert len(words) == len(doc["transcript"]["words"])
    assert words.speaker.isna().all() and words.role.isna().all()
    assert len(frames.turns(SAMPLES / "mono_call.json")) == 1
    for table in ("sentiments", "keywords", "verb_noun_pairs", "detections"):
        assert len(frames.build(table, SAMPLES / "mono_call.json")) == 0


@pytest.mark.parametrize("name", ["callback.srt", "callback.vtt", "callback.dfxp"])
def test_caption_samples_have_estimated_times_and_speakers(name: str):
    if name not in SAMPLE_FILES:
        pytest.fail(f"sample {name} is missing")
    words = frames.words(SAMPLES / name)
    assert len(words) > 0
    assert words.estimated.all()
    assert set(words.speaker.dropna().astype(object)) == {"Agent", "Caller"}
    assert set(words.role.dropna().astype(object)) == {"agent", "caller"}
    stereo = frames.words(SAMPLES / "stereo_call.json")
    assert not stereo.estimated.any()
