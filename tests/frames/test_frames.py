"""DataFrame builders on small hand-built documents, with hand-computed expectations."""

from __future__ import annotations

import math
import pickle
import subprocess
import sys

import pandas as pd
import pytest

import vbformats
from vbformats import frames
from vbformats.errors import InvalidInputError


def assert_schema(frame: pd.DataFrame, table: str, *, optional: tuple[str, ...] = ()) -> None:
    """Columns and dtypes exactly as declared, RangeIndex."""
    declared = [c for c in frames.SCHEMAS[table] if not c.optional or c.name in optional]
    assert list(frame.columns[: len(declared)]) == [c.name for c in declared]
    for column in declared:
        assert str(frame[column.name].dtype) == column.dtype, column.name
    assert isinstance(frame.index, pd.RangeIndex)
    assert frame.index.start == 0 and frame.index.step == 1


def values(series: pd.Series) -> list:
    """Python values with missing as None."""
    return [
        None if v is pd.NA or (isinstance(v, float) and math.isnan(v)) else v
        for v in series.astype(object)
    ]


# --- a small stereo call ---------------------------------------------------------------------

WORDS = [
    {"p": 1, "s": 0, "e": 0, "w": "Agent:", "m": "turn", "c": 0.5},
    {
        "p": 2,
        "s": 100,
        "e": 400,
        "w": "Hello",
        "c": 0.9,
        "v": 2.5,
        "frq": [{"f": 200.0, "e": 1.0}, {"f": 400.0, "e": 0.5}],
    },
    {"p": 3, "s": 400, "e": 400, "w": ",", "m": "punc"},
    {
        "p": 4,
        "s": 450,
        "e": 900,
        "w": "there",
        "c": 0.8,
        "v": 3.0,
        "frq": [{"f": 300.0, "e": 0.7}, {"f": 150.0, "e": 0.7}],
    },
    {"p": 5, "s": 1000, "e": 1000, "w": "Customer", "m": "turn"},
    {
        "p": 6,
        "s": 1000,
        "e": 1500,
        "w": "Hi",
        "c": 0.7,
        "frq": [{"f": 0.0, "e": 1.0}, {"f": 250.0, "e": 0.2}],
    },
    {"p": 7, "s": 1600, "e": 1700, "w": "5", "m": "dtmf"},
    {"p": 8, "s": 1800, "e": 2400, "w": "bye", "frq": [{"f": 100.0, "e": 0.0}]},
]


def call(**sections) -> dict:
    return {"mediaId": "m-1", "transcript": {"words": WORDS}, **sections}


def test_words_every_column_by_hand():
    frame = frames.words(call())
    assert_schema(frame, "words")
    assert len(frame) == 8
    assert values(frame.position) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert values(frame.speaker) == ["Agent"] * 4 + ["Customer"] * 4
    assert values(frame.role) == ["agent"] * 4 + ["caller"] * 4
    assert values(frame.start_ms) == [0, 100, 400, 450, 1000, 1000, 1600, 1800]
    assert values(frame.end_ms) == [0, 400, 400, 900, 1000, 1500, 1700, 2400]
    assert values(frame.duration_ms) == [0, 300, 0, 450, 0, 500, 100, 600]
    assert values(frame.confidence) == [0.5, 0.9, None, 0.8, None, 0.7, None, None]
    assert values(frame.text) == ["Agent:", "Hello", ",", "there", "Customer", "Hi", "5", "bye"]
    assert values(frame.flags_text) == ["turn", None, "punc", None, "turn", None, "dtmf", None]
    assert values(frame.is_turn) == [True, False, False, False, True, False, False, False]
    assert values(frame.is_punctuation) == [False, False, True] + [False] * 5
    assert values(frame.is_dtmf) == [False] * 6 + [True, False]
    assert values(frame.is_speech) == [False, True, False, True, False, True, False, True]
    assert values(frame.volume) == [None, 2.5, None, 3.0, None, None, None, None]
    # 200 is loudest; 300/150 tie -> lower; f=0 skipped -> 250; only e=0 -> none
    assert values(frame.pitch_hz) == [None, 200.0, None, 150.0, None, 250.0, None, None]
    assert frame.frequencies[1] == ((200.0, 1.0), (400.0, 0.5))
    assert frame.frequencies[0] is None
    assert values(frame.estimated) == [False] * 8


def test_words_roles_override_and_mono():
    frame = frames.words(call(), roles={"Customer": "agent"})
    assert values(frame.role) == ["caller"] * 4 + ["agent"] * 4
    mono = frames.words(
        {"transcript": {"words": [{"s": 0, "e": 10, "w": "a"}, {"s": 20, "e": 30, "w": "b"}]}}
    )
    assert values(mono.speaker) == [None, None]
    assert values(mono.role) == [None, None]
    assert values(mono.position) == [None, None]
    assert values(mono.pitch_hz) == [None, None]


def test_dominant_pitch_rules():
    assert frames.dominant_pitch(None) is None
    assert frames.dominant_pitch([]) is None
    assert frames.dominant_pitch([(120.0, 0.3), (240.0, 0.9)]) == 240.0
    assert frames.dominant_pitch([(240.0, 0.9), (120.0, 0.9)]) == 120.0
    assert frames.dominant_pitch([(-5.0, 2.0), (0.0, 3.0), (90.0, 0.1)]) == 90.0
    assert frames.dominant_pitch([(90.0, -1.0)]) is None


def test_turns_by_hand():
    frame = frames.turns(call())
    assert_schema(frame, "turns")
    assert values(frame.speaker) == ["Agent", "Customer"]
    assert values(frame.role) == ["agent", "caller"]
    assert values(frame.start_ms) == [100, 1000]
    assert values(frame.end_ms) == [900, 2400]
    assert values(frame.duration_ms) == [800, 1400]
    assert values(frame.text) == ["Hello, there", "Hi bye"]
    assert values(frame.word_count) == [2, 2]
    # 2 words in 800 ms = 150 wpm; 2 words in 1400 ms = 85.714...
    assert frame.words_per_minute[0] == pytest.approx(150.0)
    assert frame.words_per_minute[1] == pytest.approx(2 / (1400 / 60000))
    with_dtmf = frames.turns(call(), include_dtmf=True)
    assert values(with_dtmf.text) == ["Hello, there", "Hi 5 bye"]
    assert values(with_dtmf.word_count) == [2, 2]


def test_turns_zero_duration_has_no_rate():
    frame = frames.turns({"transcript": {"words": [{"s": 5, "e": 5, "w": "uh"}]}})
    assert values(frame.words_per_minute) == [None]
    assert values(frame.word_count) == [1]


# --- sections --------------------------------------------------------------------------------

SENTIMENTS = [
    {
        "speakerName": "Customer",
        "sentimentValues": [{"s": 1000, "e": 1700, "v": -0.5}, {"s": 1800, "e": 2400, "v": 0.25}],
    },
    {"speakerName": "Agent", "sentimentValues": [{"s": 100, "e": 900, "v": 0.75}]},
]


def test_sentiments_in_document_order_with_roles():
    frame = frames.sentiments(call(speakerSentiments=SENTIMENTS))
    assert_schema(frame, "sentiments")
    assert values(frame.speaker) == ["Customer", "Customer", "Agent"]
    assert values(frame.role) == ["caller", "caller", "agent"]
    assert values(frame.start_ms) == [1000, 1800, 100]
    assert values(frame.end_ms) == [1700, 2400, 900]
    assert values(frame.value) == [-0.5, 0.25, 0.75]


def test_roles_without_words_come_from_sections_in_time_order():
    doc = {
        "speakerSentiments": [
            {"speakerName": "Bob", "sentimentValues": [{"s": 500, "e": 900, "v": 0.1}]},
            {"speakerName": "Ann", "sentimentValues": [{"s": 100, "e": 400, "v": 0.2}]},
        ]
    }
    frame = frames.sentiments(doc)
    # Ann speaks first -> agent by the first/second-speaker fallback
    assert values(frame.role) == ["caller", "agent"]


def test_metrics_long_form():
    doc = {
        "metrics": [
            {
                "metricGroupName": "overtalk",
                "metricValues": [
                    {"metricName": "overtalk-ratio", "metricValue": 0.04},
                    {"metricName": "overtalk-incidents", "metricValue": "2"},
                ],
            },
            {
                "metricGroupName": "sentiment",
                "metricValues": [{"metricName": "agent-sentiment", "metricValue": 0.56}],
            },
        ]
    }
    frame = frames.metrics(doc)
    assert_schema(frame, "metrics")
    assert values(frame.group) == ["overtalk", "overtalk", "sentiment"]
    assert values(frame.metric) == ["overtalk-ratio", "overtalk-incidents", "agent-sentiment"]
    assert values(frame.value) == [0.04, 2.0, 0.56]


def test_verb_noun_pairs_both_shapes_in_one_schema():
    doc = call(
        conversation={
            "speakerVerbNounPairs": [
                {
                    "speakerName": "Agent",
                    "verbNounPairs": [
                        {"s": 150, "e": 380, "verb": "call", "noun": "team"},
                        {
                            "s": 500,
                            "e": 880,
                            "verb": "have",
                            "verbNeg": "not",
                            "noun": "question",
                            "question": True,
                        },
                    ],
                },
                {
                    "speakerName": "Customer",
                    "verbNounPairs": [
                        {"s": 1900, "e": 2300, "verb": "provide", "noun": "reason", "nounNeg": "no"}
                    ],
                },
            ]
        },
        **{
            "noun-verb-pairs": [
                {
                    "timestamp": {"s": 1000, "e": 1400},
                    "V": "need",
                    "N": "help",
                    "speaker": "caller",
                },
                {
                    "timestamp": {"s": "120", "e": 390.4},
                    "V": "like",
                    "N": "service",
                    "neg": "never",
                    "noun-neg": "no",
                    "question": "true",
                    "speaker": "agent",
                },
                {"V": "x", "N": "y"},
            ]
        },
    )
    frame = frames.verb_noun_pairs(doc)
    assert_schema(frame, "verb_noun_pairs")
    assert "sentiment" not in frame.columns
    assert values(frame.speaker) == ["Agent", "Agent", "Customer", "caller", "agent", None]
    # "agent" is the word speaker Agent (case-insensitive); "caller" names no word speaker, so
    # it has no role (the words decide who is who, as in the metrics)
    assert values(frame.role) == ["agent", "agent", "caller", None, "agent", None]
    assert values(frame.start_ms) == [150, 500, 1900, 1000, 120, None]
    assert values(frame.end_ms) == [380, 880, 2300, 1400, 390, None]
    assert values(frame.verb) == ["call", "have", "provide", "need", "like", "x"]
    assert values(frame.noun) == ["team", "question", "reason", "help", "service", "y"]
    assert values(frame.verb_negation) == [None, "not", None, None, "never", None]
    assert values(frame.noun_negation) == [None, None, "no", None, "no", None]
    assert values(frame.question) == [None, True, None, None, True, None]


def test_verb_noun_pairs_joined_to_the_sentiment_of_their_turn():
    doc = call(
        speakerSentiments=SENTIMENTS,
        conversation={
            "speakerVerbNounPairs": [
                {
                    "speakerName": "Agent",
                    "verbNounPairs": [{"s": 150, "e": 380, "verb": "a", "noun": "b"}],
                },
                # starts in the gap before the customer's second value, overlaps it by 200 ms
                {
                    "speakerName": "Customer",
                    "verbNounPairs": [
                        {"s": 1750, "e": 2000, "verb": "c", "noun": "d"},
                        {"s": 3000, "e": 3100, "verb": "e", "noun": "f"},
                    ],
                },
            ]
        },
        **{
            "noun-verb-pairs": [
                {"timestamp": {"s": 1200, "e": 1300}, "V": "g", "N": "h", "speaker": "customer"}
            ]
        },
    )
    frame = frames.verb_noun_pairs(doc, with_sentiment=True)
    assert_schema(frame, "verb_noun_pairs", optional=("sentiment",))
    # Agent 150 in [100, 900) -> 0.75; Customer 1750 in no span, overlaps [1800, 2400) -> 0.25;
    # 3000 beyond every span -> missing; "customer" (= Customer) 1200 in [1000, 1700) -> -0.5
    assert values(frame.sentiment) == [0.75, 0.25, None, -0.5]


@pytest.mark.parametrize(
    ("entry", "path"),
    [
        ("not a list", "noun-verb-pairs"),
        (["x"], "noun-verb-pairs[0]"),
        ([{"timestamp": {"s": "soon"}}], "noun-verb-pairs[0].timestamp.s"),
        ([{"timestamp": {"s": 10, "e": 5}}], "noun-verb-pairs[0].timestamp.e"),
        ([{"V": 3}], "noun-verb-pairs[0].V"),
        ([{"question": "maybe"}], "noun-verb-pairs[0].question"),
        ([{"timestamp": {"s": -1}}], "noun-verb-pairs[0].timestamp.s"),
    ],
)
def test_bad_noun_verb_pairs_name_the_field(entry, path):
    with pytest.raises(InvalidInputError) as info:
        frames.verb_noun_pairs({"noun-verb-pairs": entry})
    assert info.value.path == path


def _mentions(*occurrences):
    return [{"speakerName": name, "occurrences": occ} for name, occ in occurrences]


def test_keywords_one_row_per_occurrence_and_keyword_without_mentions_kept():
    doc = call(
        knowledge={
            "keywords": [
                {
                    "keyword": "router",
                    "relevance": "0.9",
                    "mentions": _mentions(
                        (
                            "agent",
                            [
                                {"s": 100, "e": 400, "exact": "router"},
                                {"s": 500, "exact": "routers"},
                            ],
                        ),
                        ("Customer", [{"s": 1000, "e": 1500, "exact": "router"}]),
                    ),
                },
                {"name": "bill", "relevance": 0.3},
            ]
        }
    )
    frame = frames.keywords(doc)
    assert_schema(frame, "keywords")
    assert values(frame.keyword) == ["router", "router", "router", "bill"]
    assert values(frame.relevance) == [0.9, 0.9, 0.9, 0.3]
    assert values(frame.speaker) == ["agent", "agent", "Customer", None]
    assert values(frame.role) == ["agent", "agent", "caller", None]
    assert values(frame.start_ms) == [100, 500, 1000, None]
    assert values(frame.end_ms) == [400, None, 1500, None]
    assert values(frame.exact) == ["router", "routers", "router", None]


def test_topics_flatten_topic_keyword_occurrence():
    doc = {
        "knowledge": {
            "topics": [
                {
                    "topicName": "Billing",
                    "relevance": 0.6,
                    "subTopics": [],
                    "keywords": [
                        {
                            "keyword": "refund",
                            "relevance": 0.4,
                            "mentions": _mentions(("caller", [{"s": 10, "exact": "refund"}])),
                        },
                        {"keyword": "fee", "relevance": 0.1},
                    ],
                },
                {"topicName": "Empty", "relevance": 0.2, "keywords": []},
            ]
        }
    }
    frame = frames.topics(doc)
    assert_schema(frame, "topics")
    assert values(frame.topic) == ["Billing", "Billing", "Empty"]
    assert values(frame.topic_relevance) == [0.6, 0.6, 0.2]
    assert values(frame.keyword) == ["refund", "fee", None]
    assert values(frame.keyword_relevance) == [0.4, 0.1, None]
    assert values(frame.speaker) == ["caller", None, None]
    assert values(frame.role) == ["caller", None, None]
    assert values(frame.start_ms) == [10, None, None]


def test_spotting_groups_keywords_occurrences():
    doc = {
        "spotting": {
            "groups": [
                {
                    "groupName": "billing",
                    "spotted": True,
                    "score": "0.73",
                    "spottedKeywords": [
                        {
                            "keyword": "charged twice",
                            "mentions": _mentions(
                                (
                                    "Caller",
                                    [
                                        {"s": 40, "exact": "charged twice"},
                                        {"s": 90, "e": 95, "exact": "double charge"},
                                    ],
                                )
                            ),
                        }
                    ],
                },
                {"groupName": "rivals", "spotted": False, "score": 0},
            ]
        }
    }
    frame = frames.spotting(doc)
    assert_schema(frame, "spotting")
    assert values(frame.group) == ["billing", "billing", "rivals"]
    assert values(frame.spotted) == [True, True, False]
    assert values(frame.score) == [0.73, 0.73, 0.0]
    assert values(frame.keyword) == ["charged twice", "charged twice", None]
    assert values(frame.exact) == ["charged twice", "double charge", None]
    assert values(frame.end_ms) == [None, 95, None]


def test_categories_with_and_without_matches():
    doc = {
        "categories": [
            {
                "categoryName": "hello",
                "categoryValue": 1,
                "categoryMatches": _mentions(
                    ("Agent", [{"s": 0, "e": 300, "exact": "hello there"}])
                ),
            },
            {"categoryName": "goodbye", "categoryValue": 0},
        ]
    }
    frame = frames.categories(doc)
    assert_schema(frame, "categories")
    assert values(frame.name) == ["hello", "goodbye"]
    assert values(frame.value) == [1.0, 0.0]
    assert values(frame.speaker) == ["Agent", None]
    assert values(frame.role) == ["agent", None]
    assert values(frame.exact) == ["hello there", None]


def test_classifiers_both_spellings_and_detections():
    doc = {
        "prediction": {
            "classifiers": [
                {
                    "classifierId": "c1",
                    "classifierName": "sales-lead",
                    "classifierDisplayName": "Sales Lead",
                    "classifierType": "binary",
                    "predictedCategory": 0,
                    "predictedCategoryLabel": "no",
                    "predictionScore": 1.5,
                },
                {
                    "classifierName": "churn",
                    "classifierVersion": "2",
                    "predictedClass": 1,
                    "predictedClassLabel": "yes",
                },
            ],
            "detectors": [
                {
                    "detectorId": "d1",
                    "detectorName": "PCI",
                    "detections": [
                        {
                            "detectorClass": 1,
                            "detectorClassLabel": "pci",
                            "detectedSegments": [
                                {
                                    "speakerName": "Caller",
                                    "occurrences": [{"s": 10, "e": 20}, {"s": 30, "e": 40}],
                                }
                            ],
                        }
                    ],
                },
                {
                    "detectorId": "d2",
                    "detections": [
                        {"detectorClass": 1, "detectorClassLabel": "ssn", "detectedSegments": []}
                    ],
                },
                {"detectorId": "d3", "detectorName": "none-found", "detections": []},
            ],
        }
    }
    classifiers = frames.classifiers(doc)
    assert_schema(classifiers, "classifiers")
    assert values(classifiers.classifier_name) == ["sales-lead", "churn"]
    assert values(classifiers.display_name) == ["Sales Lead", None]
    assert values(classifiers.classifier_version) == [None, "2"]
    assert values(classifiers.predicted_class) == ["0", "1"]
    assert values(classifiers.predicted_class_label) == ["no", "yes"]
    assert values(classifiers.prediction_score) == [1.5, None]
    detections = frames.detections(doc)
    assert_schema(detections, "detections")
    assert values(detections.detector) == ["PCI", "PCI", "d2"]
    assert values(detections.detector_id) == ["d1", "d1", "d2"]
    assert values(detections.detector_class) == ["1", "1", "1"]
    assert values(detections.detector_class_label) == ["pci", "pci", "ssn"]
    assert values(detections.speaker) == ["Caller", "Caller", None]
    assert values(detections.role) == ["caller", "caller", None]
    assert values(detections.start_ms) == [10, 30, None]
    assert values(detections.end_ms) == [20, 40, None]


def test_entities_and_voice_activity():
    doc = {
        "entities": [
            {
                "text": "two hundred forty",
                "type": "money",
                "formattedText": "$240.00",
                "s": 50,
                "e": 90,
                "money": {"whole": 240},
            },
            {"text": "Aisha", "type": "person", "s": 10, "e": 20},
        ],
        "transcript": {
            "voiceActivity": [
                {
                    "speakerName": "Caller",
                    "occurrences": [{"s": 0, "e": 500}, {"s": 900, "e": 1000}],
                },
                {"speakerName": "Agent", "occurrences": [{"s": 400}]},
            ]
        },
    }
    entities = frames.entities(doc)
    assert_schema(entities, "entities")
    assert values(entities.type) == ["money", "person"]
    assert values(entities.text) == ["two hundred forty", "Aisha"]
    assert values(entities.formatted_text) == ["$240.00", None]
    assert values(entities.start_ms) == [50, 10]
    assert values(entities.end_ms) == [90, 20]
    activity = frames.voice_activity(doc)
    assert_schema(activity, "voice_activity")
    assert values(activity.speaker) == ["Caller", "Caller", "Agent"]
    # no words: roles from voice activity, but names are role names anyway
    assert values(activity.role) == ["caller", "caller", "agent"]
    assert values(activity.duration_ms) == [500, 100, None]


def test_metadata_one_row_with_extended_flattened():
    doc = call(
        status="finished",
        length=2400,
        dateCreated="2024-03-14T09:31:00Z",
        metadata={
            "title": "Call",
            "externalId": "x-9",
            "extended": {
                "agent": "Ann",
                "call": {"id": 7, "score": 1.5, "vip": True, "tags": ["a", "b"], "nothing": None},
            },
        },
    )
    frame = frames.metadata(doc)
    assert_schema(frame, "metadata")
    assert len(frame) == 1
    row = frame.iloc[0]
    assert row.media_id == "m-1"
    assert row.status == "finished"
    assert row.date_created == "2024-03-14T09:31:00Z"
    assert row.length_ms == 2400
    assert row.title == "Call"
    assert row.external_id == "x-9"
    assert row.word_count == 4  # Hello there Hi bye
    extended = list(frame.columns[len(frames.SCHEMAS["metadata"]) - 1 :])
    assert extended == [
        "extended.agent",
        "extended.call.id",
        "extended.call.score",
        "extended.call.vip",
        "extended.call.tags",
        "extended.call.nothing",
    ]
    assert [str(frame[c].dtype) for c in extended] == [
        "string",
        "Int64",
        "Float64",
        "boolean",
        "object",
        "string",
    ]
    assert row["extended.call.tags"] == ["a", "b"]
    assert row["extended.call.nothing"] is pd.NA


def test_every_table_is_empty_and_typed_when_the_section_is_absent():
    for table in frames.TABLES:
        if table == "metadata":
            frame = frames.build(table, {})
            assert len(frame) == 1
            assert values(frame.media_id) == [None]
            assert values(frame.word_count) == [0]
        elif table == "computed_metrics":
            # one row per metric; nothing to measure: no ratio, no rate, zero silence incidents
            frame = frames.build(table, {})
            assert len(frame) == len(vbformats.metrics.METRIC_NAMES) + len(
                vbformats.metrics.EXTENSION_NAMES
            )
            pairs = zip(frame.metric, frame.value, strict=True)
            defined = {m: v for m, v in pairs if not pd.isna(v)}
            assert defined == {"silence-incidents": 0.0}
        elif table == "call_metrics":
            # one row per call, like metadata: nothing measured but the silence incidents
            frame = frames.build(table, {})
            assert len(frame) == 1
            assert frame.loc[0, "silence-incidents"] == 0.0
            assert pd.isna(frame.loc[0, "overtalk-ratio"]) and frame.loc[0, "speech_words"] == 0
        else:
            frame = frames.build(table, {})
            assert len(frame) == 0, table
        assert_schema(frame, table)
        assert frame.attrs["errors"] == []


def test_empty_helper_matches_schema_and_rejects_unknown_tables():
    for table in frames.TABLES:
        assert_schema(frames.empty(table), table)
    many = frames.empty("turns", many=True)
    assert list(many.columns[:2]) == ["media_id", "source"]
    with pytest.raises(InvalidInputError):
        frames.empty("nope")
    with pytest.raises(InvalidInputError):
        frames.build("nope", {})
    with pytest.raises(InvalidInputError):
        frames.words({}, errors="ignore")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        frames.words(42)


def test_docstrings_list_every_column():
    for table in frames.TABLES:
        doc = getattr(frames, table).__doc__
        for column in frames.SCHEMAS[table]:
            assert f"``{column.name}`` ({column.dtype})" in doc, (table, column.name)


def test_accepts_loaded_media_and_json_text():
    media = vbformats.load(call())
    by_model = frames.words(media)
    by_text = frames.words(vbformats.load(call()).to_json())
    pd.testing.assert_frame_equal(by_model, by_text)
    assert "media_id" not in by_model.columns


def test_errors_are_picklable_and_name_the_extra():
    error = frames.MissingDependencyError("pyarrow", "parquet", "parquet output")
    assert "vbformats[parquet]" in str(error)
    assert isinstance(error, ImportError) and isinstance(error, vbformats.VBFormatsError)
    again = pickle.loads(pickle.dumps(error))
    assert (again.package, again.extra, str(again)) == ("pyarrow", "parquet", str(error))
    source_error = frames.SourceError("calls/a.json", "bad")
    again_source = pickle.loads(pickle.dumps(source_error))
    assert again_source.source == "calls/a.json" and str(again_source) == "calls/a.json: bad"
    assert isinstance(again_source, InvalidInputError)


def test_importing_vbformats_and_frames_does_not_import_pandas():
    code = (
        "import sys, vbformats, vbformats.frames, vbformats.roles; print('pandas' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# --- cues ------------------------------------------------------------------------------------

CUE_DOC = {
    "transcript": {
        "words": [
            {"s": 0, "e": 0, "w": "Agent", "m": "turn"},
            {"s": 0, "e": 400, "w": "Hello"},
            {"s": 500, "e": 1000, "w": "there"},
            {"s": 1000, "e": 1000, "w": ".", "m": "punc"},
            {"s": 5000, "e": 6500, "w": "extraordinary"},
            {"s": 8000, "e": 8000, "w": "Customer", "m": "turn"},
            {"s": 8000, "e": 9000, "w": "Hi"},
        ]
    }
}


def test_cues_by_hand_with_a_broken_line_limit():
    frame = frames.cues(CUE_DOC, options={"max_chars_per_line": 10})
    assert_schema(frame, "cues")
    assert values(frame["index"]) == [1, 2, 3]
    assert values(frame.speaker) == ["Agent", "Agent", "Customer"]
    assert values(frame.role) == ["agent", "agent", "caller"]
    assert values(frame.start_ms) == [0, 5000, 8000]
    assert values(frame.end_ms) == [1000, 6500, 9000]
    assert values(frame.duration_ms) == [1000, 1500, 1000]
    # "Hello there." is 12 characters: two lines of at most 10
    assert values(frame.text) == ["Hello\nthere.", "extraordinary", "Hi"]
    assert list(frame.lines) == [["Hello", "there."], ["extraordinary"], ["Hi"]]
    assert values(frame.line_count) == [2, 1, 1]
    assert values(frame.max_line_chars) == [6, 13, 2]
    assert values(frame.chars) == [11, 13, 2]
    assert frame.chars_per_second[0] == pytest.approx(11.0)
    assert frame.chars_per_second[1] == pytest.approx(13 / 1.5)
    assert frame.chars_per_second[2] == pytest.approx(2.0)
    assert values(frame.word_count) == [2, 1, 1]
    assert values(frame.is_dialogue) == [False, False, False]
    assert values(frame.violations) == ["", "max_chars_per_line", ""]
    assert values(frame.breaks_max_chars_per_line) == [False, True, False]
    for limit in ("max_lines", "min_duration_ms", "max_duration_ms", "max_chars_per_second"):
        assert not frame[f"breaks_{limit}"].any()


def test_cues_with_labels_count_the_label():
    frame = frames.cues(CUE_DOC, labels=True)
    # default 42 characters: one line per cue; the label opens each turn's first cue
    assert values(frame.text)[0] == "Agent: Hello there."
    assert values(frame.chars)[0] == len("Agent: Hello there.")
    assert values(frame.text)[2] == "Customer: Hi"


def test_cues_agree_with_the_caption_engine_on_the_stereo_sample(samples_dir):
    from vbformats.captions import build_cues

    media = vbformats.load(samples_dir / "stereo_call.json")
    options = {"max_chars_per_line": 24, "overlap": "merge"}
    cues = build_cues(media, options)
    frame = frames.cues(media, options=options)
    assert len(frame) == len(cues)
    assert values(frame.start_ms) == [c.start_ms for c in cues]
    assert values(frame.is_dialogue) == [c.is_dialogue for c in cues]
    assert frame.is_dialogue.any()
    by_cue: dict[int, set[str]] = {}
    for violation in cues.violations:
        by_cue.setdefault(violation.cue_index, set()).add(violation.limit)
    assert [set(v.split("|")) - {""} for v in frame.violations] == [
        by_cue.get(i, set()) for i in range(len(cues))
    ]
    with pytest.raises(InvalidInputError):
        frames.cues(media, options={"max_chars": 3})


# --- property: the words table agrees with an independent reading of the wire dicts ----------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_peak = st.fixed_dictionaries(
    {
        "f": st.sampled_from([0.0, 90.0, 120.5, 240.0, -3.0]),
        "e": st.sampled_from([0.0, 0.2, 0.7, 1.0]),
    }
)
_token = st.one_of(
    st.fixed_dictionaries(
        {"s": st.integers(0, 5000), "w": st.sampled_from(["yes", "no", "ok"])},
        optional={"frq": st.lists(_peak, max_size=4), "v": st.floats(0, 20), "c": st.floats(0, 1)},
    ),
    st.fixed_dictionaries(
        {
            "s": st.integers(0, 5000),
            "w": st.sampled_from(["Agent", "Customer", "Bob:"]),
            "m": st.just("turn"),
        }
    ),
    st.fixed_dictionaries(
        {
            "s": st.integers(0, 5000),
            "w": st.sampled_from([".", ","]),
            "m": st.sampled_from(["punc", "turn|punc", "dtmf"]),
        }
    ),
)


@given(st.lists(st.tuples(_token, st.integers(0, 900)), max_size=30))
def test_words_frame_matches_an_independent_reading(pairs):
    words = [{**token, "e": token["s"] + length} for token, length in pairs]
    frame = frames.words({"transcript": {"words": words}})
    assert len(frame) == len(words)
    speaker, expected_speakers = None, []
    for w in words:
        flags = set((w.get("m") or "").split("|")) - {""}
        if "turn" in flags:
            speaker = w["w"].strip().removesuffix(":").strip()
        expected_speakers.append(speaker)
    assert values(frame.speaker) == expected_speakers
    assert values(frame.is_speech) == [not w.get("m") for w in words]
    assert values(frame.duration_ms) == [w["e"] - w["s"] for w in words]
    expected_pitch = []
    for w in words:
        good = sorted((-p["e"], p["f"]) for p in w.get("frq") or [] if p["f"] > 0 and p["e"] > 0)
        expected_pitch.append(good[0][1] if good else None)
    assert values(frame.pitch_hz) == expected_pitch
    # roles: without an override each role goes to at most one speaker, each speaker one role
    with_role = frame.dropna(subset=["role"])
    assert (with_role.groupby("role", observed=True).speaker.nunique() <= 1).all()
    assert (with_role.groupby("speaker", observed=True).role.nunique() <= 1).all()
    # and only speakers that said a speech word take a role
    talkers = set(frame[frame.is_speech].speaker.dropna().astype(object))
    assert set(with_role.speaker.astype(object)) <= talkers


def test_readme_documents_every_table_and_column_as_declared():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- section:frames -->")[1].split("<!-- /section:frames -->")[0]
    for table in frames.TABLES:
        assert f"### `{table}`:" in section, table
        block = section.split(f"### `{table}`:")[1].split("\n### ")[0]
        rows = [line for line in block.splitlines() if line.startswith("| `")]
        documented = [(r.split("|")[1].strip().strip("`"), r.split("|")[2].strip()) for r in rows]
        assert documented == [(c.name, c.dtype) for c in frames.SCHEMAS[table]], table
